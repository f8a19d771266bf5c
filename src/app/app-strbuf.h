/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounded string building for the app parsers: appends that cannot overrun their destination
 * and flag what they cut (style R7), and the uncompressed DNS wire-format names that DHCP's
 * client FQDN options carry (RFC 4702 for DHCPv4, RFC 4704 for DHCPv6). */
#ifndef IOTSEC_APP_APP_STRBUF_H
#define IOTSEC_APP_APP_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util-cursor.h"

/* Copies n bytes of v (n <= what v holds) to the string dst (capacity cap, current length
 * *len), keeping the NUL; what does not fit is skipped and *trunc set. */
void iot_str_append(char *dst, size_t cap, uint16_t *len, bool *trunc, struct iot_cur *v, size_t n);

/* Appends one character, or sets *trunc. */
void iot_str_putc(char *dst, size_t cap, uint16_t *len, bool *trunc, char ch);

/* Decodes a wire-format name without compression (possibly partial: no root label) into dst as
 * dotted text. Returns false when the name is malformed (a pointer or extended label type, a
 * label past the end, bytes after the root); dst then holds the labels decoded so far. */
bool iot_wire_name(struct iot_cur *v, char *dst, size_t cap, uint16_t *len, bool *trunc);

#endif
