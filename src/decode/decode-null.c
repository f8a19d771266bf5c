/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BSD loopback (DLT_NULL, DLT_LOOP): a 4-byte address family, then IPv4 or IPv6. */
#include "iotsec-common.h"
#include "decode/decode-null.h"

#include "decode/decode-ipv4.h"
#include "decode/decode-ipv6.h"

#define NULL_HDR_LEN 4

static uint32_t bswap32(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
}

/* DLT_NULL is in the byte order of the machine that captured, which need not be ours. Family
 * values are small, so a value with high bits set was written by the other endianness (the rule
 * libpcap and Wireshark use). */
static uint32_t null_family(const uint8_t *data, bool network_order)
{
    if (network_order)
        return iot_be32(data);
    uint32_t v;
    memcpy(&v, data, sizeof(v));
    return v > 0xFFFFu ? bswap32(v) : v;
}

int iot_decode_null(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len,
                    bool network_order)
{
    if (len < NULL_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_NULL_TRUNC);
        return IOT_ERR_INPUT;
    }
    d->stats.null++;
    switch (null_family(data, network_order)) {
    case 2:
        return iot_decode_ipv4(d, p, data + NULL_HDR_LEN, len - NULL_HDR_LEN);
    case 10: /* Linux */
    case 24: /* NetBSD, OpenBSD */
    case 28: /* FreeBSD */
    case 30: /* macOS */
        return iot_decode_ipv6(d, p, data + NULL_HDR_LEN, len - NULL_HDR_LEN);
    default:
        /* Another family (AppleTalk, IPX...) is legal, just not ours: noted, not invalid. */
        iot_decode_set_event(d, p, IOT_DE_NULL_UNKNOWN_FAMILY);
        return IOT_OK;
    }
}
