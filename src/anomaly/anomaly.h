/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The behavioural anomaly observer: per packet, the 115 features (anomaly-features.h) into
 * KitNET (anomaly-kitnet.h), and a verdict against the sending device's own threshold.
 *
 * Phases, counted in packets: map (fm_grace) and train (ad_grace) as KitNET; then calibrate
 * (cal_grace): packets are scored, and the empirical (1 - fpr) quantile of each device's
 * scores is its threshold (kept as the largest scores in a small heap; a device with fewer than
 * 1 / fpr scores uses the quantile of all devices' scores together); each device's feature
 * means and spreads over train and calibrate are its baseline, for explanations. Then detect.
 *
 * Each device also learns what it does in terms a person can weigh (anomaly-rates.h: packets,
 * bytes and new destinations per second), the peers, services and DNS names it uses, and its
 * kind from the inventory. At the end of calibration the devices of one kind make that kind's
 * profile: a device first seen later starts from its kind's profile (threshold, baselines,
 * usual peers, services and names) as soon as the inventory knows its kind.
 *
 * Facts in: struct iot_feat_packet, the sender's MAC, and the context (kind, DNS query name).
 * Out: a verdict the engine turns into an EVE anomaly event (type "behaviour"), at most one per
 * device per window, with the device's last packets. Devices are a fixed table (max_devices);
 * beyond it new senders share the pooled threshold and have no baseline (counted).
 * Deterministic under a fixed seed. */
#ifndef IOTSEC_ANOMALY_ANOMALY_H
#define IOTSEC_ANOMALY_ANOMALY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "anomaly/anomaly-features.h"
#include "anomaly/anomaly-rates.h"

#define IOT_ANOMALY_MIN_SAMPLES 200
#define IOT_ANOMALY_TOP 3
#define IOT_ANOMALY_KIND_SIZE 32  /* an inventory kind, NUL included */
#define IOT_ANOMALY_NAME_SIZE 128 /* a DNS name in a novelty list, NUL included */
#define IOT_ANOMALY_RING 8        /* packets of the device a report carries */

struct iot_anomaly_config {
    uint64_t memcap;      /* feature tables, bytes */
    uint64_t fm_grace, ad_grace, cal_grace;
    int max_ae;
    double fpr;           /* wanted false-positive rate per packet, e.g. 0.001 */
    uint64_t max_devices;
    double window;        /* seconds between two events about one device */
    uint64_t seed;        /* 0: random hash key (the network is seeded by 1 then) */
};

enum iot_anomaly_phase { IOT_ANOMALY_MAP, IOT_ANOMALY_TRAIN, IOT_ANOMALY_CALIBRATE,
                         IOT_ANOMALY_DETECT };

/* A feature that moved, against the device's baseline. */
struct iot_anomaly_feature {
    int index;         /* into the feature vector: iot_feat_name / iot_feat_half_life */
    double value, baseline_mean, baseline_std;
};

#define IOT_ANOMALY_NEW 4

/* A peer address or a service (protocol and the lower of the two ports) the device never used
 * while learning. */
struct iot_anomaly_peer {
    uint8_t ip_ver;
    uint8_t ip[16];
};

/* Whose threshold and baseline judged the packet. */
enum iot_anomaly_ref { IOT_ANOMALY_REF_NETWORK, IOT_ANOMALY_REF_DEVICE, IOT_ANOMALY_REF_KIND };

/* One packet of the device, as a report shows it. */
struct iot_anomaly_packet {
    double t, score; /* score 0 when it was not scored */
    uint32_t len;
    uint8_t ip_ver, proto;
    uint16_t sp, dp;
    uint8_t src[16], dst[16];
};

/* What the engine knows about the packet beyond its headers; any field may be NULL. */
struct iot_anomaly_context {
    const char *kind;      /* the sender's kind in the inventory ("camera") */
    const char *dns_query; /* the name a DNS query asks for */
    bool dns_query_odd;    /* its text hides bytes (a NUL inside a label...): always new */
};

