/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IEEE 802.1Q and 802.1ad (QinQ) tags. */
#ifndef IOTSEC_DECODE_DECODE_VLAN_H
#define IOTSEC_DECODE_DECODE_VLAN_H

#include "decode/decode.h"

/* Decodes one VLAN tag (the TPID was read by the caller) and hands on the inner ethertype.
 * More than IOT_MAX_VLAN tags is decoder.vlan.too_many_layers. */
int iot_decode_vlan(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);

#endif
