#!/usr/bin/env bash
# Checks shared by the script tests that run in their own work directory: each bumps pass or
# fail and says what went wrong. Source it after cd-ing into the work directory; end with
# `finish NAME`.
pass=0 fail=0
check() { # description, expected exit code, command... (its output in ./out and ./err)
  local what=$1 want=$2; shift 2
  "$@" >out 2>err; local rc=$?
  if [ "$rc" -eq "$want" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $what: exit $rc, expected $want"; cat err out | head -5; fi
}
expect_in() { # description, file, text
  if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $1: '$3' not in $2:"; head -5 "$2"; fi
}
ok() { # description, command that must succeed
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
finish() { # name
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
