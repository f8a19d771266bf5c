/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Device table, observations and rule-based classification with evidence. */
#include "iotsec-common.h"
#include "inventory/inventory.h"

#include <sodium.h>

#include "util/util-mem.h"
#include "util/util-misc.h"

#define INV_MAX_CANDIDATES 16


/* The rules whose conditions name one field: what a new observation of that field can change. */
struct field_rules {
    const char *field; /* points into the rule set */
    uint16_t *rules;
    size_t n, cap;
};

struct iot_inventory {
    struct iot_inventory_config cfg;
    struct field_rules *fidx;
    size_t nfidx;
    size_t dev_size; /* iot_inventory_device_size(rules) */
    const struct iot_oui_db *oui;
    const struct iot_ruleset *rules;
    const struct iot_fwmin_db *fw; /* NULL: no firmware check */
    struct iot_inventory_callbacks cb;
    uint8_t key[crypto_shorthash_KEYBYTES];
    struct iot_device **buckets;
    uint32_t mask;
    struct iot_device *lru_head, *lru_tail; /* least recently seen first */
    struct iot_device **order;              /* discovery order, for deterministic walks */
    size_t norder, order_cap;
    uint64_t next_id;
    struct iot_inventory_stats stats;
};

static bool index_rules(struct iot_inventory *inv);

void iot_inventory_config_default(struct iot_inventory_config *cfg)
{
    cfg->memcap = 64u << 20;
    cfg->hash_size = 4096;
    cfg->router_hosts = 2;
}

static uint32_t pow2_at_least(uint32_t n)
{
    uint32_t v = 1;
    while (v < n && v < (1u << 24))
        v <<= 1;
    return v;
}

struct iot_inventory *iot_inventory_new(const struct iot_inventory_config *cfg,
                                        const struct iot_oui_db *oui,
                                        const struct iot_ruleset *rules,
                                        const struct iot_inventory_callbacks *cb,
                                        const uint8_t *seed_key)
{
    if (sodium_init() < 0)
        return NULL;
    struct iot_inventory *inv = iot_calloc(1, sizeof(*inv));
    if (inv == NULL)
        return NULL;
    inv->cfg = *cfg;
    inv->oui = oui;
    inv->rules = rules;
    if (cb != NULL)
        inv->cb = *cb;
    uint32_t nb = pow2_at_least(cfg->hash_size ? cfg->hash_size : 4096);
    inv->buckets = iot_calloc(nb, sizeof(*inv->buckets));
    if (inv->buckets == NULL) {
        iot_free(inv);
        return NULL;
    }
    inv->mask = nb - 1;
    /* Keyed hashing: MACs and IPs are attacker-chosen, so an unkeyed hash would let one host
     * pile every spoofed address into one chain. */
    if (seed_key != NULL)
        memcpy(inv->key, seed_key, sizeof(inv->key));
    else
        randombytes_buf(inv->key, sizeof(inv->key));
    inv->next_id = 1;
    inv->dev_size = iot_inventory_device_size(rules);
    if (!index_rules(inv)) {
        iot_inventory_free(inv);
        return NULL;
    }
    return inv;
}

void iot_inventory_set_firmware_db(struct iot_inventory *inv, const struct iot_fwmin_db *db)
{
    inv->fw = db;
}

static void device_free(struct iot_device *d)
{
    for (unsigned i = 0; i < d->nobs; i++)
        iot_free(d->obs[i].value);
    iot_free(d->rule_obs);
    iot_free(d);
}

size_t iot_inventory_device_size(const struct iot_ruleset *rules)
{
    size_t n = rules != NULL ? rules->n : 0;
    return sizeof(struct iot_device) + n * sizeof(uint16_t);
}

