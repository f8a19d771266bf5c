/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pipeline wiring: capture facts in, EVE events out. */
#include "iotsec-common.h"
#include "engine/engine.h"

#include <sodium.h>
#include <unistd.h>

#include "app/app-ndpi.h"
#include "engine/engine-app.h"
#include "engine/engine-behaviour.h"
#include "inventory/inventory-p0f.h"
#include "inventory/inventory.h"
#include "detect/detect-cleartext.h"
#include "detect/detect-download.h"
#include "detect/detect-ndpi.h"
#include "detect/detect-telnet.h"
#include "detect/detect.h"
#include "output/output-eve-alert.h"
#include "output/output-eve-anomaly.h"
#include "output/output-eve-device.h"
#include "output/output-eve-flow.h"
#include "output/output-eve-stats.h"
#include "output/output-inventory.h"
#include "store/store-evidence.h"
#include "store/store.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

struct iot_engine {
    struct iot_config cfg;
    struct iot_decoder dec;
    bool dec_ready;
    struct iot_flow_table *flows;
    struct iot_ndpi *ndpi;
    bool own_ndpi;
    struct iot_oui_db *own_oui;     /* loaded here when not shared */
    struct iot_ruleset own_rules;   /* idem */
    struct iot_p0f_db *own_p0f;     /* idem */
    struct iot_fwmin_db own_fw;     /* idem */
    const struct iot_fwmin_db *fw;  /* NULL: inventory.firmware-minimum = none */
    const struct iot_oui_db *oui;
    const struct iot_ruleset *rules;
    struct iot_inventory *inv;
    struct iot_app_glue glue;
    struct iot_detect *det; /* NULL when detect.enabled = 0 */
    struct iot_engine_behaviour beh; /* off unless anomaly.behaviour.enabled */
    /* Every alert of the run, for the store (at most IOT_ENGINE_MAX_STORED, then counted). */
    struct iot_store_alert *stored;
    size_t nstored, stored_cap;
    uint64_t stored_dropped;
    /* The key that seals each alert's packet for the store; without one no packet is kept. */
    uint8_t evidence_key[IOT_EVIDENCE_KEY_BYTES];
    bool has_evidence_key;
    uint64_t evidence_kept;
    /* The first alerts' explanations, for the end-of-run summary (the EVE file has them all). */
    char *alert_lines[IOT_ENGINE_SUMMARY_ALERTS];
    size_t nalert_lines;
    /* The packet being processed and its sender, for the stream callback. */
    struct iot_packet *cur_pkt;
    struct iot_device *cur_dev;
    struct iot_eve *eve; /* borrowed */
    struct iot_capture_stats cap;
    uint64_t app_flows[IOT_APP_COUNT_MAX];
    uint32_t anomaly_per_event[IOT_DE_MAX];
    uint64_t anomaly_written, anomaly_suppressed;
    bool started, finished;
    struct iot_ts first, last, next_stats;
};

static void on_flow_end(void *user, struct iot_flow *f, enum iot_flow_end_reason reason)
{
    struct iot_engine *e = user;
    const struct iot_ndpi_verdict *v = iot_ndpi_flow_verdict(e->ndpi, e->flows, f);
    if (v != NULL) {
        uint16_t id = v->master_id != 0 ? v->master_id : v->app_id;
        if (id < IOT_APP_COUNT_MAX)
            e->app_flows[id]++;
    }
    iot_eve_log_flow(e->eve, e->ndpi, f, reason, v);
}

static void on_device_event(void *user, const struct iot_device *d, enum iot_inv_event_type type,
                            enum iot_attr attr, const char *old, struct iot_ts ts)
{
    struct iot_engine *e = user;
    iot_eve_log_device(e->eve, e->inv, d, type, attr, old, ts);
}

