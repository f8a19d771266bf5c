/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Behaviour features: exact values for a small exchange (weights, means, spreads, gaps,
 * magnitude, radius); the same facts give the same vector whatever the hash key; a device
 * scanning a million addresses leaves memory where it started (fixed pools, evictions counted),
 * and a channel in constant use survives the scan with the statistics it would have had with
 * unlimited memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <math.h>

#include "anomaly/anomaly-features.h"
#include "util/util-mem.h"

static struct iot_feat_packet pkt(double t, int src, int dst, uint16_t sp, uint16_t dp, double len)
{
    struct iot_feat_packet p = {0};
    p.t = t;
    p.len = len;
    p.ip_ver = 4;
    p.proto = 6;
    p.src_mac[5] = (uint8_t)src;
    p.src_ip[0] = 10;
    p.src_ip[1] = (uint8_t)(src >> 16);
    p.src_ip[2] = (uint8_t)(src >> 8);
    p.src_ip[3] = (uint8_t)src;
    p.dst_ip[0] = 10;
    p.dst_ip[1] = (uint8_t)(dst >> 16);
    p.dst_ip[2] = (uint8_t)(dst >> 8);
    p.dst_ip[3] = (uint8_t)dst;
    p.sp = sp;
    p.dp = dp;
    return p;
}

/* λ index 2 is λ = 1: each second halves the weight. */
#define L1(v, k) ((v)[2 * IOT_FEAT_PER_LAMBDA + (k)])

static void test_exact_values(void **state)
{
    (void)state;
    struct iot_feat *f = iot_feat_new(1 << 20, 1);
    assert_non_null(f);
    double v[IOT_FEAT_COUNT];
    struct iot_feat_packet p;
    for (int k = 0; k < 3; k++) {
        p = pkt(k, 1, 2, 40000, 80, 100);
        iot_feat_update(f, &p, v);
    }
    assert_true(fabs(L1(v, 0) - 1.75) < 1e-12); /* MI weight 1 + 1/2 + 1/4 */
    assert_true(fabs(L1(v, 1) - 100) < 1e-12);
    assert_true(L1(v, 2) < 1e-6);
    assert_true(fabs(L1(v, 3) - 1.75) < 1e-12); /* host */
    assert_true(fabs(L1(v, 6) - 1.75) < 1e-12); /* channel, this direction */
    assert_true(fabs(L1(v, 13) - 1.75) < 1e-12); /* gaps: 0, 1, 1 */
    assert_true(fabs(L1(v, 14) - (0 * 0.25 + 1 * 0.5 + 1) / 1.75) < 1e-12);
    /* The reply: 200 bytes at t = 2 from host 2, so the pair has means 100 and 200. */
    p = pkt(2, 2, 1, 80, 40000, 200);
    iot_feat_update(f, &p, v);
    assert_true(fabs(L1(v, 1) - 200) < 1e-12);
    assert_true(fabs(L1(v, 9) - sqrt(100.0 * 100 + 200.0 * 200)) < 1e-9); /* magnitude */
    assert_true(L1(v, 10) < 1e-6);                                       /* radius */
    assert_true(fabs(L1(v, 19) - sqrt(100.0 * 100 + 200.0 * 200)) < 1e-9); /* socket magnitude */
    assert_true(fabs(L1(v, 13) - 1) < 1e-12); /* a new direction: one gap of 0 */
    assert_string_equal(iot_feat_name(2 * IOT_FEAT_PER_LAMBDA + 14), "channel.gap.mean");
    assert_true(iot_feat_half_life(2 * IOT_FEAT_PER_LAMBDA) == 1.0);
    iot_feat_free(f);
}

static void test_key_independent(void **state)
{
    (void)state;
    struct iot_feat *a = iot_feat_new(1 << 20, 1), *b = iot_feat_new(1 << 20, 0);
    double va[IOT_FEAT_COUNT], vb[IOT_FEAT_COUNT];
    for (int k = 0; k < 5000; k++) {
        struct iot_feat_packet p = pkt(k * 0.01, k % 7, (k * 13) % 11, (uint16_t)(1000 + k % 5),
                                       80, 60 + k % 1400);
        iot_feat_update(a, &p, va);
        iot_feat_update(b, &p, vb);
        assert_memory_equal(va, vb, sizeof(va));
    }
    iot_feat_free(a);
    iot_feat_free(b);
}

static void test_scan_memory_flat(void **state)
{
    (void)state;
    struct iot_feat *f = iot_feat_new(256 << 10, 3), *big = iot_feat_new(64 << 20, 3);
    assert_non_null(f);
    assert_non_null(big);
    struct iot_feat_stats st0, st;
    iot_feat_get_stats(f, &st0);
    uint64_t mem0 = iot_mem_in_use();
    double v[IOT_FEAT_COUNT], vu[IOT_FEAT_COUNT], vb[IOT_FEAT_COUNT];
    for (int k = 0; k < 1000000; k++) {
        double t = k * 0.0001;
        /* The scanner (host 1) probes a new address each packet; every 100th packet it also
         * talks to its usual server (host 2). */
        struct iot_feat_packet p = pkt(t, 1, 100000 + k, 40000, 23, 60);
        iot_feat_update(f, &p, v);
        if (k % 100 == 0) {
            p = pkt(t, 1, 2, 50000, 443, 300);
            iot_feat_update(f, &p, vu);
            if (k >= 900000)
                iot_feat_update(big, &p, vb);
        }
    }
    iot_feat_get_stats(f, &st);
    assert_int_equal(iot_mem_in_use(), mem0);
    assert_int_equal(st.bytes, st0.bytes);
    assert_true(st.bytes <= (256 << 10) + 4096);
    for (int i = 0; i < 5; i++)
        assert_true(st.entries[i] <= st.capacity[i]);
    assert_true(st.evicted[2] > 900000); /* channels of the scan */
    /* The usual channel was never evicted: at λ = 0.1 (10 s half-life) its weight holds its
     * 100 s of packets (about 1,442), twice what the last 10 s alone give (about 722). */
    int slow = 3 * IOT_FEAT_PER_LAMBDA; /* λ = 0.1 */
    assert_true(vu[slow + 6] > vb[slow + 6] * 1.5);
    assert_true(fabs(vu[slow + 7] - 300) < 1e-9);
    iot_feat_free(f);
    iot_feat_free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_values),
        cmocka_unit_test(test_key_independent),
        cmocka_unit_test(test_scan_memory_flat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
