/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IPv6 (RFC 8200): fixed header, extension-header chain, jumbograms (RFC 2675), fragments. */
#include "iotsec-common.h"
#include "decode/decode-ipv6.h"

#include "decode/decode-defrag.h"
#include "decode/decode-dispatch.h"

#define IPV6_HDR_LEN 40
#define IPV6_MAX_EXTHDRS 8
#define IPV6_FRAG_HDR_LEN 8
#define IPV6_OPT_PAD1 0
#define IPV6_OPT_JUMBO 0xC2

enum { NH_HOPOPTS = 0, NH_ROUTING = 43, NH_FRAGMENT = 44, NH_AH = 51, NH_DSTOPTS = 60,
       NH_MOBILITY = 135 };

/* Where the extension-header chain ends. */
struct ipv6_chain {
    uint8_t proto;     /* upper-layer protocol (or 50/59, which stop the walk) */
    uint32_t off;      /* offset of the upper layer */
    uint32_t frag_off; /* offset of a fragment header (not atomic), 0 when there is none */
};

static bool ipv6_is_exthdr(uint8_t nh)
{
    return nh == NH_HOPOPTS || nh == NH_ROUTING || nh == NH_FRAGMENT || nh == NH_AH ||
           nh == NH_DSTOPTS || nh == NH_MOBILITY;
}

/* Walks the chain of data[40..end). Both the count and the bytes bound the loop: a chain of
 * thousands of 8-byte headers would otherwise cost a loop turn each. */
static int ipv6_walk(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                     uint32_t end, struct ipv6_chain *c)
{
    uint8_t nh = data[6];
    uint32_t off = IPV6_HDR_LEN;
    unsigned n = 0;

    c->frag_off = 0;
    while (ipv6_is_exthdr(nh)) {
        if (++n > IPV6_MAX_EXTHDRS) {
            iot_decode_invalid(d, p, IOT_DE_IPV6_EXTHDR_TOO_MANY);
            return IOT_ERR_INPUT;
        }
        if (end - off < 2) {
            iot_decode_invalid(d, p, IOT_DE_IPV6_TRUNC_EXTHDR);
            return IOT_ERR_INPUT;
        }
        uint32_t hl;
        if (nh == NH_FRAGMENT)
            hl = IPV6_FRAG_HDR_LEN;
        else if (nh == NH_AH)
            hl = ((uint32_t)data[off + 1] + 2) * 4; /* RFC 4302: in 4-byte units, minus 2 */
        else
            hl = ((uint32_t)data[off + 1] + 1) * 8;
        /* Subtractive, so an attacker's length cannot wrap off past end. */
        if (hl > end - off) {
            iot_decode_invalid(d, p, IOT_DE_IPV6_TRUNC_EXTHDR);
            return IOT_ERR_INPUT;
        }
        if (nh == NH_FRAGMENT) {
            /* A real fragment ends the walk: after its header come payload bytes (or, in a
             * first fragment, headers that may be cut short), and only the reassembled
             * datagram is walked further. An atomic fragment (offset 0, no M, RFC 6946) is
             * a whole datagram and is just skipped. */
            bool real = (iot_be16(data + off + 2) & 0xFFF9u) != 0;
            if (real) {
                c->frag_off = off;
                c->proto = data[off];
                c->off = off + hl;
                return IOT_OK;
            }
        }
        nh = data[off];
        off += hl;
    }
    c->proto = nh;
    c->off = off;
    return IOT_OK;
}

/* Looks for a Jumbo Payload option in a hop-by-hop header at offset 40. Returns 1 with *jlen
 * set when a valid one is there, 0 when there is none, IOT_ERR_INPUT when it is bad. */
static int ipv6_jumbo(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                      uint32_t len, uint32_t *jlen)
{
    if (len - IPV6_HDR_LEN < 2)
        return 0; /* the walk reports the truncated header */
    uint32_t hbh_len = ((uint32_t)data[IPV6_HDR_LEN + 1] + 1) * 8;
    if (hbh_len > len - IPV6_HDR_LEN)
        return 0;
    const uint8_t *opt = data + IPV6_HDR_LEN + 2;
    uint32_t olen_all = hbh_len - 2, off = 0;
    while (off < olen_all) {
        if (opt[off] == IPV6_OPT_PAD1) {
            off++;
            continue;
        }
        if (olen_all - off < 2 || opt[off + 1] > olen_all - off - 2)
            return 0; /* malformed padding is not our concern; the options stay unused */
        if (opt[off] == IPV6_OPT_JUMBO) {
            /* RFC 2675: the option is 4 bytes, the payload length field must be 0, and a jumbo
             * length that fits in 16 bits is a lie meant to desynchronise length checks. */
            if (opt[off + 1] != 4 || iot_be16(data + 4) != 0)
                goto bad;
            uint32_t v = iot_be32(opt + off + 2);
            if (v <= 65535 || v > len - IPV6_HDR_LEN)
                goto bad;
            *jlen = v;
            return 1;
        }
        off += 2u + opt[off + 1];
    }
    return 0;
bad:
    iot_decode_invalid(d, p, IOT_DE_IPV6_JUMBO_INVALID);
    return IOT_ERR_INPUT;
}

