/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The autoencoder against hand computation: a 2-1-2 network's forward pass, RMSE and one SGD
 * step equal the values worked out from the formulas (sigmoid(0.6) = 0.64565630622...); on a
 * 5-4-5 network every parameter's step equals minus the learning rate times the numerical
 * gradient of the cross-entropy; training makes a repeated pattern score far below an unseen
 * one; a seed gives the same network every time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <math.h>

#include "anomaly/anomaly-ae.h"

static void near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

/* Scaling fixed to [0, 1] so that training on inputs inside it does not change it. */
static void unit_range(struct iot_ae *ae)
{
    for (int i = 0; i < ae->n_in; i++) {
        ae->in_min[i] = 0;
        ae->in_max[i] = 1;
    }
}

static void test_tiny_network_by_hand(void **state)
{
    (void)state;
    struct iot_ae *ae = iot_ae_new(2, 0.5, 0.5, 1);
    assert_non_null(ae);
    assert_int_equal(ae->n_hidden, 1);
    unit_range(ae);
    ae->w[0] = 0.5;
    ae->w[1] = -0.25;
    ae->b_hidden[0] = 0.1;
    ae->b_out[0] = 0;
    ae->b_out[1] = 0.2;
    const double x[2] = {1, 0};
    double y[1], z[2];
    iot_ae_forward(ae, x, y, z);
    /* y = s(0.1 + 1*0.5 + 0*-0.25) = s(0.6); z0 = s(0 + 0.5 y); z1 = s(0.2 - 0.25 y) */
    near(y[0], 0.6456563062257954, 1e-15, "hidden");
    near(z[0], 0.5800133396845799, 1e-15, "output 0");
    near(z[1], 0.5096452841732586, 1e-15, "output 1");
    near(iot_ae_score(ae, x), 0.46697275644460334, 1e-15, "rmse");
    /* One step, lr 0.5: eh = ((1-z0) 0.5 + (0-z1) -0.25) y (1-y);
     * w_i += lr (x_i eh + (x_i - z_i) y); b_hidden += lr eh; b_out_i += lr (x_i - z_i). */
    near(iot_ae_train(ae, x), 0.46697275644460334, 1e-15, "rmse before the step");
    near(ae->w[0], 0.6741799513074659, 1e-15, "w0 after");
    near(ae->w[1], -0.414527845832351, 1e-15, "w1 after");
    near(ae->b_hidden[0], 0.13859643342578493, 1e-15, "hidden bias after");
    near(ae->b_out[0], 0.20999333015771005, 1e-15, "output bias 0 after");
    near(ae->b_out[1], -0.05482264208662929, 1e-15, "output bias 1 after");
    iot_ae_free(ae);
}

static double cross_entropy(const struct iot_ae *ae, const double *x)
{
    double y[8], z[8], l = 0;
    iot_ae_forward(ae, x, y, z);
    for (int i = 0; i < ae->n_in; i++)
        l -= x[i] * log(z[i]) + (1 - x[i]) * log(1 - z[i]);
    return l;
}

/* Every parameter of a 5-4-5 network moves by -lr * dL/dθ, the derivative taken numerically. */
static void test_step_is_the_gradient(void **state)
{
    (void)state;
    const double lr = 1e-3, eps = 1e-6;
    struct iot_ae *ae = iot_ae_new(5, 0.75, lr, 42);
    assert_non_null(ae);
    assert_int_equal(ae->n_hidden, 4);
    unit_range(ae);
    for (int i = 0; i < 5; i++)
        ae->b_out[i] = 0.1 * i - 0.2;
    for (int j = 0; j < 4; j++)
        ae->b_hidden[j] = 0.05 * j;
    const double x[5] = {0.9, 0.1, 0.5, 0.0, 0.7};
    size_t n_params = 5 * 4 + 4 + 5;
    double *params[29], before[29], grad[29];
    for (size_t k = 0; k < 20; k++)
        params[k] = &ae->w[k];
    for (size_t k = 0; k < 4; k++)
        params[20 + k] = &ae->b_hidden[k];
    for (size_t k = 0; k < 5; k++)
        params[24 + k] = &ae->b_out[k];
    for (size_t k = 0; k < n_params; k++) {
        double v = *params[k];
        *params[k] = v + eps;
        double lp = cross_entropy(ae, x);
        *params[k] = v - eps;
        double lm = cross_entropy(ae, x);
        *params[k] = v;
        grad[k] = (lp - lm) / (2 * eps);
        before[k] = v;
    }
    iot_ae_train(ae, x);
    for (size_t k = 0; k < n_params; k++) {
        char what[32];
        snprintf(what, sizeof(what), "parameter %zu", k);
        near((*params[k] - before[k]) / lr, -grad[k], 1e-6, what);
    }
    iot_ae_free(ae);
}

static void test_learns_and_is_deterministic(void **state)
{
    (void)state;
    struct iot_ae *a = iot_ae_new(8, 0.75, 0.1, 7), *b = iot_ae_new(8, 0.75, 0.1, 7);
    struct iot_ae *c = iot_ae_new(8, 0.75, 0.1, 8);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    /* Normal traffic: two patterns, small packets then large ones, with some noise. */
    double x[8];
    uint64_t r = 1;
    for (int k = 0; k < 20000; k++) {
        for (int i = 0; i < 8; i++) {
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            double noise = (double)(r >> 40) / 16777216.0 * 5;
            x[i] = (k % 2 ? 60 : 1400) * (i < 4 ? 1 : 0.5) + noise;
        }
        double sa = iot_ae_train(a, x), sb = iot_ae_train(b, x);
        assert_true(sa == sb); /* bit for bit */
        iot_ae_train(c, x);
    }
    double normal[8] = {60, 60, 60, 60, 30, 30, 30, 30};
    double odd[8] = {1400, 60, 1400, 60, 30, 700, 30, 700}; /* each value seen, not together */
    double s_normal = iot_ae_score(a, normal), s_odd = iot_ae_score(a, odd);
    assert_true(s_odd > 5 * s_normal);
    assert_true(iot_ae_score(b, odd) == s_odd);
    assert_true(iot_ae_score(c, odd) != s_odd);
    iot_ae_free(a);
    iot_ae_free(b);
    iot_ae_free(c);
    assert_null(iot_ae_new(0, 0.75, 0.1, 1));
    assert_null(iot_ae_new(IOT_AE_MAX_INPUTS + 1, 0.75, 0.1, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_network_by_hand),
        cmocka_unit_test(test_step_is_the_gradient),
        cmocka_unit_test(test_learns_and_is_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
