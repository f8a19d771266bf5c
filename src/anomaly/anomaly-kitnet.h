/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KitNET: the ensemble of small autoencoders that scores feature vectors (Mirsky et al., NDSS
 * 2018, section IV-C). Three phases, by the number of vectors seen:
 *   map    (fm_grace vectors): the feature mapper learns correlations, then groups features;
 *   train  (ad_grace vectors): one autoencoder per group learns its features, an output
 *          autoencoder learns the groups' reconstruction errors;
 *   score: the output autoencoder's error is the anomaly score; nothing is learnt any more.
 * The learned state saves to bytes and loads back (format in docs/anomaly.md: magic, version,
 * sizes, parameters, BLAKE2b-256 of all of it: against corruption, not a forger, who can
 * recompute it); a model whose checksum, version, shapes or values (non-finite, inverted
 * ranges) do not hold is refused. Deterministic under a fixed seed. */
#ifndef IOTSEC_ANOMALY_ANOMALY_KITNET_H
#define IOTSEC_ANOMALY_ANOMALY_KITNET_H

#include <stddef.h>
#include <stdint.h>

struct iot_kitnet_config {
    int max_ae;          /* features per group, at most (Kitsune: 10) */
    uint64_t fm_grace;   /* vectors for the mapper (Kitsune: 5,000) */
    uint64_t ad_grace;   /* vectors for training (Kitsune: 50,000) */
    double lr;           /* SGD learning rate (0.1) */
    double hidden_ratio; /* hidden units per input (0.75) */
    uint64_t seed;
};

enum iot_kitnet_phase { IOT_KITNET_MAP, IOT_KITNET_TRAIN, IOT_KITNET_SCORE };

struct iot_kitnet;

/* n features (1..1024). NULL on bad configuration or out of memory. */
struct iot_kitnet *iot_kitnet_new(int n, const struct iot_kitnet_config *c);
void iot_kitnet_free(struct iot_kitnet *k);

/* Learns from or scores x (n values) according to the phase. Returns the score in the score
 * phase, the reconstruction error before the step while training, 0 while mapping, and -1 when
 * the groups could not be built (out of memory; the vector is ignored). */
double iot_kitnet_process(struct iot_kitnet *k, const double *x);

enum iot_kitnet_phase iot_kitnet_phase(const struct iot_kitnet *k);
/* Vectors seen and the two grace periods (a wrapper checks its own copies against them). */
void iot_kitnet_counts(const struct iot_kitnet *k, uint64_t *seen, uint64_t *fm_grace,
                       uint64_t *ad_grace);

/* After the mapper: the number of groups, and for group g its features and the reconstruction
 * error of the last vector processed (what moved: the explanation starts there). */
int iot_kitnet_groups(const struct iot_kitnet *k);
int iot_kitnet_group(const struct iot_kitnet *k, int g, const int **features, double *error);

/* The model as bytes (a new buffer the caller frees with iot_free), or NULL when out of memory
 * or still mapping (nothing to save yet). */
uint8_t *iot_kitnet_save(const struct iot_kitnet *k, size_t *len);
/* A model from bytes. NULL with err set for a damaged, altered, other-version or mis-shaped
 * model. */
struct iot_kitnet *iot_kitnet_load(const uint8_t *buf, size_t len, char *err, size_t errlen);

#endif
