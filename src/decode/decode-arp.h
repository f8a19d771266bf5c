/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ARP for IPv4 over Ethernet. */
#ifndef IOTSEC_DECODE_DECODE_ARP_H
#define IOTSEC_DECODE_DECODE_ARP_H

#include "decode/decode.h"

/* Fills p->arp for Ethernet/IPv4 ARP; other hardware or protocol types: decoder.arp.unsupported. */
int iot_decode_arp(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len);

#endif
