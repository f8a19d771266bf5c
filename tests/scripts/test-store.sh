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
[ "$(q 'PRAGMA user_version')" = 6 ] && ok || bad "schema version"
[ "$(q 'SELECT count(*) FROM addresses WHERE via & 2')" -gt 0 ] && ok || bad "addresses learnt from ARP"
[ "$(q 'SELECT count(*) FROM addresses WHERE via & 4')" -gt 0 ] && ok || bad "addresses leased by DHCP"
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

# A database of schema 1 (as the first release wrote it) is migrated in place, its rows kept.
mkdir -p "$work/old"
"${PYTHON:-python3}" - "$work/old/iotsec.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("""
CREATE TABLE devices(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, mac TEXT, mac_kind TEXT,
 oui_vendor TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, kind TEXT, kind_conf REAL,
 vendor TEXT, vendor_conf REAL, model TEXT, model_conf REAL, os TEXT, os_conf REAL,
 pkts_sent INTEGER NOT NULL DEFAULT 0, bytes_sent INTEGER NOT NULL DEFAULT 0,
 pkts_recv INTEGER NOT NULL DEFAULT 0, bytes_recv INTEGER NOT NULL DEFAULT 0);
CREATE TABLE addresses(device_id INTEGER NOT NULL REFERENCES devices(id), ip TEXT NOT NULL,
 first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY(device_id, ip));
CREATE INDEX addresses_ip ON addresses(ip);
CREATE TABLE observations(device_id INTEGER NOT NULL REFERENCES devices(id), field TEXT NOT NULL,
 value TEXT NOT NULL, first_seen TEXT NOT NULL, pcap_cnt INTEGER, count INTEGER NOT NULL,
 PRIMARY KEY(device_id, field, value));
CREATE TABLE evidence(device_id INTEGER NOT NULL REFERENCES devices(id), attribute TEXT NOT NULL,
 rule TEXT NOT NULL, weight REAL NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, pcap_cnt INTEGER);
INSERT INTO devices(key, mac, first_seen, last_seen) VALUES('mac:02:00:00:00:00:01',
 '02:00:00:00:00:01', '2020-01-01T00:00:00.000000+0000', '2020-01-01T00:00:00.000000+0000');
INSERT INTO addresses VALUES(1, '192.168.9.9', '2020-01-01T00:00:00.000000+0000',
 '2020-01-01T00:00:00.000000+0000');
