/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IPv4 and IPv6 fragment reassembly, bounded in bytes, trackers, fragments and time. */
#include "iotsec-common.h"
#include "decode/decode-defrag.h"

#include <sodium.h>

#include "util/util-mem.h"

#define DEFRAG_DEFAULT_MEMCAP (16u * 1024u * 1024u)
#define DEFRAG_DEFAULT_TRACKERS 4096u
#define DEFRAG_DEFAULT_TIMEOUT 60u
#define DEFRAG_MAX_BUCKETS (1u << 20)
/* Linux keeps ~64 fragments per datagram in practice; 256 leaves room while stopping a flood of
 * 8-byte fragments from making every insert walk thousands of list entries. */
#define DEFRAG_MAX_FRAGS 256u
#define DEFRAG_MAX_DGRAM 65535u
#define IPV4_HDR_LEN 20u
#define IPV6_HDR_LEN 40u
#define IPV6_FRAG_HDR_LEN 8u
#define KEY_LEN 42 /* family, proto, 2 VLAN ids, 32-bit id, 16-byte src, 16-byte dst */

/* One contiguous run of datagram bytes. The list per tracker is sorted and never overlaps. */
struct frag {
    struct frag *next;
    uint32_t off, len;
    uint8_t data[];
};

struct tracker {
    struct tracker *hnext;         /* hash bucket chain */
    struct tracker *older, *newer; /* creation order, for timeouts and eviction */
    uint8_t key[KEY_LEN];
    uint32_t bucket;
    int64_t first_usec;
    struct frag *frags;
    uint32_t nfrags;
    uint32_t total; /* datagram data length, once the last fragment has said so */
    bool have_last;
    uint8_t *hdr;   /* first fragment's IPv4 header or IPv6 unfragmentable part */
    uint32_t hdr_len;
    uint32_t nh_pos;  /* IPv6: offset in hdr of the next-header byte naming the fragment header */
    uint8_t next_hdr; /* IPv6: what follows the fragment header in the first fragment */
    uint64_t bytes;   /* charged to the memcap */
};

struct iot_defrag {
    struct iot_defrag_config cfg;
    struct tracker **buckets;
    uint32_t mask;
    struct tracker *oldest, *newest;
    uint32_t ntrackers;
    uint64_t held;
    unsigned char hkey[crypto_shorthash_KEYBYTES];
};

/* One fragment as the family-specific front ends describe it. */
struct frag_in {
    uint8_t key[KEY_LEN];
    bool v6;
    const uint8_t *data;
    uint32_t off, len;
    bool more;
    const uint8_t *hdr; /* header to keep when this is the first fragment */
    uint32_t hdr_len;
    uint32_t nh_pos;
    uint8_t next_hdr;
};

struct iot_defrag *iot_defrag_new(const struct iot_defrag_config *cfg)
{
    if (sodium_init() < 0)
        return NULL;
    struct iot_defrag *df = iot_calloc(1, sizeof(*df));
    if (df == NULL)
        return NULL;
    /* Zero fields mean "default", so a partly filled config cannot disable a bound. */
    df->cfg.memcap = cfg != NULL && cfg->memcap ? cfg->memcap : DEFRAG_DEFAULT_MEMCAP;
    df->cfg.max_trackers =
        cfg != NULL && cfg->max_trackers ? cfg->max_trackers : DEFRAG_DEFAULT_TRACKERS;
    df->cfg.timeout_sec = cfg != NULL && cfg->timeout_sec ? cfg->timeout_sec : DEFRAG_DEFAULT_TIMEOUT;
    uint32_t n = 16;
    while (n < df->cfg.max_trackers && n < DEFRAG_MAX_BUCKETS)
        n <<= 1;
    df->buckets = iot_calloc(n, sizeof(*df->buckets));
    if (df->buckets == NULL) {
        iot_free(df);
        return NULL;
    }
    df->mask = n - 1;
    /* A random per-run SipHash key: fragment ids and addresses are attacker chosen, and a
     * predictable hash would let them pile every tracker into one bucket. */
    randombytes_buf(df->hkey, sizeof(df->hkey));
    return df;
}

