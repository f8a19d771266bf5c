/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the decoder harnesses: exact-size copies, one decode, invariant checks. */
/* Every event a harness sees is checked against the table of src/decode/decode-events.c. */
#ifndef IOTSEC_FUZZ_DECODE_COMMON_H
#define IOTSEC_FUZZ_DECODE_COMMON_H

#include "iotsec-common.h"
#include "decode/decode.h"
#include "util/util-mem.h"

/* Big enough for a jumbogram, small enough to keep executions fast. */
#define FUZZ_MAX_INPUT 70000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_put16(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)(v >> 8);
    b[1] = (uint8_t)v;
}

/* True when [q, q + n) lies inside [base, base + lim). */
static inline bool fuzz_within(const uint8_t *base, uint32_t lim, const uint8_t *q, uint32_t n)
{
    return q >= base && (size_t)(q - base) <= lim && n <= lim - (uint32_t)(q - base);
}

/* What every decoder must guarantee whatever the input. */
static inline void fuzz_check(const struct iot_packet *p)
{
    const bool re = (p->flags & IOT_PKT_REASSEMBLED) != 0;
    const uint8_t *base = re ? p->owned : p->data;
    uint32_t lim = re ? p->l3_len : p->caplen;

    if (p->nevents > IOT_PKT_MAX_EVENTS || p->vlan_count > IOT_MAX_VLAN ||
        p->tcp_opts.count > IOT_TCP_MAX_OPTS)
        abort();
    if (re && (p->owned == NULL || p->l3 != p->owned))
        abort();
    if (p->payload != NULL && !fuzz_within(base, lim, p->payload, p->payload_len))
        abort();
    if (p->l4 != NULL && !fuzz_within(base, lim, p->l4, p->l4_len))
        abort();
    if (p->l3 != NULL && !fuzz_within(base, lim, p->l3, p->l3_len))
        abort();
    if (!re && p->payload_len > p->caplen)
        abort();
    for (unsigned i = 0; i < p->nevents; i++)
        if (p->events[i] >= IOT_DE_MAX)
            abort();
}

/* Decodes prefix || data as one packet of the given link type in an exact-size heap copy,
 * so any read past the end trips ASan. */
static inline void fuzz_decode_one(struct iot_decoder *d, int link, const uint8_t *prefix,
                                   size_t plen, const uint8_t *data, size_t size, int64_t sec)
{
    size_t n = plen + size;
    uint8_t *buf = malloc(n ? n : 1);
    if (buf == NULL)
        return;
    if (plen)
        memcpy(buf, prefix, plen);
    if (size)
        memcpy(buf + plen, data, size);
    struct iot_packet p;
    memset(&p, 0, sizeof(p));
    p.data = buf;
    p.caplen = (uint32_t)n;
    p.wirelen = (uint32_t)n;
    p.linktype = link;
    p.ts.sec = sec;
    (void)iot_decode_packet(d, &p);
    fuzz_check(&p);
    iot_packet_release(&p);
    free(buf);
}

/* One decoder per input: nothing carries over, so a crash reproduces from its input alone. */
static inline void fuzz_decode_with_prefix(int link, const uint8_t *prefix, size_t plen,
                                           const uint8_t *data, size_t size)
{
    static const struct iot_defrag_config cfg = {
        .memcap = 1u << 20, .max_trackers = 64, .timeout_sec = 60};
    struct iot_decoder d;
    if (size > FUZZ_MAX_INPUT)
        size = FUZZ_MAX_INPUT;
    if (iot_decoder_init(&d, &cfg) != IOT_OK)
        return;
    fuzz_decode_one(&d, link, prefix, plen, data, size, 0);
    iot_decoder_deinit(&d);
}

/* A valid IPv4 header (10.0.0.2 -> 10.0.0.1) for proto, sized for l4len bytes after it. */
static inline void fuzz_ipv4_prefix(uint8_t h[20], uint8_t proto, size_t l4len)
{
    static const uint8_t tmpl[20] = {0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 0, 0, 0,
                                     10, 0, 0, 2, 10, 0, 0, 1};
    memcpy(h, tmpl, 20);
    fuzz_put16(h + 2, (uint32_t)(20 + l4len));
    h[9] = proto;
}

/* A valid IPv6 header (fe80::1 -> fe80::2) for next header nh and plen payload bytes. */
static inline void fuzz_ipv6_prefix(uint8_t h[40], uint8_t nh, size_t plen)
{
    memset(h, 0, 40);
    h[0] = 0x60;
    fuzz_put16(h + 4, (uint32_t)plen);
    h[6] = nh;
    h[7] = 64;
    h[8] = h[24] = 0xfe;
    h[9] = h[25] = 0x80;
    h[23] = 1;
    h[39] = 2;
}

/* The fuzzer's bytes as the payload of IP protocol proto, over IPv4 and over IPv6. */
static inline void fuzz_l4(uint8_t proto, const uint8_t *data, size_t size)
{
    uint8_t h4[20], h6[40];
    if (size > 65535 - 20)
        size = 65535 - 20;
    fuzz_ipv4_prefix(h4, proto, size);
    fuzz_decode_with_prefix(IOT_LINK_IPV4, h4, sizeof(h4), data, size);
    fuzz_ipv6_prefix(h6, proto, size);
    fuzz_decode_with_prefix(IOT_LINK_IPV6, h6, sizeof(h6), data, size);
}

#endif
