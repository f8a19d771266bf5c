/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SSDP datagram parser for device inventory; the decisions are listed in app-ssdp.h. */
#include "iotsec-common.h"

#include "app/app-ssdp.h"
#include "app/app-httphdr.h"
#include "util/util-cursor.h"

/* Nesting of "(...)" comments followed in a product string; deeper ones are still skipped
 * correctly (the counter only needs to reach zero), this only bounds the counter's range. */
#define SSDP_MAX_COMMENT_DEPTH 64u

static const char *const error_names[IOT_SSDP_ERR_MAX] = {
    [IOT_SSDP_ERR_NONE] = "app.ssdp.none",
    [IOT_SSDP_ERR_TRUNC] = "app.ssdp.trunc",
    [IOT_SSDP_ERR_BAD_START_LINE] = "app.ssdp.bad_start_line",
    [IOT_SSDP_ERR_BAD_METHOD] = "app.ssdp.bad_method",
    [IOT_SSDP_ERR_BAD_TARGET] = "app.ssdp.bad_target",
    [IOT_SSDP_ERR_BAD_VERSION] = "app.ssdp.bad_version",
    [IOT_SSDP_ERR_BAD_STATUS] = "app.ssdp.bad_status",
    [IOT_SSDP_ERR_LINE_TOO_LONG] = "app.ssdp.line_too_long",
    [IOT_SSDP_ERR_TOO_MANY_HEADERS] = "app.ssdp.too_many_headers",
    [IOT_SSDP_ERR_OBS_FOLD] = "app.ssdp.obs_fold",
    [IOT_SSDP_ERR_BAD_HEADER] = "app.ssdp.bad_header",
};

const char *iot_ssdp_error_name(enum iot_ssdp_error e)
{
    if ((unsigned)e >= IOT_SSDP_ERR_MAX)
        return "app.ssdp.unknown";
    return error_names[e];
}

const char *iot_ssdp_kind_name(enum iot_ssdp_kind k)
{
    switch (k) {
    case IOT_SSDP_KIND_NOTIFY:
        return "notify";
    case IOT_SSDP_KIND_MSEARCH:
        return "m-search";
    case IOT_SSDP_KIND_RESPONSE:
        return "response";
    case IOT_SSDP_KIND_NONE:
    default:
        return "none";
    }
}

const char *iot_ssdp_nts_name(enum iot_ssdp_nts n)
{
    switch (n) {
    case IOT_SSDP_NTS_ALIVE:
        return "ssdp:alive";
    case IOT_SSDP_NTS_BYEBYE:
        return "ssdp:byebye";
    case IOT_SSDP_NTS_UPDATE:
        return "ssdp:update";
    case IOT_SSDP_NTS_OTHER:
        return "other";
    case IOT_SSDP_NTS_NONE:
    default:
        return "none";
    }
}

static enum iot_ssdp_error from_hdr_error(enum iot_httphdr_error e)
{
    switch (e) {
    case IOT_HTTPHDR_ERR_NONE:
        return IOT_SSDP_ERR_NONE;
    case IOT_HTTPHDR_ERR_INCOMPLETE:
        return IOT_SSDP_ERR_TRUNC;
    case IOT_HTTPHDR_ERR_EMPTY_START:
        return IOT_SSDP_ERR_BAD_START_LINE;
    case IOT_HTTPHDR_ERR_LINE_TOO_LONG:
        return IOT_SSDP_ERR_LINE_TOO_LONG;
    case IOT_HTTPHDR_ERR_TOO_MANY_HEADERS:
        return IOT_SSDP_ERR_TOO_MANY_HEADERS;
    case IOT_HTTPHDR_ERR_OBS_FOLD:
        return IOT_SSDP_ERR_OBS_FOLD;
    case IOT_HTTPHDR_ERR_NO_COLON:
    case IOT_HTTPHDR_ERR_SPACE_BEFORE_COLON:
    case IOT_HTTPHDR_ERR_BAD_NAME:
    case IOT_HTTPHDR_ERR_MAX:
    default:
        return IOT_SSDP_ERR_BAD_HEADER;
    }
}

static enum iot_ssdp_error parse_start_line(struct iot_httphdr_span line, struct iot_ssdp_info *out)
{
    struct iot_httphdr_span a, b, c;
    uint8_t major = 0, minor = 0;

