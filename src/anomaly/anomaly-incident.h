/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Incidents: signature alerts and behaviour anomalies about the same device close in time are
 * one story. Each event about a device joins the device's open incident when the previous event
 * of that incident is at most `window` seconds older, else opens a new one. Facts in: the
 * device's id, the time and the kind of event; out: the incident's id and counts, which the
 * engine writes into the alert and anomaly records.
 * Bounded: at most `max` devices are tracked; the least recently touched one is forgotten
 * first (its next event opens a new incident). Ids count up from 1, in order of opening:
 * deterministic for a given input. */
#ifndef IOTSEC_ANOMALY_ANOMALY_INCIDENT_H
#define IOTSEC_ANOMALY_ANOMALY_INCIDENT_H

#include <stdint.h>

enum iot_incident_kind { IOT_INCIDENT_ALERT, IOT_INCIDENT_ANOMALY };

struct iot_incident {
    uint64_t id;
    double first, last;   /* times of its first and latest event */
    uint64_t alerts, anomalies;
};

struct iot_incidents;

/* NULL when out of memory or max is 0. */
struct iot_incidents *iot_incidents_new(uint32_t max, double window);
void iot_incidents_free(struct iot_incidents *s);

/* Records an event and returns the incident it belongs to (valid until the next call). */
const struct iot_incident *iot_incident_note(struct iot_incidents *s, uint64_t device_id,
                                             double t, enum iot_incident_kind kind);

uint64_t iot_incidents_opened(const struct iot_incidents *s);

#endif
