#!/usr/bin/env python3
"""A pcapng file with if_tsresol = 9 (nanoseconds): timestamps must keep their sub-microsecond part."""
import sys
from pcaplib import dns_query, ether, ipv4, pcapng, udp, write

pkts = [(1700000000.123456789, ether(ipv4(udp(dns_query(), 40000, 53)))),
        (1700000001.987654321, ether(ipv4(udp(dns_query(), 40000, 53))))]
write(sys.argv[1], pcapng(pkts, tsresol=9))
