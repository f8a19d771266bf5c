#!/usr/bin/env bash
# iotsec vault from the command line: init, put from standard input, get, list, rm, rekey;
# passphrase from the environment, a descriptor, or a key file; wrong passphrase and tampered
# file told apart; the file private (0600) and free of the secret in clear.
set -u
work=${WORK:-/tmp}/vault-cli-$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
. "$IOTSEC_SOURCE_DIR/tests/scripts/lib-checks.sh"
v() { "$IOTSEC" vault "$@"; }
export IOTSEC_PASSPHRASE='vault phrase one'
secret='Mq77-very-secret-Mq77'

check "init" 0 v init --kdf interactive
ok "vault mode 0600" [ "$(stat -c %a iotsec.vault)" = 600 ]
check "init refuses an existing vault" 1 v init --kdf interactive
check "put from stdin" 0 sh -c "printf '%s\n' '$secret' | \"$IOTSEC\" vault put mqtt/password"
check "put binary" 0 sh -c "printf 'a\nb\n' | \"$IOTSEC\" vault put two-lines --binary"
check "get" 0 v get mqtt/password
ok "value without the newline" [ "$(cat out)" = "$secret" ] && ok "exact bytes" [ "$(stat -c %s out)" = 21 ]
check "get binary" 0 v get two-lines
ok "binary kept its newlines" [ "$(od -An -c out | tr -d ' ')" = 'a\nb\n' ]
check "list" 0 v list
expect_in "list names" out "mqtt/password	21 bytes"
ok "no secret in the file" [ "$(grep -c -- "$secret" iotsec.vault)" = 0 ]
check "bad name" 2 sh -c "echo x | \"$IOTSEC\" vault put 'bad name'"
check "missing name" 1 v get nothing-here
check "get without a name" 2 v get
check "wrong passphrase" 1 env IOTSEC_PASSPHRASE=wrong "$IOTSEC" vault list
expect_in "wrong passphrase named" err "wrong passphrase"
cp iotsec.vault t.vault
printf '\x00' | dd of=t.vault bs=1 seek=100 conv=notrunc 2>/dev/null
check "tampered" 1 v list --vault t.vault
expect_in "tampering named" err "the key is right but the file was altered or damaged"
check "passphrase from a descriptor" 0 env -u IOTSEC_PASSPHRASE "$IOTSEC" vault list --passphrase-fd 3 3<<<"$IOTSEC_PASSPHRASE"
check "rm" 0 v rm two-lines
check "rm again" 1 v rm two-lines

check "rekey" 0 env IOTSEC_NEW_PASSPHRASE='vault phrase two' "$IOTSEC" vault rekey --kdf interactive
check "old passphrase refused" 1 v list
check "new passphrase" 0 env IOTSEC_PASSPHRASE='vault phrase two' "$IOTSEC" vault get mqtt/password
ok "secret kept across rekey" [ "$(cat out)" = "$secret" ]

# A key file instead of a passphrase.
head -c 32 /dev/urandom >vault.key; chmod 600 vault.key
check "rekey to a key file" 0 env IOTSEC_PASSPHRASE='vault phrase two' "$IOTSEC" vault rekey --new-key-file vault.key
check "key file opens it" 0 v get mqtt/password --key-file vault.key
ok "secret kept" [ "$(cat out)" = "$secret" ]
check "passphrase no longer" 1 v list
expect_in "kind named" err "opens with a key file"
head -c 32 /dev/urandom >other.key; chmod 600 other.key
check "wrong key file" 1 v list --key-file other.key
expect_in "wrong key file named" err "wrong key file"
chmod 644 vault.key
check "key file others can read" 1 v list --key-file vault.key
expect_in "mode named" err "readable by others"

finish "vault cli"