static void tracker_free(struct iot_defrag *df, struct tracker *t)
{
    struct tracker **link = &df->buckets[t->bucket];
    while (*link != t)
        link = &(*link)->hnext;
    *link = t->hnext;
    if (t->older != NULL)
        t->older->newer = t->newer;
    else
        df->oldest = t->newer;
    if (t->newer != NULL)
        t->newer->older = t->older;
    else
        df->newest = t->older;
    struct frag *f = t->frags;
    while (f != NULL) {
        struct frag *next = f->next;
        iot_free(f);
        f = next;
    }
    iot_free(t->hdr);
    IOT_DEBUG_VALIDATE(df->held >= t->bytes);
    df->held -= t->bytes;
    df->ntrackers--;
    iot_free(t);
}

void iot_defrag_free(struct iot_defrag *df)
{
    if (df == NULL)
        return;
    while (df->oldest != NULL)
        tracker_free(df, df->oldest);
    iot_free(df->buckets);
    iot_free(df);
}

static bool tracker_expired(const struct iot_defrag *df, const struct tracker *t, int64_t now)
{
    return now - t->first_usec > (int64_t)df->cfg.timeout_sec * 1000000;
}

/* Lazy expiry, oldest first; counted but not put on this packet, which is not theirs. */
static void defrag_expire(struct iot_decoder *d, struct iot_defrag *df, int64_t now)
{
    while (df->oldest != NULL && tracker_expired(df, df->oldest, now)) {
        tracker_free(df, df->oldest);
        d->stats.events[IOT_DE_DEFRAG_TIMEOUT]++;
    }
}

static uint32_t key_bucket(const struct iot_defrag *df, const uint8_t *key)
{
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, key, KEY_LEN, df->hkey);
    return ((uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24) &
           df->mask;
}

static struct tracker *tracker_find(struct iot_defrag *df, const uint8_t *key, uint32_t bucket)
{
    for (struct tracker *t = df->buckets[bucket]; t != NULL; t = t->hnext)
        if (memcmp(t->key, key, KEY_LEN) == 0)
            return t;
    return NULL;
}

static struct tracker *tracker_new(struct iot_decoder *d, struct iot_packet *p,
                                   struct iot_defrag *df, const uint8_t *key, uint32_t bucket)
{
    /* Full table: the oldest datagram is the likeliest to be dead, and evicting it keeps a flood
     * of first fragments from locking new datagrams out until the timeout. */
    if (df->ntrackers >= df->cfg.max_trackers) {
        iot_decode_set_event(d, p, IOT_DE_DEFRAG_TRACKERS_FULL);
        tracker_free(df, df->oldest);
    }
    struct tracker *t = iot_calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    memcpy(t->key, key, KEY_LEN);
    t->bucket = bucket;
    t->first_usec = iot_ts_usec(p->ts);
    t->hnext = df->buckets[bucket];
    df->buckets[bucket] = t;
    t->older = df->newest;
    if (df->newest != NULL)
        df->newest->newer = t;
    else
        df->oldest = t;
    df->newest = t;
    df->ntrackers++;
    return t;
}

/* Charges n bytes to the memcap, or refuses with an event. */
static bool defrag_charge(struct iot_decoder *d, struct iot_packet *p, struct iot_defrag *df,
                          struct tracker *t, uint64_t n)
{
    if (n > df->cfg.memcap - df->held) {
        iot_decode_set_event(d, p, IOT_DE_DEFRAG_MEMCAP);
        return false;
    }
    df->held += n;
    t->bytes += n;
    return true;
}

/* Inserts the parts of [off, off + len) no fragment holds yet: the first copy of a byte wins,
 * so a later overlapping fragment cannot rewrite what an IDS already saw (Teardrop, evasion by
 * overlap). Returns IOT_OK or IOT_ERR_NOMEM. */
