/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KitNET's feature mapper: learns, from the feature vectors of a grace period, which features
 * move together (incremental correlation of every pair), then groups them by single-linkage
 * hierarchical clustering on the distance 1 - correlation, splitting the dendrogram top-down
 * until every group has at most max_group features. Each group gets its own small
 * autoencoder, so correlated features are judged together.
 *
 * Memory: O(n²) doubles while learning (115 features: 106 KiB), freed by iot_fmap_free.
 * Deterministic: ties are broken by feature index. */
#ifndef IOTSEC_ANOMALY_ANOMALY_FMAP_H
#define IOTSEC_ANOMALY_ANOMALY_FMAP_H

#include <stddef.h>
#include <stdint.h>

struct iot_fmap;

/* n features (1..1024). NULL when out of memory or n is out of range. */
struct iot_fmap *iot_fmap_new(int n);
void iot_fmap_free(struct iot_fmap *m);

/* Adds one feature vector (n values). */
void iot_fmap_update(struct iot_fmap *m, const double *x);

/* The correlation distance of features a and b, 1 - r clamped to [0, 2]; 1 when either never
 * varied (nothing known). */
double iot_fmap_distance(const struct iot_fmap *m, int a, int b);

/* Clusters: order gets the n feature indices grouped, sizes the length of each group; returns
 * the number of groups (each 1..max_group), or -1 on bad arguments / out of memory. order and
 * sizes hold n entries each. */
int iot_fmap_cluster(const struct iot_fmap *m, int max_group, int *order, int *sizes);

#endif
