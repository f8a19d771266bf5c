#!/usr/bin/env bash
# Peer check: iotsec and Debian's ndpiReader (same libndpi) must give the same protocol to at
# least 99% of the flows both find in nDPI's own test captures. Skips (77) without the shared
# captures or ndpiReader.
set -u
exec "${PYTHON:-python3}" "$IOTSEC_SOURCE_DIR/tests/ndpi-compare.py" --iotsec "$IOTSEC" \
    --ndpireader "${NDPIREADER:-ndpiReader}" --data "${IOTSEC_SHARED_DATA:-../shared/data}" \
    --threshold 0.99 -v
