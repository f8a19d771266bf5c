/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mirai's scanner: raw TCP SYNs whose sequence number equals the destination IPv4 address (its
 * stateless scanner recognises replies by it), to telnet (23, 2323) and the other ports its
 * family probes. Consumes TCP SYN packets; raises IOT_SIG_MIRAI_SCAN on the sender. */
#ifndef IOTSEC_DETECT_DETECT_MIRAI_SCAN_H
#define IOTSEC_DETECT_DETECT_MIRAI_SCAN_H

#include "detect/detect.h"

void iot_detect_mirai_scan(struct iot_detect *d, const struct iot_packet *p,
                           const struct iot_device *dev);

#endif
