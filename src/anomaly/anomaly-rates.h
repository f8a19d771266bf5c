/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A device's rates, for explanations a person can weigh: packets, bytes and new destinations
 * per second "over the last second" (damped counts with a 1 s half-life: a steady rate r gives
 * a weight of r / ln 2), the new destinations per service, and what the device usually does:
 * its counts over its own learning time divided by that time.
 *
 * A destination is new when the device sent nothing to that address in the last
 * IOT_RATE_FORGET seconds, as far as a small direct-mapped table of recent destinations can
 * tell (a device with many more usual peers than slots sees some of them as new: its usual
 * rate then includes them too). The service of a packet is its protocol and the lower of its
 * two ports, so a scan of port 23 counts as new destinations on TCP/23.
 * Fixed-size structs, no allocation: the device table owns them. */
#ifndef IOTSEC_ANOMALY_ANOMALY_RATES_H
#define IOTSEC_ANOMALY_ANOMALY_RATES_H

#include <stdbool.h>
#include <stdint.h>

#define IOT_RATE_HALF_LIFE 1.0 /* seconds */
#define IOT_RATE_FORGET 60.0   /* seconds after which a destination is new again */
#define IOT_RATE_RECENT 128    /* recent destinations remembered per device */
#define IOT_RATE_PORTS 8       /* services whose new destinations are counted apart */

enum iot_rate_kind { IOT_RATE_PACKETS, IOT_RATE_BYTES, IOT_RATE_NEW_DESTS, IOT_RATE_KINDS };

/* What the device does now (damped) and which destinations it used lately. */
struct iot_rates {
    double t; /* time the weights are at */
    double w[IOT_RATE_KINDS];
    struct {
        uint32_t service;
        double w;
    } port[IOT_RATE_PORTS];
    uint32_t recent_key[IOT_RATE_RECENT]; /* 0: empty */
    double recent_t[IOT_RATE_RECENT];
};

/* What the device usually does: counts over its learning time (saved with the model). */
struct iot_rate_usual {
    double first, last;    /* learning time span (a kind's profile: 0 and the summed spans) */
    uint64_t count[IOT_RATE_KINDS];
    uint32_t port_service[IOT_RATE_PORTS];
    uint64_t port_count[IOT_RATE_PORTS];
    uint32_t nports;
    uint64_t other_ports; /* new destinations on services beyond the list */
};

/* One rate now against the usual one. service is set for new destinations of one service. */
struct iot_rate_value {
    enum iot_rate_kind kind;
    uint32_t service; /* protocol << 16 | port, 0 for the device's total */
    double now, usual; /* per second */
};

/* Counts a packet of `bytes` to the destination whose keyed hash is dest_key, of `service`
 * (0 without ports), at time t. Returns true when the destination was new. */
bool iot_rates_update(struct iot_rates *r, double t, double bytes, uint32_t dest_key,
                      uint32_t service);

/* Adds the same packet to what the device usually does (while it learns). */
void iot_rate_usual_learn(struct iot_rate_usual *u, double t, double bytes, bool new_dest,
                          uint32_t service);

/* Adds one device's usual into a kind's profile: counts and spans summed, so the profile's rate
 * is the kind's average per device. */
void iot_rate_usual_merge(struct iot_rate_usual *into, const struct iot_rate_usual *from);

/* The usual rate of one kind (and service), per second; 0 before any learning time. */
double iot_rate_usual_of(const struct iot_rate_usual *u, enum iot_rate_kind kind,
                         uint32_t service);

/* The device's rates at t against its usual ones, most unusual first: packets, bytes, new
 * destinations and those of the service with most of them now. Returns how many (<= max). */
int iot_rates_report(const struct iot_rates *r, const struct iot_rate_usual *u, double t,
                     struct iot_rate_value *out, int max);

/* Whether a saved usual is consistent (finite, ordered times, list within bounds). */
bool iot_rate_usual_valid(const struct iot_rate_usual *u);

const char *iot_rate_kind_name(enum iot_rate_kind k); /* "packets", "bytes", "new_destinations" */

#endif
