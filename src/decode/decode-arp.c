/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ARP requests and replies for IPv4 over Ethernet (RFC 826). */
#include "iotsec-common.h"
#include "decode/decode-arp.h"

#define ARP_FIXED_LEN 8    /* htype, ptype, hlen, plen, op */
#define ARP_ETH_IPV4_LEN 28 /* fixed part plus two 6-byte MACs and two 4-byte addresses */

int iot_decode_arp(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len)
{
    if (len < ARP_FIXED_LEN) {
        iot_decode_invalid(d, p, IOT_DE_ARP_TRUNC);
        return IOT_ERR_INPUT;
    }
    d->stats.arp++;
    /* Only Ethernet/IPv4 has the fixed layout we copy from; any other hlen/plen would make the
     * copies below read addresses of a size we never checked. */
    if (iot_be16(data) != 1 || iot_be16(data + 2) != 0x0800 || data[4] != 6 || data[5] != 4) {
        iot_decode_set_event(d, p, IOT_DE_ARP_UNSUPPORTED);
        return IOT_OK;
    }
    if (len < ARP_ETH_IPV4_LEN) {
        iot_decode_invalid(d, p, IOT_DE_ARP_TRUNC);
        return IOT_ERR_INPUT;
    }
    p->flags |= IOT_PKT_HAS_ARP;
    p->l3 = data;
    p->l3_len = ARP_ETH_IPV4_LEN;
    p->arp.op = iot_be16(data + 6);
    memcpy(p->arp.sha, data + 8, 6);
    memcpy(p->arp.spa, data + 14, 4);
    memcpy(p->arp.tha, data + 18, 6);
    memcpy(p->arp.tpa, data + 24, 4);
    return IOT_OK;
}
