/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Flood participation and flood victims, per packet kind, with a per-device baseline.
 *
 * A video camera streams hundreds of UDP packets a second, all in one flow; a flood tool sprays
 * random ports (Mirai's udp, syn and ack attacks randomise them by default). So for TCP and UDP
 * the rate must come with many distinct flows (port pairs) in the window, while GRE (which IoT
 * devices do not speak) and DNS queries need only the rate. */
#include "iotsec-common.h"
#include "detect/detect-flood.h"

#include <inttypes.h>

#define TH_SYN 0x02
#define TH_ACK 0x10
#define FLOOD_MIN_FLOWS 16
/* A burst this long at flood rate alerts before the window is over (a 100-packet hping burst
 * in 16 ms is a flood, though only 100 packets). */
#define FLOOD_MIN_BURST 100
/* Windows of a kind a device must have sent before its baseline is trusted. */
#define FLOOD_LEARN_WINDOWS 5
/* Baseline: exponentially weighted mean of the per-window counts, weight 1/8, kept x16. */
#define EWMA_SHIFT 3
#define FIX 16

enum flood_kind { K_SYN, K_ACK, K_UDP, K_GRE, K_DNS, K_HTTP, K_NONE };

static const struct {
    enum iot_sig sig;
    const char *what;
    bool needs_flows;
} kinds[] = {
    [K_SYN] = {IOT_SIG_FLOOD_SYN, "TCP SYNs", true},
    [K_ACK] = {IOT_SIG_FLOOD_ACK, "TCP ACKs", true},
    [K_UDP] = {IOT_SIG_FLOOD_UDP, "UDP datagrams", true},
    [K_GRE] = {IOT_SIG_FLOOD_GRE, "GRE packets", false},
    [K_DNS] = {IOT_SIG_FLOOD_DNS, "DNS queries", false},
    [K_HTTP] = {IOT_SIG_FLOOD_HTTP, "HTTP requests", false},
};

/* A segment that starts an HTTP request: every request of a keep-alive session counts, not
 * only the first one the HTTP parser reads. */
static bool http_request(const struct iot_packet *p)
{
    static const char *const methods[] = {"GET ", "POST ", "HEAD ", "PUT "};
    for (size_t i = 0; i < IOT_ARRAY_LEN(methods); i++) {
        size_t n = strlen(methods[i]);
        if (p->payload_len > n && memcmp(p->payload, methods[i], n) == 0)
            return true;
    }
    return false;
}

static enum flood_kind kind_of(const struct iot_packet *p, const struct iot_flow *f)
{
    if (p->flags & IOT_PKT_HAS_TCP) {
        if (p->payload_len > 0 && http_request(p))
            return K_HTTP;
        uint8_t fl = p->tcp_flags & (TH_SYN | TH_ACK);
        if (fl == TH_SYN)
            return K_SYN;
        /* Mirai's "ack" attack sends ACKs on connections that never were: no SYN either way.
         * ACKs of real sessions (a download) had their handshake. */
        bool handshake = f != NULL && ((f->tcp_flags[0] | f->tcp_flags[1]) & TH_SYN);
        return fl == TH_ACK && !handshake ? K_ACK : K_NONE;
    }
    if (p->ip_proto == 47)
        return K_GRE;
    if (p->flags & IOT_PKT_HAS_UDP)
        return p->dp == 53 ? K_DNS : K_UDP;
    return K_NONE;
}

struct flood_key {
    uint8_t type, kind, ver;
    uint8_t addr[16];
};

static size_t key_make(struct flood_key *k, uint8_t type, enum flood_kind kind,
                       const struct iot_packet *p, const struct iot_addr *a)
{
    memset(k, 0, sizeof(*k));
    k->type = type;
    k->kind = (uint8_t)kind;
    k->ver = p->ip_ver;
    memcpy(k->addr, a->b, 16);
    return sizeof(*k);
}

/* Rolls e's window when window_sec have passed: the finished window's count feeds the
 * baseline (kept in e->aux, x16; e->distinct[63] counts learnt windows). */
static void roll_window(struct iot_track_entry *e, struct iot_ts ts, uint32_t window_sec)
{
    if (ts.sec - e->start.sec < (int64_t)window_sec)
        return;
    uint64_t base = e->aux;
    uint64_t cur = e->count * FIX;
    e->aux = base == 0 ? cur : base - (base >> EWMA_SHIFT) + (cur >> EWMA_SHIFT);
    e->nsamples = 0;
    e->ndistinct = 0;
    e->alerted = false;
    e->count = 0;
    e->start = ts;
    if (e->distinct[IOT_TRACK_MAX_DISTINCT - 1] < FLOOD_LEARN_WINDOWS)
        e->distinct[IOT_TRACK_MAX_DISTINCT - 1]++;
}

/* The first IOT_TRACK_MAX_DISTINCT - 1 distinct values only: the last slot holds the count of
 * learnt windows. */
static void distinct_add(struct iot_track_entry *e, uint32_t v)
{
    for (unsigned i = 0; i < e->ndistinct; i++)
        if (e->distinct[i] == v)
            return;
    if (e->ndistinct < IOT_TRACK_MAX_DISTINCT - 1)
        e->distinct[e->ndistinct++] = v;
}

/* At least FLOOD_MIN_BURST packets, sent faster than pps a second. */
static bool burst(const struct iot_detect_config *cfg, const struct iot_track_entry *e)
{
    if (e->count < FLOOD_MIN_BURST)
        return false;
    int64_t ns = (e->last.sec - e->start.sec) * 1000000000 + ((int64_t)e->last.nsec - e->start.nsec);
    return ns > 0 && (double)(e->count - 1) * 1e9 / (double)ns >= (double)cfg->flood_pps;
}

/* Which test a flood crossed: the absolute rate, the device's baseline, or a fast burst. */
enum flood_why { WHY_ABS, WHY_BASELINE, WHY_BURST };

static bool over_threshold(const struct iot_detect_config *cfg, enum flood_kind k,
                           const struct iot_track_entry *e, uint64_t *limit, enum flood_why *why)
{
    uint64_t abs = (uint64_t)(k == K_HTTP ? cfg->flood_http_rps : cfg->flood_pps) *
                   cfg->flood_window;
    uint64_t floor = (uint64_t)cfg->flood_min_pps * cfg->flood_window;
    bool learnt = e->distinct[IOT_TRACK_MAX_DISTINCT - 1] >= FLOOD_LEARN_WINDOWS;
    uint64_t rel = learnt ? (e->aux * cfg->flood_factor) / FIX : UINT64_MAX;
    if (rel < floor)
        rel = floor;
    bool by_baseline = learnt && rel < abs;
    *why = by_baseline ? WHY_BASELINE : WHY_ABS;
    *limit = by_baseline ? rel : abs;
    if (e->count < *limit && !by_baseline && burst(cfg, e)) {
        *limit = FLOOD_MIN_BURST;
        *why = WHY_BURST;
        return true;
    }
    return e->count >= *limit;
}

static void raise_outbound(struct iot_detect *d, enum flood_kind k, struct iot_track_entry *e,
                           const struct iot_packet *p, const struct iot_device *dev,
                           uint64_t limit, enum flood_why how)
{
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    e->alerted = true;
    struct iot_alert a = {.sig = kinds[k].sig, .p = p, .dev = dev, .ev = e, .threshold = limit,
                          .window_sec = cfg->flood_window};
    char who[160], target[64], why[96], flows[48] = "";
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, target, sizeof(target));
    if (how == WHY_BASELINE)
        snprintf(why, sizeof(why), "%" PRIu64 " times its usual rate",
                 e->aux > 0 ? e->count * FIX / e->aux : e->count);
    else if (how == WHY_BURST)
        snprintf(why, sizeof(why), "faster than %u a second", cfg->flood_pps);
    else
        snprintf(why, sizeof(why), "limit %" PRIu64 " in %u s", limit, cfg->flood_window);
    double secs = (double)(e->last.sec - e->start.sec) +
                  ((double)e->last.nsec - (double)e->start.nsec) / 1e9;
    if (kinds[k].needs_flows)
        snprintf(flows, sizeof(flows), " over %u different port pairs", e->ndistinct);
    snprintf(a.explain, sizeof(a.explain),
             "%s sent %" PRIu64 " %s in %.3f s (%s), to %s%s: it is taking part in a "
             "denial-of-service flood, as botnet-infected IoT devices do; isolate it and reset it.",
             who, e->count, kinds[k].what, secs, why, target, flows);
    iot_detect_raise(d, &a);
}

