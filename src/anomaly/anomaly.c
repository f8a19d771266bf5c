/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Behavioural anomalies: features, KitNET, per-device thresholds and baselines. */
#include "iotsec-common.h"
#include "anomaly/anomaly.h"

#include <arpa/inet.h>
#include <math.h>
#include <sodium.h>

#include "anomaly/anomaly-kitnet.h"
#include "util/util-mem.h"

/* The largest calibration scores a device keeps: its (1 - fpr) quantile is the
 * (fpr * n + 1)-th largest of its n scores, so 64 serve up to n = 64 / fpr. */
#define DEV_TOP 64
#define POOL_TOP 4096

/* A min-heap of the largest scores seen. */
struct top_scores {
    uint32_t n, cap;
    double *v;
};

#define DEV_PEERS 64
#define DEV_SERVICES 32

/* What a device did since its previous report that it never did while learning. */
struct novelty {
    int npeers, nservices;
    struct iot_anomaly_peer peers[IOT_ANOMALY_NEW];
    uint32_t services[IOT_ANOMALY_NEW];
    uint64_t peer_packets, service_packets;
};

struct dev {
    uint8_t mac[6];
    /* Peers (keyed 32-bit hashes of their addresses) and services learnt; over the cap a
     * device is "many" and has no novelty list. */
    uint32_t peers[DEV_PEERS], services[DEV_SERVICES];
    uint32_t npeers, nservices;
    bool peers_many, services_many;
    struct novelty novel;
    uint64_t nscore;
    double top_v[DEV_TOP];
    struct top_scores top;
    uint64_t nfeat;
    double fmean[IOT_FEAT_COUNT], fm2[IOT_FEAT_COUNT]; /* Welford over each feature */
    double threshold;
    bool has_threshold;
    bool evented;
    double last_event;
    uint64_t suppressed;
};

struct iot_anomaly {
    struct iot_anomaly_config c;
    struct iot_feat *feat;
    struct iot_kitnet *net;
    uint64_t seen;
    struct dev **slots;     /* open addressing on the MAC, 2 x max_devices slots */
    uint64_t nslots, ndev, over_cap;
    struct dev pool;        /* every device's scores and features: the fallback */
    double pool_top[POOL_TOP];
    uint64_t scored, anomalous, reported;
    double x[IOT_FEAT_COUNT];
    uint8_t hash_key[crypto_shorthash_KEYBYTES];
};

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

static struct iot_anomaly *alloc_anomaly(const struct iot_anomaly_config *c, char *err,
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
    struct iot_anomaly *a = alloc_anomaly(c, err, errlen);
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
    iot_free(a->slots);
    iot_feat_free(a->feat);
    iot_kitnet_free(a->net);
    iot_free(a);
}

/* The device of mac, made when there is room; NULL beyond max_devices. */
static struct dev *device(struct iot_anomaly *a, const uint8_t mac[6], bool create)
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

static enum iot_anomaly_phase anomaly_phase(const struct iot_anomaly *a)
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

static void top_push(struct top_scores *t, double v)
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
    top_push(&d->top, score);
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The empirical (1 - fpr) quantile: the (fpr n + 1)-th largest score. When fewer than that
 * many were kept, the smallest kept one (a higher threshold: fewer false positives). Devices
 * with fewer than 1 / fpr scores (and at least IOT_ANOMALY_MIN_SAMPLES) cannot place it and use
 * the network's. */
static void set_threshold(struct dev *d, double fpr, bool pooled)
{
    d->has_threshold = d->top.n > 0 && d->nscore >= IOT_ANOMALY_MIN_SAMPLES &&
                       (pooled || (double)d->nscore * fpr >= 1);
    if (!d->has_threshold)
        return;
    double sorted[POOL_TOP];
    memcpy(sorted, d->top.v, d->top.n * sizeof(double));
    qsort(sorted, d->top.n, sizeof(double), cmp_desc);
    uint64_t k = (uint64_t)((double)d->nscore * fpr); /* 0-based rank of the quantile */
    if (k >= d->top.n && !pooled) { /* more scores above the quantile than kept: not placed */
        d->has_threshold = false;
        return;
    }
    d->threshold = sorted[k < d->top.n ? k : d->top.n - 1];
}

