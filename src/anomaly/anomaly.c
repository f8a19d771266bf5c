/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Behavioural anomalies: features, KitNET, per-device thresholds, baselines and kinds. */
#include "iotsec-common.h"
#include "anomaly/anomaly.h"

#include <ctype.h>
#include <math.h>

#include "anomaly/anomaly-device.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

static bool config_ok(const struct iot_anomaly_config *c)
{
    return c->fpr > 0 && c->fpr < 1 && c->max_devices >= 1 && c->max_devices <= (1u << 20) &&
           c->max_ae >= 1 && c->max_ae <= 64 && c->window >= 0;
}

static struct iot_kitnet_config kitnet_config(const struct iot_anomaly_config *c)
{
    struct iot_kitnet_config k = {c->max_ae, c->fm_grace, c->ad_grace, 0.1, 0.75,
                                  c->seed ? c->seed : 1};
    return k;
}

struct iot_anomaly *iot_anomaly_alloc(const struct iot_anomaly_config *c, char *err,
                                      size_t errlen)
{
    if (!config_ok(c) || sodium_init() < 0) {
        snprintf(err, errlen, "anomaly: bad configuration (fpr in (0, 1), max-devices 1..2^20)");
        return NULL;
    }
    struct iot_anomaly *a = iot_calloc(1, sizeof(*a));
    if (a == NULL)
        goto nomem;
    a->c = *c;
    a->nslots = 2 * c->max_devices;
    a->slots = iot_calloc(a->nslots, sizeof(*a->slots));
    a->feat = iot_feat_new(c->memcap, c->seed);
    if (a->slots == NULL || a->feat == NULL)
        goto nomem;
    a->pool.top = (struct top_scores){0, POOL_TOP, a->pool_top};
    if (c->seed != 0)
        for (size_t i = 0; i < sizeof(a->hash_key); i++)
            a->hash_key[i] = (uint8_t)(c->seed >> (8 * (i % 8))) ^ (uint8_t)(0x5a + i);
    else
        crypto_shorthash_keygen(a->hash_key);
    return a;
nomem:
    snprintf(err, errlen, "anomaly: out of memory (anomaly.memcap at least 64k)");
    iot_anomaly_free(a);
    return NULL;
}

struct iot_anomaly *iot_anomaly_new(const struct iot_anomaly_config *c, char *err, size_t errlen)
{
    struct iot_anomaly *a = iot_anomaly_alloc(c, err, errlen);
    if (a == NULL)
        return NULL;
    struct iot_kitnet_config k = kitnet_config(c);
    a->net = iot_kitnet_new(IOT_FEAT_COUNT, &k);
    if (a->net == NULL) {
        snprintf(err, errlen, "anomaly: out of memory");
        iot_anomaly_free(a);
        return NULL;
    }
    return a;
}

void iot_anomaly_free(struct iot_anomaly *a)
{
    if (a == NULL)
        return;
    for (uint64_t i = 0; a->slots != NULL && i < a->nslots; i++)
        iot_free(a->slots[i]);
    for (uint32_t i = 0; i < a->nkinds; i++)
        iot_free(a->kinds[i]);
    iot_free(a->slots);
    iot_feat_free(a->feat);
    iot_kitnet_free(a->net);
    iot_free(a);
}

struct dev *iot_anomaly_device(struct iot_anomaly *a, const uint8_t mac[6], bool create)
{
    uint64_t h;
    crypto_shorthash((uint8_t *)&h, mac, 6, a->hash_key);
    for (uint64_t i = 0; i < a->nslots; i++) {
        struct dev **s = &a->slots[(h + i) % a->nslots];
        if (*s == NULL) {
            if (!create || a->ndev >= a->c.max_devices)
                return NULL;
            *s = iot_calloc(1, sizeof(struct dev));
            if (*s == NULL)
                return NULL;
            memcpy((*s)->mac, mac, 6);
            (*s)->top = (struct top_scores){0, DEV_TOP, (*s)->top_v};
            a->ndev++;
            return *s;
        }
        if (memcmp((*s)->mac, mac, 6) == 0)
            return *s;
    }
    return NULL;
}

