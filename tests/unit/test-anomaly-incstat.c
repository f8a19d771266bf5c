/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Damped incremental statistics against a direct computation: for random streams with gaps,
 * bursts and equal times, the O(1) updates give the weight, mean and standard deviation that a
 * two-pass computation over every value (weights 2^(-λ(T - t_k))) gives, at every λ, at the last
 * time and later; the pair's magnitude, radius, covariance and correlation match their
 * definitions computed from the whole history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <math.h>

#include "anomaly/anomaly-incstat.h"

#define N 400

static uint64_t rng = 88172645463325252ull;

static double rnd(void) /* xorshift64, uniform in [0, 1) */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void assert_close(double got, double want, const char *what, int i)
{
    double tol = 1e-9 * fmax(1.0, fabs(want));
    if (!(fabs(got - want) <= tol))
        fail_msg("%s at lambda %d: got %.15g, want %.15g", what, i, got, want);
}

/* Times with bursts (many values in a millisecond), long gaps and repeats. */
static void make_stream(double *t, double *x, int n)
{
    double now = 1000;
    for (int k = 0; k < n; k++) {
        double r = rnd();
        now += r < 0.1 ? 0 : r < 0.7 ? rnd() * 0.001 : r < 0.95 ? rnd() * 0.5 : rnd() * 40;
        t[k] = now;
        x[k] = rnd() < 0.5 ? 60 + rnd() * 10 : 1400 + rnd() * 100;
    }
}

static void direct_1d(const double *t, const double *x, int n, double at, int li,
                      struct iot_incstat_1d *o)
{
    double w = 0, s = 0;
    for (int k = 0; k < n; k++) {
        double wk = exp2(-iot_incstat_lambda[li] * (at - t[k]));
        w += wk;
        s += wk * x[k];
    }
    double mean = s / w, v = 0;
    for (int k = 0; k < n; k++)
        v += exp2(-iot_incstat_lambda[li] * (at - t[k])) * (x[k] - mean) * (x[k] - mean);
    o->w = w;
    o->mean = mean;
    o->std = sqrt(v / w);
}

static void test_1d_matches_two_pass(void **state)
{
    (void)state;
    static double t[N], x[N];
    make_stream(t, x, N);
    struct iot_incstat s;
    iot_incstat_init(&s);
    for (int k = 0; k < N; k++) {
        iot_incstat_update(&s, t[k], x[k]);
        if (k % 37 != 36 && k != N - 1)
            continue;
        for (int i = 0; i < IOT_INCSTAT_LAMBDAS; i++) {
            struct iot_incstat_1d got, want;
            iot_incstat_get(&s, i, &got);
            direct_1d(t, x, k + 1, t[k], i, &want);
            assert_close(got.w, want.w, "weight", i);
            assert_close(got.mean, want.mean, "mean", i);
            /* The variance comes from E[x²] - E[x]²: compare it with a variance-sized tolerance. */
            assert_close(got.std * got.std, want.std * want.std, "variance", i);
            iot_incstat_get_at(&s, t[k] + 2.5, i, &got);
            direct_1d(t, x, k + 1, t[k] + 2.5, i, &want);
            assert_close(got.w, want.w, "weight later", i);
            assert_close(got.mean, want.mean, "mean later", i);
        }
    }
}

static void test_clock_steps_back(void **state)
{
    (void)state;
    struct iot_incstat s;
    iot_incstat_init(&s);
    iot_incstat_update(&s, 100, 10);
    iot_incstat_update(&s, 50, 20); /* taken as arriving at 100 */
    struct iot_incstat_1d o;
    for (int i = 0; i < IOT_INCSTAT_LAMBDAS; i++) {
        iot_incstat_get(&s, i, &o);
        assert_close(o.w, 2, "weight", i);
        assert_close(o.mean, 15, "mean", i);
        assert_close(o.std, 5, "std", i);
    }
    /* A constant stream has no spread, whatever rounding does to E[x²] - E[x]². */
    iot_incstat_init(&s);
    for (int k = 0; k < 1000; k++)
        iot_incstat_update(&s, k * 0.01, 1514.0);
    iot_incstat_get(&s, 0, &o);
    assert_true(o.std >= 0 && o.std < 1e-3);
    assert_close(o.mean, 1514.0, "constant mean", 0);
}

