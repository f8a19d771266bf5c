/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP/1.x head parser for device inventory; the decisions are listed in app-http.h. */
#include "iotsec-common.h"

#include "app/app-http.h"
#include "app/app-httphdr.h"
#include "util/util-cursor.h"

static const char *const error_names[IOT_HTTP_ERR_MAX] = {
    [IOT_HTTP_ERR_NONE] = "app.http.none",
    [IOT_HTTP_ERR_INCOMPLETE] = "app.http.incomplete",
    [IOT_HTTP_ERR_BAD_START_LINE] = "app.http.bad_start_line",
    [IOT_HTTP_ERR_BAD_METHOD] = "app.http.bad_method",
    [IOT_HTTP_ERR_BAD_VERSION] = "app.http.bad_version",
    [IOT_HTTP_ERR_BAD_STATUS] = "app.http.bad_status",
    [IOT_HTTP_ERR_LINE_TOO_LONG] = "app.http.line_too_long",
    [IOT_HTTP_ERR_TOO_MANY_HEADERS] = "app.http.too_many_headers",
    [IOT_HTTP_ERR_OBS_FOLD] = "app.http.obs_fold",
    [IOT_HTTP_ERR_BAD_HEADER] = "app.http.bad_header",
    [IOT_HTTP_ERR_SPACE_BEFORE_COLON] = "app.http.space_before_colon",
    [IOT_HTTP_ERR_BAD_CONTENT_LENGTH] = "app.http.bad_content_length",
};

/* Indexed by enum iot_http_method; matched case-sensitively (RFC 9110 section 9.1). */
static const char *const method_names[IOT_HTTP_METHOD_MAX] = {
    [IOT_HTTP_METHOD_NONE] = "NONE",
    [IOT_HTTP_METHOD_OTHER] = "OTHER",
    [IOT_HTTP_METHOD_GET] = "GET",
    [IOT_HTTP_METHOD_HEAD] = "HEAD",
    [IOT_HTTP_METHOD_POST] = "POST",
    [IOT_HTTP_METHOD_PUT] = "PUT",
    [IOT_HTTP_METHOD_DELETE] = "DELETE",
    [IOT_HTTP_METHOD_OPTIONS] = "OPTIONS",
    [IOT_HTTP_METHOD_PATCH] = "PATCH",
    [IOT_HTTP_METHOD_CONNECT] = "CONNECT",
    [IOT_HTTP_METHOD_TRACE] = "TRACE",
    [IOT_HTTP_METHOD_NOTIFY] = "NOTIFY",
    [IOT_HTTP_METHOD_M_SEARCH] = "M-SEARCH",
    [IOT_HTTP_METHOD_SUBSCRIBE] = "SUBSCRIBE",
    [IOT_HTTP_METHOD_UNSUBSCRIBE] = "UNSUBSCRIBE",
};

const char *iot_http_error_name(enum iot_http_error e)
{
    if ((unsigned)e >= IOT_HTTP_ERR_MAX)
        return "app.http.unknown";
    return error_names[e];
}

const char *iot_http_method_name(enum iot_http_method m)
{
    if ((unsigned)m >= IOT_HTTP_METHOD_MAX)
        return "OTHER";
    return method_names[m];
}

static enum iot_http_error from_hdr_error(enum iot_httphdr_error e)
{
    switch (e) {
    case IOT_HTTPHDR_ERR_NONE:
        return IOT_HTTP_ERR_NONE;
    case IOT_HTTPHDR_ERR_INCOMPLETE:
        return IOT_HTTP_ERR_INCOMPLETE;
    case IOT_HTTPHDR_ERR_EMPTY_START:
        return IOT_HTTP_ERR_BAD_START_LINE;
    case IOT_HTTPHDR_ERR_LINE_TOO_LONG:
        return IOT_HTTP_ERR_LINE_TOO_LONG;
    case IOT_HTTPHDR_ERR_TOO_MANY_HEADERS:
        return IOT_HTTP_ERR_TOO_MANY_HEADERS;
    case IOT_HTTPHDR_ERR_OBS_FOLD:
        return IOT_HTTP_ERR_OBS_FOLD;
    case IOT_HTTPHDR_ERR_SPACE_BEFORE_COLON:
        return IOT_HTTP_ERR_SPACE_BEFORE_COLON;
    case IOT_HTTPHDR_ERR_NO_COLON:
    case IOT_HTTPHDR_ERR_BAD_NAME:
    case IOT_HTTPHDR_ERR_MAX:
    default:
        return IOT_HTTP_ERR_BAD_HEADER;
    }
}

/* Checks the first bytes of a start line whose LF has not arrived. Garbage (a TLS record, a
 * binary protocol on port 80) is rejected now instead of making the caller buffer up to a
 * full line's worth of bytes before learning it was never HTTP. */
static enum iot_http_error check_partial_start(const uint8_t *data, size_t len)
{
    static const char resp[] = "HTTP/";
    struct iot_cur c = iot_cur_init(data, IOT_MIN(len, (size_t)IOT_HTTPHDR_MAX_LINE));
    uint8_t b;

