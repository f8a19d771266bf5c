/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for the decoder suites: packet builders (IPv4/IPv6 headers from RFC layouts), a run
 * helper that decodes an exact-size heap copy, and a table-row checker. */
#ifndef IOTSEC_TESTS_DECODE_TESTLIB_H
#define IOTSEC_TESTS_DECODE_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "decode/decode.h"
#include "testutil.h"

/* A decoder, the packet under test and the heap copy its data points into. */
struct dt {
    struct iot_decoder d;
    struct iot_packet p;
    uint8_t *buf;
};

static inline int dt_setup_cfg(void **state, const struct iot_defrag_config *cfg)
{
    struct dt *t = calloc(1, sizeof(*t));
    if (t == NULL || iot_decoder_init(&t->d, cfg) != 0) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static inline int dt_setup(void **state)
{
    return dt_setup_cfg(state, NULL);
}

static inline void dt_release(struct dt *t)
{
    iot_packet_release(&t->p);
    free(t->buf);
    t->buf = NULL;
}

static inline int dt_teardown(void **state)
{
    struct dt *t = *state;
    dt_release(t);
    iot_decoder_deinit(&t->d);
    free(t);
    return 0;
}

/* Decodes bytes[0..len) as link type link at packet time sec; the previous packet is released. */
static inline struct iot_packet *dt_run_at(struct dt *t, int link, const uint8_t *bytes, size_t len,
                                           int64_t sec)
{
    dt_release(t);
    memset(&t->p, 0, sizeof(t->p));
    t->buf = tu_exact_copy(bytes, len);
    assert_non_null(t->buf);
    t->p.data = t->buf;
    t->p.caplen = (uint32_t)len;
    t->p.wirelen = (uint32_t)len;
    t->p.linktype = link;
    t->p.ts.sec = sec;
    t->p.num = t->d.stats.pkts + 1;
    assert_int_equal(iot_decode_packet(&t->d, &t->p), 0);
    return &t->p;
}

static inline struct iot_packet *dt_run(struct dt *t, int link, const uint8_t *bytes, size_t len)
{
    return dt_run_at(t, link, bytes, len, 0);
}

static inline int dt_has_event(const struct iot_packet *p, int ev)
{
    for (unsigned i = 0; i < p->nevents; i++)
        if (p->events[i] == ev)
            return 1;
    return 0;
}

#define NO_EVENT (-1)

/* One table row: bytes, link type, the one event expected (or NO_EVENT), whether the packet
 * must be invalid, and a stats counter (byte offset in struct iot_decode_stats) with its value. */
struct dt_case {
    const char *name;
    int link;
    const uint8_t *bytes;
    size_t len;
    int event;
    int invalid;
    size_t stat_off;
    uint64_t stat_val;
};

#define STAT(field) offsetof(struct iot_decode_stats, field)

static inline uint64_t dt_stat(const struct dt *t, size_t off)
{
    uint64_t v;
    memcpy(&v, (const uint8_t *)&t->d.stats + off, sizeof(v));
    return v;
}

/* Runs each row on a fresh decoder so counters are exact. */
static inline void dt_check_cases(const struct dt_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        void *st = NULL;
        assert_int_equal(dt_setup(&st), 0);
        struct dt *t = st;
        const struct iot_packet *p = dt_run(t, c[i].link, c[i].bytes, c[i].len);
        if (c[i].event == NO_EVENT) {
            if (p->nevents != 0)
                fail_msg("%s: unexpected event %u", c[i].name, p->events[0]);
        } else {
            if (!dt_has_event(p, c[i].event))
                fail_msg("%s: event %d missing", c[i].name, c[i].event);
            if (t->d.stats.events[c[i].event] != 1)
                fail_msg("%s: event counter is not 1", c[i].name);
        }
        if (!!(p->flags & IOT_PKT_INVALID) != !!c[i].invalid)
            fail_msg("%s: invalid flag %s", c[i].name, c[i].invalid ? "missing" : "unexpected");
        if (t->d.stats.invalid != (c[i].invalid ? 1u : 0u))
            fail_msg("%s: stats.invalid wrong", c[i].name);
        if (dt_stat(t, c[i].stat_off) != c[i].stat_val)
            fail_msg("%s: counter is %llu, want %llu", c[i].name,
                     (unsigned long long)dt_stat(t, c[i].stat_off),
                     (unsigned long long)c[i].stat_val);
        dt_teardown(&st);
    }
}

#define CASE(nm, lk, arr, ev, inv, off, val) {nm, lk, arr, sizeof(arr), ev, inv, off, val}
#define CASE_N(nm, lk, arr, n, ev, inv, off, val) {nm, lk, arr, n, ev, inv, off, val}

static inline void put16(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)(v >> 8);
    b[1] = (uint8_t)v;
}

static inline void put32(uint8_t *b, uint32_t v)
{
    put16(b, v >> 16);
    put16(b + 2, v & 0xFFFF);
}

static inline uint16_t ip_csum(const uint8_t *h, size_t n)
{
    uint32_t s = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        s += (uint32_t)h[i] << 8 | h[i + 1];
    while (s >> 16)
        s = (s & 0xFFFF) + (s >> 16);
    return (uint16_t)~s;
}

/* 192.168.1.10 -> 192.168.1.1, TTL 64. Returns the header length (20). */
static inline size_t build_ipv4_hdr(uint8_t *b, uint8_t proto, size_t l4len, uint16_t id,
                                    uint16_t frag)
{
    static const uint8_t h[20] = {0x45, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0,
                                  192, 168, 1, 10, 192, 168, 1, 1};
    memcpy(b, h, 20);
    put16(b + 2, (uint32_t)(20 + l4len));
    put16(b + 4, id);
    put16(b + 6, frag);
    b[9] = proto;
    put16(b + 10, ip_csum(b, 20));
    return 20;
}

/* An IPv4 packet around l4; returns its length. */
static inline size_t build_ipv4(uint8_t *b, uint8_t proto, const uint8_t *l4, size_t l4len)
{
    size_t h = build_ipv4_hdr(b, proto, l4len, 0x1234, 0x4000);
    memcpy(b + h, l4, l4len);
    return h + l4len;
}

/* fe80::1 -> fe80::2, hop limit 255. Returns 40. */
static inline size_t build_ipv6_hdr(uint8_t *b, uint8_t nh, size_t plen)
{
    memset(b, 0, 40);
    b[0] = 0x60;
    put16(b + 4, (uint32_t)plen);
    b[6] = nh;
    b[7] = 255;
    b[8] = 0xfe;
    b[9] = 0x80;
    b[23] = 1;
    b[24] = 0xfe;
    b[25] = 0x80;
    b[39] = 2;
    return 40;
}

static inline size_t build_ipv6(uint8_t *b, uint8_t nh, const uint8_t *pl, size_t plen)
{
    size_t h = build_ipv6_hdr(b, nh, plen);
    memcpy(b + h, pl, plen);
    return h + plen;
}

/* A UDP header and payload; returns its length. */
static inline size_t build_udp(uint8_t *b, uint16_t sp, uint16_t dp, const uint8_t *pl, size_t n)
{
    put16(b, sp);
    put16(b + 2, dp);
    put16(b + 4, (uint32_t)(8 + n));
    put16(b + 6, 0);
    if (n)
        memcpy(b + 8, pl, n);
    return 8 + n;
}

#endif
