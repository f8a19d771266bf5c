/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Damped incremental statistics, one and two streams. */
#include "iotsec-common.h"
#include "anomaly/anomaly-incstat.h"

#include <math.h>

const double iot_incstat_lambda[IOT_INCSTAT_LAMBDAS] = {5, 3, 1, 0.1, 0.01};

void iot_incstat_init(struct iot_incstat *s)
{
    memset(s, 0, sizeof(*s));
}

/* The factor each λ's sums are multiplied by over dt seconds: 2^(-λ dt). */
static void decay_factors(double dt, double f[IOT_INCSTAT_LAMBDAS])
{
    for (int i = 0; i < IOT_INCSTAT_LAMBDAS; i++)
        f[i] = dt > 0 ? exp2(-iot_incstat_lambda[i] * dt) : 1.0;
}

void iot_incstat_update(struct iot_incstat *s, double t, double x)
{
    if (!s->started) {
        s->started = 1;
        s->t_last = t;
    }
    if (t < s->t_last)
        t = s->t_last;
    double f[IOT_INCSTAT_LAMBDAS];
    decay_factors(t - s->t_last, f);
    for (int i = 0; i < IOT_INCSTAT_LAMBDAS; i++) {
        s->w[i] = s->w[i] * f[i] + 1;
        s->ls[i] = s->ls[i] * f[i] + x;
        s->ss[i] = s->ss[i] * f[i] + x * x;
    }
    s->t_last = t;
}

static void stats_of(double w, double ls, double ss, struct iot_incstat_1d *out)
{
    out->w = w;
    if (w <= 0) {
        out->mean = out->std = 0;
        return;
    }
    out->mean = ls / w;
    /* E[x²] - E[x]² loses precision when the variance is tiny next to the mean: clamp at 0. */
    double var = ss / w - out->mean * out->mean;
    out->std = var > 0 ? sqrt(var) : 0;
}

void iot_incstat_get(const struct iot_incstat *s, int i, struct iot_incstat_1d *out)
{
    stats_of(s->w[i], s->ls[i], s->ss[i], out);
}

void iot_incstat_get_at(const struct iot_incstat *s, double t, int i, struct iot_incstat_1d *out)
{
    double f = t > s->t_last ? exp2(-iot_incstat_lambda[i] * (t - s->t_last)) : 1.0;
    /* mean and std are ratios of sums decayed alike: only the weight changes. */
    stats_of(s->w[i] * f, s->ls[i] * f, s->ss[i] * f, out);
}

/* Brings s to time t without adding a value (the other side of a pair, when one side moves). */
static void decay_to(struct iot_incstat *s, double t)
{
    if (!s->started || t <= s->t_last)
        return;
    double f[IOT_INCSTAT_LAMBDAS];
    decay_factors(t - s->t_last, f);
    for (int i = 0; i < IOT_INCSTAT_LAMBDAS; i++) {
        s->w[i] *= f[i];
        s->ls[i] *= f[i];
        s->ss[i] *= f[i];
    }
    s->t_last = t;
}

void iot_incstat_pair_init(struct iot_incstat_pair *p)
{
    memset(p, 0, sizeof(*p));
}

void iot_incstat_pair_update(struct iot_incstat_pair *p, int side, double t, double x)
{
    side = side ? 1 : 0;
    if (!p->started) {
        p->started = 1;
        p->t_last = t;
    }
    if (t < p->t_last)
        t = p->t_last;
    iot_incstat_update(&p->s[side], t, x);
    decay_to(&p->s[!side], t); /* both sides' statistics are then as of t */
    double f[IOT_INCSTAT_LAMBDAS];
    decay_factors(t - p->t_last, f);
    for (int i = 0; i < IOT_INCSTAT_LAMBDAS; i++) {
        double mean = p->s[side].ls[i] / p->s[side].w[i];
        double r = x - mean;
        p->sr[i] = p->sr[i] * f[i] + r * p->r_last[!side][i];
        p->w3[i] = p->w3[i] * f[i] + 1;
        p->r_last[side][i] = r;
    }
    p->t_last = t;
}

void iot_incstat_pair_get(const struct iot_incstat_pair *p, int i, struct iot_incstat_2d *out)
{
    struct iot_incstat_1d a, b;
    iot_incstat_get(&p->s[0], i, &a);
    iot_incstat_get(&p->s[1], i, &b);
    out->magnitude = sqrt(a.mean * a.mean + b.mean * b.mean);
    out->radius = sqrt(a.std * a.std + b.std * b.std);
    out->cov = p->w3[i] > 0 ? p->sr[i] / p->w3[i] : 0;
    double d = a.std * b.std;
    out->pcc = d > 0 ? out->cov / d : 0;
}
