/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tied-weight sigmoid autoencoder trained online (KitNET's dA). */
#include "iotsec-common.h"
#include "anomaly/anomaly-ae.h"

#include <math.h>

#include "util/util-mem.h"

static int hidden_of(int n_in, double ratio)
{
    int h = (int)ceil(ratio * n_in);
    return h < 1 ? 1 : h > n_in * 4 ? n_in * 4 : h;
}

size_t iot_ae_size(int n_in, double ratio)
{
    size_t n = (size_t)n_in, h = (size_t)hidden_of(n_in, ratio);
    /* w, b_hidden, b_out, in_min, in_max, scratch */
    return sizeof(struct iot_ae) + sizeof(double) * (n * h + h + 3 * n + 2 * n + 2 * h);
}

/* splitmix64: a seed gives the same network on every machine. */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

struct iot_ae *iot_ae_new(int n_in, double hidden_ratio, double lr, uint64_t seed)
{
    if (n_in < 1 || n_in > IOT_AE_MAX_INPUTS || !(hidden_ratio > 0) || hidden_ratio > 4)
        return NULL;
    int h = hidden_of(n_in, hidden_ratio);
    struct iot_ae *ae = iot_calloc(1, iot_ae_size(n_in, hidden_ratio));
    if (ae == NULL)
        return NULL;
    ae->n_in = n_in;
    ae->n_hidden = h;
    ae->lr = lr;
    double *p = (double *)(ae + 1);
    ae->w = p;
    ae->b_hidden = (p += (size_t)n_in * h);
    ae->b_out = (p += h);
    ae->in_min = (p += n_in);
    ae->in_max = (p += n_in);
    ae->scratch = (p += n_in);
    double a = 1.0 / n_in;
    for (size_t i = 0; i < (size_t)n_in * h; i++)
        ae->w[i] = -a + 2 * a * ((double)(next_rand(&seed) >> 11) / 9007199254740992.0);
    for (int i = 0; i < n_in; i++) {
        ae->in_min[i] = INFINITY;
        ae->in_max[i] = -INFINITY;
    }
    return ae;
}

void iot_ae_free(struct iot_ae *ae)
{
    iot_free(ae);
}

static double sigmoid(double v)
{
    return 1.0 / (1.0 + exp(-v));
}

void iot_ae_forward(const struct iot_ae *ae, const double *xs, double *y, double *z)
{
    int n = ae->n_in, h = ae->n_hidden;
    for (int j = 0; j < h; j++) {
        double s = ae->b_hidden[j];
        for (int i = 0; i < n; i++)
            s += xs[i] * ae->w[i * h + j];
        y[j] = sigmoid(s);
    }
    for (int i = 0; i < n; i++) {
        double s = ae->b_out[i];
        const double *row = &ae->w[i * h];
        for (int j = 0; j < h; j++)
            s += y[j] * row[j];
        z[i] = sigmoid(s);
    }
}

/* x scaled by the training range; a feature that never varied maps to 0 (KitNET adds 1e-16
 * to the range for the same reason). */
static void scale(const struct iot_ae *ae, const double *x, double *xs)
{
    for (int i = 0; i < ae->n_in; i++) {
        double range = ae->in_max[i] - ae->in_min[i];
        xs[i] = isfinite(range) ? (x[i] - ae->in_min[i]) / (range + 1e-16) : 0;
    }
}

static double rmse(const double *a, const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return sqrt(s / n);
}

double iot_ae_train(struct iot_ae *ae, const double *x)
{
    int n = ae->n_in, h = ae->n_hidden;
    for (int i = 0; i < n; i++) {
        if (x[i] < ae->in_min[i])
            ae->in_min[i] = x[i];
        if (x[i] > ae->in_max[i])
            ae->in_max[i] = x[i];
    }
    double *xs = ae->scratch, *y = xs + n, *z = y + h, *eh = z + n;
    scale(ae, x, xs);
    iot_ae_forward(ae, xs, y, z);
    /* Cross-entropy with sigmoid outputs: the output error is simply x - z (the descent
     * direction); the hidden error goes back through the tied weights and the sigmoid. */
    for (int j = 0; j < h; j++) {
        double s = 0;
        for (int i = 0; i < n; i++)
            s += (xs[i] - z[i]) * ae->w[i * h + j];
        eh[j] = s * y[j] * (1 - y[j]);
    }
    /* Tied weights: w[i][j] gets the encoder's x_i * eh_j and the decoder's (x_i - z_i) * y_j. */
    for (int i = 0; i < n; i++) {
        double eo = xs[i] - z[i];
        double *row = &ae->w[i * h];
        for (int j = 0; j < h; j++)
            row[j] += ae->lr * (xs[i] * eh[j] + eo * y[j]);
        ae->b_out[i] += ae->lr * eo;
    }
    for (int j = 0; j < h; j++)
        ae->b_hidden[j] += ae->lr * eh[j];
    return rmse(xs, z, n);
}

double iot_ae_score(struct iot_ae *ae, const double *x)
{
    int n = ae->n_in, h = ae->n_hidden;
    double *xs = ae->scratch, *y = xs + n, *z = y + h;
    scale(ae, x, xs);
    iot_ae_forward(ae, xs, y, z);
    return rmse(xs, z, n);
}
