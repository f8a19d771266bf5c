/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CoAP (RFC 7252) message parser: header, URI options and CoRE link-format resources. */
#include "iotsec-common.h"

#include "app/app-coap.h"

#include "app/app-strbuf.h"
#include "util/limits.h"
#include "util/util-cursor.h"

#define COAP_VERSION 1
#define COAP_PAYLOAD_MARKER 0xFF
#define COAP_NIBBLE_1BYTE 13 /* an extended 8-bit delta/length follows, minus 13 */
#define COAP_NIBBLE_2BYTE 14 /* an extended 16-bit delta/length follows, minus 269 */
#define COAP_NIBBLE_RESERVED 15
#define COAP_OPT_NUMBER_MAX 65535u

#define OPT_URI_HOST 3
#define OPT_URI_PATH 11
#define OPT_CONTENT_FORMAT 12
#define OPT_URI_QUERY 15

static const char well_known_core[] = "/.well-known/core";

/* Counters and lengths are uint16_t; the joined URI strings must hold one whole segment. */
_Static_assert(IOT_MAX_COAP_OPTIONS <= 65535 && IOT_MAX_COAP_LINKS <= 65535, "counters");
_Static_assert(IOT_COAP_STR_MAX > 255 && IOT_COAP_URI_MAX <= 65535, "string sizes");

static const char *const coap_error_names[IOT_COAP_ERR_MAX] = {
    [IOT_COAP_ERR_NONE] = "app.coap.none",
    [IOT_COAP_ERR_TRUNC] = "app.coap.trunc",
    [IOT_COAP_ERR_BAD_VERSION] = "app.coap.bad_version",
    [IOT_COAP_ERR_BAD_TKL] = "app.coap.bad_tkl",
    [IOT_COAP_ERR_BAD_EMPTY] = "app.coap.bad_empty",
    [IOT_COAP_ERR_OPT_RESERVED] = "app.coap.opt_reserved",
    [IOT_COAP_ERR_OPT_TRUNC] = "app.coap.opt_trunc",
    [IOT_COAP_ERR_OPT_NUMBER] = "app.coap.opt_number",
    [IOT_COAP_ERR_EMPTY_PAYLOAD] = "app.coap.empty_payload",
};

const char *iot_coap_error_name(enum iot_coap_error e)
{
    if ((unsigned)e >= IOT_COAP_ERR_MAX)
        return "app.coap.unknown";
    return coap_error_names[e];
}

/* ---- CoRE link format (RFC 6690 2) ---- */

/* The next byte without consuming it. */
static bool lf_peek(const struct iot_cur *c, uint8_t *ch)
{
    struct iot_cur t = *c;
    return iot_cur_u8(&t, ch);
}

/* Counts the bytes before the first byte found in stop (or before the end), without moving c.
 * *found says whether a stop byte was seen. */
static size_t lf_span(const struct iot_cur *c, const char *stop, bool *found)
{
    struct iot_cur t = *c;
    size_t n = 0;
    uint8_t ch;

    *found = false;
    while (iot_cur_u8(&t, &ch)) {
        if (ch != '\0' && strchr(stop, ch) != NULL) {
            *found = true;
            break;
        }
        n++;
    }
    return n;
}

/* After an opening quote: the length of the quoted-string's content (escapes kept as sent),
 * or false when no closing quote ends it. */
static bool lf_quoted_len(const struct iot_cur *c, size_t *n)
{
    struct iot_cur t = *c;
    size_t k = 0;
    uint8_t ch;

    while (iot_cur_u8(&t, &ch)) {
        if (ch == '"') {
            *n = k;
            return true;
        }
        if (ch == '\\') {
            /* A backslash at the very end escapes nothing: no closing quote. */
            if (!iot_cur_u8(&t, &ch))
                return false;
            k++;
        }
        k++;
    }
    return false;
}

/* One ";name[=value]" after the ';'. Returns false on a grammar error. */
static bool lf_param(struct iot_cur *p, struct iot_coap_link *l)
{
    bool found;
    size_t nlen = lf_span(p, "=;,", &found);
    char name[3] = {0};
    struct iot_cur v;
    size_t vlen;
    uint8_t ch;
    bool quoted = false;

    if (nlen == 0)
        return false; /* RFC 6690: parmname is 1*ptoken */
    if (nlen <= 2 && !iot_cur_bytes(p, name, nlen))
        return false;
    if (nlen > 2 && !iot_cur_skip(p, nlen))
        return false;
    if (!lf_peek(p, &ch) || ch != '=')
        return true; /* a flag parameter ("obs") has no value */
    if (!iot_cur_skip(p, 1))
        return false;
    if (lf_peek(p, &ch) && ch == '"') {
        if (!iot_cur_skip(p, 1) || !lf_quoted_len(p, &vlen))
            return false;
        quoted = true;
    } else {
        vlen = lf_span(p, ";,", &found);
    }
    if (!iot_cur_sub(p, vlen, &v))
        return false;
    if (quoted && !iot_cur_skip(p, 1)) /* the closing quote lf_quoted_len found */
        return false;
    if (strcmp(name, "rt") == 0 && !l->has_rt) {
        l->has_rt = true;
        iot_str_append(l->rt, sizeof(l->rt), &l->rt_len, &l->rt_truncated, &v, vlen);
    } else if (strcmp(name, "if") == 0 && !l->has_if) {
        l->has_if = true;
        iot_str_append(l->ifd, sizeof(l->ifd), &l->ifd_len, &l->ifd_truncated, &v, vlen);
    }
    return true;
}

