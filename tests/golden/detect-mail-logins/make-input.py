#!/usr/bin/env python3
"""Writes input.pcap: a printer reads mail over plain IMAP (LOGIN, accepted), then a camera
guesses SMTP AUTH PLAIN passwords against a mail relay listening on port 2525 (not a mail
port: the "220 ... ESMTP" greeting names the protocol), six sessions 2 s apart, each refused
with 535. Run once; the output is committed."""
import base64
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
from pcaplib import Capture, TcpSession  # noqa: E402

cap = Capture()
printer = (bytes.fromhex('0200000000b1'), '192.168.1.31')
camera = (bytes.fromhex('0200000000b2'), '192.168.1.32')
imap = (bytes.fromhex('0200000000fe'), '198.51.100.25')
relay = (bytes.fromhex('0200000000c1'), '192.168.1.40')

s = TcpSession(cap, printer, imap, 41000, 143)
s.send(False, b'* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] mail.example.net ready\r\n')
s.send(True, b'a001 LOGIN scan-to-mail "Tr0ub4dor&3"\r\n')
s.send(False, b'a001 OK LOGIN completed\r\n')
s.send(True, b'a002 LOGOUT\r\n')
s.send(False, b'* BYE\r\na002 OK LOGOUT completed\r\n')
s.close()

for i, pw in enumerate([b'admin', b'123456', b'password', b'root', b'12345', b'smtp']):
    cap.wait(2)
    s = TcpSession(cap, camera, relay, 42000 + i, 2525)
    s.send(False, b'220 relay.lan ESMTP Postfix\r\n')
    s.send(True, b'EHLO cam\r\n')
    s.send(False, b'250-relay.lan\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n')
    s.send(True, b'AUTH PLAIN ' + base64.b64encode(b'\0admin\0' + pw) + b'\r\n')
    s.send(False, b'535 5.7.8 Error: authentication failed\r\n')
    s.send(True, b'QUIT\r\n')
    s.send(False, b'221 2.0.0 Bye\r\n')
    s.close()
cap.write(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'input.pcap'))
