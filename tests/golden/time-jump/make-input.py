#!/usr/bin/env python3
"""Three packets: 1970, then 2038 (near the largest signed 32-bit pcap second), then 2038 again. With
stats.interval=1 the jump spans two billion intervals."""
import struct, sys
from pcaplib import dns_query, ether, ipv4, pcap_header, udp, write

pkt = ether(ipv4(udp(dns_query(), 40000, 53)))
body = pcap_header()
for sec in (10, 0x7FFFFFF0, 0x7FFFFFF2):
    body += struct.pack('<IIII', sec, 0, len(pkt), len(pkt)) + pkt
write(sys.argv[1], body)
