/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Incremental feature correlation and single-linkage clustering with a group-size cap. */
#include "iotsec-common.h"
#include "anomaly/anomaly-fmap.h"

#include <math.h>

#include "util/util-mem.h"

struct iot_fmap {
    int n;
    uint64_t count;
    double *sum;   /* Σ x */
    double *rs;    /* Σ r² where r = x - running mean */
    double *c;     /* n x n: Σ r_a r_b */
    double *r;     /* scratch */
};

struct iot_fmap *iot_fmap_new(int n)
{
    if (n < 1 || n > 1024)
        return NULL;
    struct iot_fmap *m = iot_calloc(1, sizeof(*m));
    if (m == NULL)
        return NULL;
    m->n = n;
    m->sum = iot_calloc((size_t)n, sizeof(double));
    m->rs = iot_calloc((size_t)n, sizeof(double));
    m->r = iot_calloc((size_t)n, sizeof(double));
    m->c = iot_calloc((size_t)n * (size_t)n, sizeof(double));
    if (m->sum == NULL || m->rs == NULL || m->r == NULL || m->c == NULL) {
        iot_fmap_free(m);
        return NULL;
    }
    return m;
}

void iot_fmap_free(struct iot_fmap *m)
{
    if (m == NULL)
        return;
    iot_free(m->sum);
    iot_free(m->rs);
    iot_free(m->r);
    iot_free(m->c);
    iot_free(m);
}

/* KitNET's approximation: residuals against the running mean, so one pass and O(n²) a vector. */
void iot_fmap_update(struct iot_fmap *m, const double *x)
{
    int n = m->n;
    m->count++;
    for (int i = 0; i < n; i++) {
        m->sum[i] += x[i];
        m->r[i] = x[i] - m->sum[i] / (double)m->count;
        m->rs[i] += m->r[i] * m->r[i];
    }
    for (int a = 0; a < n; a++) {
        double ra = m->r[a];
        if (ra == 0)
            continue;
        double *row = &m->c[(size_t)a * n];
        for (int b = 0; b < n; b++)
            row[b] += ra * m->r[b];
    }
}

double iot_fmap_distance(const struct iot_fmap *m, int a, int b)
{
    double d = sqrt(m->rs[a]) * sqrt(m->rs[b]);
    if (!(d > 0))
        return 1;
    double dist = 1 - m->c[(size_t)a * m->n + b] / d;
    if (isnan(dist)) /* a feature that went non-finite: nothing known */
        return 1;
    return dist < 0 ? 0 : dist > 2 ? 2 : dist;
}

/* The single-linkage dendrogram: node i < n is feature i; node n + k is the k-th merge. */
struct dendro {
    int *left, *right, *count;
};

/* Single linkage, naively: O(n³) once per model (115 features: about 10⁶ steps). Merges the
 * closest pair of clusters each round; ties go to the lowest indices. */
static int build(const struct iot_fmap *m, struct dendro *t)
{
    int n = m->n;
    int *node = iot_calloc((size_t)n, sizeof(int)); /* the dendrogram node of each live cluster */
    double *d = iot_calloc((size_t)n * n, sizeof(double));
    if (node == NULL || d == NULL) {
        iot_free(node);
        iot_free(d);
        return -1;
    }
    for (int a = 0; a < n; a++) {
        node[a] = a;
        for (int b = 0; b < n; b++)
            d[(size_t)a * n + b] = iot_fmap_distance(m, a, b);
    }
    for (int k = 0; k < n - 1; k++) {
        int ba = -1, bb = -1;
        double best = INFINITY;
        for (int a = 0; a < n; a++) {
            if (node[a] < 0)
                continue;
            for (int b = a + 1; b < n; b++)
                if (node[b] >= 0 && d[(size_t)a * n + b] < best) {
                    best = d[(size_t)a * n + b];
                    ba = a;
                    bb = b;
                }
        }
        if (ba < 0) /* cannot happen with distances in [0, 2]; never index with it */
            break;
        t->left[k] = node[ba];
        t->right[k] = node[bb];
        t->count[k] = (node[ba] < n ? 1 : t->count[node[ba] - n]) +
                      (node[bb] < n ? 1 : t->count[node[bb] - n]);
        node[ba] = n + k;
        node[bb] = -1;
        for (int c = 0; c < n; c++) { /* single linkage: the nearer of the two */
            double v = fmin(d[(size_t)ba * n + c], d[(size_t)bb * n + c]);
            d[(size_t)ba * n + c] = d[(size_t)c * n + ba] = v;
        }
    }
    iot_free(node);
    iot_free(d);
    return 0;
}

static int node_count(const struct dendro *t, int n, int node)
{
    return node < n ? 1 : t->count[node - n];
}

static void leaves(const struct dendro *t, int n, int node, int *order, int *pos)
{
    if (node < n) {
        order[(*pos)++] = node;
        return;
    }
    leaves(t, n, t->left[node - n], order, pos);
    leaves(t, n, t->right[node - n], order, pos);
}

/* Top-down: a node small enough is a group, else its two children are split further. */
static void split(const struct dendro *t, int n, int node, int max_group, int *order, int *pos,
                  int *sizes, int *groups)
{
    if (node_count(t, n, node) <= max_group) {
        int before = *pos;
        leaves(t, n, node, order, pos);
        sizes[(*groups)++] = *pos - before;
        return;
    }
    split(t, n, t->left[node - n], max_group, order, pos, sizes, groups);
    split(t, n, t->right[node - n], max_group, order, pos, sizes, groups);
}

int iot_fmap_cluster(const struct iot_fmap *m, int max_group, int *order, int *sizes)
{
    int n = m->n;
    if (max_group < 1)
        return -1;
    if (n == 1) {
        order[0] = 0;
        sizes[0] = 1;
        return 1;
    }
    struct dendro t;
    t.left = iot_calloc((size_t)n, sizeof(int));
    t.right = iot_calloc((size_t)n, sizeof(int));
    t.count = iot_calloc((size_t)n, sizeof(int));
    int groups = -1;
    if (t.left != NULL && t.right != NULL && t.count != NULL && build(m, &t) == 0) {
        int pos = 0;
        groups = 0;
        split(&t, n, n + n - 2, max_group, order, &pos, sizes, &groups);
    }
    iot_free(t.left);
    iot_free(t.right);
    iot_free(t.count);
    return groups;
}
