/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GRE (RFC 2784/2890) and the enhanced GRE of PPTP: header, optional fields, inner protocol. */
#ifndef IOTSEC_DECODE_DECODE_GRE_H
#define IOTSEC_DECODE_DECODE_GRE_H

#include "decode/decode.h"

int iot_decode_gre(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);

#endif
