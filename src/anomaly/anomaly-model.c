/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The anomaly observer's learned state as bytes: the KitNET network, the network's and each
 * learnt device's scores, baselines, sets, kind and usual rates; a checksum, keyed or not. */
#include "iotsec-common.h"
#include "anomaly/anomaly.h"

#include <math.h>

#include "anomaly/anomaly-device.h"
#include "util/util-mem.h"

#define ANOM_MAGIC "IOTANOM1"
#define ANOM_VERSION 3u /* 2: peers and services; 3: names, kind, usual rates, keyed checksum */
#define HEAD_LEN (8 + 16 + 8 + 48) /* magic, {version, features, keyed, 0}, probe, counts */

struct wbuf {
    uint8_t *b;
    size_t len, cap;
    bool failed;
};

/* Appends n bytes; the buffer grows by doubling; a failure sticks. */
static void put(struct wbuf *w, const void *v, size_t n)
{
    if (w->failed)
        return;
    if (w->len + n > w->cap) {
        size_t nc = IOT_MAX(w->cap * 2, w->len + n + 4096);
        uint8_t *nb = iot_realloc(w->b, nc);
        if (nb == NULL) {
            w->failed = true;
            return;
        }
        w->b = nb;
        w->cap = nc;
    }
    memcpy(w->b + w->len, v, n);
    w->len += n;
}

/* A device record: the fields that are learnt, in host byte order (doubles and integers as in
 * memory; the model is for the machine that made it or one of the same byte order: the header
 * records a probe value to check that). */
#define SETS_LEN (16 + 4 * (DEV_PEERS + DEV_SERVICES + DEV_NAMES))
#define USUAL_LEN (16 + 8 * IOT_RATE_KINDS + 8 + 4 * IOT_RATE_PORTS + 8 * IOT_RATE_PORTS + 8)
#define DEV_RECORD(top) \
    (8 + IOT_ANOMALY_KIND_SIZE + 8 + 16 + 8 + 8 * (size_t)(top) + 8 + 2 * 8 * IOT_FEAT_COUNT + \
     SETS_LEN + USUAL_LEN)

static uint32_t set_count(uint32_t n, bool many)
{
    return n | (uint32_t)many << 31;
}

/* Counts (with the "many" flag as bit 31), then the three sets, unused entries zero. */
static void put_sets(struct wbuf *w, const struct dev *d)
{
    uint32_t counts[4] = {set_count(d->peers.n, d->peers.many),
                          set_count(d->services.n, d->services.many),
                          set_count(d->names.n, d->names.many), 0};
    put(w, counts, sizeof(counts));
    put(w, d->peers.v, sizeof(d->peers.v));
    put(w, d->services.v, sizeof(d->services.v));
    put(w, d->names.v, sizeof(d->names.v));
}

static void put_usual(struct wbuf *w, const struct iot_rate_usual *u)
{
    uint64_t nports = u->nports;
    put(w, &u->first, 8);
    put(w, &u->last, 8);
    put(w, u->count, sizeof(u->count));
    put(w, &nports, 8);
    put(w, u->port_service, sizeof(u->port_service));
    put(w, u->port_count, sizeof(u->port_count));
    put(w, &u->other_ports, 8);
}

static void put_dev(struct wbuf *w, const struct dev *d)
{
    uint8_t mac[8] = {0};
    memcpy(mac, d->mac, 6);
    char kind[IOT_ANOMALY_KIND_SIZE] = {0};
    memcpy(kind, d->kind, strnlen(d->kind, sizeof(kind) - 1));
    uint64_t ntop = d->top.n;
    double top[POOL_TOP] = {0};
    memcpy(top, d->top.v, d->top.n * sizeof(double));
    put(w, mac, 8);
    put(w, kind, sizeof(kind));
    put(w, &d->nscore, 8);
    put(w, &d->score_sum, 8);
    put(w, &d->score_ss, 8);
    put(w, &ntop, 8);
    put(w, top, 8 * (size_t)d->top.cap);
    put(w, &d->nfeat, 8);
    put(w, d->fmean, sizeof(d->fmean));
    put(w, d->fm2, sizeof(d->fm2));
    put_sets(w, d);
    put_usual(w, &d->usual);
}

static void checksum(uint8_t out[32], const uint8_t *b, size_t len, const uint8_t *key)
{
    crypto_generichash(out, 32, b, len, key, key != NULL ? IOT_ANOMALY_KEY_BYTES : 0);
}

static uint64_t learnt_devices(const struct iot_anomaly *a)
{
    uint64_t n = 0;
    for (uint64_t i = 0; i < a->nslots; i++)
        n += a->slots[i] != NULL && !a->slots[i]->late;
    return n;
}

