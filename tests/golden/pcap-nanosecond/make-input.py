#!/usr/bin/env python3
"""A classic pcap with the nanosecond magic (0xa1b23c4d)."""
import struct, sys
from pcaplib import dns_query, ether, ipv4, pcap_header, udp, write

pkt = ether(ipv4(udp(dns_query(), 40000, 53)))
rec = struct.pack('<IIII', 1700000000, 999999999, len(pkt), len(pkt)) + pkt
write(sys.argv[1], pcap_header(nano=True) + rec)
