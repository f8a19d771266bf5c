#!/usr/bin/env bash
# Accuracy on real devices: vendor and kind right for >= 90% of the IoT Sentinel set-up captures
# (tests/sentinel-expected.json; model reported only). Skips (77) without the shared captures.
set -u
exec "${PYTHON:-python3}" "$IOTSEC_SOURCE_DIR/tests/sentinel-accuracy.py" --iotsec "$IOTSEC" \
    --data "${IOTSEC_SHARED_DATA:-../shared/data}" --rules "$IOTSEC_SOURCE_DIR/data/devices.rules" -v