/* At the end of calibration (and after a load): every threshold from its scores. */
static void set_thresholds(struct iot_anomaly *a)
{
    set_threshold(&a->pool, a->c.fpr, true);
    for (uint64_t i = 0; i < a->nslots; i++)
        if (a->slots[i] != NULL)
            set_threshold(a->slots[i], a->c.fpr, false);
}

static double spread(const struct dev *d, int i)
{
    double sd = d->nfeat > 1 ? sqrt(d->fm2[i] / (double)(d->nfeat - 1)) : 0;
    /* A feature that never moved still has a scale: a hundredth of its mean, or a tiny one. */
    return fmax(sd, fmax(1e-9, 0.01 * fabs(d->fmean[i])));
}

/* The features furthest from the device's baseline, in spreads: the explanation's facts. */
static void explain(const struct iot_anomaly *a, const struct dev *d,
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

/* The service of a packet: its protocol and the lower port (the server's, for a client's
 * packet and for a server's reply alike); 0 without ports. */
static uint32_t service_of(const struct iot_feat_packet *p)
{
    if (p->sp == 0 && p->dp == 0)
        return 0;
    return (uint32_t)p->proto << 16 | (p->sp < p->dp ? p->sp : p->dp);
}

static bool has(const uint32_t *set, uint32_t n, uint32_t v)
{
    for (uint32_t i = 0; i < n; i++)
        if (set[i] == v)
            return true;
    return false;
}

static void learn_peers(const struct iot_anomaly *a, struct dev *d, const struct iot_feat_packet *p)
{
    uint32_t pk = peer_key(a, p), sv = service_of(p);
    if (!has(d->peers, d->npeers, pk)) {
        if (d->npeers < DEV_PEERS)
            d->peers[d->npeers++] = pk;
        else
            d->peers_many = true;
    }
    if (sv != 0 && !has(d->services, d->nservices, sv)) {
        if (d->nservices < DEV_SERVICES)
            d->services[d->nservices++] = sv;
        else
            d->services_many = true;
    }
}

/* In the detect phase: remembers what the packet does that the device never did. */
static void note_novelty(const struct iot_anomaly *a, struct dev *d, const struct iot_feat_packet *p)
{
    struct novelty *n = &d->novel;
    if (!d->peers_many && !has(d->peers, d->npeers, peer_key(a, p))) {
        n->peer_packets++;
        bool listed = false;
        for (int i = 0; i < n->npeers && !listed; i++)
            listed = n->peers[i].ip_ver == p->ip_ver && memcmp(n->peers[i].ip, p->dst_ip, 16) == 0;
        if (!listed && n->npeers < IOT_ANOMALY_NEW) {
            n->peers[n->npeers].ip_ver = p->ip_ver;
            memcpy(n->peers[n->npeers++].ip, p->dst_ip, 16);
        }
    }
    uint32_t sv = service_of(p);
    if (sv != 0 && !d->services_many && !has(d->services, d->nservices, sv)) {
        n->service_packets++;
        if (!has(n->services, (uint32_t)n->nservices, sv) && n->nservices < IOT_ANOMALY_NEW)
            n->services[n->nservices++] = sv;
    }
}

static void report_novelty(struct dev *d, struct iot_anomaly_verdict *v)
{
    struct novelty *n = &d->novel;
    v->nnew_peers = n->npeers;
    v->nnew_services = n->nservices;
    memcpy(v->new_peers, n->peers, sizeof(n->peers));
    memcpy(v->new_services, n->services, sizeof(n->services));
    v->new_peer_packets = n->peer_packets;
    v->new_service_packets = n->service_packets;
    memset(n, 0, sizeof(*n));
}

static void detect(struct iot_anomaly *a, struct dev *d, double t, struct iot_anomaly_verdict *v)
{
    const struct dev *ref = d != NULL && d->has_threshold ? d : &a->pool;
    v->device_threshold = ref != &a->pool;
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
    explain(a, d != NULL && d->nfeat > 1 ? d : &a->pool, v);
    if (d != NULL)
        report_novelty(d, v);
}

void iot_anomaly_packet(struct iot_anomaly *a, const struct iot_feat_packet *p,
                        struct iot_anomaly_verdict *v)
{
    memset(v, 0, sizeof(*v));
    enum iot_anomaly_phase ph = anomaly_phase(a);
    v->phase = ph;
    iot_feat_update(a->feat, p, a->x);
    double s = iot_kitnet_process(a->net, a->x);
    if (a->seen < UINT64_MAX)
        a->seen++;
    if (ph == IOT_ANOMALY_MAP)
        return;
    struct dev *d = device(a, p->src_mac, ph != IOT_ANOMALY_DETECT);
    if (d == NULL && ph != IOT_ANOMALY_DETECT)
        a->over_cap++;
    if (ph == IOT_ANOMALY_TRAIN || ph == IOT_ANOMALY_CALIBRATE) {
        learn_features(&a->pool, a->x);
        if (d != NULL) {
            learn_features(d, a->x);
            learn_peers(a, d, p);
        }
    } else if (d != NULL) {
        note_novelty(a, d, p);
    }
    if (ph == IOT_ANOMALY_TRAIN)
        return;
    v->score = s;
    a->scored++;
    if (ph == IOT_ANOMALY_CALIBRATE) {
        learn_score(&a->pool, s);
        if (d != NULL)
            learn_score(d, s);
        if (anomaly_phase(a) == IOT_ANOMALY_DETECT)
            set_thresholds(a);
        return;
    }
    detect(a, d, p->t, v);
}

void iot_anomaly_get_stats(const struct iot_anomaly *a, struct iot_anomaly_stats *st)
{
    memset(st, 0, sizeof(*st));
    st->phase = anomaly_phase(a);
    st->packets = a->seen;
    st->scored = a->scored;
    st->anomalous = a->anomalous;
    st->reported = a->reported;
    st->devices = a->ndev;
    st->devices_over_cap = a->over_cap;
    iot_feat_get_stats(a->feat, &st->feat);
}

/* "40 times higher", "3.2 times lower", "new" (usual value 0). */
static void compare(double value, double usual, char *buf, size_t len)
{
    double a = fabs(value), b = fabs(usual);
    if (b < 1e-12)
        snprintf(buf, len, a < 1e-12 ? "as usual" : "usually none");
    else if (a >= b)
        snprintf(buf, len, "%.3g times higher", a / b);
    else if (a > 1e-12)
        snprintf(buf, len, "%.3g times lower", b / a);
    else
        snprintf(buf, len, "none, usually %.3g", usual);
}

void iot_anomaly_peer_text(const struct iot_anomaly_peer *p, char *buf, size_t len)
{
    if (inet_ntop(p->ip_ver == 6 ? AF_INET6 : AF_INET, p->ip, buf, (socklen_t)len) == NULL && len)
        buf[0] = '\0';
}

void iot_anomaly_service_text(uint32_t service, char *buf, size_t len)
{
    unsigned proto = service >> 16;
    const char *name = proto == 6 ? "TCP" : proto == 17 ? "UDP" : NULL;
    if (name != NULL)
        snprintf(buf, len, "%s/%u", name, service & 0xffffu);
    else
        snprintf(buf, len, "%u/%u", proto, service & 0xffffu);
}

/* "; new since its last report: peers 1.2.3.4, 5.6.7.8 (120 packets); services TCP/23 (40)" */
static size_t explain_novelty(const struct iot_anomaly_verdict *v, char *buf, size_t len)
{
    size_t n = 0;
    char t[64];
    if (v->nnew_peers == 0 && v->nnew_services == 0)
        return 0;
    n += (size_t)snprintf(buf + n, len - n, "; never seen while learning:");
    for (int i = 0; i < v->nnew_peers && n < len; i++) {
        iot_anomaly_peer_text(&v->new_peers[i], t, sizeof(t));
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : " peers ", t);
    }
    if (v->nnew_peers && n < len)
        n += (size_t)snprintf(buf + n, len - n, " (%llu packets)",
                              (unsigned long long)v->new_peer_packets);
    for (int i = 0; i < v->nnew_services && n < len; i++) {
        iot_anomaly_service_text(v->new_services[i], t, sizeof(t));
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : v->nnew_peers ? "; services " : " services ", t);
    }
    if (v->nnew_services && n < len)
        n += (size_t)snprintf(buf + n, len - n, " (%llu packets)",
                              (unsigned long long)v->new_service_packets);
    return n;
}