/* Seals the alert's packet for the store (store-evidence.h). */
static void keep_evidence(struct iot_engine *e, struct iot_store_alert *r, const struct iot_packet *p)
{
    if (!e->has_evidence_key || p->data == NULL || p->caplen == 0)
        return;
    char ts[40];
    iot_eve_format_ts(r->ts, ts, sizeof(ts));
    struct iot_evidence_id id = {ts, r->src_ip, r->dest_ip, r->sid, r->pcap_cnt};
    size_t len = iot_evidence_sealed_size(p->caplen);
    if ((r->evidence = iot_malloc(len)) == NULL)
        return;
    iot_evidence_seal_packet(e->evidence_key, &id, p->linktype, p->wirelen, p->data, p->caplen,
                             r->evidence);
    r->evidence_len = len;
    e->evidence_kept++;
}

/* Keeps a plain copy of the alert for the store. */
static void keep_alert(struct iot_engine *e, const struct iot_alert *a)
{
    if (e->nstored == e->stored_cap) {
        size_t ncap = e->stored_cap ? e->stored_cap * 2 : 64;
        struct iot_store_alert *n = ncap <= IOT_ENGINE_MAX_STORED
                                        ? iot_realloc(e->stored, ncap * sizeof(*n))
                                        : NULL;
        if (n == NULL) {
            e->stored_dropped++;
            return;
        }
        e->stored = n;
        e->stored_cap = ncap;
    }
    struct iot_store_alert *r = &e->stored[e->nstored];
    memset(r, 0, sizeof(*r));
    if ((r->explanation = iot_strdup(a->explain)) == NULL) {
        e->stored_dropped++;
        return;
    }
    const struct iot_signature *sig = iot_signature(a->sig);
    const struct iot_packet *p = a->p;
    r->ts = p->ts;
    r->sid = sig->id;
    r->signature = sig->msg;
    r->category = sig->category;
    const char *matrix;
    iot_alert_technique(a, &matrix, &r->technique_id, &r->technique);
    r->severity = sig->severity;
    if (a->dev != NULL)
        iot_store_device_key(a->dev, r->device_key, sizeof(r->device_key));
    iot_strlcpy(r->credential_hash, a->credential_hash, sizeof(r->credential_hash));
    iot_eve_format_addr(&p->src, p->ip_ver, r->src_ip, sizeof(r->src_ip));
    iot_eve_format_addr(&p->dst, p->ip_ver, r->dest_ip, sizeof(r->dest_ip));
    r->src_port = p->sp;
    r->dest_port = p->dp;
    r->proto = p->ip_proto;
    r->pcap_cnt = p->num;
    r->repeated = a->repeated;
    r->count = a->ev != NULL ? a->ev->count : 1;
    r->threshold = a->threshold;
    r->window_seconds = a->window_sec;
    keep_evidence(e, r, p);
    e->nstored++;
}

static void on_alert(void *user, const struct iot_alert *alert)
{
    struct iot_engine *e = user;
    const struct iot_alert *a = alert;
    iot_eve_log_alert(e->eve, a, iot_engine_behaviour_incident(&e->beh, a->dev, a->p->ts,
                                                               IOT_INCIDENT_ALERT));
    keep_alert(e, a);
    if (e->nalert_lines == IOT_ENGINE_SUMMARY_ALERTS)
        return;
    char ts[40], line[800];
    iot_eve_format_ts(a->p->ts, ts, sizeof(ts));
    snprintf(line, sizeof(line), "%s [%u] %s\n      %s", ts, iot_signature(a->sig)->id,
             iot_signature(a->sig)->msg, a->explain);
    char *copy = iot_strdup(line);
    if (copy != NULL)
        e->alert_lines[e->nalert_lines++] = copy;
}

static void on_app_free(void *user, struct iot_flow *f)
{
    struct iot_engine *e = user;
    iot_ndpi_flow_free(f);
    iot_app_glue_flow_free(&e->glue, f);
}

