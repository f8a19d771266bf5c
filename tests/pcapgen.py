"""Tiny pcap writer for the captures golden tests generate themselves: Ethernet/IPv4/TCP
sessions with correct checksums and sequence numbers, one segment per send."""
import struct


def _csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def _segment(smac, dmac, src, dst, sp, dp, seq, ack, flags, data):
    hdr = struct.pack('!HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags, 65535, 0, 0)
    pseudo = src + dst + struct.pack('!BBH', 0, 6, len(hdr) + len(data))
    hdr = hdr[:16] + struct.pack('!H', _csum(pseudo + hdr + data)) + hdr[18:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(hdr) + len(data), 1, 0x4000, 64, 6, 0,
                     src, dst)
    ip = ip[:10] + struct.pack('!H', _csum(ip)) + ip[12:]
    return dmac + smac + b'\x08\x00' + ip + hdr + data


class Host:
    def __init__(self, mac, ip):
        self.mac = bytes.fromhex(mac.replace(':', ''))
        self.ip = bytes(int(x) for x in ip.split('.'))


class Capture:
    """Packets gap_us apart (default 1 ms) from t0 (seconds) on; times kept in microseconds."""

    def __init__(self, t0=1700000000):
        self.t = t0 * 1000000
        self.pkts = []

    def add(self, frame, gap_us=1000):
        self.pkts.append((self.t, frame))
        self.t += gap_us

    def wait(self, seconds):
        self.t += int(seconds * 1000000)

    def write(self, path):
        with open(path, 'wb') as f:
            f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
            for t, p in self.pkts:
                f.write(struct.pack('<IIII', t // 1000000, t % 1000000, len(p), len(p)) + p)


class Tcp:
    """One TCP session: handshake on creation, send() from either side, close()."""

    def __init__(self, cap, cli, srv, sp, dp, isn=(1000, 5000)):
        self.cap, self.cli, self.srv, self.sp, self.dp = cap, cli, srv, sp, dp
        self.seq = {True: isn[0], False: isn[1]}  # True: the client's side
        self._pkt(True, 0x02)
        self.seq[True] += 1
        self._pkt(False, 0x12)
        self.seq[False] += 1
        self._pkt(True, 0x10)

    def _pkt(self, from_client, flags, data=b''):
        a, b = (self.cli, self.srv) if from_client else (self.srv, self.cli)
        sp, dp = (self.sp, self.dp) if from_client else (self.dp, self.sp)
        ack = self.seq[not from_client] if flags & 0x10 else 0
        self.cap.add(_segment(a.mac, b.mac, a.ip, b.ip, sp, dp, self.seq[from_client], ack, flags,
                              data))

    def send(self, from_client, data):
        self._pkt(from_client, 0x18, data)
        self.seq[from_client] += len(data)

    def close(self):
        self._pkt(True, 0x11)
        self.seq[True] += 1
        self._pkt(False, 0x11)
        self.seq[False] += 1
        self._pkt(True, 0x10)
