/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The decoded packet and the decoder context. A packet is decoded once, left to right; every
 * layer fills its part of struct iot_packet and hands the rest to the next. Decoders never print
 * and never allocate, except defragmentation, whose reassembled datagram the packet owns. */
#ifndef IOTSEC_DECODE_DECODE_H
#define IOTSEC_DECODE_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode-events.h"

/* Link types we accept, numbered as libpcap's DLT_ values. */
enum iot_linktype {
    IOT_LINK_NULL = 0,       /* DLT_NULL: 4-byte host-order address family */
    IOT_LINK_EN10MB = 1,     /* Ethernet */
    IOT_LINK_RAW = 12,       /* DLT_RAW on Linux/BSD (also 14 on OpenBSD, 101 LINKTYPE_RAW) */
    IOT_LINK_RAW_OPENBSD = 14,
    IOT_LINK_RAW_LINKTYPE = 101,
    IOT_LINK_LOOP = 108,     /* DLT_LOOP: 4-byte network-order address family */
    IOT_LINK_LINUX_SLL = 113,
    IOT_LINK_IPV4 = 228,
    IOT_LINK_IPV6 = 229,
    IOT_LINK_LINUX_SLL2 = 276,
};

/* Packet timestamp, from the capture (never the wall clock when reading a file). */
struct iot_ts {
    int64_t sec;
    uint32_t nsec;
};

static inline int64_t iot_ts_usec(struct iot_ts t)
{
    return t.sec * 1000000 + t.nsec / 1000;
}

/* Seconds as a double (the anomaly stage's clock), and back to the nearest microsecond (a
 * double of about 1.7e9 s holds microseconds, not nanoseconds: truncating would print .999). */
static inline double iot_ts_seconds(struct iot_ts t)
{
    return (double)t.sec + t.nsec / 1e9;
}

static inline struct iot_ts iot_ts_from_seconds(double s)
{
    int64_t us = (int64_t)(s * 1e6 + (s < 0 ? -0.5 : 0.5));
    int64_t sec = us / 1000000, rem = us % 1000000;
    if (rem < 0) {
        sec--;
        rem += 1000000;
    }
    struct iot_ts t = {sec, (uint32_t)rem * 1000};
    return t;
}

static inline int iot_ts_cmp(struct iot_ts a, struct iot_ts b)
{
    if (a.sec != b.sec)
        return a.sec < b.sec ? -1 : 1;
    return a.nsec < b.nsec ? -1 : (a.nsec > b.nsec);
}

/* An IP address: IPv4 in the first 4 bytes with the rest zero; IPv6 uses all 16. */
struct iot_addr {
    uint8_t b[16];
};

#define IOT_PKT_MAX_EVENTS 8
#define IOT_MAX_VLAN 2
#define IOT_TCP_MAX_OPTS 16

/* TCP options as sent; kept whole because SYN fingerprinting (p0f-style) needs the order. */
struct iot_tcp_opts {
    uint8_t kinds[IOT_TCP_MAX_OPTS]; /* option kinds in wire order (NOP and EOL included) */
    uint8_t count;
    bool has_mss, has_wscale, sack_permitted, has_ts;
    uint16_t mss;
    uint8_t wscale;
    uint8_t sack_blocks; /* number of SACK blocks in a SACK option */
    uint32_t ts_val, ts_ecr;
};

/* Packet flags. */
#define IOT_PKT_HAS_ETH 0x0001u
#define IOT_PKT_HAS_ARP 0x0002u
#define IOT_PKT_HAS_IPV4 0x0004u
#define IOT_PKT_HAS_IPV6 0x0008u
#define IOT_PKT_HAS_TCP 0x0010u
#define IOT_PKT_HAS_UDP 0x0020u
#define IOT_PKT_HAS_ICMPV4 0x0040u
#define IOT_PKT_HAS_ICMPV6 0x0080u
#define IOT_PKT_HAS_GRE 0x0100u
#define IOT_PKT_INVALID 0x0200u    /* a decoder rejected a layer; layers above it are unset */
#define IOT_PKT_FRAGMENT 0x0400u   /* an IP fragment still waiting for its datagram */
#define IOT_PKT_REASSEMBLED 0x0800u /* L3 points into a reassembled datagram (p->owned) */
#define IOT_PKT_IPV6_JUMBO 0x1000u
#define IOT_PKT_HAS_LLDP 0x8000u  /* payload is an LLDPDU (ethertype 0x88CC) */
#define IOT_PKT_HAS_CDP 0x10000u  /* payload is CDP (802.3 LLC/SNAP, Cisco OUI, PID 0x2000) */
#define IOT_PKT_TS_INVALID 0x4000u /* capture time out of range: clamped by the capture layer */
#define IOT_PKT_SNAPLEN_CUT 0x2000u /* caplen < wirelen: lengths past the capture are expected */