static void on_stream_data(void *user, struct iot_flow *f, enum iot_flow_dir dir,
                           const uint8_t *data, uint32_t len)
{
    struct iot_engine *e = user;
    if (e->cur_pkt != NULL)
        iot_app_glue_stream(&e->glue, f, dir, data, len, e->cur_dev, e->cur_pkt);
}

static int engine_flow_key(const struct iot_config *cfg, uint8_t key[16])
{
    if (cfg->seed == 0)
        return 0;
    uint8_t in[8];
    for (unsigned i = 0; i < 8; i++)
        in[i] = (uint8_t)(cfg->seed >> (8 * i));
    crypto_generichash(key, 16, in, sizeof(in), NULL, 0);
    return 1;
}

struct iot_engine *iot_engine_new(const struct iot_config *cfg, struct iot_eve *eve, char *err,
                                  size_t errlen)
{
    return iot_engine_new_shared(cfg, eve, NULL, err, errlen);
}

static bool file_exists(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f != NULL)
        fclose(f);
    return f != NULL;
}

/* The path of a data file: setting itself unless it is "auto", else file in IOTSEC_DATA_DIR or
 * in the data directory beside the program. */
static bool data_path(const char *setting, const char *key, const char *file, char *path,
                      size_t len, char *err, size_t errlen)
{
    if (strcmp(setting, "auto") != 0) {
        snprintf(path, len, "%s", setting);
        return true;
    }
    const char *env = getenv("IOTSEC_DATA_DIR");
    if (env != NULL && env[0] != '\0') {
        snprintf(path, len, "%s/%s", env, file);
        return true;
    }
    /* Beside the program: build/<type>/iotsec -> data/, or PREFIX/bin -> PREFIX/share/iotsec. */
    char exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash != NULL)
            *slash = '\0';
        static const char *const rel[] = {"../../data", "../data", "../share/iotsec", "data"};
        for (size_t i = 0; i < IOT_ARRAY_LEN(rel); i++) {
            snprintf(path, len, "%s/%s/%s", exe, rel[i], file);
            if (file_exists(path))
                return true;
        }
    }
    snprintf(err, errlen, "cannot find %s beside the program; set %s or IOTSEC_DATA_DIR", file,
             key);
    return false;
}

bool iot_engine_rules_path(const struct iot_config *cfg, char *path, size_t len, char *err,
                           size_t errlen)
{
    return data_path(cfg->inventory_rules, "inventory.rules", "devices.rules", path, len, err,
                     errlen);
}

bool iot_engine_firmware_path(const struct iot_config *cfg, char *path, size_t len, char *err,
                              size_t errlen)
{
    if (strcmp(cfg->inventory_firmware, "none") == 0) {
        if (len > 0)
            path[0] = '\0';
        return true;
    }
    return data_path(cfg->inventory_firmware, "inventory.firmware-minimum", "firmware-minimum.txt",
                     path, len, err, errlen);
}

static void on_telnet(void *user, const struct iot_packet *p, const struct iot_flow *f,
                      bool to_server, const struct iot_device *client,
                      const struct iot_telnet_event *ev)
{
    struct iot_engine *e = user;
    if (e->det != NULL)
        iot_detect_telnet(e->det, p, f, to_server, client, ev);
}

static void on_ftp(void *user, const struct iot_packet *p, const struct iot_flow *f,
                   const struct iot_device *client, const struct iot_ftp_event *ev)
{
    struct iot_engine *e = user;
    if (e->det != NULL)
        iot_detect_ftp(e->det, p, f, client, ev);
}

static void on_mail(void *user, const struct iot_packet *p, const struct iot_flow *f,
                    const struct iot_device *client, enum iot_mail_proto proto,
                    const struct iot_mail_event *ev)
{
    struct iot_engine *e = user;
    if (e->det != NULL)
        iot_detect_mail(e->det, p, f, client, proto, ev);
}

static void on_download(void *user, const struct iot_packet *p, const struct iot_flow *f,
                        const struct iot_device *client, const char *via, const uint8_t *data,
                        size_t len)
{
    struct iot_engine *e = user;
    if (e->det != NULL)
        iot_detect_download(e->det, p, f, client, via, data, len);
}

