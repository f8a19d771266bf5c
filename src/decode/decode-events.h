/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every malformed-input case the decoders recognise. Each one is at once a per-packet event,
 * a stats counter (stats.decoder.event.<name minus "decoder.">) and, when it is worth a line,
 * an EVE "anomaly" record. Add new cases here only; names are stable public API. */
#ifndef IOTSEC_DECODE_DECODE_EVENTS_H
#define IOTSEC_DECODE_DECODE_EVENTS_H

#include <stdint.h>

#define IOT_DECODE_EVENT_LIST(X)                                                                   \
    X(LINK_UNSUPPORTED, "decoder.link.unsupported")                                                \
    X(PKT_CAPLEN_ZERO, "decoder.pkt.caplen_zero")                                                  \
    X(PKT_TRUNCATED_BY_SNAPLEN, "decoder.pkt.truncated_by_snaplen")                                \
    X(PKT_TS_INVALID, "decoder.pkt.ts_invalid")                                                    \
    X(ETHERNET_TRUNC, "decoder.ethernet.trunc")                                                    \
    X(SLL_TRUNC, "decoder.sll.trunc")                                                              \
    X(NULL_TRUNC, "decoder.null.trunc")                                                            \
    X(NULL_UNKNOWN_FAMILY, "decoder.null.unknown_family")                                          \
    X(VLAN_TRUNC, "decoder.vlan.trunc")                                                            \
    X(VLAN_TOO_MANY_LAYERS, "decoder.vlan.too_many_layers")                                        \
    X(ARP_TRUNC, "decoder.arp.trunc")                                                              \
    X(ARP_UNSUPPORTED, "decoder.arp.unsupported")                                                  \
    X(IPV4_TRUNC_HDR, "decoder.ipv4.trunc_hdr")                                                    \
    X(IPV4_WRONG_VERSION, "decoder.ipv4.wrong_version")                                            \
    X(IPV4_HLEN_TOO_SMALL, "decoder.ipv4.hlen_too_small")                                          \
    X(IPV4_IPLEN_SMALLER_THAN_HLEN, "decoder.ipv4.iplen_smaller_than_hlen")                        \
    X(IPV4_TRUNC_PKT, "decoder.ipv4.trunc_pkt")                                                    \
    X(IPV4_OPT_INVALID_LEN, "decoder.ipv4.opt_invalid_len")                                        \
    X(IPV4_OPT_MALFORMED, "decoder.ipv4.opt_malformed")                                            \
    X(IPV4_FRAG_TOO_LARGE, "decoder.ipv4.frag_too_large")                                          \
    X(IPV4_FRAG_OVERLAP, "decoder.ipv4.frag_overlap")                                              \
    X(IPV6_TRUNC_HDR, "decoder.ipv6.trunc_hdr")                                                    \
    X(IPV6_WRONG_VERSION, "decoder.ipv6.wrong_version")                                            \
    X(IPV6_TRUNC_PKT, "decoder.ipv6.trunc_pkt")                                                    \
    X(IPV6_TRUNC_EXTHDR, "decoder.ipv6.trunc_exthdr")                                              \
    X(IPV6_EXTHDR_TOO_MANY, "decoder.ipv6.exthdr_too_many")                                        \
    X(IPV6_JUMBO_INVALID, "decoder.ipv6.jumbo_invalid")                                            \
    X(IPV6_FRAG_TOO_LARGE, "decoder.ipv6.frag_too_large")                                          \
    X(IPV6_FRAG_OVERLAP, "decoder.ipv6.frag_overlap")                                              \
    X(DEFRAG_MEMCAP, "decoder.defrag.memcap")                                                      \
    X(DEFRAG_TRACKERS_FULL, "decoder.defrag.trackers_full")                                        \
    X(DEFRAG_TIMEOUT, "decoder.defrag.timeout")                                                    \
    X(TCP_TRUNC_HDR, "decoder.tcp.trunc_hdr")                                                      \
    X(TCP_HLEN_TOO_SMALL, "decoder.tcp.hlen_too_small")                                            \
    X(TCP_OPT_INVALID_LEN, "decoder.tcp.opt_invalid_len")                                          \
    X(TCP_OPT_DUPLICATE, "decoder.tcp.opt_duplicate")                                              \
    X(UDP_TRUNC_HDR, "decoder.udp.trunc_hdr")                                                      \
    X(UDP_HLEN_INVALID, "decoder.udp.hlen_invalid")                                                \
    X(UDP_LEN_TOO_SMALL, "decoder.udp.len_too_small")                                              \
    X(ICMPV4_TRUNC, "decoder.icmpv4.trunc")                                                        \
    X(ICMPV4_UNKNOWN_TYPE, "decoder.icmpv4.unknown_type")                                          \
    X(ICMPV6_TRUNC, "decoder.icmpv6.trunc")                                                        \
    X(ICMPV6_UNKNOWN_TYPE, "decoder.icmpv6.unknown_type")                                          \
    X(ICMPV6_ND_OPT_INVALID_LEN, "decoder.icmpv6.nd_opt_invalid_len")                              \
    X(GRE_TRUNC, "decoder.gre.trunc")                                                              \
    X(GRE_VERSION_UNKNOWN, "decoder.gre.version_unknown")                                          \
    X(GRE_V1_MALFORMED, "decoder.gre.v1_malformed")                                                \
    X(DEFRAG_TOO_MANY_FRAGS, "decoder.defrag.too_many_frags")

enum iot_decode_event {
#define X(sym, name) IOT_DE_##sym,
    IOT_DECODE_EVENT_LIST(X)
#undef X
    IOT_DE_MAX
};

/* The dotted name of an event ("decoder.ipv4.trunc_hdr"), or NULL when out of range. */
const char *iot_decode_event_name(enum iot_decode_event ev);

#endif
