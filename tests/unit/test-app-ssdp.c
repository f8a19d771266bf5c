/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SSDP parser: real NOTIFY and M-SEARCH datagrams from public captures, their cut and
 * corrupted twins, product-token splitting, and hostile datagrams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec-common.h"
#include "app/app-httphdr.h"
#include "app/app-ssdp.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* Vectors: UDP payloads copied byte for byte from the captures under ../shared/data named
 * above each one (packet numbers count from 1, as tcpdump and Wireshark do). */
/* ndpi-tests/pcap/ssdp-m-search-ua.pcap packet 1 (174 bytes). */
static const char s_msearch_ua[] = "M-SEARCH * HTTP/1.1\r\n"
                                   "HOST: 239.255.255.250:1900\r\n"
                                   "MAN: \"ssdp:discover\"\r\n"
                                   "MX: 1\r\n"
                                   "ST: urn:dial-multiscreen-org:service:dial:1\r\n"
                                   "USER-AGENT: Google Chrome/99.0.4844.74 Mac OS X\r\n"
                                   "\r\n";
/* ndpi-tests/pcap/ssdp-m-search.pcap packet 1 (21 bytes). */
static const char s_msearch_bare[] = "M-SEARCH * HTTP/1.1\r\n";
/* ndpi-tests/pcap/android.pcap packet 45 (126 bytes). */
static const char s_msearch_android[] = "M-SEARCH * HTTP/1.1\r\n"
                                        "HOST: 239.255.255.250:1900\r\n"
                                        "MAN: \"ssdp:discover\"\r\n"
                                        "MX: 1\r\n"
                                        "ST: urn:dial-multiscreen-org:service:dial:1\r\n"
                                        "\r\n"
                                        "\000";
/* ndpi-tests/pcap/gnutella.pcap packet 235 (182 bytes). */
static const char s_msearch_gtk[] = "M-SEARCH * HTTP/1.1\r\n"
                                    "HOST: 239.255.255.250:1900\r\n"
                                    "USER-AGENT: gtk-gnutella/1.2.2 (2022-02-25)\r\n"
                                    "MAN: \"ssdp:discover\"\r\n"
                                    "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:2\r\n"
                                    "MX: 3\r\n"
                                    "\r\n";
/* ndpi-tests/pcap/gnutella.pcap packet 83 (95 bytes). */
static const char s_msearch_v6[] = "M-SEARCH * HTTP/1.1\r\n"
                                   "Host: [FF02::C]:1900\r\n"
                                   "ST: upnp:rootdevice\r\n"
                                   "Man: \"ssdp:discover\"\r\n"
                                   "MX: 3\r\n"
                                   "\r\n";
/* iot-sentinel/D-LinkCam/Setup-A-1-STA.pcap packet 515 (137 bytes). */
static const char s_msearch_dlink[] = "M-SEARCH * HTTP/1.1\r\n"
                                      "HOST: 239.255.255.250:1900\r\n"
                                      "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
                                      "MAN: \"ssdp:discover\"\r\n"
                                      "MX: 3\r\n"
                                      "\r\n";
/* iot-sentinel/WeMoSwitch/Setup-A-1-STA.pcap packet 16 (381 bytes). */
static const char s_notify_wemo[] = "NOTIFY * HTTP/1.1\r\n"
                                    "HOST: 239.255.255.250:1900\r\n"
                                    "CACHE-CONTROL: max-age=86400\r\n"
                                    "LOCATION: http://10.10.10.252:49153/setup.xml\r\n"
                                    "OPT: \"http://schemas.upnp.org/upnp/1/0/\"; ns=01\r\n"
                                    "01-NLS: d0524cf2-1dd1-11b2-b6a1-cd8e009de557\r\n"
                                    "NT: upnp:rootdevice\r\n"
                                    "NTS: ssdp:alive\r\n"
                                    "SERVER: Unspecified, UPnP/1.0, Unspecified\r\n"
                                    "X-User-Agent: redsonic\r\n"
                                    "USN: uuid:Socket-1_0-221519K1100F55::upnp:rootdevice\r\n"
                                    "\r\n";
