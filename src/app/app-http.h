/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP/1.x head parser: what a device reveals in the first request or response of one
 * direction of a TCP stream (method, target, Host, User-Agent, Server, auth schemes).
 *
 * Decisions (see also app-httphdr.h for the line-level policy):
 * - A head cut before its empty line returns IOT_ERR_INPUT with IOT_HTTP_ERR_INCOMPLETE, so
 *   the caller can wait for more bytes; every other error is final. Bytes that cannot start an
 *   HTTP message (a method byte that is not a token char, a method over
 *   IOT_HTTP_METHOD_MAX_LEN bytes, a response not starting "HTTP/") are rejected as soon as
 *   they are seen, not after 8 KiB of waiting.
 * - Methods are matched case-sensitively (RFC 9110 9.1): "get" is IOT_HTTP_METHOD_OTHER.
 *   Any other token method is accepted as OTHER and copied into method_str.
 * - Only HTTP/1.0 and HTTP/1.1 (any 1.x) are accepted.
 * - Duplicate headers: the first one wins for every copied field. A second Host header sets
 *   host_duplicate (RFC 9112 3.2 makes that a 400 at a server: a smuggling/cache-poisoning
 *   signal). Content-Length headers must all hold the same plain decimal value, otherwise the
 *   message is rejected (IOT_HTTP_ERR_BAD_CONTENT_LENGTH, RFC 9112 6.3: framing is ambiguous).
 * - Authorization: only the scheme is copied (e.g. "Basic"), and only when credentials follow
 *   it after whitespace; a lone token may itself be a bare credential, so it is not copied.
 *   The credential bytes are never copied anywhere; auth_credentials says the value was not
 *   empty (a lone token, even "Basic", counts: it cannot be told from a bare API key).
 * - Strings keep raw bytes; a value holding a NUL is copied up to its end but flagged
 *   <field>_truncated, because the C string a reader sees stops at the NUL. */
#ifndef IOTSEC_APP_APP_HTTP_H
#define IOTSEC_APP_APP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_HTTP_METHOD_MAX_LEN 32 /* longer method tokens are not HTTP */

enum iot_http_kind {
    IOT_HTTP_KIND_NONE = 0,
    IOT_HTTP_KIND_REQUEST,
    IOT_HTTP_KIND_RESPONSE,
};

enum iot_http_method {
    IOT_HTTP_METHOD_NONE = 0, /* a response, or not parsed */
    IOT_HTTP_METHOD_OTHER,    /* a token not listed here (also lower-case "get") */
    IOT_HTTP_METHOD_GET,
    IOT_HTTP_METHOD_HEAD,
    IOT_HTTP_METHOD_POST,
    IOT_HTTP_METHOD_PUT,
    IOT_HTTP_METHOD_DELETE,
    IOT_HTTP_METHOD_OPTIONS,
    IOT_HTTP_METHOD_PATCH,
    IOT_HTTP_METHOD_CONNECT,
    IOT_HTTP_METHOD_TRACE,
    IOT_HTTP_METHOD_NOTIFY,      /* SSDP / GENA */
    IOT_HTTP_METHOD_M_SEARCH,    /* SSDP */
    IOT_HTTP_METHOD_SUBSCRIBE,   /* GENA */
    IOT_HTTP_METHOD_UNSUBSCRIBE, /* GENA */
    IOT_HTTP_METHOD_MAX
};

