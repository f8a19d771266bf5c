/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IPv4 and IPv6 reassembly: order, overlap (first wins), memcap, trackers, timeout, size. */
#include "decode-testlib.h"

#include "util/util-mem.h"

#define DGRAM_LEN 48 /* UDP header plus 40 payload bytes */

static uint8_t dgram[DGRAM_LEN];

static int group_setup(void **state)
{
    (void)state;
    uint8_t pl[DGRAM_LEN - 8];
    for (size_t i = 0; i < sizeof(pl); i++)
        pl[i] = (uint8_t)('A' + i % 26);
    build_udp(dgram, 1000, 2000, pl, sizeof(pl));
    return 0;
}

/* An IPv4 fragment of src[off..off+len) with the given id; returns the packet length. */
static size_t frag4(uint8_t *b, uint16_t id, const uint8_t *src, uint32_t off, uint32_t len,
                    int more)
{
    build_ipv4_hdr(b, 17, len, id, (uint16_t)((more ? 0x2000 : 0) | off / 8));
    memcpy(b + 20, src + off, len);
    return 20 + len;
}

static const struct iot_packet *send4(struct dt *t, uint16_t id, uint32_t off, uint32_t len,
                                      int more, int64_t sec)
{
    uint8_t b[1600];
    size_t n = frag4(b, id, dgram, off, len, more);
    return dt_run_at(t, IOT_LINK_IPV4, b, n, sec);
}

static void check_reassembled4(const struct dt *t, const uint8_t *expect)
{
    const struct iot_packet *p = &t->p;
    assert_int_equal(p->flags & (IOT_PKT_REASSEMBLED | IOT_PKT_FRAGMENT | IOT_PKT_INVALID),
                     IOT_PKT_REASSEMBLED);
    assert_true(p->flags & IOT_PKT_HAS_UDP);
    assert_non_null(p->owned);
    assert_ptr_equal(p->l3, p->owned);
    assert_int_equal(p->l3_len, 20 + DGRAM_LEN);
    assert_int_equal(p->l3_hlen, 20);
    assert_int_equal((p->l3[2] << 8) | p->l3[3], 20 + DGRAM_LEN); /* total length */
    assert_int_equal(p->l3[6] | p->l3[7], 0);                     /* MF and offset cleared */
    assert_int_equal(ip_csum(p->l3, 20), 0);                      /* checksum recomputed */
    assert_memory_equal(p->l3 + 20, expect, DGRAM_LEN);
    assert_int_equal(p->sp, 1000);
    assert_int_equal(p->dp, 2000);
    assert_int_equal(p->payload_len, DGRAM_LEN - 8);
    assert_int_equal(t->d.stats.reassembled_ipv4, 1);
}

static void test_ipv4_in_order(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = send4(t, 7, 0, 16, 1, 0);
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4 | IOT_PKT_FRAGMENT);
    assert_null(p->owned);
    p = send4(t, 7, 16, 16, 1, 0);
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4 | IOT_PKT_FRAGMENT);
    send4(t, 7, 32, 16, 0, 0);
    check_reassembled4(t, dgram);
    assert_int_equal(t->d.stats.frag_ipv4, 3);
    assert_int_equal(t->p.nevents, 0);
}

static void test_ipv4_out_of_order(void **state)
{
    struct dt *t = *state;
    send4(t, 9, 32, 16, 0, 0);
    send4(t, 9, 0, 16, 1, 0);
    assert_null(t->p.owned);
    send4(t, 9, 16, 16, 1, 0);
    check_reassembled4(t, dgram);
}

/* The second fragment rewrites bytes 8..16 with 'X'; the first copy must win. */
static void test_ipv4_overlap(void **state)
{
    struct dt *t = *state;
    uint8_t evil[DGRAM_LEN], b[128];
    memcpy(evil, dgram, sizeof(evil));
    memset(evil + 8, 'X', 24);
    send4(t, 11, 0, 16, 1, 0);
    size_t n = frag4(b, 11, evil, 8, 24, 1);
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, b, n);
    assert_true(dt_has_event(p, IOT_DE_IPV4_FRAG_OVERLAP));
    assert_int_equal(t->d.stats.events[IOT_DE_IPV4_FRAG_OVERLAP], 1);
    send4(t, 11, 32, 16, 0, 0);
    uint8_t expect[DGRAM_LEN];
    memcpy(expect, dgram, sizeof(expect));
    memset(expect + 16, 'X', 16);
    check_reassembled4(t, expect);
}

/* Two "last" fragments that disagree: the second is an overlap and changes nothing. */
static void test_ipv4_conflicting_last(void **state)
{
    struct dt *t = *state;
    send4(t, 12, 32, 16, 0, 0);
    const struct iot_packet *p = send4(t, 12, 16, 8, 0, 0);
    assert_true(dt_has_event(p, IOT_DE_IPV4_FRAG_OVERLAP));
    send4(t, 12, 0, 16, 1, 0);
    assert_null(t->p.owned);
    send4(t, 12, 24, 8, 1, 0);
    check_reassembled4(t, dgram);
}

