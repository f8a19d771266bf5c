/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nDPI on every flow: master and application protocol, category, confidence and flow risks.
 * Packets are fed until nDPI's verdict is final (or a per-protocol packet budget runs out, as
 * ndpiReader does); then nDPI's large per-flow state is freed and only the verdict is kept. */
#ifndef IOTSEC_APP_APP_NDPI_H
#define IOTSEC_APP_APP_NDPI_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode.h"
#include "flow/flow.h"

struct iot_ndpi;

/* What nDPI decided about a flow, kept after its state is gone. */
struct iot_ndpi_verdict {
    uint16_t master_id, app_id;
    int category;
    int confidence;
    uint64_t risk; /* bitmask of ndpi_risk_enum */
    bool guessed;  /* decided by port/IP guess at give-up time, not by inspection */
    char hostname[80]; /* SNI, HTTP Host or DNS query name, when nDPI found one */
};

struct iot_ndpi_stats {
    uint64_t flows;           /* flows given to nDPI */
    uint64_t detected;        /* decided by inspection */
    uint64_t guessed;         /* decided by guess at give-up */
    uint64_t unknown;         /* still unknown at the end */
    uint64_t pkts_inspected;  /* packets handed to nDPI */
    uint64_t alloc_failed;    /* flows that got no nDPI state (memory) */
    uint64_t too_big;         /* packets over 65535 bytes (jumbograms) nDPI cannot take */
};

/* Creates the nDPI module with every protocol enabled. max_tcp / max_udp: packets per flow
 * before giving up (ndpiReader uses 80 and 24). Returns NULL on failure. */
struct iot_ndpi *iot_ndpi_new(uint32_t max_tcp, uint32_t max_udp);
void iot_ndpi_free(struct iot_ndpi *n);

/* Inspects one packet of flow f (its app state is created on the first call, and its size is
 * charged to the flow table). Does nothing once the verdict is final. Returns the verdict when
 * this packet settled it by inspection (once per flow; guesses at give-up are not returned),
 * else NULL. */
const struct iot_ndpi_verdict *iot_ndpi_process(struct iot_ndpi *n, struct iot_flow_table *t, struct iot_flow *f,
                      const struct iot_packet *p);

/* Settles the verdict of a flow that is ending (give-up with guessing, as ndpiReader does) and
 * returns it; NULL when the flow never had nDPI state. */
const struct iot_ndpi_verdict *iot_ndpi_flow_verdict(struct iot_ndpi *n, struct iot_flow_table *t,
                                                     struct iot_flow *f);

/* Frees the app state of f (the flow table's app_free callback). */
void iot_ndpi_flow_free(struct iot_flow *f);

/* Names: "TLS.Amazon" style full name, the master and app names, category, confidence. */
void iot_ndpi_proto_name(struct iot_ndpi *n, const struct iot_ndpi_verdict *v, char *buf,
                         size_t len);
const char *iot_ndpi_id_name(struct iot_ndpi *n, uint16_t id);
const char *iot_ndpi_category_name(struct iot_ndpi *n, const struct iot_ndpi_verdict *v);
const char *iot_ndpi_confidence_name(const struct iot_ndpi_verdict *v);
/* Lower-case protocol name for EVE's app_proto ("tls", "dns", "failed" when unknown). */
void iot_ndpi_app_proto(struct iot_ndpi *n, const struct iot_ndpi_verdict *v, char *buf,
                        size_t len);
/* Name of risk bit i (0..63), or NULL when i is not a risk nDPI defines. */
const char *iot_ndpi_risk_name(unsigned i);

const struct iot_ndpi_stats *iot_ndpi_get_stats(const struct iot_ndpi *n);

#endif
