#!/usr/bin/env bash
# Rejects the libc calls our style bans (docs: style guide R21) in C sources: unbounded copies,
# unchecked conversions and the non-reproducible rand().
set -u
cd "${IOTSEC_SOURCE_DIR:?}"
pattern='\b(strcpy|strcat|sprintf|vsprintf|strncpy|strtok|atoi|atol|atoll|gets|rand|srand|alloca)[[:space:]]*\('
hits=$(grep -nE "$pattern" $(git ls-files '*.c' '*.h' 2>/dev/null || find src tools fuzz tests bench -name '*.[ch]') \
       | grep -vE '^\S+:[0-9]+:\s*(/\*|\*|//)' || true)
if [ -n "$hits" ]; then
  echo "FAIL: banned functions (use iot_strlcpy, snprintf with a checked result, iot_parse_u64):"
  echo "$hits"
  exit 1
fi
echo "PASS: no banned functions in $(git ls-files '*.c' '*.h' 2>/dev/null | wc -l) C files"