/* Builds the field -> rules index once per inventory. */
static bool index_rules(struct iot_inventory *inv)
{
    const struct iot_ruleset *rs = inv->rules;
    size_t ncond = 0;
    for (size_t r = 0; rs != NULL && r < rs->n; r++)
        ncond += rs->rules[r].nconds;
    if (ncond == 0)
        return true;
    inv->fidx = iot_calloc(ncond, sizeof(*inv->fidx));
    if (inv->fidx == NULL)
        return false;
    for (size_t r = 0; r < rs->n && r < IOT_INV_NO_MATCH; r++) {
        for (unsigned c = 0; c < rs->rules[r].nconds; c++) {
            const char *field = rs->rules[r].conds[c].field;
            size_t i = 0;
            while (i < inv->nfidx && strcmp(inv->fidx[i].field, field) != 0)
                i++;
            struct field_rules *fr = &inv->fidx[i];
            if (i == inv->nfidx) {
                fr->field = field;
                inv->nfidx++;
            }
            if (fr->n > 0 && fr->rules[fr->n - 1] == r)
                continue; /* two conditions on one field */
            if (fr->n == fr->cap) {
                size_t ncap = fr->cap ? fr->cap * 2 : 8;
                uint16_t *nr = iot_realloc(fr->rules, ncap * sizeof(*nr));
                if (nr == NULL)
                    return false;
                fr->rules = nr;
                fr->cap = ncap;
            }
            fr->rules[fr->n++] = (uint16_t)r;
        }
    }
    return true;
}

void iot_inventory_free(struct iot_inventory *inv)
{
    if (inv == NULL)
        return;
    for (size_t i = 0; i < inv->nfidx; i++)
        iot_free(inv->fidx[i].rules);
    iot_free(inv->fidx);
    for (size_t i = 0; i < inv->norder; i++)
        device_free(inv->order[i]);
    iot_free(inv->order);
    iot_free(inv->buckets);
    iot_free(inv);
}

/* ---- keys and lookup ------------------------------------------------------------------------ */

struct dev_key {
    bool has_mac;
    uint8_t mac[6];
    struct iot_addr ip;
    uint8_t ver;
};

static uint32_t key_hash(const struct iot_inventory *inv, const struct dev_key *k)
{
    uint8_t buf[24] = {0};
    uint8_t out[crypto_shorthash_BYTES];
    size_t n;
    if (k->has_mac) {
        buf[0] = 1;
        memcpy(buf + 1, k->mac, 6);
        n = 7;
    } else {
        buf[0] = k->ver;
        memcpy(buf + 1, k->ip.b, 16);
        n = 17;
    }
    crypto_shorthash(out, buf, n, inv->key);
    uint32_t h;
    memcpy(&h, out, sizeof(h));
    return h;
}

static bool key_eq(const struct iot_device *d, const struct dev_key *k)
{
    if (d->has_mac != k->has_mac)
        return false;
    if (k->has_mac)
        return memcmp(d->mac, k->mac, 6) == 0;
    return d->key_ver == k->ver && memcmp(d->key_ip.b, k->ip.b, 16) == 0;
}

static struct iot_device *lookup(struct iot_inventory *inv, const struct dev_key *k, uint32_t h)
{
    for (struct iot_device *d = inv->buckets[h & inv->mask]; d != NULL; d = d->hnext)
        if (d->hash == h && key_eq(d, k))
            return d;
    return NULL;
}

struct iot_device *iot_inventory_find_mac(struct iot_inventory *inv, const uint8_t mac[6])
{
    struct dev_key k = {.has_mac = true};
    memcpy(k.mac, mac, 6);
    return lookup(inv, &k, key_hash(inv, &k));
}

/* ---- LRU and eviction ----------------------------------------------------------------------- */

static void lru_unlink(struct iot_inventory *inv, struct iot_device *d)
{
    if (d->lru_prev != NULL)
        d->lru_prev->lru_next = d->lru_next;
    else
        inv->lru_head = d->lru_next;
    if (d->lru_next != NULL)
        d->lru_next->lru_prev = d->lru_prev;
    else
        inv->lru_tail = d->lru_prev;
    d->lru_prev = d->lru_next = NULL;
}

static void lru_append(struct iot_inventory *inv, struct iot_device *d)
{
    d->lru_prev = inv->lru_tail;
    d->lru_next = NULL;
    if (inv->lru_tail != NULL)
        inv->lru_tail->lru_next = d;
    else
        inv->lru_head = d;
    inv->lru_tail = d;
}

static void hash_unlink(struct iot_inventory *inv, struct iot_device *d)
{
    struct iot_device **pp = &inv->buckets[d->hash & inv->mask];
    while (*pp != NULL && *pp != d)
        pp = &(*pp)->hnext;
    if (*pp != NULL)
        *pp = d->hnext;
}

