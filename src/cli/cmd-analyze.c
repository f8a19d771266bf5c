/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec analyze: a capture file, standard input or a live interface through the pipeline,
 * EVE events into DIR/eve.json, and a short summary on the terminal. */
#include "iotsec-common.h"
#include "cli/cli.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <sodium.h>
#include <sys/stat.h>

#include "anomaly/anomaly.h"
#include "capture/capture.h"
#include "config/config.h"
#include "engine/engine.h"
#include "output/output-eve.h"
#include "store/store-evidence.h"
#include "store/store-key.h"
#include "cli/cli-export.h"
#include "cli/cli-passphrase.h"
#include "cli/cli-vault.h"

/* What a signal handler must reach: the live capture (the first signal stops it) and the
 * exporter's drain (a second one stops waiting for the broker). The CLI's only global mutable
 * state. */
static struct iot_capture *live_capture;
static _Atomic int abort_drain;
static volatile sig_atomic_t stop_signals;

static void on_stop_signal(int sig)
{
    IOT_UNUSED(sig);
    if (stop_signals++ == 0 && live_capture != NULL)
        iot_capture_stop(live_capture);
    else
        atomic_store(&abort_drain, 1);
}

struct analyze_args {
    const char *read_file;
    const char *iface;
    const char *bpf;
    const char *vault, *vault_key_file; /* the store's keys from the vault */
    int pass_fd;
    bool quiet;
};

static void analyze_usage(FILE *out)
{
    fprintf(out,
            "usage: iotsec analyze (-r FILE | -i IFACE [--bpf EXPR]) [-o DIR] [--config FILE]\n"
            "                      [-q] [--KEY=VALUE ...]\n"
            "  -r FILE        read a pcap or pcapng file ('-' for standard input)\n"
            "  -i IFACE       capture live on an interface (Ctrl-C stops)\n"
            "  --bpf EXPR     BPF filter for live capture\n"
            "  -o DIR         output directory (default: iotsec-out, or output.dir)\n"
            "  --config FILE  configuration file (see 'iotsec config --dump')\n"
            "  -q             no summary on standard output\n"
            "  --vault FILE   take the store's keys from this vault and keep each alert's packet,\n"
            "                 encrypted (--vault-key-file K, or --passphrase-fd N /\n"
            "                 IOTSEC_PASSPHRASE / a prompt, opens it)\n"
            "  --export.mqtt.url=mqtts://HOST[:PORT]\n"
            "                 also publish the events to an MQTT broker (docs/export.md)\n"
            "Every configuration key is also an option: --flow.memcap=128m\n");
}

/* The store's keys: with --vault, the credential-hash and evidence keys come from the vault
 * (made there on first use) and each alert's packet is kept, sealed; without, the credential
 * key is the file beside the database and no packet is kept. */
static int set_store_keys(struct iot_engine *e, struct iot_vault *v, const char *db_path)
{
    uint8_t key[IOT_CRED_KEY_LEN];
    char err[512];
    int rc = IOT_EXIT_OK;
    if (v == NULL) {
        if (iot_store_credential_key(db_path, key, err, sizeof(err)) != IOT_OK) {
            fprintf(stderr, "iotsec analyze: %s\n", err);
            return IOT_EXIT_INPUT;
        }
        iot_engine_set_credential_key(e, key);
        sodium_memzero(key, sizeof(key));
        return IOT_EXIT_OK;
    }
    _Static_assert(IOT_CRED_KEY_LEN == 32 && IOT_EVIDENCE_KEY_BYTES == 32, "vault keys are 32 bytes");
    if (iot_cli_vault_key("analyze", v, "store/credential-key", true, key) != IOT_OK)
        rc = IOT_EXIT_INPUT;
    else
        iot_engine_set_credential_key(e, key);
    if (rc == IOT_EXIT_OK && iot_cli_vault_key("analyze", v, "store/evidence-key", true, key) != IOT_OK)
        rc = IOT_EXIT_INPUT;
    else if (rc == IOT_EXIT_OK)
        iot_engine_set_evidence_key(e, key);
    sodium_memzero(key, sizeof(key));
    return rc;
}

/* The behaviour model: with --vault its checksum is keyed with the vault's anomaly/model-key
 * (made there on first use), so only that vault's holder can make a model this gateway loads. */
