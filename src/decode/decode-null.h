/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BSD loopback: DLT_NULL (host byte order family) and DLT_LOOP (network byte order). */
#ifndef IOTSEC_DECODE_DECODE_NULL_H
#define IOTSEC_DECODE_DECODE_NULL_H

#include "decode/decode.h"

/* network_order selects DLT_LOOP. Families: AF_INET (2), the BSD AF_INET6 values (24, 28, 30) and
 * Linux's 10. */
int iot_decode_null(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len,
                    bool network_order);

#endif
