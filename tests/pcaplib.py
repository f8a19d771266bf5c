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


def pcapng(packets, linktype=1, tsresol=6, snaplen=65535):
    """A pcapng file: SHB, one IDB (with if_tsresol when not 6), one EPB per (ts, data)."""
    def block(btype, body):
        body += b'\0' * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack('<II', btype, n) + body + struct.pack('<I', n)
    out = block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
    opts = b''
    if tsresol != 6:
        opts = struct.pack('<HHB', 9, 1, tsresol) + b'\0' * 3 + struct.pack('<HH', 0, 0)
    out += block(1, struct.pack('<HHI', linktype, 0, snaplen) + opts)
    for ts, data in packets:
        units = int(round(ts * (10 ** tsresol)))
        out += block(6, struct.pack('<IIIII', 0, units >> 32, units & 0xffffffff, len(data), len(data)) + data)
    return out


def ipv6(payload, src='fe80::1', dst='fe80::2', nh=17, hlim=64):
    import ipaddress
    return struct.pack('!IHBB', 0x60000000, len(payload), nh, hlim) + \
        ipaddress.IPv6Address(src).packed + ipaddress.IPv6Address(dst).packed + payload


def dns_query(name='example.com', qid=0x1234):
    q = b''.join(bytes([len(p)]) + p.encode() for p in name.split('.')) + b'\0'
    return struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0) + q + struct.pack('!HH', 1, 1)


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)



class Capture:
    """Frames with their times in microseconds, gap_us apart unless wait() adds silence."""

    def __init__(self, t0=1700000000, gap_us=1000):
        self.t, self.gap_us, self.frames = t0 * 1000000, gap_us, []

    def add(self, frame):
        self.frames.append((self.t, frame))
        self.t += self.gap_us

    def wait(self, seconds):
        self.t += int(seconds * 1000000)

    def write(self, path):
        body = pcap_header()
        for t, frame in self.frames:
            body += pcap_record(frame, t // 1000000 + (t % 1000000) / 1e6)
        write(path, body)


class TcpSession:
    """One TCP session between two (mac bytes, ip text) hosts, for generators that need whole
    dialogues: the handshake on creation, send() from either side with sequence numbers kept,
    close()."""

    def __init__(self, cap, cli, srv, sport, dport, isn=(1000, 5000)):
        self.cap, self.cli, self.srv, self.sport, self.dport = cap, cli, srv, sport, dport
        self.seq = {True: isn[0], False: isn[1]}  # True: the client's side
        self._frame(True, 0x02)
        self.seq[True] += 1
        self._frame(False, 0x12)
        self.seq[False] += 1
        self._frame(True, 0x10)

    def _frame(self, from_client, flags, data=b''):
        (smac, sip), (dmac, dip) = (self.cli, self.srv) if from_client else (self.srv, self.cli)
        sp, dp = (self.sport, self.dport) if from_client else (self.dport, self.sport)
        ack = self.seq[not from_client] if flags & 0x10 else 0
        seg = tcp(data, sp, dp, self.seq[from_client], ack, flags)
        self.cap.add(ether(ipv4(seg, sip, dip, proto=6), smac, dmac))

    def send(self, from_client, data):
        self._frame(from_client, 0x18, data)
        self.seq[from_client] += len(data)

    def close(self):
        self._frame(True, 0x11)
        self.seq[True] += 1
        self._frame(False, 0x11)
        self.seq[False] += 1
        self._frame(True, 0x10)
