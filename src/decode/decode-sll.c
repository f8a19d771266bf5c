/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linux cooked captures ("any" interface): SLL v1 and v2 headers, then the ethertype switch. */
#include "iotsec-common.h"
#include "decode/decode-sll.h"

#include "decode/decode-dispatch.h"

#define SLL_HDR_LEN 16  /* pkttype, hatype, halen, 8-byte address, protocol */
#define SLL2_HDR_LEN 20 /* protocol, reserved, ifindex, hatype, pkttype, halen, 8-byte address */

int iot_decode_sll(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len)
{
    if (len < SLL_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_SLL_TRUNC);
        return IOT_ERR_INPUT;
    }
    d->stats.sll++;
    /* The address field is 8 bytes whatever halen claims; only a MAC-sized one is a MAC. */
    if (iot_be16(data + 4) == 6)
        memcpy(p->src_mac, data + 6, 6);
    return iot_decode_ethertype(d, p, iot_be16(data + 14), data + SLL_HDR_LEN, len - SLL_HDR_LEN);
}

int iot_decode_sll2(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len)
{
    if (len < SLL2_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_SLL_TRUNC);
        return IOT_ERR_INPUT;
    }
    d->stats.sll++;
    if (data[11] == 6)
        memcpy(p->src_mac, data + 12, 6);
    return iot_decode_ethertype(d, p, iot_be16(data), data + SLL2_HDR_LEN, len - SLL2_HDR_LEN);
}
