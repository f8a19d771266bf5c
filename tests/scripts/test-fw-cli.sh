#!/usr/bin/env bash
# iotsec fw end to end: key generation with the three passphrase sources, signing, verifying,
# each precise error (bad magic, truncated, digest, signature, unknown and revoked key,
# rollback), key rotation, encrypted payloads, `fw info` calling out unsigned TLVs, flat
# memory whatever the image size, and the verifier library building alone without malloc.
set -u
work=${WORK:-/tmp}/fw-cli-$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
. "$IOTSEC_SOURCE_DIR/tests/scripts/lib-checks.sh"
fw() { "$IOTSEC" fw "$@"; }
export IOTSEC_PASSPHRASE='correct horse battery staple'
K="--kdf interactive"

# Keys: from the environment, from a descriptor, never over an existing key, never without one.
check "keygen (env)" 0 fw keygen --out k1 $K
expect_in "keygen prints the key id" out "key id "
ok "secret key mode 0600" [ "$(stat -c %a k1)" = 600 ]
ok "sealed key is 140 bytes" [ "$(stat -c %s k1)" = 140 ]
expect_in "public key file" k1.pub "iotsec-fw-ed25519-public "
check "keygen refuses to overwrite" 1 fw keygen --out k1 $K
expect_in "overwrite named" err "already exists"
check "keygen (fd)" 0 env -u IOTSEC_PASSPHRASE "$IOTSEC" fw keygen --out k2 $K --passphrase-fd 3 3<<<"$IOTSEC_PASSPHRASE"
check "keygen without any passphrase source" 1 env -u IOTSEC_PASSPHRASE setsid -w "$IOTSEC" fw keygen --out k3 $K </dev/null
expect_in "no passphrase explained" err "use --passphrase-fd N or IOTSEC_PASSPHRASE"
ok "no key written without a passphrase" [ ! -e k3 ]
check "keygen usage" 2 fw keygen

head -c 300000 /dev/urandom >fw.bin
check "sign" 0 fw sign --key k1 --version 2.1.0+77 --security-counter 7 --load-addr 0x08000000 fw.bin v7.img
check "sign with a wrong passphrase" 1 env IOTSEC_PASSPHRASE=wrong "$IOTSEC" fw sign --key k1 --version 1.0.0 --security-counter 1 fw.bin x.img
expect_in "wrong passphrase named" err "wrong passphrase"
ok "no image from a failed sign" [ ! -e x.img ]
check "sign with the fd passphrase" 0 env -u IOTSEC_PASSPHRASE "$IOTSEC" fw sign --key k2 --version 2.2.0 --security-counter 8 --digest blake2b fw.bin k2.img --passphrase-fd 3 3<<<"$IOTSEC_PASSPHRASE"
check "sign without a counter" 2 fw sign --key k1 --version 1.0.0 fw.bin y.img
check "sign with a bad version" 2 fw sign --key k1 --version 1.0 --security-counter 1 fw.bin y.img

check "verify" 0 fw verify --pubkey k1.pub v7.img
expect_in "verified facts" out "verified: version 2.1.0+77, security counter 7, 300000 payload bytes"
check "info" 0 fw info v7.img
expect_in "info load address" out "load address: 0x08000000"
expect_in "info counter" out "SEC_CNT    0x50   4 bytes  7"
expect_in "info verdict" out "layout: well-formed"

# Precise errors.
cp v7.img bad.img; printf 'X' | dd of=bad.img bs=1 seek=1000 conv=notrunc 2>/dev/null
check "payload changed" 1 fw verify --pubkey k1.pub bad.img
expect_in "digest mismatch" err "digest mismatch"
cp v7.img bad.img; size=$(stat -c %s bad.img)
printf '\x00' | dd of=bad.img bs=1 seek=$((size - 10)) conv=notrunc 2>/dev/null
check "signature changed" 1 fw verify --pubkey k1.pub bad.img
expect_in "bad signature" err "bad signature"
head -c 5000 v7.img >cut.img
check "truncated" 1 fw verify --pubkey k1.pub cut.img
expect_in "truncated named" err "truncated"
check "not an image" 1 fw verify --pubkey k1.pub fw.bin
expect_in "bad magic" err "bad magic"
check "unknown key" 1 fw verify --pubkey k2.pub v7.img
expect_in "unknown key named" err "unknown key"
{ cat v7.img; printf 'x'; } >long.img
check "trailing bytes" 1 fw verify --pubkey k1.pub long.img
expect_in "trailing named" err "trailing bytes"

