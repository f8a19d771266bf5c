/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The flow table: keyed hashing, lookup, counters, TCP state, timeouts and memcap eviction. */
#include "iotsec-common.h"
#include "flow/flow.h"

#include <sodium.h>

#include "flow/flow-private.h"
#include "flow/flow-stream.h"
#include "util/util-mem.h"

#define TH_FIN 0x01u
#define TH_SYN 0x02u
#define TH_RST 0x04u
#define TH_ACK 0x10u

#define PROTO_TCP 6
#define PROTO_UDP 17

/* 2^24 buckets (128 MiB of pointers) is more than any gateway needs; it also keeps the mask
 * arithmetic far from overflow whatever the config says. */
#define FLOW_HASH_MAX (1u << 24)
/* Evictions tried for one new flow before the packet is refused. */
#define FLOW_EVICT_TRIES 8

/* Bits of f->tcp_bits, per direction d. */
#define TB_FIN(d) (1u << (d))
#define TB_FINACK(d) (4u << (d))
#define TB_DATA(d) (16u << (d))

/* The flow key of a packet; ports are zero for protocols whose flows are keyed without them. */
struct flow_tuple {
    const struct iot_addr *src, *dst;
    uint16_t sp, dp;
    uint8_t proto, ip_ver, vlan_count;
    uint16_t vlan_id[IOT_MAX_VLAN]; /* zero past vlan_count */
};

void iot_flow_config_default(struct iot_flow_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->memcap = 64ull << 20;
    cfg->hash_size = 65536;
    cfg->timeout_new = 30;
    cfg->timeout_established = 300;
    cfg->timeout_closed = 10;
    cfg->timeout_udp = 120;
    cfg->timeout_icmp = 30;
    cfg->stream_depth = 65536;
    cfg->stream_memcap = 32ull << 20;
    cfg->stream_max_segs = 64;
}

const char *iot_flow_state_name(enum iot_flow_state s)
{
    static const char *const names[] = {"new", "established", "closed"};
    return (unsigned)s < IOT_ARRAY_LEN(names) ? names[s] : "unknown";
}

const char *iot_flow_end_reason_name(enum iot_flow_end_reason r)
{
    static const char *const names[] = {"timeout", "evicted", "shutdown", "tcp_reuse"};
    return (unsigned)r < IOT_ARRAY_LEN(names) ? names[r] : "unknown";
}

const char *iot_tcp_state_name(enum iot_tcp_state s)
{
    static const char *const names[] = {"none",     "syn_sent", "syn_recv", "established",
                                        "fin_wait", "closing",  "closed"};
    return (unsigned)s < IOT_ARRAY_LEN(names) ? names[s] : "unknown";
}

const struct iot_flow_stats *iot_flow_table_stats(const struct iot_flow_table *t)
{
    return &t->stats;
}

/* ---- time ---------------------------------------------------------------------------------- */

/* ts + sec, or false when it would overflow: capture timestamps are attacker-controlled, and a
 * crafted one near INT64_MAX must not turn into signed overflow. */
static bool ts_add_sec(struct iot_ts ts, uint32_t sec, struct iot_ts *out)
{
    if (ts.sec > INT64_MAX - (int64_t)sec)
        return false;
    out->sec = ts.sec + sec;
    out->nsec = ts.nsec;
    return true;
}

static bool flow_deadline(const struct iot_flow_table *t, const struct iot_flow *f,
                          struct iot_ts *out)
{
    return ts_add_sec(f->last, t->timeout[f->tclass], out);
}

static bool flow_expired(const struct iot_flow_table *t, const struct iot_flow *f,
                         struct iot_ts now)
{
    struct iot_ts d;
    return flow_deadline(t, f, &d) && iot_ts_cmp(now, d) >= 0;
}

/* ---- lists --------------------------------------------------------------------------------- */

