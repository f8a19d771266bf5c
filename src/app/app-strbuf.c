/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounded string appends and uncompressed wire-format names. */
#include "iotsec-common.h"
#include "app/app-strbuf.h"

#include "util/limits.h"

void iot_str_append(char *dst, size_t cap, uint16_t *len, bool *trunc, struct iot_cur *v, size_t n)
{
    size_t room = cap - 1 - *len;

    IOT_DEBUG_VALIDATE(*len < cap && n <= iot_cur_left(v));
    if (n > room) {
        *trunc = true;
        n = room;
    }
    if (!iot_cur_bytes(v, dst + *len, n))
        return;
    *len = (uint16_t)(*len + n);
    dst[*len] = '\0';
}

void iot_str_putc(char *dst, size_t cap, uint16_t *len, bool *trunc, char ch)
{
    if (cap - 1 - *len < 1) {
        *trunc = true;
        return;
    }
    dst[(*len)++] = ch;
    dst[*len] = '\0';
}

bool iot_wire_name(struct iot_cur *v, char *dst, size_t cap, uint16_t *len, bool *trunc)
{
    unsigned labels = 0;

    while (iot_cur_left(v) > 0) {
        uint8_t ll;
        struct iot_cur lab;

        if (!iot_cur_u8(v, &ll))
            return false;
        if (ll == 0)
            /* The root label ends the name; bytes after it would be hidden from any consumer
             * that stops at the root, so they make the name malformed. */
            return iot_cur_left(v) == 0;
        /* 0xC0 is a compression pointer, 0x40/0x80 are extended label types: RFC 4702 2.3.1
         * and RFC 4704 4.2 forbid them here, and a pointer would lead outside the option. */
        if (ll & 0xC0)
            return false;
        if (labels == IOT_MAX_DNS_LABELS) {
            *trunc = true;
            return true;
        }
        labels++;
        /* A label longer than what is left of the option is an over-read attempt. */
        if (!iot_cur_sub(v, ll, &lab))
            return false;
        if (*len > 0)
            iot_str_putc(dst, cap, len, trunc, '.');
        iot_str_append(dst, cap, len, trunc, &lab, ll);
    }
    return true;
}
