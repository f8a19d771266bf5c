/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One small denoising-style autoencoder of KitNET (Kitsune's detector, Mirsky et al. 2018):
 * inputs scaled to [0, 1] by the minimum and maximum seen while training, a sigmoid hidden layer
 * of ceil(0.75 n) units, a sigmoid output layer with the transposed (tied) weights, trained
 * online by stochastic gradient descent on the cross-entropy between input and reconstruction.
 * The anomaly score of an input is the root mean square of (input - reconstruction).
 *
 * Ownership: iot_ae_new allocates one block for the network, iot_ae_free releases it. No other
 * allocation; train and score cost O(n * hidden). Deterministic: the initial weights come from
 * the seed. */
#ifndef IOTSEC_ANOMALY_ANOMALY_AE_H
#define IOTSEC_ANOMALY_ANOMALY_AE_H

#include <stddef.h>
#include <stdint.h>

#define IOT_AE_MAX_INPUTS 1024

struct iot_ae {
    int n_in, n_hidden;
    double lr;
    double *w;          /* n_in x n_hidden, row-major: w[i * n_hidden + j] */
    double *b_hidden;   /* n_hidden */
    double *b_out;      /* n_in */
    double *in_min, *in_max; /* the scaling learnt while training */
    double *scratch;    /* x, y, z, hidden error: n_in + n_hidden + n_in + n_hidden */
};

/* A network for n_in inputs (1..IOT_AE_MAX_INPUTS) with hidden = ceil(ratio * n_in) units
 * (at least 1), weights uniform in (-1/n_in, 1/n_in) from seed, biases 0. NULL when out of
 * memory or n_in is out of range. */
struct iot_ae *iot_ae_new(int n_in, double hidden_ratio, double lr, uint64_t seed);
void iot_ae_free(struct iot_ae *ae);

/* One SGD step on x (n_in values; the scaling widens to include them). Returns the RMSE of
 * the reconstruction before the step. */
double iot_ae_train(struct iot_ae *ae, const double *x);

/* The RMSE of x's reconstruction, scaled by what training saw (values outside it are not
 * clamped: an input beyond anything seen is what should score high). */
double iot_ae_score(struct iot_ae *ae, const double *x);

/* The forward pass alone on an already scaled input: hidden activations into y (n_hidden),
 * reconstruction into z (n_in). For tests and explanations. */
void iot_ae_forward(const struct iot_ae *ae, const double *xs, double *y, double *z);

/* Bytes the network occupies. */
size_t iot_ae_size(int n_in, double hidden_ratio);

#endif
