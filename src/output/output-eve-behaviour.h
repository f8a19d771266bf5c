/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE anomaly records of type "behaviour": a device acting unlike its learnt self (docs/eve.md):
 * score, threshold and whose it is, the features furthest from the device's baseline with their
 * value and baseline, the device, the packet, and the explanation in words. */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_BEHAVIOUR_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_BEHAVIOUR_H

#include "anomaly/anomaly.h"
#include "inventory/inventory.h"
#include "output/output-eve.h"

#include "anomaly/anomaly-incident.h"

void iot_eve_log_behaviour(struct iot_eve *e, const struct iot_packet *p,
                           const struct iot_device *dev, const struct iot_anomaly_verdict *v,
                           const struct iot_incident *inc, const char *explanation);

/* "incident": {id, alerts, anomalies, first} when inc is not NULL. */
void iot_eve_jb_incident(struct iot_eve *e, const struct iot_incident *inc);

#endif