static void order_remove(struct iot_inventory *inv, struct iot_device *d)
{
    /* Devices are few (thousands) and eviction rare, so a linear removal is fine. */
    for (size_t i = 0; i < inv->norder; i++) {
        if (inv->order[i] == d) {
            memmove(&inv->order[i], &inv->order[i + 1],
                    (inv->norder - i - 1) * sizeof(inv->order[0]));
            inv->norder--;
            return;
        }
    }
}

/* The least recently seen device makes room; it is forgotten, and counted. */
static void evict_one(struct iot_inventory *inv)
{
    struct iot_device *d = inv->lru_head;
    if (d == NULL)
        return;
    lru_unlink(inv, d);
    hash_unlink(inv, d);
    order_remove(inv, d);
    inv->stats.memuse -= d->mem;
    inv->stats.devices--;
    inv->stats.evicted++;
    device_free(d);
}

static bool order_push(struct iot_inventory *inv, struct iot_device *d)
{
    if (inv->norder == inv->order_cap) {
        size_t ncap = inv->order_cap ? inv->order_cap * 2 : 256;
        struct iot_device **no = iot_realloc(inv->order, ncap * sizeof(*no));
        if (no == NULL)
            return false;
        inv->order = no;
        inv->order_cap = ncap;
    }
    inv->order[inv->norder++] = d;
    return true;
}

/* ---- observations and classification -------------------------------------------------------- */

struct candidate {
    char value[IOT_RULE_VALUE_MAX];
    double not_prob; /* prod(1 - w) */
    struct iot_inv_evidence ev[IOT_INV_MAX_EVIDENCE];
    unsigned nev;
};

/* Index of the first observation satisfying cond, or -1. */
static int cond_match(const struct iot_device *d, const struct iot_rule_cond *c)
{
    for (unsigned i = 0; i < d->nobs; i++)
        if (strcmp(d->obs[i].field, c->field) == 0 && iot_rule_cond_match(c, d->obs[i].value))
            return (int)i;
    return -1;
}

static void vote(struct candidate *cands, unsigned *ncands, const char *value, double w,
                 uint16_t rule, uint16_t obs)
{
    if (value[0] == '\0')
        return;
    unsigned i;
    for (i = 0; i < *ncands; i++)
        if (strcmp(cands[i].value, value) == 0)
            break;
    if (i == *ncands) {
        if (*ncands == INV_MAX_CANDIDATES)
            return;
        iot_strlcpy(cands[i].value, value, sizeof(cands[i].value));
        cands[i].not_prob = 1.0;
        cands[i].nev = 0;
        (*ncands)++;
    }
    cands[i].not_prob *= 1.0 - w;
    if (cands[i].nev < IOT_INV_MAX_EVIDENCE) {
        cands[i].ev[cands[i].nev].rule = rule;
        cands[i].ev[cands[i].nev].obs = obs;
        cands[i].nev++;
    }
}

/* A rule that assigns the firmware follows the newest observation that satisfies its first
 * condition: a device's firmware changes over its life (an update, a reboot), what the device
 * is does not. Its other conditions held already and observations are never removed. */
static bool firmware_moves(const struct iot_device *d, const struct iot_rule *rule,
                           const char *field)
{
    bool sets_fw = false;
    for (unsigned s = 0; s < rule->nsets; s++)
        sets_fw = sets_fw || rule->sets[s].attr == IOT_ATTR_FIRMWARE;
    return sets_fw && strcmp(rule->conds[0].field, field) == 0 &&
           iot_rule_cond_match(&rule->conds[0], d->obs[d->nobs - 1].value);
}

/* Checks the rules that name field and are not yet satisfied (and moves firmware rules to a
 * newer version). Returns true when one became
 * satisfied (only then can a verdict change). */
