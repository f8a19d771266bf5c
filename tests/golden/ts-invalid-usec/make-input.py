#!/usr/bin/env python3
"""A classic pcap whose second record claims 1,500,000 microseconds (libpcap does not check the
field): the time is normalised to the next second and the packet counted as ts_invalid."""
import struct, sys
from pcaplib import dns_query, ether, ipv4, pcap_header, udp, write

pkt = ether(ipv4(udp(dns_query(), 40000, 53)))
body = pcap_header()
body += struct.pack('<IIII', 1700000000, 250000, len(pkt), len(pkt)) + pkt
body += struct.pack('<IIII', 1700000000, 1500000, len(pkt), len(pkt)) + pkt
write(sys.argv[1], body)
