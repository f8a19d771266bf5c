/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Per-packet behaviour features (Kitsune's AfterImage, extended as in its paper to 115): for
 * each packet, damped statistics at the five decay factors of anomaly-incstat.h over
 *   MI      the sender's MAC and IP together: packet sizes            (w, mean, std)
 *   host    the sending IP: packet sizes                              (w, mean, std)
 *   channel sender IP to receiver IP: this direction's sizes and both (w, mean, std,
 *           directions together                                        magnitude, radius, cov, pcc)
 *   jitter  sender IP to receiver IP: times between packets           (w, mean, std)
 *   socket  sender IP:port to receiver IP:port, per protocol: as for the channel
 * = 23 values at each of 5 decay factors = IOT_FEAT_COUNT features, in that order per λ.
 *
 * Every table is a keyed hash (SipHash, key from the seed or random), a fixed pool of entries
 * sized from a byte cap at creation, and evicts entries not used since the last sweep (CLOCK) when
 * full: a device scanning a million addresses costs the same memory and time per packet as
 * one talking to three. */
#ifndef IOTSEC_ANOMALY_ANOMALY_FEATURES_H
#define IOTSEC_ANOMALY_ANOMALY_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "anomaly/anomaly-incstat.h"

#define IOT_FEAT_PER_LAMBDA 23
#define IOT_FEAT_COUNT (IOT_FEAT_PER_LAMBDA * IOT_INCSTAT_LAMBDAS)

/* What one packet contributes: facts the decoder already has. */
struct iot_feat_packet {
    double t;          /* seconds */
    double len;        /* bytes on the wire */
    uint8_t src_mac[6];
    uint8_t ip_ver;    /* 4 or 6 */
    uint8_t proto;
    uint8_t src_ip[16], dst_ip[16];
    uint16_t sp, dp;
};

struct iot_feat_stats {
    uint64_t packets;
    uint64_t inserted[5], evicted[5]; /* per table: MI, host, channel, jitter, socket */
    uint64_t entries[5], capacity[5];
    uint64_t bytes;                    /* everything the extractor allocated */
};

struct iot_feat;

/* memcap: bytes for all tables (at least 64 KiB); seed 0 draws a random hash key. NULL when
 * out of memory. */
struct iot_feat *iot_feat_new(uint64_t memcap, uint64_t seed);
void iot_feat_free(struct iot_feat *f);

/* Updates the tables with p and writes the IOT_FEAT_COUNT features into out. */
void iot_feat_update(struct iot_feat *f, const struct iot_feat_packet *p, double *out);

void iot_feat_get_stats(const struct iot_feat *f, struct iot_feat_stats *st);

/* "host.size.mean" style name of feature i, and its half-life in seconds (1 / λ). */
const char *iot_feat_name(int i);
double iot_feat_half_life(int i);

#endif