void iot_anomaly_explain(const struct iot_anomaly_verdict *v, double fpr, const char *who,
                         char *buf, size_t len)
{
    size_t n = (size_t)snprintf(buf, len,
                                "%s behaves unlike its learnt self: anomaly score %.3g over the "
                                "%s threshold %.3g (%.2g%% false positives)",
                                who, v->score, v->device_threshold ? "device's" : "network's",
                                v->threshold, fpr * 100);
    for (int k = 0; k < v->ntop && n < len; k++) {
        const struct iot_anomaly_feature *f = &v->top[k];
        char cmp[64];
        compare(f->value, f->baseline_mean, cmp, sizeof(cmp));
        n += (size_t)snprintf(buf + n, len - n, "%s %s over a %gs half-life: %.3g, usually %.3g (%s)",
                              k == 0 ? "; furthest from its baseline:" : ";",
                              iot_feat_name(f->index), iot_feat_half_life(f->index), f->value,
                              f->baseline_mean, cmp);
    }
    if (n < len)
        explain_novelty(v, buf + n, len - n);
}

/* ---- the learned state as bytes ---- */

#define ANOM_MAGIC "IOTANOM1"
#define ANOM_VERSION 2u /* 2: peers and services learnt per device */

/* Appends n bytes; the buffer grows by doubling. */
static bool append(uint8_t **buf, size_t *len, size_t *cap, const void *v, size_t n)
{
    if (*len + n > *cap) {
        size_t nc = IOT_MAX(*cap * 2, *len + n + 4096);
        uint8_t *nb = iot_realloc(*buf, nc);
        if (nb == NULL)
            return false;
        *buf = nb;
        *cap = nc;
    }
    memcpy(*buf + *len, v, n);
    *len += n;
    return true;
}

