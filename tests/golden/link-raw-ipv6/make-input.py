#!/usr/bin/env python3
"""Bare IPv6 packets with link type IPV6 (229): a UDP DNS query and its reply."""
import sys
from pcaplib import dns_query, ipv6, pcap_header, pcap_record, udp, write

body = pcap_header(linktype=229)
body += pcap_record(ipv6(udp(dns_query(), 40000, 53), src='2001:db8::10', dst='2001:db8::1'), ts=1700000000.0)
body += pcap_record(ipv6(udp(dns_query(), 53, 40000), src='2001:db8::1', dst='2001:db8::10'), ts=1700000000.2)
write(sys.argv[1], body)
