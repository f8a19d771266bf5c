/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Frame builders: Ethernet, IPv4, UDP, TCP (with checksums), ARP, and whole TCP sessions. */
#include "iotsec-common.h"

#include "sim.h"

#define ETH_LEN 14u
#define IP_LEN 20u
#define ETH_MIN 60u /* frames on the wire are padded to 60 bytes before the FCS */

uint32_t sim_csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    return sum;
}

uint16_t sim_csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static size_t eth_header(uint8_t *p, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
    memcpy(p, dst, 6);
    memcpy(p + 6, src, 6);
    put16(p + 12, type);
    return ETH_LEN;
}

size_t sim_ipv4_header(uint8_t *p, uint16_t id, uint8_t ttl, uint8_t proto, uint32_t src,
                       uint32_t dst, size_t l4len)
{
    p[0] = 0x45;
    p[1] = 0;
    put16(p + 2, (uint16_t)(IP_LEN + l4len));
    put16(p + 4, id);
    put16(p + 6, 0x4000); /* DF, as Linux and Windows stacks set for TCP and most UDP */
    p[8] = ttl;
    p[9] = proto;
    put16(p + 10, 0);
    put32(p + 12, src);
    put32(p + 16, dst);
    put16(p + 10, sim_csum_fold(sim_csum_add(0, p, IP_LEN)));
    return IP_LEN;
}

/* The pseudo-header sum shared by the UDP and TCP checksums. */
static uint32_t pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
    uint8_t ph[12];
    put32(ph, src);
    put32(ph + 4, dst);
    ph[8] = 0;
    ph[9] = proto;
    put16(ph + 10, (uint16_t)len);
    return sim_csum_add(0, ph, sizeof(ph));
}

static void emit_padded(struct sim *s, uint64_t ts, int tag, uint8_t *f, size_t len)
{
    if (len < ETH_MIN) {
        memset(f + len, 0, ETH_MIN - len);
        len = ETH_MIN;
    }
    sim_emit(s, ts, tag, f, len);
}

static size_t l3_start(struct sim *s, uint8_t *f, const struct sim_host *src,
                       const struct sim_host *dst, uint8_t proto, size_t l4len)
{
    size_t o = eth_header(f, dst->mac, src->mac, 0x0800);
    s->ipid = (uint16_t)(s->ipid + 1 + sim_range(s, 3));
    return o + sim_ipv4_header(f + o, s->ipid, src->ttl, proto, src->ip, dst->ip, l4len);
}

void sim_udp(struct sim *s, uint64_t ts, int tag, const struct sim_host *src, uint16_t sport,
             const struct sim_host *dst, uint16_t dport, const uint8_t *pl, size_t n)
{
    uint8_t f[SIM_FRAME_MAX + ETH_MIN];
    if (n > SIM_FRAME_MAX - ETH_LEN - IP_LEN - 8)
        sim_fatal("UDP payload too long");
    size_t o = l3_start(s, f, src, dst, 17, 8 + n);
    uint8_t *u = f + o;
    put16(u, sport);
    put16(u + 2, dport);
    put16(u + 4, (uint16_t)(8 + n));
    put16(u + 6, 0);
    memcpy(u + 8, pl, n);
    uint16_t c = sim_csum_fold(sim_csum_add(pseudo_sum(src->ip, dst->ip, 17, 8 + n), u, 8 + n));
    put16(u + 6, c ? c : 0xffff);
    emit_padded(s, ts, tag, f, o + 8 + n);
}

