#!/usr/bin/env bash
# The SQLite store: analyze writes DIR/iotsec.db; a second capture of the same network (later
# in time) merges into it: same devices, first_seen kept, last_seen moved, counters added.
# Then the query verbs: inventory in three formats, device by MAC and by IP, errors.
set -u
work=${WORK:-/tmp}/store-$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
q() { "${PYTHON:-python3}" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])" "$work/out/iotsec.db" "$1"; }

"$IOTSEC_SIM" --scenario benign --seed 5 --duration 120 --out "$work/a.pcap" >/dev/null
"$IOTSEC_SIM" --scenario benign --seed 5 --duration 120 --start 1700086400 --out "$work/b.pcap" >/dev/null
"$IOTSEC" analyze -q -r "$work/a.pcap" -o "$work/out" --stats.interval=0 || bad "analyze a"
n1=$(q "SELECT count(*) FROM devices")
first1=$(q "SELECT first_seen FROM devices WHERE id = 2")
pk1=$(q "SELECT sum(pkts_sent) FROM devices")
[ "$(q 'PRAGMA user_version')" = 1 ] && ok || bad "schema version"
[ "$(q 'PRAGMA journal_mode')" = wal ] && ok || bad "WAL mode"
[ "$n1" -ge 17 ] && ok || bad "devices after first run: $n1"

"$IOTSEC" analyze -q -r "$work/b.pcap" -o "$work/out" --stats.interval=0 || bad "analyze b"
[ "$(q 'SELECT count(*) FROM devices')" = "$n1" ] && ok || bad "the same devices must merge"
[ "$(q 'SELECT first_seen FROM devices WHERE id = 2')" = "$first1" ] && ok || bad "first_seen kept"
case "$(q 'SELECT last_seen FROM devices WHERE id = 2')" in
  2023-11-15T22:*) ok ;; *) bad "last_seen moved to the second capture's day" ;; esac
pk2=$(q "SELECT sum(pkts_sent) FROM devices")
[ "$pk2" -gt "$pk1" ] && ok || bad "counters add up ($pk1 then $pk2)"
[ "$(q "SELECT count(*) FROM names WHERE value = 'HS110'")" = 1 ] && ok || bad "names view"

"$IOTSEC" inventory --db "$work/out/iotsec.db" >"$work/t.txt" && grep -q "TP-Link" "$work/t.txt" && ok || bad "inventory table"
"$IOTSEC" inventory --db "$work/out/iotsec.db" --format json | "${PYTHON:-python3}" -c "import json,sys; d=json.load(sys.stdin); assert len(d) == $n1" && ok || bad "inventory json"
[ "$("$IOTSEC" inventory --db "$work/out/iotsec.db" --format csv | wc -l)" = $((n1 + 1)) ] && ok || bad "inventory csv"
mac=$(q "SELECT mac FROM devices WHERE kind = 'plug'")
"$IOTSEC" device "$mac" --db "$work/out/iotsec.db" >"$work/d.txt" && grep -q "host-hs1x0" "$work/d.txt" && ok || bad "device by MAC shows evidence"
ip=$(q "SELECT ip FROM addresses a JOIN devices d ON d.id = a.device_id WHERE d.kind = 'plc'")
"$IOTSEC" device "$ip" --db "$work/out/iotsec.db" --format json | "${PYTHON:-python3}" -c "import json,sys; d=json.load(sys.stdin); assert d['kind'] == 'plc' and d['evidence']" && ok || bad "device by IP, json"
"$IOTSEC" device 02:00:00:00:00:99 --db "$work/out/iotsec.db" 2>/dev/null; [ $? = 1 ] && ok || bad "unknown device exits 1"
"$IOTSEC" inventory --db "$work/absent.db" 2>/dev/null; [ $? = 1 ] && ok || bad "missing db exits 1"
"$IOTSEC" inventory --format xml --db "$work/out/iotsec.db" 2>/dev/null; [ $? = 2 ] && ok || bad "bad format exits 2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
