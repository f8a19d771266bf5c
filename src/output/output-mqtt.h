/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The MQTT exporter: every EVE line (of the configured event types) goes to a broker as one
 * QoS 1 message on PREFIX/GATEWAY/EVENT_TYPE, with "host" (the gateway), "export_spool" (the
 * spool's random id) and "export_seq" (a number the spool never reuses) added in front, so a
 * consumer can merge gateways and drop duplicates. Delivery is at-least-once: an event stays in the on-disk spool until the broker
 * acknowledges it, and a restart sends what the last run left.
 *
 * Threads: iot_mqtt_export_push runs on the packet path and only appends to an in-memory queue
 * bounded in bytes (full: the event is dropped and counted, or, for capture files, the caller
 * waits). One exporter thread owns the spool and the connection; the network never blocks the
 * packet path. */
#ifndef IOTSEC_OUTPUT_OUTPUT_MQTT_H
#define IOTSEC_OUTPUT_OUTPUT_MQTT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output/output-mqtt-client.h"

struct iot_mqtt_export_config {
    struct iot_mqtt_conn conn;        /* secrets borrowed until iot_mqtt_export_new returns */
    char gateway[IOT_MQTT_NAME_MAX];  /* topic level and "host" */
    char topic_prefix[IOT_MQTT_NAME_MAX];
    char event_types[256];            /* comma-separated, or "all" */
    char spool_dir[256];
    uint64_t spool_max_bytes;
    uint64_t queue_max_bytes;
    unsigned reconnect_max;           /* seconds between attempts, at most */
    unsigned drain_timeout;           /* seconds iot_mqtt_export_close waits for the broker */
    unsigned window;                  /* messages awaiting acknowledgement at once */
    bool wait_when_full;              /* capture files: push waits instead of dropping */
    _Atomic int *abort_drain;         /* optional, the caller's: non-zero makes a close that
                                       * waits for the broker stop now (a signal handler may
                                       * set it); the rest stays in the spool */
};

struct iot_mqtt_export_stats {
    uint64_t queued;        /* events accepted by push */
    uint64_t filtered;      /* event types not exported */
    uint64_t spooled;       /* events written to the spool */
    uint64_t published;     /* PUBLISH sent (counting re-sends) */
    uint64_t delivered;     /* acknowledged by the broker, removed from the spool */
    uint64_t dropped;       /* queue or spool full, this run */
    uint64_t spool_dropped; /* the spool's lifetime total */
    uint64_t pending;       /* left in the spool at close */
    uint64_t connects, connect_failures;
    char last_error[256];
};

struct iot_mqtt_exporter;

/* Opens the spool and starts the exporter thread (which connects on its own, retrying with
 * backoff). Returns NULL with err set when the configuration or the spool is unusable. */
struct iot_mqtt_exporter *iot_mqtt_export_new(const struct iot_mqtt_export_config *cfg,
                                              char *err, size_t errlen);

/* One EVE line (with or without its newline). Never touches the network. */
void iot_mqtt_export_push(struct iot_mqtt_exporter *x, const char *line, size_t len);

/* Stops accepting events, waits up to drain_timeout seconds for the broker to acknowledge what
 * is queued and spooled, stops the thread and frees everything. Undelivered events stay in the
 * spool for the next run. st (may be NULL) gets the final counters. */
void iot_mqtt_export_close(struct iot_mqtt_exporter *x, struct iot_mqtt_export_stats *st);

/* The EVE event type of a line: the value of its "event_type" key when it is [a-z_]{1,31},
 * else "unknown". */
void iot_mqtt_event_type(const char *line, size_t len, char *out, size_t outlen);

#endif
