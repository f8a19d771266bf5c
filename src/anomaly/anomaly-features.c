/* SPDX-License-Identifier: GPL-3.0-or-later */
/* AfterImage tables: keyed hashes over fixed entry pools with CLOCK eviction. */
#include "iotsec-common.h"
#include "anomaly/anomaly-features.h"

#include <sodium.h>

#include "util/util-mem.h"

#define KEY_MAX 40
enum { T_MI, T_HOST, T_CHAN, T_JIT, T_SOCK, T_COUNT };

/* Share of the memory cap per table: channels and sockets hold pairs and are the most numerous
 * under a scan. */
static const unsigned table_share[T_COUNT] = {10, 10, 30, 15, 35};

struct entry_hdr {
    uint32_t next;   /* index + 1 of the next entry in the bucket, 0 at the end */
    uint32_t bucket;
    uint8_t used, ref, key_len;
    uint8_t key[KEY_MAX];
};

struct table {
    size_t entry_size;
    uint32_t cap, n, mask, hand;
    uint32_t *heads;  /* bucket -> index + 1 of its first entry */
    uint8_t *pool;
    uint32_t next_free; /* entries below it were handed out once (the pool fills in order) */
    uint64_t inserted, evicted;
};

struct iot_feat {
    struct table t[T_COUNT];
    uint8_t hash_key[crypto_shorthash_KEYBYTES];
    uint64_t packets, bytes;
};

static struct entry_hdr *entry_at(struct table *t, uint32_t i)
{
    return (struct entry_hdr *)(t->pool + (size_t)i * t->entry_size);
}

static void *payload_of(struct entry_hdr *e)
{
    return (uint8_t *)e + sizeof(struct entry_hdr) + (-(sizeof(struct entry_hdr)) & 7);
}

static int table_init(struct table *t, size_t payload, uint64_t bytes, uint64_t *total)
{
    size_t hdr = sizeof(struct entry_hdr) + (-(sizeof(struct entry_hdr)) & 7);
    t->entry_size = hdr + payload;
    /* Each entry costs its size plus two bucket heads (buckets >= 2 x entries). */
    uint64_t cap = bytes / (t->entry_size + 2 * sizeof(uint32_t));
    if (cap < 16)
        cap = 16;
    if (cap > (1u << 26))
        cap = 1u << 26;
    uint32_t nb = 1;
    while (nb < 2 * cap)
        nb <<= 1;
    t->cap = (uint32_t)cap;
    t->mask = nb - 1;
    t->heads = iot_calloc(nb, sizeof(uint32_t));
    t->pool = iot_calloc(cap, t->entry_size);
    *total += (uint64_t)nb * sizeof(uint32_t) + cap * t->entry_size;
    return t->heads != NULL && t->pool != NULL ? 0 : -1;
}

struct iot_feat *iot_feat_new(uint64_t memcap, uint64_t seed)
{
    static const size_t payload[T_COUNT] = {
        sizeof(struct iot_incstat), sizeof(struct iot_incstat), sizeof(struct iot_incstat_pair),
        sizeof(struct iot_incstat), sizeof(struct iot_incstat_pair)};
    if (memcap < (64u << 10) || sodium_init() < 0)
        return NULL;
    struct iot_feat *f = iot_calloc(1, sizeof(*f));
    if (f == NULL)
        return NULL;
    if (seed != 0) {
        for (size_t i = 0; i < sizeof(f->hash_key); i++)
            f->hash_key[i] = (uint8_t)(seed >> (8 * (i % 8))) ^ (uint8_t)(i * 131);
    } else {
        crypto_shorthash_keygen(f->hash_key);
    }
    f->bytes = sizeof(*f);
    for (int i = 0; i < T_COUNT; i++) {
        if (table_init(&f->t[i], payload[i], memcap / 100 * table_share[i], &f->bytes) != 0) {
            iot_feat_free(f);
            return NULL;
        }
    }
    return f;
}

void iot_feat_free(struct iot_feat *f)
{
    if (f == NULL)
        return;
    for (int i = 0; i < T_COUNT; i++) {
        iot_free(f->t[i].heads);
        iot_free(f->t[i].pool);
    }
    iot_free(f);
}

