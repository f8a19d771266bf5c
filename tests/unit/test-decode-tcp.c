/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TCP decoder: header checks and every option, in wire order. */
#include "decode-testlib.h"

#define IP(totlen)                                                                                 \
    0x45, 0x00, 0x00, totlen, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 10, 0, 0, 2, 10, 0, \
        0, 1
/* 49152 -> 80, seq 0x01020304, ack 0, data offset doff, SYN, window 64240. */
#define TCPH(doff, fl) 0xc0, 0x00, 0x00, 0x50, 1, 2, 3, 4, 0, 0, 0, 0, (doff) << 4, fl, 0xfa, 0xf0, 0, 0, 0, 0

/* MSS 1460, NOP, WS 7, NOP, NOP, TS 0x11223344/0, SACK-permitted, EOL pad. */
static const uint8_t syn_brief[] = {IP(64), TCPH(11, 0x02), 2, 4, 0x05, 0xb4, 1, 3, 3, 7, 1, 1,
                                    8, 10, 0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0, 4, 2, 0, 0};
/* What Linux actually sends: MSS, SACK-permitted, TS, NOP, WS. */
static const uint8_t syn_linux[] = {IP(60), TCPH(10, 0x02), 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0x11,
                                    0x22, 0x33, 0x44, 0, 0, 0, 0, 1, 3, 3, 7};

static void test_tcp_syn_options(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, syn_brief, sizeof(syn_brief));
    static const uint8_t kinds[] = {2, 1, 3, 1, 1, 8, 4, 0};
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_TCP);
    assert_int_equal(p->sp, 49152);
    assert_int_equal(p->dp, 80);
    assert_int_equal(p->tcp_seq, 0x01020304);
    assert_int_equal(p->tcp_ack, 0);
    assert_int_equal(p->tcp_flags, 0x02);
    assert_int_equal(p->tcp_win, 64240);
    assert_int_equal(p->tcp_opts.count, sizeof(kinds));
    assert_memory_equal(p->tcp_opts.kinds, kinds, sizeof(kinds));
    assert_true(p->tcp_opts.has_mss);
    assert_int_equal(p->tcp_opts.mss, 1460);
    assert_true(p->tcp_opts.has_wscale);
    assert_int_equal(p->tcp_opts.wscale, 7);
    assert_true(p->tcp_opts.sack_permitted);
    assert_true(p->tcp_opts.has_ts);
    assert_int_equal(p->tcp_opts.ts_val, 0x11223344);
    assert_int_equal(p->tcp_opts.ts_ecr, 0);
    assert_int_equal(p->payload_len, 0);
    assert_int_equal(p->nevents, 0);
    assert_int_equal(t->d.stats.tcp, 1);

    static const uint8_t lkinds[] = {2, 4, 8, 1, 3};
    p = dt_run(t, IOT_LINK_IPV4, syn_linux, sizeof(syn_linux));
    assert_int_equal(p->tcp_opts.count, sizeof(lkinds));
    assert_memory_equal(p->tcp_opts.kinds, lkinds, sizeof(lkinds));
    assert_int_equal(p->tcp_opts.wscale, 7);
    assert_int_equal(p->nevents, 0);
}

/* An ACK carrying 2 SACK blocks and 3 payload bytes. */
static void test_tcp_sack_payload(void **state)
{
    struct dt *t = *state;
    static const uint8_t f[] = {IP(67), TCPH(11, 0x10), 1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2,
                                0, 0, 0, 3, 0, 0, 0, 4, 1, 1, 1, 1, 'G', 'E', 'T'};
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, f, sizeof(f));
    assert_int_equal(p->tcp_opts.sack_blocks, 2);
    assert_int_equal(p->payload_len, 3);
    assert_memory_equal(p->payload, "GET", 3);
    assert_int_equal(p->nevents, 0);
}

/* A second MSS is flagged and the first value kept. */
static void test_tcp_dup_mss(void **state)
{
    struct dt *t = *state;
    static const uint8_t f[] = {IP(48), TCPH(7, 0x02), 2, 4, 0x05, 0xb4, 2, 4, 0x00, 0x10};
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, f, sizeof(f));
    assert_true(dt_has_event(p, IOT_DE_TCP_OPT_DUPLICATE));
    assert_int_equal(p->tcp_opts.mss, 1460);
    assert_int_equal(p->tcp_opts.count, 2);
    assert_int_equal(p->flags & IOT_PKT_INVALID, 0);
}

