/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command and control: Mirai's hello, calls home after a compromise, beaconing. */
#include "iotsec-common.h"
#include "detect/detect-c2.h"

#include <inttypes.h>
#include <stdlib.h>

/* The client's first payloads only: the hello comes right after the handshake, and the first
 * payload of a session is where its destination enters the baseline. */
#define C2_FIRST_PACKETS 4
#define MIRAI_ID_MAX 32
/* Beacon events: a client payload after at least this much silence to that destination. */
#define BEACON_MIN_GAP_MS 1000
#define BEACON_RING 16
/* A beacon entry's distinct[] holds the ring of intervals (ms) and, after it, the time of the
 * last contact (µs, two halves): the tracker itself touches e->last on every lookup. */
#define BEACON_LAST_HI BEACON_RING
#define BEACON_LAST_LO (BEACON_RING + 1)

static int64_t ms_between(struct iot_ts later, struct iot_ts earlier)
{
    return (iot_ts_usec(later) - iot_ts_usec(earlier)) / 1000;
}

/* The hello whole in one payload, or (Mirai writes it with three send() calls, and Nagle sends
 * the first at once) 00 00 00 01 alone, then the id length and id in the flow's next payload. */
static bool hello_seen(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f)
{
    static const uint8_t magic[4] = {0, 0, 0, 1};
    const uint8_t *b = p->payload;
    uint32_t n = p->payload_len;
    uint8_t k[1 + sizeof(f->id)] = {'H'}; /* no padding: every key byte is hashed */
    memcpy(k + 1, &f->id, sizeof(f->id));
    if (n == 4 && memcmp(b, magic, 4) == 0) {
        iot_track_get(iot_detect_track(d), k, sizeof(k), p->ts, UINT32_MAX);
        return false;
    }
    if (n >= 1 && n <= 1 + MIRAI_ID_MAX && n == 1u + b[0] &&
        iot_track_find(iot_detect_track(d), k, sizeof(k)) != NULL)
        return true;
    return n >= 5 && n <= 5 + MIRAI_ID_MAX && memcmp(b, magic, 4) == 0 && n == 5u + b[4];
}

static void mirai_hello(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                        const struct iot_device *dev)
{
    if (!hello_seen(d, p, f))
        return;
    const uint8_t *b = p->payload;
    uint8_t idlen = p->payload_len >= 5 && memcmp(b, "\0\0\0\1", 4) == 0 ? b[4] : b[0];
    struct iot_alert a = {.sig = IOT_SIG_C2_MIRAI, .p = p, .f = f, .dev = dev, .threshold = 1};
    char who[160], c2[64];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, c2, sizeof(c2));
    snprintf(a.explain, sizeof(a.explain),
             "%s connected to %s:%u and sent Mirai's bot hello (00 00 00 01, an id of %u bytes): "
             "it reports to a botnet's command-and-control server; block %s and reset the device.",
             who, c2, p->dp, idlen, c2);
    iot_detect_raise(d, &a);
}

struct addr_key {
    uint8_t type, ver;
    uint8_t addr[16];
};

static struct addr_key addr_key(uint8_t type, uint8_t ver, const struct iot_addr *a)
{
    struct addr_key k = {type, ver, {0}};
    memcpy(k.addr, a->b, 16);
    return k;
}

/* Seconds since a compromise stage hit addr, or -1 when none within detect.c2.window. */
static int64_t mark_age(struct iot_detect *d, const struct iot_addr *addr, uint8_t ver,
                        struct iot_ts now, const struct iot_track_entry **mark)
{
    struct addr_key k = addr_key('K', ver, addr);
    const struct iot_track_entry *e = iot_track_find(iot_detect_baseline_track(d), &k, sizeof(k));
    if (e == NULL)
        return -1;
    int64_t age = now.sec - e->start.sec;
    *mark = e;
    return age >= 0 && age <= (int64_t)iot_detect_cfg(d)->c2_window ? age : -1;
}

static int64_t since_compromise(struct iot_detect *d, const struct iot_packet *p,
                                const struct iot_track_entry **mark)
{
    return mark_age(d, &p->src, p->ip_ver, p->ts, mark);
}

bool iot_detect_c2_compromised(struct iot_detect *d, const struct iot_addr *addr, uint8_t ver,
                               struct iot_ts now)
{
    const struct iot_track_entry *mark;
    return mark_age(d, addr, ver, now, &mark) >= 0;
}