static void lru_unlink(struct iot_flow_table *t, struct iot_flow *f)
{
    struct iot_flow_lru *l = &t->lru[f->tclass];
    if (f->lru_prev != NULL)
        f->lru_prev->lru_next = f->lru_next;
    else
        l->head = f->lru_next;
    if (f->lru_next != NULL)
        f->lru_next->lru_prev = f->lru_prev;
    else
        l->tail = f->lru_prev;
    f->lru_prev = f->lru_next = NULL;
}

static void lru_append(struct iot_flow_table *t, struct iot_flow *f, uint8_t tclass)
{
    struct iot_flow_lru *l = &t->lru[tclass];
    f->tclass = tclass;
    f->lru_next = NULL;
    f->lru_prev = l->tail;
    if (l->tail != NULL)
        l->tail->lru_next = f;
    else
        l->head = f;
    l->tail = f;
}

static void hash_unlink(struct iot_flow_table *t, struct iot_flow *f)
{
    struct iot_flow **pp = &t->buckets[f->hash & t->mask];
    while (*pp != NULL && *pp != f)
        pp = &(*pp)->hnext;
    IOT_DEBUG_VALIDATE(*pp == f);
    if (*pp == f)
        *pp = f->hnext;
    f->hnext = NULL;
}

static void creation_unlink(struct iot_flow_table *t, struct iot_flow *f)
{
    if (f->cprev != NULL)
        f->cprev->cnext = f->cnext;
    else
        t->chead = f->cnext;
    if (f->cnext != NULL)
        f->cnext->cprev = f->cprev;
    else
        t->ctail = f->cprev;
    f->cprev = f->cnext = NULL;
}

static void memuse_add(struct iot_flow_table *t, uint64_t n)
{
    t->stats.memuse += n;
    if (t->stats.memuse > t->stats.memuse_peak)
        t->stats.memuse_peak = t->stats.memuse;
}

/* ---- ending flows -------------------------------------------------------------------------- */

/* Unlinks f everywhere first, so callbacks that re-enter the table (iot_flow_charge evicting
 * others) never see it, then reports it and frees it. */
static void flow_end(struct iot_flow_table *t, struct iot_flow *f, enum iot_flow_end_reason why)
{
    hash_unlink(t, f);
    lru_unlink(t, f);
    creation_unlink(t, f);
    t->stats.active--;
    if (why == IOT_FLOW_END_TIMEOUT)
        t->stats.ended_timeout++;
    else if (why == IOT_FLOW_END_EVICTED)
        t->stats.ended_evicted++;
    else if (why == IOT_FLOW_END_TCP_REUSE)
        t->stats.ended_tcp_reuse++;
    else
        t->stats.ended_shutdown++;
    if (t->cb.flow_end != NULL)
        t->cb.flow_end(t->cb.user, f, why);
    if (t->cb.app_free != NULL)
        t->cb.app_free(t->cb.user, f);
    iot_stream_free(t, &f->stream[0]);
    iot_stream_free(t, &f->stream[1]);
    IOT_DEBUG_VALIDATE(t->stats.memuse >= f->mem);
    t->stats.memuse -= f->mem;
    iot_free(f);
}

/* a was used less recently than b; ties go to the older flow so the order never depends on
 * anything but the packets. */
static bool flow_older(const struct iot_flow *a, const struct iot_flow *b)
{
    int c = iot_ts_cmp(a->last, b->last);
    return c < 0 || (c == 0 && a->id < b->id);
}

/* The least recently used flow of the table, other than excl. */
static struct iot_flow *lru_oldest(const struct iot_flow_table *t, const struct iot_flow *excl)
{
    struct iot_flow *best = NULL;
    for (int c = 0; c < IOT_TC_COUNT; c++) {
        struct iot_flow *f = t->lru[c].head;
        if (f != NULL && f == excl)
            f = f->lru_next;
        if (f != NULL && (best == NULL || flow_older(f, best)))
            best = f;
    }
    return best;
}