void sim_tcp_seg(struct sim *s, uint64_t ts, int tag, const struct sim_host *src, uint16_t sport,
                 const struct sim_host *dst, uint16_t dport, uint32_t seq, uint32_t ack,
                 uint8_t flags, uint16_t win, const uint8_t *opt, size_t optlen,
                 const uint8_t *pl, size_t n)
{
    uint8_t f[SIM_FRAME_MAX + ETH_MIN];
    size_t hl = 20 + optlen;
    if (optlen % 4 != 0 || optlen > 40 || n > SIM_FRAME_MAX - ETH_LEN - IP_LEN - hl)
        sim_fatal("TCP segment too long");
    size_t o = l3_start(s, f, src, dst, 6, hl + n);
    uint8_t *t = f + o;
    put16(t, sport);
    put16(t + 2, dport);
    put32(t + 4, seq);
    put32(t + 8, (flags & SIM_TCP_ACK) ? ack : 0);
    t[12] = (uint8_t)(hl / 4 << 4);
    t[13] = flags;
    put16(t + 14, win);
    put16(t + 16, 0);
    put16(t + 18, 0);
    if (optlen)
        memcpy(t + 20, opt, optlen);
    if (n)
        memcpy(t + hl, pl, n);
    put16(t + 16, sim_csum_fold(sim_csum_add(pseudo_sum(src->ip, dst->ip, 6, hl + n), t, hl + n)));
    emit_padded(s, ts, tag, f, o + hl + n);
}

void sim_ip_raw(struct sim *s, uint64_t ts, int tag, const struct sim_host *src,
                const struct sim_host *dst, uint8_t proto, const uint8_t *pl, size_t n)
{
    uint8_t f[SIM_FRAME_MAX + ETH_MIN];
    if (n > SIM_FRAME_MAX - ETH_LEN - IP_LEN)
        sim_fatal("IP payload too long");
    size_t o = l3_start(s, f, src, dst, proto, n);
    memcpy(f + o, pl, n);
    emit_padded(s, ts, tag, f, o + n);
}

static void arp_frame(struct sim *s, uint64_t ts, int tag, uint16_t op, const uint8_t *eth_dst,
                      const struct sim_host *from, const uint8_t *tha, uint32_t tpa)
{
    uint8_t f[ETH_MIN];
    size_t o = eth_header(f, eth_dst, from->mac, 0x0806);
    static const uint8_t hdr[6] = {0, 1, 8, 0, 6, 4};
    memcpy(f + o, hdr, 6);
    put16(f + o + 6, op);
    memcpy(f + o + 8, from->mac, 6);
    put32(f + o + 14, from->ip);
    memcpy(f + o + 18, tha, 6);
    put32(f + o + 24, tpa);
    emit_padded(s, ts, tag, f, o + 28);
}

/* A who-has broadcast and, when answer is given, its unicast reply a little later. */
void sim_arp(struct sim *s, uint64_t ts, int tag, const struct sim_host *asker, uint32_t target,
             const struct sim_host *answer)
{
    static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static const uint8_t zero[6] = {0};
    arp_frame(s, ts, tag, 1, bcast, asker, zero, target);
    if (answer)
        arp_frame(s, ts + 200 + sim_range(s, 800), tag, 2, asker->mac, answer, asker->mac,
                  asker->ip);
}

static bool is_local(uint32_t ip)
{
    return (ip & 0xffffff00u) == SIM_LAN_NET;
}

void sim_tcp_begin(struct sim *s, struct sim_tcp *c, const struct sim_host *a, uint16_t aport,
                   const struct sim_host *b, uint16_t bport, uint64_t t, int tag)
{
    memset(c, 0, sizeof(*c));
    c->a = *a;
    c->b = *b;
    c->aport = aport;
    c->bport = bport;
    c->aseq = (uint32_t)sim_rand(s);
    c->bseq = (uint32_t)sim_rand(s);
    c->awin = 64240;
    c->bwin = is_local(b->ip) ? 29200 : 65535;
    c->t = t;
    c->rtt = is_local(b->ip) ? 300 + sim_range(s, 1500) : 12000 + sim_range(s, 70000);
    c->tag = tag;
}

/* MSS 1460, NOP, window scale, NOP NOP, SACK permitted: a common client SYN option block. */
static const uint8_t syn_opts[12] = {2, 4, 5, 0xb4, 1, 3, 3, 7, 1, 1, 4, 2};