PRAGMA user_version = 1;
""")
c.commit()
PY
# The query verbs read a database an older iotsec wrote (read-only: not migrated).
"$IOTSEC" inventory --db "$work/old/iotsec.db" --format json | "${PYTHON:-python3}" -c "import json,sys; d=json.load(sys.stdin); assert d[0]['firmware'] == '' and d[0]['findings'] == []" && ok || bad "inventory of a schema-1 database"
"$IOTSEC" analyze -q -r "$work/a.pcap" -o "$work/old" --stats.interval=0 || bad "analyze into a schema-1 database"
oq() { "${PYTHON:-python3}" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])" "$work/old/iotsec.db" "$1"; }
[ "$(oq 'PRAGMA user_version')" = 6 ] && ok || bad "schema 1 migrated to 6"
[ "$(oq "SELECT count(*) FROM findings")" = 0 ] && ok || bad "findings table after migration"
[ "$(oq "SELECT count(*) FROM devices WHERE firmware = '1.48.0' AND model LIKE 'Hue Bridge%'")" = 1 ] && ok || bad "firmware column after migration"
[ "$(oq "SELECT via FROM addresses WHERE ip = '192.168.9.9'")" = 0 ] && ok || bad "old rows kept, via defaults to 0"
[ "$(oq 'SELECT count(*) FROM devices')" = $((n1 + 1)) ] && ok || bad "new devices added beside the old one"

# Outdated firmware: the finding is stored with its evidence and shown by the query verbs; a
# second analysis of the same capture keeps one; the up-to-date bridge of the simulation has none.
fw_pcap="$IOTSEC_SOURCE_DIR/tests/golden/inventory-firmware/input.pcap"
"$IOTSEC" analyze -q -r "$fw_pcap" -o "$work/fw" --stats.interval=0 || bad "analyze firmware capture"
fq() { "${PYTHON:-python3}" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])" "$work/fw/iotsec.db" "$1"; }
[ "$(fq "SELECT count(*) FROM findings")" = 1 ] && ok || bad "one stored finding"
[ "$(fq "SELECT d.mac || ' ' || f.firmware || ' ' || f.minimum || ' ' || f.source || ' ' || f.field || ' ' || f.pcap_cnt FROM findings f JOIN devices d ON d.id = f.device_id")" = "00:17:88:00:00:0a 1.20.0 1.36.0 firmware-minimum.txt:33 ssdp.server 9" ] && ok || bad "stored finding: $(fq "SELECT firmware || ' ' || source FROM findings")"
[ "$(fq "SELECT firmware FROM devices WHERE mac = '00:17:88:00:00:0e'")" = 1.48.0 ] && ok || bad "firmware of the updated bridge"
"$IOTSEC" analyze -q -r "$fw_pcap" -o "$work/fw" --stats.interval=0 || bad "analyze firmware capture again"
[ "$(fq "SELECT count(*) FROM findings")" = 1 ] && ok || bad "a second analysis keeps one finding"
"$IOTSEC" inventory --db "$work/fw/iotsec.db" >"$work/fw.txt" && grep -q "! outdated-firmware: Philips 1.20.0 is older than 1.36.0 (CVE-2020-6007" "$work/fw.txt" && [ "$(grep -c '!' "$work/fw.txt")" = 1 ] && ok || bad "inventory table shows the finding"
"$IOTSEC" inventory --db "$work/fw/iotsec.db" --format json | "${PYTHON:-python3}" -c "
import json,sys
d={x['mac']: x for x in json.load(sys.stdin)}
f=d['00:17:88:00:00:0a']['findings']
assert len(f) == 1 and f[0]['type'] == 'outdated-firmware' and f[0]['minimum'] == '1.36.0' and f[0]['pcap_cnt'] == 9, f
assert d['00:17:88:00:00:0b']['findings'] == [] and d['00:17:88:00:00:0b']['firmware'] == '1.48.0'" && ok || bad "inventory json shows the finding"
"$IOTSEC" inventory --db "$work/fw/iotsec.db" --format csv | grep -q '"00:17:88:00:00:0a",.*"1.20.0","outdated-firmware"$' && ok || bad "inventory csv: firmware and findings columns"
"$IOTSEC" device 00:17:88:00:00:0a --db "$work/fw/iotsec.db" | grep -A1 '^findings:' | grep -q "outdated-firmware  1.20.0  1.36.0" && ok || bad "device shows its finding"
[ "$(q "SELECT count(*) FROM findings")" = 0 ] && [ "$(q "SELECT firmware FROM devices WHERE model LIKE 'Hue Bridge%'")" = 1.48.0 ] && ok || bad "the simulated bridge: firmware, no finding"

# Alerts: stored with their device, listed by `iotsec alerts`, not doubled by a second analysis
# of the same capture; no password of the simulated logins is written anywhere.
"$IOTSEC_SIM" --scenario all --seed 7 --duration 300 --out "$work/m.pcap" >/dev/null
"$IOTSEC" analyze -q -r "$work/m.pcap" -o "$work/m" --stats.interval=0 || bad "analyze mirai"
mq() { "${PYTHON:-python3}" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])" "$work/m/iotsec.db" "$1"; }
na=$(mq "SELECT count(*) FROM alerts")
[ "$na" -ge 5 ] && ok || bad "alerts stored: $na"
[ "$(mq "SELECT count(*) FROM alerts a JOIN devices d ON d.key = a.device_key WHERE a.sid = 1000001 AND d.kind = 'camera'")" -ge 1 ] && ok || bad "the Mirai scan alert names the camera"
"$IOTSEC" analyze -q -r "$work/m.pcap" -o "$work/m" --stats.interval=0 || bad "analyze mirai again"
[ "$(mq "SELECT count(*) FROM alerts")" = "$na" ] && ok || bad "a second analysis doubles alerts"
"$IOTSEC" alerts --db "$work/m/iotsec.db" >"$work/a.txt" && grep -q "1000001" "$work/a.txt" && grep -q "Mirai" "$work/a.txt" && ok || bad "alerts table"
"$IOTSEC" alerts --db "$work/m/iotsec.db" --format json | "${PYTHON:-python3}" -c "import json,sys; a=json.load(sys.stdin); assert len(a) == $na and all(x['explanation'] for x in a)" && ok || bad "alerts json"
"$IOTSEC" alerts --db "$work/m/iotsec.db" --format csv 2>/dev/null; [ $? = 2 ] && ok || bad "alerts: csv is not a format"
leaks=$("${PYTHON:-python3}" - "$work/m.truth.json" "$work/m" <<'PY'
import json, os, sys
t = json.load(open(sys.argv[1]))
secrets = set()
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("password", "pass") and isinstance(v, str) and len(v) >= 6 and any(c.isalpha() for c in v):
                secrets.add(v)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(t)
hits = 0
for root, _, files in os.walk(sys.argv[2]):
    for f in files:
        data = open(os.path.join(root, f), "rb").read()
        hits += sum(data.count(s.encode()) for s in secrets)
print("%d %d" % (len(secrets), hits))
PY
)
set -- $leaks
[ "${1:-0}" -ge 1 ] && [ "${2:-1}" = 0 ] && ok || bad "passwords in the output ($leaks: secrets, occurrences)"

# Passwords are in the store only as keyed BLAKE2b-128 hashes of "user\0password", with the key
# in iotsec.db.key (mode 0600) beside the database; EVE has no hash.
[ "$(stat -c %a "$work/m/iotsec.db.key")" = 600 ] && [ "$(stat -c %s "$work/m/iotsec.db.key")" = 32 ] && ok || bad "key file 0600, 32 bytes"
"${PYTHON:-python3}" - "$work/m.truth.json" "$work/m" <<'PY' && ok || bad "credential hashes"
import hashlib, json, sqlite3, sys
t = json.load(open(sys.argv[1]))
key = open(sys.argv[2] + "/iotsec.db.key", "rb").read()
db = sqlite3.connect(sys.argv[2] + "/iotsec.db")
ph = [p for p in t["attacks"] if p["kind"] == "cleartext_telnet"][0]
user, pw = ph["details"]["username"], ph["details"]["password"]
want = hashlib.blake2b(user.encode() + b"\0" + pw.encode(), digest_size=16, key=key).hexdigest()
got = [r[0] for r in db.execute("SELECT credential_hash FROM alerts WHERE sid = 1000061")]
assert want in got, (want, got)
assert db.execute("SELECT count(*) FROM alerts WHERE sid = 1000001 AND credential_hash IS NOT NULL").fetchone()[0] == 0
assert "credential_hash" not in open(sys.argv[2] + "/eve.json").read()
PY
cp -p "$work/m/iotsec.db.key" "$work/key.bak"; chmod 644 "$work/m/iotsec.db.key"
"$IOTSEC" analyze -q -r "$work/m.pcap" -o "$work/m" --stats.interval=0 2>"$work/key.err"; [ $? != 0 ] && grep -q "readable by others" "$work/key.err" && ok || bad "a key file others may read is refused"
cp -p "$work/key.bak" "$work/m/iotsec.db.key"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