/* The class head whose deadline passed first (ties by id), or NULL when none has expired. */
static struct iot_flow *expired_head(const struct iot_flow_table *t, struct iot_ts now)
{
    struct iot_flow *best = NULL;
    struct iot_ts best_d = {0, 0};
    for (int c = 0; c < IOT_TC_COUNT; c++) {
        struct iot_flow *f = t->lru[c].head;
        struct iot_ts d;
        if (f == NULL || !flow_deadline(t, f, &d) || iot_ts_cmp(now, d) < 0)
            continue;
        int cmp = best == NULL ? -1 : iot_ts_cmp(d, best_d);
        if (cmp < 0 || (cmp == 0 && f->id < best->id)) {
            best = f;
            best_d = d;
        }
    }
    return best;
}

void iot_flow_table_expire(struct iot_flow_table *t, struct iot_ts now)
{
    struct iot_flow *f;
    while ((f = expired_head(t, now)) != NULL)
        flow_end(t, f, IOT_FLOW_END_TIMEOUT);
    t->last_sweep = now;
    t->swept = true;
}

void iot_flow_table_flush(struct iot_flow_table *t)
{
    /* Always the current head: a callback that evicts other flows cannot leave us a stale one. */
    while (t->chead != NULL)
        flow_end(t, t->chead, IOT_FLOW_END_SHUTDOWN);
}

void iot_flow_charge(struct iot_flow_table *t, struct iot_flow *f, int64_t delta)
{
    if (delta < 0) {
        uint64_t credit = (uint64_t)(-(delta + 1)) + 1; /* no overflow at INT64_MIN */
        uint64_t charged = f->mem - sizeof(struct iot_flow);
        /* Crediting more than was charged is a caller bug; clamping keeps memuse exact. */
        IOT_DEBUG_VALIDATE(credit <= charged);
        credit = IOT_MIN(credit, charged);
        f->mem -= credit;
        t->stats.memuse -= credit;
        return;
    }
    uint64_t add = (uint64_t)delta;
    /* Room first, so memuse never passes the cap; never f itself, which the caller holds. */
    while (t->stats.memuse + add > t->cfg.memcap) {
        struct iot_flow *victim = lru_oldest(t, f);
        if (victim == NULL)
            break;
        flow_end(t, victim, IOT_FLOW_END_EVICTED);
    }
    if (t->stats.memuse + add > t->cfg.memcap)
        t->stats.memcap_overshoot++;
    f->mem += add;
    memuse_add(t, add);
}

/* ---- table --------------------------------------------------------------------------------- */

struct iot_flow_table *iot_flow_table_new(const struct iot_flow_config *cfg,
                                          const struct iot_flow_callbacks *cb,
                                          const uint8_t *seed_key)
{
    if (sodium_init() < 0)
        return NULL;
    struct iot_flow_table *t = iot_calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    if (cfg != NULL)
        t->cfg = *cfg;
    else
        iot_flow_config_default(&t->cfg);
    if (cb != NULL)
        t->cb = *cb;
    uint32_t n = 1;
    while (n < t->cfg.hash_size && n < FLOW_HASH_MAX)
        n <<= 1;
    t->buckets = iot_calloc(n, sizeof(*t->buckets));
    if (t->buckets == NULL) {
        iot_free(t);
        return NULL;
    }
    t->mask = n - 1;
    t->cfg.hash_size = n;
    if (seed_key != NULL)
        memcpy(t->key, seed_key, sizeof(t->key));
    else
        randombytes_buf(t->key, sizeof(t->key));
    t->timeout[IOT_TC_NEW] = t->cfg.timeout_new;
    t->timeout[IOT_TC_TCP_EST] = t->cfg.timeout_established;
    t->timeout[IOT_TC_TCP_CLOSED] = t->cfg.timeout_closed;
    t->timeout[IOT_TC_UDP] = t->cfg.timeout_udp;
    t->timeout[IOT_TC_OTHER] = t->cfg.timeout_icmp;
    t->next_id = 1;
    return t;
}