static void outbound(struct iot_detect *d, enum flood_kind k, const struct iot_packet *p,
                     const struct iot_device *dev)
{
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    /* By device when known: a flood tool spoofing random source addresses is still one MAC. */
    struct flood_key key;
    struct iot_addr who = p->src;
    uint8_t type = 'F';
    if (dev != NULL) {
        memset(&who, 0, sizeof(who));
        memcpy(who.b, &dev->id, sizeof(dev->id));
        type = 'D';
    }
    size_t n = key_make(&key, type, k, p, &who);
    struct iot_track_entry *e = iot_track_get(iot_detect_track(d), &key, n, p->ts, UINT32_MAX);
    roll_window(e, p->ts, cfg->flood_window);
    e->count++;
    distinct_add(e, (uint32_t)p->sp << 16 | p->dp);
    iot_track_sample(e, p);
    uint64_t limit;
    enum flood_why how;
    if (e->alerted || !over_threshold(cfg, k, e, &limit, &how))
        return;
    if (kinds[k].needs_flows && e->ndistinct < FLOOD_MIN_FLOWS)
        return;
    raise_outbound(d, k, e, p, dev, limit, how);
}

/* A local host receiving a kind of packet at flood rate from many sources. */
static void inbound(struct iot_detect *d, enum flood_kind k, const struct iot_packet *p)
{
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    struct flood_key key;
    size_t n = key_make(&key, 'I', k, p, &p->dst);
    struct iot_track_entry *e = iot_track_get(iot_detect_track(d), &key, n, p->ts,
                                              cfg->flood_window);
    e->count++;
    iot_track_distinct(e, iot_detect_addr_fold(&p->src));
    iot_track_sample(e, p);
    if (e->alerted || e->count < (uint64_t)cfg->flood_pps * cfg->flood_window ||
        e->ndistinct < cfg->flood_sources)
        return;
    e->alerted = true;
    struct iot_alert a = {.sig = IOT_SIG_FLOOD_INBOUND, .p = p, .ev = e, .subject = &p->dst,
                          .threshold = (uint64_t)cfg->flood_pps * cfg->flood_window,
                          .window_sec = cfg->flood_window};
    char victim[64];
    iot_detect_format_addr(&p->dst, p->ip_ver, victim, sizeof(victim));
    snprintf(a.explain, sizeof(a.explain),
             "%s received %" PRIu64 " %s in %u s from at least %u different sources: it is the "
             "target of a (probably spoofed) denial-of-service flood; check its upstream link and "
             "ask the provider to filter.",
             victim, e->count, kinds[k].what, cfg->flood_window, e->ndistinct);
    iot_detect_raise(d, &a);
}

void iot_detect_flood(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_device *dev)
{
    enum flood_kind k = kind_of(p, f);
    if (k == K_NONE)
        return;
    /* Outbound floods are about our devices: a router forwarding the internet's traffic in is
     * not one (its packets carry outside source addresses). */
    if (iot_detect_addr_local(d, &p->src, p->ip_ver))
        outbound(d, k, p, dev);
    if (k != K_HTTP && iot_detect_addr_local(d, &p->dst, p->ip_ver))
        inbound(d, k, p);
}
