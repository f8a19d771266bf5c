/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP/1.x head parser: real requests and responses from public captures, their cut and
 * corrupted twins, and hostile heads (no CRLF, 10,000 headers, a 1 MiB line, NUL bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec-common.h"
#include "app/app-http.h"
#include "app/app-httphdr.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* Vectors: payloads copied byte for byte from the captures under ../shared/data named above
 * each one (packet numbers count from 1, as tcpdump and Wireshark do). Expected values that
 * nDPI also reports are checked against its golden files (ndpi-tests/result/<pcap>.out,
 * "URL:" and "User-Agent:"). */
/* ndpi-tests/pcap/iphone.pcap packet 87 (131 bytes). */
static const char h_iphone_get[] = "GET /hotspot-detect.html HTTP/1.0\r\n"
                                   "Host: captive.apple.com\r\n"
                                   "Connection: close\r\n"
                                   "User-Agent: CaptiveNetworkSupport-390.60.1 wispr\r\n"
                                   "\r\n";
/* ndpi-tests/pcap/iphone.pcap packet 119 (first 635 bytes: the head and the first 8 body bytes). */
static const char h_iphone_resp[] =
    "HTTP/1.0 200 OK\r\n"
    "x-amz-id-2: Vvh9aldxavoD0zGyX4g26jYj4RBQY7xT29TAjOYwitfb0zU+TTjbV7jRngjD0gh2esfng2QFxp8=\r"
    "\n"
    "x-amz-request-id: 4E6503E5569D4DA4\r\n"
    "Date: Sun, 23 Feb 2020 10:38:54 GMT\r\n"
    "Last-Modified: Fri, 17 Feb 2017 20:36:28 GMT\r\n"
    "Cache-Control: max-age=300\r\n"
    "Accept-Ranges: bytes\r\n"
    "Content-Type: text/html\r\n"
    "Content-Length: 69\r\n"
    "Server: ATS/8.0.6\r\n"
    "Via: http/1.1 nlsrk1-edge-lx-006.ts.apple.com (ApacheTrafficServer/8.0.6), http/1.1 nlsrk"
    "1-edge-bx-008.ts.apple.com (ApacheTrafficServer/8.0.6)\r\n"
    "CDNUUID: 3f128847-1ba0-45b5-ba50-b8b618c3382f-841574562\r\n"
    "X-Cache: hit-fresh, hit-fresh\r\n"
    "Etag: \"41ba060eb1c0898e0a4a0cca36a8ca91\"\r\n"
    "Age: 264\r\n"
    "\r\n"
    "<HTML><H";
/* ndpi-tests/pcap/android.pcap packet 83 (203 bytes). */
static const char h_android_get[] =
    "GET / HTTP/1.1\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome"
    "/60.0.3112.32 Safari/537.36\r\n"
    "Connection: Close\r\n"
    "Host: captive.apple.com\r\n"
    "Accept-Encoding: gzip\r\n"
    "\r\n";
/* ndpi-tests/pcap/android.pcap packet 227 (297 bytes). */
static const char h_android_connect[] =
    "GET /connect HTTP/1.1\r\n"
    "Host: check.googlezip.net\r\n"
    "Connection: keep-alive\r\n"
    "User-Agent: Mozilla/5.0 (Linux; Android 9; Nokia 2.2) AppleWebKit/537.36 (KHTML, like Gec"
    "ko) Chrome/79.0.3945.93 Mobile Safari/537.36\r\n"
    "Accept-Encoding: gzip, deflate\r\n"
    "Accept-Language: it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7\r\n"
    "\r\n";
/* ndpi-tests/pcap/ipp.pcap packet 6 (141 bytes). */
static const char h_ipp_post[] = "POST /ipp/ HTTP/1.1\r\n"
                                 "Content-Length: 289\r\n"
                                 "Content-Type: application/ipp\r\n"
                                 "Host: 10.10.10.251\r\n"
                                 "User-Agent: CUPS/1.3.4\r\n"
                                 "Expect: 100-continue\r\n"
                                 "\r\n";
/* ndpi-tests/pcap/ipp.pcap packet 9 (25 bytes). */
static const char h_ipp_continue[] = "HTTP/1.1 100 Continue\r\n"
                                     "\r\n";
/* ndpi-tests/pcap/ipp.pcap packet 11 (144 bytes). */
static const char h_ipp_resp[] = "HTTP/1.1 200 OK\r\n"
                                 "Server: Virata-EmWeb/R6_2_1\r\n"
                                 "Transfer-Encoding: chunked\r\n"
                                 "Content-Type: application/ipp\r\n"
                                 "Cache-Control: max-age=3600, public\r\n"
                                 "\r\n";
/* ndpi-tests/pcap/malware.pcap packet 5 (329 bytes). */
static const char h_malware_get[] =
    "GET / HTTP/1.1\r\n"
    "Host: www.internetbadguys.com\r\n"
    "User-Agent: Mozilla/5.0 (Windows NT 10.0; rv:68.0) Gecko/20100101 Firefox/68.0\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    "Accept-Language: en-US,en;q=0.5\r\n"
    "Accept-Encoding: gzip, deflate\r\n"
    "DNT: 1\r\n"
    "Connection: keep-alive\r\n"
    "Upgrade-Insecure-Requests: 1\r\n"
    "\r\n";
/* iot-sentinel/HueBridge/Setup-A-1-STA.pcap packet 49 (260 bytes). */
static const char h_hue_post[] =
    "POST /DevicePortalICPRequestHandler/RequestHandler.ashx HTTP/1.1\r\n"
    "Host: www.ecdinterface.philips.com:80\r\n"
    "Authorization: CBAuth Type=\"Light\", Client=\"001788fffe2476ff\", PublicKey=\"4dPFnwfA9G"
    "t2ggRh3vYj6Q==\"\r\n"
    "Content-Length: 0         \r\n"
    "Connection: Keep-Alive\r\n"
    "\r\n";
/* iot-sentinel/HueBridge/Setup-A-1-STA.pcap packet 74 (first 301 bytes: the head and the first 8
 * body bytes). */
static const char h_hue_resp[] = "HTTP/1.1 200 OK\r\n"
                                 "Cache-Control: private\r\n"
                                 "Content-Length: 2016\r\n"
                                 "Content-Type: application/CB-Encrypted; cipher=AES\r\n"
                                 "Server: Microsoft-IIS/7.5\r\n"
                                 "WWW-Authenticate:  CBAuth Nonce=\"oz6fdua4zJot19MI1z3POA==\"\r\n"
                                 "X-AspNet-Version: 4.0.30319\r\n"
                                 "X-Powered-By: ASP.NET\r\n"
                                 "Date: Wed, 07 Sep 2016 14:45:25 GMT\r\n"
                                 "\r\n"
                                 "M\212\331NZ2\253\311";
/* iot-sentinel/HueBridge/Setup-A-1-STA.pcap packet 144 (17 bytes). */
static const char h_hue_cut[] = "HTTP/1.1 200 OK\r\n";
/* iot-sentinel/D-LinkHomeHub/Setup-A-1-STA.pcap packet 97 (first 173 bytes: the head and the first
 * 8 body bytes). */
static const char h_dlink_resp[] = "HTTP/1.1 200 OK\r\n"
                                   "Content-Length: 458\r\n"
                                   "Connection: keep-alive\r\n"
                                   "Content-Type: text/xml; charset=utf-8\r\n"
                                   "Date: Thu, 16 Jun 2016 12:34:25 GMT\r\n"
                                   "Server: lighttpd/1.4.34\r\n"
                                   "\r\n"
                                   "<\?xml ve";

#define LEN(s) (sizeof(s) - 1)

/* Parses an exactly sized heap copy, so any read past the end trips ASan. */
static int run(const void *data, size_t len, struct iot_http_info *info)
{
    uint8_t *b = tu_exact_copy(data, len);
    assert_non_null(b);
    int rc = iot_http_parse(b, len, info);
    free(b);
    if (rc == IOT_OK)
        assert_int_equal(info->error, IOT_HTTP_ERR_NONE);
    else
        assert_int_not_equal(info->error, IOT_HTTP_ERR_NONE);
    return rc;
}

static void test_iphone_get(void **state)
{
    (void)state;
    struct iot_http_info h;
    assert_int_equal(run(h_iphone_get, LEN(h_iphone_get), &h), IOT_OK);
    assert_int_equal(h.kind, IOT_HTTP_KIND_REQUEST);
    assert_int_equal(h.method, IOT_HTTP_METHOD_GET);
    assert_string_equal(h.method_str, "GET");
    assert_int_equal(h.version_major, 1);
    assert_int_equal(h.version_minor, 0);
    /* nDPI golden iphone.pcap.out: URL captive.apple.com/hotspot-detect.html. */
    assert_string_equal(h.target, "/hotspot-detect.html");
    assert_string_equal(h.host, "captive.apple.com");
    assert_true(h.host_present);
    assert_false(h.host_duplicate);
    assert_string_equal(h.user_agent, "CaptiveNetworkSupport-390.60.1 wispr");
    assert_false(h.user_agent_truncated);
    assert_false(h.auth_present);
    assert_false(h.content_length_present);
    assert_int_equal(h.header_count, 3);
    assert_int_equal(h.head_len, LEN(h_iphone_get));
}

static void test_iphone_resp(void **state)
{
    (void)state;
    struct iot_http_info h;
    assert_int_equal(run(h_iphone_resp, LEN(h_iphone_resp), &h), IOT_OK);
    assert_int_equal(h.kind, IOT_HTTP_KIND_RESPONSE);
    assert_int_equal(h.method, IOT_HTTP_METHOD_NONE);
    assert_int_equal(h.version_minor, 0);
    assert_int_equal(h.status, 200);
    assert_string_equal(h.reason, "OK");
    assert_string_equal(h.server, "ATS/8.0.6");
    assert_string_equal(h.content_type, "text/html");
    assert_true(h.content_length_present);
    assert_int_equal(h.content_length, 69);
    assert_int_equal(h.header_count, 14);
    assert_int_equal(h.head_len, 627); /* the 8 body bytes after it are not looked at */
}

static void test_android(void **state)
{
    (void)state;
    struct iot_http_info h;
    /* nDPI golden android.pcap.out: URL captive.apple.com/ and check.googlezip.net/connect. */
    assert_int_equal(run(h_android_get, LEN(h_android_get), &h), IOT_OK);
    assert_string_equal(h.target, "/");
    assert_string_equal(h.host, "captive.apple.com");
    assert_string_equal(h.user_agent, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                                      "(KHTML, like Gecko) Chrome/60.0.3112.32 Safari/537.36");
    assert_int_equal(run(h_android_connect, LEN(h_android_connect), &h), IOT_OK);
    assert_string_equal(h.target, "/connect");
    assert_string_equal(h.host, "check.googlezip.net");
    assert_string_equal(h.user_agent,
                        "Mozilla/5.0 (Linux; Android 9; Nokia 2.2) AppleWebKit/537.36 (KHTML, "
                        "like Gecko) Chrome/79.0.3945.93 Mobile Safari/537.36");
    assert_int_equal(h.version_minor, 1);
}

static void test_ipp(void **state)
{
    (void)state;
    struct iot_http_info h;
    /* nDPI golden ipp.pcap.out: URL 10.10.10.251/ipp/, User-Agent CUPS/1.3.4. */
    assert_int_equal(run(h_ipp_post, LEN(h_ipp_post), &h), IOT_OK);
    assert_int_equal(h.method, IOT_HTTP_METHOD_POST);
    assert_string_equal(h.target, "/ipp/");
    assert_string_equal(h.host, "10.10.10.251");
    assert_string_equal(h.user_agent, "CUPS/1.3.4");
    assert_string_equal(h.content_type, "application/ipp");
    assert_true(h.content_length_present);
    assert_int_equal(h.content_length, 289);

    assert_int_equal(run(h_ipp_continue, LEN(h_ipp_continue), &h), IOT_OK);
    assert_int_equal(h.status, 100);
    assert_string_equal(h.reason, "Continue");
    assert_int_equal(h.header_count, 0);
    assert_int_equal(h.head_len, 25);

    assert_int_equal(run(h_ipp_resp, LEN(h_ipp_resp), &h), IOT_OK);
    assert_int_equal(h.status, 200);
    assert_string_equal(h.server, "Virata-EmWeb/R6_2_1");
    assert_string_equal(h.content_type, "application/ipp");
    assert_false(h.content_length_present);
}

static void test_malware_get(void **state)
{
    (void)state;
    struct iot_http_info h;
    /* nDPI golden malware.pcap.out: URL www.internetbadguys.com/. */
    assert_int_equal(run(h_malware_get, LEN(h_malware_get), &h), IOT_OK);
    assert_string_equal(h.host, "www.internetbadguys.com");
    assert_string_equal(h.target, "/");
    assert_string_equal(h.user_agent,
                        "Mozilla/5.0 (Windows NT 10.0; rv:68.0) Gecko/20100101 Firefox/68.0");
    assert_int_equal(h.header_count, 8);
}

/* Returns true when needle occurs anywhere in the bytes of the info struct. */
static bool struct_holds(const struct iot_http_info *h, const char *needle)
{
    const uint8_t *p = (const uint8_t *)h;
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= sizeof(*h); i++)
        if (memcmp(p + i, needle, n) == 0)
            return true;
    return false;
}

