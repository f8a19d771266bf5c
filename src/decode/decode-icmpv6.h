/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ICMPv6, with neighbour-discovery options checked. */
#ifndef IOTSEC_DECODE_DECODE_ICMPV6_H
#define IOTSEC_DECODE_DECODE_ICMPV6_H

#include "decode/decode.h"

int iot_decode_icmpv6(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);

#endif