/* Fixed-header checks; sets *end to the datagram's length within data. */
static int ipv6_header(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                       uint32_t len, uint32_t *end)
{
    if (len < IPV6_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_IPV6_TRUNC_HDR);
        return IOT_ERR_INPUT;
    }
    if ((data[0] >> 4) != 6) {
        iot_decode_invalid(d, p, IOT_DE_IPV6_WRONG_VERSION);
        return IOT_ERR_INPUT;
    }
    uint32_t plen = iot_be16(data + 4);
    if (data[6] == NH_HOPOPTS) {
        uint32_t jlen = 0;
        int j = ipv6_jumbo(d, p, data, len, &jlen);
        if (j < 0)
            return j;
        if (j == 1) {
            p->flags |= IOT_PKT_IPV6_JUMBO;
            *end = IPV6_HDR_LEN + jlen;
            p->l3_wire_len = *end;
            return IOT_OK;
        }
    }
    p->l3_wire_len = IPV6_HDR_LEN + plen;
    /* A payload length beyond the capture would send the chain walk past the buffer. */
    if (plen > len - IPV6_HDR_LEN) {
        if (!(p->flags & IOT_PKT_SNAPLEN_CUT)) {
            iot_decode_invalid(d, p, IOT_DE_IPV6_TRUNC_PKT);
            return IOT_ERR_INPUT;
        }
        plen = len - IPV6_HDR_LEN; /* cut by the snaplen: decode what was captured */
    }
    *end = IPV6_HDR_LEN + plen;
    return IOT_OK;
}

/* A fragment goes to defrag; only a completed datagram is walked again and reaches L4. */
static int ipv6_fragment(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                         uint32_t end, uint32_t frag_off)
{
    uint8_t *out = NULL;
    uint32_t out_len = 0;
    struct ipv6_chain c;

    p->flags |= IOT_PKT_FRAGMENT;
    d->stats.frag_ipv6++;
    int rc = iot_defrag_ipv6(d, p, data, end, frag_off, &out, &out_len);
    if (out == NULL)
        return rc == IOT_ERR_INPUT ? rc : IOT_OK;
    IOT_DEBUG_VALIDATE(p->owned == NULL && out_len >= IPV6_HDR_LEN);
    p->owned = out;
    p->flags = (p->flags & ~IOT_PKT_FRAGMENT) | IOT_PKT_REASSEMBLED;
    d->stats.reassembled_ipv6++;
    p->l3 = out;
    p->l3_len = out_len;
    rc = ipv6_walk(d, p, out, out_len, &c);
    if (rc != IOT_OK)
        return rc;
    p->l3_hlen = (uint16_t)c.off;
    /* A fragment inside a reassembled datagram is nested fragmentation, which no stack sends;
     * reassembling again would let one packet trigger unbounded work. */
    if (c.frag_off != 0) {
        p->flags |= IOT_PKT_FRAGMENT; /* and so no flow: its L4 was never decoded */
        return IOT_OK;
    }
    return iot_decode_ip_payload(d, p, c.proto, out + c.off, out_len - c.off);
}

int iot_decode_ipv6(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len)
{
    uint32_t end = 0;
    struct ipv6_chain c;

    int rc = ipv6_header(d, p, data, len, &end);
    if (rc != IOT_OK)
        return rc;
    d->stats.ipv6++;
    p->flags |= IOT_PKT_HAS_IPV6;
    p->ip_ver = 6;
    p->ttl = data[7];
    p->ip_proto = data[6];
    memcpy(p->src.b, data + 8, 16);
    memcpy(p->dst.b, data + 24, 16);
    p->l3 = data;
    p->l3_len = end;
    rc = ipv6_walk(d, p, data, end, &c);
    if (rc != IOT_OK)
        return rc;
    p->l3_hlen = (uint16_t)c.off;
    p->ip_proto = c.proto;
    if (c.frag_off != 0) {
        if (p->flags & IOT_PKT_SNAPLEN_CUT) {
            p->flags |= IOT_PKT_FRAGMENT; /* a cut fragment would corrupt its datagram */
            return IOT_OK;
        }
        return ipv6_fragment(d, p, data, end, c.frag_off);
    }
    return iot_decode_ip_payload(d, p, c.proto, data + c.off, end - c.off);
}
