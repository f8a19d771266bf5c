#!/usr/bin/env python3
"""A capture of link type 105 (IEEE 802.11 without radiotap), which iotsec does not decode."""
import sys
from pcaplib import pcap_header, pcap_record

with open(sys.argv[1], 'wb') as f:
    f.write(pcap_header(linktype=105) + pcap_record(b'\x80\x00' + b'\x00' * 30))
