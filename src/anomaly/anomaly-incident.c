/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Incidents per device: a small table scanned linearly (events are alerts and anomaly
 * reports, a few per device per window, not packets). */
#include "iotsec-common.h"
#include "anomaly/anomaly-incident.h"

#include "util/util-mem.h"

struct slot {
    uint64_t device; /* 0: free */
    struct iot_incident inc;
};

struct iot_incidents {
    struct slot *slots;
    uint32_t max, used;
    double window;
    uint64_t next_id;
};

struct iot_incidents *iot_incidents_new(uint32_t max, double window)
{
    if (max == 0)
        return NULL;
    struct iot_incidents *s = iot_calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    s->slots = iot_calloc(max, sizeof(*s->slots));
    if (s->slots == NULL) {
        iot_free(s);
        return NULL;
    }
    s->max = max;
    s->window = window;
    s->next_id = 1;
    return s;
}

void iot_incidents_free(struct iot_incidents *s)
{
    if (s == NULL)
        return;
    iot_free(s->slots);
    iot_free(s);
}

/* The device's slot, or a free one, or the least recently touched one. */
static struct slot *slot_for(struct iot_incidents *s, uint64_t device)
{
    struct slot *oldest = NULL;
    for (uint32_t i = 0; i < s->used; i++) {
        if (s->slots[i].device == device)
            return &s->slots[i];
        if (oldest == NULL || s->slots[i].inc.last < oldest->inc.last)
            oldest = &s->slots[i];
    }
    if (s->used < s->max)
        return &s->slots[s->used++];
    oldest->device = 0; /* forgotten: its next event opens a new incident */
    return oldest;
}

const struct iot_incident *iot_incident_note(struct iot_incidents *s, uint64_t device_id,
                                             double t, enum iot_incident_kind kind)
{
    struct slot *sl = slot_for(s, device_id + 1); /* 0 marks a free slot */
    if (sl->device != device_id + 1 || t - sl->inc.last > s->window) {
        sl->device = device_id + 1;
        sl->inc = (struct iot_incident){s->next_id++, t, t, 0, 0};
    }
    if (t > sl->inc.last)
        sl->inc.last = t;
    if (kind == IOT_INCIDENT_ALERT)
        sl->inc.alerts++;
    else
        sl->inc.anomalies++;
    return &sl->inc;
}

uint64_t iot_incidents_opened(const struct iot_incidents *s)
{
    return s->next_id - 1;
}