/* iot-sentinel/HueBridge/Setup-A-1-STA.pcap packet 161 (306 bytes). */
static const char s_notify_hue[] =
    "NOTIFY * HTTP/1.1\r\n"
    "HOST: 239.255.255.250:1900\r\n"
    "CACHE-CONTROL: max-age=100\r\n"
    "LOCATION: http://10.10.10.6:80/description.xml\r\n"
    "SERVER: Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0\r\n"
    "NTS: ssdp:alive\r\n"
    "hue-bridgeid: 001788FFFE2476FF\r\n"
    "NT: upnp:rootdevice\r\n"
    "USN: uuid:2f402f80-da50-11e1-9b23-0017882476ff::upnp:rootdevice\r\n"
    "\r\n";
/* iot-sentinel/D-LinkCam/Setup-A-1-STA.pcap packet 60 (150 bytes). */
static const char s_notify_dlink_bye[] = "NOTIFY * HTTP/1.1\r\n"
                                         "HOST: 239.255.255.250:1900\r\n"
                                         "NTS: ssdp:byebye\r\n"
                                         "USN: uuid:b0c554255b0e-0::upnp:rootdevice\r\n"
                                         "NT: upnp:rootdevice\r\n"
                                         "Content-Length: 0\r\n"
                                         "\r\n";
/* suricata-verify/sip-ssdp-pm/ssdp.pcap packet 1 (411 bytes). */
static const char s_notify_tomato[] =
    "NOTIFY * HTTP/1.1\r\n"
    "HOST: 239.255.255.250:1900\r\n"
    "CACHE-CONTROL: max-age=120\r\n"
    "lOCATION: http://192.168.1.1:7406/rootDesc.xml\r\n"
    "SERVER: UPnP/Tomato 1.28.7500 MIPSR2Toastman-RT K26 USB Ext UPnP/1.0 MiniUPnPd/1.6\r\n"
    "NT: upnp:rootdevice\r\n"
    "USN: uuid:04645c3d-e6b4-4eea-bd35-5c320c12969f::upnp:rootdevice\r\n"
    "NTS: ssdp:alive\r\n"
    "OPT: \"http://schemas.upnp.org/upnp/1/0/\";\r\n"
    "01-NLS: 1\r\n"
    "BOOTID.UPNP.ORG: 1\r\n"
    "CONFIGID.UPNP.ORG: 1337\r\n"
    "\r\n";
/* No capture under ../shared/data holds an SSDP search response (checked: every UDP payload
 * starting "HTTP/" in ndpi-tests, iot-sentinel, suricata-verify and zeek-traces). This one is
 * written after the example of UPnP Device Architecture 2.0, section 1.3.3, with the Hue
 * bridge's identity from HueBridge/Setup-A-1-STA.pcap packet 161. SYNTHETIC. */
static const char s_response[] =
    "HTTP/1.1 200 OK\r\n"
    "CACHE-CONTROL: max-age = 100\r\n"
    "DATE: Wed, 07 Sep 2016 14:45:25 GMT\r\n"
    "EXT:\r\n"
    "LOCATION: http://10.10.10.6:80/description.xml\r\n"
    "SERVER: Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0\r\n"
    "ST: upnp:rootdevice\r\n"
    "USN: uuid:2f402f80-da50-11e1-9b23-0017882476ff::upnp:rootdevice\r\n"
    "BOOTID.UPNP.ORG: 7\r\n"
    "\r\n";

#define LEN(s) (sizeof(s) - 1)

/* Parses an exactly sized heap copy, so any read past the end trips ASan. */
static int run(const void *data, size_t len, struct iot_ssdp_info *info)
{
    uint8_t *b = tu_exact_copy(data, len);
    assert_non_null(b);
    int rc = iot_ssdp_parse(b, len, info);
    free(b);
    if (rc == IOT_OK)
        assert_int_equal(info->error, IOT_SSDP_ERR_NONE);
    else
        assert_int_not_equal(info->error, IOT_SSDP_ERR_NONE);
    return rc;
}

