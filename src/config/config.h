/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one configuration: a table of typed options, settable from a file ("key = value" lines)
 * and from the command line (--key=value), and printed back by `iotsec config --dump`. */
#ifndef IOTSEC_CONFIG_CONFIG_H
#define IOTSEC_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"
#include "detect/detect.h"
#include "flow/flow.h"

struct iot_config {
    struct iot_flow_config flow;
    struct iot_defrag_config defrag;
    uint64_t stats_interval;  /* seconds of capture time between stats events; 0 = only at end */
    uint64_t ndpi_max_pkts_tcp; /* packets per TCP flow given to nDPI before it must decide */
    uint64_t ndpi_max_pkts_udp;
    uint64_t seed;            /* 0: random flow-hash key per run; else a fixed key (tests) */
    uint64_t snaplen;         /* live capture */
    uint64_t anomaly_max_per_type; /* EVE anomaly lines per event type per run; counters go on */
    char output_dir[256];
    uint64_t inventory_enabled;
    uint64_t inventory_memcap;
    uint64_t inventory_router_hosts;
    char inventory_rules[256]; /* "auto": data/devices.rules of the installation */
    char inventory_firmware[256]; /* "auto": data/firmware-minimum.txt; "none": no check */
    char ieee_data_dir[256];
    char p0f_db[256]; /* "" disables SYN fingerprinting */
    uint64_t detect_enabled;
    struct iot_detect_config detect; /* detect.suppress is parsed into detect.suppress[] */
    char detect_suppress[1024];
    char detect_home_net[1024];
    char detect_credentials[256]; /* "auto": data/mirai-credentials.txt of the installation */
    struct iot_behaviour_config { /* behavioural anomaly detection (docs/anomaly.md) */
        uint64_t enabled, memcap, fm_grace, ad_grace, cal_grace, max_ae, fpr_ppm;
        uint64_t max_devices, window, incident_window;
        char model[256];  /* learned state: loaded when the file exists, saved at the end */
        char scores[256]; /* every scored packet's score, for evaluation */
    } behaviour;
    struct iot_export_config {   /* the MQTT exporter (docs/export.md); url "" = off */
        char url[256];
        uint64_t allow_plain;
        char gateway[64];        /* "" = the host name */
        char topic_prefix[64];
        char event_types[256];
        char ca_file[256];
        char cert_file[256];
        char key[256];           /* a PEM file, or vault:NAME */
        char username[64];
        char password[128];      /* vault:NAME only */
        uint64_t keepalive, reconnect_max, drain_timeout, window;
        char spool_dir[256];     /* "" = OUTPUT_DIR/spool */
        uint64_t spool_max, queue_max;
    } export;
};

/* Sets every option to its default. */
void iot_config_default(struct iot_config *cfg);

/* Sets one option from its text form. Returns IOT_OK, IOT_ERR_USAGE for an unknown key or
 * IOT_ERR_INPUT for a bad value; err (may be NULL) gets a message naming key and value. */
int iot_config_set(struct iot_config *cfg, const char *key, const char *value, char *err,
                   size_t errlen);

/* Loads "key = value" lines ('#' starts a comment). The first bad line fails the load, and err
 * names the file and line. */
int iot_config_load(struct iot_config *cfg, const char *path, char *err, size_t errlen);

/* Writes every option as "key = value  # help" lines, a valid config file. */
void iot_config_dump(const struct iot_config *cfg, FILE *out);

/* True when key names an option (for the CLI's --key=value parsing). */
bool iot_config_has_key(const char *key);

#endif