/* Skips the whitespace some servers put between entries (RFC 6690 has none, but CR/LF after a
 * comma is common and harmless). */
static void lf_skip_ws(struct iot_cur *p)
{
    uint8_t ch;

    while (lf_peek(p, &ch) && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'))
        (void)iot_cur_skip(p, 1);
}

/* Parses a link-value-list. Every loop is bounded by the bytes left, by IOT_MAX_COAP_LINKS
 * entries and by IOT_MAX_COAP_LINK_PARAMS parameters per entry, so a payload of 64 KiB of
 * ";;;;" or "<>,<>," cannot make the parser spin or overflow the fixed array. */
static void links_parse(struct iot_coap_info *out, struct iot_cur *p)
{
    out->has_links = true;
    lf_skip_ws(p);
    if (iot_cur_left(p) == 0)
        return; /* an empty list: the server has no resources to show */
    for (;;) {
        struct iot_coap_link *l;
        struct iot_cur t;
        bool found;
        size_t tlen;
        uint8_t ch;

        lf_skip_ws(p);
        if (!iot_cur_u8(p, &ch) || ch != '<') {
            out->links_malformed = true;
            return;
        }
        tlen = lf_span(p, ">", &found);
        if (!found) {
            out->links_malformed = true;
            return;
        }
        if (out->link_count == IOT_MAX_COAP_LINKS) {
            out->links_truncated = true;
            return;
        }
        l = &out->links[out->link_count++];
        if (!iot_cur_sub(p, tlen, &t) || !iot_cur_skip(p, 1))
            return; /* cannot happen: lf_span saw tlen bytes and the '>' */
        iot_str_append(l->target, sizeof(l->target), &l->target_len, &l->target_truncated, &t,
                       tlen);
        for (unsigned k = 0;; k++) {
            if (!iot_cur_u8(p, &ch))
                return; /* the end of the last entry */
            if (ch == ',')
                break;
            if (ch != ';') {
                out->links_malformed = true;
                return;
            }
            if (k == IOT_MAX_COAP_LINK_PARAMS) {
                out->links_truncated = true;
                return;
            }
            if (!lf_param(p, l)) {
                out->links_malformed = true;
                return;
            }
        }
    }
}

/* ---- CoAP message ---- */

/* Completes an option delta or length from its nibble and the extended bytes after it. */
static bool opt_ext(struct iot_cur *c, uint8_t nibble, uint32_t *v)
{
    uint8_t b;
    uint16_t w;

    if (nibble == COAP_NIBBLE_1BYTE) {
        if (!iot_cur_u8(c, &b))
            return false;
        *v = 13u + b;
    } else if (nibble == COAP_NIBBLE_2BYTE) {
        if (!iot_cur_u16be(c, &w))
            return false;
        *v = 269u + w;
    } else {
        *v = nibble;
    }
    return true;
}

static void coap_option(struct iot_coap_info *out, uint32_t num, struct iot_cur *v)
{
    size_t n = iot_cur_left(v);

    switch (num) {
    case OPT_URI_HOST:
        if (out->has_uri_host || n == 0)
            return; /* RFC 7252 5.10: 1-255 bytes; an empty one is ignored like bad lengths */
        out->has_uri_host = true;
        iot_str_append(out->uri_host, sizeof(out->uri_host), &out->uri_host_len,
                       &out->uri_host_truncated, v, n);
        return;
    case OPT_URI_PATH:
        out->uri_path_segments++;
        iot_str_putc(out->uri_path, sizeof(out->uri_path), &out->uri_path_len,
                     &out->uri_path_truncated, '/');
        iot_str_append(out->uri_path, sizeof(out->uri_path), &out->uri_path_len,
                       &out->uri_path_truncated, v, n);
        return;
    case OPT_URI_QUERY:
        if (out->uri_query_segments > 0)
            iot_str_putc(out->uri_query, sizeof(out->uri_query), &out->uri_query_len,
                         &out->uri_query_truncated, '&');
        out->uri_query_segments++;
        iot_str_append(out->uri_query, sizeof(out->uri_query), &out->uri_query_len,
                       &out->uri_query_truncated, v, n);
        return;
    case OPT_CONTENT_FORMAT: {
        /* A uint of 0-2 bytes (RFC 7252 5.10); a longer value is treated as an unrecognized
         * elective option (5.4.3) rather than read as some other number. */
        uint8_t b;
        uint16_t cf = 0;
        if (out->has_content_format || n > 2)
            return;
        while (iot_cur_u8(v, &b))
            cf = (uint16_t)(cf << 8 | b);
        out->has_content_format = true;
        out->content_format = cf;
        return;
    }
    default:
        return;
    }
}

int iot_coap_parse(const uint8_t *data, size_t len, struct iot_coap_info *out)
{
    struct iot_cur c;
    struct iot_cur payload = iot_cur_init(NULL, 0);
    uint8_t b0, tkl;
    uint32_t num = 0;
    enum iot_coap_error err = IOT_COAP_ERR_TRUNC;
    int rc = IOT_ERR_INPUT;

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (data == NULL)
        len = 0;
    c = iot_cur_init(data, len);

    if (!iot_cur_u8(&c, &b0) || !iot_cur_u8(&c, &out->code) || !iot_cur_u16be(&c, &out->message_id))
        goto out;
    out->version = (uint8_t)(b0 >> 6);
    out->type = (uint8_t)(b0 >> 4 & 3);
    tkl = (uint8_t)(b0 & 15);
    out->code_class = (uint8_t)(out->code >> 5);
    out->code_detail = (uint8_t)(out->code & 31);
    /* RFC 7252 3: unknown versions are silently ignored; reading them as v1 would misparse
     * whatever other protocol uses the port. */
    if (out->version != COAP_VERSION) {
        err = IOT_COAP_ERR_BAD_VERSION;
        goto out;
    }
    /* TKL 9-15 is reserved: trusting it would copy past the 8-byte token array. It is stored
     * only once checked, so even a rejected message never says its token is longer. */
    if (tkl > IOT_COAP_TOKEN_MAX) {
        err = IOT_COAP_ERR_BAD_TKL;
        goto out;
    }
    out->token_len = tkl;
    /* RFC 7252 4.1: an Empty message is exactly the 4-byte header; anything after it is a
     * format error, so no data can hide in a "ping". */
    if (out->code == IOT_COAP_EMPTY && (out->token_len != 0 || iot_cur_left(&c) != 0)) {
        err = IOT_COAP_ERR_BAD_EMPTY;
        goto out;
    }
    if (!iot_cur_bytes(&c, out->token, out->token_len))
        goto out;

    /* Options: each turn consumes at least one byte, and at most IOT_MAX_COAP_OPTIONS are
     * read. */
    while (iot_cur_left(&c) > 0) {
        uint8_t ob;
        uint32_t delta, olen;
        struct iot_cur v;

        if (!iot_cur_u8(&c, &ob))
            goto out;
        if (ob == COAP_PAYLOAD_MARKER) {
            /* RFC 7252 3: a marker with no payload after it is a format error. */
            if (iot_cur_left(&c) == 0) {
                err = IOT_COAP_ERR_EMPTY_PAYLOAD;
                goto out;
            }
            out->payload_len = iot_cur_left(&c);
            if (!iot_cur_sub(&c, out->payload_len, &payload))
                goto out;
            break;
        }
        /* Nibble 15 outside the marker is reserved (RFC 7252 3.1): a format error, not a
         * length to trust. */
        if (ob >> 4 == COAP_NIBBLE_RESERVED || (ob & 15) == COAP_NIBBLE_RESERVED) {
            err = IOT_COAP_ERR_OPT_RESERVED;
            goto out;
        }
        if (out->opt_count == IOT_MAX_COAP_OPTIONS) {
            out->options_truncated = true;
            break;
        }
        if (!opt_ext(&c, (uint8_t)(ob >> 4), &delta) || !opt_ext(&c, (uint8_t)(ob & 15), &olen)) {
            err = IOT_COAP_ERR_OPT_TRUNC;
            goto out;
        }
        /* Option numbers are 16-bit; deltas of up to 65804 each could otherwise carry the sum
         * past it and alias a harmless number onto Uri-Path. num stays below 2^17 here. */
        num += delta;
        if (num > COAP_OPT_NUMBER_MAX) {
            err = IOT_COAP_ERR_OPT_NUMBER;
            goto out;
        }
        /* The sender sets olen; the sub-cursor exists only if olen bytes are really left. */
        if (!iot_cur_sub(&c, olen, &v)) {
            err = IOT_COAP_ERR_OPT_TRUNC;
            goto out;
        }
        out->opt_count++;
        coap_option(out, num, &v);
    }

    out->is_discovery = out->code == IOT_COAP_GET && !out->uri_path_truncated &&
                        out->uri_path_len == sizeof(well_known_core) - 1 &&
                        memcmp(out->uri_path, well_known_core, sizeof(well_known_core) - 1) == 0;
    if ((out->code == IOT_COAP_CONTENT && out->has_content_format &&
         out->content_format == IOT_COAP_CF_LINK_FORMAT) ||
        (out->is_discovery && out->payload_len > 0))
        links_parse(out, &payload);
    err = IOT_COAP_ERR_NONE;
    rc = IOT_OK;
out:
    out->error = err;
    return rc;
}
