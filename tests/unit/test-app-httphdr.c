/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared HTTP/SSDP head reader: line splitting, limits, lookup and the small helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec-common.h"
#include "app/app-httphdr.h"
#include "testutil.h"

#define LEN(s) (sizeof(s) - 1)

static struct iot_httphdr_span span(const char *s)
{
    struct iot_httphdr_span r = {(const uint8_t *)s, strlen(s)};
    return r;
}

/* gnutella.pcap packet 83 (ndpi-tests), an SSDP M-SEARCH with mixed-case names. */
static const char msearch[] = "M-SEARCH * HTTP/1.1\r\n"
                              "Host: [FF02::C]:1900\r\n"
                              "ST: upnp:rootdevice\r\n"
                              "Man: \"ssdp:discover\"\r\n"
                              "MX: 3\r\n"
                              "\r\n";

static void test_real_head(void **state)
{
    (void)state;
    struct iot_httphdr hh;
    uint8_t *b = tu_exact_copy((const uint8_t *)msearch, LEN(msearch));
    assert_non_null(b);
    assert_int_equal(iot_httphdr_parse(&hh, b, LEN(msearch), 0), IOT_OK);
    assert_true(iot_httphdr_span_eq(hh.start, "M-SEARCH * HTTP/1.1"));
    assert_int_equal(hh.nfields, 4);
    assert_int_equal(hh.head_len, LEN(msearch));
    assert_false(hh.unterminated);
    assert_int_equal(iot_httphdr_find(&hh, "HOST", 0), 0);
    assert_int_equal(iot_httphdr_find(&hh, "man", 0), 2);
    assert_int_equal(iot_httphdr_find(&hh, "man", 3), -1);
    assert_int_equal(iot_httphdr_find(&hh, "USER-AGENT", 0), -1);
    assert_true(iot_httphdr_span_eq(hh.fields[0].value, "[FF02::C]:1900"));
    assert_true(iot_httphdr_span_eq(hh.fields[2].value, "\"ssdp:discover\""));
    assert_int_equal(iot_httphdr_count(&hh, "mx"), 1);
    /* Every proper prefix is INCOMPLETE in stream mode. */
    for (size_t n = 0; n < LEN(msearch); n++) {
        assert_int_equal(iot_httphdr_parse(&hh, b, n, 0), IOT_ERR_INPUT);
        assert_int_equal(hh.error, IOT_HTTPHDR_ERR_INCOMPLETE);
        assert_int_equal(hh.start_complete, n >= 21);
    }
    free(b);
}

static void test_line_endings(void **state)
{
    (void)state;
    static const char lf[] = "A\nX-One:  v1 \t\nx-one:v2\n\nBODY";
    static const char cr[] = "A\r\nX: a\rb\r\n\r\n";
    static const char crcr[] = "A\r\nX: a\r\r\n\r\n";
    struct iot_httphdr hh;
    uint8_t *b = tu_exact_copy((const uint8_t *)lf, LEN(lf));
    assert_int_equal(iot_httphdr_parse(&hh, b, LEN(lf), 0), IOT_OK);
    assert_int_equal(hh.nfields, 2);
    assert_true(iot_httphdr_span_eq(hh.fields[0].value, "v1"));
    assert_true(iot_httphdr_span_eq(hh.fields[1].value, "v2"));
    assert_int_equal(iot_httphdr_count(&hh, "X-ONE"), 2);
    assert_int_equal(iot_httphdr_find(&hh, "x-one", 1), 1);
    assert_int_equal(hh.head_len, LEN(lf) - 4);
    free(b);
    /* A bare CR inside a line is a raw byte of the value. */
    b = tu_exact_copy((const uint8_t *)cr, LEN(cr));
    assert_int_equal(iot_httphdr_parse(&hh, b, LEN(cr), 0), IOT_OK);
    assert_true(iot_httphdr_span_eq(hh.fields[0].value, "a\rb"));
    free(b);
    /* Only one CR before the LF is dropped. */
    b = tu_exact_copy((const uint8_t *)crcr, LEN(crcr));
    assert_int_equal(iot_httphdr_parse(&hh, b, LEN(crcr), 0), IOT_OK);
    assert_true(iot_httphdr_span_eq(hh.fields[0].value, "a\r"));
    free(b);
}

