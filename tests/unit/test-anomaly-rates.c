/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A device's rates: the damped per-second rates equal ln 2 times the directly summed decayed
 * counts; destinations are new once per IOT_RATE_FORGET seconds; a scan shows as new
 * destinations on its service; usual rates are counts over the learning time, merged into a
 * kind's average; the report puts the most unusual first; damaged usuals are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <math.h>

#include "anomaly/anomaly-rates.h"

#define TCP23 (6u << 16 | 23)
#define UDP53 (17u << 16 | 53)

static void assert_close(double got, double want)
{
    if (!(fabs(got - want) <= 1e-9 * fmax(1, fabs(want))))
        fail_msg("got %.12g, want %.12g", got, want);
}

/* Σ 2^(-(t - t_k)) over the arrival times, directly. */
static double decayed(const double *times, int n, double t)
{
    double w = 0;
    for (int k = 0; k < n; k++)
        w += exp2(-(t - times[k]) / IOT_RATE_HALF_LIFE);
    return w;
}

static void test_rates_match_direct_sums(void **state)
{
    (void)state;
    struct iot_rates r = {0};
    struct iot_rate_usual u = {0};
    double times[500], bytes_w = 0;
    int news = 0;
    for (int k = 0; k < 500; k++) {
        times[k] = 100 + 0.01 * k + (k % 7) * 0.001; /* jittered, never back */
        bool fresh = iot_rates_update(&r, times[k], 60 + k % 5, (uint32_t)(1000 + 2 * (k % 5)), UDP53);
        news += fresh;
        assert_int_equal(fresh, k < 5); /* five peers, each new once */
        iot_rate_usual_learn(&u, times[k], 60 + k % 5, fresh, UDP53);
    }
    double t = times[499] + 0.5;
    for (int k = 0; k < 500; k++)
        bytes_w += (60 + k % 5) * exp2(-(t - times[k]) / IOT_RATE_HALF_LIFE);
    struct iot_rate_value v[4];
    int n = iot_rates_report(&r, &u, t, v, 4);
    assert_int_equal(n, 4); /* packets, bytes, new destinations, and those on UDP/53 */
    bool seen[IOT_RATE_KINDS] = {0};
    for (int i = 0; i < n; i++) {
        if (v[i].kind == IOT_RATE_PACKETS)
            assert_close(v[i].now, M_LN2 * decayed(times, 500, t));
        if (v[i].kind == IOT_RATE_BYTES)
            assert_close(v[i].now, M_LN2 * bytes_w);
        if (v[i].kind == IOT_RATE_NEW_DESTS)
            assert_close(v[i].now, M_LN2 * decayed(times, 5, t));
        seen[v[i].kind] = true;
    }
    assert_true(seen[0] && seen[1] && seen[2]);
    double span = times[499] - times[0];
    assert_close(iot_rate_usual_of(&u, IOT_RATE_PACKETS, 0), 500 / span);
    assert_close(iot_rate_usual_of(&u, IOT_RATE_NEW_DESTS, UDP53), 5 / span);
    assert_close(iot_rate_usual_of(&u, IOT_RATE_NEW_DESTS, TCP23), 0);
    /* A peer unseen for longer than IOT_RATE_FORGET is new again; sooner it is not. */
    assert_false(iot_rates_update(&r, times[499] + IOT_RATE_FORGET - 1, 60, 1000, UDP53));
    assert_true(iot_rates_update(&r, times[499] + 2 * IOT_RATE_FORGET, 60, 1000, UDP53));
}

