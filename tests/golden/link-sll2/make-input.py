#!/usr/bin/env python3
"""A DNS query and its answer over LINUX_SLL2 (276), as `tcpdump -i any` writes on new kernels."""
import struct, sys
from pcaplib import dns_query, ipv4, pcap_header, pcap_record, udp, write

def sll2(payload, pkttype):
    return struct.pack('!HHIHBB8s', 0x0800, 0, 2, 1, pkttype, 6, b'\x02\0\0\0\0\x0a\0\0') + payload
q = dns_query()
body = pcap_header(linktype=276)
body += pcap_record(sll2(ipv4(udp(q, 40000, 53)), 4), ts=1700000000.0)
body += pcap_record(sll2(ipv4(udp(q, 53, 40000), src='192.168.1.1', dst='192.168.1.10'), 0), ts=1700000000.01)
write(sys.argv[1], body)
