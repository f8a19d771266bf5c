/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IPv6 decoder: fixed header, extension-header chain, jumbograms (RFC 2675). */
#include "decode-testlib.h"

/* fe80::1 -> fe80::2, payload length plen, next header nh, hop limit 64. */
#define IP6(plen, nh)                                                                              \
    0x60, 0x00, 0x00, 0x00, 0x00, plen, nh, 64, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
        1, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2
#define UDP6 0x02, 0x22, 0x02, 0x23, 0x00, 0x0c, 0x00, 0x00, 'd', 'h', 'c', 'p'
/* An 8-byte extension header: next header nh, length 0, PadN of 4 bytes. */
#define EXT8(nh) nh, 0, 1, 4, 0, 0, 0, 0

static const uint8_t good[] = {IP6(12, 17), UDP6};

static void test_ipv6_good(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV6, good, sizeof(good));
    static const uint8_t src[16] = {0xfe, 0x80, [15] = 1}, dst[16] = {0xfe, 0x80, [15] = 2};
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV6 | IOT_PKT_HAS_UDP);
    assert_int_equal(p->ip_ver, 6);
    assert_int_equal(p->ip_proto, 17);
    assert_int_equal(p->ttl, 64);
    assert_memory_equal(p->src.b, src, 16);
    assert_memory_equal(p->dst.b, dst, 16);
    assert_int_equal(p->l3_len, 52);
    assert_int_equal(p->l3_hlen, 40);
    assert_int_equal(p->sp, 546);
    assert_int_equal(p->dp, 547);
    assert_int_equal(p->payload_len, 4);
    assert_int_equal(t->d.stats.ipv6, 1);
    assert_int_equal(p->nevents, 0);
}

/* Hop-by-hop, routing (type 0 header, 8 bytes), destination options, AH (12 bytes), UDP. */
static void test_ipv6_chain(void **state)
{
    struct dt *t = *state;
    static const uint8_t f[] = {IP6(48, 0), EXT8(43), EXT8(60), EXT8(51),
                                17, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, UDP6};
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV6, f, sizeof(f));
    assert_int_equal(p->ip_proto, 17);
    assert_int_equal(p->l3_hlen, 76);
    assert_true(p->flags & IOT_PKT_HAS_UDP);
    assert_int_equal(p->payload_len, 4);
    assert_int_equal(p->nevents, 0);
}

/* ESP ends the walk: what follows is encrypted. */
static void test_ipv6_esp(void **state)
{
    struct dt *t = *state;
    static const uint8_t f[] = {IP6(16, 0), EXT8(50), 0, 0, 1, 0, 0, 0, 0, 1};
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV6, f, sizeof(f));
    assert_int_equal(p->ip_proto, 50);
    assert_int_equal(p->l3_hlen, 48);
    assert_int_equal(p->payload_len, 8);
    assert_int_equal(t->d.stats.other_ip, 1);
}

static const uint8_t short39[] = {IP6(0, 59)};
static const uint8_t ver4[] = {0x40, 0, 0, 0, 0, 12, 17, 64, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0,
                               0,    0, 0, 0, 0, 1,  0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                               0,    0, 0, 2, UDP6};
static const uint8_t plen13[] = {IP6(13, 17), UDP6};
static const uint8_t nonxt[] = {IP6(0, 59)};
static const uint8_t hbh_trunc[] = {IP6(4, 0), 17, 0, 1, 0};
static const uint8_t hbh_one[] = {IP6(1, 0), 17};
static const uint8_t dst_past[] = {IP6(16, 60), 17, 2, 1, 4, 0, 0, 0, 0, UDP6 /* unused */};
static const uint8_t nine_ext[] = {IP6(84, 60), EXT8(60), EXT8(60), EXT8(60), EXT8(60),
                                   EXT8(60), EXT8(60), EXT8(60), EXT8(60), EXT8(17), UDP6};
static const uint8_t eight_ext[] = {IP6(76, 60), EXT8(60), EXT8(60), EXT8(60), EXT8(60),
                                    EXT8(60), EXT8(60), EXT8(60), EXT8(17), UDP6};
