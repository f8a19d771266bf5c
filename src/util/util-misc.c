/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checked string and number helpers. */
#include "iotsec-common.h"
#include "util/util-misc.h"

#include <ctype.h>
#include <errno.h>

size_t iot_strlcpy(char *dst, const char *src, size_t dstsize)
{
    size_t n = strlen(src);
    if (dstsize > 0) {
        size_t c = n < dstsize - 1 ? n : dstsize - 1;
        memcpy(dst, src, c);
        dst[c] = '\0';
    }
    return n;
}

int iot_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    if (s == NULL || !isdigit((unsigned char)s[0]))
        return IOT_ERR_INPUT;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
        return IOT_ERR_INPUT;
    *out = v;
    return IOT_OK;
}

int iot_parse_size(const char *s, uint64_t *out)
{
    if (s == NULL || !isdigit((unsigned char)s[0]))
        return IOT_ERR_INPUT;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s)
        return IOT_ERR_INPUT;
    unsigned shift = 0;
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: return IOT_ERR_INPUT;
    }
    if ((*end == 'b' || *end == 'B') && shift != 0)
        end++;
    if (*end != '\0' || v > (UINT64_MAX >> shift))
        return IOT_ERR_INPUT;
    *out = (uint64_t)v << shift;
    return IOT_OK;
}

bool iot_text_next_line(const char *text, size_t len, size_t *pos, unsigned *lineno,
                        const char **line, size_t *llen)
{
    while (*pos < len) {
        const char *nl = memchr(text + *pos, '\n', len - *pos);
        size_t end = nl != NULL ? (size_t)(nl - text) : len;
        const char *l = text + *pos;
        size_t n = end - *pos;
        *pos = end + 1;
        ++*lineno;
        while (n > 0 && isspace((unsigned char)l[n - 1]))
            n--;
        while (n > 0 && isspace((unsigned char)*l))
            l++, n--;
        if (n == 0 || *l == '#')
            continue;
        *line = l;
        *llen = n;
        return true;
    }
    return false;
}