enum iot_anomaly_phase iot_anomaly_phase_of(const struct iot_anomaly *a)
{
    const struct iot_anomaly_config *c = &a->c;
    if (a->seen < c->fm_grace)
        return IOT_ANOMALY_MAP;
    if (a->seen < c->fm_grace + c->ad_grace)
        return IOT_ANOMALY_TRAIN;
    return a->seen < c->fm_grace + c->ad_grace + c->cal_grace ? IOT_ANOMALY_CALIBRATE
                                                              : IOT_ANOMALY_DETECT;
}

static void learn_features(struct dev *d, const double *x)
{
    d->nfeat++;
    for (int i = 0; i < IOT_FEAT_COUNT; i++) {
        double delta = x[i] - d->fmean[i];
        d->fmean[i] += delta / (double)d->nfeat;
        d->fm2[i] += delta * (x[i] - d->fmean[i]);
    }
}

/* Chan et al.'s pairwise update: two Welford summaries into one. */
static void merge_features(struct dev *into, const struct dev *from)
{
    if (from->nfeat == 0)
        return;
    double na = (double)into->nfeat, nb = (double)from->nfeat, n = na + nb;
    for (int i = 0; i < IOT_FEAT_COUNT; i++) {
        double delta = from->fmean[i] - into->fmean[i];
        into->fmean[i] += delta * nb / n;
        into->fm2[i] += from->fm2[i] + delta * delta * na * nb / n;
    }
    into->nfeat += from->nfeat;
}

void iot_anomaly_top_push(struct top_scores *t, double v)
{
    if (t->n < t->cap) { /* sift up */
        uint32_t i = t->n++;
        for (; i > 0 && t->v[(i - 1) / 2] > v; i = (i - 1) / 2)
            t->v[i] = t->v[(i - 1) / 2];
        t->v[i] = v;
        return;
    }
    if (!(v > t->v[0]))
        return;
    uint32_t i = 0; /* replace the smallest, sift down */
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= t->n)
            break;
        if (c + 1 < t->n && t->v[c + 1] < t->v[c])
            c++;
        if (t->v[c] >= v)
            break;
        t->v[i] = t->v[c];
        i = c;
    }
    t->v[i] = v;
}

static void learn_score(struct dev *d, double score)
{
    d->nscore++;
    d->score_sum += score;
    d->score_ss += score * score;
    iot_anomaly_top_push(&d->top, score);
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The empirical (1 - fpr) quantile: the (fpr n + 1)-th largest score, from the kept ones whose
 * first `exact` (largest first) are the true largest. When the rank lies beyond them, a pooled
 * threshold takes the last exact one (a higher threshold: fewer false positives); a device's is
 * not placed and the device uses the network's. Devices with fewer than 1 / fpr scores (or than
 * IOT_ANOMALY_MIN_SAMPLES) have none either. */
static void set_threshold(struct dev *d, double fpr, bool pooled, uint32_t exact)
{
    exact = exact < d->top.n ? exact : d->top.n;
    d->has_threshold = exact > 0 && d->nscore >= IOT_ANOMALY_MIN_SAMPLES &&
                       (pooled || (double)d->nscore * fpr >= 1);
    if (!d->has_threshold)
        return;
    double sorted[POOL_TOP];
    memcpy(sorted, d->top.v, d->top.n * sizeof(double));
    qsort(sorted, d->top.n, sizeof(double), cmp_desc);
    uint64_t k = (uint64_t)((double)d->nscore * fpr); /* 0-based rank of the quantile */
    if (k >= exact && !pooled) {
        d->has_threshold = false;
        return;
    }
    d->threshold = sorted[k < exact ? k : exact - 1];
}

