/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IEEE 802.1Q and 802.1ad (QinQ) tags: VLAN ids, then the inner ethertype. */
#include "iotsec-common.h"
#include "decode/decode-vlan.h"

#include "decode/decode-dispatch.h"

#define VLAN_TAG_LEN 4 /* TCI (PCP, DEI, 12-bit id) and the inner ethertype */

int iot_decode_vlan(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len)
{
    if (len < VLAN_TAG_LEN) {
        iot_decode_invalid(d, p, IOT_DE_VLAN_TRUNC);
        return IOT_ERR_INPUT;
    }
    /* Stacked tags recurse through the ethertype switch; capping the depth stops a frame made
     * of nothing but tags from recursing once per 4 bytes. */
    if (p->vlan_count >= IOT_MAX_VLAN) {
        iot_decode_invalid(d, p, IOT_DE_VLAN_TOO_MANY_LAYERS);
        return IOT_ERR_INPUT;
    }
    p->vlan_id[p->vlan_count++] = iot_be16(data) & 0x0FFF;
    /* Counted per packet, not per tag: vlan is "packets with a tag", vlan_qinq "with two". */
    if (p->vlan_count == 1)
        d->stats.vlan++;
    else
        d->stats.vlan_qinq++;
    return iot_decode_ethertype(d, p, iot_be16(data + 2), data + VLAN_TAG_LEN, len - VLAN_TAG_LEN);
}