/* Jumbo option in a packet whose payload length is not 0. */
static const uint8_t jumbo_plen[] = {IP6(20, 0), 17, 0, 0xc2, 4, 0, 1, 0, 0, UDP6};
/* Jumbo length 65535 (must be > 65535) and one that is past the capture. */
static const uint8_t jumbo_small[] = {IP6(0, 0), 17, 0, 0xc2, 4, 0, 0, 0xff, 0xff, UDP6};
static const uint8_t jumbo_past[] = {IP6(0, 0), 17, 0, 0xc2, 4, 0, 1, 0, 0, UDP6};
static const uint8_t jumbo_optlen[] = {IP6(0, 0), 17, 0, 0xc2, 3, 0, 1, 0, 0, UDP6};

static void test_ipv6_table(void **state)
{
    (void)state;
    static const struct dt_case cases[] = {
        CASE("good", IOT_LINK_IPV6, good, NO_EVENT, 0, STAT(ipv6), 1),
        CASE_N("39 bytes", IOT_LINK_IPV6, short39, 39, IOT_DE_IPV6_TRUNC_HDR, 1, STAT(ipv6), 0),
        CASE("version 4", IOT_LINK_IPV6, ver4, IOT_DE_IPV6_WRONG_VERSION, 1, STAT(ipv6), 0),
        CASE("plen +1", IOT_LINK_IPV6, plen13, IOT_DE_IPV6_TRUNC_PKT, 1, STAT(ipv6), 0),
        CASE("no next header", IOT_LINK_IPV6, nonxt, NO_EVENT, 0, STAT(other_ip), 1),
        CASE("hbh trunc", IOT_LINK_IPV6, hbh_trunc, IOT_DE_IPV6_TRUNC_EXTHDR, 1, STAT(ipv6), 1),
        CASE("hbh 1 byte", IOT_LINK_IPV6, hbh_one, IOT_DE_IPV6_TRUNC_EXTHDR, 1, STAT(ipv6), 1),
        CASE("dstopt past", IOT_LINK_IPV6, dst_past, IOT_DE_IPV6_TRUNC_EXTHDR, 1, STAT(ipv6), 1),
        CASE("9 ext", IOT_LINK_IPV6, nine_ext, IOT_DE_IPV6_EXTHDR_TOO_MANY, 1, STAT(udp), 0),
        CASE("8 ext", IOT_LINK_IPV6, eight_ext, NO_EVENT, 0, STAT(udp), 1),
        CASE("jumbo plen", IOT_LINK_IPV6, jumbo_plen, IOT_DE_IPV6_JUMBO_INVALID, 1, STAT(ipv6), 0),
        CASE("jumbo 65535", IOT_LINK_IPV6, jumbo_small, IOT_DE_IPV6_JUMBO_INVALID, 1, STAT(ipv6),
             0),
        CASE("jumbo past", IOT_LINK_IPV6, jumbo_past, IOT_DE_IPV6_JUMBO_INVALID, 1, STAT(ipv6), 0),
        CASE("jumbo optlen", IOT_LINK_IPV6, jumbo_optlen, IOT_DE_IPV6_JUMBO_INVALID, 1,
             STAT(ipv6), 0),
    };
    dt_check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* A real jumbogram: 40 + 8 (hop-by-hop with Jumbo Payload) + UDP with length 0 + 70000 bytes. */
static void test_ipv6_jumbogram(void **state)
{
    struct dt *t = *state;
    const size_t data_len = 70000, jlen = 8 + 8 + data_len, n = 40 + jlen;
    uint8_t *f = calloc(1, n);
    assert_non_null(f);
    build_ipv6_hdr(f, 0, 0);
    static const uint8_t hbh[8] = {17, 0, 0xc2, 4};
    memcpy(f + 40, hbh, sizeof(hbh));
    put32(f + 44, (uint32_t)jlen);
    put16(f + 48, 4000);
    put16(f + 50, 4001); /* UDP length stays 0 */
    memset(f + 56, 'J', data_len);
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV6, f, n);
    free(f);
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV6 | IOT_PKT_HAS_UDP | IOT_PKT_IPV6_JUMBO);
    assert_int_equal(p->l3_len, n);
    assert_int_equal(p->l3_hlen, 48);
    assert_int_equal(p->payload_len, data_len);
    assert_int_equal(p->payload[data_len - 1], 'J');
    assert_int_equal(p->nevents, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ipv6_good, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_chain, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_esp, dt_setup, dt_teardown),
        cmocka_unit_test(test_ipv6_table),
        cmocka_unit_test_setup_teardown(test_ipv6_jumbogram, dt_setup, dt_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
