# SPDX-License-Identifier: GPL-3.0-or-later
"""Tiny pcap writer and packet builders for golden-test generators (stdlib only)."""
import struct


def pcap_header(linktype=1, snaplen=65535, nano=False, version=(2, 4)):
    magic = 0xa1b23c4d if nano else 0xa1b2c3d4
    return struct.pack('<IHHiIII', magic, version[0], version[1], 0, 0, snaplen, linktype)


def pcap_record(data, ts=1700000000.0, caplen=None, wirelen=None):
    sec = int(ts)
    usec = int(round((ts - sec) * 1e6))
    caplen = len(data) if caplen is None else caplen
    wirelen = len(data) if wirelen is None else wirelen
    return struct.pack('<IIII', sec, usec, caplen, wirelen) + data


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ether(payload, src=b'\x02\x00\x00\x00\x00\x01', dst=b'\x02\x00\x00\x00\x00\x02', etype=0x0800):
    return dst + src + struct.pack('!H', etype) + payload


def ipv4(payload, src='192.168.1.10', dst='192.168.1.1', proto=17, ttl=64, ident=1, frag=0x4000):
    def a(x):
        return bytes(int(p) for p in x.split('.'))
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, frag, ttl, proto, 0, a(src), a(dst))
    hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
    return hdr + payload


def udp(payload, sport=12345, dport=53):
    return struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload


def tcp(payload=b'', sport=40000, dport=80, seq=1, ack=0, flags=0x02, win=65535, options=b''):
    off = (20 + len(options)) // 4
    return struct.pack('!HHIIBBHHH', sport, dport, seq, ack, off << 4, flags, win, 0, 0) + options + payload
