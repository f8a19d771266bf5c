/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounded reader of an HTTP/1.x-style head; the policy is written down in app-httphdr.h. */
#include "iotsec-common.h"

#include "app/app-httphdr.h"
#include "util/util-cursor.h"

enum line_rc { LINE_OK, LINE_INCOMPLETE, LINE_TOO_LONG };

static const char *const error_names[IOT_HTTPHDR_ERR_MAX] = {
    [IOT_HTTPHDR_ERR_NONE] = "app.httphdr.none",
    [IOT_HTTPHDR_ERR_INCOMPLETE] = "app.httphdr.incomplete",
    [IOT_HTTPHDR_ERR_EMPTY_START] = "app.httphdr.empty_start",
    [IOT_HTTPHDR_ERR_LINE_TOO_LONG] = "app.httphdr.line_too_long",
    [IOT_HTTPHDR_ERR_TOO_MANY_HEADERS] = "app.httphdr.too_many_headers",
    [IOT_HTTPHDR_ERR_OBS_FOLD] = "app.httphdr.obs_fold",
    [IOT_HTTPHDR_ERR_NO_COLON] = "app.httphdr.no_colon",
    [IOT_HTTPHDR_ERR_SPACE_BEFORE_COLON] = "app.httphdr.space_before_colon",
    [IOT_HTTPHDR_ERR_BAD_NAME] = "app.httphdr.bad_name",
};

const char *iot_httphdr_error_name(enum iot_httphdr_error e)
{
    if ((unsigned)e >= IOT_HTTPHDR_ERR_MAX)
        return "app.httphdr.unknown";
    return error_names[e];
}

bool iot_httphdr_is_tchar(uint8_t c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

static bool is_ows(uint8_t c)
{
    return c == ' ' || c == '\t';
}

static uint8_t ascii_lower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + ('a' - 'A')) : c;
}

/* Reads one line from c into *line (CR LF removed) and advances past it. *terminated is false
 * when, with eof_ends, the line ran to the end of the buffer. The LF is searched for in at most
 * IOT_HTTPHDR_MAX_LINE + 2 bytes, so a gigantic line costs bounded work (no quadratic rescans
 * when a caller retries with more bytes, and no unbounded scan of a hostile 1 MiB line). */
static enum line_rc read_line(struct iot_cur *c, bool eof_ends, struct iot_httphdr_span *line,
                              bool *terminated)
{
    const size_t left = iot_cur_left(c);
    const size_t lim = IOT_MIN(left, (size_t)IOT_HTTPHDR_MAX_LINE + 2);
    const uint8_t *p = iot_cur_ptr(c);
    size_t i = 0, n, adv;

    while (i < lim && p[i] != '\n')
        i++;
    if (i < lim) {
        n = i;
        adv = i + 1;
        *terminated = true;
    } else if (left > (size_t)IOT_HTTPHDR_MAX_LINE + 1) {
        /* MAX_LINE + 2 bytes without LF: even a CR at the end would leave MAX_LINE + 1. */
        return LINE_TOO_LONG;
    } else if (eof_ends) {
        n = left;
        adv = left;
        *terminated = false;
    } else {
        return LINE_INCOMPLETE;
    }
    if (n > 0 && p[n - 1] == '\r')
        n--;
    if (n > IOT_HTTPHDR_MAX_LINE)
        return LINE_TOO_LONG;
    if (!iot_cur_skip(c, adv))
        return LINE_INCOMPLETE; /* cannot happen: adv <= left */
    line->p = p;
    line->n = n;
    return LINE_OK;
}

/* Splits one header line into name and trimmed value. */
static enum iot_httphdr_error split_field(struct iot_httphdr_span line, struct iot_httphdr_field *f)
{
    struct iot_cur c = iot_cur_init(line.p, line.n);
    uint8_t b = 0;
    size_t name_len, vstart, vend;