static int frag_insert(struct iot_decoder *d, struct iot_packet *p, struct iot_defrag *df,
                       struct tracker *t, const struct frag_in *f, bool *overlap)
{
    uint32_t end = f->off + f->len, cur = f->off;
    struct frag **link = &t->frags;

    while (cur < end) {
        struct frag *e = *link;
        if (e != NULL && e->off + e->len <= cur) {
            link = &e->next;
            continue;
        }
        if (e != NULL && e->off <= cur) {
            *overlap = true;
            cur = e->off + e->len;
            link = &e->next;
            continue;
        }
        uint32_t stop = (e != NULL && e->off < end) ? e->off : end;
        if (t->nfrags >= DEFRAG_MAX_FRAGS) {
            iot_decode_set_event(d, p, IOT_DE_DEFRAG_TOO_MANY_FRAGS);
            return IOT_ERR_INPUT;
        }
        if (!defrag_charge(d, p, df, t, sizeof(struct frag) + (uint64_t)(stop - cur)))
            return IOT_ERR_NOMEM;
        struct frag *n = iot_malloc(sizeof(*n) + (stop - cur));
        if (n == NULL) {
            df->held -= sizeof(struct frag) + (stop - cur);
            t->bytes -= sizeof(struct frag) + (stop - cur);
            return IOT_ERR_NOMEM;
        }
        n->off = cur;
        n->len = stop - cur;
        memcpy(n->data, f->data + (cur - f->off), n->len);
        n->next = e;
        *link = n;
        link = &n->next;
        t->nfrags++;
        cur = stop;
    }
    return IOT_OK;
}

/* Reconciles the fragment with what the tracker knows of the datagram's end. A second or
 * disagreeing "last fragment" is an overlap: first one wins. Returns the length to insert. */
static uint32_t frag_clip(struct tracker *t, const struct frag_in *f, bool *overlap)
{
    uint32_t end = f->off + f->len;
    if (!f->more) {
        uint32_t max_end = 0;
        for (const struct frag *e = t->frags; e != NULL; e = e->next)
            max_end = e->off + e->len;
        if (t->have_last ? end != t->total : max_end > end) {
            *overlap = true;
        } else {
            t->have_last = true;
            t->total = end;
        }
    }
    if (t->have_last && end > t->total) {
        *overlap = true;
        return f->off >= t->total ? 0 : t->total - f->off;
    }
    return f->len;
}

static bool tracker_complete(const struct tracker *t)
{
    if (!t->have_last || t->hdr == NULL)
        return false;
    uint32_t pos = 0;
    for (const struct frag *e = t->frags; e != NULL && e->off == pos; e = e->next)
        pos = e->off + e->len;
    return pos == t->total;
}

static uint16_t ipv4_checksum(const uint8_t *h, uint32_t hlen)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i + 1 < hlen; i += 2)
        sum += iot_be16(h + i);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return (uint16_t)~sum;
}

static void put_be16(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)(v >> 8);
    b[1] = (uint8_t)v;
}

/* Builds the datagram: kept header, rewritten as unfragmented, then the data. */
static uint8_t *tracker_build(const struct tracker *t, bool v6, uint32_t *out_len)
{
    uint32_t n = t->hdr_len + t->total;
    uint8_t *b = iot_malloc(n);
    if (b == NULL)
        return NULL;
    memcpy(b, t->hdr, t->hdr_len);
    for (const struct frag *e = t->frags; e != NULL; e = e->next)
        memcpy(b + t->hdr_len + e->off, e->data, e->len);
    if (v6) {
        b[t->nh_pos] = t->next_hdr;
        put_be16(b + 4, n - IPV6_HDR_LEN);
    } else {
        put_be16(b + 2, n);
        put_be16(b + 6, iot_be16(b + 6) & 0xC000u); /* keep DF and the reserved bit */
        put_be16(b + 10, 0);
        put_be16(b + 10, ipv4_checksum(b, t->hdr_len));
    }
    *out_len = n;
    return b;
}

