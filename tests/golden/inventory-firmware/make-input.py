#!/usr/bin/env python3
"""Writes input.pcap: Philips Hue bridges announcing themselves, for the outdated-firmware
finding. Each bridge sends an SSDP NOTIFY whose SERVER names its API version ("IpBridge/1.9.0",
the firmware's) and an mDNS answer whose TXT names its model (modelid=BSB002), as real bridges
do (compare ../shared/data/iot-sentinel/HueBridge). (A) 1.9.0, then after an update 1.20.0: two
findings, one per outdated version. (B) 1.48.0: up to date, none. (C) 1.2.0 but no model
announced: nothing to compare with, none. (E) 1.9.0, then updated to 1.48.0: one finding, gone
from the final inventory. Run once; the output is committed."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
from pcaplib import Capture, ether, ipv4, udp  # noqa: E402

SSDP_MAC, MDNS_MAC = bytes.fromhex('01005e7ffffa'), bytes.fromhex('01005e0000fb')


def notify(mac, ip, server):
    msg = ('NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=100\r\n'
           f'LOCATION: http://{ip}:80/description.xml\r\nSERVER: {server}\r\n'
           'NTS: ssdp:alive\r\nNT: upnp:rootdevice\r\n'
           f'USN: uuid:2f402f80-da50-11e1-9b23-{mac.hex()}::upnp:rootdevice\r\n\r\n').encode()
    return ether(ipv4(udp(msg, 1900, 1900), ip, '239.255.255.250', ttl=4), mac, SSDP_MAC)


def name(text):
    return b''.join(bytes([len(p)]) + p.encode() for p in text.split('.')) + b'\0'


def mdns_txt(mac, ip, instance, pairs):
    rdata = b''.join(bytes([len(p)]) + p.encode() for p in pairs)
    rr = name(instance + '._hue._tcp.local') + struct.pack('!HHIH', 16, 0x8001, 4500, len(rdata)) + rdata
    msg = struct.pack('!HHHHHH', 0, 0x8400, 0, 1, 0, 0) + rr
    return ether(ipv4(udp(msg, 5353, 5353), ip, '224.0.0.251', ttl=255), mac, MDNS_MAC)


cap = Capture()
a = (bytes.fromhex('00178800000a'), '192.168.1.10')
b = (bytes.fromhex('00178800000b'), '192.168.1.11')
c = (bytes.fromhex('00178800000c'), '192.168.1.12')
e = (bytes.fromhex('00178800000e'), '192.168.1.14')

cap.add(notify(*a, 'Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0'))
cap.add(mdns_txt(*a, 'Philips hue - 00000A', ['bridgeid=001788fffe00000a', 'modelid=BSB002']))
cap.add(mdns_txt(*b, 'Philips hue - 00000B', ['bridgeid=001788fffe00000b', 'modelid=BSB002']))
cap.add(notify(*b, 'Hue/1.0 UPnP/1.0 IpBridge/1.48.0'))
cap.add(notify(*c, 'Linux/3.14.0 UPnP/1.0 IpBridge/1.2.0'))
cap.add(notify(*e, 'Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0'))
cap.add(mdns_txt(*e, 'Philips hue - 00000E', ['bridgeid=001788fffe00000e', 'modelid=BSB002']))
cap.wait(60)
cap.add(notify(*a, 'Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0'))  # a repeat: no second finding
cap.wait(600)
cap.add(notify(*a, 'Hue/1.0 UPnP/1.0 IpBridge/1.20.0'))      # updated, still outdated
cap.add(notify(*e, 'Hue/1.0 UPnP/1.0 IpBridge/1.48.0'))      # updated, up to date
cap.write(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'input.pcap'))
