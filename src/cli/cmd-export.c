/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec export status|flush: what waits in the exporter's spool, and sending it without a
 * capture to analyse (after the broker was away when a run ended). The settings are the ones
 * analyze uses: the config file and --export.* options. */
#include "iotsec-common.h"
#include "cli/cli.h"

#include <sys/stat.h>

#include "cli/cli-export.h"
#include "cli/cli-passphrase.h"
#include "cli/cli-vault.h"
#include "config/config.h"
#include "output/output-spool.h"

static const char *const export_usage =
    "usage: iotsec export status [--config FILE] [-o DIR] [--export.spool.dir=DIR]\n"
    "       iotsec export flush  [--config FILE] [-o DIR] [--export.mqtt.url=URL ...]\n"
    "                            [--vault FILE] [--vault-key-file K] [--passphrase-fd N]\n"
    "status prints what waits in the spool; flush sends it to the broker (waiting up to\n"
    "export.mqtt.drain-timeout seconds) and fails when some is still left.\n";

struct export_opts {
    const char *vault, *key_file;
    int pass_fd;
};

static int parse_export(struct iot_config *cfg, struct export_opts *o, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        int rc = iot_cli_config_option(cfg, argc, argv, &i);
        if (rc < 0)
            return -rc;
        if (rc > 0)
            continue;
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char err[256];
        if (v == NULL)
            return iot_cli_usage_error("export", export_usage, "unknown option or missing value");
        if (strcmp(a, "--config") == 0)
            ; /* loaded before the overrides */
        else if (strcmp(a, "--vault") == 0)
            o->vault = v;
        else if (strcmp(a, "--vault-key-file") == 0)
            o->key_file = v;
        else if (strcmp(a, "--passphrase-fd") == 0 && iot_passphrase_fd_parse(v, &o->pass_fd) == IOT_OK)
            ;
        else if (strcmp(a, "-o") == 0 && iot_config_set(cfg, "output.dir", v, err, sizeof(err)) == IOT_OK)
            ;
        else
            return iot_cli_usage_error("export", export_usage, "unknown option or bad value");
        i++;
    }
    return IOT_EXIT_OK;
}

static int export_status(const struct iot_config *cfg)
{
    char dir[512], path[600], err[512];
    if (cfg->export.spool_dir[0])
        snprintf(dir, sizeof(dir), "%s", cfg->export.spool_dir);
    else
        snprintf(dir, sizeof(dir), "%s/spool", cfg->output_dir);
    snprintf(path, sizeof(path), "%s/spool.db", dir);
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "iotsec export: no spool in %s\n", dir);
        return IOT_EXIT_INPUT;
    }
    struct iot_spool *s = iot_spool_open(dir, cfg->export.spool_max, true, err, sizeof(err));
    if (s == NULL) {
        fprintf(stderr, "iotsec export: %s\n", err);
        return IOT_EXIT_INPUT;
    }
    struct iot_spool_stats ss;
    iot_spool_get_stats(s, &ss);
    printf("spool      %s (id %s)\n", dir, iot_spool_id(s));
    printf("pending    %llu events, %llu bytes of %llu\n", (unsigned long long)ss.pending,
           (unsigned long long)ss.bytes, (unsigned long long)ss.max_bytes);
    printf("dropped    %llu (spool or queue full, over the spool's life)\n",
           (unsigned long long)ss.dropped);
    printf("next seq   %llu\n", (unsigned long long)ss.next_seq);
    iot_spool_close(s);
    return IOT_EXIT_OK;
}

static int export_flush(const struct iot_config *cfg, const struct export_opts *o)
{
    if (cfg->export.url[0] == '\0') {
        fprintf(stderr, "iotsec export: flush needs export.mqtt.url\n");
        return IOT_EXIT_USAGE;
    }
    struct iot_vault *v = NULL;
    if (o->vault != NULL && (v = iot_cli_vault_open("export", o->vault, o->key_file, o->pass_fd)) == NULL)
        return IOT_EXIT_INPUT;
    struct iot_mqtt_exporter *x = NULL;
    int rc = iot_cli_export_start("export", cfg, v, true, NULL, &x);
    iot_vault_close(v);
    if (x == NULL)
        return rc;
    struct iot_mqtt_export_stats st;
    iot_mqtt_export_close(x, &st);
    iot_cli_export_print(stdout, cfg->export.url, &st);
    return st.pending == 0 ? IOT_EXIT_OK : IOT_EXIT_INPUT;
}

static int cmd_export(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "status") != 0 && strcmp(argv[1], "flush") != 0)) {
        if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
            fputs(export_usage, stdout);
            return IOT_EXIT_OK;
        }
        return iot_cli_usage_error("export", export_usage, argc < 2 ? NULL : "unknown verb");
    }
    struct iot_config cfg;
    struct export_opts o = {.pass_fd = -1};
    int rc = iot_cli_load_config(&cfg, argc, argv, "export");
    if (rc == IOT_EXIT_OK)
        rc = parse_export(&cfg, &o, argc, argv);
    if (rc != IOT_EXIT_OK)
        return rc;
    return strcmp(argv[1], "status") == 0 ? export_status(&cfg) : export_flush(&cfg, &o);
}

const struct iot_cmd_entry iot_cmd_export = {
    "export", "show or send the MQTT exporter's spool of undelivered events", cmd_export};
