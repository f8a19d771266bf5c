/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IPv4 decoder: header checks, options, lengths; fragments are in test-decode-defrag.c. */
#include "decode-testlib.h"

/* 192.168.1.10 -> 192.168.1.1 UDP 5353 -> 53, "abcd"; id 0x1234, DF, TTL 64. */
#define IPV4_UDP_HDR(vihl, totlen)                                                                \
    vihl, 0x00, 0x00, totlen, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 192, 168, 1, 10,   \
        192, 168, 1, 1
#define UDP_ABCD 0x14, 0xe9, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00, 'a', 'b', 'c', 'd'

static const uint8_t good[] = {IPV4_UDP_HDR(0x45, 32), UDP_ABCD};

static void test_ipv4_good(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, good, sizeof(good));
    static const uint8_t src[16] = {192, 168, 1, 10}, dst[16] = {192, 168, 1, 1};
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_UDP);
    assert_int_equal(p->ip_ver, 4);
    assert_int_equal(p->ip_proto, 17);
    assert_int_equal(p->ttl, 64);
    assert_int_equal(p->ip_id, 0x1234);
    assert_true(p->ip_df);
    assert_memory_equal(p->src.b, src, 16);
    assert_memory_equal(p->dst.b, dst, 16);
    assert_ptr_equal(p->l3, t->buf);
    assert_int_equal(p->l3_len, 32);
    assert_int_equal(p->l3_hlen, 20);
    assert_ptr_equal(p->l4, t->buf + 20);
    assert_int_equal(p->l4_len, 12);
    assert_int_equal(p->payload_len, 4);
    assert_int_equal(t->d.stats.ipv4, 1);
    assert_int_equal(t->d.stats.udp, 1);
    assert_int_equal(p->nevents, 0);
}

/* Trailing bytes after the total length are a trailer, never payload. */
static void test_ipv4_trailer(void **state)
{
    struct dt *t = *state;
    uint8_t f[sizeof(good) + 10];
    memcpy(f, good, sizeof(good));
    memset(f + sizeof(good), 0xAA, 10);
    const struct iot_packet *p = dt_run(t, IOT_LINK_RAW, f, sizeof(f));
    assert_int_equal(p->l3_len, 32);
    assert_int_equal(p->l4_len, 12);
    assert_int_equal(p->payload_len, 4);
}

/* Options in a 24-byte header (IHL 6) before the same UDP packet. */
#define OPT_PKT(o0, o1, o2, o3) {IPV4_UDP_HDR(0x46, 36), o0, o1, o2, o3, UDP_ABCD}
static const uint8_t opt_nops[] = OPT_PKT(1, 1, 1, 0);
static const uint8_t opt_ra[] = OPT_PKT(0x94, 4, 0, 0); /* router alert, as IGMP sends */
static const uint8_t opt_len1[] = OPT_PKT(0x94, 1, 0, 0);
static const uint8_t opt_len0[] = OPT_PKT(7, 0, 0, 0);
static const uint8_t opt_past[] = OPT_PKT(7, 5, 0, 0);
static const uint8_t opt_last[] = OPT_PKT(1, 1, 1, 7);

static const uint8_t short19[] = {IPV4_UDP_HDR(0x45, 32)};
static const uint8_t ver5[] = {IPV4_UDP_HDR(0x55, 32), UDP_ABCD};
static const uint8_t ver6[] = {IPV4_UDP_HDR(0x65, 32), UDP_ABCD};
static const uint8_t ihl4[] = {IPV4_UDP_HDR(0x44, 32), UDP_ABCD};
static const uint8_t ihl15[] = {IPV4_UDP_HDR(0x4f, 32), UDP_ABCD};
static const uint8_t tot19[] = {IPV4_UDP_HDR(0x45, 19), UDP_ABCD};
static const uint8_t tot0[] = {IPV4_UDP_HDR(0x45, 0), UDP_ABCD};
static const uint8_t tot33[] = {IPV4_UDP_HDR(0x45, 33), UDP_ABCD};
static const uint8_t tot20[] = {IPV4_UDP_HDR(0x45, 20), UDP_ABCD};