#define SET_ADD(set, cap, val)              \
    do {                                    \
        if (!has((set).v, (set).n, (val))) { \
            if ((set).n < (cap))            \
                (set).v[(set).n++] = (val); \
            else                            \
                (set).many = true;          \
        }                                   \
    } while (0)

static bool has(const uint32_t *set, uint32_t n, uint32_t v)
{
    for (uint32_t i = 0; i < n; i++)
        if (set[i] == v)
            return true;
    return false;
}

static void merge_sets(struct dev *into, const struct dev *from)
{
    for (uint32_t i = 0; i < from->peers.n; i++)
        SET_ADD(into->peers, DEV_PEERS, from->peers.v[i]);
    for (uint32_t i = 0; i < from->services.n; i++)
        SET_ADD(into->services, DEV_SERVICES, from->services.v[i]);
    for (uint32_t i = 0; i < from->names.n; i++)
        SET_ADD(into->names, DEV_NAMES, from->names.v[i]);
    into->peers.many |= from->peers.many;
    into->services.many |= from->services.many;
    into->names.many |= from->names.many;
}

/* A kind that says something: the inventory's "unknown" groups devices that share nothing. */
static bool kind_usable(const char *kind)
{
    return kind != NULL && kind[0] != '\0' && strcmp(kind, "unknown") != 0;
}

static struct kind_profile *kind_find(struct iot_anomaly *a, const char *kind, bool create)
{
    for (uint32_t i = 0; i < a->nkinds; i++)
        if (strcmp(a->kinds[i]->d.kind, kind) == 0)
            return a->kinds[i];
    if (!create || a->nkinds == MAX_KINDS)
        return NULL;
    struct kind_profile *k = iot_calloc(1, sizeof(*k));
    if (k == NULL)
        return NULL;
    iot_strlcpy(k->d.kind, kind, sizeof(k->d.kind));
    k->d.top = (struct top_scores){0, POOL_TOP, k->top_v};
    a->kinds[a->nkinds++] = k;
    return k;
}

/* Each kind's profile from its learnt devices: their scores together, merged baselines, the
 * union of what they used, their average rates. Its threshold is the quantile of all their
 * scores (each device kept its DEV_TOP largest, so the DEV_TOP largest of the kind are exact
 * and a rank beyond them takes the last: higher, never lower) plus one standard deviation of
 * them: a new device of the kind is another device, whose
 * scores sit a little apart from those learnt (measured: a PLC's scores whose 99.9% quantile
 * lies 1.8 deviations above their mean put 4.9% of another PLC's packets over it, 0.1% with
 * the margin). */
static void build_kinds(struct iot_anomaly *a)
{
    for (uint64_t i = 0; i < a->nslots; i++) {
        const struct dev *d = a->slots[i];
        if (d == NULL || d->late || !kind_usable(d->kind) || d->nscore == 0)
            continue;
        struct kind_profile *k = kind_find(a, d->kind, true);
        if (k == NULL)
            continue;
        k->d.nscore += d->nscore;
        k->d.score_sum += d->score_sum;
        k->d.score_ss += d->score_ss;
        for (uint32_t j = 0; j < d->top.n; j++)
            iot_anomaly_top_push(&k->d.top, d->top.v[j]);
        merge_features(&k->d, d);
        merge_sets(&k->d, d);
        iot_rate_usual_merge(&k->d.usual, &d->usual);
    }
    for (uint32_t i = 0; i < a->nkinds; i++) {
        struct dev *k = &a->kinds[i]->d;
        set_threshold(k, a->c.fpr, true, DEV_TOP);
        double n = (double)k->nscore, mean = k->score_sum / n;
        if (k->has_threshold)
            k->threshold += sqrt(fmax(0, k->score_ss / n - mean * mean));
    }
}

