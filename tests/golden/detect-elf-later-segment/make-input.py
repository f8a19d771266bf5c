#!/usr/bin/env python3
"""Writes input.pcap: a device fetches an ARM executable over HTTP and the server sends the
response head in one segment and the body (ELF magic first) in the next, as servers that write
the head before reading the file do. Run once; the output is committed."""
import struct

CLI_MAC, SRV_MAC = bytes.fromhex('0200000000a1'), bytes.fromhex('0200000000fe')
CLI, SRV = bytes([192, 168, 1, 20]), bytes([198, 51, 100, 23])


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def tcp(src, dst, sp, dp, seq, ack, flags, data=b''):
    hdr = struct.pack('!HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags, 65535, 0, 0)
    pseudo = src + dst + struct.pack('!BBH', 0, 6, len(hdr) + len(data))
    c = csum(pseudo + hdr + data)
    hdr = hdr[:16] + struct.pack('!H', c) + hdr[18:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(hdr) + len(data), 1, 0x4000, 64, 6, 0,
                     src, dst)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    smac, dmac = (CLI_MAC, SRV_MAC) if src == CLI else (SRV_MAC, CLI_MAC)
    return dmac + smac + b'\x08\x00' + ip + hdr + data


def main():
    req = b'GET /bins/mirai.arm7 HTTP/1.1\r\nHost: 198.51.100.23\r\nUser-Agent: Wget\r\n\r\n'
    body = b'\x7fELF\x01\x01\x01\x00' + b'\0' * 8 + b'\x02\x00\x28\x00' + b'\0' * 44
    head = b'HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n' % len(body)
    c, s = 1000, 5000
    pkts = [tcp(CLI, SRV, 40000, 80, c, 0, 0x02), tcp(SRV, CLI, 80, 40000, s, c + 1, 0x12),
            tcp(CLI, SRV, 40000, 80, c + 1, s + 1, 0x10),
            tcp(CLI, SRV, 40000, 80, c + 1, s + 1, 0x18, req),
            tcp(SRV, CLI, 80, 40000, s + 1, c + 1 + len(req), 0x18, head),
            tcp(SRV, CLI, 80, 40000, s + 1 + len(head), c + 1 + len(req), 0x18, body),
            tcp(CLI, SRV, 40000, 80, c + 1 + len(req), s + 1 + len(head) + len(body), 0x11),
            tcp(SRV, CLI, 80, 40000, s + 1 + len(head) + len(body), c + 2 + len(req), 0x11),
            tcp(CLI, SRV, 40000, 80, c + 2 + len(req), s + 2 + len(head) + len(body), 0x10)]
    with open('input.pcap', 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, p in enumerate(pkts):
            f.write(struct.pack('<IIII', 1700000000, 1000 * i, len(p), len(p)) + p)


main()
