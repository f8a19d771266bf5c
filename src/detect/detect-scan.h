/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Generic scanning by any device: a horizontal scan probes one port on many hosts, a vertical
 * scan many ports on one host. A probe is a TCP SYN without ACK or a UDP datagram opening a
 * flow. Consumes probes; raises IOT_SIG_SCAN_HORIZONTAL / IOT_SIG_SCAN_VERTICAL on the sender. */
#ifndef IOTSEC_DETECT_DETECT_SCAN_H
#define IOTSEC_DETECT_DETECT_SCAN_H

#include "detect/detect.h"

void iot_detect_scan(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     enum iot_flow_dir dir, const struct iot_device *dev);

#endif
