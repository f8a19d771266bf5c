#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end checks of iotsec-sim: determinism, exact packet counts, time order, truth, CLI errors.
set -u

SIM=${IOTSEC_SIM:-}
PY=${PYTHON:-python3}
WORK=${WORK:-$(mktemp -d)}/sim
if [ -z "$SIM" ] || [ ! -x "$SIM" ]; then
    echo "SKIP: IOTSEC_SIM is not set to the iotsec-sim binary"
    exit 77
fi
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK" || exit 1

fails=0
pass() { echo "ok   - $1"; }
fail() { echo "FAIL - $1"; fails=$((fails + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

# pcap_info FILE: prints the record count, and fails unless the header is Ethernet/us/65535
# and timestamps never go backwards.
pcap_info() {
    "$PY" - "$1" <<'EOF'
import struct, sys
with open(sys.argv[1], "rb") as f:
    hdr = f.read(24)
    magic, vmaj, vmin, _, _, snap, link = struct.unpack("<IHHiIII", hdr)
    if magic != 0xA1B2C3D4 or (vmaj, vmin) != (2, 4) or snap != 65535 or link != 1:
        sys.exit("bad pcap header")
    n, last = 0, 0
    while True:
        rec = f.read(16)
        if not rec:
            break
        if len(rec) < 16:
            sys.exit("truncated record header")
        sec, usec, caplen, origlen = struct.unpack("<IIII", rec)
        if usec >= 1000000 or caplen != origlen or caplen > 65535 or caplen < 60:
            sys.exit("bad record %d" % n)
        if len(f.read(caplen)) != caplen:
            sys.exit("truncated record %d" % n)
        ts = sec * 1000000 + usec
        if ts < last:
            sys.exit("timestamp goes backwards at record %d" % n)
        last, n = ts, n + 1
print(n)
EOF
}

# truth_check FILE PCAP_COUNT PHASES...: the truth parses, matches the pcap and lists the phases.
truth_check() {
    "$PY" - "$@" <<'EOF'
import json, sys
path, count, phases = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
t = json.load(open(path))
assert t["generator"] == "iotsec-sim" and t["version"] == 1, "header"
assert t["packets"] == count, "packets %d != pcap %d" % (t["packets"], count)
kinds = {d["kind"] for d in t["devices"]}
assert len(kinds) >= 13, "only %d kinds" % len(kinds)
macs = [d["mac"] for d in t["devices"]]
ips = [d["ip"] for d in t["devices"]]
assert len(set(macs)) == len(macs) and len(set(ips)) == len(ips), "duplicate MAC or IP"
seen = {a["kind"] for a in t["attacks"]}
missing = [p for p in phases if p not in seen]
assert not missing, "missing phases %s" % missing
assert sum(a["packets"] for a in t["attacks"]) <= count, "attack packets exceed total"
for a in t["attacks"]:
    assert a["packets"] > 0 and a["start"] <= a["end"] and a["source"], a["kind"]
EOF
}

run() { "$SIM" "$@" >/dev/null 2>&1; }

# Determinism: same flags, same bytes; a different seed, different bytes.
run --out a.pcap --scenario all --seed 42 --duration 300
rc=$?
run --out b.pcap --scenario all --seed 42 --duration 300
check "exit 0 for a normal run" [ "$rc" -eq 0 ]
check "same seed gives an identical pcap" cmp -s a.pcap b.pcap
check "same seed gives an identical truth" cmp -s a.truth.json b.truth.json
run --out c.pcap --scenario all --seed 43 --duration 300
check "a different seed gives a different pcap" bash -c '! cmp -s a.pcap c.pcap'

# Exact packet budget.
run --out p.pcap --packets 5000 --truth p.json
n=$(pcap_info p.pcap)
check "--packets 5000 writes exactly 5000 packets" [ "${n:-0}" = 5000 ]
check "--truth names the truth file" truth_check p.json 5000

# Every scenario runs, is time-ordered, and its truth matches.
mirai="mirai_scan telnet_bruteforce loader c2 udp_flood syn_flood gre_flood"
clear="cleartext_http_basic cleartext_ftp cleartext_telnet cleartext_mqtt"
for sc in benign mirai cleartext all; do
    case $sc in
    benign) phases="" ;;
    mirai) phases=$mirai ;;
    cleartext) phases=$clear ;;
    all) phases="$mirai $clear" ;;
    esac
    if run --out "$sc.pcap" --scenario "$sc" --duration 300 --seed 3; then
        n=$(pcap_info "$sc.pcap")
        check "$sc: pcap is valid and time-ordered" [ -n "$n" ]
        # shellcheck disable=SC2086
        check "$sc: truth matches the pcap and lists its phases" truth_check "$sc.truth.json" "${n:-0}" $phases
    else
        fail "$sc: simulator failed"
    fi
done

# Repeated kinds get distinct MACs and addresses; a tiny network still works.
run --out many.pcap --devices 60 --duration 120 --scenario all
check "--devices 60 runs" [ $? -eq 0 ]
check "--devices 60 truth is consistent" truth_check many.truth.json "$(pcap_info many.pcap)"
run --out one.pcap --devices 1 --packets 2000 --scenario all
check "--devices 1 runs" [ $? -eq 0 ]

# tcpdump reads every file without complaint.
if command -v tcpdump >/dev/null 2>&1; then
    for f in a.pcap all.pcap many.pcap; do
        out=$(tcpdump -nn -r "$f" 2>&1 >/dev/null | grep -v '^reading from file')
        check "tcpdump reads $f cleanly" [ -z "$out" ]
    done
fi

# Usage errors exit 2; runtime errors exit 1 and name the file.
for args in "" "--out" "--out x.pcap --seed abc" "--out x.pcap --seed -1" \
    "--out x.pcap --seed 12x" "--out x.pcap --devices 0" "--out x.pcap --devices 241" \
    "--out x.pcap --scenario nope" "--out x.pcap --bogus" "--out x.pcap extra" \
    "--out x.pcap --packets 0" "--out x.pcap --duration ''" "--scenario all"; do
    eval "\"$SIM\" $args" >/dev/null 2>&1
    rc=$?
    check "exit 2 for: $args" [ "$rc" -eq 2 ]
done
err=$("$SIM" --out /nonexistent-dir/x.pcap 2>&1 >/dev/null)
rc=$?
check "exit 1 for an unwritable output" [ "$rc" -eq 1 ]
check "the error names the file" grep -q "/nonexistent-dir/x.pcap" <<<"$err"
check "--help exits 0" bash -c "\"\$0\" --help >/dev/null" "$SIM"

if [ "$fails" -ne 0 ]; then
    echo "$fails check(s) failed"
    exit 1
fi
exit 0