static int start_behaviour(struct iot_engine *e, const struct iot_config *cfg, struct iot_vault *v)
{
    uint8_t key[IOT_ANOMALY_KEY_BYTES];
    bool keyed = v != NULL && cfg->behaviour.enabled && cfg->behaviour.model[0] != '\0';
    if (keyed && iot_cli_vault_key("analyze", v, "anomaly/model-key", true, key) != IOT_OK)
        return IOT_EXIT_INPUT;
    char err[512];
    int rc = iot_engine_start_behaviour(e, keyed ? key : NULL, err, sizeof(err));
    sodium_memzero(key, sizeof(key));
    if (rc != IOT_OK) {
        fprintf(stderr, "iotsec analyze: %s\n", err);
        return IOT_EXIT_INPUT;
    }
    return IOT_EXIT_OK;
}

static void export_tap(void *ctx, const char *line, size_t len)
{
    iot_mqtt_export_push(ctx, line, len);
}

/* The MQTT exporter, when export.mqtt.url is set: secrets from the vault or files, then the
 * exporter thread, fed from every EVE line. */
static int start_export(const struct iot_config *cfg, const struct analyze_args *a,
                        struct iot_vault *v, struct iot_eve *eve, struct iot_mqtt_exporter **out)
{
    *out = NULL;
    if (cfg->export.url[0] == '\0')
        return IOT_EXIT_OK;
    int rc = iot_cli_export_start("analyze", cfg, v, a->read_file != NULL, &abort_drain, out);
    if (*out != NULL)
        iot_eve_set_tap(eve, export_tap, *out);
    return rc;
}

/* Waits (export.mqtt.drain-timeout) for the broker, then says what is left behind. */
static void stop_export(struct iot_mqtt_exporter *x, struct iot_eve *eve, const char *url,
                        bool quiet)
{
    if (x == NULL)
        return;
    iot_eve_set_tap(eve, NULL, NULL);
    struct iot_mqtt_export_stats st;
    iot_mqtt_export_close(x, &st);
    if (!quiet)
        iot_cli_export_print(stdout, url, &st);
    if (st.pending > 0 || st.dropped > 0)
        fprintf(stderr, "iotsec analyze: %llu events wait in the spool for %s, %llu dropped%s%s\n",
                (unsigned long long)st.pending, url, (unsigned long long)st.dropped,
                st.last_error[0] ? "; last error: " : "", st.last_error);
}

/* Opens the vault once for everything that needs it (a passphrase from a descriptor can be
 * read only once). */
static int open_vault(const struct iot_config *cfg, const struct analyze_args *a,
                      struct iot_vault **v)
{
    *v = NULL;
    struct iot_cli_broker b;
    iot_cli_broker_from_config(cfg, &b);
    if (a->vault == NULL) {
        if (cfg->export.url[0] != '\0' && iot_cli_broker_needs_vault(&b)) {
            fprintf(stderr, "iotsec analyze: the exporter's vault: secrets need --vault FILE\n");
            return IOT_EXIT_USAGE;
        }
        return IOT_EXIT_OK;
    }
    *v = iot_cli_vault_open("analyze", a->vault, a->vault_key_file, a->pass_fd);
    return *v != NULL ? IOT_EXIT_OK : IOT_EXIT_INPUT;
}

static int parse_args(struct iot_config *cfg, struct analyze_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int rc = iot_cli_config_option(cfg, argc, argv, &i);
        if (rc < 0)
            return -rc;
        if (rc > 0)
            continue;
        const char *o = argv[i];
        bool has_val = i + 1 < argc;
        if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
            analyze_usage(stdout);
            return -1;
        } else if (strcmp(o, "-q") == 0) {
            a->quiet = true;
        } else if (strcmp(o, "-r") == 0 && has_val) {
            a->read_file = argv[++i];
        } else if (strcmp(o, "-i") == 0 && has_val) {
            a->iface = argv[++i];
        } else if (strcmp(o, "--bpf") == 0 && has_val) {
            a->bpf = argv[++i];
        } else if (strcmp(o, "--vault") == 0 && has_val) {
            a->vault = argv[++i];
        } else if (strcmp(o, "--vault-key-file") == 0 && has_val) {
            a->vault_key_file = argv[++i];
        } else if (strcmp(o, "--passphrase-fd") == 0 && has_val) {
            if (iot_passphrase_fd_parse(argv[++i], &a->pass_fd) != IOT_OK) {
                fprintf(stderr, "iotsec analyze: --passphrase-fd needs a descriptor number\n");
                return IOT_EXIT_USAGE;
            }
        } else if (strcmp(o, "--config") == 0 && has_val) {
            i++; /* loaded before the overrides */
        } else if (strcmp(o, "-o") == 0 && has_val) {
            char err[256];
            if (iot_config_set(cfg, "output.dir", argv[++i], err, sizeof(err)) != IOT_OK) {
                fprintf(stderr, "iotsec analyze: %s\n", err);
                return IOT_EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "iotsec analyze: unknown option or missing value: '%s'\n", o);
            analyze_usage(stderr);
            return IOT_EXIT_USAGE;
        }
    }
    if ((a->read_file == NULL) == (a->iface == NULL)) {
        fprintf(stderr, "iotsec analyze: give exactly one of -r FILE or -i IFACE\n");
        analyze_usage(stderr);
        return IOT_EXIT_USAGE;
    }
    if (a->bpf != NULL && a->iface == NULL) {
        fprintf(stderr, "iotsec analyze: --bpf goes with -i (filter files with tcpdump)\n");
        return IOT_EXIT_USAGE;
    }
    return IOT_EXIT_OK;
}

