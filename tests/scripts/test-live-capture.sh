#!/usr/bin/env bash
# Live capture with a BPF filter on a veth pair between two network namespaces this test
# creates (and removes). Traffic never leaves the pair. Skips (77) when not root or when
# network namespaces are not available.
set -u
if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
  echo "SKIP: live capture needs root and iproute2"; exit 77
fi
ns_a=iotsec-live-a-$$; ns_b=iotsec-live-b-$$
work=${WORK:-/tmp}/live-$$
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  ip netns del "$ns_a" 2>/dev/null; ip netns del "$ns_b" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
if ! ip netns add "$ns_a" 2>/dev/null || ! ip netns add "$ns_b" 2>/dev/null; then
  echo "SKIP: cannot create network namespaces here"; exit 77
fi
ip link add vth-a-$$ netns "$ns_a" type veth peer name vth-b-$$ netns "$ns_b" || exit 1
ip -n "$ns_a" addr add 10.254.77.1/30 dev vth-a-$$
ip -n "$ns_b" addr add 10.254.77.2/30 dev vth-b-$$
ip -n "$ns_a" link set vth-a-$$ up
ip -n "$ns_b" link set vth-b-$$ up
mkdir -p "$work"
ip netns exec "$ns_a" "$IOTSEC" analyze -i vth-a-$$ --bpf 'udp port 9999' -o "$work/out" \
    --stats.interval=0 >"$work/summary.txt" 2>"$work/stderr.txt" &
pid=$!
# Wait until the capture is open (the summary is only written at the end, so poll the socket).
for _ in $(seq 1 50); do
  ip netns exec "$ns_a" grep -q vth-a /proc/net/packet 2>/dev/null && break
  [ -d "$work/out" ] && break
  sleep 0.1
done
sleep 0.5
# One socket, so the three packets to 9999 are one flow; the two to 9998 must be filtered out.
ip netns exec "$ns_b" "${PYTHON:-python3}" -c "
import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port in (9999, 9998, 9999, 9998, 9999):
    s.sendto(b'iotsec live test', ('10.254.77.1', port))"
sleep 0.5
kill -INT "$pid"
wait "$pid"; rc=$?
pid=
fail=0
[ $rc -eq 0 ] || { echo "FAIL: iotsec exited $rc: $(cat "$work/stderr.txt")"; fail=1; }
"${PYTHON:-python3}" - "$work/out/eve.json" <<'PY' || fail=1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
flows = [e for e in ev if e['event_type'] == 'flow']
ports = sorted(e['dest_port'] for e in flows if e.get('proto') == 'UDP')
stats = [e for e in ev if e['event_type'] == 'stats']
ok = ports == [9999] and flows[0]['flow']['pkts_toserver'] == 3 and stats and \
     stats[-1]['stats']['capture']['packets'] == 3
print(('PASS' if ok else 'FAIL') + f': UDP flows to {ports}, '
      f'{flows[0]["flow"]["pkts_toserver"] if flows else 0} packets; BPF kept port 9999 only')
sys.exit(0 if ok else 1)
PY
exit $fail
