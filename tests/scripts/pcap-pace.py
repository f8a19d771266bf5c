#!/usr/bin/env python3
"""Writes a pcap to standard output in parts, waiting between them: after part i it waits
until the file FLAG.i exists. So a test can change the world (stop a broker, a consumer)
while a reader is in the middle of the capture. Usage: pcap-pace.py FILE PARTS FLAG"""
import os
import struct
import sys
import time

path, parts, flag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = open(path, "rb").read()
magic = struct.unpack("<I", data[:4])[0]
assert magic in (0xA1B2C3D4, 0xA1B23C4D), "little-endian pcap expected"
offsets, off = [], 24
while off + 16 <= len(data):
    caplen = struct.unpack("<I", data[off + 8:off + 12])[0]
    offsets.append(off)
    off += 16 + caplen
offsets.append(off)
out = sys.stdout.buffer
out.write(data[:24])
n = len(offsets) - 1
for i in range(parts):
    a, b = offsets[n * i // parts], offsets[n * (i + 1) // parts]
    out.write(data[a:b])
    out.flush()
    deadline = time.time() + 120
    while not os.path.exists(f"{flag}.{i}") and time.time() < deadline:
        time.sleep(0.05)
