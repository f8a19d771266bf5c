/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite store: devices, their addresses, observations (names and fingerprints among them)
 * the evidence of their classification, and findings about them (outdated firmware). Versioned schema migrations (PRAGMA user_version),
 * WAL mode, prepared statements only, one transaction per save. Saving a second run into the
 * same database merges: first_seen is kept, last_seen moves, counters add up, and each
 * attribute keeps the more confident verdict. */
#ifndef IOTSEC_STORE_STORE_H
#define IOTSEC_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "inventory/inventory.h"

#define IOT_STORE_SCHEMA_VERSION 6

struct iot_store;

/* Opens (creating and migrating) the database at path. read_only opens an existing one for the
 * query verbs. Returns NULL with err set. */
struct iot_store *iot_store_open(const char *path, bool read_only, char *err, size_t errlen);
void iot_store_close(struct iot_store *s);

/* Saves the inventory in one transaction. Returns IOT_OK or IOT_ERR_IO with err set. */
int iot_store_save_inventory(struct iot_store *s, const struct iot_inventory *inv, char *err,
                             size_t errlen);

/* An alert as stored: plain values (the detectors' struct points into a packet that is gone by
 * the time the run is saved). No secret is ever in it: explanations show passwords masked, and
 * a password is only a keyed hash (store-key.h). */
struct iot_store_alert {
    struct iot_ts ts;
    uint32_t sid;
    const char *signature, *category, *technique_id, *technique; /* static strings */
    uint8_t severity;
    char device_key[80]; /* "mac:..." or "ip:...", as devices.key; "" when unknown */
    char src_ip[48], dest_ip[48];
    uint16_t src_port, dest_port;
    uint8_t proto;
    uint64_t pcap_cnt, repeated, count, threshold;
    uint32_t window_seconds;
    char credential_hash[33]; /* keyed hash of the password the alert is about, or "" */
    char *explanation; /* owned by the record's keeper */
    uint8_t *evidence; /* the sealed packet (store-evidence.h), owned by the keeper, or NULL */
    size_t evidence_len;
};

/* What the store holds of one alert's evidence: its identity and the sealed blob (owned by the
 * caller: iot_free). */
struct iot_store_evidence {
    char ts[40], src_ip[48], dest_ip[48];
    uint32_t sid;
    uint64_t pcap_cnt;
    uint8_t *blob;
    size_t blob_len;
};

/* Loads alert id's evidence. IOT_OK; IOT_ERR_INPUT when there is no such alert or it has no
 * evidence (err says which). */
int iot_store_get_evidence(struct iot_store *s, int64_t id, struct iot_store_evidence *ev,
                           char *err, size_t errlen);

/* The key a device is stored under ("mac:aa:bb:..", "ip:10.0.0.5"). */
void iot_store_device_key(const struct iot_device *d, char *key, size_t len);

/* Saves alerts in one transaction; an alert already stored (same time, signature, addresses and
 * packet) is kept once, so analysing a capture twice does not double its alerts. */
int iot_store_save_alerts(struct iot_store *s, const struct iot_store_alert *a, size_t n,
                          char *err, size_t errlen);

enum iot_store_format { IOT_FMT_TABLE = 0, IOT_FMT_JSON, IOT_FMT_CSV };

/* iotsec alerts: every stored alert in time order, with its device's MAC, kind and vendor. */
int iot_store_print_alerts(struct iot_store *s, enum iot_store_format fmt, FILE *out, char *err,
                           size_t errlen);

/* iotsec inventory: every device, one line (table, csv) or object (json) each. */
int iot_store_print_inventory(struct iot_store *s, enum iot_store_format fmt, FILE *out,
                              char *err, size_t errlen);

/* iotsec device: one device found by MAC or IP, with every observation and piece of evidence.
 * Returns IOT_OK, IOT_ERR_INPUT when no device matches, IOT_ERR_IO on a database error. */
int iot_store_print_device(struct iot_store *s, const char *mac_or_ip, enum iot_store_format fmt,
                           FILE *out, char *err, size_t errlen);

#endif