static void check_product(const struct iot_ssdp_info *s, unsigned i, const char *name,
                          const char *version)
{
    assert_true(i < s->nproducts);
    assert_string_equal(s->products[i].name, name);
    assert_string_equal(s->products[i].version, version);
}

static void test_msearch_ua(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    assert_int_equal(run(s_msearch_ua, LEN(s_msearch_ua), &s), IOT_OK);
    assert_int_equal(s.kind, IOT_SSDP_KIND_MSEARCH);
    assert_int_equal(s.version_minor, 1);
    assert_string_equal(s.host, "239.255.255.250:1900");
    assert_string_equal(s.man, "\"ssdp:discover\"");
    assert_true(s.mx_present);
    assert_int_equal(s.mx, 1);
    assert_string_equal(s.st, "urn:dial-multiscreen-org:service:dial:1");
    /* nDPI golden ssdp-m-search-ua.pcap.out: User-Agent: Google Chrome/99.0.4844.74 Mac OS X */
    assert_string_equal(s.user_agent, "Google Chrome/99.0.4844.74 Mac OS X");
    assert_int_equal(s.nproducts, 4);
    check_product(&s, 0, "Google", "");
    check_product(&s, 1, "Chrome", "99.0.4844.74");
    check_product(&s, 2, "Mac", "");
    check_product(&s, 3, "OS", "");
    assert_true(s.products_truncated); /* "X" did not fit */
    assert_int_equal(s.header_count, 5);
    assert_false(s.unterminated);
    assert_int_equal(s.nts, IOT_SSDP_NTS_NONE);
}

static void test_msearch_bare(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    /* The whole datagram is the start line: accepted, flagged unterminated. */
    assert_int_equal(run(s_msearch_bare, LEN(s_msearch_bare), &s), IOT_OK);
    assert_int_equal(s.kind, IOT_SSDP_KIND_MSEARCH);
    assert_int_equal(s.header_count, 0);
    assert_true(s.unterminated);
    assert_int_equal(s.nproducts, 0);
}

static void test_msearch_android(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    /* A NUL after the empty line is not part of the message. */
    assert_int_equal(run(s_msearch_android, LEN(s_msearch_android), &s), IOT_OK);
    assert_int_equal(s.kind, IOT_SSDP_KIND_MSEARCH);
    assert_int_equal(s.header_count, 4);
    assert_false(s.unterminated);
    assert_string_equal(s.st, "urn:dial-multiscreen-org:service:dial:1");
    assert_string_equal(s.user_agent, "");
}

