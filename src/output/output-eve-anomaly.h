/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE "anomaly" records: malformed input worth a line, one per decoder event on a packet. */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_ANOMALY_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_ANOMALY_H

#include "output/output-eve.h"

/* Writes one anomaly record for event ev seen on packet p. */
void iot_eve_log_anomaly(struct iot_eve *e, const struct iot_packet *p, enum iot_decode_event ev);

#endif