/* The device's baseline of one type ('B' destinations, 'N' names): v is in it, or is learnt
 * into it while the learning period lasts (not once the device is compromised). Returns true
 * when v is known or was just learnt: a baseline still learning has no outside yet, and one
 * the table evicted (its buckets keep the most recently used) learns again from scratch, so a
 * device's usual destination is not "outside what it talked to" after an eviction. */
static bool baseline(struct iot_detect *d, uint8_t type, const struct iot_packet *p, uint32_t v,
                     bool compromised)
{
    struct addr_key k = addr_key(type, p->ip_ver, &p->src);
    struct iot_track_entry *e =
        iot_track_get(iot_detect_baseline_track(d), &k, sizeof(k), p->ts, UINT32_MAX);
    for (unsigned i = 0; i < e->ndistinct; i++)
        if (e->distinct[i] == v)
            return true;
    if (compromised || p->ts.sec - e->start.sec >= (int64_t)iot_detect_cfg(d)->c2_learn)
        return false;
    iot_track_distinct(e, v);
    return true;
}

static uint32_t dest_fold(const struct iot_packet *p)
{
    return iot_detect_addr_fold(&p->dst) * 31u + p->dp;
}

static void call_home(struct iot_detect *d, enum iot_sig sig, const struct iot_packet *p,
                      const struct iot_flow *f, const struct iot_device *dev, int64_t age,
                      const struct iot_track_entry *mark, const char *what)
{
    struct iot_alert a = {.sig = sig, .p = p, .f = f, .dev = dev, .threshold = 1,
                          .subject = dev == NULL ? &p->src : NULL,
                          .window_sec = iot_detect_cfg(d)->c2_window};
    const struct iot_signature *stage = iot_signature_by_id((uint32_t)mark->aux);
    char who[160];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    snprintf(a.explain, sizeof(a.explain),
             "%s %s, %" PRId64 " s after it was compromised (%s): a fresh bot fetches its "
             "payload and calls its command server; block that destination and reflash the "
             "device.",
             who, what, age, stage != NULL ? stage->msg + 7 : "?");
    iot_detect_raise(d, &a);
}

static void new_destination(struct iot_detect *d, const struct iot_packet *p,
                            const struct iot_flow *f, const struct iot_device *dev)
{
    const struct iot_track_entry *mark = NULL;
    int64_t age = since_compromise(d, p, &mark);
    if (baseline(d, 'B', p, dest_fold(p), age >= 0) || age < 0)
        return;
    char dst[64], what[128];
    iot_detect_format_addr(&p->dst, p->ip_ver, dst, sizeof(dst));
    snprintf(what, sizeof(what), "connected to %s:%u, a destination outside its baseline", dst,
             p->dp);
    call_home(d, IOT_SIG_C2_NEW_DEST, p, f, dev, age, mark, what);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The last n intervals (ms) of the ring: their median when they are steady, else 0. */
static uint32_t steady_period(const struct iot_track_entry *e, unsigned n, unsigned jitter_pct)
{
    uint32_t v[BEACON_RING];
    for (unsigned i = 0; i < n; i++)
        v[i] = e->distinct[(e->aux + BEACON_RING - 1 - i) % BEACON_RING];
    qsort(v, n, sizeof(v[0]), cmp_u32);
    uint32_t med = n % 2 ? v[n / 2] : (uint32_t)(((uint64_t)v[n / 2 - 1] + v[n / 2]) / 2);
    return (uint64_t)(v[n - 1] - v[0]) * 100 <= (uint64_t)med * jitter_pct ? med : 0;
}

static void beacon(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                   const struct iot_device *dev)
{
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    struct {
        uint8_t type, ver;
        uint8_t src[16], dst[16];
        uint16_t dp;
    } k = {'P', p->ip_ver, {0}, {0}, p->dp};
    memcpy(k.src, p->src.b, 16);
    memcpy(k.dst, p->dst.b, 16);
    struct iot_track_entry *e = iot_track_get(iot_detect_track(d), &k, sizeof(k), p->ts, UINT32_MAX);
    int64_t now = iot_ts_usec(p->ts);
    int64_t last = (int64_t)((uint64_t)e->distinct[BEACON_LAST_HI] << 32 | e->distinct[BEACON_LAST_LO]);
    int64_t gap = (now - last) / 1000;
    bool first = e->count == 0 && e->nsamples == 0;
    e->distinct[BEACON_LAST_HI] = (uint32_t)((uint64_t)now >> 32);
    e->distinct[BEACON_LAST_LO] = (uint32_t)now;
    if (first) {
        e->start = p->ts;
        iot_track_sample(e, p);
        return;
    }
    if (gap < BEACON_MIN_GAP_MS)
        return;
    int64_t iv = ms_between(p->ts, e->start);
    e->start = p->ts;
    e->distinct[e->aux % BEACON_RING] = (uint32_t)(iv > UINT32_MAX ? UINT32_MAX : iv < 0 ? 0 : iv);
    e->aux = (e->aux + 1) % BEACON_RING;
    e->count++;
    iot_track_sample(e, p);
    if (e->alerted || e->count < cfg->beacon_intervals)
        return;
    uint32_t period = steady_period(e, cfg->beacon_intervals, cfg->beacon_jitter);
    /* A baseline still learning (new, or re-created after eviction) takes the destination in. */
    if (period == 0 || baseline(d, 'B', p, dest_fold(p), false))
        return;
    e->alerted = true;
    struct iot_alert a = {.sig = IOT_SIG_C2_BEACON, .p = p, .f = f, .dev = dev, .ev = e,
                          .subject = dev == NULL ? &p->src : NULL,
                          .threshold = cfg->beacon_intervals};
    char who[160], dst[64];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, dst, sizeof(dst));
    snprintf(a.explain, sizeof(a.explain),
             "%s contacts %s:%u every %.1f s (the last %u intervals within %u%% of each other), "
             "a destination outside what it talked to when first seen: implants poll their "
             "command server like this; find out what that server is.",
             who, dst, p->dp, period / 1000.0, cfg->beacon_intervals, cfg->beacon_jitter);
    iot_detect_raise(d, &a);
}