void iot_anomaly_finish_learning(struct iot_anomaly *a)
{
    set_threshold(&a->pool, a->c.fpr, true, POOL_TOP);
    for (uint64_t i = 0; i < a->nslots; i++)
        if (a->slots[i] != NULL && !a->slots[i]->late)
            set_threshold(a->slots[i], a->c.fpr, false, DEV_TOP);
    build_kinds(a);
}

/* The profile of kind, when it was learnt with enough scores for a threshold. */
static const struct kind_profile *kind_profile(struct iot_anomaly *a, const char *kind)
{
    if (!kind_usable(kind))
        return NULL;
    char k[IOT_ANOMALY_KIND_SIZE];
    iot_strlcpy(k, kind, sizeof(k));
    const struct kind_profile *p = kind_find(a, k, false);
    return p != NULL && p->d.has_threshold ? p : NULL;
}

/* A device first seen after calibration takes its kind's profile, again when the inventory
 * changes its mind about the kind; to a kind not learnt, it drops the profile and is judged as
 * the network (what it noted against the old kind is dropped either way). */
static void seed_from_kind(struct iot_anomaly *a, struct dev *d, const char *kind)
{
    if (!kind_usable(kind) || strncmp(d->kind, kind, sizeof(d->kind) - 1) == 0)
        return;
    iot_strlcpy(d->kind, kind, sizeof(d->kind));
    memset(&d->novel, 0, sizeof(d->novel));
    const struct kind_profile *k = kind_profile(a, kind);
    if (k == NULL) {
        d->seeded = false;
        d->has_threshold = false;
        return;
    }
    d->seeded = true;
    d->peers = k->d.peers;
    d->services = k->d.services;
    d->names = k->d.names;
    d->usual = k->d.usual;
    d->nfeat = k->d.nfeat;
    memcpy(d->fmean, k->d.fmean, sizeof(d->fmean));
    memcpy(d->fm2, k->d.fm2, sizeof(d->fm2));
    d->threshold = k->d.threshold;
    d->has_threshold = k->d.has_threshold;
}

static double spread(const struct dev *d, int i)
{
    double sd = d->nfeat > 1 ? sqrt(d->fm2[i] / (double)(d->nfeat - 1)) : 0;
    /* A feature that never moved still has a scale: a hundredth of its mean, or a tiny one. */
    return fmax(sd, fmax(1e-9, 0.01 * fabs(d->fmean[i])));
}

/* The features furthest from the device's baseline, in spreads: the explanation's facts. */
static void top_features(const struct iot_anomaly *a, const struct dev *d,
                         struct iot_anomaly_verdict *v)
{
    double best[IOT_ANOMALY_TOP];
    v->ntop = 0;
    for (int i = 0; i < IOT_FEAT_COUNT; i++) {
        double z = fabs(a->x[i] - d->fmean[i]) / spread(d, i);
        if (v->ntop == IOT_ANOMALY_TOP && !(z > best[IOT_ANOMALY_TOP - 1]))
            continue;
        int pos = v->ntop < IOT_ANOMALY_TOP ? v->ntop++ : IOT_ANOMALY_TOP - 1;
        for (; pos > 0 && z > best[pos - 1]; pos--) {
            best[pos] = best[pos - 1];
            v->top[pos] = v->top[pos - 1];
        }
        best[pos] = z;
        double sd = d->nfeat > 1 ? sqrt(d->fm2[i] / (double)(d->nfeat - 1)) : 0;
        v->top[pos] = (struct iot_anomaly_feature){i, a->x[i], d->fmean[i], sd};
    }
}

static uint32_t peer_key(const struct iot_anomaly *a, const struct iot_feat_packet *p)
{
    uint8_t k[17];
    uint64_t h;
    k[0] = p->ip_ver;
    memcpy(k + 1, p->dst_ip, 16);
    crypto_shorthash((uint8_t *)&h, k, sizeof(k), a->hash_key);
    return (uint32_t)h;
}