/* A device record: the fields that are learnt, in host byte order (doubles and integers as in
 * memory; the model is for the machine that made it or one of the same byte order: the header
 * records a probe value to check that). */
#define DEV_RECORD(top) \
    (8 + 8 + 8 + 8 * (size_t)(top) + 8 + 2 * 8 * IOT_FEAT_COUNT + 8 + 4 * (DEV_PEERS + DEV_SERVICES))

/* Counts (with the "many" flag as bit 31) then both sets, unused entries zero. */
static bool put_peers(uint8_t **b, size_t *len, size_t *cap, const struct dev *d)
{
    uint32_t counts[2] = {d->npeers | (uint32_t)d->peers_many << 31,
                          d->nservices | (uint32_t)d->services_many << 31};
    return append(b, len, cap, counts, 8) && append(b, len, cap, d->peers, sizeof(d->peers)) &&
           append(b, len, cap, d->services, sizeof(d->services));
}

static bool put_dev(uint8_t **b, size_t *len, size_t *cap, const struct dev *d)
{
    uint8_t mac[8] = {0};
    memcpy(mac, d->mac, 6);
    uint64_t ntop = d->top.n;
    double top[POOL_TOP] = {0};
    memcpy(top, d->top.v, d->top.n * sizeof(double));
    return append(b, len, cap, mac, 8) && append(b, len, cap, &d->nscore, 8) &&
           append(b, len, cap, &ntop, 8) && append(b, len, cap, top, 8 * (size_t)d->top.cap) &&
           append(b, len, cap, &d->nfeat, 8) &&
           append(b, len, cap, d->fmean, sizeof(d->fmean)) &&
           append(b, len, cap, d->fm2, sizeof(d->fm2)) && put_peers(b, len, cap, d);
}

