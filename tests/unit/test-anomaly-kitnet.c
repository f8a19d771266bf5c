/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KitNET: phases by count; after training, vectors like the training ones score low and a
 * vector with one group's features moved scores high, with that group's error the largest; the
 * same seed gives the same scores bit for bit; a saved model scores exactly like the original
 * after loading, and every changed byte, every cut, another version or a mis-shaped model
 * (checksum made valid again) is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <math.h>
#include <sodium.h>

#include "anomaly/anomaly-kitnet.h"
#include "util/util-mem.h"

#define NF 12

static uint64_t rng;

static double rnd(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* Three signals drive features 0-3, 4-7 and 8-11. */
static void normal_vector(double *x)
{
    double a = rnd(), b = rnd(), c = rnd();
    for (int i = 0; i < NF; i++) {
        double s = i < 4 ? a : i < 8 ? b : c;
        x[i] = s * (i + 1) * 10 + rnd();
    }
}

static const struct iot_kitnet_config CFG = {4, 500, 3000, 0.1, 0.75, 9};

static struct iot_kitnet *trained(uint64_t seed)
{
    struct iot_kitnet *k = iot_kitnet_new(NF, &CFG);
    assert_non_null(k);
    rng = seed;
    double x[NF];
    for (int i = 0; i < 500; i++) {
        normal_vector(x);
        assert_true(iot_kitnet_process(k, x) == 0);
        assert_int_equal(iot_kitnet_phase(k), i < 499 ? IOT_KITNET_MAP : IOT_KITNET_TRAIN);
    }
    for (int i = 0; i < 3000; i++) {
        normal_vector(x);
        assert_true(iot_kitnet_process(k, x) > 0);
    }
    assert_int_equal(iot_kitnet_phase(k), IOT_KITNET_SCORE);
    return k;
}

static void test_scores_and_explains(void **state)
{
    (void)state;
    struct iot_kitnet *k = trained(5), *k2 = trained(5);
    int groups = iot_kitnet_groups(k);
    assert_true(groups >= 3);
    double x[NF], worst_normal = 0;
    rng = 77;
    for (int i = 0; i < 200; i++) {
        normal_vector(x);
        double s = iot_kitnet_process(k, x);
        assert_true(s == iot_kitnet_process(k2, x)); /* deterministic */
        worst_normal = fmax(worst_normal, s);
    }
    normal_vector(x);
    for (int i = 4; i < 8; i++) /* the b-driven features, far outside anything seen */
        x[i] = 5000;
    double odd = iot_kitnet_process(k, x);
    assert_true(odd > 2 * worst_normal);
    int best = -1;
    double best_err = -1;
    for (int g = 0; g < groups; g++) {
        const int *f;
        double err;
        assert_true(iot_kitnet_group(k, g, &f, &err) > 0);
        if (err > best_err) {
            best_err = err;
            best = g;
        }
    }
    const int *f;
    double err;
    int n = iot_kitnet_group(k, best, &f, &err);
    bool moved = false;
    for (int i = 0; i < n; i++)
        moved |= f[i] >= 4 && f[i] < 8;
    assert_true(moved);
    iot_kitnet_free(k);
    iot_kitnet_free(k2);
}

static void test_save_load(void **state)
{
    (void)state;
    struct iot_kitnet *k = trained(6);
    size_t len = 0;
    uint8_t *m = iot_kitnet_save(k, &len);
    assert_non_null(m);
    char err[256];
    struct iot_kitnet *l = iot_kitnet_load(m, len, err, sizeof(err));
    assert_non_null(l);
    double x[NF];
    rng = 8;
    for (int i = 0; i < 100; i++) {
        normal_vector(x);
        assert_true(iot_kitnet_process(k, x) == iot_kitnet_process(l, x));
    }
    iot_kitnet_free(l);
    /* Every byte changed, every cut: refused, without reading past the end (ASan). */
    for (size_t i = 0; i < len; i++) {
        m[i] ^= 0x20;
        l = iot_kitnet_load(m, len, err, sizeof(err));
        assert_null(l);
        m[i] ^= 0x20;
    }
    for (size_t cut = 0; cut < len; cut += 1 + cut / 8) {
        uint8_t *c = malloc(cut ? cut : 1);
        memcpy(c, m, cut);
        assert_null(iot_kitnet_load(c, cut, err, sizeof(err)));
        free(c);
    }
    /* Valid checksum, other version or shape: refused with the reason. */
    uint8_t *v = malloc(len);
    memcpy(v, m, len);
    v[8] = 2;
    crypto_generichash(v + len - 32, 32, v, len - 32, NULL, 0);
    assert_null(iot_kitnet_load(v, len, err, sizeof(err)));
    assert_non_null(strstr(err, "another version"));
    memcpy(v, m, len);
    /* The first group size sits after magic, version, n, max_ae, 2 graces, lr, ratio, seed,
     * seen and the group count: make it larger than max_ae. */
    size_t off = 8 + 4 + 4 + 4 + 8 + 8 + 8 + 8 + 8 + 8 + 4;
    v[off] = 9;
    crypto_generichash(v + len - 32, 32, v, len - 32, NULL, 0);
    assert_null(iot_kitnet_load(v, len, err, sizeof(err)));
    assert_non_null(strstr(err, "groups"));
    free(v);
    iot_free(m);
    /* Nothing to save while mapping. */
    struct iot_kitnet *fresh = iot_kitnet_new(NF, &CFG);
    assert_null(iot_kitnet_save(fresh, &len));
    iot_kitnet_free(fresh);
    iot_kitnet_free(k);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores_and_explains),
        cmocka_unit_test(test_save_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