static void test_hue(void **state)
{
    (void)state;
    struct iot_http_info h;
    assert_int_equal(run(h_hue_post, LEN(h_hue_post), &h), IOT_OK);
    assert_string_equal(h.host, "www.ecdinterface.philips.com:80");
    assert_true(h.auth_present);
    assert_true(h.auth_credentials);
    assert_string_equal(h.auth_scheme, "CBAuth");
    assert_false(struct_holds(&h, "PublicKey"));
    assert_false(struct_holds(&h, "4dPFnwfA9G"));
    /* "Content-Length: 0         ": trailing whitespace is OWS, not part of the number. */
    assert_true(h.content_length_present);
    assert_int_equal(h.content_length, 0);

    assert_int_equal(run(h_hue_resp, LEN(h_hue_resp), &h), IOT_OK);
    assert_string_equal(h.server, "Microsoft-IIS/7.5");
    assert_string_equal(h.www_auth_scheme, "CBAuth"); /* after two spaces of OWS */
    assert_string_equal(h.content_type, "application/CB-Encrypted; cipher=AES");
    assert_int_equal(h.content_length, 2016);
    assert_int_equal(h.head_len, 293);

    /* The bridge's reply arrived as a segment of just the status line. */
    assert_int_equal(run(h_hue_cut, LEN(h_hue_cut), &h), IOT_ERR_INPUT);
    assert_int_equal(h.error, IOT_HTTP_ERR_INCOMPLETE);
}

