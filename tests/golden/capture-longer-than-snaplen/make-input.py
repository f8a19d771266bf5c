#!/usr/bin/env python3
"""Two records: one whose wire length exceeds what was captured (cut by a snaplen of 64), and
one whose captured length exceeds the file's snaplen (a writer that ignored its own header)."""
import sys
from pcaplib import ether, ipv4, pcap_header, pcap_record, tcp

full = ether(ipv4(tcp(b'A' * 200, flags=0x18), proto=6))
cut = full[:64]
body = pcap_header(snaplen=64) + pcap_record(cut, ts=1700000000.0, wirelen=len(full))
body += pcap_record(full[:100], ts=1700000001.0, wirelen=len(full))
with open(sys.argv[1], 'wb') as f:
    f.write(body)