enum iot_http_error {
    IOT_HTTP_ERR_NONE = 0,
    IOT_HTTP_ERR_INCOMPLETE,         /* the head is cut: wait for more bytes */
    IOT_HTTP_ERR_BAD_START_LINE,     /* empty, or not "a SP b SP c" / "HTTP/x.y SP code" */
    IOT_HTTP_ERR_BAD_METHOD,         /* not a token, or over IOT_HTTP_METHOD_MAX_LEN */
    IOT_HTTP_ERR_BAD_VERSION,        /* not HTTP/1.x */
    IOT_HTTP_ERR_BAD_STATUS,         /* status code not 3 digits in 100..599 */
    IOT_HTTP_ERR_LINE_TOO_LONG,      /* a line over IOT_HTTPHDR_MAX_LINE */
    IOT_HTTP_ERR_TOO_MANY_HEADERS,   /* over IOT_MAX_HTTP_HEADERS */
    IOT_HTTP_ERR_OBS_FOLD,           /* a folded header line */
    IOT_HTTP_ERR_BAD_HEADER,         /* no colon, bad name */
    IOT_HTTP_ERR_SPACE_BEFORE_COLON, /* "Host : x" */
    IOT_HTTP_ERR_BAD_CONTENT_LENGTH, /* not a decimal, or two different values */
    IOT_HTTP_ERR_MAX
};

#define IOT_HTTP_METHOD_STR_MAX 16
#define IOT_HTTP_TARGET_MAX 256
#define IOT_HTTP_HOST_MAX 256
#define IOT_HTTP_UA_MAX 256
#define IOT_HTTP_SCHEME_MAX 32
#define IOT_HTTP_REASON_MAX 64
#define IOT_HTTP_SERVER_MAX 128
#define IOT_HTTP_CTYPE_MAX 128

struct iot_http_info {
    enum iot_http_kind kind;
    uint8_t version_major, version_minor;

    /* Request. */
    enum iot_http_method method;
    char method_str[IOT_HTTP_METHOD_STR_MAX]; /* as sent, whatever the method */
    bool method_str_truncated;
    char target[IOT_HTTP_TARGET_MAX]; /* request-target: path, absolute URI, "*", host:port */
    bool target_truncated;
    char host[IOT_HTTP_HOST_MAX];
    bool host_truncated;
    bool host_present;
    bool host_duplicate; /* more than one Host header; host holds the first */
    char user_agent[IOT_HTTP_UA_MAX];
    bool user_agent_truncated;
    bool auth_present;     /* an Authorization header was sent */
    bool auth_credentials; /* ... and its value was not empty (the value is never copied) */
    /* The Authorization value where it lies in the parsed data: valid only while that buffer
     * is, for a check against default credentials and a keyed hash. Never copy it. */
    const uint8_t *auth_value;
    size_t auth_value_len;
    char auth_scheme[IOT_HTTP_SCHEME_MAX];
    bool auth_scheme_truncated;

    /* Response. */
    uint16_t status;
    char reason[IOT_HTTP_REASON_MAX];
    bool reason_truncated;
    char server[IOT_HTTP_SERVER_MAX];
    bool server_truncated;
    char www_auth_scheme[IOT_HTTP_SCHEME_MAX]; /* first challenge's scheme, e.g. "Digest" */
    bool www_auth_scheme_truncated;

    /* Both. */
    char content_type[IOT_HTTP_CTYPE_MAX];
    bool content_type_truncated;
    bool content_length_present;
    uint64_t content_length;
    unsigned header_count;
    size_t head_len; /* bytes of the head including the empty line: the body starts here */
    /* What followed the head in the parsed data (the body's first bytes, or nothing): valid
     * only while that buffer is. */
    const uint8_t *body;
    size_t body_len;

    enum iot_http_error error;
};

/* Parses the head at the start of data[0..len): one direction of a TCP stream, from its first
 * in-order byte. Returns IOT_OK with *out filled, or IOT_ERR_INPUT with out->error set
 * (IOT_HTTP_ERR_INCOMPLETE: call again with more bytes). No allocation, no global state;
 * out may hold pointers to nothing (strings are copies). */
IOT_WARN_UNUSED int iot_http_parse(const uint8_t *data, size_t len, struct iot_http_info *out);

/* "GET", "M-SEARCH", ... ("OTHER" and "NONE" for those two). */
const char *iot_http_method_name(enum iot_http_method m);

/* Dotted counter name, e.g. "app.http.incomplete". */
const char *iot_http_error_name(enum iot_http_error e);

#endif
