#!/usr/bin/env bash
# Behavioural anomaly detection against the simulator's ground truth (tests/behaviour-eval.py):
# learnt on an hour of a benign network, the false-positive rate measured afterwards is within
# a factor of two of the configured 0.1%; on the same network infected by Mirai, the ROC AUC of
# the per-packet scores is at least 0.99; every behaviour event validates and explains itself.
set -u
work=${WORK:-/tmp}/behaviour-sim-$$
trap 'rm -rf "$work"' EXIT
"${PYTHON:-python3}" "$IOTSEC_SOURCE_DIR/tests/behaviour-eval.py" --iotsec "$IOTSEC" --sim "$IOTSEC_SIM" \
  --work "$work" --min-auc 0.99 --fpr-factor 2 --schema "$IOTSEC_SOURCE_DIR/tests/schema/eve.schema.json"
