#!/usr/bin/env python3
"""An IPv6 jumbogram (RFC 2675): payload length 0, a Hop-by-Hop Jumbo Payload option with a
70,000-byte length, UDP length 0, inside a 70,062-byte Ethernet frame (snaplen 262144)."""
import struct, sys
from pcaplib import ether, pcap_header, pcap_record

data = b'J' * (70000 - 8 - 8)
udp = struct.pack('!HHHH', 5000, 6000, 0, 0) + data
hbh = struct.pack('!BBBBI', 17, 0, 0xC2, 4, 8 + len(udp))  # next=UDP, len 0 (8 bytes), jumbo opt
src = bytes.fromhex('fe800000000000000000000000000001')
dst = bytes.fromhex('fe800000000000000000000000000002')
ip6 = struct.pack('!IHBB', 0x60000000, 0, 0, 64) + src + dst + hbh + udp
frame = ether(ip6, etype=0x86DD)
with open(sys.argv[1], 'wb') as f:
    f.write(pcap_header(snaplen=262144) + pcap_record(frame))