static void on_http(void *user, const struct iot_packet *p, const struct iot_flow *f,
                    const struct iot_device *dev, const struct iot_http_info *m)
{
    struct iot_engine *e = user;
    if (e->det != NULL)
        iot_detect_http(e->det, p, f, dev, m);
}

static void on_mqtt(void *user, const struct iot_packet *p, const struct iot_flow *f,
                    const struct iot_device *dev, const struct iot_mqtt_info *m)
{
    struct iot_engine *e = user;
    if (e->det != NULL)
        iot_detect_mqtt(e->det, p, f, dev, m);
}

static void on_mqtt_refused(void *user, const struct iot_packet *p, const struct iot_flow *f,
                            uint8_t reason)
{
    struct iot_engine *e = user;
    if (e->det != NULL)
        iot_detect_mqtt_refused(e->det, p, f, reason);
}

static void on_coap(void *user, const struct iot_packet *p, const struct iot_flow *f,
                    const struct iot_device *dev, const struct iot_coap_info *m)
{
    struct iot_engine *e = user;
    (void)m;
    if (e->det != NULL)
        iot_detect_coap(e->det, p, f, dev);
}

/* An alert about an address (a flood's victim) names the device the inventory knows there.
 * Alerts are few, so the address lookup's walk over devices is affordable. */
static const struct iot_device *device_at(void *user, const struct iot_addr *a, uint8_t ver)
{
    struct iot_engine *e = user;
    return e->inv != NULL ? iot_inventory_find_ip(e->inv, a, ver) : NULL;
}

static bool engine_make_detect(struct iot_engine *e, const uint8_t *key, char *err, size_t errlen)
{
    struct iot_detect_callbacks dcb = {e, on_alert, device_at};
    if ((e->det = iot_detect_new(&e->cfg.detect, &dcb, key)) == NULL) {
        snprintf(err, errlen, "cannot allocate the detectors' state (detect.memcap)");
        return false;
    }
    e->glue.hooks.user = e;
    e->glue.hooks.telnet = on_telnet;
    e->glue.hooks.ftp = on_ftp;
    e->glue.hooks.mail = on_mail;
    e->glue.hooks.download = on_download;
    e->glue.hooks.http = on_http;
    e->glue.hooks.mqtt = on_mqtt;
    e->glue.hooks.mqtt_refused = on_mqtt_refused;
    e->glue.hooks.coap = on_coap;
    if (strcmp(e->cfg.detect_credentials, "none") == 0)
        return true;
    char path[600];
    if (!data_path(e->cfg.detect_credentials, "detect.credentials", "mirai-credentials.txt", path,
                   sizeof(path), err, errlen))
        return false;
    return iot_detect_load_credentials(e->det, path, err, errlen) == IOT_OK;
}

/* Loads what the caller did not share: IEEE registries and rules. */
static bool engine_load_data(struct iot_engine *e, const struct iot_engine_shared *sh, char *err,
                             size_t errlen)
{
    e->oui = sh != NULL ? sh->oui : NULL;
    if (e->oui == NULL) {
        e->own_oui = iot_oui_db_load(e->cfg.ieee_data_dir, err, errlen);
        if (e->own_oui == NULL)
            return false;
        e->oui = e->own_oui;
    }
    const struct iot_p0f_db *p0f = sh != NULL ? sh->p0f : NULL;
    if (p0f == NULL && e->cfg.p0f_db[0] != '\0' && file_exists(e->cfg.p0f_db)) {
        if (iot_p0f_load(&e->own_p0f, e->cfg.p0f_db, err, errlen) != IOT_OK)
            return false;
        p0f = e->own_p0f;
    }
    e->glue.p0f = p0f;
    e->rules = sh != NULL ? sh->rules : NULL;
    if (e->rules == NULL) {
        char path[512];
        if (!iot_engine_rules_path(&e->cfg, path, sizeof(path), err, errlen) ||
            iot_rules_load(&e->own_rules, path, err, errlen) != IOT_OK)
            return false;
        e->rules = &e->own_rules;
    }
    e->fw = sh != NULL ? sh->fw : NULL;
    if (e->fw == NULL) {
        char path[512];
        if (!iot_engine_firmware_path(&e->cfg, path, sizeof(path), err, errlen))
            return false;
        if (path[0] != '\0') {
            if (iot_fwmin_load(&e->own_fw, path, err, errlen) != IOT_OK)
                return false;
            e->fw = &e->own_fw;
        }
    }
    return true;
}

