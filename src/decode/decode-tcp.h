/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TCP header and every option (MSS, window scale, SACK, timestamps), kept in wire order. */
#ifndef IOTSEC_DECODE_DECODE_TCP_H
#define IOTSEC_DECODE_DECODE_TCP_H

#include "decode/decode.h"

int iot_decode_tcp(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);

#endif
