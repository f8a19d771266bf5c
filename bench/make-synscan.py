#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a pcap of N TCP SYNs to N distinct destinations (a Mirai-style scan: sequence number
= destination address), the worst case for a flow table: every packet is a new flow."""
import struct, sys


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    src = bytes([192, 168, 1, 66])
    eth = b'\x02\x00\x00\x00\x00\x02' + b'\x3c\x49\x37\x03\x17\xdb' + b'\x08\x00'
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(n):
            d = 0x0B000000 + i  # 11.0.0.0 upward: distinct destinations
            dst = struct.pack('!I', d)
            ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 40, i & 0xffff, 0, 64, 6, 0, src, dst)
            tcp = struct.pack('!HHIIBBHHH', 1024 + (i % 60000), 23, d, 0, 0x50, 0x02, 14600, 0, 0)
            pkt = eth + ip + tcp
            t = 1700000000 + i // 200000
            f.write(struct.pack('<IIII', t, (i % 200000) * 5, len(pkt), len(pkt)) + pkt)


if __name__ == '__main__':
    main()