void sim_tcp_open(struct sim *s, struct sim_tcp *c)
{
    sim_tcp_seg(s, c->t, c->tag, &c->a, c->aport, &c->b, c->bport, c->aseq, 0, SIM_TCP_SYN,
                c->awin, syn_opts, sizeof(syn_opts), NULL, 0);
    c->aseq++;
    c->t += c->rtt;
    sim_tcp_seg(s, c->t, c->tag, &c->b, c->bport, &c->a, c->aport, c->bseq, c->aseq,
                SIM_TCP_SYN | SIM_TCP_ACK, c->bwin, syn_opts, sizeof(syn_opts), NULL, 0);
    c->bseq++;
    c->t += 40 + sim_range(s, 60);
    sim_tcp_seg(s, c->t, c->tag, &c->a, c->aport, &c->b, c->bport, c->aseq, c->bseq, SIM_TCP_ACK,
                c->awin, NULL, 0, NULL, 0);
    c->t += 100 + sim_range(s, 400);
}

/* Sends n bytes in MSS-sized segments; the receiver acks every second segment and the last. */
void sim_tcp_send(struct sim *s, struct sim_tcp *c, bool from_b, const uint8_t *d, size_t n)
{
    const struct sim_host *src = from_b ? &c->b : &c->a, *dst = from_b ? &c->a : &c->b;
    uint16_t sport = from_b ? c->bport : c->aport, dport = from_b ? c->aport : c->bport;
    uint32_t *sseq = from_b ? &c->bseq : &c->aseq, *dseq = from_b ? &c->aseq : &c->bseq;
    uint16_t swin = from_b ? c->bwin : c->awin, dwin = from_b ? c->awin : c->bwin;
    /* The capture sits next to the client, so acks of its data come back a full RTT later. */
    uint32_t ackdelay = from_b ? 40 + sim_range(s, 200) : c->rtt;
    uint64_t t = c->t, tack = t;
    size_t off = 0, seg = 0;
    while (off < n) {
        size_t k = IOT_MIN(n - off, (size_t)SIM_MSS);
        uint8_t fl = SIM_TCP_ACK | (off + k == n ? SIM_TCP_PSH : 0);
        sim_tcp_seg(s, t, c->tag, src, sport, dst, dport, *sseq, *dseq, fl, swin, NULL, 0, d + off,
                    k);
        *sseq += (uint32_t)k;
        off += k;
        if (++seg % 2 == 0 || off == n) {
            tack = t + ackdelay;
            sim_tcp_seg(s, tack, c->tag, dst, dport, src, sport, *dseq, *sseq, SIM_TCP_ACK, dwin,
                        NULL, 0, NULL, 0);
        }
        t += 60 + sim_range(s, 120);
    }
    c->t = IOT_MAX(t, tack) + 200 + sim_range(s, 2000);
}

void sim_tcp_close(struct sim *s, struct sim_tcp *c)
{
    sim_tcp_seg(s, c->t, c->tag, &c->a, c->aport, &c->b, c->bport, c->aseq, c->bseq,
                SIM_TCP_FIN | SIM_TCP_ACK, c->awin, NULL, 0, NULL, 0);
    c->aseq++;
    c->t += c->rtt;
    sim_tcp_seg(s, c->t, c->tag, &c->b, c->bport, &c->a, c->aport, c->bseq, c->aseq,
                SIM_TCP_FIN | SIM_TCP_ACK, c->bwin, NULL, 0, NULL, 0);
    c->bseq++;
    c->t += 40 + sim_range(s, 100);
    sim_tcp_seg(s, c->t, c->tag, &c->a, c->aport, &c->b, c->bport, c->aseq, c->bseq, SIM_TCP_ACK,
                c->awin, NULL, 0, NULL, 0);
}

void sim_tcp_wait(struct sim_tcp *c, uint32_t us)
{
    c->t += us;
}