uint8_t *iot_anomaly_save(const struct iot_anomaly *a, const uint8_t *key, size_t *out_len)
{
    size_t klen = 0;
    uint8_t *k = iot_kitnet_save(a->net, &klen);
    if (k == NULL)
        return NULL;
    struct wbuf w = {0};
    uint32_t head[4] = {ANOM_VERSION, IOT_FEAT_COUNT, key != NULL, 0};
    uint64_t counts[6] = {(uint64_t)klen, a->seen, a->c.fm_grace, a->c.ad_grace, a->c.cal_grace,
                          learnt_devices(a)};
    double probe = 1.0 / 3.0;
    put(&w, ANOM_MAGIC, 8);
    put(&w, head, sizeof(head));
    put(&w, &probe, 8);
    put(&w, counts, sizeof(counts));
    put(&w, k, klen);
    put_dev(&w, &a->pool);
    for (uint64_t i = 0; i < a->nslots; i++)
        if (a->slots[i] != NULL && !a->slots[i]->late)
            put_dev(&w, a->slots[i]);
    uint8_t h[32];
    if (!w.failed)
        checksum(h, w.b, w.len, key);
    put(&w, h, sizeof(h));
    iot_free(k);
    if (w.failed) {
        iot_free(w.b);
        return NULL;
    }
    *out_len = w.len;
    return w.b;
}

static bool get_sets(const uint8_t *q, struct dev *d)
{
    uint32_t counts[4];
    memcpy(counts, q, sizeof(counts));
    d->peers.n = counts[0] & 0x7fffffffu;
    d->peers.many = counts[0] >> 31;
    d->services.n = counts[1] & 0x7fffffffu;
    d->services.many = counts[1] >> 31;
    d->names.n = counts[2] & 0x7fffffffu;
    d->names.many = counts[2] >> 31;
    if (d->peers.n > DEV_PEERS || d->services.n > DEV_SERVICES || d->names.n > DEV_NAMES ||
        counts[3] != 0)
        return false;
    q += sizeof(counts);
    memcpy(d->peers.v, q, sizeof(d->peers.v));
    memcpy(d->services.v, q + sizeof(d->peers.v), sizeof(d->services.v));
    memcpy(d->names.v, q + sizeof(d->peers.v) + sizeof(d->services.v), sizeof(d->names.v));
    return true;
}

static bool get_usual(const uint8_t *q, struct iot_rate_usual *u)
{
    uint64_t nports;
    memcpy(&u->first, q, 8);
    memcpy(&u->last, q + 8, 8);
    q += 16;
    memcpy(u->count, q, sizeof(u->count));
    q += sizeof(u->count);
    memcpy(&nports, q, 8);
    q += 8;
    memcpy(u->port_service, q, sizeof(u->port_service));
    q += sizeof(u->port_service);
    memcpy(u->port_count, q, sizeof(u->port_count));
    q += sizeof(u->port_count);
    memcpy(&u->other_ports, q, 8);
    if (nports > IOT_RATE_PORTS)
        return false;
    u->nports = (uint32_t)nports;
    return iot_rate_usual_valid(u);
}

/* A device record into d, whose heap (d->top, with its capacity) receives the kept scores; the
 * heap order is checked, not trusted. */
static bool get_dev(const uint8_t *p, struct dev *d)
{
    uint64_t ntop;
    memcpy(d->mac, p, 6);
    p += 8;
    memcpy(d->kind, p, IOT_ANOMALY_KIND_SIZE);
    if (d->kind[IOT_ANOMALY_KIND_SIZE - 1] != '\0')
        return false;
    p += IOT_ANOMALY_KIND_SIZE;
    memcpy(&d->nscore, p, 8);
    memcpy(&d->score_sum, p + 8, 8);
    memcpy(&d->score_ss, p + 16, 8);
    memcpy(&ntop, p + 24, 8);
    if (ntop > d->top.cap || ntop > d->nscore || !isfinite(d->score_sum) ||
        !isfinite(d->score_ss) || d->score_sum < 0 || d->score_ss < 0)
        return false;
    const uint8_t *q = p + 32;
    d->top.n = 0;
    for (uint64_t i = 0; i < ntop; i++) {
        double v;
        memcpy(&v, q + 8 * i, 8);
        if (!isfinite(v) || v < 0)
            return false;
        iot_anomaly_top_push(&d->top, v);
    }
    q += 8 * (size_t)d->top.cap;
    memcpy(&d->nfeat, q, 8);
    memcpy(d->fmean, q + 8, sizeof(d->fmean));
    memcpy(d->fm2, q + 8 + sizeof(d->fmean), sizeof(d->fm2));
    q += 8 + sizeof(d->fmean) + sizeof(d->fm2);
    for (int i = 0; i < IOT_FEAT_COUNT; i++)
        if (!isfinite(d->fmean[i]) || !isfinite(d->fm2[i]) || d->fm2[i] < 0)
            return false;
    return get_sets(q, d) && get_usual(q + SETS_LEN, &d->usual);
}

