/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ICMPv4 type and code. */
#ifndef IOTSEC_DECODE_DECODE_ICMPV4_H
#define IOTSEC_DECODE_DECODE_ICMPV4_H

#include "decode/decode.h"

int iot_decode_icmpv4(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);

#endif
