/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE JSON lines, one event per line, with Suricata's field names where the meaning is the same.
 * Field reference: docs/eve.md. Output is deterministic: times come from packets, and keys are
 * written in a fixed order. */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_H

#include <jansson.h>
#include <stdio.h>

#include "decode/decode.h"
#include "output/output-json.h"

struct iot_eve;

/* Opens path for writing ("-" is standard output). Returns NULL with err set on failure. */
struct iot_eve *iot_eve_open(const char *path, char *err, size_t errlen);

/* Flushes and closes; returns IOT_ERR_IO if any write failed (a full disk must not pass silently). */
int iot_eve_close(struct iot_eve *e);

/* A new event object with "timestamp" and "event_type" set. The caller adds fields and passes
 * it to iot_eve_emit, which writes one line and releases the object. */
json_t *iot_eve_event_new(struct iot_ts ts, const char *event_type);
void iot_eve_emit(struct iot_eve *e, json_t *ev);

/* The record builder for hot records (flow): iot_jb_begin on it, add fields, then
 * iot_eve_emit_jb writes the line (or counts a failure). */
struct iot_jb *iot_eve_jb(struct iot_eve *e);
void iot_eve_emit_jb(struct iot_eve *e);

/* Adds "timestamp" in Suricata's format, reusing the formatted second across calls. */
void iot_eve_jb_ts(struct iot_eve *e, const char *key, struct iot_ts ts);

/* Suricata-style time "2023-11-14T22:13:20.123456+0000" into buf (at least 32 bytes). */
void iot_eve_format_ts(struct iot_ts ts, char *buf, size_t len);

/* Text form of an address (IPv4 when ip_ver is 4). */
void iot_eve_format_addr(const struct iot_addr *a, int ip_ver, char *buf, size_t len);
void iot_eve_format_mac(const uint8_t mac[6], char *buf, size_t len);

/* "TCP", "UDP", "ICMP", "IPv6-ICMP", "GRE", or the number. */
const char *iot_eve_proto_name(uint8_t proto, char *buf, size_t len);

/* src_ip, src_port, dest_ip, dest_port (TCP and UDP) and proto into a record. */
void iot_eve_jb_tuple(struct iot_jb *jb, const struct iot_addr *src, const struct iot_addr *dst,
                      uint16_t sp, uint16_t dp, uint8_t ver, uint8_t proto);

/* Sets a json member, dropping the event quietly if jansson cannot allocate. */
void iot_eve_set(json_t *obj, const char *key, json_t *value);

/* fn gets every line as it is written (newline included), on the caller's thread: the MQTT
 * exporter's entry. NULL removes it. */
typedef void (*iot_eve_tap_fn)(void *ctx, const char *line, size_t len);
void iot_eve_set_tap(struct iot_eve *e, iot_eve_tap_fn fn, void *ctx);

uint64_t iot_eve_events_written(const struct iot_eve *e);
/* Records that could not be written (allocation, size cap, I/O). */
uint64_t iot_eve_events_failed(const struct iot_eve *e);

#endif
