/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Damped incremental statistics (Kitsune's "AfterImage", Mirsky et al., NDSS 2018, section
 * IV-B): for one stream of values x_k arriving at times t_k, at each of IOT_INCSTAT_LAMBDAS
 * decay factors λ, the weight w = Σ 2^(-λ(t - t_k)), the weighted mean and variance, updated
 * in O(1) per value. A pair of streams (the two directions of a channel or a socket) adds
 * the magnitude sqrt(μa² + μb²), the radius sqrt(σa² + σb²), the approximate covariance (sum
 * of decayed products of each value's residual with the other stream's last residual, over
 * their number) and the correlation coefficient cov / (σa σb).
 *
 * Times are seconds (double). A value older than the last one is taken as arriving at the last
 * time (capture clocks step back; the statistics must not grow weights above their count).
 * Fixed-size structs, no allocation: the tables that hold them own the memory. */
#ifndef IOTSEC_ANOMALY_ANOMALY_INCSTAT_H
#define IOTSEC_ANOMALY_ANOMALY_INCSTAT_H

#include <stddef.h>

/* λ = 5, 3, 1, 0.1, 0.01: half-lives of 0.2 s, 0.33 s, 1 s, 10 s and 100 s. */
#define IOT_INCSTAT_LAMBDAS 5
extern const double iot_incstat_lambda[IOT_INCSTAT_LAMBDAS];

struct iot_incstat {
    double w[IOT_INCSTAT_LAMBDAS];  /* decayed count */
    double ls[IOT_INCSTAT_LAMBDAS]; /* decayed linear sum */
    double ss[IOT_INCSTAT_LAMBDAS]; /* decayed sum of squares */
    double t_last;
    int started;
};

/* Two streams a (0) and b (1) and what binds them. */
struct iot_incstat_pair {
    struct iot_incstat s[2];
    double sr[IOT_INCSTAT_LAMBDAS];      /* decayed sum of residual products */
    double w3[IOT_INCSTAT_LAMBDAS];      /* decayed number of products */
    double r_last[2][IOT_INCSTAT_LAMBDAS]; /* each stream's last residual */
    double t_last;
    int started;
};

/* Features of one stream at one λ, and of a pair. */
struct iot_incstat_1d {
    double w, mean, std;
};
struct iot_incstat_2d {
    double magnitude, radius, cov, pcc;
};

void iot_incstat_init(struct iot_incstat *s);
/* Decays to time t and adds x. */
void iot_incstat_update(struct iot_incstat *s, double t, double x);
/* The statistics as of the last update (no decay to a later time). */
void iot_incstat_get(const struct iot_incstat *s, int lambda_index, struct iot_incstat_1d *out);
/* The statistics decayed to time t, without adding anything (what a reader sees at t). */
void iot_incstat_get_at(const struct iot_incstat *s, double t, int lambda_index,
                        struct iot_incstat_1d *out);

void iot_incstat_pair_init(struct iot_incstat_pair *p);
/* Adds x at time t to stream side (0 or 1), then its residual to the pair. */
void iot_incstat_pair_update(struct iot_incstat_pair *p, int side, double t, double x);
void iot_incstat_pair_get(const struct iot_incstat_pair *p, int lambda_index,
                          struct iot_incstat_2d *out);

#endif
