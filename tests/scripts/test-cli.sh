#!/usr/bin/env bash
# The command line's contract: exit codes (0 done, 1 bad input, 2 usage), standard input as a
# capture, config files and overrides, and config --dump as a loadable file.
set -u
work=${WORK:-/tmp}/cli-$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
check() { # description, expected exit code, command...
  local what=$1 want=$2; shift 2
  "$@" >"$work/out" 2>"$work/err"; local rc=$?
  if [ "$rc" -eq "$want" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $what: exit $rc, expected $want"; cat "$work/err"; fi
}
expect_in() { # description, file, text
  if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $1: '$3' not in $2:"; head -5 "$2"; fi
}

"$IOTSEC_SIM" --scenario benign --seed 3 --packets 2000 --out "$work/net.pcap" >/dev/null

check "version" 0 "$IOTSEC" version
expect_in "version text" "$work/out" "iotsec "
check "no verb" 2 "$IOTSEC"
check "unknown verb" 2 "$IOTSEC" frobnicate
check "analyze without input" 2 "$IOTSEC" analyze
check "analyze -r and -i together" 2 "$IOTSEC" analyze -r "$work/net.pcap" -i lo
check "unknown option" 2 "$IOTSEC" analyze -r "$work/net.pcap" --no-such-option
check "bad config value" 2 "$IOTSEC" analyze -r "$work/net.pcap" --flow.memcap=lots
expect_in "bad value named" "$work/err" "flow.memcap: bad value 'lots'"
check "missing file" 1 "$IOTSEC" analyze -r "$work/absent.pcap" -o "$work/o0"
expect_in "missing file named" "$work/err" "absent.pcap"

check "analyze a file" 0 "$IOTSEC" analyze -r "$work/net.pcap" -o "$work/o1"
expect_in "summary packets" "$work/out" "packets    2000"
check "analyze standard input" 0 sh -c "\"$IOTSEC\" analyze -q -r - -o \"$work/o2\" < \"$work/net.pcap\""
if cmp -s "$work/o1/eve.json" "$work/o2/eve.json"; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL: stdin and file give different EVE output"; fi
check "second run" 0 "$IOTSEC" analyze -q -r "$work/net.pcap" -o "$work/o3"
if cmp -s "$work/o1/eve.json" "$work/o3/eve.json"; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL: two runs differ (output must be deterministic)"; fi

# Config: file values apply, the command line wins over the file, dump is a loadable file.
printf '# test\nstats.interval = 7\nflow.memcap = 8m\n' >"$work/c.conf"
check "config dump with file" 0 "$IOTSEC" config --dump --config "$work/c.conf" --flow.memcap=16m
expect_in "file value" "$work/out" "stats.interval = 7"
expect_in "flag beats file" "$work/out" "flow.memcap = 16m"
cp "$work/out" "$work/dump.conf"
check "dump reloads" 0 "$IOTSEC" config --dump --config "$work/dump.conf"
if cmp -s "$work/out" "$work/dump.conf"; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL: config --dump of a dumped config changed it"; fi
printf 'stats.interval = 7\nno.such.key = 1\n' >"$work/bad.conf"
check "bad config file" 1 "$IOTSEC" analyze -r "$work/net.pcap" --config "$work/bad.conf"
expect_in "bad key names file and line" "$work/err" "bad.conf:2: unknown option 'no.such.key'"
check "config without --dump" 2 "$IOTSEC" config

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