static bool engine_make_inventory(struct iot_engine *e, const uint8_t *key)
{
    struct iot_inventory_config icfg;
    iot_inventory_config_default(&icfg);
    icfg.memcap = e->cfg.inventory_memcap;
    icfg.router_hosts = (uint32_t)e->cfg.inventory_router_hosts;
    struct iot_inventory_callbacks icb = {e, on_device_event};
    e->inv = iot_inventory_new(&icfg, e->oui, e->rules, &icb, key);
    if (e->inv != NULL)
        iot_inventory_set_firmware_db(e->inv, e->fw);
    e->glue.inv = e->inv;
    e->glue.eve = e->eve;
    e->glue.flows = e->flows;
    return e->inv != NULL;
}

struct iot_engine *iot_engine_new_shared(const struct iot_config *cfg, struct iot_eve *eve,
                                         const struct iot_engine_shared *shared, char *err,
                                         size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium failed to initialise");
        return NULL;
    }
    struct iot_engine *e = iot_calloc(1, sizeof(*e));
    if (e == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    e->cfg = *cfg;
    e->eve = eve;
    if (iot_decoder_init(&e->dec, &cfg->defrag) != IOT_OK) {
        snprintf(err, errlen, "cannot allocate the defragmentation tables");
        goto fail;
    }
    e->dec_ready = true;
    e->ndpi = shared != NULL ? shared->ndpi : NULL;
    if (e->ndpi == NULL) {
        e->ndpi = iot_ndpi_new((uint32_t)cfg->ndpi_max_pkts_tcp, (uint32_t)cfg->ndpi_max_pkts_udp);
        e->own_ndpi = true;
    }
    if (e->ndpi == NULL) {
        snprintf(err, errlen, "cannot initialise nDPI");
        goto fail;
    }
    if (!engine_load_data(e, shared, err, errlen))
        goto fail;
    struct iot_flow_callbacks cb = {
        .user = e, .flow_end = on_flow_end, .app_free = on_app_free,
        .stream_data = on_stream_data};
    uint8_t key[16];
    bool fixed_key = engine_flow_key(cfg, key);
    e->flows = iot_flow_table_new(&cfg->flow, &cb, fixed_key ? key : NULL);
    if (e->flows == NULL || !engine_make_inventory(e, fixed_key ? key : NULL)) {
        snprintf(err, errlen, "cannot allocate the flow table or the inventory");
        goto fail;
    }
    if (cfg->detect_enabled && !engine_make_detect(e, fixed_key ? key : NULL, err, errlen))
        goto fail;
    if (iot_engine_behaviour_open(&e->beh, cfg, err, errlen) != IOT_OK)
        goto fail;
    return e;
fail:
    iot_engine_free(e);
    return NULL;
}

static void engine_log_anomalies(struct iot_engine *e, const struct iot_packet *p)
{
    for (unsigned i = 0; i < p->nevents; i++) {
        unsigned ev = p->events[i];
        if (e->anomaly_per_event[ev] >= e->cfg.anomaly_max_per_type) {
            e->anomaly_suppressed++;
            continue;
        }
        e->anomaly_per_event[ev]++;
        e->anomaly_written++;
        iot_eve_log_anomaly(e->eve, p, (enum iot_decode_event)ev);
    }
}