# Anti-rollback: the store remembers the highest counter verified; --check-only leaves it.
check "missing store refused" 1 fw verify --pubkey k1.pub --counter-store state v7.img
expect_in "missing store named" err "no such counter store"
check "verify and record" 0 fw verify --pubkey k1.pub --counter-store state --new-store v7.img
expect_in "counter stored" state "security-counter 7"
fw sign --key k1 --version 2.0.9 --security-counter 6 fw.bin v6.img >/dev/null
check "rollback" 1 fw verify --pubkey k1.pub --counter-store state v6.img
expect_in "rollback named" err "rollback: security counter lower than the stored one"
expect_in "stored counter shown" err "holds security counter 7"
fw sign --key k1 --version 2.2.0 --security-counter 9 fw.bin v9.img >/dev/null
check "check only" 0 fw verify --pubkey k1.pub --counter-store state --check-only v9.img
expect_in "counter kept" state "security-counter 7"

# Key rotation: k2 takes over, k1 is revoked, its images are refused even when trusted.
check "two trusted keys" 0 fw verify --pubkey k1.pub --pubkey k2.pub --counter-store state k2.img
expect_in "signer named" out "signed by k2.pub"
check "revoke k1" 0 fw revoke --counter-store state k1.pub
fw keygen --out k4 $K >keygen4.out
k4id=$(sed -n 's/^key id //p' keygen4.out)
check "revoke by key id" 0 fw revoke --counter-store state "$k4id"
expect_in "key id recorded" state "revoked $k4id"
ok "two keys revoked" [ "$(grep -c '^revoked ' state)" = 2 ]
check "revoked key" 1 fw verify --pubkey k1.pub --pubkey k2.pub --counter-store state v9.img
expect_in "revoked named" err "revoked key"
check "revoke garbage" 2 fw revoke --counter-store state not-a-key

# Encrypted payloads: only the right key decrypts, and only a verified image leaves plaintext.
check "payload keygen" 0 fw keygen --payload-key --out pk $K
ok "payload key mode 0600" [ "$(stat -c %a pk)" = 600 ]
check "sign encrypted" 0 fw sign --key k2 --encrypt-key pk --version 3.0.0 --security-counter 10 fw.bin enc.img
if cmp -s <(tail -c +57 enc.img | head -c 1000) <(head -c 1000 fw.bin); then
  fail=$((fail + 1)); echo "FAIL: payload in clear in an encrypted image"; else pass=$((pass + 1)); fi
check "verify and decrypt" 0 fw verify --pubkey k2.pub --decrypt-key pk --out plain.bin enc.img
ok "plaintext restored" cmp -s plain.bin fw.bin
ok "plaintext mode 0600" [ "$(stat -c %a plain.bin)" = 600 ]
check "verify encrypted without key" 0 fw verify --pubkey k2.pub enc.img
expect_in "encrypted shown" out "(encrypted)"
fw keygen --payload-key --out pk2 $K >/dev/null
check "wrong payload key" 1 fw verify --pubkey k2.pub --decrypt-key pk2 --out plain2.bin enc.img
expect_in "decryption failure" err "decryption failed"
ok "no plaintext from a failed verify" [ ! -e plain2.bin ]
check "payload key for an image in clear" 1 fw verify --pubkey k1.pub --decrypt-key pk --out plain3.bin v7.img
expect_in "not encrypted named" err "payload is not encrypted"
ok "no plaintext from an image in clear" [ ! -e plain3.bin ]
check "signing key as payload key" 1 fw sign --key k2 --encrypt-key k1 --version 3.0.0 --security-counter 10 fw.bin e2.img
expect_in "kind checked" err "holds a signing key, not a payload key"

