#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Cuts a simulator capture (Ethernet, little-endian pcap) into seed inputs for the decoder
harnesses: whole frames for fuzz_decode_ethernet, IP datagrams for the IP harnesses, L4 bytes
for the TCP/UDP/ICMP ones, ARP bodies for ARP. At most PER_KIND distinct seeds each.
Usage: make-seeds.py CAPTURE CORPUS_ROOT"""
import hashlib, os, struct, sys

PER_KIND = 64


def frames(path):
    with open(path, 'rb') as f:
        f.read(24)
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            yield f.read(struct.unpack('<IIII', h)[2])


def main():
    cap, root = sys.argv[1], sys.argv[2]
    seeds = {}

    def add(kind, data):
        lst = seeds.setdefault(kind, {})
        if len(lst) < PER_KIND:
            lst.setdefault(hashlib.sha1(data).hexdigest(), data)

    for fr in frames(cap):
        if len(fr) < 14:
            continue
        add('fuzz_decode_ethernet', fr)
        et, body = struct.unpack('!H', fr[12:14])[0], fr[14:]
        if et == 0x0806:
            add('fuzz_decode_arp', body)
        elif et == 0x0800 and len(body) >= 20:
            add('fuzz_decode_ipv4', body)
            hl, proto = (body[0] & 15) * 4, body[9]
            tot = struct.unpack('!H', body[2:4])[0]
            l4 = body[hl:tot]
            name = {6: 'fuzz_decode_tcp', 17: 'fuzz_decode_udp', 1: 'fuzz_decode_icmpv4', 47: 'fuzz_decode_gre'}.get(proto)
            if name:
                add(name, l4)
        elif et == 0x86DD:
            add('fuzz_decode_ipv6', body)
    for kind, lst in seeds.items():
        d = os.path.join(root, kind)
        os.makedirs(d, exist_ok=True)
        for h, data in lst.items():
            with open(os.path.join(d, 'sim-' + h[:16]), 'wb') as f:
                f.write(data)


if __name__ == '__main__':
    main()