/* mkdir -p for the output directory. */
static int make_dirs(const char *path)
{
    char buf[256];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return -1;
        buf[i] = c;
    }
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

static void print_summary(const struct iot_engine *e, const char *source, const char *eve_path)
{
    struct iot_engine_summary s;
    iot_engine_get_summary(e, &s);
    char t0[40], t1[40];
    iot_eve_format_ts(s.first, t0, sizeof(t0));
    iot_eve_format_ts(s.last, t1, sizeof(t1));
    printf("iotsec analyze: %s\n", source);
    printf("  packets    %llu (%llu bytes), %llu invalid\n", (unsigned long long)s.packets,
           (unsigned long long)s.bytes, (unsigned long long)s.invalid);
    if (s.packets > 0)
        printf("  time       %s .. %s (%lld s)\n", t0, t1, (long long)(s.last.sec - s.first.sec));
    printf("  flows      %llu (%llu evicted by flow.memcap, %llu refused; peak flow memory "
           "%llu bytes)\n",
           (unsigned long long)s.flows, (unsigned long long)s.flows_evicted,
           (unsigned long long)s.memcap_refused, (unsigned long long)s.flow_mem_peak);
    printf("  anomalies  %llu\n", (unsigned long long)s.anomalies);
    struct iot_anomaly_stats as;
    bool loaded, keyed;
    if (iot_engine_behaviour_stats(e, &as, &loaded, &keyed)) {
        static const char *const phase[] = {"mapping features", "training", "calibrating",
                                            "detecting"};
        printf("  behaviour  %s (%llu packets, model %s%s): %llu scored, %llu unusual, %llu "
               "events; %llu devices (%llu first seen after learning, %llu of them judged by their "
               "kind, %llu kinds learnt; %llu packets beyond anomaly.behaviour.max-devices); "
               "%llu statistics evicted\n",
               phase[as.phase], (unsigned long long)as.packets, loaded ? "loaded" : "learnt here",
               keyed ? ", keyed" : "", (unsigned long long)as.scored,
               (unsigned long long)as.anomalous, (unsigned long long)as.reported,
               (unsigned long long)as.devices, (unsigned long long)as.late_devices,
               (unsigned long long)as.kind_seeded, (unsigned long long)as.kinds,
               (unsigned long long)as.devices_over_cap,
               (unsigned long long)(as.feat.evicted[0] + as.feat.evicted[1] + as.feat.evicted[2] +
                                    as.feat.evicted[3] + as.feat.evicted[4]));
    }
    printf("  protocols (flows):\n");
    iot_engine_print_protocols(e, stdout);
    printf("  devices:\n");
    iot_engine_print_inventory(e, stdout);
    printf("  alerts:\n");
    iot_engine_print_alerts(e, stdout);
    if (iot_engine_evidence_kept(e) > 0)
        printf("  evidence: the packets of %llu alerts kept in the store, encrypted "
               "('iotsec evidence export ID')\n", (unsigned long long)iot_engine_evidence_kept(e));
    printf("  events     %llu written to %s", (unsigned long long)s.events_written, eve_path);
    if (s.events_failed > 0) /* a record over its size cap or an allocation failure */
        printf(" (%llu could not be written)", (unsigned long long)s.events_failed);
    printf("\n");
}

static int open_source(const struct analyze_args *a, const struct iot_config *cfg,
                       struct iot_capture **cap)
{
    char err[512];
    int rc = a->iface != NULL
                 ? iot_capture_open_live(cap, a->iface, a->bpf, (int)cfg->snaplen, err, sizeof(err))
                 : iot_capture_open_file(cap, a->read_file, err, sizeof(err));
    if (rc == IOT_OK)
        return IOT_EXIT_OK;
    fprintf(stderr, "iotsec analyze: %s\n", err);
    return rc == IOT_ERR_USAGE ? IOT_EXIT_USAGE : IOT_EXIT_INPUT;
}

/* Reads every packet; returns IOT_EXIT_INPUT when the capture turned out damaged (what was
 * read before the damage is still analysed and written). */
