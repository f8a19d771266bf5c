/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's behavioural-anomaly stage: packet facts into src/anomaly, verdicts out as EVE
 * anomaly records of type behaviour; the learned state loaded from and saved to
 * anomaly.behaviour.model; every score into anomaly.behaviour.scores when asked (evaluation). */
#ifndef IOTSEC_ENGINE_ENGINE_BEHAVIOUR_H
#define IOTSEC_ENGINE_ENGINE_BEHAVIOUR_H

#include <stdio.h>

#include "anomaly/anomaly-incident.h"
#include "anomaly/anomaly.h"
#include "config/config.h"
#include "inventory/inventory.h"
#include "output/output-eve.h"

struct iot_engine_behaviour {
    struct iot_anomaly *a; /* NULL: the stage is off */
    struct iot_incidents *incidents;
    FILE *scores;
    double fpr;
    struct iot_anomaly_config ac;
    struct iot_anomaly_verdict v; /* the last packet's (large: not on the packet path's stack) */
    char model[256];
    bool loaded; /* the state came from the model file */
    bool keyed;  /* the model's checksum is keyed with key */
    uint8_t key[IOT_ANOMALY_KEY_BYTES];
};

/* Prepares the stage when anomaly.behaviour.enabled (else leaves b off); without a model file
 * it starts learning at once, with one it waits for iot_engine_behaviour_start. IOT_OK, or an
 * error with err set. */
int iot_engine_behaviour_open(struct iot_engine_behaviour *b, const struct iot_config *cfg,
                              char *err, size_t errlen);

/* Loads the model file, or starts learning when there is none yet; key (32 bytes, or NULL)
 * keys its checksum. A model that does not load is an error: learning from scratch silently
 * would hide that the gateway forgot everything. */
int iot_engine_behaviour_start(struct iot_engine_behaviour *b, const uint8_t *key, char *err,
                               size_t errlen);

/* One decoded packet, its sender's device (may be NULL) and the name it asks for when it is a
 * DNS query (else NULL; odd: the name's text does not show all its bytes). */
void iot_engine_behaviour_packet(struct iot_engine_behaviour *b, struct iot_eve *eve,
                                 const struct iot_packet *p, const struct iot_device *dev,
                                 const char *dns_query, bool odd);

/* The incident an event about dev at ts joins (recording it), or NULL when the stage is off
 * or the event is about no device. */
const struct iot_incident *iot_engine_behaviour_incident(struct iot_engine_behaviour *b,
                                                         const struct iot_device *dev,
                                                         struct iot_ts ts,
                                                         enum iot_incident_kind kind);

/* Saves the learned state to the model file (atomically), when there is one to save. */
int iot_engine_behaviour_save(const struct iot_engine_behaviour *b, char *err, size_t errlen);

void iot_engine_behaviour_close(struct iot_engine_behaviour *b);

#endif
