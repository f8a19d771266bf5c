/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UDP header; the payload length comes from the header, bounded by what was captured. */
#ifndef IOTSEC_DECODE_DECODE_UDP_H
#define IOTSEC_DECODE_DECODE_UDP_H

#include "decode/decode.h"

int iot_decode_udp(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);

#endif
