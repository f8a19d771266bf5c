/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command and control. Mirai's bot opens a TCP connection to its C2 server (port 23 in the
 * public source) and says hello in its own binary protocol: 00 00 00 01, an id length byte and
 * that many bytes of id (attack/main.c, establish_connection), then 2-byte heartbeats. Consumes
 * the first client payloads of TCP flows; raises IOT_SIG_C2_MIRAI on the client. */
#ifndef IOTSEC_DETECT_DETECT_C2_H
#define IOTSEC_DETECT_DETECT_C2_H

#include "detect/detect.h"

void iot_detect_c2(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                   enum iot_flow_dir dir, const struct iot_device *dev);

#endif
