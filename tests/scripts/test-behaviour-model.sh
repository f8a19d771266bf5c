#!/usr/bin/env bash
# The behaviour model from the command line: with --vault its checksum is keyed with the vault's
# anomaly/model-key, so it loads only with that vault (not without one, not with another); a
# model made without a vault does not load when one is given; a damaged model stops analyze;
# the summary says what was loaded and how many devices were first seen after learning.
set -u
work=${WORK:-/tmp}/behaviour-model-$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
. "$IOTSEC_SOURCE_DIR/tests/scripts/lib-checks.sh"
unset IOTSEC_PASSPHRASE

"$IOTSEC_SIM" --scenario benign --seed 1 --duration 600 --out net.pcap >/dev/null
"$IOTSEC_SIM" --scenario benign --seed 2 --duration 300 --start 1700000600 --out new.pcap >/dev/null
head -c 32 /dev/urandom >vault.key; head -c 32 /dev/urandom >other.key; chmod 600 ./*.key
check "vault" 0 "$IOTSEC" vault init --key-file vault.key
check "another vault" 0 "$IOTSEC" vault init --key-file other.key --vault other.vault
beh=(--anomaly.behaviour.enabled=1 --anomaly.behaviour.map-packets=1000
     --anomaly.behaviour.train-packets=6000 --anomaly.behaviour.calibrate-packets=4000)
mine=(--vault iotsec.vault --vault-key-file vault.key)

check "learn with the vault" 0 "$IOTSEC" analyze -r net.pcap -o a "${beh[@]}" --anomaly.behaviour.model=k.bin "${mine[@]}"
expect_in "learnt" out "model learnt here, keyed"
check "the vault holds the model key" 0 "$IOTSEC" vault list --key-file vault.key
expect_in "model key named" out "anomaly/model-key"
cp k.bin k0.bin
check "keyed model, no vault" 1 "$IOTSEC" analyze -q -r new.pcap -o b "${beh[@]}" --anomaly.behaviour.model=k.bin
expect_in "says keyed" err "keyed: it loads only with the vault that made it"
check "keyed model, another vault" 1 "$IOTSEC" analyze -q -r new.pcap -o b "${beh[@]}" --anomaly.behaviour.model=k.bin --vault other.vault --vault-key-file other.key
expect_in "says another key" err "another vault's key"
ok "refusals leave the model as it was" cmp -s k.bin k0.bin
check "keyed model, its vault" 0 "$IOTSEC" analyze -r new.pcap -o b "${beh[@]}" --anomaly.behaviour.model=k.bin "${mine[@]}"
expect_in "loaded" out "model loaded, keyed"
# seed 2 is the same kinds of device with other addresses, all new to the model; the kinds
# with enough calibration scores for a threshold (6 of them here) judge theirs (9 devices)
expect_in "new devices judged by their kind" out "9 first seen after learning, 9 of them judged by their kind, 6 kinds learnt"

check "learn without a vault" 0 "$IOTSEC" analyze -q -r net.pcap -o c "${beh[@]}" --anomaly.behaviour.model=u.bin
check "unkeyed model, a vault" 1 "$IOTSEC" analyze -q -r new.pcap -o d "${beh[@]}" --anomaly.behaviour.model=u.bin "${mine[@]}"
expect_in "says not keyed" err "not keyed, but a key was given"
printf '\x01' | dd of=u.bin bs=1 seek=5000 conv=notrunc 2>/dev/null
check "damaged model" 1 "$IOTSEC" analyze -q -r new.pcap -o d "${beh[@]}" --anomaly.behaviour.model=u.bin
expect_in "says damaged" err "checksum mismatch"
finish behaviour-model
