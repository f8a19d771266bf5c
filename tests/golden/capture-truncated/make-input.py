#!/usr/bin/env python3
"""Three DNS queries; the capture is cut in the middle of the third record, as a copy
interrupted mid-write leaves it."""
import sys
from pcaplib import ether, ipv4, pcap_header, pcap_record, udp

q = b'\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03com\x00\x00\x01\x00\x01'
body = pcap_header()
for i in range(3):
    body += pcap_record(ether(ipv4(udp(q, sport=30000 + i))), ts=1700000000 + i)
with open(sys.argv[1], 'wb') as f:
    f.write(body[:-20])