# Payload keys kept in the vault (same passphrase for the vault and the signing key here).
"$IOTSEC" vault init --kdf interactive >/dev/null
check "payload key into the vault" 0 fw keygen --payload-key --out vault:fw/fleet
check "vault key exists already" 1 fw keygen --payload-key --out vault:fw/fleet
check "sign with a vault key" 0 fw sign --key k2 --encrypt-key vault:fw/fleet --version 3.1.0 --security-counter 11 fw.bin venc.img
check "verify with a vault key" 0 fw verify --pubkey k2.pub --decrypt-key vault:fw/fleet --out vplain.bin venc.img
ok "vault key decrypts" cmp -s vplain.bin fw.bin
check "no such vault key" 1 fw verify --pubkey k2.pub --decrypt-key vault:fw/none --out x.bin venc.img
expect_in "missing vault key named" err "holds no 32-byte key named 'fw/none'"

# fw info calls out what sits outside the signed region.
"${PYTHON:-python3}" - v7.img extra.img <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
uoff = len(d) - 144
tot = struct.unpack_from('<H', d, uoff + 2)[0]
struct.pack_into('<H', d, uoff + 2, tot + 8)
d += struct.pack('<HHI', 0x50, 4, 99)   # a second, unsigned security counter
open(sys.argv[2], 'wb').write(d)
PY
check "info flags an unsigned TLV" 1 fw info extra.img
expect_in "unsigned TLV named" out "is outside the signed region and not on the allow-list"
check "verify refuses it" 1 fw verify --pubkey k1.pub extra.img
expect_in "allow-list named" err "not on the allow-list"
fw sign --key k1 --version 1.0.0 --security-counter 1 --header-size 64 fw.bin pad.img >/dev/null
check "info on a padded header" 0 fw info pad.img
printf 'P' | dd of=pad.img bs=1 seek=40 conv=notrunc 2>/dev/null
check "info flags nonzero padding" 1 fw info pad.img
expect_in "padding named" out "header padding byte 40 is not zero"
"${PYTHON:-python3}" - v7.img flag.img <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
struct.pack_into('<I', d, 12, 2)   # claim a BLAKE2b digest; the TLV is SHA-256
open(sys.argv[2], 'wb').write(d)
PY
check "info flags a digest of the other kind" 1 fw info flag.img
expect_in "digest kind named" out "digest TLV of the other kind"

# Memory does not grow with the image: 1 MiB and 32 MiB verify in the same peak RSS (+-4 MiB).
head -c $((1 << 20)) /dev/zero >small.bin
head -c $((32 << 20)) /dev/zero >big.bin
fw sign --key k1 --version 1.0.0 --security-counter 1 small.bin small.img >/dev/null
fw sign --key k1 --version 1.0.0 --security-counter 1 big.bin big.img >/dev/null
rss() { "${PYTHON:-python3}" -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$IOTSEC" fw verify --pubkey k1.pub "$1"; }
small=$(rss small.img) big=$(rss big.img)
echo "peak RSS of verify: 1 MiB image ${small} KiB, 32 MiB image ${big} KiB"
ok "verify memory flat ($small vs $big KiB)" [ $((big - small)) -lt 4096 ]

# The verifier library builds alone (libsodium only) and never calls the allocator.
if command -v cmake >/dev/null && cmake -S "$IOTSEC_SOURCE_DIR/src/firmware" -B fwlib >/dev/null 2>&1 &&
   cmake --build fwlib >/dev/null 2>&1; then
  pass=$((pass + 1))
  lib=$(find fwlib -name 'libiotsec_fw_verify.a' | head -1)
  allocs=$(nm -u "$lib" | grep -wE 'malloc|calloc|realloc|free|sodium_malloc' || true)
  ok "verifier library allocates nothing (found: $allocs)" [ -z "$allocs" ]
else
  fail=$((fail + 1)); echo "FAIL: the verifier library does not build alone"
  cmake -S "$IOTSEC_SOURCE_DIR/src/firmware" -B fwlib 2>&1 | tail -5
fi

finish "fw cli"