static void engine_log_stats(struct iot_engine *e, struct iot_ts ts)
{
    struct iot_stats_snapshot s = {
        .ts = ts,
        .uptime = e->started ? ts.sec - e->first.sec : 0,
        .capture = e->cap,
        .decoder = &e->dec.stats,
        .flow = iot_flow_table_stats(e->flows),
        .ndpi = iot_ndpi_get_stats(e->ndpi),
        .ndpi_mod = e->ndpi,
        .app_flows = e->app_flows,
        .anomaly_written = e->anomaly_written,
        .anomaly_suppressed = e->anomaly_suppressed,
        .inventory = iot_inventory_stats(e->inv),
        .app = &e->glue.stats,
        .detect = e->det != NULL ? iot_detect_stats(e->det) : NULL,
        .detect_track = e->det != NULL ? iot_detect_track_stats(e->det) : NULL,
    };
    iot_eve_log_stats(e->eve, &s);
}

/* Stats fall due on capture time. A packet older than the newest one seen (captures are not
 * always sorted) does not move the clock back. */
static void engine_advance_clock(struct iot_engine *e, struct iot_ts ts)
{
    if (!e->started) {
        e->started = true;
        e->first = e->last = ts;
        e->next_stats.sec = ts.sec + (int64_t)e->cfg.stats_interval;
        e->next_stats.nsec = ts.nsec;
        return;
    }
    if (iot_ts_cmp(ts, e->last) > 0)
        e->last = ts;
    if (e->cfg.stats_interval == 0)
        return;
    if (iot_ts_cmp(e->last, e->next_stats) >= 0) {
        /* One record however many intervals the clock jumped: a hostile timestamp decades
         * ahead must not make us write a record per missed interval (found by fuzzing). */
        engine_log_stats(e, e->next_stats);
        int64_t iv = (int64_t)e->cfg.stats_interval;
        /* Times are clamped to 1970..9999 by the capture layer, so this cannot overflow. */
        e->next_stats.sec += ((e->last.sec - e->next_stats.sec) / iv + 1) * iv;
    }
}

void iot_engine_process(struct iot_engine *e, struct iot_packet *p)
{
    e->cap.packets++;
    e->cap.bytes += p->caplen;
    engine_advance_clock(e, p->ts);
    iot_decode_packet(&e->dec, p);
    if (p->nevents > 0)
        engine_log_anomalies(e, p);
    struct iot_device *dev = NULL;
    bool inventory = e->cfg.inventory_enabled && !(p->flags & IOT_PKT_INVALID);
    if (inventory)
        dev = iot_inventory_packet(e->inv, p);
    e->cur_pkt = inventory ? p : NULL;
    e->cur_dev = dev;
    enum iot_flow_dir dir = IOT_DIR_TOSERVER;
    struct iot_flow *f = iot_flow_handle_packet(e->flows, p, &dir);
    const struct iot_ndpi_verdict *v = NULL;
    if (f != NULL && (p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6)))
        v = iot_ndpi_process(e->ndpi, e->flows, f, p);
    if (inventory) {
        iot_app_glue_packet(&e->glue, p, dev, f, dir);
        if (v != NULL)
            iot_app_glue_verdict(&e->glue, e->ndpi, p, dev, f, dir, v);
    }
    if (e->det != NULL && !(p->flags & IOT_PKT_INVALID)) {
        if (v != NULL)
            iot_detect_verdict(e->det, p, f, dir, dev, v);
        iot_detect_packet(e->det, p, f, dir, dev);
    }
    bool odd;
    const char *query = iot_app_glue_dns_query(&e->glue, p, &odd);
    iot_engine_behaviour_packet(&e->beh, e->eve, p, dev, query, odd);
    e->cur_pkt = NULL;
    e->cur_dev = NULL;
    iot_packet_release(p);
}