/* Names compare without case (RFC 4343) and without a final dot. */
static uint32_t name_key(const struct iot_anomaly *a, const char *name)
{
    char low[256];
    size_t n = 0;
    for (; name[n] != '\0' && n < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)name[n]);
    if (n > 0 && low[n - 1] == '.')
        n--;
    uint64_t h;
    crypto_shorthash((uint8_t *)&h, (const uint8_t *)low, n, a->hash_key);
    return (uint32_t)h | 1u; /* never 0: a name is never the empty set's filler */
}

/* The service of a packet: its protocol and the lower port (the server's, for a client's
 * packet and for a server's reply alike); 0 without ports. */
static uint32_t service_of(const struct iot_feat_packet *p)
{
    if (p->sp == 0 && p->dp == 0)
        return 0;
    return (uint32_t)p->proto << 16 | (p->sp < p->dp ? p->sp : p->dp);
}

static void learn_sets(const struct iot_anomaly *a, struct dev *d, uint32_t pk, uint32_t sv,
                       const char *query)
{
    SET_ADD(d->peers, DEV_PEERS, pk);
    if (sv != 0)
        SET_ADD(d->services, DEV_SERVICES, sv);
    if (query != NULL && query[0] != '\0')
        SET_ADD(d->names, DEV_NAMES, name_key(a, query));
}

/* A name whose text hides some of its bytes ("pool.ntp.org\0.c2.evil" reads "pool.ntp.org"
 * while a resolver asks evil's servers) is always new: its text may equal a learnt name. */
static void note_new_name(const struct iot_anomaly *a, struct dev *d, const char *query, bool odd)
{
    struct novelty *n = &d->novel;
    if (query == NULL || (query[0] == '\0' && !odd))
        return;
    uint32_t key = name_key(a, query) ^ (odd ? 0x40000000u : 0);
    if (!odd && (d->names.many || has(d->names.v, d->names.n, key)))
        return;
    n->name_queries++;
    if (has(n->name_keys, (uint32_t)n->nnames, key) || n->nnames == IOT_ANOMALY_NEW)
        return;
    n->name_keys[n->nnames] = key;
    static const char marker[] = "<unprintable bytes>";
    int room = IOT_ANOMALY_NAME_SIZE - 1 - (odd ? (int)sizeof(marker) - 1 : 0);
    snprintf(n->names[n->nnames++], IOT_ANOMALY_NAME_SIZE, "%.*s%s", room, query, odd ? marker : "");
}

/* In the detect phase: remembers what the packet does that the device (or, first seen late,
 * its kind) never did while learning. */
static void note_novelty(const struct iot_anomaly *a, struct dev *d, const struct iot_feat_packet *p,
                         uint32_t pk, uint32_t sv, const struct iot_anomaly_context *ctx)
{
    if (d->late && !d->seeded) /* its kind changed to one not learnt: nothing to compare with */
        return;
    struct novelty *n = &d->novel;
    if (!d->peers.many && !has(d->peers.v, d->peers.n, pk)) {
        n->peer_packets++;
        bool listed = false;
        for (int i = 0; i < n->npeers && !listed; i++)
            listed = n->peers[i].ip_ver == p->ip_ver && memcmp(n->peers[i].ip, p->dst_ip, 16) == 0;
        if (!listed && n->npeers < IOT_ANOMALY_NEW) {
            n->peers[n->npeers].ip_ver = p->ip_ver;
            memcpy(n->peers[n->npeers++].ip, p->dst_ip, 16);
        }
    }
    if (sv != 0 && !d->services.many && !has(d->services.v, d->services.n, sv)) {
        n->service_packets++;
        if (!has(n->services, (uint32_t)n->nservices, sv) && n->nservices < IOT_ANOMALY_NEW)
            n->services[n->nservices++] = sv;
    }
    note_new_name(a, d, ctx->dns_query, ctx->dns_query_odd);
}