static void test_msearch_gnutella(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    assert_int_equal(run(s_msearch_gtk, LEN(s_msearch_gtk), &s), IOT_OK);
    assert_string_equal(s.user_agent, "gtk-gnutella/1.2.2 (2022-02-25)");
    assert_int_equal(s.nproducts, 1); /* the comment is skipped */
    check_product(&s, 0, "gtk-gnutella", "1.2.2");
    assert_false(s.products_truncated);
    assert_int_equal(s.mx, 3);
    assert_string_equal(s.st, "urn:schemas-upnp-org:device:InternetGatewayDevice:2");

    /* Mixed-case names ("Host", "Man") and an IPv6 HOST. */
    assert_int_equal(run(s_msearch_v6, LEN(s_msearch_v6), &s), IOT_OK);
    assert_string_equal(s.host, "[FF02::C]:1900");
    assert_string_equal(s.man, "\"ssdp:discover\"");
    assert_string_equal(s.st, "upnp:rootdevice");

    assert_int_equal(run(s_msearch_dlink, LEN(s_msearch_dlink), &s), IOT_OK);
    assert_string_equal(s.st, "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
    assert_int_equal(s.mx, 3);
}

static void test_notify_wemo(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    assert_int_equal(run(s_notify_wemo, LEN(s_notify_wemo), &s), IOT_OK);
    assert_int_equal(s.kind, IOT_SSDP_KIND_NOTIFY);
    assert_string_equal(s.location, "http://10.10.10.252:49153/setup.xml");
    assert_string_equal(s.nt, "upnp:rootdevice");
    assert_int_equal(s.nts, IOT_SSDP_NTS_ALIVE);
    assert_string_equal(s.usn, "uuid:Socket-1_0-221519K1100F55::upnp:rootdevice");
    assert_string_equal(s.cache_control, "max-age=86400");
    assert_true(s.max_age_present);
    assert_int_equal(s.max_age, 86400);
    /* UDA 1.0 style commas: "Unspecified, UPnP/1.0, Unspecified". */
    assert_string_equal(s.server, "Unspecified, UPnP/1.0, Unspecified");
    assert_int_equal(s.nproducts, 3);
    check_product(&s, 0, "Unspecified", "");
    check_product(&s, 1, "UPnP", "1.0");
    check_product(&s, 2, "Unspecified", "");
    assert_false(s.products_truncated);
    assert_string_equal(s.user_agent, ""); /* X-User-Agent is another header */
    assert_false(s.bootid_present);
    assert_int_equal(s.header_count, 10);
}

static void test_notify_hue(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    assert_int_equal(run(s_notify_hue, LEN(s_notify_hue), &s), IOT_OK);
    assert_int_equal(s.kind, IOT_SSDP_KIND_NOTIFY);
    assert_string_equal(s.location, "http://10.10.10.6:80/description.xml");
    assert_string_equal(s.server, "Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0");
    assert_int_equal(s.nproducts, 3);
    check_product(&s, 0, "Linux", "3.14.0");
    check_product(&s, 1, "UPnP", "1.0");
    check_product(&s, 2, "IpBridge", "1.9.0");
    assert_int_equal(s.max_age, 100);
    assert_string_equal(s.usn, "uuid:2f402f80-da50-11e1-9b23-0017882476ff::upnp:rootdevice");
}

static void test_notify_byebye(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    assert_int_equal(run(s_notify_dlink_bye, LEN(s_notify_dlink_bye), &s), IOT_OK);
    assert_int_equal(s.nts, IOT_SSDP_NTS_BYEBYE);
    assert_string_equal(s.usn, "uuid:b0c554255b0e-0::upnp:rootdevice");
    assert_string_equal(s.nt, "upnp:rootdevice");
    assert_string_equal(s.location, "");
    assert_false(s.max_age_present);
    assert_int_equal(s.nproducts, 0);
}

static void test_notify_tomato(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    assert_int_equal(run(s_notify_tomato, LEN(s_notify_tomato), &s), IOT_OK);
    /* "lOCATION": names are case-insensitive. */
    assert_string_equal(s.location, "http://192.168.1.1:7406/rootDesc.xml");
    assert_true(s.bootid_present);
    assert_int_equal(s.bootid, 1);
    assert_int_equal(s.max_age, 120);
    assert_int_equal(s.nproducts, 4);
    check_product(&s, 0, "UPnP", "Tomato");
    check_product(&s, 1, "1.28.7500", "");
    check_product(&s, 2, "MIPSR2Toastman-RT", "");
    check_product(&s, 3, "K26", "");
    assert_true(s.products_truncated);
}

static void test_response(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    assert_int_equal(run(s_response, LEN(s_response), &s), IOT_OK);
    assert_int_equal(s.kind, IOT_SSDP_KIND_RESPONSE);
    assert_int_equal(s.status, 200);
    assert_string_equal(s.st, "upnp:rootdevice");
    assert_string_equal(s.location, "http://10.10.10.6:80/description.xml");
    assert_true(s.max_age_present);
    assert_int_equal(s.max_age, 100); /* "max-age = 100" */
    assert_int_equal(s.bootid, 7);
    assert_int_equal(s.nproducts, 3);
    check_product(&s, 2, "IpBridge", "1.9.0");
}

/* Every prefix of a real datagram (a snaplen cut): before the start line is whole it is
 * rejected; after it, it is accepted (flagged unterminated until the empty line is in) unless
 * the cut leaves a header name without its colon. A cut right after a CR LF always parses. */
static void test_every_prefix(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len, start;
    } v[] = {
        {s_msearch_ua, LEN(s_msearch_ua), 19},
        {s_notify_wemo, LEN(s_notify_wemo), 17},
        {s_notify_tomato, LEN(s_notify_tomato), 17},
        {s_response, LEN(s_response), 12}, /* "HTTP/1.1 200": the reason is optional */
    };
    struct iot_ssdp_info s;
    for (size_t i = 0; i < IOT_ARRAY_LEN(v); i++) {
        for (size_t n = 0; n < v[i].len; n++) {
            int rc = run(v[i].s, n, &s);
            if (n < v[i].start) {
                assert_int_equal(rc, IOT_ERR_INPUT);
            } else if (rc == IOT_OK) {
                assert_true(s.unterminated);
            } else {
                assert_int_equal(s.error, IOT_SSDP_ERR_BAD_HEADER);
                assert_int_not_equal(v[i].s[n - 1], '\n');
            }
        }
        assert_int_equal(run(v[i].s, v[i].len, &s), IOT_OK);
        assert_false(s.unterminated);
    }
    /* One byte short: the final LF is missing. */
    assert_int_equal(run(s_notify_hue, LEN(s_notify_hue) - 1, &s), IOT_OK);
    assert_true(s.unterminated);
    assert_int_equal(s.header_count, 8);
}

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    struct iot_ssdp_info s;
    int rc = run(b, n, &s);
    *err = (int)s.error;
    return rc;
}

