#!/usr/bin/env python3
"""IPv4 and IPv6 over DLT_LOOP (108, family in network order: 2 and OpenBSD's 24)."""
import struct, sys
from pcaplib import dns_query, ipv4, ipv6, pcap_header, pcap_record, udp, write

body = pcap_header(linktype=108)
body += pcap_record(struct.pack('!I', 2) + ipv4(udp(dns_query(), 40000, 53)), ts=1700000000.0)
body += pcap_record(struct.pack('!I', 24) + ipv6(udp(dns_query(), 40001, 53)), ts=1700000000.5)
write(sys.argv[1], body)
