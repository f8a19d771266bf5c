/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals of the flow layer shared by flow.c and flow-stream.c: the table itself. */
#ifndef IOTSEC_FLOW_FLOW_PRIVATE_H
#define IOTSEC_FLOW_FLOW_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include <sodium.h>

#include "flow/flow.h"

/* Timeout classes: one LRU list each, so the list head is always the next flow to time out. */
enum iot_flow_tclass {
    IOT_TC_NEW = 0,
    IOT_TC_TCP_EST,
    IOT_TC_TCP_CLOSED,
    IOT_TC_UDP,
    IOT_TC_OTHER, /* ICMP, GRE and any other IP protocol */
    IOT_TC_COUNT,
};

struct iot_flow_lru {
    struct iot_flow *head, *tail; /* head = least recently used */
};

struct iot_flow_table {
    struct iot_flow_config cfg;
    struct iot_flow_callbacks cb;
    struct iot_flow_stats stats;
    uint8_t key[crypto_shorthash_KEYBYTES]; /* SipHash key, secret per run */
    struct iot_flow **buckets;
    uint32_t mask; /* bucket count - 1 */
    uint32_t timeout[IOT_TC_COUNT];
    struct iot_flow_lru lru[IOT_TC_COUNT];
    struct iot_flow *chead, *ctail; /* creation order */
    uint64_t next_id;
    struct iot_ts last_sweep;
    bool swept; /* last_sweep is valid */
};

#endif
