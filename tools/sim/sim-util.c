/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Simulator helpers: the seeded PRNG (so output never depends on the clock), address text, base64. */
#include "iotsec-common.h"

#include "sim.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void sim_rng_seed(struct sim *s, uint64_t seed)
{
    uint64_t x = seed;
    for (size_t i = 0; i < 4; i++)
        s->rng[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256**: fast, and its stream depends only on --seed. */
uint64_t sim_rand(struct sim *s)
{
    uint64_t *r = s->rng;
    uint64_t out = rotl(r[1] * 5, 7) * 9;
    uint64_t t = r[1] << 17;
    r[2] ^= r[0];
    r[3] ^= r[1];
    r[1] ^= r[2];
    r[0] ^= r[3];
    r[2] ^= t;
    r[3] = rotl(r[3], 45);
    return out;
}

uint32_t sim_range(struct sim *s, uint32_t n)
{
    if (n == 0)
        return 0;
    return (uint32_t)((sim_rand(s) >> 32) * n >> 32);
}

/* A period in microseconds with +-pct% jitter, so devices of one kind drift apart as real ones do. */
uint64_t sim_jitter_us(struct sim *s, uint32_t period_s, uint32_t pct)
{
    uint64_t base = (uint64_t)period_s * SIM_US;
    uint64_t span = base * pct / 100;
    if (span == 0)
        return base ? base : 1;
    return base - span + (sim_rand(s) % (2 * span + 1));
}

void sim_fill(struct sim *s, uint8_t *p, size_t n)
{
    while (n >= 8) {
        uint64_t v = sim_rand(s);
        memcpy(p, &v, 8);
        p += 8;
        n -= 8;
    }
    if (n) {
        uint64_t v = sim_rand(s);
        memcpy(p, &v, n);
    }
}

/* Parses a dotted quad from the simulator's own tables; a malformed one is a programming error. */
uint32_t sim_ip_parse(const char *dotted)
{
    uint32_t ip = 0;
    const char *p = dotted;
    for (int i = 0; i < 4; i++) {
        char *end = NULL;
        unsigned long v = strtoul(p, &end, 10);
        if (end == p || v > 255 || (i < 3 && *end != '.') || (i == 3 && *end != '\0')) {
            fprintf(stderr, "iotsec-sim: bad address in table: %s\n", dotted);
            abort();
        }
        ip = ip << 8 | (uint32_t)v;
        p = end + 1;
    }
    return ip;
}

void sim_ip_str(uint32_t ip, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255,
                     ip & 255);
    if (n < 0 || (size_t)n >= len)
        sim_fatal("address buffer");
}

void sim_mac_str(const uint8_t *mac, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                     mac[4], mac[5]);
    if (n < 0 || (size_t)n >= len)
        sim_fatal("MAC buffer");
}

size_t sim_base64(const char *in, char *out, size_t outlen)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(in), o = 0;
    if (outlen < (n + 2) / 3 * 4 + 1)
        return 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)(uint8_t)in[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)(uint8_t)in[i + 1] << 8;
        if (i + 2 < n)
            v |= (uint8_t)in[i + 2];
        out[o++] = tab[v >> 18];
        out[o++] = tab[(v >> 12) & 63];
        out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? tab[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

/* An internet host as the LAN sees it: frames come from and go to the router's MAC. */
void sim_remote(const struct sim *s, uint32_t ip, struct sim_host *h)
{
    memcpy(h->mac, s->router.mac, 6);
    h->ip = ip;
    h->ttl = (uint8_t)(40 + (ip % 17));
}

/* Ephemeral ports count up from a random start within the stack's range, as kernels do. */
uint16_t sim_eph(struct sim *s, struct sim_dev *d)
{
    uint16_t lo = d->p->eph_lo;
    IOT_UNUSED(s);
    if (d->eph < lo || d->eph >= 65500)
        d->eph = lo;
    return d->eph++;
}

int sim_find_kind(const struct sim *s, const char *kind, unsigned nth)
{
    for (size_t i = 0; i < s->ndev; i++)
        if (strcmp(s->dev[i].p->kind, kind) == 0 && nth-- == 0)
            return (int)i;
    return -1;
}

int sim_find_flag(const struct sim *s, unsigned flag, unsigned nth)
{
    for (size_t i = 0; i < s->ndev; i++)
        if ((s->dev[i].p->flags & flag) && nth-- == 0)
            return (int)i;
    return -1;
}

void sim_fatal(const char *what)
{
    fprintf(stderr, "iotsec-sim: internal error: %s\n", what);
    exit(1);
}