    if (line.n >= 5 && memcmp(line.p, "HTTP/", 5) == 0) {
        if (!iot_httphdr_split_status(line, &a, &b, &c))
            return IOT_SSDP_ERR_BAD_START_LINE;
        if (!iot_httphdr_version(a, &major, &minor) || major != 1)
            return IOT_SSDP_ERR_BAD_VERSION;
        /* Only a search answer is SSDP; the reason phrase carries nothing and is ignored. */
        if (!iot_httphdr_span_eq(b, "200"))
            return IOT_SSDP_ERR_BAD_STATUS;
        out->kind = IOT_SSDP_KIND_RESPONSE;
        out->status = 200;
    } else {
        if (!iot_httphdr_split_request(line, &a, &b, &c))
            return IOT_SSDP_ERR_BAD_START_LINE;
        if (iot_httphdr_span_eq(a, "NOTIFY"))
            out->kind = IOT_SSDP_KIND_NOTIFY;
        else if (iot_httphdr_span_eq(a, "M-SEARCH"))
            out->kind = IOT_SSDP_KIND_MSEARCH;
        else
            return IOT_SSDP_ERR_BAD_METHOD;
        if (!iot_httphdr_span_eq(b, "*"))
            return IOT_SSDP_ERR_BAD_TARGET;
        if (!iot_httphdr_version(c, &major, &minor) || major != 1) {
            out->kind = IOT_SSDP_KIND_NONE;
            return IOT_SSDP_ERR_BAD_VERSION;
        }
    }
    out->version_minor = minor;
    return IOT_SSDP_ERR_NONE;
}

static bool is_product_sep(uint8_t b)
{
    return b == ' ' || b == '\t' || b == ',';
}

bool iot_ssdp_split_products(const uint8_t *value, size_t len,
                             struct iot_ssdp_product products[IOT_SSDP_MAX_PRODUCTS],
                             unsigned *nproducts)
{
    struct iot_cur c = iot_cur_init(value, len);
    unsigned n = 0;
    uint8_t b;

    memset(products, 0, sizeof(products[0]) * IOT_SSDP_MAX_PRODUCTS);
    *nproducts = 0;
    /* Every pass consumes at least one byte, so the loop ends within len passes. */
    while (iot_cur_left(&c) > 0) {
        b = *iot_cur_ptr(&c);
        if (is_product_sep(b)) {
            (void)iot_cur_skip(&c, 1);
            continue;
        }
        if (b == '(') {
            /* A comment, "(2022-02-25)": nested parentheses count, the end closes all. */
            unsigned depth = 0;
            while (iot_cur_u8(&c, &b)) {
                if (b == '(' && depth < SSDP_MAX_COMMENT_DEPTH)
                    depth++;
                else if (b == ')' && --depth == 0)
                    break;
            }
            continue;
        }
        struct iot_httphdr_span tok = {iot_cur_ptr(&c), 0};
        while (iot_cur_left(&c) > 0 && !is_product_sep(*iot_cur_ptr(&c)) &&
               *iot_cur_ptr(&c) != '(') {
            (void)iot_cur_skip(&c, 1);
            tok.n++;
        }
        if (n == IOT_SSDP_MAX_PRODUCTS)
            return true;
        size_t slash = 0;
        while (slash < tok.n && tok.p[slash] != '/')
            slash++;
        struct iot_httphdr_span name = {tok.p, slash};
        struct iot_httphdr_span ver = {tok.p + slash, 0};
        if (slash < tok.n) {
            ver.p = tok.p + slash + 1;
            ver.n = tok.n - slash - 1;
        }
        products[n].name_truncated =
            iot_httphdr_copy(products[n].name, sizeof(products[n].name), name);
        products[n].version_truncated =
            iot_httphdr_copy(products[n].version, sizeof(products[n].version), ver);
        n++;
        *nproducts = n;
    }
    return false;
}

