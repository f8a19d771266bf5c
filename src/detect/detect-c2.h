/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command and control, four ways:
 * - Mirai's hello: the bot opens a TCP connection to its C2 server (port 23 in the public
 *   source) and says 00 00 00 01, an id length byte and that many bytes of id
 *   (attack/main.c, establish_connection), then 2-byte heartbeats (IOT_SIG_C2_MIRAI).
 * - A baseline per local device: the internet destinations (address and port) it sent TCP
 *   payload to during its first detect.c2.learn seconds, and the DNS names it looked up
 *   (at most IOT_TRACK_MAX_DISTINCT of each). Within detect.c2.window seconds after a
 *   compromise stage on the device (a loader's commands in a shell on it, a loader's executable
 *   downloaded by it), a destination or a name outside the baseline is what a fresh bot
 *   does first: call home (IOT_SIG_C2_NEW_DEST, IOT_SIG_C2_NEW_NAME).
 * - Beaconing: an IoT device contacting one internet destination outside its baseline at a
 *   steady period (detect.beacon.intervals intervals of at least a second, spread within
 *   detect.beacon.jitter percent of their median), as implants poll their server
 *   (IOT_SIG_C2_BEACON). Periodic traffic to learnt destinations is what IoT cloud heartbeats
 *   look like and is left alone.
 * - Algorithmically generated names come from nDPI's DGA risk (detect-ndpi.c).
 * State is keyed by address in the detectors' bounded table; an evicted baseline is learnt
 * again. */
#ifndef IOTSEC_DETECT_DETECT_C2_H
#define IOTSEC_DETECT_DETECT_C2_H

#include "detect/detect.h"

/* A TCP payload packet of flow f. */
void iot_detect_c2(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                   enum iot_flow_dir dir, const struct iot_device *dev);

/* A DNS query for name sent by packet p (from the asking device dev, may be NULL). */
void iot_detect_c2_dns(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                       const struct iot_device *dev, const char *name);

/* True when a compromise stage hit addr within detect.c2.window before now. */
bool iot_detect_c2_compromised(struct iot_detect *d, const struct iot_addr *addr, uint8_t ver,
                               struct iot_ts now);

/* Alert a was raised: when it is a compromise stage, remember when its victim was hit. */
void iot_detect_c2_mark(struct iot_detect *d, const struct iot_alert *a);

#endif