static void report_novelty(struct dev *d, struct iot_anomaly_verdict *v)
{
    struct novelty *n = &d->novel;
    v->nnew_peers = n->npeers;
    v->nnew_services = n->nservices;
    v->nnew_names = n->nnames;
    memcpy(v->new_peers, n->peers, sizeof(n->peers));
    memcpy(v->new_services, n->services, sizeof(n->services));
    memcpy(v->new_names, n->names, sizeof(n->names));
    v->new_peer_packets = n->peer_packets;
    v->new_service_packets = n->service_packets;
    v->new_name_queries = n->name_queries;
    memset(n, 0, sizeof(*n));
}

static void ring_push(struct dev *d, const struct iot_feat_packet *p, double score)
{
    struct iot_anomaly_packet *r = &d->ring[d->ring_n++ % IOT_ANOMALY_RING];
    *r = (struct iot_anomaly_packet){.t = p->t, .score = score, .len = (uint32_t)p->len,
                                     .ip_ver = p->ip_ver, .proto = p->proto, .sp = p->sp,
                                     .dp = p->dp};
    memcpy(r->src, p->src_ip, 16);
    memcpy(r->dst, p->dst_ip, 16);
}

static void report_packets(const struct dev *d, struct iot_anomaly_verdict *v)
{
    uint32_t n = d->ring_n < IOT_ANOMALY_RING ? d->ring_n : IOT_ANOMALY_RING;
    for (uint32_t i = 0; i < n; i++)
        v->packets[i] = d->ring[(d->ring_n - n + i) % IOT_ANOMALY_RING];
    v->npackets = (int)n;
}

/* The device's own threshold, else its kind's (seeded), else the network's. */
static const struct dev *reference(const struct iot_anomaly *a, const struct dev *d,
                                   struct iot_anomaly_verdict *v)
{
    if (d == NULL || !d->has_threshold) {
        v->ref = IOT_ANOMALY_REF_NETWORK;
        return &a->pool;
    }
    v->ref = d->seeded ? IOT_ANOMALY_REF_KIND : IOT_ANOMALY_REF_DEVICE;
    if (d->seeded)
        iot_strlcpy(v->ref_kind, d->kind, sizeof(v->ref_kind));
    return d;
}

static void detect(struct iot_anomaly *a, struct dev *d, double t, struct iot_anomaly_verdict *v)
{
    const struct dev *ref = reference(a, d, v);
    v->threshold = ref->has_threshold ? ref->threshold : INFINITY;
    v->anomalous = v->score > v->threshold;
    if (!v->anomalous)
        return;
    a->anomalous++;
    struct dev *owner = d != NULL ? d : &a->pool;
    if (owner->evented && t - owner->last_event < a->c.window) {
        owner->suppressed++;
        return;
    }
    v->report = true;
    v->suppressed = owner->suppressed;
    owner->suppressed = 0;
    owner->evented = true;
    owner->last_event = t;
    a->reported++;
    top_features(a, d != NULL && d->nfeat > 1 ? d : &a->pool, v);
    if (d == NULL)
        return;
    report_novelty(d, v);
    report_packets(d, v);
    if (!d->late || d->seeded) /* else its usual rates are nobody's */
        v->nrates = iot_rates_report(&d->rates, &d->usual, t, v->rates, IOT_RATE_KINDS + 1);
}

/* What the device does now, and while it learns what it usually does. */
static void learn_device(struct iot_anomaly *a, struct dev *d, const struct iot_feat_packet *p,
                         const struct iot_anomaly_context *ctx, enum iot_anomaly_phase ph)
{
    uint32_t pk = peer_key(a, p), sv = service_of(p);
    bool fresh = iot_rates_update(&d->rates, p->t, p->len, pk, sv);
    if (ph == IOT_ANOMALY_DETECT) {
        if (d->late)
            seed_from_kind(a, d, ctx->kind);
        note_novelty(a, d, p, pk, sv, ctx);
        return;
    }
    if (kind_usable(ctx->kind))
        iot_strlcpy(d->kind, ctx->kind, sizeof(d->kind));
    learn_features(d, a->x);
    learn_sets(a, d, pk, sv, ctx->dns_query_odd ? NULL : ctx->dns_query);
    iot_rate_usual_learn(&d->usual, p->t, p->len, fresh, sv);
}

