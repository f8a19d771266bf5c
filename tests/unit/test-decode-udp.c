/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UDP decoder: header, length field against the capture (Suricata's three checks). */
#include "decode-testlib.h"

#define IP(totlen)                                                                                 \
    0x45, 0x00, 0x00, totlen, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 10, 0, 0, 2, 10, 0, \
        0, 1
/* DHCP-ish ports 68 -> 67, UDP length field ulen, 4 payload bytes. */
#define UDP(ulen) 0x00, 0x44, 0x00, 0x43, 0x00, ulen, 0xbe, 0xef, 1, 2, 3, 4

static const uint8_t good[] = {IP(32), UDP(12)};
static const uint8_t short7[] = {IP(27), 0x00, 0x44, 0x00, 0x43, 0x00, 0x08, 0xbe};
static const uint8_t ulen7[] = {IP(32), UDP(7)};
static const uint8_t ulen0[] = {IP(32), UDP(0)};
static const uint8_t ulen13[] = {IP(32), UDP(13)};
static const uint8_t ulen8[] = {IP(32), UDP(8)};

static void test_udp_good(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, good, sizeof(good));
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_UDP);
    assert_int_equal(p->sp, 68);
    assert_int_equal(p->dp, 67);
    assert_ptr_equal(p->payload, t->buf + 28);
    assert_int_equal(p->payload_len, 4);
    assert_int_equal(t->d.stats.udp, 1);
}

/* A length field shorter than the IP payload: the rest is trailer, not payload. */
static void test_udp_short_len(void **state)
{
    struct dt *t = *state;
    static const uint8_t f[] = {IP(32), UDP(10)};
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, f, sizeof(f));
    assert_int_equal(p->payload_len, 2);
    assert_int_equal(p->l4_len, 12);
    assert_int_equal(p->flags & IOT_PKT_INVALID, 0);
}

static void test_udp_table(void **state)
{
    (void)state;
    static const struct dt_case cases[] = {
        CASE("good", IOT_LINK_IPV4, good, NO_EVENT, 0, STAT(udp), 1),
        CASE("7 bytes", IOT_LINK_IPV4, short7, IOT_DE_UDP_TRUNC_HDR, 1, STAT(udp), 0),
        CASE("ulen 7", IOT_LINK_IPV4, ulen7, IOT_DE_UDP_LEN_TOO_SMALL, 1, STAT(udp), 0),
        CASE("ulen 0", IOT_LINK_IPV4, ulen0, IOT_DE_UDP_LEN_TOO_SMALL, 1, STAT(udp), 0),
        CASE("ulen +1", IOT_LINK_IPV4, ulen13, IOT_DE_UDP_HLEN_INVALID, 1, STAT(udp), 0),
        CASE("ulen 8", IOT_LINK_IPV4, ulen8, NO_EVENT, 0, STAT(udp), 1),
    };
    dt_check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_udp_good, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_udp_short_len, dt_setup, dt_teardown),
        cmocka_unit_test(test_udp_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
