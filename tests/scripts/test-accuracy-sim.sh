#!/usr/bin/env bash
# Inventory accuracy on a simulated benign network of 200 devices: kind >= 95%, vendor >= 98%.
set -u
exec "${PYTHON:-python3}" "$IOTSEC_SOURCE_DIR/tests/inventory-accuracy-sim.py" --iotsec "$IOTSEC" \
    --sim "$IOTSEC_SIM" --devices 200 --duration 300 --min-kind 0.95 --min-vendor 0.98