static void test_ipv4_memcap(void **state)
{
    (void)state;
    uint64_t before = iot_mem_in_use();
    const struct iot_defrag_config cfg = {.memcap = 300, .max_trackers = 16, .timeout_sec = 60};
    void *st;
    assert_int_equal(dt_setup_cfg(&st, &cfg), 0);
    struct dt *t = st;
    uint8_t big[400], b[512];
    memset(big, 'M', sizeof(big));
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, b, frag4(b, 5, big, 0, 160, 1));
    assert_int_equal(p->nevents, 0);
    p = dt_run(t, IOT_LINK_IPV4, b, frag4(b, 5, big, 160, 160, 1));
    assert_true(dt_has_event(p, IOT_DE_DEFRAG_MEMCAP));
    assert_int_equal(t->d.stats.events[IOT_DE_DEFRAG_MEMCAP], 1);
    assert_int_equal(p->flags & IOT_PKT_INVALID, 0);
    dt_teardown(&st);
    assert_int_equal(iot_mem_in_use(), before);
}

static void test_ipv4_timeout(void **state)
{
    (void)state;
    const struct iot_defrag_config cfg = {.memcap = 1 << 20, .max_trackers = 16, .timeout_sec = 5};
    void *st;
    assert_int_equal(dt_setup_cfg(&st, &cfg), 0);
    struct dt *t = st;
    send4(t, 21, 0, 16, 1, 0);
    send4(t, 22, 0, 16, 1, 1);
    const struct iot_packet *p = send4(t, 21, 16, 16, 1, 10);
    assert_true(dt_has_event(p, IOT_DE_DEFRAG_TIMEOUT));
    /* Tracker 22 was swept too: counted, but not on this packet. */
    assert_int_equal(t->d.stats.events[IOT_DE_DEFRAG_TIMEOUT], 2);
    assert_int_equal(p->nevents, 1);
    send4(t, 21, 32, 16, 0, 10);
    assert_null(t->p.owned); /* the first fragment went with the expired tracker */
    dt_teardown(&st);
}

static void test_ipv4_trackers_full(void **state)
{
    (void)state;
    const struct iot_defrag_config cfg = {.memcap = 1 << 20, .max_trackers = 2, .timeout_sec = 60};
    void *st;
    assert_int_equal(dt_setup_cfg(&st, &cfg), 0);
    struct dt *t = st;
    send4(t, 1, 0, 16, 1, 0);
    send4(t, 2, 0, 16, 1, 0);
    const struct iot_packet *p = send4(t, 3, 0, 16, 1, 0);
    assert_true(dt_has_event(p, IOT_DE_DEFRAG_TRACKERS_FULL));
    assert_int_equal(t->d.stats.events[IOT_DE_DEFRAG_TRACKERS_FULL], 1);
    send4(t, 3, 16, 16, 1, 0);
    send4(t, 3, 32, 16, 0, 0);
    assert_non_null(t->p.owned);
    /* Id 1 was the oldest and was evicted: its remaining fragments complete nothing. */
    send4(t, 1, 16, 16, 1, 0);
    send4(t, 1, 32, 16, 0, 0);
    assert_null(t->p.owned);
    dt_teardown(&st);
}

/* Ping of death: offset 65512 plus 40 bytes cannot fit in a datagram. */
static void test_ipv4_too_large(void **state)
{
    struct dt *t = *state;
    uint8_t big[64] = {0}, b[128];
    build_ipv4_hdr(b, 17, 40, 77, 8189);
    memcpy(b + 20, big, 40);
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, b, 60);
    assert_true(dt_has_event(p, IOT_DE_IPV4_FRAG_TOO_LARGE));
    assert_true(p->flags & IOT_PKT_INVALID);
    assert_int_equal(t->d.stats.events[IOT_DE_IPV4_FRAG_TOO_LARGE], 1);
}

static void test_too_many_frags(void **state)
{
    struct dt *t = *state;
    uint8_t big[8 * 300];
    memset(big, 'F', sizeof(big));
    uint8_t b[64];
    for (uint32_t i = 1; i <= 256; i++) {
        const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, b, frag4(b, 99, big, 8 * i, 8, 1));
        assert_int_equal(p->nevents, 0);
    }
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, b, frag4(b, 99, big, 8 * 257, 8, 1));
    assert_true(dt_has_event(p, IOT_DE_DEFRAG_TOO_MANY_FRAGS));
}

