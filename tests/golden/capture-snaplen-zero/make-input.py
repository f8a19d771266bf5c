#!/usr/bin/env python3
"""A pcap whose file header says snaplen 0 (some writers leave it unset) holding one packet."""
import sys
from pcaplib import ether, ipv4, pcap_header, pcap_record, udp

pkt = ether(ipv4(udp(b'\x00' * 48, sport=40000, dport=123)))
with open(sys.argv[1], 'wb') as f:
    f.write(pcap_header(snaplen=0) + pcap_record(pkt))
