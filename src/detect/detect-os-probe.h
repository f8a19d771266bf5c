/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Active OS fingerprinting (xprobe2, nmap -O): ICMP queries nothing on a modern network sends,
 * the obsolete timestamp (13), information (15) and address-mask (17) requests, and echo
 * requests with a non-zero code (nmap's IE probe uses code 9), are asked to see how a host's
 * stack answers. Two different kinds of such probes from one sender within detect.scan.window
 * raise IOT_SIG_OS_PROBE on the sender. IPv4 only: ICMPv6 has no such queries. */
#ifndef IOTSEC_DETECT_DETECT_OS_PROBE_H
#define IOTSEC_DETECT_DETECT_OS_PROBE_H

#include "detect/detect.h"

void iot_detect_os_probe(struct iot_detect *d, const struct iot_packet *p,
                         const struct iot_device *dev);

#endif
