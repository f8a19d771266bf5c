/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The anomaly observer's learned state as bytes: the KitNET network, the network's and each
 * learnt device's scores, baselines, sets, kind and usual rates; a checksum, keyed or not. */
#include "iotsec-common.h"
#include "anomaly/anomaly.h"

#include <math.h>

#include "anomaly/anomaly-device.h"
#include "util/util-cursor.h"
#include "util/util-mem.h"
#include "util/util-wbuf.h"

#define ANOM_MAGIC "IOTANOM1"
#define ANOM_VERSION 4u /* 2: peers and services; 3: names, kind, usual rates, keyed checksum;
                          * 4: the hash key of the learnt sets */
/* magic, {version, features, keyed, 0}, probe, counts, the key of the learnt sets' hashes */
#define HEAD_LEN (8 + 16 + 8 + 48 + 16)
_Static_assert(crypto_shorthash_KEYBYTES == 16, "the model holds a 16-byte hash key");

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
static void put_sets(struct iot_wbuf *w, const struct dev *d)
{
    uint32_t counts[4] = {set_count(d->peers.n, d->peers.many),
                          set_count(d->services.n, d->services.many),
                          set_count(d->names.n, d->names.many), 0};
    iot_wbuf_put(w, counts, sizeof(counts));
    iot_wbuf_put(w, d->peers.v, sizeof(d->peers.v));
    iot_wbuf_put(w, d->services.v, sizeof(d->services.v));
    iot_wbuf_put(w, d->names.v, sizeof(d->names.v));
}

static void put_usual(struct iot_wbuf *w, const struct iot_rate_usual *u)
{
    uint64_t nports = u->nports;
    iot_wbuf_put(w, &u->first, 8);
    iot_wbuf_put(w, &u->last, 8);
    iot_wbuf_put(w, u->count, sizeof(u->count));
    iot_wbuf_put(w, &nports, 8);
    iot_wbuf_put(w, u->port_service, sizeof(u->port_service));
    iot_wbuf_put(w, u->port_count, sizeof(u->port_count));
    iot_wbuf_put(w, &u->other_ports, 8);
}

static void put_dev(struct iot_wbuf *w, const struct dev *d)
{
    uint8_t mac[8] = {0};
    memcpy(mac, d->mac, 6);
    char kind[IOT_ANOMALY_KIND_SIZE] = {0};
    memcpy(kind, d->kind, strnlen(d->kind, sizeof(kind) - 1));
    uint64_t ntop = d->top.n;
    double top[POOL_TOP] = {0};
    memcpy(top, d->top.v, d->top.n * sizeof(double));
    iot_wbuf_put(w, mac, 8);
    iot_wbuf_put(w, kind, sizeof(kind));
    iot_wbuf_put(w, &d->nscore, 8);
    iot_wbuf_put(w, &d->score_sum, 8);
    iot_wbuf_put(w, &d->score_ss, 8);
    iot_wbuf_put(w, &ntop, 8);
    iot_wbuf_put(w, top, 8 * (size_t)d->top.cap);
    iot_wbuf_put(w, &d->nfeat, 8);
    iot_wbuf_put(w, d->fmean, sizeof(d->fmean));
    iot_wbuf_put(w, d->fm2, sizeof(d->fm2));
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
    struct iot_wbuf w = {0};
    uint32_t head[4] = {ANOM_VERSION, IOT_FEAT_COUNT, key != NULL, 0};
    uint64_t counts[6] = {(uint64_t)klen, a->seen, a->c.fm_grace, a->c.ad_grace, a->c.cal_grace,
                          learnt_devices(a)};
    double probe = 1.0 / 3.0;
    iot_wbuf_put(&w, ANOM_MAGIC, 8);
    iot_wbuf_put(&w, head, sizeof(head));
    iot_wbuf_put(&w, &probe, 8);
    iot_wbuf_put(&w, counts, sizeof(counts));
    iot_wbuf_put(&w, a->hash_key, sizeof(a->hash_key)); /* else a random key after a restart
                                                          * would make every learnt peer new */
    iot_wbuf_put(&w, k, klen);
    put_dev(&w, &a->pool);
    for (uint64_t i = 0; i < a->nslots; i++)
        if (a->slots[i] != NULL && !a->slots[i]->late)
            put_dev(&w, a->slots[i]);
    uint8_t h[32];
    if (!w.failed)
        checksum(h, w.p, w.len, key);
    iot_wbuf_put(&w, h, sizeof(h));
    iot_free(k);
    return iot_wbuf_take(&w, out_len);
}