uint8_t *iot_anomaly_save(const struct iot_anomaly *a, size_t *out_len)
{
    size_t klen = 0;
    uint8_t *k = iot_kitnet_save(a->net, &klen);
    if (k == NULL)
        return NULL;
    uint8_t *b = NULL;
    size_t len = 0, cap = 0;
    uint32_t head[2] = {ANOM_VERSION, IOT_FEAT_COUNT};
    uint64_t counts[6] = {(uint64_t)klen, a->seen, a->c.fm_grace, a->c.ad_grace, a->c.cal_grace,
                          a->ndev};
    double probe = 1.0 / 3.0;
    bool ok = append(&b, &len, &cap, ANOM_MAGIC, 8) && append(&b, &len, &cap, head, 8) &&
              append(&b, &len, &cap, &probe, 8) && append(&b, &len, &cap, counts, sizeof(counts)) &&
              append(&b, &len, &cap, k, klen) && put_dev(&b, &len, &cap, &a->pool);
    for (uint64_t i = 0; ok && i < a->nslots; i++)
        if (a->slots[i] != NULL)
            ok = put_dev(&b, &len, &cap, a->slots[i]);
    uint8_t h[32];
    if (ok)
        crypto_generichash(h, sizeof(h), b, len, NULL, 0);
    ok = ok && append(&b, &len, &cap, h, sizeof(h));
    iot_free(k);
    if (!ok) {
        iot_free(b);
        return NULL;
    }
    *out_len = len;
    return b;
}

/* A device record into d, whose heap (d->top, with its capacity) receives the kept scores; the
 * heap order is checked, not trusted. */
static bool get_dev(const uint8_t *p, struct dev *d)
{
    uint64_t ntop;
    memcpy(d->mac, p, 6);
    memcpy(&d->nscore, p + 8, 8);
    memcpy(&ntop, p + 16, 8);
    if (ntop > d->top.cap || ntop > d->nscore)
        return false;
    const uint8_t *q = p + 24;
    d->top.n = 0;
    for (uint64_t i = 0; i < ntop; i++) {
        double v;
        memcpy(&v, q + 8 * i, 8);
        if (!isfinite(v) || v < 0)
            return false;
        top_push(&d->top, v);
    }
    q += 8 * (size_t)d->top.cap;
    memcpy(&d->nfeat, q, 8);
    memcpy(d->fmean, q + 8, sizeof(d->fmean));
    memcpy(d->fm2, q + 8 + sizeof(d->fmean), sizeof(d->fm2));
    q += 8 + sizeof(d->fmean) + sizeof(d->fm2);
    uint32_t counts[2];
    memcpy(counts, q, 8);
    d->npeers = counts[0] & 0x7fffffffu;
    d->peers_many = counts[0] >> 31;
    d->nservices = counts[1] & 0x7fffffffu;
    d->services_many = counts[1] >> 31;
    if (d->npeers > DEV_PEERS || d->nservices > DEV_SERVICES)
        return false;
    memcpy(d->peers, q + 8, sizeof(d->peers));
    memcpy(d->services, q + 8 + sizeof(d->peers), sizeof(d->services));
    for (int i = 0; i < IOT_FEAT_COUNT; i++)
        if (!isfinite(d->fmean[i]) || !isfinite(d->fm2[i]) || d->fm2[i] < 0)
            return false;
    return true;
}

