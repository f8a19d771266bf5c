/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Broker settings from the command line and the config, with their secrets: a client key from
 * the vault (vault:NAME) or a private file, a password from the vault only. Shared by analyze,
 * export and collect. */
#ifndef IOTSEC_CLI_CLI_EXPORT_H
#define IOTSEC_CLI_CLI_EXPORT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output/output-mqtt.h"
#include "vault/vault.h"

struct iot_config;

/* The broker part of the config, as text. */
struct iot_cli_broker {
    const char *url, *ca_file, *cert_file, *key, *username, *password;
    bool allow_plain;
    unsigned keepalive;
};

/* A connection with its secrets in guarded memory: free with iot_cli_conn_free. */
struct iot_cli_conn {
    struct iot_mqtt_conn conn;
    uint8_t *key_pem;
    char *password;
};

/* Resolves b into c. v is the open vault (NULL: vault:NAME values are refused). Prints the
 * reason and returns an exit code on failure. */
int iot_cli_conn_get(const char *verb, const struct iot_cli_broker *b, struct iot_vault *v,
                     struct iot_cli_conn *c);
void iot_cli_conn_free(struct iot_cli_conn *c);

/* True when the broker settings need the vault (a vault:NAME key or password). */
bool iot_cli_broker_needs_vault(const struct iot_cli_broker *b);

/* The broker settings of a config. */
void iot_cli_broker_from_config(const struct iot_config *cfg, struct iot_cli_broker *b);

/* The exporter's settings from cfg (spool under output.dir unless export.spool.dir is set),
 * with conn borrowed from c. */
int iot_cli_export_config(const char *verb, const struct iot_config *cfg,
                          const struct iot_cli_conn *c, bool wait_when_full,
                          struct iot_mqtt_export_config *x);

/* The exporter of cfg's export.* settings with its secrets (v may be NULL), started; *out NULL
 * and an exit code with the reason printed on failure. */
int iot_cli_export_start(const char *verb, const struct iot_config *cfg, struct iot_vault *v,
                         bool wait_when_full, _Atomic int *abort_drain,
                         struct iot_mqtt_exporter **out);

/* One line about what the exporter did, for the summaries. */
void iot_cli_export_print(FILE *out, const char *url, const struct iot_mqtt_export_stats *st);

#endif
