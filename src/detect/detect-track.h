/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bounded state every detector keeps: "this source, this port, this window" entries in a
 * set-associative table (4 ways a bucket) keyed by SipHash with a random key per run, sized
 * from a byte budget. A full bucket gives its least recently touched entry to the newcomer and
 * counts it, so an attacker spraying keys (a scan of a /8) costs a fixed amount of memory and
 * O(1) work a packet, and only makes us forget the stalest sources.
 *
 * An entry counts events in a window, remembers up to IOT_TRACK_MAX_DISTINCT distinct 32-bit
 * values (destinations, ports), and a few sample packets to show as evidence. */
#ifndef IOTSEC_DETECT_DETECT_TRACK_H
#define IOTSEC_DETECT_DETECT_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"

#define IOT_TRACK_KEY_MAX 40
#define IOT_TRACK_MAX_DISTINCT 64
#define IOT_TRACK_SAMPLES 3
#define IOT_TRACK_WAYS 4

/* A packet kept as evidence: when, which packet, which 5-tuple. */
struct iot_track_sample {
    struct iot_ts ts;
    uint64_t pcap_cnt;
    struct iot_addr src, dst;
    uint16_t sp, dp;
    uint8_t ip_ver, proto;
};

struct iot_track_entry {
    uint32_t hash;
    uint8_t klen;
    uint8_t key[IOT_TRACK_KEY_MAX];
    bool used;
    bool alerted;      /* the detector alerted for this window already */
    struct iot_ts start, last;
    uint64_t count;    /* events in the window */
    uint64_t aux;      /* detector-defined (bytes, a second counter) */
    uint16_t ndistinct;
    uint32_t distinct[IOT_TRACK_MAX_DISTINCT];
    uint8_t nsamples;
    struct iot_track_sample samples[IOT_TRACK_SAMPLES];
};

struct iot_track_stats {
    uint64_t entries, evicted, memuse;
};

struct iot_track;

/* memcap: bytes for the table (at least one bucket); key16: SipHash key, or NULL for random. */
struct iot_track *iot_track_new(size_t memcap, const uint8_t *key16);
void iot_track_free(struct iot_track *t);

/* The entry for key (klen <= IOT_TRACK_KEY_MAX), created when absent. Its window restarts
 * (counts, distinct values, samples and the alerted flag cleared) when ts is window_sec or
 * more past its start. Never NULL for a valid key. */
struct iot_track_entry *iot_track_get(struct iot_track *t, const void *key, size_t klen,
                                      struct iot_ts ts, uint32_t window_sec);

/* The entry for key if present (its window untouched), else NULL. */
struct iot_track_entry *iot_track_find(struct iot_track *t, const void *key, size_t klen);

/* Adds v to the entry's distinct values. Returns true when v is new (false when already
 * present or when the set is full: the set saturates at IOT_TRACK_MAX_DISTINCT). */
bool iot_track_distinct(struct iot_track_entry *e, uint32_t v);

/* Keeps p as a sample when fewer than IOT_TRACK_SAMPLES are kept. */
void iot_track_sample(struct iot_track_entry *e, const struct iot_packet *p);

const struct iot_track_stats *iot_track_stats(const struct iot_track *t);

#endif
