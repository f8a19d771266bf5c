/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bidirectional flow table: 5-tuple plus VLAN, SipHash-keyed under a random per-run key,
 * a hard memory cap with timeout-then-LRU eviction, per-protocol and per-TCP-state idle
 * timeouts, and bounded TCP stream reassembly that delivers in-order bytes to a callback.
 *
 * Thread safety: a table belongs to one thread; nothing here locks. */
#ifndef IOTSEC_FLOW_FLOW_H
#define IOTSEC_FLOW_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode.h"

enum iot_flow_dir {
    IOT_DIR_TOSERVER = 0, /* same direction as the packet that created the flow */
    IOT_DIR_TOCLIENT = 1,
};

enum iot_flow_state {
    IOT_FLOW_STATE_NEW = 0, /* packets seen in one direction only (or TCP handshake unfinished) */
    IOT_FLOW_STATE_ESTABLISHED, /* both directions seen (TCP: handshake completed) */
    IOT_FLOW_STATE_CLOSED,      /* TCP FIN in both directions or RST */
};

enum iot_flow_end_reason {
    IOT_FLOW_END_TIMEOUT = 0, /* idle longer than its protocol/state timeout */
    IOT_FLOW_END_EVICTED,     /* memcap reached: the least recently used flow made room */
    IOT_FLOW_END_SHUTDOWN,    /* end of capture */
    IOT_FLOW_END_TCP_REUSE,   /* a new SYN reused the ports of a closed TCP connection */
};

/* TCP state machine (RFC 793 simplified to what a passive observer can see). */
enum iot_tcp_state {
    IOT_TCP_NONE = 0,
    IOT_TCP_SYN_SENT,
    IOT_TCP_SYN_RECV,
    IOT_TCP_ESTABLISHED,
    IOT_TCP_FIN_WAIT, /* one side sent FIN */
    IOT_TCP_CLOSING,  /* both sides sent FIN */
    IOT_TCP_CLOSED,   /* RST, or both FINs acknowledged */
};

/* One direction of a TCP stream being reassembled. The segment list is private to flow-stream.c. */
struct iot_stream_seg;
struct iot_stream {
    bool isn_known;
    uint32_t next_seq;  /* next byte expected in order */
    uint32_t delivered; /* in-order bytes delivered so far, capped by stream.depth */
    bool depth_reached;
    uint32_t seg_count;
    uint32_t seg_bytes;
    struct iot_stream_seg *segs; /* out-of-order segments sorted by sequence number */
};

struct iot_flow {
    /* Identity, in the orientation of the first packet seen (its sender is the "client"). */
    struct iot_addr src, dst;
    uint16_t sp, dp;
    uint8_t proto;
    uint8_t ip_ver;
    uint8_t icmp_type, icmp_code; /* ICMP: of the first packet (not part of the key) */
    uint16_t vlan_id[IOT_MAX_VLAN];
    uint8_t vlan_count;
    uint8_t src_mac[6], dst_mac[6];
    uint64_t id; /* 1-based, in order of creation */

    /* Per direction (index enum iot_flow_dir). */
    uint64_t pkts[2], bytes[2];
    struct iot_ts first_ts[2], last_ts[2];
    uint8_t tcp_flags[2]; /* OR of every TCP flag byte seen */

    struct iot_ts start, last; /* first and last packet either way */
    enum iot_flow_state state;
    enum iot_tcp_state tcp_state;
    struct iot_stream stream[2];

    /* Application layer state, owned by whoever set it; freed through the app_free callback:
     * app for nDPI, parsers for our own parsers' stream buffers. */
    void *app;
    void *parsers;

    /* Private to the table. */
    struct iot_flow *hnext;               /* hash chain */
    uint32_t hash;                        /* next to hnext: a chain walk touches one cache line */
    uint8_t tclass;                       /* timeout class the flow sits in */
    struct iot_flow *lru_prev, *lru_next; /* per-timeout-class list, oldest first */
    uint64_t mem; /* bytes charged to flow.memcap for this flow, app state included */
    struct iot_flow *cprev, *cnext; /* all flows in creation (id) order, for flush */
    uint8_t tcp_bits;    /* FIN seen / FIN acked / payload seen, per direction (flow.c) */
    uint32_t fin_seq[2]; /* sequence number of each direction's FIN */
};

