#!/usr/bin/env python3
"""The same UDP 5-tuple untagged, in VLAN 10, and in QinQ 100/20: three flows, not one."""
import struct, sys
from pcaplib import ether, ipv4, pcap_header, pcap_record, udp, write

inner = ipv4(udp(b'x' * 16, 5000, 6000))
dst, src = b'\x02\0\0\0\0\x02', b'\x02\0\0\0\0\x01'
frames = [dst + src + b'\x08\x00' + inner,
          dst + src + struct.pack('!HH', 0x8100, 10) + b'\x08\x00' + inner,
          dst + src + struct.pack('!HHHH', 0x88A8, 100, 0x8100, 20) + b'\x08\x00' + inner]
body = pcap_header()
for i, fr in enumerate(frames):
    body += pcap_record(fr, ts=1700000000 + i)
write(sys.argv[1], body)