/* Bytes of the rebuilt datagram that count against the 65535 limit besides the data: the
 * IPv4 header, or the IPv6 extension headers (the payload length excludes the fixed header). */
static uint32_t hdr_cost(bool v6, uint32_t hdr_len)
{
    return v6 ? hdr_len - IPV6_HDR_LEN : hdr_len;
}

static int too_large(struct iot_decoder *d, struct iot_packet *p, struct iot_defrag *df,
                     struct tracker *t, bool v6)
{
    iot_decode_invalid(d, p, v6 ? IOT_DE_IPV6_FRAG_TOO_LARGE : IOT_DE_IPV4_FRAG_TOO_LARGE);
    if (t != NULL)
        tracker_free(df, t);
    return IOT_ERR_INPUT;
}

static int keep_header(struct iot_decoder *d, struct iot_packet *p, struct iot_defrag *df,
                       struct tracker *t, const struct frag_in *f)
{
    if (f->off != 0 || t->hdr != NULL)
        return IOT_OK;
    if (!defrag_charge(d, p, df, t, f->hdr_len))
        return IOT_ERR_NOMEM;
    t->hdr = iot_malloc(f->hdr_len);
    if (t->hdr == NULL)
        return IOT_ERR_NOMEM; /* the charge stays with the tracker and is returned with it */
    memcpy(t->hdr, f->hdr, f->hdr_len);
    t->hdr_len = f->hdr_len;
    t->nh_pos = f->nh_pos;
    t->next_hdr = f->next_hdr;
    return IOT_OK;
}

static int defrag_add(struct iot_decoder *d, struct iot_packet *p, const struct frag_in *f,
                      uint8_t **out, uint32_t *out_len)
{
    struct iot_defrag *df = d->defrag;
    int64_t now = iot_ts_usec(p->ts);
    uint32_t bucket = key_bucket(df, f->key);
    struct tracker *t = tracker_find(df, f->key, bucket);
    bool overlap = false;

    if (t != NULL && tracker_expired(df, t, now)) {
        tracker_free(df, t);
        iot_decode_set_event(d, p, IOT_DE_DEFRAG_TIMEOUT);
        t = NULL;
    }
    defrag_expire(d, df, now);
    /* Ping of death: offset plus length past 65535 cannot be a datagram, only an overflow
     * attempt on whoever reassembles it. */
    uint32_t cost = hdr_cost(f->v6, f->hdr_len);
    if (cost > DEFRAG_MAX_DGRAM || f->len > DEFRAG_MAX_DGRAM - cost ||
        f->off > DEFRAG_MAX_DGRAM - cost - f->len)
        return too_large(d, p, df, t, f->v6);
    if (t == NULL && (t = tracker_new(d, p, df, f->key, bucket)) == NULL)
        return IOT_ERR_NOMEM;
    int rc = keep_header(d, p, df, t, f);
    if (rc != IOT_OK)
        return rc;
    struct frag_in clipped = *f;
    clipped.len = frag_clip(t, f, &overlap);
    rc = frag_insert(d, p, df, t, &clipped, &overlap);
    if (overlap)
        iot_decode_set_event(d, p, f->v6 ? IOT_DE_IPV6_FRAG_OVERLAP : IOT_DE_IPV4_FRAG_OVERLAP);
    if (rc == IOT_ERR_INPUT)
        tracker_free(df, t);
    if (rc != IOT_OK || !tracker_complete(t))
        return rc;
    /* The first fragment's header may be longer than the one the size check above used. */
    if (t->total > DEFRAG_MAX_DGRAM - hdr_cost(f->v6, t->hdr_len))
        return too_large(d, p, df, t, f->v6);
    *out = tracker_build(t, f->v6, out_len);
    tracker_free(df, t);
    return *out != NULL ? IOT_OK : IOT_ERR_NOMEM;
}

