/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ICMPv4 (RFC 792): type and code, used as the flow's ports. */
#include "iotsec-common.h"
#include "decode/decode-icmpv4.h"

#define ICMPV4_MIN_LEN 4 /* type, code, checksum */
#define ICMPV4_HDR_LEN 8 /* every message type has 4 more header bytes (id/seq, pointer, ...) */

static bool icmpv4_known(uint8_t type)
{
    switch (type) {
    case 0:  /* echo reply */
    case 3:  /* destination unreachable */
    case 4:  /* source quench */
    case 5:  /* redirect */
    case 8:  /* echo request */
    case 9:  /* router advertisement */
    case 10: /* router solicitation */
    case 11: /* time exceeded */
    case 12: /* parameter problem */
    case 13: /* timestamp */
    case 14: /* timestamp reply */
    case 15: /* information request */
    case 16: /* information reply */
    case 17: /* address mask request */
    case 18: /* address mask reply */
    case 42: /* extended echo request (RFC 8335) */
    case 43: /* extended echo reply */
        return true;
    default:
        return false;
    }
}

int iot_decode_icmpv4(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                      uint32_t len)
{
    if (len < ICMPV4_MIN_LEN) {
        iot_decode_invalid(d, p, IOT_DE_ICMPV4_TRUNC);
        return IOT_ERR_INPUT;
    }
    d->stats.icmpv4++;
    p->flags |= IOT_PKT_HAS_ICMPV4;
    p->icmp_type = data[0];
    p->icmp_code = data[1];
    p->sp = data[0];
    p->dp = data[1];
    /* Unknown types are how covert channels and scanners probe; worth a counter, not a drop. */
    if (!icmpv4_known(data[0]))
        iot_decode_set_event(d, p, IOT_DE_ICMPV4_UNKNOWN_TYPE);
    uint32_t hl = len < ICMPV4_HDR_LEN ? len : ICMPV4_HDR_LEN;
    p->payload = data + hl;
    p->payload_len = len - hl;
    return IOT_OK;
}