static bool match_new_rules(struct iot_inventory *inv, struct iot_device *d, const char *field)
{
    const struct iot_ruleset *rs = inv->rules;
    const struct field_rules *fr = NULL;
    for (size_t i = 0; i < inv->nfidx && fr == NULL; i++)
        if (strcmp(inv->fidx[i].field, field) == 0)
            fr = &inv->fidx[i];
    bool any = false;
    for (size_t k = 0; fr != NULL && k < fr->n; k++) {
        uint16_t r = fr->rules[k];
        const struct iot_rule *rule = &rs->rules[r];
        if (d->rule_obs[r] != IOT_INV_NO_MATCH) {
            if (firmware_moves(d, rule, field)) {
                d->rule_obs[r] = (uint16_t)(d->nobs - 1);
                any = true;
            }
            continue;
        }
        int first = -1;
        bool ok = true;
        for (unsigned c = 0; c < rule->nconds && ok; c++) {
            int m = cond_match(d, &rule->conds[c]);
            ok = m >= 0;
            if (c == 0)
                first = m;
        }
        if (ok) {
            d->rule_obs[r] = (uint16_t)first;
            any = true;
        }
    }
    return any;
}

/* Raises the outdated-firmware finding when the device's firmware, vendor and model are all
 * known and the firmware is older than the minimum for that vendor and model. It is reported
 * once per version: a device updated to another outdated version is reported again, one updated
 * to a good version drops the finding quietly (its firmware change event says so), and a
 * verdict that wavers (a model lost and found again) does not repeat it. */
static void check_firmware(struct iot_inventory *inv, struct iot_device *d,
                           const struct iot_packet *p)
{
    const char *fw = d->attr[IOT_ATTR_FIRMWARE].value;
    const struct iot_fwmin_entry *en =
        fw[0] != '\0' ? iot_fwmin_check(inv->fw, d->attr[IOT_ATTR_VENDOR].value,
                                     d->attr[IOT_ATTR_MODEL].value, fw)
                      : NULL;
    d->fw.active = en != NULL;
    if (en == NULL)
        return;
    d->fw.entry = en;
    if (strcmp(d->fw.firmware, fw) == 0)
        return; /* this version was reported already */
    iot_strlcpy(d->fw.firmware, fw, sizeof(d->fw.firmware));
    d->fw.ts = p->ts;
    d->fw.pcap_cnt = p->num;
    if (inv->cb.event != NULL)
        inv->cb.event(inv->cb.user, d, IOT_INV_FINDING, IOT_ATTR_FIRMWARE, "", p->ts);
}

/* Rebuilds the verdicts from the satisfied rules. A rule votes once whatever how many
 * observations satisfy it, so repeating a fact does not inflate trust. */
static void classify(struct iot_inventory *inv, struct iot_device *d, const struct iot_packet *p,
                     const char *field)
{
    if (inv->rules == NULL || !match_new_rules(inv, d, field))
        return;
    struct candidate cands[IOT_ATTR_MAX][INV_MAX_CANDIDATES];
    unsigned ncands[IOT_ATTR_MAX] = {0};
    const struct iot_ruleset *rs = inv->rules;
    for (size_t r = 0; r < rs->n && r < IOT_INV_NO_MATCH; r++) {
        uint16_t first = d->rule_obs[r];
        if (first == IOT_INV_NO_MATCH)
            continue;
        const struct iot_rule *rule = &rs->rules[r];
        for (unsigned s = 0; s < rule->nsets; s++) {
            const struct iot_rule_set *st = &rule->sets[s];
            char v[IOT_RULE_VALUE_MAX];
            iot_rule_expand(st, &rule->conds[0], d->obs[first].value, v, sizeof(v));
            vote(cands[st->attr], &ncands[st->attr], v, rule->weight, (uint16_t)r, first);
        }
    }
    inv->stats.classifications++;
    bool changed = false;
    for (int a = 0; a < IOT_ATTR_MAX; a++) {
        int best = -1;
        for (unsigned i = 0; i < ncands[a]; i++)
            if (best < 0 || cands[a][i].not_prob < cands[a][best].not_prob)
                best = (int)i; /* strict: ties keep the earlier rule's value */
        struct iot_inv_verdict *v = &d->attr[a];
        char old[IOT_RULE_VALUE_MAX];
        iot_strlcpy(old, v->value, sizeof(old));
        if (best < 0) {
            memset(v, 0, sizeof(*v));
        } else {
            iot_strlcpy(v->value, cands[a][best].value, sizeof(v->value));
            v->confidence = 1.0 - cands[a][best].not_prob;
            memcpy(v->ev, cands[a][best].ev, sizeof(v->ev));
            v->nev = cands[a][best].nev;
        }
        if (strcmp(old, v->value) != 0) {
            changed = true;
            if (inv->cb.event != NULL)
                inv->cb.event(inv->cb.user, d, IOT_INV_CHANGE, (enum iot_attr)a, old, p->ts);
        }
    }
    if (changed && inv->fw != NULL)
        check_firmware(inv, d, p);
}

