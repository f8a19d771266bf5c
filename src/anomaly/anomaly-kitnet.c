/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KitNET: mapper, ensemble, output layer; and the model's byte format. */
#include "iotsec-common.h"
#include "anomaly/anomaly-kitnet.h"

#include <math.h>
#include <sodium.h>

#include "anomaly/anomaly-ae.h"
#include "anomaly/anomaly-fmap.h"
#include "util/util-mem.h"
#include "util/util-wbuf.h"

struct iot_kitnet {
    struct iot_kitnet_config c;
    int n;
    uint64_t seen;
    struct iot_fmap *fmap; /* while mapping */
    int groups;
    int *order, *sizes, *start; /* features of group g: order[start[g] .. start[g] + sizes[g]) */
    struct iot_ae **ens;
    struct iot_ae *out;
    double *sub, *errors;       /* scratch: one group's inputs; every group's error */
};

static bool config_ok(int n, const struct iot_kitnet_config *c)
{
    return n >= 1 && n <= 1024 && c->max_ae >= 1 && c->max_ae <= 64 && c->lr > 0 &&
           c->lr <= 1 && c->hidden_ratio > 0 && c->hidden_ratio <= 4;
}

struct iot_kitnet *iot_kitnet_new(int n, const struct iot_kitnet_config *c)
{
    if (!config_ok(n, c))
        return NULL;
    struct iot_kitnet *k = iot_calloc(1, sizeof(*k));
    if (k == NULL)
        return NULL;
    k->c = *c;
    k->n = n;
    k->order = iot_calloc((size_t)n, sizeof(int));
    k->sizes = iot_calloc((size_t)n, sizeof(int));
    k->start = iot_calloc((size_t)n, sizeof(int));
    k->sub = iot_calloc((size_t)n, sizeof(double));
    k->errors = iot_calloc((size_t)n, sizeof(double));
    k->ens = iot_calloc((size_t)n, sizeof(*k->ens));
    k->fmap = c->fm_grace > 0 ? iot_fmap_new(n) : NULL;
    if (k->order == NULL || k->sizes == NULL || k->start == NULL || k->sub == NULL ||
        k->errors == NULL || k->ens == NULL || (c->fm_grace > 0 && k->fmap == NULL)) {
        iot_kitnet_free(k);
        return NULL;
    }
    return k;
}

void iot_kitnet_free(struct iot_kitnet *k)
{
    if (k == NULL)
        return;
    iot_fmap_free(k->fmap);
    for (int g = 0; k->ens != NULL && g < k->groups; g++)
        iot_ae_free(k->ens[g]);
    iot_ae_free(k->out);
    iot_free(k->ens);
    iot_free(k->order);
    iot_free(k->sizes);
    iot_free(k->start);
    iot_free(k->sub);
    iot_free(k->errors);
    iot_free(k);
}

/* One network per group and the output network; seeds differ per network but follow the
 * configured seed. */
static int make_networks(struct iot_kitnet *k)
{
    int pos = 0;
    for (int g = 0; g < k->groups; g++) {
        k->start[g] = pos;
        pos += k->sizes[g];
        k->ens[g] = iot_ae_new(k->sizes[g], k->c.hidden_ratio, k->c.lr, k->c.seed + 1 + (uint64_t)g);
        if (k->ens[g] == NULL)
            return -1;
    }
    k->out = iot_ae_new(k->groups, k->c.hidden_ratio, k->c.lr, k->c.seed);
    return k->out != NULL ? 0 : -1;
}

static int build_groups(struct iot_kitnet *k)
{
    if (k->fmap == NULL) { /* no mapping period: one feature per group, in order */
        for (int i = 0; i < k->n; i++) {
            k->order[i] = i;
            k->sizes[i] = 1;
        }
        k->groups = k->n;
    } else {
        k->groups = iot_fmap_cluster(k->fmap, k->c.max_ae, k->order, k->sizes);
        iot_fmap_free(k->fmap);
        k->fmap = NULL;
    }
    if (k->groups < 1) {
        k->groups = 0;
        return -1;
    }
    return make_networks(k);
}

enum iot_kitnet_phase iot_kitnet_phase(const struct iot_kitnet *k)
{
    if (k->seen < k->c.fm_grace)
        return IOT_KITNET_MAP;
    return k->seen < k->c.fm_grace + k->c.ad_grace ? IOT_KITNET_TRAIN : IOT_KITNET_SCORE;
}

/* Every group's error, trained or not, into k->errors. */
static void ensemble(struct iot_kitnet *k, const double *x, bool train)
{
    for (int g = 0; g < k->groups; g++) {
        const int *f = &k->order[k->start[g]];
        for (int i = 0; i < k->sizes[g]; i++)
            k->sub[i] = x[f[i]];
        k->errors[g] = train ? iot_ae_train(k->ens[g], k->sub) : iot_ae_score(k->ens[g], k->sub);
    }
}

