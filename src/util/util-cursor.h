/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A bounds-checked read cursor over untrusted bytes (style rule R4). Every read checks room
 * first with the subtraction form (n <= len - off, which cannot wrap) and advances only on
 * success; a failed read leaves the cursor where it was and returns false. Parsers read through
 * it and do no pointer arithmetic of their own. */
#ifndef IOTSEC_UTIL_UTIL_CURSOR_H
#define IOTSEC_UTIL_UTIL_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct iot_cur {
    const uint8_t *base;
    size_t len;
    size_t off;
};

static inline struct iot_cur iot_cur_init(const uint8_t *base, size_t len)
{
    struct iot_cur c = {base, len, 0};
    return c;
}

static inline size_t iot_cur_left(const struct iot_cur *c)
{
    return c->len - c->off;
}

static inline bool iot_cur_need(const struct iot_cur *c, size_t n)
{
    return n <= c->len - c->off;
}

static inline const uint8_t *iot_cur_ptr(const struct iot_cur *c)
{
    return c->base + c->off;
}

static inline bool iot_cur_skip(struct iot_cur *c, size_t n)
{
    if (!iot_cur_need(c, n))
        return false;
    c->off += n;
    return true;
}

static inline bool iot_cur_u8(struct iot_cur *c, uint8_t *v)
{
    if (!iot_cur_need(c, 1))
        return false;
    *v = c->base[c->off++];
    return true;
}

static inline bool iot_cur_u16be(struct iot_cur *c, uint16_t *v)
{
    if (!iot_cur_need(c, 2))
        return false;
    *v = (uint16_t)((uint16_t)c->base[c->off] << 8 | c->base[c->off + 1]);
    c->off += 2;
    return true;
}

static inline bool iot_cur_u32be(struct iot_cur *c, uint32_t *v)
{
    if (!iot_cur_need(c, 4))
        return false;
    const uint8_t *p = c->base + c->off;
    *v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    c->off += 4;
    return true;
}

/* Copies n bytes out. */
static inline bool iot_cur_bytes(struct iot_cur *c, void *dst, size_t n)
{
    if (!iot_cur_need(c, n))
        return false;
    memcpy(dst, c->base + c->off, n);
    c->off += n;
    return true;
}

/* A sub-cursor over the next n bytes (a TLV's value), advancing this one past them. */
static inline bool iot_cur_sub(struct iot_cur *c, size_t n, struct iot_cur *sub)
{
    if (!iot_cur_need(c, n))
        return false;
    *sub = iot_cur_init(c->base + c->off, n);
    c->off += n;
    return true;
}

#endif