/* Memory for one observation value of n bytes, within the cap, or NULL. It never evicts: a
 * caller may hold other devices (a flow's client and server). Room is made when devices are
 * created (IOT_INV_OBS_HEADROOM). */
static char *obs_alloc(struct iot_inventory *inv, struct iot_device *d, size_t n)
{
    if (inv->stats.memuse + n + 1 > inv->cfg.memcap)
        return NULL;
    char *v = iot_malloc(n + 1);
    if (v != NULL) {
        d->mem += n + 1;
        inv->stats.memuse += n + 1;
    }
    return v;
}

/* value[0..n) (no NUL in it) equals the NUL-terminated s. */
static bool value_eq(const char *s, const char *value, size_t n)
{
    return strncmp(s, value, n) == 0 && s[n] == '\0';
}

void iot_inventory_observe(struct iot_inventory *inv, struct iot_device *d, const char *field,
                           const char *value, size_t len, const struct iot_packet *p)
{
    bool trunc = len >= IOT_INV_VALUE_MAX;
    size_t n = trunc ? IOT_INV_VALUE_MAX - 1 : len;
    /* Packet bytes may hold a NUL: the value is what precedes it, as everywhere a C string. */
    const char *nul = memchr(value, '\0', n);
    if (nul != NULL)
        n = (size_t)(nul - value);
    for (unsigned i = 0; i < d->nobs; i++) {
        struct iot_inv_obs *o = &d->obs[i];
        if (strcmp(o->field, field) == 0 && value_eq(o->value, value, n)) {
            o->count++;
            return;
        }
    }
    char *v = d->nobs < IOT_INV_MAX_OBS ? obs_alloc(inv, d, n) : NULL;
    if (v == NULL) {
        d->obs_dropped++;
        inv->stats.obs_dropped++;
        return;
    }
    memcpy(v, value, n);
    v[n] = '\0';
    struct iot_inv_obs *o = &d->obs[d->nobs++];
    iot_strlcpy(o->field, field, sizeof(o->field));
    o->value = v;
    o->truncated = trunc;
    o->first = p->ts;
    o->pcap_cnt = p->num;
    o->count = 1;
    inv->stats.observations++;
    classify(inv, d, p, field);
}

/* ---- packets -------------------------------------------------------------------------------- */

/* Addresses a device can own on the local network: RFC 1918, CGNAT, link-local, ULA. A public
 * source address behind a MAC is a host the router forwards for, not the router itself. */
static bool addr_local(const struct iot_addr *a, uint8_t ver)
{
    const uint8_t *b = a->b;
    if (ver == 4)
        return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) ||
               (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
               (b[0] == 100 && (b[1] & 0xC0) == 64);
    return (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80);
}

/* Link-local sources never cross a router. */
static bool addr_link_local(const struct iot_addr *a, uint8_t ver)
{
    const uint8_t *b = a->b;
    return ver == 4 ? (b[0] == 169 && b[1] == 254) : (b[0] == 0xFE && (b[1] & 0xC0) == 0x80);
}

static bool addr_unspecified(const struct iot_addr *a)
{
    static const struct iot_addr zero;
    return memcmp(a, &zero, sizeof(zero)) == 0;
}

/* Stacks start TTLs (hop limits) at one of these; a router decrements it, so a unicast packet
 * from a local address with any other TTL was forwarded (p0f and Zeek reason the same way).
 * Multicast senders pick their own small TTLs (SSDP 2 or 4, IGMP 1): only unicast counts. */
static bool ttl_routed(const struct iot_packet *p)
{
    if ((p->flags & IOT_PKT_HAS_ETH) && iot_mac_kind(p->dst_mac) == IOT_MAC_GROUP)
        return false;
    if (p->ip_ver == 4 && p->dst.b[0] >= 224)
        return false;
    if (p->ip_ver == 6 && p->dst.b[0] == 0xFF)
        return false;
    return p->ttl != 32 && p->ttl != 64 && p->ttl != 128 && p->ttl != 255;
}

