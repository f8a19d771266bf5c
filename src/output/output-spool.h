/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The exporter's on-disk spool: events waiting for the broker's acknowledgement, in arrival
 * order, bounded in bytes, surviving a restart (SQLite in WAL mode: a crash loses at most the
 * batch being written, never what was committed). Each event gets a sequence number that is
 * never reused in this spool, and the spool a random id made with it, so (spool id, sequence
 * number) names an event for good and a consumer can drop the duplicates at-least-once
 * delivery makes. One thread uses a spool at a time. */
#ifndef IOTSEC_OUTPUT_OUTPUT_SPOOL_H
#define IOTSEC_OUTPUT_OUTPUT_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct iot_spool;

struct iot_spool_stats {
    uint64_t pending;      /* events in the spool */
    uint64_t bytes;        /* their event-type and payload bytes */
    uint64_t max_bytes;
    uint64_t dropped;      /* refused because the spool was full, over the spool's whole life */
    uint64_t next_seq;     /* the number the next event will get */
};

/* Opens (creating) DIR/spool.db (0600), directory made 0700 if missing, and locks it: one
 * process per spool ("in use by another iotsec process" otherwise). max_bytes bounds the
 * events' bytes. readonly: no lock, no creation, for looking (export status). NULL with err. */
struct iot_spool *iot_spool_open(const char *dir, uint64_t max_bytes, bool readonly, char *err,
                                 size_t errlen);
void iot_spool_close(struct iot_spool *s);

/* Appends in one transaction: begin, add..., commit. iot_spool_add returns IOT_OK, or
 * IOT_ERR_NOMEM when the spool is full (the event is counted as dropped), or IOT_ERR_IO. */
int iot_spool_begin(struct iot_spool *s);
int iot_spool_add(struct iot_spool *s, const char *event_type, const char *payload, size_t len);
int iot_spool_commit(struct iot_spool *s);

/* Counts n events dropped before they reached the spool (a full queue in front of it). */
void iot_spool_count_dropped(struct iot_spool *s, uint64_t n);

/* Visits up to max events with a sequence number above after_seq, oldest first. The strings
 * are valid during the callback only; a damaged row comes with type "" and length 0. Returns the number visited, or -1 on error. */
typedef int (*iot_spool_visit_fn)(void *ctx, uint64_t seq, const char *event_type,
                                  const char *payload, size_t len);
int iot_spool_read(struct iot_spool *s, uint64_t after_seq, int max, iot_spool_visit_fn fn,
                   void *ctx);

/* Removes delivered events (one transaction). */
int iot_spool_remove(struct iot_spool *s, const uint64_t *seqs, size_t n);

void iot_spool_get_stats(const struct iot_spool *s, struct iot_spool_stats *st);

/* The spool's id: 16 lowercase hex digits, random, made with the spool. */
#define IOT_SPOOL_ID_LEN 16
const char *iot_spool_id(const struct iot_spool *s);

#endif