static struct iot_anomaly *load_fail(struct iot_anomaly *a, char *err, size_t errlen,
                                     const char *why)
{
    snprintf(err, errlen, "anomaly model: %s", why);
    iot_anomaly_free(a);
    return NULL;
}

bool iot_anomaly_model_keyed(const uint8_t *buf, size_t len)
{
    uint32_t head[4];
    if (len < HEAD_LEN || memcmp(buf, ANOM_MAGIC, 8) != 0)
        return false;
    memcpy(head, buf + 8, sizeof(head));
    return head[2] == 1;
}

/* The header: what it says, checked; NULL or why not. */
static const char *check_head(const uint8_t *buf, size_t len, const uint8_t *key,
                              uint64_t counts[6])
{
    if (len < HEAD_LEN + 32 || memcmp(buf, ANOM_MAGIC, 8) != 0)
        return "not an iotsec anomaly model";
    if (sodium_init() < 0)
        return "libsodium cannot start";
    uint32_t head[4];
    memcpy(head, buf + 8, sizeof(head));
    if (head[0] != ANOM_VERSION)
        return "made by another version of iotsec (remove it to learn anew)";
    if (head[2] == 1 && key == NULL)
        return "keyed: it loads only with the vault that made it (--vault)";
    if (head[2] != 1 && key != NULL)
        return "not keyed, but a key was given: made without --vault (remove it to learn anew)";
    uint8_t h[32];
    checksum(h, buf, len - 32, key);
    if (sodium_memcmp(h, buf + len - 32, 32) != 0)
        return key != NULL ? "checksum mismatch (damaged, altered, or another vault's key)"
                           : "checksum mismatch (damaged or altered)";
    double probe;
    memcpy(&probe, buf + 24, 8);
    if (probe != 1.0 / 3.0 || head[3] != 0)
        return "made on another machine type";
    if (head[1] != IOT_FEAT_COUNT)
        return "made for other features";
    memcpy(counts, buf + 32, 48);
    for (int i = 1; i <= 4; i++)
        if (counts[i] > (1ull << 40)) /* the config's bound: no sum of them can wrap */
            return "packet counts out of range";
    return NULL;
}

static const char *load_devices(struct iot_anomaly *a, const uint8_t *p, uint64_t ndev)
{
    if (!get_dev(p, &a->pool))
        return "bad device record";
    p += DEV_RECORD(POOL_TOP);
    for (uint64_t i = 0; i < ndev; i++, p += DEV_RECORD(DEV_TOP)) {
        struct dev *d = iot_anomaly_device(a, p, true);
        if (d == NULL || d->nfeat != 0 || d->nscore != 0)
            return "a device twice, or out of memory";
        if (!get_dev(p, d))
            return "bad device record";
    }
    return NULL;
}

struct iot_anomaly *iot_anomaly_load(const struct iot_anomaly_config *c, const uint8_t *key,
                                     const uint8_t *buf, size_t len, char *err, size_t errlen)
{
    uint64_t counts[6];
    const char *why = check_head(buf, len, key, counts);
    if (why != NULL)
        return load_fail(NULL, err, errlen, why);
    uint64_t klen = counts[0], ndev = counts[5], body = len - 32 - HEAD_LEN;
    if (klen > body || ndev > c->max_devices ||
        (body - klen) != DEV_RECORD(POOL_TOP) + ndev * DEV_RECORD(DEV_TOP))
        return load_fail(NULL, err, errlen, "sizes do not add up (or more devices than anomaly.max-devices)");
    struct iot_anomaly_config lc = *c;
    lc.fm_grace = counts[2];
    lc.ad_grace = counts[3];
    lc.cal_grace = counts[4];
    struct iot_anomaly *a = iot_anomaly_alloc(&lc, err, errlen);
    if (a == NULL)
        return NULL;
    a->seen = counts[1];
    char kerr[256];
    a->net = iot_kitnet_load(buf + HEAD_LEN, (size_t)klen, kerr, sizeof(kerr));
    if (a->net == NULL)
        return load_fail(a, err, errlen, kerr + strlen("anomaly model: "));
    uint64_t kseen, kfm, kad;
    iot_kitnet_counts(a->net, &kseen, &kfm, &kad);
    /* The network's phase and ours must be the same one (a model edited to detect while the
     * network still trains would learn from the attacks it should report). */
    if (kfm != lc.fm_grace || kad != lc.ad_grace || kseen != a->seen)
        return load_fail(a, err, errlen, "the network's counts differ from the model's");
    why = load_devices(a, buf + HEAD_LEN + klen, ndev);
    if (why != NULL)
        return load_fail(a, err, errlen, why);
    if (iot_anomaly_phase_of(a) == IOT_ANOMALY_DETECT)
        iot_anomaly_finish_learning(a);
    return a;
}