static bool get_sets(struct iot_cur *c, struct dev *d)
{
    uint32_t counts[4];
    if (!iot_cur_bytes(c, counts, sizeof(counts)) || !iot_cur_bytes(c, d->peers.v, sizeof(d->peers.v)) ||
        !iot_cur_bytes(c, d->services.v, sizeof(d->services.v)) ||
        !iot_cur_bytes(c, d->names.v, sizeof(d->names.v)))
        return false;
    d->peers.n = counts[0] & 0x7fffffffu;
    d->peers.many = counts[0] >> 31;
    d->services.n = counts[1] & 0x7fffffffu;
    d->services.many = counts[1] >> 31;
    d->names.n = counts[2] & 0x7fffffffu;
    d->names.many = counts[2] >> 31;
    return d->peers.n <= DEV_PEERS && d->services.n <= DEV_SERVICES && d->names.n <= DEV_NAMES &&
           counts[3] == 0;
}

static bool get_usual(struct iot_cur *c, struct iot_rate_usual *u)
{
    uint64_t nports;
    if (!iot_cur_bytes(c, &u->first, 8) || !iot_cur_bytes(c, &u->last, 8) ||
        !iot_cur_bytes(c, u->count, sizeof(u->count)) || !iot_cur_bytes(c, &nports, 8) ||
        !iot_cur_bytes(c, u->port_service, sizeof(u->port_service)) ||
        !iot_cur_bytes(c, u->port_count, sizeof(u->port_count)) ||
        !iot_cur_bytes(c, &u->other_ports, 8) || nports > IOT_RATE_PORTS)
        return false;
    u->nports = (uint32_t)nports;
    return iot_rate_usual_valid(u);
}

static bool get_scores(struct iot_cur *c, struct dev *d)
{
    uint64_t ntop;
    if (!iot_cur_bytes(c, &d->nscore, 8) || !iot_cur_bytes(c, &d->score_sum, 8) ||
        !iot_cur_bytes(c, &d->score_ss, 8) || !iot_cur_bytes(c, &ntop, 8))
        return false;
    if (ntop > d->top.cap || ntop > d->nscore || !isfinite(d->score_sum) ||
        !isfinite(d->score_ss) || d->score_sum < 0 || d->score_ss < 0)
        return false;
    d->top.n = 0;
    for (uint32_t i = 0; i < d->top.cap; i++) { /* the heap order is checked, not trusted */
        double v;
        if (!iot_cur_bytes(c, &v, 8) || (i < ntop && (!isfinite(v) || v < 0)))
            return false;
        if (i < ntop)
            iot_anomaly_top_push(&d->top, v);
    }
    return true;
}

/* A device record into d, whose heap (d->top, with its capacity) receives the kept scores. */
static bool get_dev(struct iot_cur *c, struct dev *d)
{
    uint8_t mac[8];
    if (!iot_cur_bytes(c, mac, 8) || !iot_cur_bytes(c, d->kind, IOT_ANOMALY_KIND_SIZE) ||
        d->kind[IOT_ANOMALY_KIND_SIZE - 1] != '\0' || !get_scores(c, d) ||
        !iot_cur_bytes(c, &d->nfeat, 8) || !iot_cur_bytes(c, d->fmean, sizeof(d->fmean)) ||
        !iot_cur_bytes(c, d->fm2, sizeof(d->fm2)) || mac[6] != 0 || mac[7] != 0)
        return false;
    memcpy(d->mac, mac, 6);
    for (int i = 0; i < IOT_FEAT_COUNT; i++)
        if (!isfinite(d->fmean[i]) || !isfinite(d->fm2[i]) || d->fm2[i] < 0)
            return false;
    return get_sets(c, d) && get_usual(c, &d->usual);
}

static struct iot_anomaly *load_fail(struct iot_anomaly *a, char *err, size_t errlen,
                                     const char *why)
{
    snprintf(err, errlen, "anomaly model: %s", why);
    iot_anomaly_free(a);
    return NULL;
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
    if (head[2] > 1)
        return "not an iotsec anomaly model";
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

static const char *load_devices(struct iot_anomaly *a, struct iot_cur *c, uint64_t ndev)
{
    if (!get_dev(c, &a->pool))
        return "bad device record";
    for (uint64_t i = 0; i < ndev; i++) {
        if (!iot_cur_need(c, 6))
            return "bad device record";
        struct dev *d = iot_anomaly_device(a, iot_cur_ptr(c), true); /* its MAC comes first */
        if (d == NULL || d->nfeat != 0 || d->nscore != 0)
            return "a device twice, or out of memory";
        if (!get_dev(c, d))
            return "bad device record";
    }
    return iot_cur_left(c) == 0 ? NULL : "bytes after the last device";
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
    memcpy(a->hash_key, buf + HEAD_LEN - sizeof(a->hash_key), sizeof(a->hash_key));
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
    struct iot_cur cur = iot_cur_init(buf + HEAD_LEN + klen, (size_t)(body - klen));
    why = load_devices(a, &cur, ndev);
    if (why != NULL)
        return load_fail(a, err, errlen, why);
    if (iot_anomaly_phase_of(a) == IOT_ANOMALY_DETECT)
        iot_anomaly_finish_learning(a);
    return a;
}
