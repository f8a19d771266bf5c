/* SPDX-License-Identifier: GPL-3.0-or-later */
/* First include of every .c file: standard headers and project-wide macros. */
#ifndef IOTSEC_COMMON_H
#define IOTSEC_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iotsec/iotsec.h"

#define IOT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define IOT_MIN(a, b) ((a) < (b) ? (a) : (b))
#define IOT_MAX(a, b) ((a) > (b) ? (a) : (b))
#define IOT_UNUSED(x) (void)(x)
#define IOT_LIKELY(x) __builtin_expect(!!(x), 1)
#define IOT_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Internal invariants: checked in sanitizer and fuzz builds, free in release. Never an input check. */
#ifdef IOT_DEBUG_VALIDATION
#define IOT_DEBUG_VALIDATE(expr)                                                                   \
    do {                                                                                           \
        if (!(expr)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #expr);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)
#else
#define IOT_DEBUG_VALIDATE(expr) ((void)0)
#endif

/* Big-endian loads; the caller has checked that the bytes are there. */
static inline uint16_t iot_be16(const uint8_t *p)
{
    return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t iot_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#endif