    if (len >= 5 && memcmp(data, resp, 5) == 0) {
        /* "HTTP/" DIGIT "." DIGIT SP, as far as it goes. */
        static const char shape[] = "HTTP/9.9 ";
        for (size_t i = 5; i < sizeof(shape) - 1 && i < len; i++) {
            if (shape[i] == '9' ? (data[i] < '0' || data[i] > '9') : data[i] != (uint8_t)shape[i])
                return IOT_HTTP_ERR_BAD_VERSION;
        }
        return IOT_HTTP_ERR_INCOMPLETE;
    }
    for (size_t i = 0; iot_cur_u8(&c, &b); i++) {
        if (b == ' ')
            return i == 0 ? IOT_HTTP_ERR_BAD_START_LINE : IOT_HTTP_ERR_INCOMPLETE;
        if (b == '\r' && i > 0)
            return IOT_HTTP_ERR_INCOMPLETE; /* "GET\r" waits for its LF, then fails whole */
        if (!iot_httphdr_is_tchar(b) || i >= IOT_HTTP_METHOD_MAX_LEN)
            return IOT_HTTP_ERR_BAD_METHOD;
    }
    return IOT_HTTP_ERR_INCOMPLETE;
}

static enum iot_http_method lookup_method(struct iot_httphdr_span m)
{
    for (unsigned i = IOT_HTTP_METHOD_GET; i < IOT_HTTP_METHOD_MAX; i++)
        if (iot_httphdr_span_eq(m, method_names[i]))
            return (enum iot_http_method)i;
    return IOT_HTTP_METHOD_OTHER;
}

static enum iot_http_error parse_response_line(struct iot_httphdr_span line,
                                               struct iot_http_info *out)
{
    struct iot_httphdr_span version, code, reason;
    uint64_t status = 0;

    if (!iot_httphdr_split_status(line, &version, &code, &reason))
        return IOT_HTTP_ERR_BAD_START_LINE;
    if (!iot_httphdr_version(version, &out->version_major, &out->version_minor) ||
        out->version_major != 1)
        return IOT_HTTP_ERR_BAD_VERSION;
    if (code.n != 3 || !iot_httphdr_u64(code, &status) || status < 100 || status > 599)
        return IOT_HTTP_ERR_BAD_STATUS;
    out->kind = IOT_HTTP_KIND_RESPONSE;
    out->status = (uint16_t)status;
    out->reason_truncated = iot_httphdr_copy(out->reason, sizeof(out->reason), reason);
    return IOT_HTTP_ERR_NONE;
}

static enum iot_http_error parse_request_line(struct iot_httphdr_span line,
                                              struct iot_http_info *out)
{
    struct iot_httphdr_span method, target, version;

    if (!iot_httphdr_split_request(line, &method, &target, &version))
        return IOT_HTTP_ERR_BAD_START_LINE;
    if (method.n > IOT_HTTP_METHOD_MAX_LEN)
        return IOT_HTTP_ERR_BAD_METHOD;
    for (size_t i = 0; i < method.n; i++)
        if (!iot_httphdr_is_tchar(method.p[i]))
            return IOT_HTTP_ERR_BAD_METHOD;
    if (!iot_httphdr_version(version, &out->version_major, &out->version_minor) ||
        out->version_major != 1)
        return IOT_HTTP_ERR_BAD_VERSION;
    out->kind = IOT_HTTP_KIND_REQUEST;
    out->method = lookup_method(method);
    out->method_str_truncated = iot_httphdr_copy(out->method_str, sizeof(out->method_str), method);
    out->target_truncated = iot_httphdr_copy(out->target, sizeof(out->target), target);
    return IOT_HTTP_ERR_NONE;
}

static enum iot_http_error parse_start_line(struct iot_httphdr_span line, struct iot_http_info *out)
{
    if (line.n >= 5 && memcmp(line.p, "HTTP/", 5) == 0)
        return parse_response_line(line, out);
    return parse_request_line(line, out);
}

/* The auth-scheme at the start of an Authorization or WWW-Authenticate value (RFC 9110 11.4):
 * a token, then whitespace or the end. *after is true when bytes follow the scheme. Returns
 * false when the value does not start with a token followed by whitespace or its end: then the
 * value may be a bare token68 credential ("dXNlcjpwYXNz"), which must not be copied. */
static bool auth_scheme(struct iot_httphdr_span v, struct iot_httphdr_span *scheme, bool *after)
{
    size_t i = 0;

    while (i < v.n && iot_httphdr_is_tchar(v.p[i]))
        i++;
    *after = i < v.n;
    if (i == 0 || (i < v.n && v.p[i] != ' ' && v.p[i] != '\t'))
        return false;
    scheme->p = v.p;
    scheme->n = i;
    return true;
}

static void copy_first(const struct iot_httphdr *hh, const char *name, char *dst, size_t size,
                       bool *truncated)
{
    int i = iot_httphdr_find(hh, name, 0);
    if (i >= 0)
        *truncated = iot_httphdr_copy(dst, size, hh->fields[i].value);
}

