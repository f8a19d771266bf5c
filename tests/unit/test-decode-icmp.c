/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ICMPv4 and ICMPv6 decoders, including neighbour-discovery option walking. */
#include "decode-testlib.h"

#define IP4(totlen)                                                                                \
    0x45, 0x00, 0x00, totlen, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00, 10, 0, 0, 2, 10, 0, \
        0, 1
#define IP6(plen)                                                                                  \
    0x60, 0x00, 0x00, 0x00, 0x00, plen, 58, 255, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
        1, 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 2
#define TARGET 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2

/* Echo request id 1 seq 1 with "ping". */
static const uint8_t echo4[] = {IP4(32), 8, 0, 0xf7, 0xfd, 0, 1, 0, 1, 'p', 'i', 'n', 'g'};
static const uint8_t short4[] = {IP4(23), 8, 0, 0xf7};
static const uint8_t min4[] = {IP4(24), 3, 3, 0, 0};
static const uint8_t unk4[] = {IP4(28), 99, 0, 0, 0, 0, 0, 0, 0};
static const uint8_t echo6[] = {IP6(12), 128, 0, 0, 0, 0, 1, 0, 1, 'p', 'i', 'n', 'g'};
static const uint8_t short6[] = {IP6(3), 128, 0, 0};
static const uint8_t unk6[] = {IP6(8), 99, 0, 0, 0, 0, 0, 0, 0};
/* Neighbour solicitation with a source link-layer address option (type 1, 8 bytes). */
static const uint8_t ns_good[] = {IP6(32), 135, 0, 0, 0, 0, 0, 0, 0, TARGET,
                                  1, 1, 0xb8, 0x27, 0xeb, 1, 2, 3};
static const uint8_t ns_len0[] = {IP6(32), 135, 0, 0, 0, 0, 0, 0, 0, TARGET,
                                  1, 0, 0xb8, 0x27, 0xeb, 1, 2, 3};
static const uint8_t ns_past[] = {IP6(32), 135, 0, 0, 0, 0, 0, 0, 0, TARGET,
                                  1, 2, 0xb8, 0x27, 0xeb, 1, 2, 3};
static const uint8_t ns_one[] = {IP6(25), 135, 0, 0, 0, 0, 0, 0, 0, TARGET, 1};
static const uint8_t ns_short[] = {IP6(23), 135, 0, 0, 0, 0, 0, 0, 0, TARGET};
/* Router advertisement with prefix information option (type 3, 32 bytes) cut to 24 bytes. */
static const uint8_t ra_good[] = {IP6(24), 134, 0, 0, 0, 64, 0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0,
                                  0, 5, 1, 0, 0, 0, 0, 0x05, 0xdc};
static const uint8_t rs_bare[] = {IP6(8), 133, 0, 0, 0, 0, 0, 0, 0};

static void test_icmpv4_echo(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, echo4, sizeof(echo4));
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_ICMPV4);
    assert_int_equal(p->icmp_type, 8);
    assert_int_equal(p->icmp_code, 0);
    assert_int_equal(p->sp, 8);
    assert_int_equal(p->dp, 0);
    assert_int_equal(p->payload_len, 4);
    assert_memory_equal(p->payload, "ping", 4);
    assert_int_equal(t->d.stats.icmpv4, 1);
}

static void test_icmpv6_echo(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV6, echo6, sizeof(echo6));
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV6 | IOT_PKT_HAS_ICMPV6);
    assert_int_equal(p->icmp_type, 128);
    assert_int_equal(p->sp, 128);
    assert_int_equal(p->dp, 0);
    assert_int_equal(p->payload_len, 4);
    assert_int_equal(t->d.stats.icmpv6, 1);
}

static void test_icmp_table(void **state)
{
    (void)state;
    static const struct dt_case cases[] = {
        CASE("v4 echo", IOT_LINK_IPV4, echo4, NO_EVENT, 0, STAT(icmpv4), 1),
        CASE("v4 3 bytes", IOT_LINK_IPV4, short4, IOT_DE_ICMPV4_TRUNC, 1, STAT(icmpv4), 0),
        CASE("v4 4 bytes", IOT_LINK_IPV4, min4, NO_EVENT, 0, STAT(icmpv4), 1),
        CASE("v4 unknown", IOT_LINK_IPV4, unk4, IOT_DE_ICMPV4_UNKNOWN_TYPE, 0, STAT(icmpv4), 1),
        CASE("v6 echo", IOT_LINK_IPV6, echo6, NO_EVENT, 0, STAT(icmpv6), 1),
        CASE("v6 3 bytes", IOT_LINK_IPV6, short6, IOT_DE_ICMPV6_TRUNC, 1, STAT(icmpv6), 0),
        CASE("v6 unknown", IOT_LINK_IPV6, unk6, IOT_DE_ICMPV6_UNKNOWN_TYPE, 0, STAT(icmpv6), 1),
        CASE("ns good", IOT_LINK_IPV6, ns_good, NO_EVENT, 0, STAT(icmpv6), 1),
        /* The classic infinite loop: the walk must stop and flag it. */
        CASE("ns opt len 0", IOT_LINK_IPV6, ns_len0, IOT_DE_ICMPV6_ND_OPT_INVALID_LEN, 0,
             STAT(icmpv6), 1),
        CASE("ns opt past", IOT_LINK_IPV6, ns_past, IOT_DE_ICMPV6_ND_OPT_INVALID_LEN, 0,
             STAT(icmpv6), 1),
        CASE("ns opt 1 byte", IOT_LINK_IPV6, ns_one, IOT_DE_ICMPV6_ND_OPT_INVALID_LEN, 0,
             STAT(icmpv6), 1),
        CASE("ns no target", IOT_LINK_IPV6, ns_short, IOT_DE_ICMPV6_TRUNC, 1, STAT(icmpv6), 0),
        CASE("ra good", IOT_LINK_IPV6, ra_good, NO_EVENT, 0, STAT(icmpv6), 1),
        CASE("rs bare", IOT_LINK_IPV6, rs_bare, NO_EVENT, 0, STAT(icmpv6), 1),
    };
    dt_check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_icmpv4_echo, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_icmpv6_echo, dt_setup, dt_teardown),
        cmocka_unit_test(test_icmp_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
