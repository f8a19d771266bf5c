/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The feature mapper: features driven by one signal land in one group, the distance of
 * correlated, anti-correlated and constant features is 0, 2 and 1, and for any data and any
 * cap the groups are a partition of the features with none above the cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <math.h>

#include "anomaly/anomaly-fmap.h"

static uint64_t rng = 12345;

static double rnd(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* The group holding feature f, as the index of its first member in order. */
static int group_of(const int *order, const int *sizes, int groups, int f)
{
    int pos = 0;
    for (int g = 0; g < groups; g++) {
        for (int k = 0; k < sizes[g]; k++)
            if (order[pos + k] == f)
                return g;
        pos += sizes[g];
    }
    return -1;
}

static void test_groups_follow_signals(void **state)
{
    (void)state;
    struct iot_fmap *m = iot_fmap_new(7);
    assert_non_null(m);
    for (int k = 0; k < 3000; k++) {
        double a = rnd(), b = rnd(), c = rnd();
        double x[7] = {a, 3 * a + 10 + 0.01 * rnd(), 100 - 2 * a, b, 0.5 * b + 0.001 * rnd(),
                       c, 42};
        iot_fmap_update(m, x);
    }
    assert_true(iot_fmap_distance(m, 0, 1) < 0.01);
    assert_true(iot_fmap_distance(m, 0, 2) > 1.99); /* anti-correlated */
    assert_true(fabs(iot_fmap_distance(m, 0, 3) - 1) < 0.1);
    assert_true(iot_fmap_distance(m, 6, 0) == 1); /* constant: nothing known */
    int order[7], sizes[7];
    int groups = iot_fmap_cluster(m, 2, order, sizes);
    assert_true(groups >= 4);
    assert_int_equal(group_of(order, sizes, groups, 3), group_of(order, sizes, groups, 4));
    assert_true(group_of(order, sizes, groups, 0) == group_of(order, sizes, groups, 1));
    assert_true(group_of(order, sizes, groups, 5) != group_of(order, sizes, groups, 0));
    assert_true(group_of(order, sizes, groups, 5) != group_of(order, sizes, groups, 3));
    iot_fmap_free(m);
}

static void test_partition_property(void **state)
{
    (void)state;
    for (int n = 1; n <= 40; n += 3) {
        struct iot_fmap *m = iot_fmap_new(n);
        assert_non_null(m);
        double x[40];
        for (int k = 0; k < 200; k++) {
            double s = rnd();
            for (int i = 0; i < n; i++)
                x[i] = i % 3 == 0 ? s * i : rnd() * (i % 5);
            iot_fmap_update(m, x);
        }
        for (int cap = 1; cap <= n + 1; cap += 2) {
            int order[40], sizes[40], seen[40] = {0};
            int groups = iot_fmap_cluster(m, cap, order, sizes);
            assert_true(groups >= 1 && groups <= n);
            int total = 0;
            for (int g = 0; g < groups; g++) {
                assert_true(sizes[g] >= 1 && sizes[g] <= cap);
                total += sizes[g];
            }
            assert_int_equal(total, n);
            for (int i = 0; i < n; i++) {
                assert_true(order[i] >= 0 && order[i] < n);
                assert_int_equal(seen[order[i]]++, 0);
            }
        }
        iot_fmap_free(m);
    }
    assert_null(iot_fmap_new(0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_follow_signals),
        cmocka_unit_test(test_partition_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
