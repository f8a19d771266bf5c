/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What nDPI's verdict on a flow tells the detectors, once it is settled by inspection: an SSH
 * session (named by its banner, on whatever port) counts as a login attempt of its client for
 * the SSH brute-force test, and the flow risks that mean something on an IoT network become
 * alerts: obsolete TLS and SSH, weak TLS ciphers, SMBv1 (posture findings, on the client),
 * algorithmically generated DNS names (C2) and command injection or Log4Shell in requests
 * (exploits, on the sender). Risks that only restate our own detectors (clear-text
 * credentials, binary transfers) or need lists we do not ship (risky domains, JA3) are left to
 * the flow record's "risks". */
#ifndef IOTSEC_DETECT_DETECT_NDPI_H
#define IOTSEC_DETECT_DETECT_NDPI_H

#include "app/app-ndpi.h"
#include "detect/detect.h"

/* v was settled by packet p of flow f (direction dir, sent by dev, which may be NULL). */
void iot_detect_verdict(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                        enum iot_flow_dir dir, const struct iot_device *dev,
                        const struct iot_ndpi_verdict *v);

#endif