double iot_kitnet_process(struct iot_kitnet *k, const double *x)
{
    enum iot_kitnet_phase ph = iot_kitnet_phase(k);
    if (ph == IOT_KITNET_MAP) {
        iot_fmap_update(k->fmap, x);
        k->seen++;
        return 0;
    }
    if (k->out == NULL && build_groups(k) != 0)
        return -1;
    if (k->seen < UINT64_MAX)
        k->seen++;
    bool train = ph == IOT_KITNET_TRAIN;
    ensemble(k, x, train);
    return train ? iot_ae_train(k->out, k->errors) : iot_ae_score(k->out, k->errors);
}

void iot_kitnet_counts(const struct iot_kitnet *k, uint64_t *seen, uint64_t *fm_grace,
                       uint64_t *ad_grace)
{
    *seen = k->seen;
    *fm_grace = k->c.fm_grace;
    *ad_grace = k->c.ad_grace;
}

int iot_kitnet_groups(const struct iot_kitnet *k)
{
    return k->out != NULL ? k->groups : 0;
}

int iot_kitnet_group(const struct iot_kitnet *k, int g, const int **features, double *error)
{
    if (k->out == NULL || g < 0 || g >= k->groups)
        return 0;
    *features = &k->order[k->start[g]];
    *error = k->errors[g];
    return k->sizes[g];
}

/* ---- the model's bytes ---- */

#define MODEL_MAGIC "IOTKNET1"
#define MODEL_VERSION 1u
#define MODEL_HASH 32

static void put_ae(struct iot_wbuf *b, const struct iot_ae *ae)
{
    iot_wbuf_u32le(b, (uint32_t)ae->n_in);
    iot_wbuf_u32le(b, (uint32_t)ae->n_hidden);
    iot_wbuf_f64le(b, ae->lr);
    size_t n = (size_t)ae->n_in, h = (size_t)ae->n_hidden;
    for (size_t i = 0; i < n * h; i++)
        iot_wbuf_f64le(b, ae->w[i]);
    for (size_t j = 0; j < h; j++)
        iot_wbuf_f64le(b, ae->b_hidden[j]);
    for (size_t i = 0; i < n; i++) {
        iot_wbuf_f64le(b, ae->b_out[i]);
        iot_wbuf_f64le(b, ae->in_min[i]);
        iot_wbuf_f64le(b, ae->in_max[i]);
    }
}

uint8_t *iot_kitnet_save(const struct iot_kitnet *k, size_t *len)
{
    if (k->out == NULL)
        return NULL;
    struct iot_wbuf b = {0};
    iot_wbuf_put(&b, MODEL_MAGIC, 8);
    iot_wbuf_u32le(&b, MODEL_VERSION);
    iot_wbuf_u32le(&b, (uint32_t)k->n);
    iot_wbuf_u32le(&b, (uint32_t)k->c.max_ae);
    iot_wbuf_u64le(&b, k->c.fm_grace);
    iot_wbuf_u64le(&b, k->c.ad_grace);
    iot_wbuf_f64le(&b, k->c.lr);
    iot_wbuf_f64le(&b, k->c.hidden_ratio);
    iot_wbuf_u64le(&b, k->c.seed);
    iot_wbuf_u64le(&b, k->seen);
    iot_wbuf_u32le(&b, (uint32_t)k->groups);
    for (int g = 0; g < k->groups; g++)
        iot_wbuf_u32le(&b, (uint32_t)k->sizes[g]);
    for (int i = 0; i < k->n; i++)
        iot_wbuf_u32le(&b, (uint32_t)k->order[i]);
    for (int g = 0; g < k->groups; g++)
        put_ae(&b, k->ens[g]);
    put_ae(&b, k->out);
    uint8_t h[MODEL_HASH];
    if (!b.failed)
        crypto_generichash(h, sizeof(h), b.p, b.len, NULL, 0);
    iot_wbuf_put(&b, h, sizeof(h));
    return iot_wbuf_take(&b, len);
}

struct rbuf {
    const uint8_t *p;
    size_t len, off;
    bool bad;
};

