#!/usr/bin/env bash
# Runs every libFuzzer harness built in BUILD_DIR for FUZZ_SECONDS each, seeded from
# fuzz/corpus/<harness>/ (checked in) and, for the capture harness, simulator captures.
# Usage: fuzz/run-fuzzers.sh BUILD_DIR     (env: FUZZ_SECONDS, default 15)
set -euo pipefail
build=${1:?usage: run-fuzzers.sh BUILD_DIR}
secs=${FUZZ_SECONDS:-15}
src=$(cd "$(dirname "$0")" && pwd)
# The capture harness runs the whole pipeline, which loads data/devices.rules.
export IOTSEC_DATA_DIR=${IOTSEC_DATA_DIR:-$src/../data}
work=$build/fuzz-work
mkdir -p "$work"
sim=$build/iotsec-sim
[ -n "${ONLY:-}" ] && echo "only: $ONLY"
if [ -x "$sim" ] && [ ! -f "$work/seed-sim.pcap" ]; then
  "$sim" --scenario all --seed 3 --packets 2000 --out "$work/seed-sim.pcap" >/dev/null
fi
# Decoder harnesses start from real frames of the simulated network.
if [ -f "$work/seed-sim.pcap" ] && [ ! -d "$work/corpus/fuzz_decode_ethernet" ]; then
  python3 "$src/make-seeds.py" "$work/seed-sim.pcap" "$work/corpus"
fi
status=0
for bin in "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then continue; fi
  corpus=$work/corpus/$name
  mkdir -p "$corpus"
  [ -d "$src/corpus/$name" ] && cp -n "$src/corpus/$name"/* "$corpus"/ 2>/dev/null || true
  if [ "$name" = fuzz_capture_file ] && [ -f "$work/seed-sim.pcap" ]; then
    python3 "$src/../bench/pcap-head.py" "$work/seed-sim.pcap" "$corpus/sim-300.pcap" 300
  fi
  if [ "$name" = fuzz_inventory_rules ]; then
    # The shipped rules, then a value to match them against (the harness splits at the NUL).
    { cat "$src/../data/devices.rules"; printf '\0Dalvik/2.1.0 (Linux; U; Android 7.1.2; AEOCH Build/NHG47L)'; } \
      >"$corpus/shipped-rules"
  fi
  if [ "$name" = fuzz_inventory_firmware ]; then
    # The shipped minimums, then a vendor, model and two versions (the harness splits at the NUL).
    { cat "$src/../data/firmware-minimum.txt"; printf '\0Philips\nHue Bridge v2 (BSB002)\n1.9.0\n1.48.0'; } \
      >"$corpus/shipped-minimums"
  fi
  opts=()
  [ -f "$src/$name.dict" ] && opts+=("-dict=$src/$name.dict")
  echo "== $name (${secs}s)"
  if ! "$bin" "${opts[@]}" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$work/$name-" "$corpus" >"$work/$name.log" 2>&1; then
    echo "FAILED: $name (log: $work/$name.log)"; tail -40 "$work/$name.log"; status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "$work/$name.log" | tr '\n' ' '; echo
  fi
done
exit $status