void iot_engine_set_capture_stats(struct iot_engine *e, const struct iot_capture_stats *st)
{
    e->cap.kernel_drops = st->kernel_drops;
    e->cap.iface_drops = st->iface_drops;
}

void iot_engine_finish(struct iot_engine *e)
{
    if (e->finished)
        return;
    e->finished = true;
    iot_flow_table_flush(e->flows);
    engine_log_stats(e, e->last);
}

int iot_engine_start_behaviour(struct iot_engine *e, const uint8_t *key, char *err, size_t errlen)
{
    return iot_engine_behaviour_start(&e->beh, key, err, errlen);
}

int iot_engine_save_behaviour(const struct iot_engine *e, char *err, size_t errlen)
{
    return iot_engine_behaviour_save(&e->beh, err, errlen);
}

bool iot_engine_behaviour_stats(const struct iot_engine *e, struct iot_anomaly_stats *st,
                                bool *loaded, bool *keyed)
{
    if (e->beh.a == NULL)
        return false;
    iot_anomaly_get_stats(e->beh.a, st);
    *loaded = e->beh.loaded;
    *keyed = e->beh.keyed;
    return true;
}

void iot_engine_get_summary(const struct iot_engine *e, struct iot_engine_summary *s)
{
    const struct iot_flow_stats *fs = iot_flow_table_stats(e->flows);
    memset(s, 0, sizeof(*s));
    s->packets = e->dec.stats.pkts;
    s->bytes = e->dec.stats.bytes;
    s->invalid = e->dec.stats.invalid;
    s->flows = fs->created;
    s->flows_evicted = fs->ended_evicted;
    s->memcap_refused = fs->memcap_refused;
    s->flow_mem_peak = fs->memuse_peak;
    s->anomalies = e->anomaly_written + e->anomaly_suppressed;
    s->events_written = iot_eve_events_written(e->eve);
    s->events_failed = iot_eve_events_failed(e->eve);
    s->first = e->first;
    s->last = e->last;
}

void iot_engine_print_protocols(const struct iot_engine *e, FILE *out)
{
    /* The busiest protocols first; a scan's port guesses make a long tail nobody reads. */
    enum { SHOW = 12 };
    unsigned top[SHOW];
    unsigned ntop = 0, more = 0;
    for (unsigned id = 0; id < IOT_APP_COUNT_MAX; id++) {
        if (e->app_flows[id] == 0)
            continue;
        unsigned pos = ntop;
        while (pos > 0 && e->app_flows[top[pos - 1]] < e->app_flows[id])
            pos--;
        if (pos >= SHOW) {
            more++;
            continue;
        }
        if (ntop == SHOW)
            more++;
        else
            ntop++;
        memmove(&top[pos + 1], &top[pos], (ntop - 1 - pos) * sizeof(top[0]));
        top[pos] = id;
    }
    for (unsigned i = 0; i < ntop; i++)
        fprintf(out, "    %-20s %llu\n", iot_ndpi_id_name(e->ndpi, (uint16_t)top[i]),
                (unsigned long long)e->app_flows[top[i]]);
    if (more > 0)
        fprintf(out, "    (%u more protocols: stats.app_layer.flow in eve.json)\n", more);
}

void iot_engine_free(struct iot_engine *e)
{
    if (e == NULL)
        return;
    /* The flow table's callbacks need nDPI and the EVE writer: free the table first. */
    iot_flow_table_free(e->flows);
    iot_inventory_free(e->inv);
    iot_detect_free(e->det);
    iot_engine_behaviour_close(&e->beh);
    for (size_t i = 0; i < e->nalert_lines; i++)
        iot_free(e->alert_lines[i]);
    for (size_t i = 0; i < e->nstored; i++) {
        iot_free(e->stored[i].explanation);
        iot_free(e->stored[i].evidence); /* sealed: nothing to wipe */
    }
    sodium_memzero(e->evidence_key, sizeof(e->evidence_key));
    iot_free(e->stored);
    iot_oui_db_free(e->own_oui);
    iot_rules_free(&e->own_rules);
    iot_fwmin_free(&e->own_fw);
    iot_p0f_free(e->own_p0f);
    if (e->own_ndpi)
        iot_ndpi_free(e->ndpi);
    if (e->dec_ready)
        iot_decoder_deinit(&e->dec);
    iot_free(e);
}

