/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CoAP (RFC 7252) message parser over UDP: the header, the URI a client asks for, and the
 * resources a device lists in CoRE link format (RFC 6690) for the passive device inventory. */
#ifndef IOTSEC_APP_APP_COAP_H
#define IOTSEC_APP_APP_COAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"
#include "util/limits.h"

#define IOT_COAP_HDR_LEN 4        /* Ver/T/TKL, Code, Message ID (RFC 7252 3) */
#define IOT_COAP_TOKEN_MAX 8      /* TKL 9-15 is a message format error */
#define IOT_COAP_STR_MAX 256      /* one option value (Uri-Host: at most 255 bytes) and the NUL */
#define IOT_COAP_URI_MAX 512      /* Uri-Path or Uri-Query segments joined, and the NUL */
#define IOT_COAP_LINK_STR_MAX 128 /* one link target, rt= or if= value, and the NUL */

/* Message types (RFC 7252 3). */
#define IOT_COAP_CON 0
#define IOT_COAP_NON 1
#define IOT_COAP_ACK 2
#define IOT_COAP_RST 3

/* Codes as class << 5 | detail (RFC 7252 12.1). */
#define IOT_COAP_CODE(c, d) ((uint8_t)((c) << 5 | (d)))
#define IOT_COAP_EMPTY IOT_COAP_CODE(0, 0)
#define IOT_COAP_GET IOT_COAP_CODE(0, 1)
#define IOT_COAP_CONTENT IOT_COAP_CODE(2, 5)

#define IOT_COAP_CF_LINK_FORMAT 40 /* application/link-format (RFC 6690 7.3) */

/* Why a message was rejected; each has a dotted counter name (iot_coap_error_name). */
enum iot_coap_error {
    IOT_COAP_ERR_NONE = 0,
    IOT_COAP_ERR_TRUNC,         /* shorter than the 4-byte header or than its token */
    IOT_COAP_ERR_BAD_VERSION,   /* version is not 1 */
    IOT_COAP_ERR_BAD_TKL,       /* token length 9-15 */
    IOT_COAP_ERR_BAD_EMPTY,     /* code 0.00 with a token or bytes after the message ID */
    IOT_COAP_ERR_OPT_RESERVED,  /* an option delta or length nibble of 15 outside 0xFF */
    IOT_COAP_ERR_OPT_TRUNC,     /* an option's extended bytes or value run past the end */
    IOT_COAP_ERR_OPT_NUMBER,    /* the option number grows past 65535 */
    IOT_COAP_ERR_EMPTY_PAYLOAD, /* a payload marker followed by nothing */
    IOT_COAP_ERR_MAX
};

/* One CoRE link-format entry: "</sensors/temp>;rt="temperature";if="sensor"". Only the first
 * rt= and if= of an entry are kept (quotes removed, escapes kept as sent). */
struct iot_coap_link {
    char target[IOT_COAP_LINK_STR_MAX]; /* between < and > */
    uint16_t target_len;
    bool target_truncated;
    bool has_rt;
    char rt[IOT_COAP_LINK_STR_MAX];
    uint16_t rt_len;
    bool rt_truncated;
    bool has_if;
    char ifd[IOT_COAP_LINK_STR_MAX]; /* the if= attribute ("if" is a keyword) */
    uint16_t ifd_len;
    bool ifd_truncated;
};

/* What one CoAP message says. Strings hold the raw option bytes (any byte, including NUL;
 * <field>_len counts them), always NUL-terminated, with <field>_truncated set when the value
 * did not fit. A repeated Uri-Host or Content-Format keeps its first instance. */
struct iot_coap_info {
    enum iot_coap_error error; /* IOT_COAP_ERR_NONE iff the parse returned IOT_OK */

    uint8_t version; /* always 1 when accepted */
    uint8_t type;    /* IOT_COAP_CON... */
    uint8_t code;    /* class << 5 | detail; IOT_COAP_GET... */
    uint8_t code_class, code_detail;
    uint16_t message_id;
    uint8_t token_len;
    uint8_t token[IOT_COAP_TOKEN_MAX];

    uint16_t opt_count;     /* options read, at most IOT_MAX_COAP_OPTIONS */
    bool options_truncated; /* IOT_MAX_COAP_OPTIONS reached: the rest (and the payload) unread */

    bool has_uri_host; /* option 3 */
    char uri_host[IOT_COAP_STR_MAX];
    uint16_t uri_host_len;
    bool uri_host_truncated;
    /* Option 11, each segment prefixed with '/' ("/.well-known/core"); empty when none. */
    uint16_t uri_path_segments;
    char uri_path[IOT_COAP_URI_MAX];
    uint16_t uri_path_len;
    bool uri_path_truncated;
    /* Option 15, segments joined with '&' ("rt=temp&if=sensor"). */
    uint16_t uri_query_segments;
    char uri_query[IOT_COAP_URI_MAX];
    uint16_t uri_query_len;
    bool uri_query_truncated;
    bool has_content_format; /* option 12, a 0-2 byte uint; longer values are ignored */
    uint16_t content_format;

    size_t payload_len; /* bytes after the 0xFF marker */

    /* GET /.well-known/core (resource discovery, RFC 6690 4). */
    bool is_discovery;
    /* Link format was parsed: a 2.05 with Content-Format 40, or a payload on a discovery GET. */
    bool has_links;
    struct iot_coap_link links[IOT_MAX_COAP_LINKS];
    uint16_t link_count;
    bool links_truncated; /* more entries than IOT_MAX_COAP_LINKS (or parameters than
                           * IOT_MAX_COAP_LINK_PARAMS in one entry): the rest unread */
    bool links_malformed; /* the payload broke the RFC 6690 grammar; entries before it kept */
};

/* Parses one CoAP message (a whole UDP payload, exactly len bytes) into *out. Reads no byte
 * outside data[0..len), allocates nothing and keeps no state; safe from any thread.
 * Returns IOT_OK when the message is well formed (some fields may be truncated, and a
 * malformed link-format payload only sets links_malformed), IOT_ERR_INPUT when it is not
 * (out->error says why; the rest of *out is unspecified but safe to read), or IOT_ERR_USAGE
 * when out is NULL. */
IOT_WARN_UNUSED int iot_coap_parse(const uint8_t *data, size_t len, struct iot_coap_info *out);

/* The dotted counter name of e ("app.coap.bad_tkl"); "app.coap.unknown" when out of range. */
const char *iot_coap_error_name(enum iot_coap_error e);

#endif
