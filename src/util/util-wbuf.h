/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A growing write buffer, the writing side of util-cursor.h: appends never fail loudly, the
 * first allocation failure sticks (failed) and the caller checks once at the end. The bytes
 * belong to the caller after iot_wbuf_take; iot_wbuf_free drops them. */
#ifndef IOTSEC_UTIL_UTIL_WBUF_H
#define IOTSEC_UTIL_UTIL_WBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct iot_wbuf {
    uint8_t *p;
    size_t len, cap;
    bool failed;
};

/* Appends n bytes (the buffer grows by doubling). */
void iot_wbuf_put(struct iot_wbuf *b, const void *v, size_t n);
/* Little-endian integers and IEEE doubles, for formats read on other machines. */
void iot_wbuf_u32le(struct iot_wbuf *b, uint32_t v);
void iot_wbuf_u64le(struct iot_wbuf *b, uint64_t v);
void iot_wbuf_f64le(struct iot_wbuf *b, double d);
/* The bytes (the caller frees them with iot_free) and their length; NULL after a failure. */
uint8_t *iot_wbuf_take(struct iot_wbuf *b, size_t *len);
void iot_wbuf_free(struct iot_wbuf *b);

#endif