static void unlink_entry(struct table *t, uint32_t idx)
{
    struct entry_hdr *e = entry_at(t, idx);
    uint32_t *link = &t->heads[e->bucket];
    while (*link != 0 && *link != idx + 1)
        link = &entry_at(t, *link - 1)->next;
    if (*link == idx + 1)
        *link = e->next;
    e->used = 0;
    t->n--;
}

/* An entry to (re)use: a never-used one while the pool fills, then CLOCK: entries touched since
 * the hand last passed get a second chance, the first untouched one is evicted. New entries
 * start untouched, so the one-packet entries of a scan go first and a conversation that keeps
 * coming back stays (scan-resistant, like SIEVE). */
static uint32_t take_entry(struct table *t)
{
    if (t->next_free < t->cap)
        return t->next_free++;
    for (;;) {
        uint32_t idx = t->hand;
        t->hand = t->hand + 1 == t->cap ? 0 : t->hand + 1;
        struct entry_hdr *e = entry_at(t, idx);
        if (e->used && e->ref) {
            e->ref = 0;
            continue;
        }
        if (e->used) {
            unlink_entry(t, idx);
            t->evicted++;
        }
        return idx;
    }
}

/* The payload for key, made (zeroed, *fresh set) when absent. */
static void *lookup(struct iot_feat *f, int ti, const uint8_t *key, uint8_t len, bool *fresh)
{
    struct table *t = &f->t[ti];
    uint64_t h;
    crypto_shorthash((uint8_t *)&h, key, len, f->hash_key);
    uint32_t b = (uint32_t)h & t->mask;
    for (uint32_t i = t->heads[b]; i != 0;) {
        struct entry_hdr *e = entry_at(t, i - 1);
        if (e->key_len == len && memcmp(e->key, key, len) == 0) {
            e->ref = 1;
            *fresh = false;
            return payload_of(e);
        }
        i = e->next;
    }
    uint32_t idx = take_entry(t);
    struct entry_hdr *e = entry_at(t, idx);
    memset(e, 0, t->entry_size);
    e->used = 1;
    e->bucket = b;
    e->key_len = len;
    memcpy(e->key, key, len);
    e->next = t->heads[b];
    t->heads[b] = idx + 1;
    t->n++;
    t->inserted++;
    *fresh = true;
    return payload_of(e);
}

static size_t ip_len(const struct iot_feat_packet *p)
{
    return p->ip_ver == 6 ? 16 : 4;
}

/* Endpoint: version, address, and (sockets) port. */
static size_t endpoint(uint8_t *out, const struct iot_feat_packet *p, const uint8_t *ip,
                       int with_port, uint16_t port)
{
    size_t n = ip_len(p);
    memcpy(out, ip, n);
    if (with_port) {
        out[n] = (uint8_t)(port >> 8);
        out[n + 1] = (uint8_t)port;
        n += 2;
    }
    return n;
}

/* Key of the unordered pair {src, dst} and this packet's side in it. */
static uint8_t pair_key(uint8_t *key, const struct iot_feat_packet *p, int sock, int *side)
{
    uint8_t a[18], b[18];
    size_t la = endpoint(a, p, p->src_ip, sock, p->sp), lb = endpoint(b, p, p->dst_ip, sock, p->dp);
    int c = memcmp(a, b, la);
    *side = c > 0;
    key[0] = p->ip_ver;
    key[1] = sock ? p->proto : 0;
    memcpy(key + 2, c <= 0 ? a : b, la);
    memcpy(key + 2 + la, c <= 0 ? b : a, lb);
    return (uint8_t)(2 + la + lb);
}

static void put_1d(const struct iot_incstat *s, double *v)
{
    for (int i = 0; i < IOT_INCSTAT_LAMBDAS; i++) {
        struct iot_incstat_1d o;
        iot_incstat_get(s, i, &o);
        double *d = v + i * IOT_FEAT_PER_LAMBDA;
        d[0] = o.w;
        d[1] = o.mean;
        d[2] = o.std;
    }
}