static uint32_t get_u32(struct rbuf *r)
{
    if (r->bad || r->len - r->off < 4) {
        r->bad = true;
        return 0;
    }
    const uint8_t *p = r->p + r->off;
    r->off += 4;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(struct rbuf *r)
{
    uint64_t lo = get_u32(r);
    return lo | (uint64_t)get_u32(r) << 32;
}

static double get_f64(struct rbuf *r)
{
    uint64_t v = get_u64(r);
    double d;
    memcpy(&d, &v, 8);
    if (!isfinite(d)) /* a saved model has trained at least once: every value is finite */
        r->bad = true;
    return d;
}

/* One network, whose shape must be the one the groups imply. */
static struct iot_ae *get_ae(struct rbuf *r, int n_in, const struct iot_kitnet_config *c)
{
    uint32_t n = get_u32(r), h = get_u32(r);
    double lr = get_f64(r);
    if (r->bad || n != (uint32_t)n_in || lr != c->lr)
        return NULL;
    struct iot_ae *ae = iot_ae_new(n_in, c->hidden_ratio, lr, 0);
    if (ae == NULL || (uint32_t)ae->n_hidden != h) {
        iot_ae_free(ae);
        r->bad = true;
        return NULL;
    }
    for (size_t i = 0; i < (size_t)n * h; i++)
        ae->w[i] = get_f64(r);
    for (size_t j = 0; j < h; j++)
        ae->b_hidden[j] = get_f64(r);
    for (size_t i = 0; i < n; i++) {
        ae->b_out[i] = get_f64(r);
        ae->in_min[i] = get_f64(r);
        ae->in_max[i] = get_f64(r);
        if (ae->in_min[i] > ae->in_max[i])
            r->bad = true;
    }
    if (r->bad) {
        iot_ae_free(ae);
        return NULL;
    }
    return ae;
}

/* Groups: sizes 1..max_ae adding up to n, and order a permutation of the features. */
static bool read_groups(struct rbuf *r, struct iot_kitnet *k)
{
    uint32_t groups = get_u32(r);
    if (r->bad || groups < 1 || groups > (uint32_t)k->n)
        return false;
    k->groups = (int)groups;
    uint64_t total = 0;
    for (int g = 0; g < k->groups; g++) {
        k->sizes[g] = (int)get_u32(r);
        if (k->sizes[g] < 1 || k->sizes[g] > k->c.max_ae)
            return false;
        total += (uint64_t)k->sizes[g];
    }
    if (total != (uint64_t)k->n)
        return false;
    uint8_t *seen = iot_calloc((size_t)k->n, 1);
    bool ok = seen != NULL;
    for (int i = 0; ok && i < k->n; i++) {
        uint32_t f = get_u32(r);
        ok = !r->bad && f < (uint32_t)k->n && !seen[f];
        if (ok) {
            seen[f] = 1;
            k->order[i] = (int)f;
        }
    }
    iot_free(seen);
    return ok;
}

static int load_fail(struct iot_kitnet *k, char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen, "anomaly model: %s", why);
    iot_kitnet_free(k);
    return -1;
}

struct iot_kitnet *iot_kitnet_load(const uint8_t *buf, size_t len, char *err, size_t errlen)
{
    if (len < 8 + 4 + MODEL_HASH || memcmp(buf, MODEL_MAGIC, 8) != 0) {
        load_fail(NULL, err, errlen, "not an iotsec anomaly model");
        return NULL;
    }
    uint8_t h[MODEL_HASH];
    crypto_generichash(h, sizeof(h), buf, len - MODEL_HASH, NULL, 0);
    if (sodium_memcmp(h, buf + len - MODEL_HASH, MODEL_HASH) != 0) {
        load_fail(NULL, err, errlen, "checksum mismatch (damaged or altered)");
        return NULL;
    }
    struct rbuf r = {buf, len - MODEL_HASH, 8, false};
    if (get_u32(&r) != MODEL_VERSION) {
        load_fail(NULL, err, errlen, "made by another version of iotsec");
        return NULL;
    }
    int n = (int)get_u32(&r);
    struct iot_kitnet_config c;
    c.max_ae = (int)get_u32(&r);
    c.fm_grace = get_u64(&r);
    c.ad_grace = get_u64(&r);
    c.lr = get_f64(&r);
    c.hidden_ratio = get_f64(&r);
    c.seed = get_u64(&r);
    uint64_t seen = get_u64(&r);
    struct iot_kitnet_config nomap = c;
    nomap.fm_grace = 0; /* no mapper to allocate: the groups come from the file */
    struct iot_kitnet *k = r.bad || !config_ok(n, &c) ? NULL : iot_kitnet_new(n, &nomap);
    if (k == NULL) {
        load_fail(NULL, err, errlen, "bad header");
        return NULL;
    }
    k->c = c;
    k->seen = seen;
    if (seen < c.fm_grace || !read_groups(&r, k)) {
        load_fail(k, err, errlen, "bad feature groups");
        return NULL;
    }
    int g;
    for (g = 0; g < k->groups; g++)
        if ((k->ens[g] = get_ae(&r, k->sizes[g], &c)) == NULL)
            break;
    int pos = 0;
    for (int i = 0; i < k->groups; i++) {
        k->start[i] = pos;
        pos += k->sizes[i];
    }
    if (g == k->groups)
        k->out = get_ae(&r, k->groups, &c);
    if (k->out == NULL || r.off != r.len) {
        if (g < k->groups)
            k->groups = g; /* free only what was made */
        load_fail(k, err, errlen, "bad network parameters");
        return NULL;
    }
    return k;
}