static void test_scan_names_its_service(void **state)
{
    (void)state;
    struct iot_rates r = {0};
    struct iot_rate_usual u = {0};
    /* An hour of learning: a packet every 10 s to its hub, and every 100 s to a new address. */
    int news = 0;
    for (int k = 0; k < 360; k++) {
        uint32_t key = k % 10 == 0 ? (uint32_t)(7 + 2 * k) : 5;
        bool fresh = iot_rates_update(&r, 10.0 * k, 80, key, UDP53);
        news += fresh;
        iot_rate_usual_learn(&u, 10.0 * k, 80, fresh, UDP53);
    }
    assert_int_equal(news, 37);
    /* A second of a telnet scan: 400 addresses. */
    double t0 = 5000;
    for (int k = 0; k < 400; k++)
        assert_true(iot_rates_update(&r, t0 + k / 400.0, 60, (uint32_t)(100000 + 2 * k), TCP23));
    struct iot_rate_value v[4];
    int n = iot_rates_report(&r, &u, t0 + 1, v, 4);
    assert_int_equal(n, 4);
    /* Never while learning: it orders first, against a usual of 0. */
    assert_int_equal(v[0].kind, IOT_RATE_NEW_DESTS);
    assert_int_equal(v[0].service, TCP23);
    assert_close(v[0].usual, 0);
    /* A second-long burst of 400 reads as half that "over the last second" at its end (the
     * estimate of a steady 400/s would reach 400). */
    assert_true(v[0].now > 190 && v[0].now < 210);
    /* Then the device's new destinations in all: far more than its usual 37 an hour. */
    assert_int_equal(v[1].kind, IOT_RATE_NEW_DESTS);
    assert_int_equal(v[1].service, 0);
    assert_close(v[1].usual, 37 / 3590.0);
    assert_true(v[1].now / v[1].usual > 10000);
    assert_int_equal(v[2].kind, IOT_RATE_PACKETS);
    assert_int_equal(iot_rates_report(&r, &u, t0 + 1, v, 2), 2);
}

static void test_usual_merge_and_ports(void **state)
{
    (void)state;
    struct iot_rate_usual a = {0}, b = {0}, kind = {0};
    for (int k = 0; k <= 10; k++) /* 10 s, a new destination a second on ten services */
        iot_rate_usual_learn(&a, 10.0 + k, 100, true, (uint32_t)(6u << 16 | (1000 + k)));
    assert_int_equal(a.nports, IOT_RATE_PORTS);
    assert_int_equal(a.other_ports, 11 - IOT_RATE_PORTS);
    /* Beyond the list: at most all the others together. */
    assert_close(iot_rate_usual_of(&a, IOT_RATE_NEW_DESTS, 6u << 16 | 9999), 3 / 10.0);
    for (int k = 0; k <= 30; k++) /* 30 s, no new destination */
        iot_rate_usual_learn(&b, 500.0 + k, 50, false, 0);
    iot_rate_usual_merge(&kind, &a);
    iot_rate_usual_merge(&kind, &b);
    /* The kind's rate: 42 packets over the 40 s the two devices learnt. */
    assert_close(iot_rate_usual_of(&kind, IOT_RATE_PACKETS, 0), 42 / 40.0);
    assert_close(iot_rate_usual_of(&kind, IOT_RATE_NEW_DESTS, 6u << 16 | 1000), 1 / 40.0);
    assert_true(iot_rate_usual_valid(&kind));
    struct iot_rate_usual bad = a;
    bad.last = a.first - 1;
    assert_false(iot_rate_usual_valid(&bad));
    bad = a;
    bad.first = NAN;
    assert_false(iot_rate_usual_valid(&bad));
    bad = a;
    bad.nports = IOT_RATE_PORTS + 1;
    assert_false(iot_rate_usual_valid(&bad));
    bad = a;
    bad.port_service[0] = 0;
    assert_false(iot_rate_usual_valid(&bad));
    struct iot_rate_usual none = {0};
    assert_close(iot_rate_usual_of(&none, IOT_RATE_PACKETS, 0), 0);
    assert_string_equal(iot_rate_kind_name(IOT_RATE_NEW_DESTS), "new_destinations");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rates_match_direct_sums),
        cmocka_unit_test(test_scan_names_its_service),
        cmocka_unit_test(test_usual_merge_and_ports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