/* IPv6 + hop-by-hop (unfragmentable) + fragment header (id 0xdeadbeef) + data. */
static size_t frag6(uint8_t *b, const uint8_t *src, uint32_t off, uint32_t len, int more)
{
    build_ipv6_hdr(b, 0, 8 + 8 + len);
    static const uint8_t hbh[8] = {44, 0, 1, 4, 0, 0, 0, 0};
    memcpy(b + 40, hbh, 8);
    b[48] = 17;
    b[49] = 0;
    put16(b + 50, off | (more ? 1u : 0u));
    put32(b + 52, 0xdeadbeef);
    memcpy(b + 56, src + off, len);
    return 56 + len;
}

static void test_ipv6_reassembly(void **state)
{
    struct dt *t = *state;
    uint8_t b[128];
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV6, b, frag6(b, dgram, 24, 24, 0));
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV6 | IOT_PKT_FRAGMENT);
    assert_int_equal(p->ip_proto, 17); /* as IPv4 fragments report it */
    p = dt_run(t, IOT_LINK_IPV6, b, frag6(b, dgram, 0, 24, 1));
    assert_int_equal(p->flags & (IOT_PKT_REASSEMBLED | IOT_PKT_FRAGMENT | IOT_PKT_INVALID),
                     IOT_PKT_REASSEMBLED);
    assert_true(p->flags & IOT_PKT_HAS_UDP);
    assert_int_equal(p->l3_len, 48 + DGRAM_LEN);
    assert_int_equal(p->l3_hlen, 48);
    assert_int_equal(p->l3[40], 17);                          /* hop-by-hop now names UDP */
    assert_int_equal((p->l3[4] << 8) | p->l3[5], 8 + DGRAM_LEN); /* payload length */
    assert_memory_equal(p->l3 + 48, dgram, DGRAM_LEN);
    assert_int_equal(p->ip_proto, 17);
    assert_int_equal(p->sp, 1000);
    assert_int_equal(p->payload_len, DGRAM_LEN - 8);
    assert_int_equal(t->d.stats.frag_ipv6, 2);
    assert_int_equal(t->d.stats.reassembled_ipv6, 1);
    assert_int_equal(p->nevents, 0);
}

static void test_ipv6_overlap(void **state)
{
    struct dt *t = *state;
    uint8_t b[128];
    dt_run(t, IOT_LINK_IPV6, b, frag6(b, dgram, 0, 24, 1));
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV6, b, frag6(b, dgram, 16, 16, 1));
    assert_true(dt_has_event(p, IOT_DE_IPV6_FRAG_OVERLAP));
    dt_run(t, IOT_LINK_IPV6, b, frag6(b, dgram, 32, 16, 0));
    assert_true(t->p.flags & IOT_PKT_REASSEMBLED);
    assert_memory_equal(t->p.l3 + 48, dgram, DGRAM_LEN);
}

/* RFC 6946: offset 0 without M is a whole datagram, decoded directly. */
static void test_ipv6_atomic(void **state)
{
    struct dt *t = *state;
    uint8_t b[128];
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV6, b, frag6(b, dgram, 0, DGRAM_LEN, 0));
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV6 | IOT_PKT_HAS_UDP);
    assert_int_equal(p->l3_hlen, 56);
    assert_int_equal(t->d.stats.frag_ipv6, 0);
}

static void test_ipv6_too_large(void **state)
{
    struct dt *t = *state;
    uint8_t b[128];
    size_t n = frag6(b, dgram, 0, 24, 1);
    put16(b + 50, 65512 | 1); /* 65512 + 24 + 8 (hop-by-hop) > 65535 */
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV6, b, n);
    assert_true(dt_has_event(p, IOT_DE_IPV6_FRAG_TOO_LARGE));
    assert_true(p->flags & IOT_PKT_INVALID);
}

/* Everything held by unfinished datagrams is freed with the decoder. */
static void test_no_leak(void **state)
{
    (void)state;
    uint64_t before = iot_mem_in_use();
    void *st;
    assert_int_equal(dt_setup(&st), 0);
    struct dt *t = st;
    uint8_t b[128];
    send4(t, 1, 0, 16, 1, 0);
    send4(t, 2, 16, 16, 1, 0);
    dt_run(t, IOT_LINK_IPV6, b, frag6(b, dgram, 0, 24, 1));
    send4(t, 3, 0, 16, 1, 0);
    send4(t, 3, 16, 16, 1, 0);
    send4(t, 3, 32, 16, 0, 0);
    assert_non_null(t->p.owned);
    dt_teardown(&st);
    assert_int_equal(iot_mem_in_use(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ipv4_in_order, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv4_out_of_order, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv4_overlap, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv4_conflicting_last, dt_setup, dt_teardown),
        cmocka_unit_test(test_ipv4_memcap),
        cmocka_unit_test(test_ipv4_timeout),
        cmocka_unit_test(test_ipv4_trackers_full),
        cmocka_unit_test_setup_teardown(test_ipv4_too_large, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_too_many_frags, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_reassembly, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_overlap, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_atomic, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_too_large, dt_setup, dt_teardown),
        cmocka_unit_test(test_no_leak),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