void iot_detect_c2(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                   enum iot_flow_dir dir, const struct iot_device *dev)
{
    if (dir != IOT_DIR_TOSERVER)
        return;
    bool outward = iot_detect_addr_local(d, &p->src, p->ip_ver) &&
                   !iot_detect_addr_local(d, &p->dst, p->ip_ver);
    if (f->pkts[dir] <= C2_FIRST_PACKETS) {
        mirai_hello(d, p, f, dev);
        if (outward)
            new_destination(d, p, f, dev);
    }
    if (outward && iot_detect_is_iot(dev))
        beacon(d, p, f, dev);
}

void iot_detect_c2_dns(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                       const struct iot_device *dev, const char *name)
{
    if (!iot_detect_addr_local(d, &p->src, p->ip_ver) || name[0] == '\0')
        return;
    uint32_t h = 2166136261u;
    for (const char *c = name; *c != '\0'; c++)
        h = (h ^ (uint8_t)(*c | 0x20)) * 16777619u;
    const struct iot_track_entry *mark = NULL;
    int64_t age = since_compromise(d, p, &mark);
    if (baseline(d, 'N', p, h, age >= 0) || age < 0)
        return;
    char what[160];
    snprintf(what, sizeof(what), "looked up '%.100s', a name it never asked for before", name);
    call_home(d, IOT_SIG_C2_NEW_NAME, p, f, dev, age, mark, what);
}

void iot_detect_c2_mark(struct iot_detect *d, const struct iot_alert *a)
{
    const struct iot_addr *victim;
    switch (a->sig) {
    /* Stages that succeeded: a loader typing into a shell it logged in to, a loader's download.
     * An exploit sent is only an attempt (the internet sends them all day); when it works, the
     * target fetches its payload, and that download is the mark. */
    case IOT_SIG_LOADER_TELNET: /* raised on the loader's packet to the victim */
    case IOT_SIG_ELF_DOWNLOAD:  /* raised on the server's packet to the downloader */
        victim = &a->p->dst;
        break;
    default:
        return;
    }
    struct addr_key k = addr_key('K', a->p->ip_ver, victim);
    struct iot_track_entry *e =
        iot_track_get(iot_detect_baseline_track(d), &k, sizeof(k), a->p->ts, UINT32_MAX);
    e->start = a->p->ts;
    e->aux = iot_signature(a->sig)->id;
}
