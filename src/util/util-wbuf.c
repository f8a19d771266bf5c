/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A growing write buffer. */
#include "iotsec-common.h"
#include "util/util-wbuf.h"

#include "util/util-mem.h"

void iot_wbuf_put(struct iot_wbuf *b, const void *v, size_t n)
{
    if (b->failed || n == 0)
        return;
    if (n > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return;
    }
    if (b->len + n > b->cap) {
        size_t cap = IOT_MAX(b->cap * 2, b->len + n + 4096);
        uint8_t *np = iot_realloc(b->p, cap);
        if (np == NULL) {
            b->failed = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, v, n);
    b->len += n;
}

void iot_wbuf_u32le(struct iot_wbuf *b, uint32_t v)
{
    uint8_t le[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    iot_wbuf_put(b, le, 4);
}

void iot_wbuf_u64le(struct iot_wbuf *b, uint64_t v)
{
    iot_wbuf_u32le(b, (uint32_t)v);
    iot_wbuf_u32le(b, (uint32_t)(v >> 32));
}

void iot_wbuf_f64le(struct iot_wbuf *b, double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    iot_wbuf_u64le(b, v);
}

uint8_t *iot_wbuf_take(struct iot_wbuf *b, size_t *len)
{
    if (b->failed) {
        iot_wbuf_free(b);
        return NULL;
    }
    uint8_t *p = b->p;
    *len = b->len;
    *b = (struct iot_wbuf){0};
    return p;
}

void iot_wbuf_free(struct iot_wbuf *b)
{
    iot_free(b->p);
    *b = (struct iot_wbuf){0};
}