static void test_datagram_mode(void **state)
{
    (void)state;
    static const char v[] = "NOTIFY * HTTP/1.1\r\nNT: a\r\nNTS: ssdp:alive";
    struct iot_httphdr hh;
    uint8_t *b = tu_exact_copy((const uint8_t *)v, LEN(v));
    assert_int_equal(iot_httphdr_parse(&hh, b, LEN(v), 0), IOT_ERR_INPUT);
    assert_int_equal(hh.error, IOT_HTTPHDR_ERR_INCOMPLETE);
    assert_int_equal(hh.nfields, 1); /* what was read so far is valid */
    assert_int_equal(iot_httphdr_parse(&hh, b, LEN(v), IOT_HTTPHDR_F_EOF_ENDS), IOT_OK);
    assert_true(hh.unterminated);
    assert_int_equal(hh.nfields, 2);
    assert_true(iot_httphdr_span_eq(hh.fields[1].value, "ssdp:alive"));
    assert_int_equal(hh.head_len, LEN(v));
    assert_int_equal(iot_httphdr_parse(&hh, b, 0, IOT_HTTPHDR_F_EOF_ENDS), IOT_ERR_INPUT);
    assert_int_equal(hh.error, IOT_HTTPHDR_ERR_INCOMPLETE);
    free(b);
}

struct hh_case {
    const char *name;
    const char *data;
    size_t len;
    enum iot_httphdr_error error;
};

#define CASE(n, s, e)                                                                              \
    {                                                                                              \
        n, s, sizeof(s) - 1, e                                                                     \
    }

static void test_table(void **state)
{
    (void)state;
    static const struct hh_case cases[] = {
        CASE("ok", "A\r\nB: c\r\n\r\n", IOT_HTTPHDR_ERR_NONE),
        CASE("empty value", "A\r\nB:\r\n\r\n", IOT_HTTPHDR_ERR_NONE),
        CASE("empty", "", IOT_HTTPHDR_ERR_INCOMPLETE),
        CASE("no CRLF", "A B C", IOT_HTTPHDR_ERR_INCOMPLETE),
        CASE("empty start", "\r\n\r\n", IOT_HTTPHDR_ERR_EMPTY_START),
        CASE("no colon", "A\r\nB c\r\n\r\n", IOT_HTTPHDR_ERR_NO_COLON),
        CASE("space before colon", "A\r\nB : c\r\n\r\n", IOT_HTTPHDR_ERR_SPACE_BEFORE_COLON),
        CASE("space inside name", "A\r\nB x: c\r\n\r\n", IOT_HTTPHDR_ERR_BAD_NAME),
        CASE("empty name", "A\r\n: c\r\n\r\n", IOT_HTTPHDR_ERR_BAD_NAME),
        CASE("NUL in name", "A\r\nB\0: c\r\n\r\n", IOT_HTTPHDR_ERR_BAD_NAME),
        CASE("obs-fold", "A\r\nB: c\r\n d\r\n\r\n", IOT_HTTPHDR_ERR_OBS_FOLD),
        CASE("fold as first header", "A\r\n\tB: c\r\n\r\n", IOT_HTTPHDR_ERR_OBS_FOLD),
        CASE("NUL in value", "A\r\nB: \0\0\r\n\r\n", IOT_HTTPHDR_ERR_NONE),
    };
    struct iot_httphdr hh;
    for (size_t i = 0; i < IOT_ARRAY_LEN(cases); i++) {
        uint8_t *b = tu_exact_copy((const uint8_t *)cases[i].data, cases[i].len);
        assert_non_null(b);
        int rc = iot_httphdr_parse(&hh, b, cases[i].len, 0);
        free(b);
        if (hh.error != cases[i].error || (rc == IOT_OK) != (hh.error == IOT_HTTPHDR_ERR_NONE))
            fail_msg("case \"%s\": %s, want %s", cases[i].name, iot_httphdr_error_name(hh.error),
                     iot_httphdr_error_name(cases[i].error));
    }
}

static void test_limits(void **state)
{
    (void)state;
    struct iot_httphdr hh;
    /* A start line of exactly IOT_HTTPHDR_MAX_LINE bytes, then one more. */
    size_t n = IOT_HTTPHDR_MAX_LINE + 4;
    uint8_t *b = malloc(n);
    assert_non_null(b);
    memset(b, 'a', n);
    memcpy(b + IOT_HTTPHDR_MAX_LINE, "\r\n\r\n", 4);
    assert_int_equal(iot_httphdr_parse(&hh, b, n, 0), IOT_OK);
    assert_int_equal(hh.start.n, IOT_HTTPHDR_MAX_LINE);
    free(b);
    n++;
    b = malloc(n);
    assert_non_null(b);
    memset(b, 'a', n);
    memcpy(b + IOT_HTTPHDR_MAX_LINE + 1, "\r\n\r\n", 4);
    assert_int_equal(iot_httphdr_parse(&hh, b, n, 0), IOT_ERR_INPUT);
    assert_int_equal(hh.error, IOT_HTTPHDR_ERR_LINE_TOO_LONG);
    /* Datagram mode: the same line without its CR LF still counts against the cap. */
    assert_int_equal(iot_httphdr_parse(&hh, b, IOT_HTTPHDR_MAX_LINE + 1, IOT_HTTPHDR_F_EOF_ENDS),
                     IOT_ERR_INPUT);
    assert_int_equal(hh.error, IOT_HTTPHDR_ERR_LINE_TOO_LONG);
    assert_int_equal(iot_httphdr_parse(&hh, b, IOT_HTTPHDR_MAX_LINE, IOT_HTTPHDR_F_EOF_ENDS),
                     IOT_OK);
    free(b);
}