    /* obs-fold: a continuation of the previous value. Rejected rather than joined or ignored,
     * because parsers that disagree about folding see different header sets (smuggling). */
    if (line.n > 0 && is_ows(line.p[0]))
        return IOT_HTTPHDR_ERR_OBS_FOLD;
    while (iot_cur_u8(&c, &b) && b != ':')
        ;
    if (b != ':')
        return IOT_HTTPHDR_ERR_NO_COLON;
    name_len = c.off - 1;
    if (name_len == 0)
        return IOT_HTTPHDR_ERR_BAD_NAME;
    /* "Host : evil" is read as Host by some servers and ignored by others (RFC 9112 5.1). */
    if (is_ows(line.p[name_len - 1]))
        return IOT_HTTPHDR_ERR_SPACE_BEFORE_COLON;
    for (size_t i = 0; i < name_len; i++)
        if (!iot_httphdr_is_tchar(line.p[i]))
            return IOT_HTTPHDR_ERR_BAD_NAME;

    vstart = c.off;
    vend = line.n;
    while (vstart < vend && is_ows(line.p[vstart]))
        vstart++;
    while (vend > vstart && is_ows(line.p[vend - 1]))
        vend--;
    f->name.p = line.p;
    f->name.n = name_len;
    f->value.p = line.p + vstart;
    f->value.n = vend - vstart;
    return IOT_HTTPHDR_ERR_NONE;
}

int iot_httphdr_parse(struct iot_httphdr *hh, const uint8_t *data, size_t len, unsigned flags)
{
    struct iot_cur c = iot_cur_init(data, len);
    const bool eof_ends = (flags & IOT_HTTPHDR_F_EOF_ENDS) != 0;
    struct iot_httphdr_span line = {NULL, 0};
    bool terminated = true;
    enum line_rc lrc;
    int rc = IOT_ERR_INPUT;

    memset(hh, 0, sizeof(*hh));
    hh->error = IOT_HTTPHDR_ERR_INCOMPLETE;
    if (len == 0)
        goto out;

    lrc = read_line(&c, eof_ends, &line, &terminated);
    if (lrc != LINE_OK) {
        hh->error =
            lrc == LINE_TOO_LONG ? IOT_HTTPHDR_ERR_LINE_TOO_LONG : IOT_HTTPHDR_ERR_INCOMPLETE;
        goto out;
    }
    if (line.n == 0) {
        hh->error = IOT_HTTPHDR_ERR_EMPTY_START;
        goto out;
    }
    hh->start = line;
    hh->start_complete = true;
    if (!terminated)
        hh->unterminated = true;

    /* Each pass reads one header line or ends the head; one pass more than the maximum lets
     * the last one find either the empty line or the header that is one too many. */
    for (unsigned i = 0; i <= IOT_MAX_HTTP_HEADERS; i++) {
        if (iot_cur_left(&c) == 0) {
            if (!eof_ends) {
                hh->error = IOT_HTTPHDR_ERR_INCOMPLETE;
                goto out;
            }
            hh->unterminated = true;
            break;
        }
        lrc = read_line(&c, eof_ends, &line, &terminated);
        if (lrc != LINE_OK) {
            hh->error =
                lrc == LINE_TOO_LONG ? IOT_HTTPHDR_ERR_LINE_TOO_LONG : IOT_HTTPHDR_ERR_INCOMPLETE;
            goto out;
        }
        if (!terminated)
            hh->unterminated = true;
        if (line.n == 0)
            break;
        if (hh->nfields == IOT_MAX_HTTP_HEADERS) {
            hh->error = IOT_HTTPHDR_ERR_TOO_MANY_HEADERS;
            goto out;
        }
        enum iot_httphdr_error fe = split_field(line, &hh->fields[hh->nfields]);
        if (fe != IOT_HTTPHDR_ERR_NONE) {
            hh->error = fe;
            goto out;
        }
        hh->nfields++;
    }
    hh->head_len = c.off;
    hh->error = IOT_HTTPHDR_ERR_NONE;
    rc = IOT_OK;
out:
    IOT_DEBUG_VALIDATE(hh->nfields <= IOT_MAX_HTTP_HEADERS);
    IOT_DEBUG_VALIDATE((rc == IOT_OK) == (hh->error == IOT_HTTPHDR_ERR_NONE));
    return rc;
}