struct iot_flow_config {
    uint64_t memcap;              /* flow.memcap: flows plus app state, bytes (default 64 MiB) */
    uint32_t hash_size;           /* buckets, rounded up to a power of two (default 65536) */
    uint32_t timeout_new;         /* seconds; flows in state NEW (default 30) */
    uint32_t timeout_established; /* TCP established (default 300) */
    uint32_t timeout_closed;      /* TCP closed or closing (default 10) */
    uint32_t timeout_udp;         /* UDP with both directions seen (default 120) */
    uint32_t timeout_icmp;        /* ICMP and other IP protocols (default 30) */
    uint64_t stream_depth;  /* stream.depth: bytes per direction reassembled (default 64 KiB) */
    uint64_t stream_memcap; /* stream.memcap: out-of-order bytes held, all flows (default 32 MiB) */
    uint32_t stream_max_segs; /* out-of-order segments held per direction before a gap */
};

/* Callbacks: all optional except that app state set on a flow must be freeable. */
struct iot_flow_callbacks {
    void *user;
    /* Called once when a flow ends, before it is freed. */
    void (*flow_end)(void *user, struct iot_flow *f, enum iot_flow_end_reason reason);
    /* Frees f->app (called after flow_end). */
    void (*app_free)(void *user, struct iot_flow *f);
    /* In-order TCP payload bytes for one direction, up to stream.depth. */
    void (*stream_data)(void *user, struct iot_flow *f, enum iot_flow_dir dir, const uint8_t *data,
                        uint32_t len);
};

struct iot_flow_stats {
    uint64_t created, active, active_peak;
    uint64_t ended_timeout, ended_evicted, ended_shutdown, ended_tcp_reuse;
    uint64_t memcap_refused; /* a packet got no flow: even eviction could not make room */
    uint64_t memuse, memuse_peak;
    uint64_t tcp_reassembled_bytes, tcp_gaps, tcp_overlaps, tcp_depth_reached;
    uint64_t tcp_segs_queued, tcp_stream_memcap; /* out-of-order segments held / refused by cap */
    uint64_t stream_memuse;
    uint64_t no_flow;          /* packets without an IP 5-tuple (ARP, invalid) */
    uint64_t alloc_failed;     /* flow or segment allocations that failed (counted, never fatal) */
    uint64_t memcap_overshoot; /* charges that left memuse above memcap: one flow's app state
                                * alone exceeded it and nothing else was left to evict */
};

struct iot_flow_table;

/* Fills cfg with the defaults above. */
void iot_flow_config_default(struct iot_flow_config *cfg);

/* Creates a table; the SipHash key comes from libsodium's randombytes unless seed_key is non-NULL
 * (16 bytes, tests only). Returns NULL when memory runs out. */
struct iot_flow_table *iot_flow_table_new(const struct iot_flow_config *cfg,
                                          const struct iot_flow_callbacks *cb,
                                          const uint8_t *seed_key);

/* Ends every remaining flow with reason SHUTDOWN (calling the callbacks), then frees the table. */
void iot_flow_table_free(struct iot_flow_table *t);

/* Finds or creates the flow of a decoded IP packet, updates its counters, TCP state and stream
 * reassembly (which may call stream_data), and returns it with the packet's direction in *dir.
 * Returns NULL for packets without a flow (no IP layer, invalid) or when the memcap refused one;
 * both are counted. Flows that timed out by the packet's timestamp are ended first. */
struct iot_flow *iot_flow_handle_packet(struct iot_flow_table *t, const struct iot_packet *p,
                                        enum iot_flow_dir *dir);

/* Charges (or with a negative delta, credits) app-state bytes to a flow and the memcap. */
void iot_flow_charge(struct iot_flow_table *t, struct iot_flow *f, int64_t delta);

/* Ends flows idle past their timeout at time now (packet time). handle_packet calls it. */
void iot_flow_table_expire(struct iot_flow_table *t, struct iot_ts now);

/* Ends every flow with reason SHUTDOWN, in creation order, keeping the table usable. */
void iot_flow_table_flush(struct iot_flow_table *t);

const struct iot_flow_stats *iot_flow_table_stats(const struct iot_flow_table *t);

const char *iot_flow_state_name(enum iot_flow_state s);
const char *iot_flow_end_reason_name(enum iot_flow_end_reason r);
const char *iot_tcp_state_name(enum iot_tcp_state s);

#endif