static void test_helpers(void **state)
{
    (void)state;
    struct iot_httphdr_span m, t, v, c, r;
    uint64_t u = 0;
    uint8_t ma = 0, mi = 0;
    char buf[4];

    assert_true(iot_httphdr_split_request(span("GET /a b HTTP/1.1"), &m, &t, &v));
    assert_true(iot_httphdr_span_eq(m, "GET"));
    assert_true(iot_httphdr_span_eq(t, "/a b"));
    assert_true(iot_httphdr_span_eq(v, "HTTP/1.1"));
    assert_false(iot_httphdr_split_request(span("GET /"), &m, &t, &v));
    assert_false(iot_httphdr_split_request(span("GET  HTTP/1.1"), &m, &t, &v));
    assert_false(iot_httphdr_split_request(span(" / HTTP/1.1"), &m, &t, &v));
    assert_false(iot_httphdr_split_request(span("GET / "), &m, &t, &v));

    assert_true(iot_httphdr_split_status(span("HTTP/1.1 200 OK fine"), &v, &c, &r));
    assert_true(iot_httphdr_span_eq(c, "200"));
    assert_true(iot_httphdr_span_eq(r, "OK fine"));
    assert_true(iot_httphdr_split_status(span("HTTP/1.1 200"), &v, &c, &r));
    assert_int_equal(r.n, 0);
    assert_true(iot_httphdr_split_status(span("HTTP/1.1 200 "), &v, &c, &r));
    assert_int_equal(r.n, 0);
    assert_false(iot_httphdr_split_status(span("HTTP/1.1 "), &v, &c, &r));
    assert_false(iot_httphdr_split_status(span("HTTP/1.1  200"), &v, &c, &r));

    assert_true(iot_httphdr_version(span("HTTP/1.0"), &ma, &mi));
    assert_int_equal(ma, 1);
    assert_int_equal(mi, 0);
    assert_false(iot_httphdr_version(span("HTTP/1."), &ma, &mi));
    assert_false(iot_httphdr_version(span("HTTP/1.10"), &ma, &mi));
    assert_false(iot_httphdr_version(span("HTTP/a.1"), &ma, &mi));

    assert_true(iot_httphdr_u64(span("0"), &u));
    assert_int_equal(u, 0);
    assert_true(iot_httphdr_u64(span("9999999999999999999"), &u));
    assert_true(u == 9999999999999999999ull);
    assert_false(iot_httphdr_u64(span("10000000000000000000"), &u));
    assert_false(iot_httphdr_u64(span(""), &u));
    assert_false(iot_httphdr_u64(span("+1"), &u));
    assert_false(iot_httphdr_u64(span("1 "), &u));

    assert_false(iot_httphdr_copy(buf, sizeof(buf), span("abc")));
    assert_string_equal(buf, "abc");
    assert_true(iot_httphdr_copy(buf, sizeof(buf), span("abcd")));
    assert_string_equal(buf, "abc");
    struct iot_httphdr_span nul = {(const uint8_t *)"a\0b", 3};
    assert_true(iot_httphdr_copy(buf, sizeof(buf), nul));
    assert_memory_equal(buf, "a\0b", 4);

    assert_true(iot_httphdr_span_ieq(span("Content-LENGTH"), "content-length"));
    assert_false(iot_httphdr_span_ieq(span("Content-Lengt"), "content-length"));
    assert_false(iot_httphdr_span_eq(span("get"), "GET"));
    assert_string_equal(iot_httphdr_error_name(IOT_HTTPHDR_ERR_LINE_TOO_LONG),
                        "app.httphdr.line_too_long");
    assert_string_equal(iot_httphdr_error_name(IOT_HTTPHDR_ERR_MAX), "app.httphdr.unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_head),     cmocka_unit_test(test_line_endings),
        cmocka_unit_test(test_datagram_mode), cmocka_unit_test(test_table),
        cmocka_unit_test(test_limits),        cmocka_unit_test(test_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
