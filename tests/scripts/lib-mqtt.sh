# Shared by the MQTT tests: certificates made here (a CA, the broker, clients; a second CA
# nobody trusts), a free loopback port, and a real mosquitto broker with TLS that can be
# stopped and started again with its persistence kept.

# mqtt_certs DIR: DIR/ca.pem, DIR/rogue-ca.pem, DIR/server.{pem,key}, DIR/NAME.{pem,key}
# for the client names given after DIR (the certificate's CN is the name).
mqtt_certs() {
  local d=$1; shift
  mkdir -p "$d"
  (
    cd "$d" || exit 1
    for ca in ca rogue-ca; do
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj "/CN=iotsec test $ca" -keyout "$ca.key" -out "$ca.pem" 2>/dev/null || exit 1
    done
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > san.ext
    for name in server "$@"; do
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
        -keyout "$name.key" -out "$name.csr" 2>/dev/null || exit 1
      ext=(); [ "$name" = server ] && ext=(-extfile san.ext)
      openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
        "${ext[@]}" -out "$name.pem" 2>/dev/null || exit 1
      chmod 600 "$name.key"
    done
  )
}

# A TCP port nothing listens on now, below the ephemeral range (so no client's own port can
# take it while the broker is down).
mqtt_free_port() {
  "$PYTHON" - <<'PY'
import random, socket
lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(200):
    port = random.randrange(10000, max(10001, lo))
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    s.close()
    print(port)
    break
PY
}

# mqtt_broker_conf DIR PORT: a broker that wants a client certificate from our CA and takes
# the certificate's CN as the user name; each gateway may write only iotsec/ITS-CN/#, the
# collector ("central") only read; persistence in DIR/data.
mqtt_broker_conf() {
  local d=$1 port=$2
  mkdir -p "$d/data"
  printf 'pattern write iotsec/%%u/#\nuser central\ntopic read iotsec/#\n' > "$d/acl"
  cat > "$d/mosquitto.conf" <<CONF
user $(id -un)
listener $port 127.0.0.1
cafile $d/ca.pem
certfile $d/server.pem
keyfile $d/server.key
require_certificate true
use_identity_as_username true
allow_anonymous false
acl_file $d/acl
persistence true
persistence_location $d/data/
autosave_interval 1
max_queued_messages 0
log_dest file $d/broker.log
log_type error
log_type warning
log_type notice
log_type subscribe
CONF
}

# mqtt_broker_start DIR PORT: starts it and waits until it listens.
mqtt_broker_start() {
  local d=$1 port=$2
  mosquitto -c "$d/mosquitto.conf" > /dev/null 2>&1 &
  echo $! > "$d/broker.pid"
  for _ in $(seq 1 100); do
    "$PYTHON" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$port)))" && return 0
    sleep 0.1
  done
  echo "broker did not start:"; cat "$d/broker.log"; return 1
}

# mqtt_broker_stop DIR: SIGTERM (the broker saves its persistence) and wait for the exit;
# after 30 s, SIGKILL (a start must never find the old broker still listening).
mqtt_broker_stop() {
  local d=$1 pid
  pid=$(cat "$d/broker.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$d/broker.pid"
}
