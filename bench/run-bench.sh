#!/usr/bin/env bash
# The peer benchmark: one simulated IoT capture (>= 1M packets) timed in one run through
# (a) a bare libpcap loop, (b) iotsec analyze, (c) Debian's ndpiReader; then instructions per
# packet under callgrind on a 200,000-packet prefix (the figure that does not move with machine
# noise) with everything, without detection, and without inventory and detection, and peak
# memory on a 1M-distinct-flow SYN scan
# against flow.memcap.
# Usage: bench/run-bench.sh BUILD_DIR   (env: BENCH_PACKETS, default 1000000; BENCH_NO_CALLGRIND=1)
set -euo pipefail
build=${1:?usage: run-bench.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
pkts=${BENCH_PACKETS:-1000000}
work=$build/bench-work
mkdir -p "$work"
cap=$work/iot-$pkts.pcap
[ -f "$cap" ] || "$build/iotsec-sim" --scenario all --seed 42 --packets "$pkts" --out "$cap" >/dev/null
npk=$(python3 -c "
import struct,sys
f=open(sys.argv[1],'rb'); f.read(24); n=0
while True:
    h=f.read(16)
    if len(h)<16: break
    f.seek(struct.unpack('<IIII',h)[2],1); n+=1
print(n)" "$cap")

# measure NAME CMD...: wall seconds and peak RSS (KiB) from GNU time.
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || {
    echo "$name failed:"; tail -5 "$work/$name.err"; exit 1; }
  read -r secs rss <"$work/$name.time"
  eval "${name}_secs=$secs ${name}_rss=$rss"
}
measure loop "$build/bench-pcap-loop" "$cap"
measure iotsec "$build/iotsec" analyze -q -r "$cap" -o "$work/out" --stats.interval=0
measure beh "$build/iotsec" analyze -q -r "$cap" -o "$work/out-beh" --stats.interval=0 \
    --anomaly.behaviour.enabled=1
have_ndpi=0
if command -v ndpiReader >/dev/null; then
  measure ndpi ndpiReader -i "$cap" -q -v 0
  have_ndpi=1
fi

row() { # name secs rss
  awk -v n="$1" -v s="$2" -v r="$3" -v p="$npk" 'BEGIN {
    if (s <= 0) s = 0.001
    printf "%-12s %12.0f pkt/s %10.1f ns/pkt %9.1f MiB peak RSS\n", n, p / s, s * 1e9 / p, r / 1024 }'
}
echo "capture: $cap ($npk packets)"
row "libpcap" "$loop_secs" "$loop_rss"
row "iotsec" "$iotsec_secs" "$iotsec_rss"
row "+behaviour" "$beh_secs" "$beh_rss"
awk -v a="$iotsec_secs" -v b="$beh_secs" -v p="$npk" 'BEGIN {
  printf "behaviour stage: %+.0f ns/packet (features, KitNET, thresholds; Kitsune-py: 190 pkt/s end to end)\n", (b - a) * 1e9 / p }'
[ $have_ndpi = 1 ] && row "ndpiReader" "$ndpi_secs" "$ndpi_rss"
awk -v a="$loop_secs" -v b="$iotsec_secs" 'BEGIN { if (a <= 0) a = 0.001; printf "time ratio iotsec/libpcap     %.2f\n", b / a }'
if [ $have_ndpi = 1 ]; then
  awk -v c="$ndpi_secs" -v b="$iotsec_secs" -v rc="$ndpi_rss" -v rb="$iotsec_rss" 'BEGIN {
    if (c <= 0) c = 0.001
    printf "time ratio iotsec/ndpiReader  %.2f\n", b / c
    printf "memory ratio iotsec/ndpiReader %.2f\n", rb / rc }'
fi

if [ "${BENCH_NO_CALLGRIND:-0}" != 1 ] && command -v valgrind >/dev/null; then
  head=$work/head-200k.pcap
  python3 "$here/pcap-head.py" "$cap" "$head" 200000
  ir() { # name cmd...: instructions per packet under callgrind
    local name=$1; shift
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$work/$name.cg"
    awk -v n="$name" '/Collected :/ { printf "%-12s %8.0f instructions/packet (callgrind, 200000 packets)\n", n, $NF / 200000 }' "$work/$name.cg"
  }
  ir libpcap "$build/bench-pcap-loop" "$head"
  ir iotsec "$build/iotsec" analyze -q -r "$head" -o "$work/out-cg" --stats.interval=0
  ir iotsec-nodet "$build/iotsec" analyze -q -r "$head" -o "$work/out-cg3" --stats.interval=0 \
      --detect.enabled=0
  ir iotsec-noinv "$build/iotsec" analyze -q -r "$head" -o "$work/out-cg2" --stats.interval=0 \
      --inventory.enabled=0 --detect.enabled=0
  # cost NAME WITH WITHOUT TARGET: the extra instructions one stage adds.
  cost() {
    awk -v n="$1" -v t="$4" '/Collected :/ { v[FILENAME] = $NF } END {
      a = v[ARGV[1]]; b = v[ARGV[2]]
      if (a > 0 && b > 0) printf "%s cost: %+.1f%% instructions (target <= %s%%)\n", n, (a / b - 1) * 100, t
    }' "$work/$2.cg" "$work/$3.cg"
  }
  cost inventory iotsec-nodet iotsec-noinv 25
  cost detection iotsec iotsec-nodet 30
  [ $have_ndpi = 1 ] && ir ndpiReader ndpiReader -i "$head" -q -v 0
fi

scan=$work/synscan-1m.pcap
[ -f "$scan" ] || python3 "$here/make-synscan.py" "$scan" 1000000
measure scan "$build/iotsec" analyze -q -r "$scan" -o "$work/out-scan" --stats.interval=0
row "iotsec-scan" "$scan_secs" "$scan_rss"
[ $have_ndpi = 1 ] && { measure scanndpi ndpiReader -i "$scan" -q -v 0; row "ndpiReader-scan" "$scanndpi_secs" "$scanndpi_rss"; }
measure scanbeh "$build/iotsec" analyze -q -r "$scan" -o "$work/out-scanbeh" --stats.interval=0 \
    --anomaly.behaviour.enabled=1
row "scan+behav" "$scanbeh_secs" "$scanbeh_rss"
echo "1M-destination SYN scan with behaviour: peak RSS $((scanbeh_rss / 1024)) MiB (anomaly.behaviour.memcap 16 MiB on top)"
limit=$(( (64 + 16 + 32) * 1024 ))
echo "1M-flow SYN scan: iotsec peak RSS $((scan_rss / 1024)) MiB (limit flow.memcap 64 MiB + detect.memcap 16 MiB + 32 MiB = 112 MiB)"
[ "$scan_rss" -le "$limit" ] || { echo "FAIL: peak RSS over flow.memcap + detect.memcap + 32 MiB"; exit 1; }

# Firmware verification beside sha256sum and b2sum on the same 64 MiB image.
python3 "$here/bench-fw-verify.py" "$build"