static struct iot_anomaly *load_fail(struct iot_anomaly *a, char *err, size_t errlen,
                                     const char *why)
{
    snprintf(err, errlen, "anomaly model: %s", why);
    iot_anomaly_free(a);
    return NULL;
}

struct iot_anomaly *iot_anomaly_load(const struct iot_anomaly_config *c, const uint8_t *buf,
                                     size_t len, char *err, size_t errlen)
{
    const size_t fixed = 8 + 8 + 8 + 48;
    if (len < fixed + 32 || memcmp(buf, ANOM_MAGIC, 8) != 0)
        return load_fail(NULL, err, errlen, "not an iotsec anomaly model");
    uint8_t h[32];
    if (sodium_init() < 0)
        return load_fail(NULL, err, errlen, "libsodium cannot start");
    crypto_generichash(h, sizeof(h), buf, len - 32, NULL, 0);
    if (sodium_memcmp(h, buf + len - 32, 32) != 0)
        return load_fail(NULL, err, errlen, "checksum mismatch (damaged or altered)");
    uint32_t head[2];
    double probe;
    uint64_t counts[6];
    memcpy(head, buf + 8, 8);
    memcpy(&probe, buf + 16, 8);
    memcpy(counts, buf + 24, sizeof(counts));
    if (head[0] != ANOM_VERSION || probe != 1.0 / 3.0)
        return load_fail(NULL, err, errlen, "made by another version of iotsec or another machine type");
    if (head[1] != IOT_FEAT_COUNT)
        return load_fail(NULL, err, errlen, "made for other features");
    uint64_t klen = counts[0], ndev = counts[5], body = len - 32 - fixed;
    for (int i = 1; i <= 4; i++)
        if (counts[i] > (1ull << 40)) /* the config's bound: no sum of them can wrap */
            return load_fail(NULL, err, errlen, "packet counts out of range");
    if (klen > body || ndev > c->max_devices ||
        (body - klen) != DEV_RECORD(POOL_TOP) + ndev * DEV_RECORD(DEV_TOP))
        return load_fail(NULL, err, errlen, "sizes do not add up (or more devices than anomaly.max-devices)");
    struct iot_anomaly_config lc = *c;
    lc.fm_grace = counts[2];
    lc.ad_grace = counts[3];
    lc.cal_grace = counts[4];
    struct iot_anomaly *a = alloc_anomaly(&lc, err, errlen);
    if (a == NULL)
        return NULL;
    a->seen = counts[1];
    char kerr[256];
    a->net = iot_kitnet_load(buf + fixed, (size_t)klen, kerr, sizeof(kerr));
    if (a->net == NULL)
        return load_fail(a, err, errlen, kerr + strlen("anomaly model: "));
    uint64_t kseen, kfm, kad;
    iot_kitnet_counts(a->net, &kseen, &kfm, &kad);
    /* The network's phase and ours must be the same one (a model edited to detect while the
     * network still trains would learn from the attacks it should report). */
    if (kfm != lc.fm_grace || kad != lc.ad_grace || kseen != a->seen)
        return load_fail(a, err, errlen, "the network's counts differ from the model's");
    const uint8_t *p = buf + fixed + klen;
    if (!get_dev(p, &a->pool))
        return load_fail(a, err, errlen, "bad device record");
    p += DEV_RECORD(POOL_TOP);
    for (uint64_t i = 0; i < ndev; i++, p += DEV_RECORD(DEV_TOP)) {
        struct dev *d = device(a, p, true);
        if (d == NULL || d->nfeat != 0 || d->nscore != 0)
            return load_fail(a, err, errlen, "a device twice, or out of memory");
        if (!get_dev(p, d))
            return load_fail(a, err, errlen, "bad device record");
    }
    if (anomaly_phase(a) == IOT_ANOMALY_DETECT)
        set_thresholds(a);
    return a;
}
