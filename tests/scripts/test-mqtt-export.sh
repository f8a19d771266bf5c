#!/usr/bin/env bash
# The MQTT exporter and collector against a real mosquitto broker with TLS on loopback, with
# certificates made here: a gateway publishes while the collector and then the broker are
# stopped in the middle of its capture, and every event still reaches the central store, once;
# an analysis that ends while the broker is down leaves its events in the spool, and
# `export flush` delivers them later; a full spool drops and counts; an event the broker's ACL
# refuses stays in the spool (MQTT 5 PUBACK reason); a broker certificate from another CA,
# plain mqtt:// and a password in the config are refused.
set -u
command -v mosquitto > /dev/null && command -v openssl > /dev/null ||
  { echo "SKIP: needs mosquitto and openssl (scripts/deps.sh test installs them)"; exit 77; }
work=${WORK:-/tmp}/mqtt-export-$$
mkdir -p "$work"
cd "$work" || exit 1
. "$IOTSEC_SOURCE_DIR/tests/scripts/lib-checks.sh"
. "$IOTSEC_SOURCE_DIR/tests/scripts/lib-mqtt.sh"
collector_pid= analyze_pid=
cleanup() {
  [ -n "$collector_pid" ] && kill "$collector_pid" 2>/dev/null
  [ -n "$analyze_pid" ] && kill "$analyze_pid" 2>/dev/null
  pkill -f "pcap-pace.py $work" 2>/dev/null
  touch "$work/flag.0" "$work/flag.1" "$work/flag.2" 2>/dev/null
  mqtt_broker_stop "$work/broker"
  rm -rf "$work"
}
trap cleanup EXIT

mqtt_certs "$work/broker" gw1 gw2 central || { echo "FAIL: certificates"; exit 1; }
port=$(mqtt_free_port)
mqtt_broker_conf "$work/broker" "$port"
mqtt_broker_start "$work/broker" "$port" || exit 1
b=$work/broker
url=mqtts://127.0.0.1:$port

# The gateway's client key lives in the vault only.
head -c 32 /dev/urandom > vault.key && chmod 600 vault.key
check "vault init" 0 "$IOTSEC" vault init --key-file vault.key
check "client key into the vault" 0 sh -c "\"$IOTSEC\" vault put mqtt/gw1-key --binary --key-file vault.key < '$b/gw1.key'"
gw() { # gateway NAME, then analyze options
  local name=$1; shift
  "$IOTSEC" analyze --export.mqtt.url="$url" --export.mqtt.ca-file="$b/ca.pem" \
    --export.mqtt.cert-file="$b/gw1.pem" --export.mqtt.key=vault:mqtt/gw1-key \
    --vault iotsec.vault --vault-key-file vault.key --export.mqtt.gateway="$name" \
    --export.mqtt.reconnect-max=1 "$@"
}
start_collector() {
  "$IOTSEC" collect --broker "$url" --ca-file "$b/ca.pem" --cert-file "$b/central.pem" \
    --key "$b/central.key" --db central.db --client-id central-test >> collect.log 2>&1 &
  collector_pid=$!
}
stop_collector() {
  kill "$collector_pid"; wait "$collector_pid" 2>/dev/null; collector_pid=
}
stored() { # events in the central store for gateway $1
  "$PYTHON" -c "import sqlite3,sys; print(sqlite3.connect('central.db').execute('select count(*) from events where gateway=?',(sys.argv[1],)).fetchone()[0])" "$1" 2>/dev/null || echo 0
}
wait_stored() { # gateway, count: polls up to 60 s
  for _ in $(seq 1 300); do [ "$(stored "$1")" -ge "$2" ] && return 0; sleep 0.2; done
  return 1
}

"$IOTSEC_SIM" --out net.pcap --scenario mirai --duration 60 --seed 3 > /dev/null || exit 1
"$IOTSEC_SIM" --out small.pcap --scenario benign --duration 60 --seed 4 > /dev/null || exit 1

# The collector's persistent session exists before any gateway publishes (what is published
# before it exists reaches nobody: docs/export.md).
check "collector session made" 0 "$IOTSEC" collect --broker "$url" --ca-file "$b/ca.pem" \
  --cert-file "$b/central.pem" --key "$b/central.key" --db central.db --client-id central-test --idle-exit 1
expect_in "it subscribed" "$b/broker.log" "central-test 1 iotsec/+/+"

# 1. Mid-stream: the collector, then the broker, go away while the gateway reads its capture.
start_collector
"$PYTHON" "$IOTSEC_SOURCE_DIR/tests/scripts/pcap-pace.py" "$work/net.pcap" 3 flag |
  gw gw1 -r - -o out1 -q --export.mqtt.drain-timeout=60 2> analyze1.err &