bool iot_httphdr_span_ieq(struct iot_httphdr_span s, const char *str)
{
    size_t n = strlen(str);
    if (s.n != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(s.p[i]) != ascii_lower((uint8_t)str[i]))
            return false;
    return true;
}

bool iot_httphdr_span_eq(struct iot_httphdr_span s, const char *str)
{
    size_t n = strlen(str);
    return s.n == n && (n == 0 || memcmp(s.p, str, n) == 0);
}

int iot_httphdr_find(const struct iot_httphdr *hh, const char *name, unsigned from)
{
    for (unsigned i = from; i < hh->nfields && i < IOT_MAX_HTTP_HEADERS; i++)
        if (iot_httphdr_span_ieq(hh->fields[i].name, name))
            return (int)i;
    return -1;
}

unsigned iot_httphdr_count(const struct iot_httphdr *hh, const char *name)
{
    unsigned n = 0;
    for (unsigned i = 0; i < hh->nfields && i < IOT_MAX_HTTP_HEADERS; i++)
        if (iot_httphdr_span_ieq(hh->fields[i].name, name))
            n++;
    return n;
}

bool iot_httphdr_copy(char *dst, size_t dstsize, struct iot_httphdr_span s)
{
    size_t n;

    if (dstsize == 0)
        return s.n > 0;
    n = IOT_MIN(s.n, dstsize - 1);
    if (n > 0)
        memcpy(dst, s.p, n);
    dst[n] = '\0';
    return s.n > n || (n > 0 && memchr(dst, '\0', n) != NULL);
}

bool iot_httphdr_split_request(struct iot_httphdr_span line, struct iot_httphdr_span *method,
                               struct iot_httphdr_span *target, struct iot_httphdr_span *version)
{
    size_t first = line.n, last = line.n;

    for (size_t i = 0; i < line.n; i++) {
        if (line.p[i] == ' ') {
            if (first == line.n)
                first = i;
            last = i;
        }
    }
    /* Two distinct spaces, and something in each of the three parts. */
    if (first == line.n || first == last || first == 0 || last - first < 2 || last + 1 >= line.n)
        return false;
    method->p = line.p;
    method->n = first;
    target->p = line.p + first + 1;
    target->n = last - first - 1;
    version->p = line.p + last + 1;
    version->n = line.n - last - 1;
    return true;
}

bool iot_httphdr_split_status(struct iot_httphdr_span line, struct iot_httphdr_span *version,
                              struct iot_httphdr_span *code, struct iot_httphdr_span *reason)
{
    size_t sp1 = 0, sp2;

    while (sp1 < line.n && line.p[sp1] != ' ')
        sp1++;
    if (sp1 == 0 || sp1 >= line.n)
        return false;
    sp2 = sp1 + 1;
    while (sp2 < line.n && line.p[sp2] != ' ')
        sp2++;
    if (sp2 == sp1 + 1)
        return false;
    version->p = line.p;
    version->n = sp1;
    code->p = line.p + sp1 + 1;
    code->n = sp2 - sp1 - 1;
    if (sp2 < line.n) {
        reason->p = line.p + sp2 + 1;
        reason->n = line.n - sp2 - 1;
    } else {
        reason->p = line.p + line.n;
        reason->n = 0;
    }
    return true;
}

bool iot_httphdr_version(struct iot_httphdr_span s, uint8_t *major, uint8_t *minor)
{
    if (s.n != 8 || memcmp(s.p, "HTTP/", 5) != 0 || s.p[6] != '.')
        return false;
    if (s.p[5] < '0' || s.p[5] > '9' || s.p[7] < '0' || s.p[7] > '9')
        return false;
    *major = (uint8_t)(s.p[5] - '0');
    *minor = (uint8_t)(s.p[7] - '0');
    return true;
}

bool iot_httphdr_u64(struct iot_httphdr_span s, uint64_t *out)
{
    uint64_t v = 0;

    /* 19 digits always fit in 64 bits, so no overflow check is needed per digit. */
    if (s.n == 0 || s.n > 19)
        return false;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s.p[i] - '0');
    }
    *out = v;
    return true;
}