void iot_flow_table_free(struct iot_flow_table *t)
{
    if (t == NULL)
        return;
    iot_flow_table_flush(t);
    IOT_DEBUG_VALIDATE(t->stats.memuse == 0 && t->stats.stream_memuse == 0);
    sodium_memzero(t->key, sizeof(t->key));
    iot_free(t->buckets);
    iot_free(t);
}

/* ---- keys ---------------------------------------------------------------------------------- */

/* False for packets that make no flow. An unreassembled fragment has no trustworthy ports, and
 * an invalid packet has its upper layers unset, so either would key a bogus flow. */
static bool packet_tuple(const struct iot_packet *p, struct flow_tuple *k)
{
    if ((p->flags & (IOT_PKT_INVALID | IOT_PKT_FRAGMENT)) != 0 ||
        (p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6)) == 0)
        return false;
    memset(k, 0, sizeof(*k));
    k->src = &p->src;
    k->dst = &p->dst;
    k->proto = p->ip_proto;
    k->ip_ver = (p->flags & IOT_PKT_HAS_IPV4) ? 4 : 6;
    /* ICMP is keyed on addresses only, so an echo request and its reply share a flow. */
    if (p->flags & (IOT_PKT_HAS_TCP | IOT_PKT_HAS_UDP)) {
        k->sp = p->sp;
        k->dp = p->dp;
    }
    k->vlan_count = IOT_MIN(p->vlan_count, IOT_MAX_VLAN);
    memcpy(k->vlan_id, p->vlan_id, k->vlan_count * sizeof(k->vlan_id[0]));
    return true;
}

static void put16(uint8_t *b, uint16_t v)
{
    b[0] = (uint8_t)(v >> 8);
    b[1] = (uint8_t)v;
}

/* Keyed with a per-run secret so nobody can pick tuples that pile into one bucket (hash
 * flooding turns every lookup into a long chain walk). Both directions are written in one
 * canonical order so they hash alike. */
static uint32_t tuple_hash(const struct iot_flow_table *t, const struct flow_tuple *k)
{
    uint8_t buf[2 * sizeof(struct iot_addr) + 2 * 2 + 3 + 2 * IOT_MAX_VLAN];
    const struct iot_addr *a = k->src, *b = k->dst;
    uint16_t pa = k->sp, pb = k->dp;
    int c = memcmp(a->b, b->b, sizeof(a->b));

    if (c > 0 || (c == 0 && pa > pb)) {
        a = k->dst;
        b = k->src;
        pa = k->dp;
        pb = k->sp;
    }
    memcpy(buf, a->b, 16);
    memcpy(buf + 16, b->b, 16);
    put16(buf + 32, pa);
    put16(buf + 34, pb);
    buf[36] = k->proto;
    buf[37] = k->ip_ver;
    buf[38] = k->vlan_count;
    for (int i = 0; i < IOT_MAX_VLAN; i++)
        put16(buf + 39 + 2 * i, k->vlan_id[i]);

    uint8_t out[crypto_shorthash_BYTES];
    crypto_shorthash(out, buf, sizeof(buf), t->key);
    uint32_t h;
    memcpy(&h, out, sizeof(h));
    return h;
}

