/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central store `iotsec collect` fills: the EVE events of every gateway, as the exporter
 * published them, one row each, duplicates (at-least-once delivery, a re-sent spool) dropped
 * by their id (gateway, spool id, sequence number). Views give the alerts and a per-gateway
 * count. Messages come from a broker anyone with publish rights can write to: each is checked
 * (topic shape, size, JSON object whose host, event type and ids agree with the topic) before
 * it is stored, and refused with a reason otherwise. */
#ifndef IOTSEC_STORE_STORE_CENTRAL_H
#define IOTSEC_STORE_STORE_CENTRAL_H

#include <stddef.h>
#include <stdint.h>

#define IOT_CENTRAL_MSG_MAX (1u << 20)

struct iot_central;

/* Opens or creates the database at path (":memory:" works). NULL with err set. */
struct iot_central *iot_central_open(const char *path, char *err, size_t errlen);
void iot_central_close(struct iot_central *c);

/* A duplicate has the id and the content of a stored event (a re-sent event); a conflict has
 * the id of a stored event and other content (forged, or a gateway's spool reset): the first
 * one stays, the conflict is counted. Which publisher may write which topic is the broker's
 * ACL's job (docs/export.md). */
enum iot_central_result { IOT_CENTRAL_ADDED = 0, IOT_CENTRAL_DUPLICATE = 1, IOT_CENTRAL_CONFLICT = 2 };

/* Groups the adds between them into one transaction (a collector commits once per batch of
 * messages read from the socket, not once per message). */
int iot_central_begin(struct iot_central *c);
int iot_central_commit(struct iot_central *c);

/* Stores one message (committed before it returns unless inside begin/commit). Returns
 * IOT_CENTRAL_ADDED, IOT_CENTRAL_DUPLICATE, IOT_CENTRAL_CONFLICT, IOT_ERR_INPUT for a refused
 * message (err says why, with the topic's unprintable bytes shown as '?') or IOT_ERR_IO. */
int iot_central_add(struct iot_central *c, const char *topic, const void *payload, size_t len,
                    char *err, size_t errlen);

/* Events stored for gateway (NULL: all). */
uint64_t iot_central_count(struct iot_central *c, const char *gateway);

#endif