analyze_pid=$!
ok "events arrive while the capture is read" wait_stored gw1 1
stop_collector
before_stop=$(stored gw1)
touch flag.0                               # second third: the collector is away
sleep 2
mqtt_broker_stop "$b"                      # the broker goes down mid-stream
touch flag.1                               # last third: the broker is away too
sleep 3
mqtt_broker_start "$b" "$port" || exit 1
start_collector                            # same client id: its session was kept
touch flag.2
wait "$analyze_pid"; rc=$?
analyze_pid=
ok "analyze exits 0 ($rc)" [ "$rc" -eq 0 ]
lines=$(wc -l < out1/eve.json)
ok "the capture gave events ($lines)" [ "$lines" -gt 1000 ]
ok "all $lines events in the central store" wait_stored gw1 "$lines"
ok "the collector missed events while away (had $before_stop of $lines)" [ "$before_stop" -lt "$lines" ]
cat > same.py <<'PY'
import json, sqlite3, sys
eve = sorted(json.dumps(json.loads(l), sort_keys=True) for l in open(sys.argv[1]))
rows = sqlite3.connect("central.db").execute(
    "select event, spool, seq from events where gateway = ?", (sys.argv[2],)).fetchall()
got = []
for ev, spool, seq in rows:
    o = json.loads(ev)
    assert o.pop("host") == sys.argv[2] and o.pop("export_spool") == spool and o.pop("export_seq") == seq
    got.append(json.dumps(o, sort_keys=True))
got.sort()
print(f"eve {len(eve)} stored {len(got)} same {eve == got}")
sys.exit(0 if eve == got else 1)
PY
check "the store holds exactly the gateway's EVE lines" 0 "$PYTHON" same.py out1/eve.json gw1
cat out
ok "the gateway connected again after the broker came back" \
  [ "$(grep -c "as iotsec-gw1-" "$b/broker.log")" -ge 2 ]

# 2. A run that ends while the broker is down leaves its events in the spool.
mqtt_broker_stop "$b"
check "analyze with the broker down" 0 gw gw2 -r small.pcap -o out2 -q --export.mqtt.drain-timeout=1
expect_in "says what waits" err "events wait in the spool"
small=$(wc -l < out2/eve.json)
check "export status" 0 "$IOTSEC" export status -o out2
expect_in "status counts them" out "pending    $small events"
check "status while another process holds the spool" 0 sh -c "\"$IOTSEC\" export status -o out2"
mqtt_broker_start "$b" "$port" || exit 1
flush() { # gw2's key from a private file this time
  "$IOTSEC" export flush -o out2 --export.mqtt.url="$url" --export.mqtt.ca-file="$b/ca.pem" \
    --export.mqtt.cert-file="$b/gw2.pem" --export.mqtt.key="$b/gw2.key" \
    --export.mqtt.gateway=gw2 "$@"
}
check "gw1's certificate may not publish as gw2 (ACL)" 1 flush --export.mqtt.cert-file="$b/gw1.pem" \
  --export.mqtt.key=vault:mqtt/gw1-key --vault iotsec.vault --vault-key-file vault.key --export.mqtt.drain-timeout=3
expect_in "the broker's reason" out "Not authorized"
expect_in "nothing delivered" out "0 events delivered, $small waiting"
check "a broker certificate from another CA is refused" 1 flush --export.mqtt.ca-file="$b/rogue-ca.pem" --export.mqtt.drain-timeout=2
expect_in "the reason" out "certificate verify failed"
check "flush delivers the spool" 0 flush --export.mqtt.drain-timeout=30
expect_in "flush counts" out "$small events delivered, 0 waiting"
ok "the collector has gw2's $small events" wait_stored gw2 "$small"
check "the store holds exactly gw2's lines" 0 "$PYTHON" same.py out2/eve.json gw2
check "status after" 0 "$IOTSEC" export status -o out2
expect_in "nothing pending" out "pending    0 events"

# 3. A full spool drops new events and counts them.
mqtt_broker_stop "$b"
check "tiny spool" 0 gw gw3 -r small.pcap -o out3 --export.mqtt.drain-timeout=0 --export.spool.max-bytes=8k
expect_in "dropped counted" err "dropped"
check "status" 0 "$IOTSEC" export status -o out3 --export.spool.max-bytes=8k
"$PYTHON" - <<'PY' || { fail=$((fail + 1)); echo "FAIL: spool over its cap or nothing dropped"; cat out; }
import re
s = open("out").read()
used, cap = map(int, re.search(r"(\d+) bytes of (\d+)", s).groups())
dropped = int(re.search(r"dropped +(\d+)", s).group(1))
assert used <= cap == 8192 and dropped > 0, s
PY

# 4. What is refused before anything is sent.
check "plain mqtt:// refused" 2 "$IOTSEC" analyze -r small.pcap -o out4 --export.mqtt.url=mqtt://127.0.0.1:1
expect_in "says why" err "in the clear"
check "a password in the config refused" 2 "$IOTSEC" analyze -r small.pcap -o out4 --export.mqtt.url="$url" --export.mqtt.password=hunter2
check "credentials in the URL refused" 2 "$IOTSEC" analyze -r small.pcap -o out4 --export.mqtt.url=mqtts://u:p@127.0.0.1:1
check "vault: without a vault" 2 "$IOTSEC" analyze -r small.pcap -o out4 --export.mqtt.url="$url" --export.mqtt.key=vault:x
ok "the client key is in no file but its own and the vault (sealed)" sh -c "! grep -rqF \"\$(sed -n 2p '$b/gw1.key')\" out1 out2 out3 iotsec.vault central.db"
mqtt_broker_start "$b" "$port" > /dev/null
stop_collector
finish mqtt-export
