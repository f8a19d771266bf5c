/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the anomaly observer: what it keeps per device and per kind, shared by the observer
 * (anomaly.c) and its saved form (anomaly-model.c). Not a public interface. */
#ifndef IOTSEC_ANOMALY_ANOMALY_DEVICE_H
#define IOTSEC_ANOMALY_ANOMALY_DEVICE_H

#include <sodium.h>

#include "anomaly/anomaly-kitnet.h"
#include "anomaly/anomaly.h"

/* The largest calibration scores a device keeps: its (1 - fpr) quantile is the
 * (fpr * n + 1)-th largest of its n scores, so 64 serve up to n = 64 / fpr. */
#define DEV_TOP 64
#define POOL_TOP 4096
#define DEV_PEERS 64
#define DEV_SERVICES 32
#define DEV_NAMES 32
#define MAX_KINDS 32 /* the inventory knows 18 (inventory-rules.c): room for all */

/* A min-heap of the largest scores seen. */
struct top_scores {
    uint32_t n, cap;
    double *v;
};

/* A learnt set of keyed 32-bit hashes; over its cap the device is "many" and has no novelty
 * list for it. */
#define HASH_SET(cap) \
    struct {          \
        uint32_t v[cap]; \
        uint32_t n;   \
        bool many;    \
    }

/* What a device did since its previous report that it never did while learning. */
struct novelty {
    int npeers, nservices, nnames;
    struct iot_anomaly_peer peers[IOT_ANOMALY_NEW];
    uint32_t services[IOT_ANOMALY_NEW];
    char names[IOT_ANOMALY_NEW][IOT_ANOMALY_NAME_SIZE];
    uint32_t name_keys[IOT_ANOMALY_NEW]; /* the listed names compare as the learnt ones do */
    uint64_t peer_packets, service_packets, name_queries;
};

struct dev {
    uint8_t mac[6];
    char kind[IOT_ANOMALY_KIND_SIZE]; /* the inventory's, last known */
    bool late;     /* first seen after calibration: not saved, judged by its kind */
    bool seeded;   /* took its kind's profile */
    HASH_SET(DEV_PEERS) peers;
    HASH_SET(DEV_SERVICES) services;
    HASH_SET(DEV_NAMES) names;
    struct novelty novel;
    struct iot_rates rates;
    struct iot_rate_usual usual;
    struct iot_anomaly_packet ring[IOT_ANOMALY_RING];
    uint32_t ring_n;
    uint64_t nscore;
    double score_sum, score_ss; /* of the calibration scores: their spread */
    double top_v[DEV_TOP];
    struct top_scores top;
    uint64_t nfeat;
    double fmean[IOT_FEAT_COUNT], fm2[IOT_FEAT_COUNT]; /* Welford over each feature */
    double threshold;
    bool has_threshold;
    bool evented;
    double last_event;
    uint64_t suppressed;
};

/* A kind's profile: its devices merged (scores, baselines, sets, rates). */
struct kind_profile {
    struct dev d;
    double top_v[POOL_TOP];
};

struct iot_anomaly {
    struct iot_anomaly_config c;
    struct iot_feat *feat;
    struct iot_kitnet *net;
    uint64_t seen;
    struct dev **slots;     /* open addressing on the MAC, 2 x max_devices slots */
    uint64_t nslots, ndev, over_cap, late, kind_seeded;
    struct dev pool;        /* every device's scores and features: the fallback */
    double pool_top[POOL_TOP];
    struct kind_profile *kinds[MAX_KINDS];
    uint32_t nkinds;
    uint64_t scored, anomalous, reported;
    double x[IOT_FEAT_COUNT];
    uint8_t hash_key[crypto_shorthash_KEYBYTES];
};

/* A zeroed observer for c with its tables and no network; NULL with a message. */
struct iot_anomaly *iot_anomaly_alloc(const struct iot_anomaly_config *c, char *err,
                                      size_t errlen);
/* The device of mac, made when create and there is room; NULL otherwise. */
struct dev *iot_anomaly_device(struct iot_anomaly *a, const uint8_t mac[6], bool create);
enum iot_anomaly_phase iot_anomaly_phase_of(const struct iot_anomaly *a);
void iot_anomaly_top_push(struct top_scores *t, double v);
/* Thresholds from the kept scores, then the kinds' profiles (end of calibration, and load). */
void iot_anomaly_finish_learning(struct iot_anomaly *a);

#endif