struct print_ctx {
    FILE *out;
};

static void print_device(void *arg, const struct iot_device *d)
{
    struct print_ctx *c = arg;
    char mac[24] = "-", ip[64] = "-";
    if (d->has_mac)
        iot_eve_format_mac(d->mac, mac, sizeof(mac));
    if (d->naddrs > 0)
        iot_eve_format_addr(&d->addrs[0].addr, d->addrs[0].ver, ip, sizeof(ip));
    const struct iot_inv_verdict *k = &d->attr[IOT_ATTR_KIND];
    fprintf(c->out, "    %-17s %-15s %-10s %4.2f  %-22.22s %-32.32s\n", mac, ip,
            k->value[0] ? k->value : "unknown", k->confidence,
            d->attr[IOT_ATTR_VENDOR].value[0] ? d->attr[IOT_ATTR_VENDOR].value : "-",
            d->attr[IOT_ATTR_MODEL].value[0] ? d->attr[IOT_ATTR_MODEL].value : "-");
}

void iot_engine_print_inventory(const struct iot_engine *e, FILE *out)
{
    struct print_ctx c = {out};
    fprintf(out, "    %-17s %-15s %-10s %4s  %-22s %s\n", "MAC", "IP", "KIND", "CONF", "VENDOR",
            "MODEL");
    iot_inventory_foreach(e->inv, print_device, &c);
}

void iot_engine_print_alerts(const struct iot_engine *e, FILE *out)
{
    const struct iot_detect_stats *s = e->det != NULL ? iot_detect_stats(e->det) : NULL;
    if (s == NULL) {
        fprintf(out, "  detection off (detect.enabled = 0)\n");
        return;
    }
    fprintf(out, "  %llu alerts (%llu more held back as repeats, %llu suppressed by detect.suppress)\n",
            (unsigned long long)s->alerts, (unsigned long long)s->deduplicated,
            (unsigned long long)s->suppressed);
    if (e->stored_dropped > 0)
        fprintf(out, "  %llu alerts over the %d the store keeps per run (they are in eve.json)\n",
                (unsigned long long)e->stored_dropped, IOT_ENGINE_MAX_STORED);
    for (size_t i = 0; i < e->nalert_lines; i++)
        fprintf(out, "    %s\n", e->alert_lines[i]);
    if (s->alerts > e->nalert_lines)
        fprintf(out, "    ... %llu more in eve.json\n",
                (unsigned long long)(s->alerts - e->nalert_lines));
}

int iot_engine_write_inventory(const struct iot_engine *e, const char *path)
{
    return iot_inventory_write_json(e->inv, path);
}

void iot_engine_set_evidence_key(struct iot_engine *e, const uint8_t *key)
{
    memcpy(e->evidence_key, key, IOT_EVIDENCE_KEY_BYTES);
    e->has_evidence_key = true;
}

uint64_t iot_engine_evidence_kept(const struct iot_engine *e)
{
    return e->evidence_kept;
}

void iot_engine_set_credential_key(struct iot_engine *e, const uint8_t *key)
{
    if (e->det != NULL)
        iot_detect_set_credential_key(e->det, key);
}

int iot_engine_save_store(const struct iot_engine *e, const char *path, char *err, size_t errlen)
{
    struct iot_store *s = iot_store_open(path, false, err, errlen);
    if (s == NULL)
        return IOT_ERR_IO;
    int rc = iot_store_save_inventory(s, e->inv, err, errlen);
    if (rc == IOT_OK)
        rc = iot_store_save_alerts(s, e->stored, e->nstored, err, errlen);
    iot_store_close(s);
    return rc;
}