static void key_common(uint8_t *key, const struct iot_packet *p, uint8_t fam, uint8_t proto)
{
    memset(key, 0, KEY_LEN);
    key[0] = fam;
    key[1] = proto;
    /* The VLAN keeps identical private addresses on two VLANs from sharing a datagram. */
    for (unsigned i = 0; i < IOT_MAX_VLAN && i < p->vlan_count; i++)
        put_be16(key + 2 + 2 * i, p->vlan_id[i]);
}

int iot_defrag_ipv4(struct iot_decoder *d, struct iot_packet *p, const uint8_t *ip, uint32_t len,
                    uint8_t **out, uint32_t *out_len)
{
    struct frag_in f;

    *out = NULL;
    *out_len = 0;
    /* The decoder checked the header; these checks keep this API safe on its own. */
    if (len < IPV4_HDR_LEN || (uint32_t)(ip[0] & 0x0F) * 4 < IPV4_HDR_LEN ||
        (uint32_t)(ip[0] & 0x0F) * 4 > len)
        return IOT_ERR_INPUT;
    uint32_t hlen = (uint32_t)(ip[0] & 0x0F) * 4;
    key_common(f.key, p, 4, ip[9]);
    memcpy(f.key + 6, ip + 4, 2);
    memcpy(f.key + 10, ip + 12, 4);
    memcpy(f.key + 26, ip + 16, 4);
    f.v6 = false;
    f.data = ip + hlen;
    f.len = len - hlen;
    f.off = (uint32_t)(iot_be16(ip + 6) & 0x1FFFu) * 8;
    f.more = (iot_be16(ip + 6) & 0x2000u) != 0;
    f.hdr = ip;
    f.hdr_len = hlen;
    f.nh_pos = 0;
    f.next_hdr = 0;
    return defrag_add(d, p, &f, out, out_len);
}

/* Finds the next-header byte that names the fragment header: byte 6 of the fixed header, or
 * the first byte of the extension header before it. Returns false when the chain does not lead
 * to frag_off, which the decoder's own walk rules out. */
static bool ipv6_nh_pos(const uint8_t *ip, uint32_t frag_off, uint32_t *nh_pos)
{
    uint32_t pos = 6, off = IPV6_HDR_LEN;
    unsigned n = 0;
    while (off < frag_off) {
        if (++n > 8 || frag_off - off < 2)
            return false;
        uint8_t nh = ip[pos];
        uint32_t hl = nh == 51 ? ((uint32_t)ip[off + 1] + 2) * 4 : ((uint32_t)ip[off + 1] + 1) * 8;
        if (nh == 44)
            hl = IPV6_FRAG_HDR_LEN;
        if (hl > frag_off - off)
            return false;
        pos = off;
        off += hl;
    }
    *nh_pos = pos;
    return off == frag_off && ip[pos] == 44;
}

int iot_defrag_ipv6(struct iot_decoder *d, struct iot_packet *p, const uint8_t *ip, uint32_t len,
                    uint32_t frag_hdr_off, uint8_t **out, uint32_t *out_len)
{
    struct frag_in f;

    *out = NULL;
    *out_len = 0;
    if (frag_hdr_off < IPV6_HDR_LEN || frag_hdr_off > len || len - frag_hdr_off < IPV6_FRAG_HDR_LEN ||
        !ipv6_nh_pos(ip, frag_hdr_off, &f.nh_pos))
        return IOT_ERR_INPUT;
    const uint8_t *fh = ip + frag_hdr_off;
    key_common(f.key, p, 6, 0);
    memcpy(f.key + 6, fh + 4, 4);
    memcpy(f.key + 10, ip + 8, 16);
    memcpy(f.key + 26, ip + 24, 16);
    f.v6 = true;
    f.data = fh + IPV6_FRAG_HDR_LEN;
    f.len = len - frag_hdr_off - IPV6_FRAG_HDR_LEN;
    f.off = (uint32_t)(iot_be16(fh + 2) & 0xFFF8u);
    f.more = (iot_be16(fh + 2) & 1u) != 0;
    f.hdr = ip;
    f.hdr_len = frag_hdr_off;
    f.next_hdr = fh[0];
    return defrag_add(d, p, &f, out, out_len);
}
