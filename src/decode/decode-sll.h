/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linux cooked capture, versions 1 (DLT_LINUX_SLL) and 2 (DLT_LINUX_SLL2). */
#ifndef IOTSEC_DECODE_DECODE_SLL_H
#define IOTSEC_DECODE_DECODE_SLL_H

#include "decode/decode.h"

int iot_decode_sll(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);
int iot_decode_sll2(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);

#endif