static struct iot_inv_addr *find_addr(struct iot_device *d, const struct iot_addr *a, uint8_t ver)
{
    for (unsigned i = 0; i < d->naddrs; i++)
        if (d->addrs[i].ver == ver && memcmp(&d->addrs[i].addr, a, sizeof(*a)) == 0)
            return &d->addrs[i];
    return NULL;
}

static void note_addr(struct iot_device *d, const struct iot_addr *a, uint8_t ver, uint8_t via,
                      struct iot_ts ts)
{
    struct iot_inv_addr *x = find_addr(d, a, ver);
    if (x != NULL) {
        x->via |= via;
        if (iot_ts_cmp(ts, x->last) > 0)
            x->last = ts;
        return;
    }
    if (d->naddrs == IOT_INV_MAX_ADDRS) {
        d->addrs_truncated = true;
        return;
    }
    x = &d->addrs[d->naddrs++];
    x->addr = *a;
    x->ver = ver;
    x->via = via;
    x->first = x->last = ts;
}

void iot_inventory_note_addr(struct iot_inventory *inv, struct iot_device *d,
                             const struct iot_addr *a, uint8_t ver, uint8_t via, struct iot_ts ts)
{
    (void)inv;
    if (d != NULL && addr_local(a, ver) && !addr_unspecified(a))
        note_addr(d, a, ver, via, ts);
}

/* An address the router itself uses: claimed in ARP, leased, or sent from with a fresh TTL. */
static bool router_owns(struct iot_device *r, const struct iot_addr *a, uint8_t ver)
{
    const struct iot_inv_addr *x = find_addr(r, a, ver);
    return x != NULL && (x->via & (IOT_INV_VIA_IP | IOT_INV_VIA_ARP | IOT_INV_VIA_DHCP)) != 0;
}

/* Once a MAC is known to route, the hosts it forwarded for are no longer its addresses; their
 * next packets create their own devices (facts already attributed to the MAC stay there). */
static void become_router(struct iot_inventory *inv, struct iot_device *d, const struct iot_packet *p)
{
    unsigned k = 0;
    for (unsigned i = 0; i < d->naddrs; i++)
        if (d->addrs[i].via != IOT_INV_VIA_FWD)
            d->addrs[k++] = d->addrs[i];
    d->naddrs = k;
    d->router = true;
    inv->stats.routers++;
    iot_inventory_observe(inv, d, "net.forwards", p->ip_ver == 4 ? "ipv4" : "ipv6", 4, p);
}

static void note_source(struct iot_inventory *inv, struct iot_device *d, const struct iot_packet *p)
{
    if (!addr_local(&p->src, p->ip_ver) || addr_unspecified(&p->src))
        return;
    bool fwd = !addr_link_local(&p->src, p->ip_ver) && ttl_routed(p);
    note_addr(d, &p->src, p->ip_ver, fwd ? IOT_INV_VIA_FWD : IOT_INV_VIA_IP, p->ts);
    if (!fwd || d->router || inv->cfg.router_hosts == 0)
        return;
    unsigned hosts = 0;
    for (unsigned i = 0; i < d->naddrs; i++)
        hosts += d->addrs[i].via == IOT_INV_VIA_FWD;
    if (hosts >= inv->cfg.router_hosts)
        become_router(inv, d, p);
}

static void note_peer(struct iot_device *d, const struct iot_addr *a, uint8_t ver)
{
    for (unsigned i = 0; i < d->npeers; i++) {
        if (d->peers[i].ver == ver && memcmp(&d->peers[i].addr, a, sizeof(*a)) == 0) {
            d->peers[i].pkts++;
            return;
        }
    }
    if (d->npeers == IOT_INV_MAX_PEERS) {
        d->peers_dropped++;
        return;
    }
    d->peers[d->npeers].addr = *a;
    d->peers[d->npeers].ver = ver;
    d->peers[d->npeers].pkts = 1;
    d->npeers++;
}

