/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Set-associative, keyed, byte-capped detector state. */
#include "iotsec-common.h"
#include "detect/detect-track.h"

#include <sodium.h>

#include "util/util-mem.h"

struct iot_track {
    struct iot_track_entry *slots; /* nbuckets * IOT_TRACK_WAYS */
    uint32_t mask;
    uint8_t key[crypto_shorthash_KEYBYTES];
    struct iot_track_stats stats;
};

struct iot_track *iot_track_new(size_t memcap, const uint8_t *key16)
{
    if (sodium_init() < 0)
        return NULL;
    size_t per_bucket = IOT_TRACK_WAYS * sizeof(struct iot_track_entry);
    size_t nb = 1;
    while (nb * 2 * per_bucket <= memcap && nb < (1u << 24))
        nb *= 2;
    struct iot_track *t = iot_calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    t->slots = iot_calloc(nb * IOT_TRACK_WAYS, sizeof(*t->slots));
    if (t->slots == NULL) {
        iot_free(t);
        return NULL;
    }
    t->mask = (uint32_t)nb - 1;
    t->stats.memuse = sizeof(*t) + nb * per_bucket;
    if (key16 != NULL)
        memcpy(t->key, key16, sizeof(t->key));
    else
        randombytes_buf(t->key, sizeof(t->key));
    return t;
}

void iot_track_free(struct iot_track *t)
{
    if (t == NULL)
        return;
    iot_free(t->slots);
    iot_free(t);
}

static uint32_t track_hash(const struct iot_track *t, const void *key, size_t klen)
{
    uint8_t out[crypto_shorthash_BYTES];
    crypto_shorthash(out, key, klen, t->key);
    uint32_t h;
    memcpy(&h, out, sizeof(h));
    return h;
}

static struct iot_track_entry *bucket(struct iot_track *t, uint32_t h)
{
    return &t->slots[(size_t)(h & t->mask) * IOT_TRACK_WAYS];
}

static bool entry_is(const struct iot_track_entry *e, uint32_t h, const void *key, size_t klen)
{
    return e->used && e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0;
}

struct iot_track_entry *iot_track_find(struct iot_track *t, const void *key, size_t klen)
{
    if (klen > IOT_TRACK_KEY_MAX)
        return NULL;
    uint32_t h = track_hash(t, key, klen);
    struct iot_track_entry *b = bucket(t, h);
    for (int w = 0; w < IOT_TRACK_WAYS; w++)
        if (entry_is(&b[w], h, key, klen))
            return &b[w];
    return NULL;
}

static void window_reset(struct iot_track_entry *e, struct iot_ts ts)
{
    e->start = e->last = ts;
    e->count = 0;
    e->aux = 0;
    e->ndistinct = 0;
    e->nsamples = 0;
    e->alerted = false;
}

struct iot_track_entry *iot_track_get(struct iot_track *t, const void *key, size_t klen,
                                      struct iot_ts ts, uint32_t window_sec)
{
    if (klen > IOT_TRACK_KEY_MAX)
        return NULL;
    uint32_t h = track_hash(t, key, klen);
    struct iot_track_entry *b = bucket(t, h), *victim = NULL;
    for (int w = 0; w < IOT_TRACK_WAYS; w++) {
        struct iot_track_entry *e = &b[w];
        if (entry_is(e, h, key, klen)) {
            if (ts.sec - e->start.sec >= (int64_t)window_sec)
                window_reset(e, ts);
            if (iot_ts_cmp(ts, e->last) > 0)
                e->last = ts;
            return e;
        }
        /* A free way first; else the way touched longest ago. */
        if (!e->used) {
            if (victim == NULL || victim->used)
                victim = e;
        } else if (victim == NULL || (victim->used && iot_ts_cmp(e->last, victim->last) < 0)) {
            victim = e;
        }
    }
    if (victim->used)
        t->stats.evicted++;
    else
        t->stats.entries++;
    memset(victim, 0, sizeof(*victim));
    victim->used = true;
    victim->hash = h;
    victim->klen = (uint8_t)klen;
    memcpy(victim->key, key, klen);
    window_reset(victim, ts);
    return victim;
}

bool iot_track_distinct(struct iot_track_entry *e, uint32_t v)
{
    for (unsigned i = 0; i < e->ndistinct; i++)
        if (e->distinct[i] == v)
            return false;
    if (e->ndistinct == IOT_TRACK_MAX_DISTINCT)
        return false;
    e->distinct[e->ndistinct++] = v;
    return true;
}

void iot_track_sample(struct iot_track_entry *e, const struct iot_packet *p)
{
    if (e->nsamples == IOT_TRACK_SAMPLES)
        return;
    struct iot_track_sample *s = &e->samples[e->nsamples++];
    s->ts = p->ts;
    s->pcap_cnt = p->num;
    s->src = p->src;
    s->dst = p->dst;
    s->sp = p->sp;
    s->dp = p->dp;
    s->ip_ver = p->ip_ver;
    s->proto = p->ip_proto;
}

const struct iot_track_stats *iot_track_stats(const struct iot_track *t)
{
    return &t->stats;
}
