#!/usr/bin/env python3
"""A pcapng whose interface sets if_tsoffset near 2^63 seconds: every packet time overflows
64-bit arithmetic unless clamped. Three packets of one flow."""
import struct, sys
from pcaplib import dns_query, ether, ipv4, udp, write

def block(btype, body):
    body += b'\0' * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack('<II', btype, n) + body + struct.pack('<I', n)

pkt = ether(ipv4(udp(dns_query(), 40000, 53)))
out = block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
opts = struct.pack('<HHq', 14, 8, 0x7FFFFFFFFFFFFFF5) + struct.pack('<HH', 0, 0)
out += block(1, struct.pack('<HHI', 1, 0, 65535) + opts)
for i in range(3):
    out += block(6, struct.pack('<IIIII', 0, 0, i, len(pkt), len(pkt)) + pkt)
write(sys.argv[1], out)