static struct iot_device *device_new(struct iot_inventory *inv, const struct dev_key *k,
                                     uint32_t h, const struct iot_packet *p)
{
    while (inv->stats.memuse + inv->dev_size + IOT_INV_OBS_HEADROOM > inv->cfg.memcap &&
           inv->lru_head)
        evict_one(inv);
    if (inv->stats.memuse + inv->dev_size > inv->cfg.memcap) {
        inv->stats.memcap_refused++;
        return NULL;
    }
    size_t nrules = inv->rules != NULL ? inv->rules->n : 0;
    struct iot_device *d = iot_calloc(1, sizeof(*d));
    if (d != NULL && (d->rule_obs = iot_malloc((nrules ? nrules : 1) * sizeof(uint16_t))) == NULL) {
        iot_free(d);
        d = NULL;
    }
    if (d == NULL || !order_push(inv, d)) {
        if (d != NULL)
            device_free(d);
        inv->stats.memcap_refused++;
        return NULL;
    }
    memset(d->rule_obs, 0xFF, (nrules ? nrules : 1) * sizeof(uint16_t));
    d->id = inv->next_id++;
    d->has_mac = k->has_mac;
    memcpy(d->mac, k->mac, 6);
    d->key_ip = k->ip;
    d->key_ver = k->ver;
    d->hash = h;
    d->first_seen = d->last_seen = p->ts;
    d->hnext = inv->buckets[h & inv->mask];
    inv->buckets[h & inv->mask] = d;
    lru_append(inv, d);
    d->mem = inv->dev_size;
    inv->stats.memuse += d->mem;
    if (++inv->stats.devices > inv->stats.devices_peak)
        inv->stats.devices_peak = inv->stats.devices;
    if (!d->has_mac && (p->flags & IOT_PKT_HAS_ETH)) {
        d->behind_router = true;
        memcpy(d->router_mac, p->src_mac, 6);
    }
    if (inv->cb.event != NULL)
        inv->cb.event(inv->cb.user, d, IOT_INV_NEW, IOT_ATTR_KIND, "", p->ts);
    if (d->has_mac) {
        d->mac_kind = iot_mac_kind(d->mac);
        iot_inventory_observe(inv, d, "mac.kind",
                              d->mac_kind == IOT_MAC_LOCAL ? "local" : "universal",
                              d->mac_kind == IOT_MAC_LOCAL ? 5 : 9, p);
        d->oui_vendor = inv->oui != NULL ? iot_oui_lookup(inv->oui, d->mac, &d->oui_bits) : NULL;
        if (d->oui_vendor != NULL)
            iot_inventory_observe(inv, d, "oui.vendor", d->oui_vendor, strlen(d->oui_vendor), p);
    }
    return d;
}

static bool packet_key(const struct iot_packet *p, struct dev_key *k)
{
    memset(k, 0, sizeof(*k));
    if ((p->flags & IOT_PKT_HAS_ETH) && iot_mac_kind(p->src_mac) != IOT_MAC_GROUP) {
        static const uint8_t zero[6];
        if (memcmp(p->src_mac, zero, 6) == 0)
            return false;
        k->has_mac = true;
        memcpy(k->mac, p->src_mac, 6);
        return true;
    }
    /* No link layer (RAW, NULL links): the source address is all we have. */
    if ((p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6)) && !(p->flags & IOT_PKT_HAS_ETH) &&
        addr_local(&p->src, p->ip_ver)) {
        k->ip = p->src;
        k->ver = p->ip_ver;
        return true;
    }
    return false;
}

/* The key of a local host behind router r, when addr is one r forwards for. */
static bool behind_key(struct iot_device *r, const struct iot_packet *p, const struct iot_addr *addr,
                       struct dev_key *k)
{
    if (r == NULL || !r->router || !(p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6)) ||
        !addr_local(addr, p->ip_ver) || addr_link_local(addr, p->ip_ver) ||
        router_owns(r, addr, p->ip_ver))
        return false;
    memset(k, 0, sizeof(*k));
    k->ip = *addr;
    k->ver = p->ip_ver;
    return true;
}

