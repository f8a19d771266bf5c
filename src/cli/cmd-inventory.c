/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec inventory, iotsec device and iotsec alerts: the store, read-only. */
#include "iotsec-common.h"
#include "cli/cli.h"

#include "config/config.h"
#include "store/store.h"

enum query_kind { Q_INVENTORY, Q_DEVICE, Q_ALERTS };

struct query_args {
    const char *db;
    const char *target; /* device: MAC or IP */
    enum iot_store_format fmt;
};

static int parse_format(const char *s, bool csv_ok, enum iot_store_format *fmt)
{
    if (strcmp(s, "table") == 0)
        *fmt = IOT_FMT_TABLE;
    else if (strcmp(s, "json") == 0)
        *fmt = IOT_FMT_JSON;
    else if (csv_ok && strcmp(s, "csv") == 0)
        *fmt = IOT_FMT_CSV;
    else
        return -1;
    return 0;
}

static int parse_query_args(int argc, char **argv, const char *verb, enum query_kind kind,
                            struct query_args *a, char *dbbuf, size_t dblen)
{
    bool device = kind == Q_DEVICE, csv_ok = kind == Q_INVENTORY;
    struct iot_config cfg;
    int rc = iot_cli_load_config(&cfg, argc, argv, verb);
    if (rc != IOT_EXIT_OK)
        return rc;
    for (int i = 1; i < argc; i++) {
        bool has_val = i + 1 < argc;
        if (strcmp(argv[i], "--db") == 0 && has_val) {
            a->db = argv[++i];
        } else if (strcmp(argv[i], "--format") == 0 && has_val) {
            if (parse_format(argv[++i], csv_ok, &a->fmt) != 0) {
                fprintf(stderr, "iotsec %s: unknown format '%s' (table, json%s)\n", verb, argv[i],
                        csv_ok ? ", csv" : "");
                return IOT_EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--config") == 0 && has_val) {
            i++;
        } else if (device && argv[i][0] != '-' && a->target == NULL) {
            a->target = argv[i];
        } else {
            fprintf(stderr, "usage: iotsec %s %s[--db FILE] [--format table|json%s]\n", verb,
                    device ? "MAC|IP " : "", csv_ok ? "|csv" : "");
            return IOT_EXIT_USAGE;
        }
    }
    if (device && a->target == NULL) {
        fprintf(stderr, "usage: iotsec device MAC|IP [--db FILE] [--format table|json]\n");
        return IOT_EXIT_USAGE;
    }
    if (a->db == NULL) {
        snprintf(dbbuf, dblen, "%s/iotsec.db", cfg.output_dir);
        a->db = dbbuf;
    }
    return IOT_EXIT_OK;
}

static int run_query(int argc, char **argv, const char *verb, enum query_kind kind)
{
    struct query_args a = {NULL, NULL, IOT_FMT_TABLE};
    char dbbuf[300], err[512];
    int rc = parse_query_args(argc, argv, verb, kind, &a, dbbuf, sizeof(dbbuf));
    if (rc != IOT_EXIT_OK)
        return rc;
    struct iot_store *s = iot_store_open(a.db, true, err, sizeof(err));
    if (s == NULL) {
        fprintf(stderr, "iotsec %s: %s\n", verb, err);
        return IOT_EXIT_INPUT;
    }
    if (kind == Q_DEVICE)
        rc = iot_store_print_device(s, a.target, a.fmt, stdout, err, sizeof(err));
    else if (kind == Q_ALERTS)
        rc = iot_store_print_alerts(s, a.fmt, stdout, err, sizeof(err));
    else
        rc = iot_store_print_inventory(s, a.fmt, stdout, err, sizeof(err));
    iot_store_close(s);
    if (rc != IOT_OK) {
        fprintf(stderr, "iotsec %s: %s\n", verb, err);
        return IOT_EXIT_INPUT;
    }
    return IOT_EXIT_OK;
}

static int cmd_inventory(int argc, char **argv)
{
    return run_query(argc, argv, "inventory", Q_INVENTORY);
}

static int cmd_device(int argc, char **argv)
{
    return run_query(argc, argv, "device", Q_DEVICE);
}

static int cmd_alerts(int argc, char **argv)
{
    return run_query(argc, argv, "alerts", Q_ALERTS);
}

const struct iot_cmd_entry iot_cmd_inventory = {
    "inventory", "list the devices in the store (--db, --format table|json|csv)", cmd_inventory};
const struct iot_cmd_entry iot_cmd_device = {
    "device", "one device with all its evidence (MAC or IP; --db, --format)", cmd_device};
const struct iot_cmd_entry iot_cmd_alerts = {
    "alerts", "list the alerts in the store, explained (--db, --format table|json)", cmd_alerts};