static const char *twin_error_name(int err)
{
    return iot_ssdp_error_name((enum iot_ssdp_error)err);
}

/* The string s, without its NUL, must parse to rc with error e. */
#define CASE(n, s, r, e) MUT(n, s, sizeof(s) - 1, -1, 0, -1, 0, r, e)

static void test_table(void **state)
{
    (void)state;
    static const struct mut_case cases[] = {
        CASE("empty", "", IOT_ERR_INPUT, IOT_SSDP_ERR_TRUNC),
        CASE("notify", "NOTIFY * HTTP/1.1\r\nNTS: ssdp:update\r\n\r\n", IOT_OK, IOT_SSDP_ERR_NONE),
        CASE("no CRLF at all", "M-SEARCH * HTTP/1.1", IOT_OK, IOT_SSDP_ERR_NONE),
        CASE("no CRLF with headers", "NOTIFY * HTTP/1.1 HOST: 239.255.255.250:1900", IOT_ERR_INPUT,
             IOT_SSDP_ERR_BAD_TARGET),
        CASE("bare LF", "M-SEARCH * HTTP/1.1\nST: ssdp:all\n\n", IOT_OK, IOT_SSDP_ERR_NONE),
        CASE("lower-case method", "m-search * HTTP/1.1\r\n\r\n", IOT_ERR_INPUT,
             IOT_SSDP_ERR_BAD_METHOD),
        CASE("GET", "GET / HTTP/1.1\r\n\r\n", IOT_ERR_INPUT, IOT_SSDP_ERR_BAD_METHOD),
        CASE("target not *", "NOTIFY / HTTP/1.1\r\n\r\n", IOT_ERR_INPUT, IOT_SSDP_ERR_BAD_TARGET),
        CASE("HTTP/2.0", "NOTIFY * HTTP/2.0\r\n\r\n", IOT_ERR_INPUT, IOT_SSDP_ERR_BAD_VERSION),
        CASE("HTTP/1.0", "NOTIFY * HTTP/1.0\r\n\r\n", IOT_OK, IOT_SSDP_ERR_NONE),
        CASE("response 404", "HTTP/1.1 404 Not Found\r\n\r\n", IOT_ERR_INPUT,
             IOT_SSDP_ERR_BAD_STATUS),
        CASE("response 2000", "HTTP/1.1 2000 OK\r\n\r\n", IOT_ERR_INPUT, IOT_SSDP_ERR_BAD_STATUS),
        CASE("response no code", "HTTP/1.1\r\n\r\n", IOT_ERR_INPUT, IOT_SSDP_ERR_BAD_START_LINE),
        CASE("response bad version", "HTTP/1.x 200 OK\r\n\r\n", IOT_ERR_INPUT,
             IOT_SSDP_ERR_BAD_VERSION),
        CASE("empty start line", "\r\nNOTIFY * HTTP/1.1\r\n\r\n", IOT_ERR_INPUT,
             IOT_SSDP_ERR_BAD_START_LINE),
        CASE("garbage", "\x16\x03\x01\x00\xa5\x01", IOT_ERR_INPUT, IOT_SSDP_ERR_BAD_START_LINE),
        CASE("header without colon", "NOTIFY * HTTP/1.1\r\nNTS ssdp:alive\r\n\r\n", IOT_ERR_INPUT,
             IOT_SSDP_ERR_BAD_HEADER),
        CASE("space before colon", "NOTIFY * HTTP/1.1\r\nLOCATION : http://evil/\r\n\r\n",
             IOT_ERR_INPUT, IOT_SSDP_ERR_BAD_HEADER),
        CASE("obs-fold", "NOTIFY * HTTP/1.1\r\nSERVER: a\r\n b\r\n\r\n", IOT_ERR_INPUT,
             IOT_SSDP_ERR_OBS_FOLD),
        CASE("bad start wins over bad header", "NOTIFY / HTTP/1.1\r\nX\r\n\r\n", IOT_ERR_INPUT,
             IOT_SSDP_ERR_BAD_TARGET),
    };
    mut_check_cases(cases, IOT_ARRAY_LEN(cases), twin_parse, twin_error_name);
}

