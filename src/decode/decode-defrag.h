/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IPv4 and IPv6 fragment reassembly, bounded in bytes, trackers and time. */
#ifndef IOTSEC_DECODE_DECODE_DEFRAG_H
#define IOTSEC_DECODE_DECODE_DEFRAG_H

#include "decode/decode.h"

/* Returns a tracker table, or NULL when memory runs out. cfg NULL means defaults
 * (16 MiB, 4096 trackers, 60 s). */
struct iot_defrag *iot_defrag_new(const struct iot_defrag_config *cfg);
void iot_defrag_free(struct iot_defrag *df);

/* Adds one fragment. When it completes a datagram, returns IOT_OK with *out set to a new
 * buffer holding the whole datagram (header rewritten as unfragmented) and *out_len its length;
 * the caller owns *out (free with iot_free). Otherwise *out is NULL. Memcap, tracker and
 * overlap problems are recorded as events on p. */
int iot_defrag_ipv4(struct iot_decoder *d, struct iot_packet *p, const uint8_t *ip, uint32_t len,
                    uint8_t **out, uint32_t *out_len);
int iot_defrag_ipv6(struct iot_decoder *d, struct iot_packet *p, const uint8_t *ip, uint32_t len,
                    uint32_t frag_hdr_off, uint8_t **out, uint32_t *out_len);

#endif