struct iot_packet {
    /* Filled by the capture layer. */
    const uint8_t *data;
    uint32_t caplen;  /* bytes present in data */
    uint32_t wirelen; /* bytes on the wire (>= caplen when the snaplen cut the packet) */
    int linktype;
    struct iot_ts ts;
    uint64_t num; /* 1-based packet number in the capture */

    /* Filled by the decoders. */
    uint32_t flags;
    uint8_t src_mac[6], dst_mac[6];
    uint16_t vlan_id[IOT_MAX_VLAN];
    uint8_t vlan_count;
    uint16_t ethertype; /* innermost ethertype, after VLAN tags */

    uint8_t ip_ver;   /* 4, 6, or 0 when no IP layer */
    uint8_t ip_proto; /* upper-layer protocol after IPv6 extension headers */
    uint8_t ttl;      /* TTL or hop limit */
    uint16_t ip_id;
    bool ip_df;
    struct iot_addr src, dst;
    const uint8_t *l3; /* start of the IP header (or ARP) */
    uint32_t l3_len;   /* IP datagram length, bounded by the captured bytes */
    uint16_t l3_hlen;  /* IPv4 header or IPv6 header plus extension headers */
    uint32_t l3_wire_len; /* the length the IP header declares (> l3_len when the snaplen cut) */

    struct {
        uint16_t op;
        uint8_t sha[6], spa[4], tha[6], tpa[4];
    } arp;

    const uint8_t *l4;
    uint32_t l4_len;
    uint16_t sp, dp; /* ports; ICMP uses sp = type, dp = code, as flow keys */
    uint8_t tcp_flags;
    uint32_t tcp_seq, tcp_ack;
    uint16_t tcp_win;
    struct iot_tcp_opts tcp_opts;
    uint8_t icmp_type, icmp_code;
    uint16_t gre_proto;

    const uint8_t *payload;
    uint32_t payload_len;
    uint32_t payload_wire_len; /* TCP: payload bytes on the wire (> payload_len when cut) */

    uint8_t nevents;
    uint16_t events[IOT_PKT_MAX_EVENTS];

    uint8_t *owned; /* reassembled datagram, freed by iot_packet_release */
};

/* Counters the decoders keep; stats.decoder.* in the EVE stats event. */
struct iot_decode_stats {
    uint64_t pkts, bytes, invalid;
    uint64_t ethernet, vlan, vlan_qinq, arp, sll, null, lldp, cdp;
    uint64_t ipv4, ipv6, tcp, udp, icmpv4, icmpv6, gre, other_ip;
    uint64_t frag_ipv4, frag_ipv6, reassembled_ipv4, reassembled_ipv6;
    uint64_t too_many_events; /* events dropped because a packet already carried the maximum */
    uint64_t events[IOT_DE_MAX];
};

struct iot_defrag;

struct iot_defrag_config {
    uint64_t memcap;     /* bytes held by incomplete datagrams, all trackers together */
    uint32_t max_trackers;
    uint32_t timeout_sec; /* a datagram whose fragments do not all arrive in time is dropped */
};

struct iot_decoder {
    struct iot_decode_stats stats;
    struct iot_defrag *defrag; /* owned */
};

/* Creates the decoder context. Returns IOT_OK or IOT_ERR_NOMEM. */
int iot_decoder_init(struct iot_decoder *d, const struct iot_defrag_config *cfg);
void iot_decoder_deinit(struct iot_decoder *d);

/* Decodes p->data[0..caplen) according to p->linktype. Always returns IOT_OK unless the link
 * type is unsupported (IOT_ERR_UNSUPPORTED); malformed layers show as IOT_PKT_INVALID plus
 * events and counters. Call iot_packet_release afterwards. */
int iot_decode_packet(struct iot_decoder *d, struct iot_packet *p);

/* Frees what decoding attached to the packet (a reassembled datagram). */
void iot_packet_release(struct iot_packet *p);

/* Records an event on the packet and bumps its counter. */
void iot_decode_set_event(struct iot_decoder *d, struct iot_packet *p, enum iot_decode_event ev);

/* Marks the packet invalid after a layer failed, recording the event. */
static inline void iot_decode_invalid(struct iot_decoder *d, struct iot_packet *p,
                                      enum iot_decode_event ev)
{
    iot_decode_set_event(d, p, ev);
    p->flags |= IOT_PKT_INVALID;
}

/* Link-type check used by the capture layer to refuse a file early. */
bool iot_linktype_supported(int linktype);

#endif
