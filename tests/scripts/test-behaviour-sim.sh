#!/usr/bin/env bash
# Behavioural anomaly detection against the simulator's ground truth (tests/behaviour-eval.py):
# learnt on an hour of a benign network, the false-positive rate measured afterwards, and after
# a restart, is within a factor of two of the configured 0.1% (new devices of known kinds: at
# most twice); on the same network infected by Mirai, the ROC AUC of the per-packet scores is at
# least 0.99 and every attack phase is flagged, also when the devices are new; every behaviour
# event validates and explains itself (the scan as a rate, the C2 name, the packets).
set -u
work=${WORK:-/tmp}/behaviour-sim-$$
trap 'rm -rf "$work"' EXIT
"${PYTHON:-python3}" "$IOTSEC_SOURCE_DIR/tests/behaviour-eval.py" --iotsec "$IOTSEC" --sim "$IOTSEC_SIM" \
  --work "$work" --min-auc 0.99 --fpr-factor 2 --schema "$IOTSEC_SOURCE_DIR/tests/schema/eve.schema.json"
