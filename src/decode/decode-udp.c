/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UDP (RFC 768): the length field, checked against the capture, bounds the payload. */
#include "iotsec-common.h"
#include "decode/decode-udp.h"

#define UDP_HDR_LEN 8

int iot_decode_udp(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len)
{
    if (len < UDP_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_UDP_TRUNC_HDR);
        return IOT_ERR_INPUT;
    }
    uint32_t ulen = iot_be16(data + 4);
    /* RFC 2675: a jumbogram's UDP length does not fit 16 bits, so it is 0 and the IPv6 jumbo
     * length (already checked against the capture) is the datagram's. */
    if (ulen == 0 && (p->flags & IOT_PKT_IPV6_JUMBO))
        ulen = len;
    /* Under 8 the payload length would wrap. */
    if (ulen < UDP_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_UDP_LEN_TOO_SMALL);
        return IOT_ERR_INPUT;
    }
    /* Over the bytes we have, an app parser would read past the buffer. */
    if (ulen > len) {
        if (!(p->flags & IOT_PKT_SNAPLEN_CUT)) {
            iot_decode_invalid(d, p, IOT_DE_UDP_HLEN_INVALID);
            return IOT_ERR_INPUT;
        }
        ulen = len; /* cut by the snaplen: the payload is what was captured */
    }
    d->stats.udp++;
    p->flags |= IOT_PKT_HAS_UDP;
    p->sp = iot_be16(data);
    p->dp = iot_be16(data + 2);
    p->payload = data + UDP_HDR_LEN;
    p->payload_len = ulen - UDP_HDR_LEN;
    return IOT_OK;
}
