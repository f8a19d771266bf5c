/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ethernet II: MAC addresses and ethertype. */
#include "iotsec-common.h"
#include "decode/decode-ethernet.h"

#include "decode/decode-dispatch.h"

int iot_decode_ethernet(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                        uint32_t len)
{
    if (len < IOT_ETHERNET_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_ETHERNET_TRUNC);
        return IOT_ERR_INPUT;
    }
    d->stats.ethernet++;
    p->flags |= IOT_PKT_HAS_ETH;
    memcpy(p->dst_mac, data, 6);
    memcpy(p->src_mac, data + 6, 6);
    return iot_decode_ethertype(d, p, iot_be16(data + 12), data + IOT_ETHERNET_HDR_LEN,
                                len - IOT_ETHERNET_HDR_LEN);
}