struct iot_anomaly_verdict {
    enum iot_anomaly_phase phase;
    double score, threshold; /* score 0 and threshold 0 before detect */
    bool anomalous;          /* score > threshold */
    bool report;             /* anomalous and the device's window allows an event */
    enum iot_anomaly_ref ref;                /* whose threshold and baseline */
    char ref_kind[IOT_ANOMALY_KIND_SIZE];    /* the kind, with IOT_ANOMALY_REF_KIND */
    uint64_t suppressed;     /* anomalous packets of this device since its last event */
    int ntop;
    struct iot_anomaly_feature top[IOT_ANOMALY_TOP];
    /* With a report: what the device did since its previous report that it never did while
     * learning (first IOT_ANOMALY_NEW of each, and how many packets went to any new one). A
     * device that used more than 64 peers or 32 services while learning has no list there. */
    int nnew_peers, nnew_services;
    struct iot_anomaly_peer new_peers[IOT_ANOMALY_NEW];
    uint32_t new_services[IOT_ANOMALY_NEW]; /* protocol << 16 | port */
    uint64_t new_peer_packets, new_service_packets;
    /* DNS names it asked for that it never asked for while learning (first few, and how many
     * queries asked for any new one). */
    int nnew_names;
    char new_names[IOT_ANOMALY_NEW][IOT_ANOMALY_NAME_SIZE];
    uint64_t new_name_queries;
    /* Its rates now against its usual ones, most unusual first. */
    int nrates;
    struct iot_rate_value rates[IOT_RATE_KINDS + 1];
    /* Its last packets up to this one, oldest first. */
    int npackets;
    struct iot_anomaly_packet packets[IOT_ANOMALY_RING];
};

struct iot_anomaly_stats {
    enum iot_anomaly_phase phase;
    uint64_t packets, scored, anomalous, reported;
    uint64_t devices, devices_over_cap;
    uint64_t late_devices, kind_seeded, kinds; /* first seen after calibration; of them seeded
                                                * by their kind; kinds with a threshold */
    struct iot_feat_stats feat;
};

struct iot_anomaly;

struct iot_anomaly *iot_anomaly_new(const struct iot_anomaly_config *c, char *err, size_t errlen);
void iot_anomaly_free(struct iot_anomaly *a);

void iot_anomaly_packet(struct iot_anomaly *a, const struct iot_feat_packet *p,
                        const struct iot_anomaly_context *ctx, struct iot_anomaly_verdict *v);

void iot_anomaly_get_stats(const struct iot_anomaly *a, struct iot_anomaly_stats *st);

#define IOT_ANOMALY_KEY_BYTES 32

/* The learned state (network, thresholds, baselines) as bytes the caller frees with iot_free;
 * NULL before the network exists. Devices first seen after calibration are not saved (they
 * start again from their kind). With a key, the checksum is a keyed BLAKE2b: only a holder of
 * the key can make a model that loads. Load refuses a damaged, altered or other-version model,
 * one made for other features, a keyed model without its key and an unkeyed one when a key is
 * given. */
uint8_t *iot_anomaly_save(const struct iot_anomaly *a, const uint8_t *key, size_t *len);
struct iot_anomaly *iot_anomaly_load(const struct iot_anomaly_config *c, const uint8_t *key,
                                     const uint8_t *buf, size_t len, char *err, size_t errlen);

/* "192.168.1.20" / "TCP/23" for the novelty lists. */
void iot_anomaly_peer_text(const struct iot_anomaly_peer *p, char *buf, size_t len);
void iot_anomaly_service_text(uint32_t service, char *buf, size_t len);

/* The verdict in words: the score against the threshold, the most unusual rate ("new
 * destinations on TCP/23: 412 per second over the last second, 40 times its usual 10"), each
 * top feature with its value and the baseline's, and what is new. who names the device
 * ("camera 192.168.1.10"). */
void iot_anomaly_explain(const struct iot_anomaly_verdict *v, double fpr, const char *who,
                         char *buf, size_t len);

#endif
