#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Copies the first N packets of a little-endian classic pcap (the simulator's format)."""
import struct, sys

src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, 'rb') as f, open(dst, 'wb') as o:
    o.write(f.read(24))
    for _ in range(n):
        h = f.read(16)
        if len(h) < 16:
            break
        caplen = struct.unpack('<IIII', h)[2]
        o.write(h + f.read(caplen))
