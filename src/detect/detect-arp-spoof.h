/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ARP cache poisoning (arpspoof, ettercap, Cain): one MAC that claims, as the sender of its ARP
 * packets, two IPv4 addresses of the same /24 within ARP_CLAIM_WINDOW, at least one claim told
 * to a single host (a reply, or a unicast request) rather than to everyone: the attacker speaks
 * as the gateway to its victim while still using its own address. A device moving from its
 * factory address to a DHCP lease changes subnet (IoT Sentinel's D-Link devices go from
 * 192.168.0.x to 10.10.10.x); a probe's sender 0.0.0.0 is no claim. Raises IOT_SIG_SPOOF_ARP on
 * the claiming device. */
#ifndef IOTSEC_DETECT_DETECT_ARP_SPOOF_H
#define IOTSEC_DETECT_DETECT_ARP_SPOOF_H

#include "detect/detect.h"

void iot_detect_arp_spoof(struct iot_detect *d, const struct iot_packet *p,
                          const struct iot_device *dev);

#endif
