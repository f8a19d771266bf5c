/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A device's rates now and usually. */
#include "iotsec-common.h"
#include "anomaly/anomaly-rates.h"

#include <math.h>

/* Per second from a weight damped with IOT_RATE_HALF_LIFE: a steady rate r holds the weight
 * at r * H / ln 2. */
static double rate_of(double w)
{
    return w * M_LN2 / IOT_RATE_HALF_LIFE;
}

static void decay(struct iot_rates *r, double t)
{
    if (!(t > r->t))
        return;
    double f = exp2(-(t - r->t) / IOT_RATE_HALF_LIFE);
    for (int k = 0; k < IOT_RATE_KINDS; k++)
        r->w[k] *= f;
    for (int i = 0; i < IOT_RATE_PORTS; i++)
        r->port[i].w *= f;
    r->t = t;
}

static bool remember(struct iot_rates *r, double t, uint32_t dest_key)
{
    uint32_t key = dest_key | 1u; /* never 0, the empty mark */
    uint32_t slot = (dest_key >> 1) % IOT_RATE_RECENT;
    bool known = r->recent_key[slot] == key && t - r->recent_t[slot] < IOT_RATE_FORGET;
    r->recent_key[slot] = key;
    r->recent_t[slot] = t;
    return !known;
}

/* The service's slot, taking the one with the least weight when it has none. */
static void count_port(struct iot_rates *r, uint32_t service)
{
    int least = 0;
    for (int i = 0; i < IOT_RATE_PORTS; i++) {
        if (r->port[i].service == service && r->port[i].w > 0) {
            r->port[i].w += 1;
            return;
        }
        if (r->port[i].w < r->port[least].w)
            least = i;
    }
    r->port[least].service = service;
    r->port[least].w = 1;
}

bool iot_rates_update(struct iot_rates *r, double t, double bytes, uint32_t dest_key,
                      uint32_t service)
{
    decay(r, t);
    t = r->t > t ? r->t : t; /* a clock that stepped back counts at the last time */
    r->w[IOT_RATE_PACKETS] += 1;
    r->w[IOT_RATE_BYTES] += bytes;
    if (!remember(r, t, dest_key))
        return false;
    r->w[IOT_RATE_NEW_DESTS] += 1;
    if (service != 0)
        count_port(r, service);
    return true;
}

void iot_rate_usual_learn(struct iot_rate_usual *u, double t, double bytes, bool new_dest,
                          uint32_t service)
{
    if (u->count[IOT_RATE_PACKETS] == 0)
        u->first = u->last = t;
    if (t > u->last)
        u->last = t;
    u->count[IOT_RATE_PACKETS]++;
    u->count[IOT_RATE_BYTES] += (uint64_t)bytes;
    if (!new_dest)
        return;
    u->count[IOT_RATE_NEW_DESTS]++;
    if (service == 0)
        return;
    for (uint32_t i = 0; i < u->nports; i++)
        if (u->port_service[i] == service) {
            u->port_count[i]++;
            return;
        }
    if (u->nports < IOT_RATE_PORTS) {
        u->port_service[u->nports] = service;
        u->port_count[u->nports++] = 1;
    } else {
        u->other_ports++;
    }
}

void iot_rate_usual_merge(struct iot_rate_usual *into, const struct iot_rate_usual *from)
{
    into->last += from->last - from->first; /* a profile's first stays 0 */
    for (int k = 0; k < IOT_RATE_KINDS; k++)
        into->count[k] += from->count[k];
    into->other_ports += from->other_ports;
    for (uint32_t j = 0; j < from->nports; j++) {
        uint32_t i = 0;
        while (i < into->nports && into->port_service[i] != from->port_service[j])
            i++;
        if (i < into->nports) {
            into->port_count[i] += from->port_count[j];
        } else if (into->nports < IOT_RATE_PORTS) {
            into->port_service[into->nports] = from->port_service[j];
            into->port_count[into->nports++] = from->port_count[j];
        } else {
            into->other_ports += from->port_count[j];
        }
    }
}

double iot_rate_usual_of(const struct iot_rate_usual *u, enum iot_rate_kind kind,
                         uint32_t service)
{
    /* A device seen for a moment while learning still had that moment: a second at least. */
    double span = fmax(u->last - u->first, 1.0);
    if (u->count[IOT_RATE_PACKETS] == 0)
        return 0;
    if (service == 0)
        return (double)u->count[kind] / span;
    for (uint32_t i = 0; i < u->nports; i++)
        if (u->port_service[i] == service)
            return (double)u->port_count[i] / span;
    /* Not listed: never used, or (the list was full) at most all the others together. */
    return (double)u->other_ports / span;
}

/* How unusual: now over usual, with a floor of one event an hour so "never" still orders. */
static double ratio(const struct iot_rate_value *v)
{
    return v->now / fmax(v->usual, 1.0 / 3600);
}

int iot_rates_report(const struct iot_rates *r, const struct iot_rate_usual *u, double t,
                     struct iot_rate_value *out, int max)
{
    double f = t > r->t ? exp2(-(t - r->t) / IOT_RATE_HALF_LIFE) : 1.0;
    struct iot_rate_value all[IOT_RATE_KINDS + 1];
    int n = 0;
    for (int k = 0; k < IOT_RATE_KINDS; k++)
        all[n++] = (struct iot_rate_value){(enum iot_rate_kind)k, 0, rate_of(r->w[k] * f),
                                           iot_rate_usual_of(u, (enum iot_rate_kind)k, 0)};
    int busiest = -1;
    for (int i = 0; i < IOT_RATE_PORTS; i++)
        if (r->port[i].w > 0 && (busiest < 0 || r->port[i].w > r->port[busiest].w))
            busiest = i;
    if (busiest >= 0) {
        uint32_t sv = r->port[busiest].service;
        all[n++] = (struct iot_rate_value){IOT_RATE_NEW_DESTS, sv, rate_of(r->port[busiest].w * f),
                                           iot_rate_usual_of(u, IOT_RATE_NEW_DESTS, sv)};
    }
    for (int i = 1; i < n; i++) /* insertion sort, most unusual first; ties keep their order */
        for (int j = i; j > 0 && ratio(&all[j]) > ratio(&all[j - 1]); j--) {
            struct iot_rate_value tmp = all[j];
            all[j] = all[j - 1];
            all[j - 1] = tmp;
        }
    n = n < max ? n : max;
    for (int i = 0; i < n; i++)
        out[i] = all[i];
    return n;
}

bool iot_rate_usual_valid(const struct iot_rate_usual *u)
{
    if (!isfinite(u->first) || !isfinite(u->last) || u->last < u->first ||
        u->nports > IOT_RATE_PORTS)
        return false;
    for (uint32_t i = 0; i < u->nports; i++)
        if (u->port_service[i] == 0)
            return false;
    return true;
}

const char *iot_rate_kind_name(enum iot_rate_kind k)
{
    static const char *const names[IOT_RATE_KINDS] = {"packets", "bytes", "new_destinations"};
    return (unsigned)k < IOT_RATE_KINDS ? names[k] : "?";
}
