/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounded reader of an HTTP/1.x-style head (start line, header lines, empty line), shared by
 * the HTTP and SSDP parsers.
 *
 * Policy, fixed here so every text protocol built on it behaves the same:
 * - Lines end at LF; one CR before the LF is dropped (CRLF), so bare-LF senders are tolerated.
 *   A CR anywhere else is kept as a raw byte of the line.
 * - A line longer than IOT_HTTPHDR_MAX_LINE bytes (CR/LF excluded) is an error, not a
 *   truncation: the reader never scans more than that many bytes looking for one LF, so a 1 MiB
 *   line costs 8 KiB of work, and nothing is silently cut out of the middle of a head.
 * - At most IOT_MAX_HTTP_HEADERS header lines; one more is an error (the end of the head could
 *   not be found without reading on, and a flood of headers is itself hostile).
 * - obs-fold continuation lines (a header line starting with SP or HT) are rejected, as
 *   RFC 9112 section 5.2 allows: joining them would need a copy, and a parser that joins while
 *   another ignores them is how header smuggling works.
 * - A header name is a non-empty RFC 9110 token followed directly by ':'. Whitespace before
 *   the colon is rejected (RFC 9112 section 5.1 requires it: it is a smuggling vector), so is a
 *   line without a colon. Names compare case-insensitively (ASCII only).
 * - Values keep their raw bytes (NUL, CR, bytes >= 0x80 included) with leading and trailing
 *   SP/HT removed.
 * - The head ends at the first empty line. Bytes after it (a body, a trailing NUL in some SSDP
 *   stacks) are not looked at. Without the empty line the head is INCOMPLETE, unless the caller
 *   passes IOT_HTTPHDR_F_EOF_ENDS (a UDP datagram: the end of the buffer is the end of the
 *   message, and the last line may lack its LF).
 * - Duplicate headers are all kept, in order; lookups return the first and count the rest, so
 *   each protocol decides (and documents) which one wins.
 * The reader allocates nothing and keeps pointers into the caller's buffer, which must outlive
 * the struct iot_httphdr. */
#ifndef IOTSEC_APP_APP_HTTPHDR_H
#define IOTSEC_APP_APP_HTTPHDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"
#include "util/limits.h"

#define IOT_HTTPHDR_MAX_LINE 8192u /* bytes in one line, CR LF excluded */

/* The end of the buffer ends the last line and the head (datagram protocols such as SSDP). */
#define IOT_HTTPHDR_F_EOF_ENDS 0x1u

enum iot_httphdr_error {
    IOT_HTTPHDR_ERR_NONE = 0,
    IOT_HTTPHDR_ERR_INCOMPLETE,         /* the buffer ends before the empty line */
    IOT_HTTPHDR_ERR_EMPTY_START,        /* the first line is empty */
    IOT_HTTPHDR_ERR_LINE_TOO_LONG,      /* a line over IOT_HTTPHDR_MAX_LINE bytes */
    IOT_HTTPHDR_ERR_TOO_MANY_HEADERS,   /* more than IOT_MAX_HTTP_HEADERS header lines */
    IOT_HTTPHDR_ERR_OBS_FOLD,           /* a header line starting with SP or HT */
    IOT_HTTPHDR_ERR_NO_COLON,           /* a header line without ':' */
    IOT_HTTPHDR_ERR_SPACE_BEFORE_COLON, /* "Name :" */
    IOT_HTTPHDR_ERR_BAD_NAME,           /* empty name or a byte that is not a token char */
    IOT_HTTPHDR_ERR_MAX
};

/* A run of bytes inside the caller's buffer. */
struct iot_httphdr_span {
    const uint8_t *p;
    size_t n;
};

struct iot_httphdr_field {
    struct iot_httphdr_span name;  /* never empty, token chars only */
    struct iot_httphdr_span value; /* raw bytes, leading/trailing SP and HT removed */
};

struct iot_httphdr {
    struct iot_httphdr_span start; /* the start line without CR LF; n == 0 until it is whole */
    bool start_complete;           /* the start line was read (set even when the head is not) */
    struct iot_httphdr_field fields[IOT_MAX_HTTP_HEADERS];
    unsigned nfields;
    size_t head_len;   /* bytes of the head including the empty line: where a body starts */
    bool unterminated; /* F_EOF_ENDS only: the buffer ended without an empty line */
    enum iot_httphdr_error error;
};

/* Reads the head at the start of data[0..len). flags: IOT_HTTPHDR_F_*.
 * Returns IOT_OK when the head is complete and well formed, else IOT_ERR_INPUT with hh->error
 * saying why (IOT_HTTPHDR_ERR_INCOMPLETE: more bytes may complete it). On INCOMPLETE, the
 * start line and the fields read so far are valid. Zero bytes are INCOMPLETE. */
IOT_WARN_UNUSED int iot_httphdr_parse(struct iot_httphdr *hh, const uint8_t *data, size_t len,
                                      unsigned flags);

/* Index of the first field named name (ASCII case-insensitive) at or after index from, or -1.
 * Iterate over duplicates with from = previous index + 1. */
IOT_WARN_UNUSED int iot_httphdr_find(const struct iot_httphdr *hh, const char *name, unsigned from);

/* How many fields are named name. */
unsigned iot_httphdr_count(const struct iot_httphdr *hh, const char *name);

/* ASCII case-insensitive comparison of a span with a C string. */
bool iot_httphdr_span_ieq(struct iot_httphdr_span s, const char *str);

/* Exact (case-sensitive) comparison of a span with a C string. */
bool iot_httphdr_span_eq(struct iot_httphdr_span s, const char *str);

/* Copies the span into dst[dstsize] (dstsize >= 1), always NUL-terminating. Returns true when
 * the C string does not hold the whole value: it was cut to fit, or the value holds a NUL byte
 * (the copy keeps the raw bytes, so the string a reader sees ends at that NUL). */
bool iot_httphdr_copy(char *dst, size_t dstsize, struct iot_httphdr_span s);

/* Splits a request line "method SP target SP version": method is up to the first SP, version
 * after the last SP, target in between (may hold SP). False unless all three are non-empty. */
IOT_WARN_UNUSED bool iot_httphdr_split_request(struct iot_httphdr_span line,
                                               struct iot_httphdr_span *method,
                                               struct iot_httphdr_span *target,
                                               struct iot_httphdr_span *version);

/* Splits a status line "version SP code [SP reason]". Reason may be empty or absent.
 * False unless version and code are non-empty. */
IOT_WARN_UNUSED bool iot_httphdr_split_status(struct iot_httphdr_span line,
                                              struct iot_httphdr_span *version,
                                              struct iot_httphdr_span *code,
                                              struct iot_httphdr_span *reason);

/* Parses "HTTP/" DIGIT "." DIGIT (RFC 9112 section 2.3). */
IOT_WARN_UNUSED bool iot_httphdr_version(struct iot_httphdr_span s, uint8_t *major, uint8_t *minor);

/* Parses 1..19 decimal digits, nothing else, into *out (no sign, no space, no overflow). */
IOT_WARN_UNUSED bool iot_httphdr_u64(struct iot_httphdr_span s, uint64_t *out);

/* True for an RFC 9110 tchar. */
bool iot_httphdr_is_tchar(uint8_t c);

/* Dotted counter name, e.g. "app.httphdr.line_too_long". */
const char *iot_httphdr_error_name(enum iot_httphdr_error e);

#endif