static void test_dlink_resp(void **state)
{
    (void)state;
    struct iot_http_info h;
    assert_int_equal(run(h_dlink_resp, LEN(h_dlink_resp), &h), IOT_OK);
    assert_string_equal(h.server, "lighttpd/1.4.34");
    assert_string_equal(h.content_type, "text/xml; charset=utf-8");
    assert_int_equal(h.content_length, 458);
    assert_int_equal(h.head_len, 165);
}

/* Every proper prefix of a real head is INCOMPLETE (never a misparse, never a hard error):
 * a request may be cut anywhere by TCP segmentation. */
static void test_every_prefix_incomplete(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t head;
    } v[] = {
        {h_iphone_get, LEN(h_iphone_get)},
        {h_iphone_resp, 627},
        {h_android_get, LEN(h_android_get)},
        {h_ipp_post, LEN(h_ipp_post)},
        {h_ipp_continue, 25},
        {h_hue_post, LEN(h_hue_post)},
        {h_hue_resp, 293},
        {h_dlink_resp, 165},
    };
    struct iot_http_info h;
    for (size_t i = 0; i < IOT_ARRAY_LEN(v); i++) {
        for (size_t n = 0; n < v[i].head; n++) {
            assert_int_equal(run(v[i].s, n, &h), IOT_ERR_INPUT);
            assert_int_equal(h.error, IOT_HTTP_ERR_INCOMPLETE);
        }
        assert_int_equal(run(v[i].s, v[i].head, &h), IOT_OK);
        assert_int_equal(h.head_len, v[i].head);
    }
}

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    struct iot_http_info h;
    int rc = run(b, n, &h);
    *err = (int)h.error;
    return rc;
}

