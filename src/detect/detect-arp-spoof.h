/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ARP cache poisoning (arpspoof, ettercap, Cain): ARP replies nobody asked for (no request
 * from the target for that address within ARP_ANSWER_SECONDS; gratuitous announcements of
 * one's own address excepted), from a MAC that either claims an address another MAC announced
 * first within ARP_CLAIM_WINDOW (the gateway's, as arpspoof does), or claims two addresses of
 * one /24 (the victim is told the gateway's while the attacker keeps using its own). Answers to
 * requests never count: range extenders in MAC-NAT mode and proxy-ARP routers answer for many
 * addresses, but only when asked. A device moving from its factory address to a DHCP lease
 * changes subnet. Raises IOT_SIG_SPOOF_ARP on the claiming device. */
#ifndef IOTSEC_DETECT_DETECT_ARP_SPOOF_H
#define IOTSEC_DETECT_DETECT_ARP_SPOOF_H

#include "detect/detect.h"

void iot_detect_arp_spoof(struct iot_detect *d, const struct iot_packet *p,
                          const struct iot_device *dev);

#endif