struct iot_device *iot_inventory_find_ip(struct iot_inventory *inv, const struct iot_addr *ip,
                                         uint8_t ver)
{
    /* Devices keyed by IP first, then any MAC device that owns the address. Called per fact,
     * not per packet, so the walk over devices is acceptable. */
    struct dev_key k = {.has_mac = false, .ip = *ip, .ver = ver};
    struct iot_device *d = lookup(inv, &k, key_hash(inv, &k));
    if (d != NULL)
        return d;
    for (size_t i = 0; i < inv->norder; i++) {
        struct iot_device *x = inv->order[i];
        for (unsigned a = 0; a < x->naddrs; a++)
            if (x->addrs[a].ver == ver && memcmp(&x->addrs[a].addr, ip, sizeof(*ip)) == 0)
                return x;
    }
    return NULL;
}

struct iot_device *iot_inventory_receiver(struct iot_inventory *inv, const struct iot_packet *p)
{
    struct iot_device *r = NULL;
    if ((p->flags & IOT_PKT_HAS_ETH) && iot_mac_kind(p->dst_mac) != IOT_MAC_GROUP)
        r = iot_inventory_find_mac(inv, p->dst_mac);
    else if (!(p->flags & IOT_PKT_HAS_ETH) && (p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6))) {
        struct dev_key k = {.has_mac = false, .ip = p->dst, .ver = p->ip_ver};
        return lookup(inv, &k, key_hash(inv, &k));
    }
    struct dev_key k;
    if (behind_key(r, p, &p->dst, &k)) {
        struct iot_device *h = lookup(inv, &k, key_hash(inv, &k));
        if (h != NULL)
            return h;
    }
    return r;
}

/* The device that sent p: its MAC's, or, when that MAC routes, the local host it forwarded
 * for. Creates it on first sight. */
static struct iot_device *sender(struct iot_inventory *inv, const struct iot_packet *p)
{
    struct dev_key k;
    if (!packet_key(p, &k))
        return NULL;
    uint32_t h = key_hash(inv, &k);
    struct iot_device *d = lookup(inv, &k, h);
    if (d == NULL && (d = device_new(inv, &k, h, p)) == NULL)
        return NULL;
    if (!d->router || !ttl_routed(p) || !behind_key(d, p, &p->src, &k))
        return d;
    /* The router is in use: it must not be the device evicted to make room for its host. */
    lru_unlink(inv, d);
    lru_append(inv, d);
    h = key_hash(inv, &k);
    struct iot_device *host = lookup(inv, &k, h);
    if (host == NULL && (host = device_new(inv, &k, h, p)) == NULL)
        return d;
    return host;
}

struct iot_device *iot_inventory_packet(struct iot_inventory *inv, const struct iot_packet *p)
{
    struct iot_device *d = sender(inv, p);
    if (d == NULL)
        return NULL;
    if (iot_ts_cmp(p->ts, d->last_seen) > 0)
        d->last_seen = p->ts;
    lru_unlink(inv, d);
    lru_append(inv, d);
    d->pkts_sent++;
    d->bytes_sent += p->wirelen;
    if (p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6)) {
        note_source(inv, d, p);
        note_peer(d, &p->dst, p->ip_ver);
    } else if ((p->flags & IOT_PKT_HAS_ARP) && d->has_mac && memcmp(p->arp.sha, d->mac, 6) == 0) {
        /* ARP: the sender claims its address (a probe's sender is 0.0.0.0, which claims none). */
        struct iot_addr a = {0};
        memcpy(a.b, p->arp.spa, 4);
        iot_inventory_note_addr(inv, d, &a, 4, IOT_INV_VIA_ARP, p->ts);
    }
    struct iot_device *r = iot_inventory_receiver(inv, p);
    if (r != NULL && r != d) {
        r->pkts_recv++;
        r->bytes_recv += p->wirelen;
    }
    return d;
}

void iot_inventory_foreach(const struct iot_inventory *inv,
                           void (*fn)(void *arg, const struct iot_device *d), void *arg)
{
    for (size_t i = 0; i < inv->norder; i++)
        fn(arg, inv->order[i]);
}

const struct iot_inventory_stats *iot_inventory_stats(const struct iot_inventory *inv)
{
    return &inv->stats;
}

const struct iot_ruleset *iot_inventory_rules(const struct iot_inventory *inv)
{
    return inv->rules;
}

const struct iot_fwmin_db *iot_inventory_firmware_db(const struct iot_inventory *inv)
{
    return inv->fw;
}
