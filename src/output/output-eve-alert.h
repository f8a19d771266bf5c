/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE "alert" records, Suricata-shaped (alert.signature_id, .signature, .category, .severity)
 * plus what an operator needs to act: the device, the MITRE ATT&CK technique, the evidence
 * (count, threshold, window, sample packets) and a one-line explanation. docs/alerts.md. */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_ALERT_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_ALERT_H

#include "detect/detect.h"
#include "output/output-eve.h"

struct iot_incident;

/* inc: the incident the alert joins (written as "incident"), or NULL. */
void iot_eve_log_alert(struct iot_eve *e, const struct iot_alert *a, const struct iot_incident *inc);

#endif