static void test_numbers(void **state)
{
    (void)state;
    static const char bad[] = "M-SEARCH * HTTP/1.1\r\nMX: -1\r\nCACHE-CONTROL: max-age=\r\n"
                              "BOOTID.UPNP.ORG: 4294967296\r\n\r\n";
    static const char good[] = "NOTIFY * HTTP/1.1\r\nCACHE-CONTROL: no-cache, MAX-AGE=1800\r\n"
                               "BOOTID.UPNP.ORG: 4294967295\r\nNTS: ssdp:sleep\r\n\r\n";
    struct iot_ssdp_info s;
    assert_int_equal(run(bad, LEN(bad), &s), IOT_OK);
    assert_false(s.mx_present);
    assert_false(s.max_age_present);
    assert_false(s.bootid_present);
    assert_int_equal(run(good, LEN(good), &s), IOT_OK);
    assert_true(s.max_age_present);
    assert_int_equal(s.max_age, 1800);
    assert_int_equal(s.bootid, 4294967295u);
    assert_int_equal(s.nts, IOT_SSDP_NTS_OTHER);
}

static void test_duplicates_and_nul(void **state)
{
    (void)state;
    static const char dup[] = "NOTIFY * HTTP/1.1\r\nLOCATION: http://first/\r\n"
                              "LOCATION: http://second/\r\nSERVER: a\0b/1\r\n\r\n";
    struct iot_ssdp_info s;
    assert_int_equal(run(dup, LEN(dup), &s), IOT_OK);
    assert_string_equal(s.location, "http://first/"); /* the first one wins */
    assert_string_equal(s.server, "a");
    assert_true(s.server_truncated); /* a NUL hides the rest of the value */
    assert_int_equal(s.nproducts, 1);
    check_product(&s, 0, "a", "1");
    assert_true(s.products[0].name_truncated);
    assert_memory_equal(s.products[0].name, "a\0b", 4);
}