/* The sender's device: while learning every sender gets one. After, a new sender gets one
 * (marked late) only once the inventory gives it a kind that was learnt, and is seeded from it
 * at once: addresses that come and go (or are forged) without a kind do not fill the table;
 * they share the network's threshold and window. */
static struct dev *sender(struct iot_anomaly *a, const struct iot_feat_packet *p,
                          const struct iot_anomaly_context *ctx, enum iot_anomaly_phase ph)
{
    bool learning = ph != IOT_ANOMALY_DETECT;
    struct dev *d = iot_anomaly_device(a, p->src_mac, false);
    if (d != NULL || (!learning && kind_profile(a, ctx->kind) == NULL))
        return d;
    if ((d = iot_anomaly_device(a, p->src_mac, true)) == NULL) {
        a->over_cap++;
        return NULL;
    }
    if (!learning) {
        d->late = true;
        a->late++;
        seed_from_kind(a, d, ctx->kind);
        a->kind_seeded += d->seeded;
    }
    return d;
}

void iot_anomaly_packet(struct iot_anomaly *a, const struct iot_feat_packet *p,
                        const struct iot_anomaly_context *ctx, struct iot_anomaly_verdict *v)
{
    static const struct iot_anomaly_context none = {NULL, NULL, false};
    if (ctx == NULL)
        ctx = &none;
    /* The verdict's lists are filled only with a report: clear what every packet reads. */
    memset(v, 0, offsetof(struct iot_anomaly_verdict, ntop));
    v->ntop = v->nnew_peers = v->nnew_services = v->nnew_names = v->nrates = v->npackets = 0;
    enum iot_anomaly_phase ph = iot_anomaly_phase_of(a);
    v->phase = ph;
    iot_feat_update(a->feat, p, a->x);
    double s = iot_kitnet_process(a->net, a->x);
    if (a->seen < UINT64_MAX)
        a->seen++;
    if (ph == IOT_ANOMALY_MAP)
        return;
    struct dev *d = sender(a, p, ctx, ph);
    if (ph != IOT_ANOMALY_DETECT)
        learn_features(&a->pool, a->x);
    if (d != NULL)
        learn_device(a, d, p, ctx, ph);
    if (ph == IOT_ANOMALY_TRAIN)
        return;
    v->score = s;
    a->scored++;
    if (ph == IOT_ANOMALY_CALIBRATE) {
        learn_score(&a->pool, s);
        if (d != NULL)
            learn_score(d, s);
        if (iot_anomaly_phase_of(a) == IOT_ANOMALY_DETECT)
            iot_anomaly_finish_learning(a);
        return;
    }
    if (d != NULL)
        ring_push(d, p, s);
    detect(a, d, p->t, v);
}

void iot_anomaly_get_stats(const struct iot_anomaly *a, struct iot_anomaly_stats *st)
{
    memset(st, 0, sizeof(*st));
    st->phase = iot_anomaly_phase_of(a);
    st->packets = a->seen;
    st->scored = a->scored;
    st->anomalous = a->anomalous;
    st->reported = a->reported;
    st->devices = a->ndev;
    st->devices_over_cap = a->over_cap;
    st->late_devices = a->late;
    st->kind_seeded = a->kind_seeded;
    for (uint32_t i = 0; i < a->nkinds; i++)
        st->kinds += a->kinds[i]->d.has_threshold; /* the ones that can judge a device */
    iot_feat_get_stats(a->feat, &st->feat);
}