static void put_pair(const struct iot_incstat_pair *pr, int side, double *v)
{
    put_1d(&pr->s[side], v);
    for (int i = 0; i < IOT_INCSTAT_LAMBDAS; i++) {
        struct iot_incstat_2d o;
        iot_incstat_pair_get(pr, i, &o);
        double *d = v + i * IOT_FEAT_PER_LAMBDA + 3;
        d[0] = o.magnitude;
        d[1] = o.radius;
        d[2] = o.cov;
        d[3] = o.pcc;
    }
}

void iot_feat_update(struct iot_feat *f, const struct iot_feat_packet *p, double *out)
{
    uint8_t key[KEY_MAX];
    size_t n = ip_len(p);
    bool fresh;
    int side;
    f->packets++;

    key[0] = p->ip_ver;
    memcpy(key + 1, p->src_mac, 6);
    memcpy(key + 7, p->src_ip, n);
    struct iot_incstat *mi = lookup(f, T_MI, key, (uint8_t)(7 + n), &fresh);
    iot_incstat_update(mi, p->t, p->len);
    put_1d(mi, out + 0);

    key[6] = p->ip_ver; /* the MAC's last byte is done with: key + 6 is version, address */
    struct iot_incstat *host = lookup(f, T_HOST, key + 6, (uint8_t)(1 + n), &fresh);
    iot_incstat_update(host, p->t, p->len);
    put_1d(host, out + 3);

    uint8_t klen = pair_key(key, p, 0, &side);
    struct iot_incstat_pair *ch = lookup(f, T_CHAN, key, klen, &fresh);
    iot_incstat_pair_update(ch, side, p->t, p->len);
    put_pair(ch, side, out + 6);

    key[0] = p->ip_ver;
    memcpy(key + 1, p->src_ip, n);
    memcpy(key + 1 + n, p->dst_ip, n);
    struct iot_incstat *jit = lookup(f, T_JIT, key, (uint8_t)(1 + 2 * n), &fresh);
    /* The first packet of a channel has no gap before it: 0, as in Kitsune. */
    double gap = fresh || p->t < jit->t_last ? 0 : p->t - jit->t_last;
    iot_incstat_update(jit, p->t, gap);
    put_1d(jit, out + 13);

    klen = pair_key(key, p, 1, &side);
    struct iot_incstat_pair *so = lookup(f, T_SOCK, key, klen, &fresh);
    iot_incstat_pair_update(so, side, p->t, p->len);
    put_pair(so, side, out + 16);
}

void iot_feat_get_stats(const struct iot_feat *f, struct iot_feat_stats *st)
{
    memset(st, 0, sizeof(*st));
    st->packets = f->packets;
    st->bytes = f->bytes;
    for (int i = 0; i < T_COUNT; i++) {
        st->inserted[i] = f->t[i].inserted;
        st->evicted[i] = f->t[i].evicted;
        st->entries[i] = f->t[i].n;
        st->capacity[i] = f->t[i].cap;
    }
}

static const char *const feat_names[IOT_FEAT_PER_LAMBDA] = {
    "mac-ip.size.weight",  "mac-ip.size.mean",     "mac-ip.size.std",
    "host.size.weight",    "host.size.mean",       "host.size.std",
    "channel.size.weight", "channel.size.mean",    "channel.size.std",
    "channel.magnitude",   "channel.radius",       "channel.covariance",
    "channel.correlation", "channel.gap.weight",   "channel.gap.mean",
    "channel.gap.std",     "socket.size.weight",   "socket.size.mean",
    "socket.size.std",     "socket.magnitude",     "socket.radius",
    "socket.covariance",   "socket.correlation",
};

const char *iot_feat_name(int i)
{
    return i >= 0 && i < IOT_FEAT_COUNT ? feat_names[i % IOT_FEAT_PER_LAMBDA] : "?";
}

double iot_feat_half_life(int i)
{
    return i >= 0 && i < IOT_FEAT_COUNT ? 1.0 / iot_incstat_lambda[i / IOT_FEAT_PER_LAMBDA] : 0;
}
