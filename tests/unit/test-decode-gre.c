/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GRE decoder: version 0 with optional fields, version 1 (PPTP), unknown versions. */
#include "decode-testlib.h"

#define IP4(totlen)                                                                                \
    0x45, 0x00, 0x00, totlen, 0x00, 0x01, 0x00, 0x00, 0x40, 0x2f, 0x00, 0x00, 10, 0, 0, 2, 10, 0, \
        0, 1
#define INNER 0x45, 0, 0, 20, 0, 0, 0, 0, 64, 59, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2

static const uint8_t plain[] = {IP4(44), 0x00, 0x00, 0x08, 0x00, INNER};
/* C, K, S: checksum+reserved, key 0x2a, sequence 7. */
static const uint8_t cks[] = {IP4(56), 0xb0, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x2a,
                              0, 0, 0, 7, INNER};
/* R alone brings the checksum/offset word. */
static const uint8_t rbit[] = {IP4(48), 0x40, 0x00, 0x08, 0x00, 0, 0, 0, 0, INNER};
/* PPTP: K, S, A, version 1, PPP; payload length 4, call id 9, seq 1, ack 0. */
static const uint8_t pptp[] = {IP4(40), 0x30, 0x81, 0x88, 0x0b, 0, 4, 0, 9, 0, 0, 0, 1, 0, 0, 0,
                               0, 0xff, 0x03, 0x00, 0x21};
static const uint8_t pptp_nokey[] = {IP4(28), 0x10, 0x01, 0x88, 0x0b, 0, 0, 0, 1};
static const uint8_t pptp_csum[] = {IP4(32), 0xa0, 0x01, 0x88, 0x0b, 0, 0, 0, 0, 0, 4, 0, 9};
static const uint8_t ver2[] = {IP4(24), 0x00, 0x02, 0x08, 0x00};
static const uint8_t short3[] = {IP4(23), 0x00, 0x00, 0x08};
static const uint8_t key_missing[] = {IP4(26), 0x20, 0x00, 0x08, 0x00, 0, 0};

static void test_gre_plain(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, plain, sizeof(plain));
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_GRE);
    assert_int_equal(p->gre_proto, 0x0800);
    assert_ptr_equal(p->payload, t->buf + 24);
    assert_int_equal(p->payload_len, 20);
    assert_int_equal(t->d.stats.gre, 1);
    assert_int_equal(t->d.stats.ipv4, 1); /* the inner packet is not decoded */
}

static void test_gre_optional(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, cks, sizeof(cks));
    assert_ptr_equal(p->payload, t->buf + 36);
    assert_int_equal(p->payload_len, 20);
    p = dt_run(t, IOT_LINK_IPV4, rbit, sizeof(rbit));
    assert_int_equal(p->payload_len, 20);
    p = dt_run(t, IOT_LINK_IPV4, pptp, sizeof(pptp));
    assert_int_equal(p->gre_proto, 0x880b);
    assert_int_equal(p->payload_len, 4);
    assert_int_equal(p->payload[0], 0xff);
}

static void test_gre_table(void **state)
{
    (void)state;
    static const struct dt_case cases[] = {
        CASE("plain", IOT_LINK_IPV4, plain, NO_EVENT, 0, STAT(gre), 1),
        CASE("c k s", IOT_LINK_IPV4, cks, NO_EVENT, 0, STAT(gre), 1),
        CASE("pptp", IOT_LINK_IPV4, pptp, NO_EVENT, 0, STAT(gre), 1),
        CASE("pptp no key", IOT_LINK_IPV4, pptp_nokey, IOT_DE_GRE_V1_MALFORMED, 1, STAT(gre), 0),
        CASE("pptp csum", IOT_LINK_IPV4, pptp_csum, IOT_DE_GRE_V1_MALFORMED, 1, STAT(gre), 0),
        CASE("version 2", IOT_LINK_IPV4, ver2, IOT_DE_GRE_VERSION_UNKNOWN, 1, STAT(gre), 0),
        CASE("3 bytes", IOT_LINK_IPV4, short3, IOT_DE_GRE_TRUNC, 1, STAT(gre), 0),
        CASE("key missing", IOT_LINK_IPV4, key_missing, IOT_DE_GRE_TRUNC, 1, STAT(gre), 0),
    };
    dt_check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gre_plain, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_gre_optional, dt_setup, dt_teardown),
        cmocka_unit_test(test_gre_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
