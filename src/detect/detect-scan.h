/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Generic scanning by any device: a horizontal scan probes one port on many hosts, a vertical
 * scan many ports on one host, a ping sweep sends ICMP echo requests to many hosts. A probe is a
 * TCP SYN without ACK, a small UDP datagram opening a flow, or an echo request. Consumes probes
 * and their answers; raises IOT_SIG_SCAN_HORIZONTAL, _SCAN_VERTICAL and _SWEEP_PING on the
 * sender. */
#ifndef IOTSEC_DETECT_DETECT_SCAN_H
#define IOTSEC_DETECT_DETECT_SCAN_H

#include "detect/detect.h"

/* ARP sweeps: one MAC asking for many addresses, most of which do not answer. Consumes ARP
 * packets; raises IOT_SIG_SWEEP_ARP. */
void iot_detect_arp_sweep(struct iot_detect *d, const struct iot_packet *p,
                          const struct iot_device *dev);

void iot_detect_scan(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     enum iot_flow_dir dir, const struct iot_device *dev);

#endif