static const uint8_t short19[] = {IP(39), TCPH(5, 0x02)};
static const uint8_t doff4[] = {IP(40), TCPH(4, 0x02)};
static const uint8_t doff0[] = {IP(40), TCPH(0, 0x02)};
static const uint8_t doff6[] = {IP(40), TCPH(6, 0x02)};
static const uint8_t mss3[] = {IP(44), TCPH(6, 0x02), 2, 3, 5, 1};
static const uint8_t optlen0[] = {IP(44), TCPH(6, 0x02), 30, 0, 0, 0};
static const uint8_t optlen1[] = {IP(44), TCPH(6, 0x02), 30, 1, 0, 0};
static const uint8_t optpast[] = {IP(44), TCPH(6, 0x02), 1, 30, 4, 0};
static const uint8_t optlast[] = {IP(44), TCPH(6, 0x02), 1, 1, 1, 2};
static const uint8_t ws4[] = {IP(44), TCPH(6, 0x02), 3, 4, 7, 0};
static const uint8_t ts9[] = {IP(52), TCPH(8, 0x02), 8, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const uint8_t sack9[] = {IP(52), TCPH(8, 0x10), 5, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const uint8_t sack2[] = {IP(44), TCPH(6, 0x10), 5, 2, 0, 0};
static const uint8_t sackok3[] = {IP(44), TCPH(6, 0x02), 4, 3, 0, 0};
static const uint8_t unknown_opt[] = {IP(44), TCPH(6, 0x02), 30, 4, 0xab, 0xcd};

static void test_tcp_table(void **state)
{
    (void)state;
    static const struct dt_case cases[] = {
        CASE("syn", IOT_LINK_IPV4, syn_linux, NO_EVENT, 0, STAT(tcp), 1),
        CASE("19 bytes", IOT_LINK_IPV4, short19, IOT_DE_TCP_TRUNC_HDR, 1, STAT(tcp), 0),
        CASE("doff 4", IOT_LINK_IPV4, doff4, IOT_DE_TCP_HLEN_TOO_SMALL, 1, STAT(tcp), 0),
        CASE("doff 0", IOT_LINK_IPV4, doff0, IOT_DE_TCP_HLEN_TOO_SMALL, 1, STAT(tcp), 0),
        CASE("doff past data", IOT_LINK_IPV4, doff6, IOT_DE_TCP_TRUNC_HDR, 1, STAT(tcp), 0),
        /* Bad options keep the packet. */
        CASE("mss len 3", IOT_LINK_IPV4, mss3, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("opt len 0", IOT_LINK_IPV4, optlen0, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("opt len 1", IOT_LINK_IPV4, optlen1, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("opt past hdr", IOT_LINK_IPV4, optpast, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("opt last byte", IOT_LINK_IPV4, optlast, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("ws len 4", IOT_LINK_IPV4, ws4, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("ts len 9", IOT_LINK_IPV4, ts9, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("sack len 9", IOT_LINK_IPV4, sack9, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("sack len 2", IOT_LINK_IPV4, sack2, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("sackok len 3", IOT_LINK_IPV4, sackok3, IOT_DE_TCP_OPT_INVALID_LEN, 0, STAT(tcp), 1),
        CASE("unknown opt", IOT_LINK_IPV4, unknown_opt, NO_EVENT, 0, STAT(tcp), 1),
    };
    dt_check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* The kinds array is capped; a header of 40 NOPs records the first 16 and parses on. */
static void test_tcp_many_nops(void **state)
{
    struct dt *t = *state;
    uint8_t f[80] = {IP(80), TCPH(15, 0x02)};
    memset(f + 40, 1, 40);
    const struct iot_packet *p = dt_run(t, IOT_LINK_IPV4, f, sizeof(f));
    assert_int_equal(p->tcp_opts.count, IOT_TCP_MAX_OPTS);
    assert_int_equal(p->nevents, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tcp_syn_options, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_tcp_sack_payload, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_tcp_dup_mss, dt_setup, dt_teardown),
        cmocka_unit_test(test_tcp_table),
        cmocka_unit_test_setup_teardown(test_tcp_many_nops, dt_setup, dt_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