/* A plain decimal that fits 32 bits. */
static bool parse_u32(struct iot_httphdr_span s, uint32_t *out)
{
    uint64_t v;
    if (!iot_httphdr_u64(s, &v) || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* max-age from a Cache-Control value ("max-age=1800", "no-cache, max-age = 60"). */
static bool parse_max_age(struct iot_httphdr_span v, uint32_t *out)
{
    static const char key[] = "max-age";
    const size_t klen = sizeof(key) - 1;
    struct iot_cur c = iot_cur_init(v.p, v.n);

    /* One directive per pass; every pass consumes at least one byte. */
    while (iot_cur_left(&c) > 0) {
        while (iot_cur_left(&c) > 0 &&
               (*iot_cur_ptr(&c) == ' ' || *iot_cur_ptr(&c) == '\t' || *iot_cur_ptr(&c) == ','))
            (void)iot_cur_skip(&c, 1);
        struct iot_httphdr_span d = {iot_cur_ptr(&c), 0};
        while (iot_cur_left(&c) > 0 && *iot_cur_ptr(&c) != ',') {
            (void)iot_cur_skip(&c, 1);
            d.n++;
        }
        if (d.n <= klen)
            continue;
        struct iot_httphdr_span k = {d.p, klen};
        if (!iot_httphdr_span_ieq(k, key))
            continue;
        size_t i = klen;
        while (i < d.n && (d.p[i] == ' ' || d.p[i] == '\t'))
            i++;
        if (i >= d.n || d.p[i] != '=')
            continue;
        i++;
        while (i < d.n && (d.p[i] == ' ' || d.p[i] == '\t'))
            i++;
        size_t j = i;
        while (j < d.n && d.p[j] >= '0' && d.p[j] <= '9')
            j++;
        struct iot_httphdr_span num = {d.p + i, j - i};
        return parse_u32(num, out);
    }
    return false;
}

static void copy_first(const struct iot_httphdr *hh, const char *name, char *dst, size_t size,
                       bool *truncated)
{
    int i = iot_httphdr_find(hh, name, 0);
    if (i >= 0)
        *truncated = iot_httphdr_copy(dst, size, hh->fields[i].value);
}

static void read_headers(const struct iot_httphdr *hh, struct iot_ssdp_info *out)
{
    struct iot_httphdr_span v;
    int i;

    copy_first(hh, "HOST", out->host, sizeof(out->host), &out->host_truncated);
    copy_first(hh, "NT", out->nt, sizeof(out->nt), &out->nt_truncated);
    copy_first(hh, "USN", out->usn, sizeof(out->usn), &out->usn_truncated);
    copy_first(hh, "LOCATION", out->location, sizeof(out->location), &out->location_truncated);
    copy_first(hh, "SERVER", out->server, sizeof(out->server), &out->server_truncated);
    copy_first(hh, "CACHE-CONTROL", out->cache_control, sizeof(out->cache_control),
               &out->cache_control_truncated);
    copy_first(hh, "ST", out->st, sizeof(out->st), &out->st_truncated);
    copy_first(hh, "MAN", out->man, sizeof(out->man), &out->man_truncated);
    copy_first(hh, "USER-AGENT", out->user_agent, sizeof(out->user_agent),
               &out->user_agent_truncated);

    i = iot_httphdr_find(hh, "NTS", 0);
    if (i >= 0) {
        v = hh->fields[i].value;
        if (iot_httphdr_span_ieq(v, "ssdp:alive"))
            out->nts = IOT_SSDP_NTS_ALIVE;
        else if (iot_httphdr_span_ieq(v, "ssdp:byebye"))
            out->nts = IOT_SSDP_NTS_BYEBYE;
        else if (iot_httphdr_span_ieq(v, "ssdp:update"))
            out->nts = IOT_SSDP_NTS_UPDATE;
        else
            out->nts = IOT_SSDP_NTS_OTHER;
    }
    i = iot_httphdr_find(hh, "CACHE-CONTROL", 0);
    if (i >= 0)
        out->max_age_present = parse_max_age(hh->fields[i].value, &out->max_age);
    i = iot_httphdr_find(hh, "MX", 0);
    if (i >= 0)
        out->mx_present = parse_u32(hh->fields[i].value, &out->mx);
    i = iot_httphdr_find(hh, "BOOTID.UPNP.ORG", 0);
    if (i >= 0)
        out->bootid_present = parse_u32(hh->fields[i].value, &out->bootid);

    i = iot_httphdr_find(hh, out->kind == IOT_SSDP_KIND_MSEARCH ? "USER-AGENT" : "SERVER", 0);
    if (i >= 0) {
        v = hh->fields[i].value;
        out->products_truncated = iot_ssdp_split_products(v.p, v.n, out->products, &out->nproducts);
    }
}

int iot_ssdp_parse(const uint8_t *data, size_t len, struct iot_ssdp_info *out)
{
    struct iot_httphdr hh;
    enum iot_ssdp_error e;
    int rc = IOT_ERR_INPUT;

    memset(out, 0, sizeof(*out));
    out->error = IOT_SSDP_ERR_TRUNC;
    if (iot_httphdr_parse(&hh, data, len, IOT_HTTPHDR_F_EOF_ENDS) != IOT_OK) {
        e = from_hdr_error(hh.error);
        /* A bad start line is the stronger verdict: it says this is not SSDP at all. */
        if (hh.start_complete) {
            enum iot_ssdp_error se = parse_start_line(hh.start, out);
            if (se != IOT_SSDP_ERR_NONE)
                e = se;
        }
        out->kind = IOT_SSDP_KIND_NONE;
        out->status = 0;
        out->error = e;
        goto out;
    }
    e = parse_start_line(hh.start, out);
    if (e != IOT_SSDP_ERR_NONE) {
        out->error = e;
        goto out;
    }
    read_headers(&hh, out);
    out->header_count = hh.nfields;
    out->unterminated = hh.unterminated;
    out->error = IOT_SSDP_ERR_NONE;
    rc = IOT_OK;
out:
    IOT_DEBUG_VALIDATE(out->nproducts <= IOT_SSDP_MAX_PRODUCTS);
    IOT_DEBUG_VALIDATE((rc == IOT_OK) == (out->error == IOT_SSDP_ERR_NONE));
    return rc;
}