static int run_loop(struct iot_capture *cap, struct iot_engine *e)
{
    struct iot_packet p;
    char err[512];
    int rc;
    while ((rc = iot_capture_next(cap, &p, err, sizeof(err))) == 1)
        iot_engine_process(e, &p);
    struct iot_capture_stats cs;
    iot_capture_get_stats(cap, &cs);
    iot_engine_set_capture_stats(e, &cs);
    if (rc < 0) {
        fprintf(stderr, "iotsec analyze: %s\n", err);
        return IOT_EXIT_INPUT;
    }
    return IOT_EXIT_OK;
}

static int cmd_analyze(int argc, char **argv)
{
    struct iot_config cfg;
    struct analyze_args a = {0};
    a.pass_fd = -1;
    int rc = iot_cli_load_config(&cfg, argc, argv, "analyze");
    if (rc != IOT_EXIT_OK)
        return rc;
    rc = parse_args(&cfg, &a, argc, argv);
    if (rc != IOT_EXIT_OK)
        return rc < 0 ? IOT_EXIT_OK : rc;

    struct iot_capture *cap = NULL;
    rc = open_source(&a, &cfg, &cap);
    if (rc != IOT_EXIT_OK)
        return rc;
    if (a.iface != NULL) {
        /* As soon as packets can arrive: setting up the engine takes seconds on a small
         * gateway, and a stop asked for meanwhile must not be lost (a background job of a
         * script starts with SIGINT ignored until this handler replaces it). */
        live_capture = cap;
        signal(SIGINT, on_stop_signal);
        signal(SIGTERM, on_stop_signal);
    }
    char eve_path[300];
    char err[512];
    struct iot_eve *eve = NULL;
    struct iot_engine *e = NULL;
    struct iot_mqtt_exporter *x = NULL;
    if (make_dirs(cfg.output_dir) != 0) {
        fprintf(stderr, "iotsec analyze: %s: cannot create output directory\n", cfg.output_dir);
        rc = IOT_EXIT_INPUT;
        goto out;
    }
    snprintf(eve_path, sizeof(eve_path), "%s/eve.json", cfg.output_dir);
    eve = iot_eve_open(eve_path, err, sizeof(err));
    e = eve != NULL ? iot_engine_new(&cfg, eve, err, sizeof(err)) : NULL;
    if (e == NULL) {
        fprintf(stderr, "iotsec analyze: %s\n", err);
        rc = IOT_EXIT_INPUT;
        goto out;
    }
    char db_path[300];
    snprintf(db_path, sizeof(db_path), "%s/iotsec.db", cfg.output_dir);
    struct iot_vault *v = NULL;
    rc = open_vault(&cfg, &a, &v);
    if (rc == IOT_EXIT_OK && set_store_keys(e, v, db_path) != IOT_EXIT_OK)
        rc = IOT_EXIT_INPUT;
    if (rc == IOT_EXIT_OK)
        rc = start_behaviour(e, &cfg, v);
    if (rc == IOT_EXIT_OK)
        rc = start_export(&cfg, &a, v, eve, &x);
    iot_vault_close(v);
    if (rc != IOT_EXIT_OK)
        goto out;
    rc = run_loop(cap, e);
    iot_engine_finish(e);
    char inv_path[300];
    snprintf(inv_path, sizeof(inv_path), "%s/inventory.json", cfg.output_dir);
    if (iot_engine_write_inventory(e, inv_path) != IOT_OK) {
        fprintf(stderr, "iotsec analyze: %s: cannot write\n", inv_path);
        rc = IOT_EXIT_INPUT;
    }
    if (iot_engine_save_behaviour(e, err, sizeof(err)) != IOT_OK) {
        fprintf(stderr, "iotsec analyze: %s\n", err);
        rc = IOT_EXIT_INPUT;
    }
    if (iot_engine_save_store(e, db_path, err, sizeof(err)) != IOT_OK) {
        fprintf(stderr, "iotsec analyze: %s\n", err);
        rc = IOT_EXIT_INPUT;
    }
    if (!a.quiet)
        print_summary(e, iot_capture_source(cap), eve_path);
out:
    live_capture = NULL;
    iot_engine_free(e);
    stop_export(x, eve, cfg.export.url, a.quiet);
    if (iot_eve_close(eve) != IOT_OK) {
        fprintf(stderr, "iotsec analyze: %s: write failed\n", eve_path);
        rc = IOT_EXIT_INPUT;
    }
    iot_capture_close(cap);
    return rc;
}

const struct iot_cmd_entry iot_cmd_analyze = {
    "analyze", "analyse a capture file or a live interface into EVE events", cmd_analyze};
