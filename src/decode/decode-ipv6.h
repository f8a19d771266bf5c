/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IPv6: fixed header, extension-header chain, jumbograms, fragments (through defragmentation). */
#ifndef IOTSEC_DECODE_DECODE_IPV6_H
#define IOTSEC_DECODE_DECODE_IPV6_H

#include "decode/decode.h"

int iot_decode_ipv6(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);

#endif
