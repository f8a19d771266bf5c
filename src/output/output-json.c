/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Append-only JSON builder with strict escaping. */
#include "iotsec-common.h"
#include "output/output-json.h"

#include <math.h>

#include "util/util-mem.h"

void iot_jb_init(struct iot_jb *jb, size_t max)
{
    memset(jb, 0, sizeof(*jb));
    jb->max = max;
}

void iot_jb_free(struct iot_jb *jb)
{
    iot_free(jb->buf);
    memset(jb, 0, sizeof(*jb));
}

static bool jb_grow(struct iot_jb *jb, size_t n)
{
    if (jb->failed)
        return false;
    if (n > jb->max || jb->len > jb->max - n) {
        jb->failed = true; /* a record over the cap is dropped, not truncated into bad JSON */
        return false;
    }
    if (jb->len + n <= jb->cap)
        return true;
    size_t ncap = jb->cap ? jb->cap * 2 : 1024;
    while (ncap < jb->len + n)
        ncap *= 2;
    char *nb = iot_realloc(jb->buf, ncap);
    if (nb == NULL) {
        jb->failed = true;
        return false;
    }
    jb->buf = nb;
    jb->cap = ncap;
    return true;
}

/* The common case (room already there) stays inline and branch-light. */
static inline bool jb_reserve(struct iot_jb *jb, size_t n)
{
    if (IOT_LIKELY(!jb->failed && jb->cap - jb->len >= n && jb->len + n <= jb->max))
        return true;
    return jb_grow(jb, n);
}

static void jb_raw(struct iot_jb *jb, const char *s, size_t n)
{
    if (jb_reserve(jb, n)) {
        memcpy(jb->buf + jb->len, s, n);
        jb->len += n;
    }
}

static void jb_char(struct iot_jb *jb, char c)
{
    if (jb_reserve(jb, 1))
        jb->buf[jb->len++] = c;
}

/* Comma and key for the next member or element. */
static void jb_key(struct iot_jb *jb, const char *key)
{
    if (jb->depth <= 0) {
        jb->failed = true;
        return;
    }
    size_t klen = key != NULL ? strlen(key) : 0;
    if (!jb_reserve(jb, klen + 4))
        return;
    char *w = jb->buf + jb->len;
    if (jb->need_comma[jb->depth - 1])
        *w++ = ',';
    jb->need_comma[jb->depth - 1] = true;
    if (key != NULL) {
        *w++ = '"';
        memcpy(w, key, klen);
        w += klen;
        *w++ = '"';
        *w++ = ':';
    }
    jb->len = (size_t)(w - jb->buf);
}

static void jb_open(struct iot_jb *jb, const char *key, char c)
{
    if (jb->depth > 0)
        jb_key(jb, key);
    if (jb->depth >= IOT_JB_MAX_DEPTH) {
        jb->failed = true;
        return;
    }
    jb_char(jb, c);
    jb->need_comma[jb->depth++] = false;
}

static void jb_close(struct iot_jb *jb, char c)
{
    if (jb->depth <= 0) {
        jb->failed = true;
        return;
    }
    jb->depth--;
    jb_char(jb, c);
}

void iot_jb_begin(struct iot_jb *jb)
{
    jb->len = 0;
    jb->depth = 0;
    jb->failed = false;
    jb_open(jb, NULL, '{');
}

bool iot_jb_end(struct iot_jb *jb)
{
    jb_close(jb, '}');
    if (jb->depth != 0)
        jb->failed = true;
    jb_char(jb, '\n');
    return !jb->failed;
}

void iot_jb_open_object(struct iot_jb *jb, const char *key)
{
    jb_open(jb, key, '{');
}

void iot_jb_open_array(struct iot_jb *jb, const char *key)
{
    jb_open(jb, key, '[');
}

void iot_jb_close_object(struct iot_jb *jb)
{
    jb_close(jb, '}');
}

void iot_jb_close_array(struct iot_jb *jb)
{
    jb_close(jb, ']');
}

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates, <= U+10FFFF),
 * or 0 when the bytes there are not one. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

static void jb_escaped(struct iot_jb *jb, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    jb_char(jb, '"');
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '"' && s[run] != '\\')
            run++;
        jb_raw(jb, (const char *)s + i, run - i);
        i = run;
        if (i >= n)
            break;
        unsigned char c = s[i];
        size_t ul = c >= 0x80 ? utf8_seq_len(s + i, n - i) : 0;
        if (ul > 0) {
            jb_raw(jb, (const char *)s + i, ul);
            i += ul;
            continue;
        }
        char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        if (c == '"' || c == '\\') {
            esc[1] = (char)c;
            jb_raw(jb, esc, 2);
        } else {
            jb_raw(jb, esc, 6); /* control bytes and bytes that are not UTF-8 */
        }
        i++;
    }
    jb_char(jb, '"');
}

void iot_jb_strn(struct iot_jb *jb, const char *key, const char *s, size_t n)
{
    jb_key(jb, key);
    jb_escaped(jb, s, n);
}

void iot_jb_str(struct iot_jb *jb, const char *key, const char *s)
{
    iot_jb_strn(jb, key, s, strlen(s));
}

void iot_jb_lit(struct iot_jb *jb, const char *key, const char *s)
{
    IOT_DEBUG_VALIDATE(strchr(s, '"') == NULL && strchr(s, '\\') == NULL);
    size_t n = strlen(s);
    jb_key(jb, key);
    if (!jb_reserve(jb, n + 2))
        return;
    char *w = jb->buf + jb->len;
    *w++ = '"';
    memcpy(w, s, n);
    w[n] = '"';
    jb->len += n + 2;
}

void iot_jb_raw_number(struct iot_jb *jb, const char *key, const char *digits)
{
    IOT_DEBUG_VALIDATE(digits[0] != '\0' && strspn(digits, "0123456789.-") == strlen(digits));
    jb_key(jb, key);
    jb_raw(jb, digits, strlen(digits));
}

void iot_jb_double(struct iot_jb *jb, const char *key, double v)
{
    char buf[48];
    /* JSON has no NaN or infinity: null says "no value" instead. */
    int n = isfinite(v) ? snprintf(buf, sizeof(buf), "%.6g", v) : snprintf(buf, sizeof(buf), "null");
    jb_key(jb, key);
    jb_raw(jb, buf, (size_t)n);
}

void iot_jb_u64(struct iot_jb *jb, const char *key, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof(tmp);
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    jb_key(jb, key);
    jb_raw(jb, tmp + i, sizeof(tmp) - i);
}

void iot_jb_bool(struct iot_jb *jb, const char *key, bool v)
{
    jb_key(jb, key);
    if (v)
        jb_raw(jb, "true", 4);
    else
        jb_raw(jb, "false", 5);
}
