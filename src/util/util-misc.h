/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small string and number helpers that replace the banned libc calls (atoi, strcpy, strncpy). */
#ifndef IOTSEC_UTIL_UTIL_MISC_H
#define IOTSEC_UTIL_UTIL_MISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies at most dstsize-1 bytes and always terminates; returns strlen(src) so truncation
 * shows as a return value >= dstsize. */
size_t iot_strlcpy(char *dst, const char *src, size_t dstsize);

/* Parses a whole string as an unsigned decimal number within [min, max].
 * Returns 0 or IOT_ERR_INPUT (empty, trailing junk, sign, or out of range). */
int iot_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* Parses a size with an optional k/m/g suffix (powers of 1024), e.g. "64m". */
int iot_parse_size(const char *s, uint64_t *out);

/* Walks the lines of text[0..len) from *pos: returns true with the next line that holds
 * something other than blanks or a '#' comment, trimmed of surrounding blanks, in *line and
 * *llen, and *lineno counting every line passed (for FILE:LINE errors); false at the end. */
bool iot_text_next_line(const char *text, size_t len, size_t *pos, unsigned *lineno,
                        const char **line, size_t *llen);

#endif
