/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IPv4 (RFC 791): header checks, options, fragments through defragmentation, then L4. */
#include "iotsec-common.h"
#include "decode/decode-ipv4.h"

#include "decode/decode-defrag.h"
#include "decode/decode-dispatch.h"

#define IPV4_HDR_LEN 20
#define IPV4_OPT_EOL 0
#define IPV4_OPT_NOP 1
#define IPV4_FLAG_DF 0x4000u
#define IPV4_FLAG_MF 0x2000u
#define IPV4_OFF_MASK 0x1FFFu

/* Walks the options in [opt, opt + len), len <= 40. A bad option is an event, not a reason to
 * drop the packet: the header length already bounds the options, so nothing after them moves. */
static void ipv4_options(struct iot_decoder *d, struct iot_packet *p, const uint8_t *opt,
                         uint32_t len)
{
    uint32_t off = 0;
    while (off < len) {
        uint8_t kind = opt[off];
        if (kind == IPV4_OPT_EOL)
            return;
        if (kind == IPV4_OPT_NOP) {
            off++;
            continue;
        }
        /* A type byte as the last header byte has no room for its length. */
        if (len - off < 2) {
            iot_decode_set_event(d, p, IOT_DE_IPV4_OPT_MALFORMED);
            return;
        }
        uint8_t olen = opt[off + 1];
        /* A length under 2 would never advance the walk (0) or point into itself (1). */
        if (olen < 2) {
            iot_decode_set_event(d, p, IOT_DE_IPV4_OPT_INVALID_LEN);
            return;
        }
        /* Subtractive: an option must not claim bytes past the header. */
        if (olen > len - off) {
            iot_decode_set_event(d, p, IOT_DE_IPV4_OPT_MALFORMED);
            return;
        }
        off += olen;
    }
}

static void ipv4_fill(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                      uint32_t tot, uint32_t hlen)
{
    d->stats.ipv4++;
    p->flags |= IOT_PKT_HAS_IPV4;
    p->ip_ver = 4;
    p->ttl = data[8];
    p->ip_proto = data[9];
    p->ip_id = iot_be16(data + 4);
    p->ip_df = (iot_be16(data + 6) & IPV4_FLAG_DF) != 0;
    memset(&p->src, 0, sizeof(p->src));
    memset(&p->dst, 0, sizeof(p->dst));
    memcpy(p->src.b, data + 12, 4);
    memcpy(p->dst.b, data + 16, 4);
    p->l3 = data;
    p->l3_len = tot;
    p->l3_hlen = (uint16_t)hlen;
}

/* Hands a fragment to defrag. Only a completed datagram reaches L4: a lone first fragment
 * would fail the UDP length check and a later one has no L4 header at all. */
static int ipv4_fragment(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                         uint32_t tot)
{
    uint8_t *out = NULL;
    uint32_t out_len = 0;

    p->flags |= IOT_PKT_FRAGMENT;
    d->stats.frag_ipv4++;
    int rc = iot_defrag_ipv4(d, p, data, tot, &out, &out_len);
    if (out == NULL)
        return rc == IOT_ERR_INPUT ? rc : IOT_OK;
    IOT_DEBUG_VALIDATE(p->owned == NULL && out_len >= IPV4_HDR_LEN);
    p->owned = out;
    p->flags = (p->flags & ~IOT_PKT_FRAGMENT) | IOT_PKT_REASSEMBLED;
    d->stats.reassembled_ipv4++;
    /* The rebuilt header is the first fragment's, whose length may differ from this one's. */
    uint32_t hlen = (uint32_t)(out[0] & 0x0F) * 4;
    p->l3 = out;
    p->l3_len = out_len;
    p->l3_hlen = (uint16_t)hlen;
    return iot_decode_ip_payload(d, p, out[9], out + hlen, out_len - hlen);
}

int iot_decode_ipv4(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len)
{
    if (len < IPV4_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_IPV4_TRUNC_HDR);
        return IOT_ERR_INPUT;
    }
    if ((data[0] >> 4) != 4) {
        iot_decode_invalid(d, p, IOT_DE_IPV4_WRONG_VERSION);
        return IOT_ERR_INPUT;
    }
    uint32_t hlen = (uint32_t)(data[0] & 0x0F) * 4;
    if (hlen < IPV4_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_IPV4_HLEN_TOO_SMALL);
        return IOT_ERR_INPUT;
    }
    if (hlen > len) {
        iot_decode_invalid(d, p, IOT_DE_IPV4_TRUNC_HDR);
        return IOT_ERR_INPUT;
    }
    uint32_t tot = iot_be16(data + 2);
    /* A total length inside the header would give L4 a negative length. */
    if (tot < hlen) {
        iot_decode_invalid(d, p, IOT_DE_IPV4_IPLEN_SMALLER_THAN_HLEN);
        return IOT_ERR_INPUT;
    }
    /* A header claiming more than was captured would send L4 past the buffer. When the
     * snaplen cut the packet that is expected: decode what is there (tcpdump -s 96 captures
     * must still give flows), bounded by the captured bytes. */
    uint32_t declared = tot;
    if (tot > len) {
        if (!(p->flags & IOT_PKT_SNAPLEN_CUT)) {
            iot_decode_invalid(d, p, IOT_DE_IPV4_TRUNC_PKT);
            return IOT_ERR_INPUT;
        }
        tot = len;
    }
    ipv4_fill(d, p, data, tot, hlen);
    p->l3_wire_len = declared;
    ipv4_options(d, p, data + IPV4_HDR_LEN, hlen - IPV4_HDR_LEN);

    uint16_t frag = iot_be16(data + 6);
    if ((frag & IPV4_FLAG_MF) || (frag & IPV4_OFF_MASK)) {
        if (p->flags & IOT_PKT_SNAPLEN_CUT) {
            p->flags |= IOT_PKT_FRAGMENT; /* a cut fragment would corrupt its datagram */
            return IOT_OK;
        }
        return ipv4_fragment(d, p, data, tot);
    }
    /* The total length, not the capture, bounds L4: Ethernet padding is not payload. */
    return iot_decode_ip_payload(d, p, data[9], data + hlen, tot - hlen);
}
