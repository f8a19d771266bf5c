/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Floods: a device sending SYN, ACK, UDP, GRE or DNS-query floods (taking part in a botnet's
 * denial-of-service attack), judged against an absolute rate and against the device's own
 * baseline rate of that kind of packet; and a local device receiving a flood from many
 * (often spoofed) sources. Consumes every IP packet; raises IOT_SIG_FLOOD_*. */
#ifndef IOTSEC_DETECT_DETECT_FLOOD_H
#define IOTSEC_DETECT_DETECT_FLOOD_H

#include "detect/detect.h"

void iot_detect_flood(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_device *dev);

#endif
