/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pipeline for one packet source: decode, flow, app (nDPI), EVE output, stats timer.
 * One engine per thread; it owns every table it uses. */
#ifndef IOTSEC_ENGINE_ENGINE_H
#define IOTSEC_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/capture.h"
#include "config/config.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "output/output-eve.h"

/* Alerts the end-of-run summary lists (eve.json has every one). */
#define IOT_ENGINE_SUMMARY_ALERTS 50
/* Alerts one run keeps for the store (deduplication keeps them few; beyond, they are counted). */
#define IOT_ENGINE_MAX_STORED 16384

struct iot_engine;

struct iot_engine_summary {
    uint64_t packets, bytes, invalid;
    uint64_t flows, flows_evicted, memcap_refused;
    uint64_t anomalies, events_written, events_failed;
    uint64_t flow_mem_peak;
    struct iot_ts first, last;
};

/* Creates an engine writing to eve (borrowed: the caller closes it after iot_engine_free).
 * Returns NULL with err set when a table cannot be allocated. */
struct iot_engine *iot_engine_new(const struct iot_config *cfg, struct iot_eve *eve, char *err,
                                  size_t errlen);

/* Read-only resources several engines can share: the nDPI module (0.1 s to set up), the IEEE
 * registries and the classification rules. A NULL member is loaded by the engine itself from
 * the configuration; shared ones are borrowed and must outlive the engine. */
struct iot_ndpi;
struct iot_oui_db;
struct iot_ruleset;
struct iot_p0f_db;
struct iot_fwmin_db;
struct iot_engine_shared {
    struct iot_ndpi *ndpi;
    const struct iot_oui_db *oui;
    const struct iot_ruleset *rules;
    const struct iot_p0f_db *p0f; /* NULL: loaded from inventory.p0f-db when the file exists */
    const struct iot_fwmin_db *fw; /* NULL: loaded from inventory.firmware-minimum (or none) */
};

struct iot_engine *iot_engine_new_shared(const struct iot_config *cfg, struct iot_eve *eve,
                                         const struct iot_engine_shared *shared, char *err,
                                         size_t errlen);

/* Finds the rules file for cfg ("auto": IOTSEC_DATA_DIR, then data/ beside the program's build
 * or installation). Returns false with err set when there is none. */
bool iot_engine_rules_path(const struct iot_config *cfg, char *path, size_t len, char *err,
                           size_t errlen);

/* Finds the firmware minimum file for cfg as iot_engine_rules_path finds the rules. Returns false
 * with err set when there is none; path is "" when inventory.firmware-minimum is "none". */
bool iot_engine_firmware_path(const struct iot_config *cfg, char *path, size_t len, char *err,
                              size_t errlen);

/* Saves the inventory into the SQLite store at path (merging with what it holds). */
/* Alerts about a password carry its keyed hash (for the store) from now on; a no-op when
 * detection is off. key: IOT_DETECT_CRED_KEY_LEN bytes, copied. */
void iot_engine_set_credential_key(struct iot_engine *e, const uint8_t *key);
/* Keeps each alert's packet in the store, sealed under key (IOT_EVIDENCE_KEY_BYTES, copied);
 * without a call no packet bytes are kept at all. */
void iot_engine_set_evidence_key(struct iot_engine *e, const uint8_t *key);
/* Alerts whose packet was sealed for the store so far. */
uint64_t iot_engine_evidence_kept(const struct iot_engine *e);

int iot_engine_save_store(const struct iot_engine *e, const char *path, char *err, size_t errlen);

/* Writes DIR/inventory.json (see output-inventory.h). */
int iot_engine_write_inventory(const struct iot_engine *e, const char *path);

/* Prints the inventory as a table (one line a device), for the terminal summary. */
/* Prints the run's alert count and the first IOT_ENGINE_SUMMARY_ALERTS alerts, explained. */
void iot_engine_print_alerts(const struct iot_engine *e, FILE *out);

void iot_engine_print_inventory(const struct iot_engine *e, FILE *out);

/* Runs one captured packet through the pipeline. */
void iot_engine_process(struct iot_engine *e, struct iot_packet *p);

/* Capture-side counters (kernel drops) for the next stats record. */
void iot_engine_set_capture_stats(struct iot_engine *e, const struct iot_capture_stats *st);

/* Ends every flow (reason "shutdown") and writes the final stats record. */
void iot_engine_finish(struct iot_engine *e);

void iot_engine_get_summary(const struct iot_engine *e, struct iot_engine_summary *s);

/* Loads anomaly.behaviour.model (or starts learning when there is none yet), its checksum keyed
 * with key (32 bytes) or not (NULL). Call once before the first packet when the stage is on. */
int iot_engine_start_behaviour(struct iot_engine *e, const uint8_t *key, char *err, size_t errlen);
/* Saves the behavioural model to anomaly.behaviour.model (when enabled and set). */
int iot_engine_save_behaviour(const struct iot_engine *e, char *err, size_t errlen);
/* The behaviour stage's counters; false when it is off. loaded: its model came from a file;
 * keyed: its model's checksum is keyed with the vault's key. */
struct iot_anomaly_stats;
bool iot_engine_behaviour_stats(const struct iot_engine *e, struct iot_anomaly_stats *st,
                                bool *loaded, bool *keyed);

/* Writes the protocol breakdown of ended flows ("tls 12") in id order, for the CLI summary. */
void iot_engine_print_protocols(const struct iot_engine *e, FILE *out);

void iot_engine_free(struct iot_engine *e);

#endif