static void test_ipv4_table(void **state)
{
    (void)state;
    static const struct dt_case cases[] = {
        CASE("good", IOT_LINK_IPV4, good, NO_EVENT, 0, STAT(ipv4), 1),
        CASE_N("19 bytes", IOT_LINK_IPV4, short19, 19, IOT_DE_IPV4_TRUNC_HDR, 1, STAT(ipv4), 0),
        CASE("version 5", IOT_LINK_IPV4, ver5, IOT_DE_IPV4_WRONG_VERSION, 1, STAT(ipv4), 0),
        /* On a raw link the nibble picks the decoder: 6 goes to IPv6, which rejects the rest. */
        CASE("raw version 6", IOT_LINK_RAW, ver6, IOT_DE_IPV6_TRUNC_HDR, 1, STAT(ipv4), 0),
        CASE("ihl 4", IOT_LINK_IPV4, ihl4, IOT_DE_IPV4_HLEN_TOO_SMALL, 1, STAT(ipv4), 0),
        CASE("ihl 15", IOT_LINK_IPV4, ihl15, IOT_DE_IPV4_TRUNC_HDR, 1, STAT(ipv4), 0),
        CASE("tot 19", IOT_LINK_IPV4, tot19, IOT_DE_IPV4_IPLEN_SMALLER_THAN_HLEN, 1, STAT(ipv4),
             0),
        CASE("tot 0", IOT_LINK_IPV4, tot0, IOT_DE_IPV4_IPLEN_SMALLER_THAN_HLEN, 1, STAT(ipv4), 0),
        CASE("tot +1", IOT_LINK_IPV4, tot33, IOT_DE_IPV4_TRUNC_PKT, 1, STAT(ipv4), 0),
        /* Header only: UDP sees 0 bytes. */
        CASE("tot 20", IOT_LINK_IPV4, tot20, IOT_DE_UDP_TRUNC_HDR, 1, STAT(ipv4), 1),
        CASE("opt nops", IOT_LINK_IPV4, opt_nops, NO_EVENT, 0, STAT(udp), 1),
        CASE("opt router alert", IOT_LINK_IPV4, opt_ra, NO_EVENT, 0, STAT(udp), 1),
        /* Bad options are events; the packet and its UDP layer still decode. */
        CASE("opt len 1", IOT_LINK_IPV4, opt_len1, IOT_DE_IPV4_OPT_INVALID_LEN, 0, STAT(udp), 1),
        CASE("opt len 0", IOT_LINK_IPV4, opt_len0, IOT_DE_IPV4_OPT_INVALID_LEN, 0, STAT(udp), 1),
        CASE("opt past hdr", IOT_LINK_IPV4, opt_past, IOT_DE_IPV4_OPT_MALFORMED, 0, STAT(udp), 1),
        CASE("opt last byte", IOT_LINK_IPV4, opt_last, IOT_DE_IPV4_OPT_MALFORMED, 0, STAT(udp), 1),
    };
    dt_check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_ipv4_other_proto(void **state)
{
    struct dt *t = *state;
    uint8_t f[64];
    static const uint8_t esp[12] = {0, 0, 0, 1, 0, 0, 0, 1, 9, 9, 9, 9};
    size_t n = build_ipv4(f, 50, esp, sizeof(esp));
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, f, n);
    assert_int_equal(p->ip_proto, 50);
    assert_int_equal(p->payload_len, 12);
    assert_int_equal(t->d.stats.other_ip, 1);
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4);
}

/* Every truncation of a good packet must decode without reading past the copy (ASan). */
static void test_ipv4_every_prefix(void **state)
{
    struct dt *t = *state;
    for (size_t n = 1; n < sizeof(opt_ra); n++) {
        const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, opt_ra, n);
        assert_true(p->flags & IOT_PKT_INVALID);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ipv4_good, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv4_trailer, dt_setup, dt_teardown),
        cmocka_unit_test(test_ipv4_table),
        cmocka_unit_test_setup_teardown(test_ipv4_other_proto, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv4_every_prefix, dt_setup, dt_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
