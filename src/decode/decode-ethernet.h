/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ethernet II frames. */
#ifndef IOTSEC_DECODE_DECODE_ETHERNET_H
#define IOTSEC_DECODE_DECODE_ETHERNET_H

#include "decode/decode.h"

#define IOT_ETHERNET_HDR_LEN 14

/* Decodes an Ethernet header and hands the payload to the ethertype switch.
 * Returns IOT_OK, or IOT_ERR_INPUT with decoder.ethernet.trunc when under 14 bytes. */
int iot_decode_ethernet(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                        uint32_t len);

#endif