static const char *twin_error_name(int err)
{
    return iot_http_error_name((enum iot_http_error)err);
}

/* The string s, without its NUL, must parse to rc with error e. */
#define CASE(n, s, r, e) MUT(n, s, sizeof(s) - 1, -1, 0, -1, 0, r, e)

static void test_table(void **state)
{
    (void)state;
    static const struct mut_case cases[] = {
        CASE("empty", "", IOT_ERR_INPUT, IOT_HTTP_ERR_INCOMPLETE),
        CASE("ipp post", "POST /ipp/ HTTP/1.1\r\nContent-Length: 289\r\n\r\n", IOT_OK,
             IOT_HTTP_ERR_NONE),
        CASE("content-length letter", "POST /ipp/ HTTP/1.1\r\nContent-Length: 28a\r\n\r\n",
             IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_CONTENT_LENGTH),
        CASE("content-length negative", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
             IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_CONTENT_LENGTH),
        CASE("content-length list", "POST / HTTP/1.1\r\nContent-Length: 289, 289\r\n\r\n",
             IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_CONTENT_LENGTH),
        CASE("content-length off by one twice",
             "POST / HTTP/1.1\r\nContent-Length: 289\r\nContent-Length: 290\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_CONTENT_LENGTH),
        CASE("content-length same twice",
             "POST / HTTP/1.1\r\nContent-Length: 289\r\nContent-Length: 289\r\n\r\n", IOT_OK,
             IOT_HTTP_ERR_NONE),
        CASE("content-length 20 digits",
             "POST / HTTP/1.1\r\nContent-Length: 18446744073709551616\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_CONTENT_LENGTH),
        CASE("content-length empty", "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_CONTENT_LENGTH),
        CASE("bare LF", "GET / HTTP/1.1\nHost: a\n\n", IOT_OK, IOT_HTTP_ERR_NONE),
        CASE("no CRLF at all", "GET / HTTP/1.1 Host: captive.apple.com User-Agent: x",
             IOT_ERR_INPUT, IOT_HTTP_ERR_INCOMPLETE),
        CASE("cut in the header block", "GET / HTTP/1.1\r\nHost: captive.apple.com\r\nUser-Ag",
             IOT_ERR_INPUT, IOT_HTTP_ERR_INCOMPLETE),
        CASE("cut after one CR LF", "GET / HTTP/1.1\r\nHost: a\r\n\r", IOT_ERR_INPUT,
             IOT_HTTP_ERR_INCOMPLETE),
        CASE("header without colon", "GET / HTTP/1.1\r\nHost captive.apple.com\r\n\r\n",
             IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_HEADER),
        CASE("space before colon", "GET / HTTP/1.1\r\nHost : evil.example\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_SPACE_BEFORE_COLON),
        CASE("tab before colon", "GET / HTTP/1.1\r\nHost\t: evil.example\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_SPACE_BEFORE_COLON),
        CASE("empty name", "GET / HTTP/1.1\r\n: x\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_HEADER),
        CASE("name with slash", "GET / HTTP/1.1\r\nA/B: x\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_HEADER),
        CASE("obs-fold", "GET / HTTP/1.1\r\nUser-Agent: a\r\n b\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_OBS_FOLD),
        CASE("obs-fold tab", "GET / HTTP/1.1\r\nUser-Agent: a\r\n\tb\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_OBS_FOLD),
        CASE("leading empty line", "\r\nGET / HTTP/1.1\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_START_LINE),
        CASE("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_VERSION),
        CASE("HTTP/1.1x", "GET / HTTP/1.1x\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_VERSION),
        CASE("http lower", "GET / http/1.1\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_VERSION),
        CASE("no target", "GET HTTP/1.1\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_START_LINE),
        CASE("double space", "GET  HTTP/1.1\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_START_LINE),
        CASE("status 99", "HTTP/1.1 099 No\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_STATUS),
        CASE("status 600", "HTTP/1.1 600 No\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_STATUS),
        CASE("status 2000", "HTTP/1.1 2000 OK\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_STATUS),
        CASE("status no reason", "HTTP/1.1 204\r\n\r\n", IOT_OK, IOT_HTTP_ERR_NONE),
        CASE("status no code", "HTTP/1.1\r\n\r\n", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_START_LINE),
        CASE("response HTTP/0.9", "HTTP/0.9 200 OK\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_VERSION),
        CASE("partial response bad", "HTTP/x", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_VERSION),
        CASE("partial response ok", "HTTP/1.1 20", IOT_ERR_INPUT, IOT_HTTP_ERR_INCOMPLETE),
        CASE("garbage TLS", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_METHOD),
        CASE("garbage NUL", "\0\0\0\0", IOT_ERR_INPUT, IOT_HTTP_ERR_BAD_METHOD),
        CASE("leading space", " GET / HTTP/1.1\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_START_LINE),
        CASE("partial method long", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_METHOD),
        CASE("method with slash", "GE/T / HTTP/1.1\r\n\r\n", IOT_ERR_INPUT,
             IOT_HTTP_ERR_BAD_METHOD),
        CASE("lower-case get is a token", "get / HTTP/1.1\r\n\r\n", IOT_OK, IOT_HTTP_ERR_NONE),
        CASE("target with space", "GET /a b HTTP/1.1\r\n\r\n", IOT_OK, IOT_HTTP_ERR_NONE),
    };
    mut_check_cases(cases, IOT_ARRAY_LEN(cases), twin_parse, twin_error_name);
}

static void test_methods(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        enum iot_http_method m;
    } v[] = {
        {"GET / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_GET},
        {"HEAD / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_HEAD},
        {"POST / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_POST},
        {"PUT / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_PUT},
        {"DELETE / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_DELETE},
        {"OPTIONS * HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_OPTIONS},
        {"PATCH / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_PATCH},
        {"CONNECT example.com:443 HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_CONNECT},
        {"TRACE / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_TRACE},
        {"NOTIFY * HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_NOTIFY},
        {"M-SEARCH * HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_M_SEARCH},
        {"SUBSCRIBE /upnp/event HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_SUBSCRIBE},
        {"UNSUBSCRIBE /upnp/event HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_UNSUBSCRIBE},
        {"get / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_OTHER},
        {"M-Search * HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_OTHER},
        {"PROPFIND / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_OTHER},
        {"GETX / HTTP/1.1\r\n\r\n", IOT_HTTP_METHOD_OTHER},
    };
    struct iot_http_info h;
    for (size_t i = 0; i < IOT_ARRAY_LEN(v); i++) {
        assert_int_equal(run(v[i].line, strlen(v[i].line), &h), IOT_OK);
        assert_int_equal(h.method, v[i].m);
        if (v[i].m != IOT_HTTP_METHOD_OTHER)
            assert_string_equal(iot_http_method_name(h.method), h.method_str);
    }
    assert_string_equal(h.method_str, "GETX");
    assert_string_equal(iot_http_method_name(IOT_HTTP_METHOD_MAX), "OTHER");
}

static void test_duplicate_host(void **state)
{
    (void)state;
    static const char req[] =
        "GET / HTTP/1.1\r\nHost: first.example\r\nhost: second.example\r\n\r\n";
    struct iot_http_info h;
    assert_int_equal(run(req, LEN(req), &h), IOT_OK);
    assert_string_equal(h.host, "first.example"); /* the first one wins */
    assert_true(h.host_duplicate);
}

static void test_authorization(void **state)
{
    (void)state;
    static const char basic[] = "GET / HTTP/1.1\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\n";
    static const char bare[] = "GET / HTTP/1.1\r\nAuthorization: dXNlcjpwYXNz\r\n\r\n";
    static const char b68[] = "GET / HTTP/1.1\r\nAuthorization: dXNlcjpwYXNz==\r\n\r\n";
    static const char lone[] = "GET / HTTP/1.1\r\nAuthorization: Basic   \r\n\r\n";
    static const char empty[] = "GET / HTTP/1.1\r\nAuthorization:\r\n\r\n";
    static const char longs[] =
        "GET / HTTP/1.1\r\nAuthorization: ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 c\r\n\r\n";
    struct iot_http_info h;

    assert_int_equal(run(basic, LEN(basic), &h), IOT_OK);
    assert_string_equal(h.auth_scheme, "Basic");
    assert_true(h.auth_present);
    assert_true(h.auth_credentials);
    assert_false(struct_holds(&h, "dXNlcjpwYXNz"));

    /* A lone token may be the credential itself: nothing is copied. */
    assert_int_equal(run(bare, LEN(bare), &h), IOT_OK);
    assert_string_equal(h.auth_scheme, "");
    assert_true(h.auth_credentials);
    assert_false(struct_holds(&h, "dXNlcjpwYXNz"));
    assert_int_equal(run(b68, LEN(b68), &h), IOT_OK);
    assert_string_equal(h.auth_scheme, "");
    assert_true(h.auth_credentials);
    assert_false(struct_holds(&h, "dXNlcjpwYXNz"));

    /* "Basic" alone: indistinguishable from a bare credential, so treated as one. */
    assert_int_equal(run(lone, LEN(lone), &h), IOT_OK);
    assert_true(h.auth_present);
    assert_true(h.auth_credentials);
    assert_string_equal(h.auth_scheme, "");

    assert_int_equal(run(empty, LEN(empty), &h), IOT_OK);
    assert_true(h.auth_present);
    assert_false(h.auth_credentials);

    assert_int_equal(run(longs, LEN(longs), &h), IOT_OK);
    assert_true(h.auth_scheme_truncated);
    assert_int_equal(strlen(h.auth_scheme), IOT_HTTP_SCHEME_MAX - 1);
}

static void test_nul_in_value(void **state)
{
    (void)state;
    static const char req[] = "GET / HTTP/1.1\r\nUser-Agent: abc\0def\r\nHost: h\0\r\n\r\n";
    struct iot_http_info h;
    assert_int_equal(run(req, LEN(req), &h), IOT_OK);
    assert_string_equal(h.user_agent, "abc");
    assert_true(h.user_agent_truncated); /* the C string does not show the whole value */
    assert_memory_equal(h.user_agent, "abc\0def", 8);
    assert_string_equal(h.host, "h");
    assert_true(h.host_truncated);
}

static void test_truncated_fields(void **state)
{
    (void)state;
    char req[600];
    struct iot_http_info h;
    int n = snprintf(req, sizeof(req), "GET /%0300d HTTP/1.1\r\nUser-Agent: %0255d\r\n\r\n", 0, 0);
    assert_true(n > 0 && (size_t)n < sizeof(req));
    assert_int_equal(run(req, (size_t)n, &h), IOT_OK);
    assert_true(h.target_truncated);
    assert_int_equal(strlen(h.target), IOT_HTTP_TARGET_MAX - 1);
    assert_false(h.user_agent_truncated); /* 255 bytes fit exactly */
    assert_int_equal(strlen(h.user_agent), 255);
}

/* Builds "GET / HTTP/1.1\r\n" + count header lines + "\r\n" on the heap. */
static uint8_t *many_headers(unsigned count, size_t *len)
{
    static const char start[] = "GET / HTTP/1.1\r\n", line[] = "X-A: 1\r\n";
    size_t n = LEN(start) + (size_t)count * LEN(line) + 2;
    uint8_t *b = malloc(n);
    assert_non_null(b);
    memcpy(b, start, LEN(start));
    for (unsigned i = 0; i < count; i++)
        memcpy(b + LEN(start) + (size_t)i * LEN(line), line, LEN(line));
    memcpy(b + n - 2, "\r\n", 2);
    *len = n;
    return b;
}

static void test_many_headers(void **state)
{
    (void)state;
    struct iot_http_info h;
    size_t n;
    uint8_t *b = many_headers(IOT_MAX_HTTP_HEADERS, &n);
    assert_int_equal(run(b, n, &h), IOT_OK);
    assert_int_equal(h.header_count, IOT_MAX_HTTP_HEADERS);
    free(b);
    b = many_headers(IOT_MAX_HTTP_HEADERS + 1, &n);
    assert_int_equal(run(b, n, &h), IOT_ERR_INPUT);
    assert_int_equal(h.error, IOT_HTTP_ERR_TOO_MANY_HEADERS);
    free(b);
    b = many_headers(10000, &n);
    assert_int_equal(run(b, n, &h), IOT_ERR_INPUT);
    assert_int_equal(h.error, IOT_HTTP_ERR_TOO_MANY_HEADERS);
    free(b);
}

/* "GET / HTTP/1.1\r\nUser-Agent: " + vlen bytes 'a' + "\r\n\r\n" (if terminated). */
static uint8_t *long_line(size_t vlen, bool terminated, size_t *len)
{
    static const char start[] = "GET / HTTP/1.1\r\nUser-Agent: ";
    size_t n = LEN(start) + vlen + (terminated ? 4 : 0);
    uint8_t *b = malloc(n);
    assert_non_null(b);
    memcpy(b, start, LEN(start));
    memset(b + LEN(start), 'a', vlen);
    if (terminated)
        memcpy(b + n - 4, "\r\n\r\n", 4);
    *len = n;
    return b;
}

static void test_long_lines(void **state)
{
    (void)state;
    struct iot_http_info h;
    const size_t name = strlen("User-Agent: ");
    size_t n;
    uint8_t *b;

    /* Exactly IOT_HTTPHDR_MAX_LINE bytes of line: accepted, value cut to the field. */
    b = long_line(IOT_HTTPHDR_MAX_LINE - name, true, &n);
    assert_int_equal(run(b, n, &h), IOT_OK);
    assert_true(h.user_agent_truncated);
    free(b);
    /* One byte more: rejected. */
    b = long_line(IOT_HTTPHDR_MAX_LINE - name + 1, true, &n);
    assert_int_equal(run(b, n, &h), IOT_ERR_INPUT);
    assert_int_equal(h.error, IOT_HTTP_ERR_LINE_TOO_LONG);
    free(b);
    /* A 1 MiB header line, with and without its end. */
    b = long_line(1u << 20, true, &n);
    assert_int_equal(run(b, n, &h), IOT_ERR_INPUT);
    assert_int_equal(h.error, IOT_HTTP_ERR_LINE_TOO_LONG);
    free(b);
    b = long_line(1u << 20, false, &n);
    assert_int_equal(run(b, n, &h), IOT_ERR_INPUT);
    assert_int_equal(h.error, IOT_HTTP_ERR_LINE_TOO_LONG);
    free(b);
    /* A short unterminated line is only incomplete. */
    b = long_line(100, false, &n);
    assert_int_equal(run(b, n, &h), IOT_ERR_INPUT);
    assert_int_equal(h.error, IOT_HTTP_ERR_INCOMPLETE);
    free(b);
    /* A 1 MiB request target: the start line is too long, whatever follows. */
    b = malloc(1u << 20);
    assert_non_null(b);
    memset(b, 'a', 1u << 20);
    memcpy(b, "GET /", 5);
    assert_int_equal(run(b, 1u << 20, &h), IOT_ERR_INPUT);
    assert_int_equal(h.error, IOT_HTTP_ERR_LINE_TOO_LONG);
    free(b);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_string_equal(iot_http_error_name(IOT_HTTP_ERR_INCOMPLETE), "app.http.incomplete");
    assert_string_equal(iot_http_error_name(IOT_HTTP_ERR_BAD_CONTENT_LENGTH),
                        "app.http.bad_content_length");
    assert_string_equal(iot_http_error_name(IOT_HTTP_ERR_MAX), "app.http.unknown");
    for (int e = 0; e < IOT_HTTP_ERR_MAX; e++)
        assert_non_null(iot_http_error_name((enum iot_http_error)e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iphone_get),     cmocka_unit_test(test_iphone_resp),
        cmocka_unit_test(test_android),        cmocka_unit_test(test_ipp),
        cmocka_unit_test(test_malware_get),    cmocka_unit_test(test_hue),
        cmocka_unit_test(test_dlink_resp),     cmocka_unit_test(test_every_prefix_incomplete),
        cmocka_unit_test(test_table),          cmocka_unit_test(test_methods),
        cmocka_unit_test(test_duplicate_host), cmocka_unit_test(test_authorization),
        cmocka_unit_test(test_nul_in_value),   cmocka_unit_test(test_truncated_fields),
        cmocka_unit_test(test_many_headers),   cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