struct ev {
    int side;
    double t, x;
};

/* The pair's definitions over the whole history: each value's residual against its stream's
 * mean after it was added, times the other stream's last residual, decayed to the end. */
static void direct_2d(const struct ev *e, int n, int li, struct iot_incstat_2d *o)
{
    double lam = iot_incstat_lambda[li], T = e[n - 1].t;
    double r_last[2] = {0, 0}, sr = 0, w3 = 0;
    static double ts[2][N], xs[2][N];
    int cnt[2] = {0, 0};
    for (int k = 0; k < n; k++) {
        int s = e[k].side;
        ts[s][cnt[s]] = e[k].t;
        xs[s][cnt[s]++] = e[k].x;
        struct iot_incstat_1d m;
        direct_1d(ts[s], xs[s], cnt[s], e[k].t, li, &m);
        double r = e[k].x - m.mean, wk = exp2(-lam * (T - e[k].t));
        sr += wk * r * r_last[!s];
        w3 += wk;
        r_last[s] = r;
    }
    struct iot_incstat_1d a, b;
    direct_1d(ts[0], xs[0], cnt[0], T, li, &a);
    direct_1d(ts[1], xs[1], cnt[1], T, li, &b);
    o->magnitude = sqrt(a.mean * a.mean + b.mean * b.mean);
    o->radius = sqrt(a.std * a.std + b.std * b.std);
    o->cov = sr / w3;
    o->pcc = o->cov / (a.std * b.std);
}

static void test_pair_matches_definitions(void **state)
{
    (void)state;
    static struct ev e[N];
    static double t[N], x[N];
    make_stream(t, x, N);
    for (int k = 0; k < N; k++)
        e[k] = (struct ev){rnd() < 0.4, t[k], x[k] * (rnd() < 0.5 ? 1 : 0.5)};
    e[0].side = 0;
    e[1].side = 1;
    struct iot_incstat_pair p;
    iot_incstat_pair_init(&p);
    for (int k = 0; k < N; k++)
        iot_incstat_pair_update(&p, e[k].side, e[k].t, e[k].x);
    for (int i = 0; i < IOT_INCSTAT_LAMBDAS; i++) {
        struct iot_incstat_2d got, want;
        iot_incstat_pair_get(&p, i, &got);
        direct_2d(e, N, i, &want);
        assert_close(got.magnitude, want.magnitude, "magnitude", i);
        assert_close(got.radius * got.radius, want.radius * want.radius, "radius²", i);
        assert_close(got.cov, want.cov, "covariance", i);
        if (fabs(want.pcc) < 1e6) /* a vanishing spread at the fastest decay makes it huge */
            assert_true(fabs(got.pcc - want.pcc) <= 1e-6 * fmax(1, fabs(want.pcc)));
    }
}

/* Replies that mirror requests correlate; replies that invert them anti-correlate. */
static void test_pair_correlation_sign(void **state)
{
    (void)state;
    for (int sign = -1; sign <= 1; sign += 2) {
        struct iot_incstat_pair p;
        iot_incstat_pair_init(&p);
        for (int k = 0; k < 2000; k++) {
            double v = rnd() * 1000;
            iot_incstat_pair_update(&p, 0, k * 0.1, v);
            iot_incstat_pair_update(&p, 1, k * 0.1 + 0.001, 500 + sign * (v - 500));
        }
        struct iot_incstat_2d o;
        iot_incstat_pair_get(&p, 3, &o); /* λ = 0.1: about 100 pairs of weight */
        assert_true(sign > 0 ? o.pcc > 0.3 : o.pcc < -0.3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_1d_matches_two_pass),
        cmocka_unit_test(test_clock_steps_back),
        cmocka_unit_test(test_pair_matches_definitions),
        cmocka_unit_test(test_pair_correlation_sign),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
