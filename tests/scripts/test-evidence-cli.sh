#!/usr/bin/env bash
# Evidence at rest, end to end: `analyze --vault` keeps each alert's packet in the store
# encrypted with the vault's evidence key (nothing of it in the database in clear), `iotsec
# alerts` marks them, `evidence export` gives back exactly the packet of the capture (plain
# pcap, or sealed in a vault file), and without the vault's key nothing opens.
set -u
work=${WORK:-/tmp}/evidence-cli-$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
. "$IOTSEC_SOURCE_DIR/tests/scripts/lib-checks.sh"
unset IOTSEC_PASSPHRASE

"$IOTSEC_SIM" --scenario cleartext --seed 2 --duration 300 --out net.pcap >/dev/null
head -c 32 /dev/urandom >vault.key; chmod 600 vault.key
check "vault" 0 "$IOTSEC" vault init --key-file vault.key
check "analyze without a vault" 0 "$IOTSEC" analyze -q -r net.pcap -o plain --stats.interval=0
check "analyze with the vault" 0 "$IOTSEC" analyze -r net.pcap -o sealed --stats.interval=0 --vault iotsec.vault --vault-key-file vault.key
expect_in "summary counts evidence" out "evidence: the packets of"
check "vault holds the store keys" 0 "$IOTSEC" vault list --key-file vault.key
expect_in "evidence key" out "store/evidence-key	32 bytes"
expect_in "credential key" out "store/credential-key	32 bytes"
ok "no credential key file beside a vault-keyed store" [ ! -e sealed/iotsec.db.key ]
check "alerts" 0 "$IOTSEC" alerts --db sealed/iotsec.db --format json
"${PYTHON:-python3}" - out >ids <<'PY'
import json, sys
alerts = json.load(open(sys.argv[1]))
assert alerts and all(a["evidence"] for a in alerts), "every alert keeps its packet"
# a clear-text login: its packet carries the password
a = next(a for a in alerts if "FTP" in a["signature"] or "telnet" in a["signature"].lower() or "POP3" in a["signature"])
print(a["id"], a["pcap_cnt"])
PY
read -r id cnt <ids
ok "an alert with evidence ($id, packet $cnt)" [ -n "$id" ]
check "alerts without a vault keep none" 0 "$IOTSEC" alerts --db plain/iotsec.db --format json
ok "no evidence without a vault" "${PYTHON:-python3}" -c "import json,sys; assert not any(a['evidence'] for a in json.load(open('out')))"

check "export plain" 0 "$IOTSEC" evidence export "$id" --db sealed/iotsec.db --vault iotsec.vault --vault-key-file vault.key --out a.pcap --plain
ok "exported pcap mode 0600" [ "$(stat -c %a a.pcap)" = 600 ]
# The exported packet is the capture's packet number cnt, byte for byte, with its timestamp.
same() { "${PYTHON:-python3}" - "$1" net.pcap "$cnt" <<'PY'
import struct, sys
def packets(path):
    f = open(path, 'rb'); hdr = f.read(24)
    while True:
        h = f.read(16)
        if len(h) < 16: return
        s, us, incl, orig = struct.unpack('<IIII', h)
        yield s, us, orig, f.read(incl)
exp = list(packets(sys.argv[1]))
assert len(exp) == 1, len(exp)
want = list(packets(sys.argv[2]))[int(sys.argv[3]) - 1]
got = exp[0]
assert got[:3] == want[:3], (got[:3], want[:3])
assert got[3] == want[3][:2048], "packet bytes differ"
PY
}
ok "plain export is the capture's packet" same a.pcap
# Nothing of that packet (it holds a clear-text password) is in the database in clear.
ok "packet not in the database in clear" "${PYTHON:-python3}" - sealed/iotsec.db a.pcap <<'PY'
import sys
db = open(sys.argv[1], 'rb').read(); pkt = open(sys.argv[2], 'rb').read()[40:]
payload = pkt[54:] if len(pkt) > 70 else pkt
assert all(payload[i:i + 12] not in db for i in range(0, max(1, len(payload) - 12), 4)), "found in clear"
PY

check "export sealed" 0 env IOTSEC_NEW_PASSPHRASE='hand-over phrase' "$IOTSEC" evidence export "$id" --db sealed/iotsec.db --vault iotsec.vault --vault-key-file vault.key --out a.vault --kdf interactive
check "open the sealed export" 0 env IOTSEC_PASSPHRASE='hand-over phrase' "$IOTSEC" vault get "evidence/alert-$id.pcap" --vault a.vault
cp out b.pcap
ok "sealed export is the same packet" same b.pcap
check "sealed export refuses another passphrase" 1 env IOTSEC_PASSPHRASE=other "$IOTSEC" vault get "evidence/alert-$id.pcap" --vault a.vault

head -c 32 /dev/urandom >other.key; chmod 600 other.key
"$IOTSEC" vault init --key-file other.key --vault other.vault >/dev/null
head -c 32 /dev/urandom | "$IOTSEC" vault put store/evidence-key --binary --key-file other.key --vault other.vault
check "another vault's key" 1 "$IOTSEC" evidence export "$id" --db sealed/iotsec.db --vault other.vault --vault-key-file other.key --out c.pcap --plain
expect_in "wrong key named" err "does not open with this vault's key"
check "export never over an existing file" 1 "$IOTSEC" evidence export "$id" --db sealed/iotsec.db --vault iotsec.vault --vault-key-file vault.key --out iotsec.vault --plain
check "the vault survived" 0 "$IOTSEC" vault list --key-file vault.key
check "no evidence without a vault" 1 "$IOTSEC" evidence export 1 --db plain/iotsec.db --vault iotsec.vault --vault-key-file vault.key --out d.pcap --plain
expect_in "reason given" err "has no evidence"
check "no such alert" 1 "$IOTSEC" evidence export 999999 --db sealed/iotsec.db --vault iotsec.vault --vault-key-file vault.key --out e.pcap --plain
check "usage" 2 "$IOTSEC" evidence export x --out f.pcap

finish "evidence cli"
