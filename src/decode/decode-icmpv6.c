/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ICMPv6 (RFC 4443) type and code, and the option list of neighbour discovery (RFC 4861). */
#include "iotsec-common.h"
#include "decode/decode-icmpv6.h"

#define ICMPV6_MIN_LEN 4 /* type, code, checksum */
#define ICMPV6_HDR_LEN 8

static bool icmpv6_known(uint8_t type)
{
    return (type >= 1 && type <= 4) || type == 100 || type == 101 ||
           (type >= 127 && type <= 161) || type == 200 || type == 201 || type == 255;
}

/* Bytes before the options of an ND message (ICMP header included), 0 for other types. */
static uint32_t nd_fixed_len(uint8_t type)
{
    switch (type) {
    case 133: /* router solicitation: reserved */
        return 8;
    case 134: /* router advertisement: hop limit, flags, lifetime, reachable, retrans */
        return 16;
    case 135: /* neighbour solicitation: reserved, target */
    case 136: /* neighbour advertisement: flags, target */
        return 24;
    case 137: /* redirect: reserved, target, destination */
        return 40;
    default:
        return 0;
    }
}

/* Each option is type, length in units of 8 bytes, data. A length of 0 would never advance the
 * walk (the classic ND infinite loop); one past the end would read beyond the packet. Either
 * ends the walk with an event; the message itself stays valid. */
static void nd_options(struct iot_decoder *d, struct iot_packet *p, const uint8_t *opt,
                       uint32_t len)
{
    uint32_t off = 0;
    while (off < len) {
        if (len - off < 2 || opt[off + 1] == 0 || (uint32_t)opt[off + 1] * 8 > len - off) {
            iot_decode_set_event(d, p, IOT_DE_ICMPV6_ND_OPT_INVALID_LEN);
            return;
        }
        off += (uint32_t)opt[off + 1] * 8;
    }
}

int iot_decode_icmpv6(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                      uint32_t len)
{
    if (len < ICMPV6_MIN_LEN) {
        iot_decode_invalid(d, p, IOT_DE_ICMPV6_TRUNC);
        return IOT_ERR_INPUT;
    }
    uint32_t nd = nd_fixed_len(data[0]);
    /* An ND message without its fixed part has no target address to read. */
    if (len < nd) {
        iot_decode_invalid(d, p, IOT_DE_ICMPV6_TRUNC);
        return IOT_ERR_INPUT;
    }
    d->stats.icmpv6++;
    p->flags |= IOT_PKT_HAS_ICMPV6;
    p->icmp_type = data[0];
    p->icmp_code = data[1];
    p->sp = data[0];
    p->dp = data[1];
    if (!icmpv6_known(data[0]))
        iot_decode_set_event(d, p, IOT_DE_ICMPV6_UNKNOWN_TYPE);
    if (nd != 0)
        nd_options(d, p, data + nd, len - nd);
    uint32_t hl = len < ICMPV6_HDR_LEN ? len : ICMPV6_HDR_LEN;
    p->payload = data + hl;
    p->payload_len = len - hl;
    return IOT_OK;
}