static bool addr_eq(const struct iot_addr *a, const struct iot_addr *b)
{
    return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

/* 0: not this flow; 1: same orientation as the flow; 2: reversed. */
static int flow_match(const struct iot_flow *f, const struct flow_tuple *k)
{
    if (f->proto != k->proto || f->ip_ver != k->ip_ver || f->vlan_count != k->vlan_count ||
        memcmp(f->vlan_id, k->vlan_id, sizeof(f->vlan_id)) != 0)
        return 0;
    if (f->sp == k->sp && f->dp == k->dp && addr_eq(&f->src, k->src) && addr_eq(&f->dst, k->dst))
        return 1;
    if (f->sp == k->dp && f->dp == k->sp && addr_eq(&f->src, k->dst) && addr_eq(&f->dst, k->src))
        return 2;
    return 0;
}

static struct iot_flow *flow_lookup(const struct iot_flow_table *t, const struct flow_tuple *k,
                                    uint32_t h, enum iot_flow_dir *dir)
{
    for (struct iot_flow *f = t->buckets[h & t->mask]; f != NULL; f = f->hnext) {
        int m = f->hash == h ? flow_match(f, k) : 0;
        if (m != 0) {
            *dir = m == 1 ? IOT_DIR_TOSERVER : IOT_DIR_TOCLIENT;
            return f;
        }
    }
    return NULL;
}

/* ---- creation ------------------------------------------------------------------------------ */

/* Makes room for one more flow: timeouts first, then the least recently used flows. */
static bool flow_make_room(struct iot_flow_table *t, struct iot_ts now)
{
    const uint64_t need = sizeof(struct iot_flow);

    if (t->stats.memuse + need <= t->cfg.memcap)
        return true;
    iot_flow_table_expire(t, now);
    for (int i = 0; i < FLOW_EVICT_TRIES && t->stats.memuse + need > t->cfg.memcap; i++) {
        struct iot_flow *victim = lru_oldest(t, NULL);
        if (victim == NULL)
            break;
        flow_end(t, victim, IOT_FLOW_END_EVICTED);
    }
    return t->stats.memuse + need <= t->cfg.memcap;
}

static void flow_set_identity(struct iot_flow *f, const struct flow_tuple *k,
                              const struct iot_packet *p, bool rev)
{
    f->src = rev ? *k->dst : *k->src;
    f->dst = rev ? *k->src : *k->dst;
    f->sp = rev ? k->dp : k->sp;
    f->dp = rev ? k->sp : k->dp;
    memcpy(f->src_mac, rev ? p->dst_mac : p->src_mac, sizeof(f->src_mac));
    memcpy(f->dst_mac, rev ? p->src_mac : p->dst_mac, sizeof(f->dst_mac));
    f->proto = k->proto;
    f->ip_ver = k->ip_ver;
    if (p->flags & (IOT_PKT_HAS_ICMPV4 | IOT_PKT_HAS_ICMPV6)) {
        f->icmp_type = p->icmp_type;
        f->icmp_code = p->icmp_code;
    }
    f->vlan_count = k->vlan_count;
    memcpy(f->vlan_id, k->vlan_id, sizeof(f->vlan_id));
}

static struct iot_flow *flow_create(struct iot_flow_table *t, const struct flow_tuple *k,
                                    uint32_t h, const struct iot_packet *p, enum iot_flow_dir *dir)
{
    if (!flow_make_room(t, p->ts)) {
        t->stats.memcap_refused++;
        return NULL;
    }
    struct iot_flow *f = iot_calloc(1, sizeof(*f));
    if (f == NULL) {
        t->stats.alloc_failed++;
        return NULL;
    }
    /* A SYN-ACK seen first means we missed the SYN: its receiver opened the connection. */
    bool rev =
        (p->flags & IOT_PKT_HAS_TCP) && (p->tcp_flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK);
    flow_set_identity(f, k, p, rev);
    *dir = rev ? IOT_DIR_TOCLIENT : IOT_DIR_TOSERVER;
    f->id = t->next_id++;
    f->hash = h;
    f->start = f->last = p->ts;
    f->hnext = t->buckets[h & t->mask];
    t->buckets[h & t->mask] = f;
    f->cprev = t->ctail;
    if (t->ctail != NULL)
        t->ctail->cnext = f;
    else
        t->chead = f;
    t->ctail = f;
    lru_append(t, f, IOT_TC_NEW);
    f->mem = sizeof(*f);
    memuse_add(t, f->mem);
    t->stats.created++;
    if (++t->stats.active > t->stats.active_peak)
        t->stats.active_peak = t->stats.active;
    return f;
}

/* ---- per packet ---------------------------------------------------------------------------- */

/* FIN bookkeeping: both FINs make the flow closed; both FINs acknowledged make TCP closed. */
static void tcp_fin(struct iot_flow *f, enum iot_flow_dir dir, const struct iot_packet *p)
{
    unsigned other = dir == IOT_DIR_TOSERVER ? IOT_DIR_TOCLIENT : IOT_DIR_TOSERVER;

    if ((p->tcp_flags & TH_FIN) && !(f->tcp_bits & TB_FIN(dir))) {
        f->tcp_bits |= TB_FIN(dir);
        f->fin_seq[dir] = p->tcp_seq + IOT_MAX(p->payload_len, p->payload_wire_len) +
                          ((p->tcp_flags & TH_SYN) ? 1 : 0);
        f->tcp_state = (f->tcp_bits & TB_FIN(other)) ? IOT_TCP_CLOSING : IOT_TCP_FIN_WAIT;
    }
    if ((p->tcp_flags & TH_ACK) && (f->tcp_bits & TB_FIN(other)) &&
        (int32_t)(p->tcp_ack - (f->fin_seq[other] + 1)) >= 0)
        f->tcp_bits |= TB_FINACK(other);
    if ((f->tcp_bits & (TB_FINACK(0) | TB_FINACK(1))) == (TB_FINACK(0) | TB_FINACK(1)))
        f->tcp_state = IOT_TCP_CLOSED;
    if (f->tcp_state >= IOT_TCP_CLOSING)
        f->state = IOT_FLOW_STATE_CLOSED;
}

/* What a passive observer can follow of RFC 793. A RST is taken at face value: sequence
 * validation would need window tracking, and at worst a forged RST ends our tracking early. */
static void tcp_update(struct iot_flow *f, enum iot_flow_dir dir, const struct iot_packet *p)
{
    uint8_t fl = p->tcp_flags & (TH_SYN | TH_ACK);

    if (p->payload_len > 0)
        f->tcp_bits |= TB_DATA(dir);
    if (p->tcp_flags & TH_RST) {
        f->tcp_state = IOT_TCP_CLOSED;
        f->state = IOT_FLOW_STATE_CLOSED;
        return;
    }
    if (f->tcp_state == IOT_TCP_CLOSED)
        return;
    if (fl == TH_SYN && f->tcp_state == IOT_TCP_NONE)
        f->tcp_state = IOT_TCP_SYN_SENT;
    else if (fl == (TH_SYN | TH_ACK) && dir == IOT_DIR_TOCLIENT && f->tcp_state <= IOT_TCP_SYN_SENT)
        f->tcp_state = IOT_TCP_SYN_RECV;
    else if (fl == TH_ACK && dir == IOT_DIR_TOSERVER && f->tcp_state == IOT_TCP_SYN_RECV)
        f->tcp_state = IOT_TCP_ESTABLISHED;
    /* Midstream pickup: data both ways proves a connection we did not see open. */
    if (f->tcp_state < IOT_TCP_ESTABLISHED &&
        (f->tcp_bits & (TB_DATA(0) | TB_DATA(1))) == (TB_DATA(0) | TB_DATA(1)))
        f->tcp_state = IOT_TCP_ESTABLISHED;
    if (f->tcp_state == IOT_TCP_ESTABLISHED && f->state == IOT_FLOW_STATE_NEW)
        f->state = IOT_FLOW_STATE_ESTABLISHED;
    tcp_fin(f, dir, p);
}

static uint8_t flow_tclass(const struct iot_flow *f)
{
    if (f->state == IOT_FLOW_STATE_CLOSED)
        return IOT_TC_TCP_CLOSED;
    if (f->state == IOT_FLOW_STATE_NEW)
        return IOT_TC_NEW;
    if (f->proto == PROTO_TCP)
        return IOT_TC_TCP_EST;
    return f->proto == PROTO_UDP ? IOT_TC_UDP : IOT_TC_OTHER;
}

static void flow_update(struct iot_flow_table *t, struct iot_flow *f, enum iot_flow_dir dir,
                        const struct iot_packet *p)
{
    if (f->pkts[dir] == 0)
        f->first_ts[dir] = p->ts;
    f->pkts[dir]++;
    f->bytes[dir] += p->wirelen;
    f->last_ts[dir] = p->ts;
    /* Never backwards: the LRU lists stay ordered even when capture timestamps jitter. */
    if (iot_ts_cmp(p->ts, f->last) > 0)
        f->last = p->ts;
    if (p->flags & IOT_PKT_HAS_TCP) {
        f->tcp_flags[dir] |= p->tcp_flags;
        tcp_update(f, dir, p);
        iot_stream_packet(t, f, dir, p);
    } else if (f->state == IOT_FLOW_STATE_NEW && f->pkts[0] > 0 && f->pkts[1] > 0) {
        f->state = IOT_FLOW_STATE_ESTABLISHED;
    }
    /* Most recently used goes to the tail of its (maybe new) class: O(1). */
    lru_unlink(t, f);
    lru_append(t, f, flow_tclass(f));
}

/* The sweep looks at every class head; once per second of packet time is plenty. */
static void maybe_sweep(struct iot_flow_table *t, struct iot_ts now)
{
    struct iot_ts next;
    if (t->swept && (!ts_add_sec(t->last_sweep, 1, &next) || iot_ts_cmp(now, next) < 0))
        return;
    iot_flow_table_expire(t, now);
}

/* A bare SYN on a closed connection opens a new one on the same ports (clients reuse source
 * ports; brute-force tools cycle through them fast): the old flow must end, or the new
 * connection's bytes land in the old stream as gaps and overlaps. */
static bool tcp_port_reuse(const struct iot_flow *f, const struct iot_packet *p)
{
    return (p->flags & IOT_PKT_HAS_TCP) && (p->tcp_flags & (TH_SYN | TH_ACK)) == TH_SYN &&
           f->state == IOT_FLOW_STATE_CLOSED;
}

struct iot_flow *iot_flow_handle_packet(struct iot_flow_table *t, const struct iot_packet *p,
                                        enum iot_flow_dir *dir)
{
    struct flow_tuple k;
    enum iot_flow_dir d = IOT_DIR_TOSERVER;

    if (!packet_tuple(p, &k)) {
        t->stats.no_flow++;
        return NULL;
    }
    maybe_sweep(t, p->ts);
    uint32_t h = tuple_hash(t, &k);
    struct iot_flow *f = flow_lookup(t, &k, h, &d);
    if (f != NULL && flow_expired(t, f, p->ts)) {
        /* Idle past its timeout: this packet starts a new flow. A full sweep (rather than
         * ending just f) keeps the end order what an on-time sweep would have produced; f may
         * survive it only when capture time ran backwards and left it behind a younger class
         * head, so look it up again and end it directly then. */
        iot_flow_table_expire(t, p->ts);
        f = flow_lookup(t, &k, h, &d);
        if (f != NULL)
            flow_end(t, f, IOT_FLOW_END_TIMEOUT);
        f = NULL;
    }
    if (f != NULL && tcp_port_reuse(f, p)) {
        flow_end(t, f, IOT_FLOW_END_TCP_REUSE);
        f = NULL;
    }
    if (f == NULL) {
        f = flow_create(t, &k, h, p, &d);
        if (f == NULL)
            return NULL;
    }
    flow_update(t, f, d, p);
    if (dir != NULL)
        *dir = d;
    return f;
}