static void test_products(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        unsigned n;
        bool trunc;
        const char *first_name, *first_version;
    } v[] = {
        {"", 0, false, "", ""},
        {"   , ,\t", 0, false, "", ""},
        {"(only a comment)", 0, false, "", ""},
        {"(unclosed comment", 0, false, "", ""},
        {"((nested) still) a/1", 1, false, "a", "1"},
        {"a/1 b/2 c/3 d/4", 4, false, "a", "1"},
        {"a/1 b/2 c/3 d/4 e/5", 4, true, "a", "1"},
        {"/1.0", 1, false, "", "1.0"},
        {"name/", 1, false, "name", ""},
        {"a/b/c", 1, false, "a", "b/c"},
        {"x(c)y/2", 2, false, "x", ""},
    };
    struct iot_ssdp_product p[IOT_SSDP_MAX_PRODUCTS];
    unsigned n;
    for (size_t i = 0; i < IOT_ARRAY_LEN(v); i++) {
        size_t len = strlen(v[i].in);
        uint8_t *b = tu_exact_copy((const uint8_t *)v[i].in, len);
        assert_non_null(b);
        bool t = iot_ssdp_split_products(b, len, p, &n);
        free(b);
        assert_int_equal(n, v[i].n);
        assert_int_equal(t, v[i].trunc);
        if (n > 0) {
            assert_string_equal(p[0].name, v[i].first_name);
            assert_string_equal(p[0].version, v[i].first_version);
        }
    }
    /* A 40-byte name does not fit in 32. */
    static const char longname[] = "0123456789012345678901234567890123456789/1";
    assert_false(iot_ssdp_split_products((const uint8_t *)longname, LEN(longname), p, &n));
    assert_int_equal(n, 1);
    assert_true(p[0].name_truncated);
    assert_int_equal(strlen(p[0].name), IOT_SSDP_PRODUCT_MAX - 1);
    assert_false(p[0].version_truncated);
}

static void test_hostile_sizes(void **state)
{
    (void)state;
    struct iot_ssdp_info s;
    static const char start[] = "NOTIFY * HTTP/1.1\r\n", line[] = "NT: a\r\n";
    const size_t count = 10000;
    size_t n = LEN(start) + count * LEN(line);
    uint8_t *b = malloc(n);
    assert_non_null(b);
    memcpy(b, start, LEN(start));
    for (size_t i = 0; i < count; i++)
        memcpy(b + LEN(start) + i * LEN(line), line, LEN(line));
    assert_int_equal(run(b, n, &s), IOT_ERR_INPUT);
    assert_int_equal(s.error, IOT_SSDP_ERR_TOO_MANY_HEADERS);
    /* Exactly the maximum is fine. */
    assert_int_equal(run(b, LEN(start) + IOT_MAX_HTTP_HEADERS * LEN(line), &s), IOT_OK);
    assert_int_equal(s.header_count, IOT_MAX_HTTP_HEADERS);
    free(b);

    /* A 1 MiB SERVER line, unterminated (the datagram end would otherwise end it). */
    n = 1u << 20;
    b = malloc(n);
    assert_non_null(b);
    memset(b, 'A', n);
    memcpy(b, "NOTIFY * HTTP/1.1\r\nSERVER: ", 27);
    assert_int_equal(run(b, n, &s), IOT_ERR_INPUT);
    assert_int_equal(s.error, IOT_SSDP_ERR_LINE_TOO_LONG);
    free(b);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(iot_ssdp_error_name(IOT_SSDP_ERR_BAD_METHOD), "app.ssdp.bad_method");
    assert_string_equal(iot_ssdp_error_name(IOT_SSDP_ERR_MAX), "app.ssdp.unknown");
    for (int e = 0; e < IOT_SSDP_ERR_MAX; e++)
        assert_non_null(iot_ssdp_error_name((enum iot_ssdp_error)e));
    assert_string_equal(iot_ssdp_kind_name(IOT_SSDP_KIND_MSEARCH), "m-search");
    assert_string_equal(iot_ssdp_nts_name(IOT_SSDP_NTS_BYEBYE), "ssdp:byebye");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msearch_ua),
        cmocka_unit_test(test_msearch_bare),
        cmocka_unit_test(test_msearch_android),
        cmocka_unit_test(test_msearch_gnutella),
        cmocka_unit_test(test_notify_wemo),
        cmocka_unit_test(test_notify_hue),
        cmocka_unit_test(test_notify_byebye),
        cmocka_unit_test(test_notify_tomato),
        cmocka_unit_test(test_response),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_duplicates_and_nul),
        cmocka_unit_test(test_products),
        cmocka_unit_test(test_hostile_sizes),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