static enum iot_http_error read_content_length(const struct iot_httphdr *hh,
                                               struct iot_http_info *out)
{
    /* Every Content-Length must be one plain decimal and all must agree: two readers taking
     * different ones disagree about where the body ends (request smuggling, RFC 9112 6.3). */
    for (int i = iot_httphdr_find(hh, "Content-Length", 0); i >= 0;
         i = iot_httphdr_find(hh, "Content-Length", (unsigned)i + 1)) {
        uint64_t v;
        if (!iot_httphdr_u64(hh->fields[i].value, &v))
            return IOT_HTTP_ERR_BAD_CONTENT_LENGTH;
        if (out->content_length_present && v != out->content_length)
            return IOT_HTTP_ERR_BAD_CONTENT_LENGTH;
        out->content_length_present = true;
        out->content_length = v;
    }
    return IOT_HTTP_ERR_NONE;
}

static void read_request_headers(const struct iot_httphdr *hh, struct iot_http_info *out)
{
    struct iot_httphdr_span scheme;
    bool after = false;
    int i;

    i = iot_httphdr_find(hh, "Host", 0);
    if (i >= 0) {
        out->host_present = true;
        out->host_truncated = iot_httphdr_copy(out->host, sizeof(out->host), hh->fields[i].value);
        out->host_duplicate = iot_httphdr_find(hh, "Host", (unsigned)i + 1) >= 0;
    }
    copy_first(hh, "User-Agent", out->user_agent, sizeof(out->user_agent),
               &out->user_agent_truncated);
    i = iot_httphdr_find(hh, "Authorization", 0);
    if (i >= 0) {
        struct iot_httphdr_span v = hh->fields[i].value;
        out->auth_present = true;
        /* Any non-empty value counts as credentials: "scheme SP credentials", or a lone token
         * that may be a bare credential (API keys sent without a scheme). */
        out->auth_credentials = v.n > 0;
        out->auth_value = v.p;
        out->auth_value_len = v.n;
        /* The scheme is copied only when credentials follow it after whitespace; the
         * credentials themselves never are. */
        if (auth_scheme(v, &scheme, &after) && after)
            out->auth_scheme_truncated =
                iot_httphdr_copy(out->auth_scheme, sizeof(out->auth_scheme), scheme);
    }
}

static void read_response_headers(const struct iot_httphdr *hh, struct iot_http_info *out)
{
    struct iot_httphdr_span scheme;
    bool after;
    int i;

    copy_first(hh, "Server", out->server, sizeof(out->server), &out->server_truncated);
    i = iot_httphdr_find(hh, "WWW-Authenticate", 0);
    if (i >= 0 && auth_scheme(hh->fields[i].value, &scheme, &after))
        out->www_auth_scheme_truncated =
            iot_httphdr_copy(out->www_auth_scheme, sizeof(out->www_auth_scheme), scheme);
}

int iot_http_parse(const uint8_t *data, size_t len, struct iot_http_info *out)
{
    struct iot_httphdr hh;
    enum iot_http_error e;
    int rc = IOT_ERR_INPUT;

    memset(out, 0, sizeof(*out));
    out->error = IOT_HTTP_ERR_INCOMPLETE;
    if (iot_httphdr_parse(&hh, data, len, 0) != IOT_OK) {
        if (!hh.start_complete) {
            /* The start line itself is cut (or too long): judge the bytes seen so far. */
            e = from_hdr_error(hh.error);
            if (e == IOT_HTTP_ERR_INCOMPLETE || e == IOT_HTTP_ERR_LINE_TOO_LONG) {
                enum iot_http_error pe = check_partial_start(data, len);
                if (pe != IOT_HTTP_ERR_INCOMPLETE)
                    e = pe;
            }
            out->error = e;
            goto out;
        }
        /* A bad start line is the stronger verdict: it says this is not HTTP at all. */
        e = parse_start_line(hh.start, out);
        out->error = e != IOT_HTTP_ERR_NONE ? e : from_hdr_error(hh.error);
        goto out;
    }
    e = parse_start_line(hh.start, out);
    if (e != IOT_HTTP_ERR_NONE) {
        out->error = e;
        goto out;
    }
    e = read_content_length(&hh, out);
    if (e != IOT_HTTP_ERR_NONE) {
        out->error = e;
        goto out;
    }
    if (out->kind == IOT_HTTP_KIND_REQUEST)
        read_request_headers(&hh, out);
    else
        read_response_headers(&hh, out);
    copy_first(&hh, "Content-Type", out->content_type, sizeof(out->content_type),
               &out->content_type_truncated);
    out->header_count = hh.nfields;
    out->head_len = hh.head_len;
    out->body = data + hh.head_len;
    out->body_len = len - hh.head_len;
    out->error = IOT_HTTP_ERR_NONE;
    rc = IOT_OK;
out:
    IOT_DEBUG_VALIDATE((rc == IOT_OK) == (out->error == IOT_HTTP_ERR_NONE));
    return rc;
}
