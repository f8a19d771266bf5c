/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The two switches every decoder hands over through: by ethertype and by IP protocol. */
#ifndef IOTSEC_DECODE_DECODE_DISPATCH_H
#define IOTSEC_DECODE_DECODE_DISPATCH_H

#include "decode/decode.h"

/* Decodes data as the payload of the given ethertype (IPv4, IPv6, ARP, VLAN; others are left
 * alone). Returns IOT_OK or IOT_ERR_INPUT after marking the packet invalid. */
int iot_decode_ethertype(struct iot_decoder *d, struct iot_packet *p, uint16_t ethertype,
                         const uint8_t *data, uint32_t len);

/* Decodes data as the payload of IP protocol proto (TCP, UDP, ICMPv4, ICMPv6, GRE). */
int iot_decode_ip_payload(struct iot_decoder *d, struct iot_packet *p, uint8_t proto,
                          const uint8_t *data, uint32_t len);

#endif
