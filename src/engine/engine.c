/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pipeline wiring: capture facts in, EVE events out. */
#include "iotsec-common.h"
#include "engine/engine.h"

#include <sodium.h>

#include "app/app-ndpi.h"
#include "output/output-eve-anomaly.h"
#include "output/output-eve-flow.h"
#include "output/output-eve-stats.h"
#include "util/util-mem.h"

struct iot_engine {
    struct iot_config cfg;
    struct iot_decoder dec;
    bool dec_ready;
    struct iot_flow_table *flows;
    struct iot_ndpi *ndpi;
    bool own_ndpi;
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

static void on_app_free(void *user, struct iot_flow *f)
{
    IOT_UNUSED(user);
    iot_ndpi_flow_free(f);
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

struct iot_engine *iot_engine_new_shared(const struct iot_config *cfg, struct iot_eve *eve,
                                         struct iot_ndpi *ndpi, char *err, size_t errlen)
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
    e->ndpi = ndpi;
    if (e->ndpi == NULL) {
        e->ndpi = iot_ndpi_new((uint32_t)cfg->ndpi_max_pkts_tcp, (uint32_t)cfg->ndpi_max_pkts_udp);
        e->own_ndpi = true;
    }
    if (e->ndpi == NULL) {
        snprintf(err, errlen, "cannot initialise nDPI");
        goto fail;
    }
    struct iot_flow_callbacks cb = {
        .user = e, .flow_end = on_flow_end, .app_free = on_app_free, .stream_data = NULL};
    uint8_t key[16];
    e->flows = iot_flow_table_new(&cfg->flow, &cb, engine_flow_key(cfg, key) ? key : NULL);
    if (e->flows == NULL) {
        snprintf(err, errlen, "cannot allocate the flow table (flow.hash-size %u)",
                 cfg->flow.hash_size);
        goto fail;
    }
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
    enum iot_flow_dir dir;
    struct iot_flow *f = iot_flow_handle_packet(e->flows, p, &dir);
    if (f != NULL && (p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6)))
        iot_ndpi_process(e->ndpi, e->flows, f, p);
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
    s->first = e->first;
    s->last = e->last;
}

void iot_engine_print_protocols(const struct iot_engine *e, FILE *out)
{
    for (unsigned id = 0; id < IOT_APP_COUNT_MAX; id++)
        if (e->app_flows[id] != 0)
            fprintf(out, "    %-20s %llu\n", iot_ndpi_id_name(e->ndpi, (uint16_t)id),
                    (unsigned long long)e->app_flows[id]);
}

void iot_engine_free(struct iot_engine *e)
{
    if (e == NULL)
        return;
    /* The flow table's callbacks need nDPI and the EVE writer: free the table first. */
    iot_flow_table_free(e->flows);
    if (e->own_ndpi)
        iot_ndpi_free(e->ndpi);
    if (e->dec_ready)
        iot_decoder_deinit(&e->dec);
    iot_free(e);
}
