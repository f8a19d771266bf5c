/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CoAP parser: real captures with exact field values, RFC 6690 link-format vectors built by
 * hand, their negative twins (short, length off by one, zero length, garbage) and synthetic
 * edge cases (extended option forms, caps, reserved nibbles). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "app/app-coap.h"
#include "util/limits.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* ndpi-tests/pcap/coap_mqtt.pcap packet 1 */
static const uint8_t old_draft_wkc[] = {
    0x43, 0x01, 0x05, 0xca, 0x72, 0x16, 0x33, 0x2b, 0x2e, 0x77, 0x65, 0x6c,
    0x6c, 0x2d, 0x6b, 0x6e, 0x6f, 0x77, 0x6e, 0x04, 0x63, 0x6f, 0x72, 0x65,
};

/* ndpi-tests/pcap/coap_mqtt.pcap packet 5 */
static const uint8_t old_draft_5[] = {
    0x45, 0x01, 0x8a, 0x74, 0x72, 0x16, 0x33, 0x2b, 0x2e, 0x77, 0x65, 0x6c, 0x6c, 0x2d,
    0x6b, 0x6e, 0x6f, 0x77, 0x6e, 0x04, 0x63, 0x6f, 0x72, 0x65, 0x10, 0x12, 0x3d, 0xd4,
};

/* ndpi-tests/pcap/coap_mqtt.pcap packet 6 */
static const uint8_t get_separate[] = {
    0x42, 0x01, 0xe9, 0x1b, 0x07, 0x90, 0xb8, 0x73, 0x65, 0x70,
    0x61, 0x72, 0x61, 0x74, 0x65, 0x10, 0xd1, 0x23, 0x11,
};

/* ndpi-tests/pcap/coap_mqtt.pcap packet 7 */
static const uint8_t empty_ack[] = {
    0x60,
    0x00,
    0xe9,
    0x1b,
};

/* ndpi-tests/pcap/coap_mqtt.pcap packet 8 */
static const uint8_t separate_205[] = {
    0x42, 0x45, 0x57, 0x0f, 0x07, 0x90, 0xff, 0x54, 0x68, 0x69, 0x73, 0x20, 0x6d, 0x65, 0x73,
    0x73, 0x61, 0x67, 0x65, 0x20, 0x77, 0x61, 0x73, 0x20, 0x73, 0x65, 0x6e, 0x74, 0x20, 0x62,
    0x79, 0x20, 0x61, 0x20, 0x73, 0x65, 0x70, 0x61, 0x72, 0x61, 0x74, 0x65, 0x20, 0x72, 0x65,
    0x73, 0x70, 0x6f, 0x6e, 0x73, 0x65, 0x2e, 0x0a, 0x59, 0x6f, 0x75, 0x72, 0x20, 0x63, 0x6c,
    0x69, 0x65, 0x6e, 0x74, 0x20, 0x77, 0x69, 0x6c, 0x6c, 0x20, 0x6e, 0x65, 0x65, 0x64, 0x20,
    0x74, 0x6f, 0x20, 0x61, 0x63, 0x6b, 0x6e, 0x6f, 0x77, 0x6c, 0x65, 0x64, 0x67, 0x65, 0x20,
    0x69, 0x74, 0x2c, 0x20, 0x6f, 0x74, 0x68, 0x65, 0x72, 0x77, 0x69, 0x73, 0x65, 0x20, 0x69,
    0x74, 0x20, 0x77, 0x69, 0x6c, 0x6c, 0x20, 0x62, 0x65, 0x20, 0x72, 0x65, 0x74, 0x72, 0x61,
    0x6e, 0x73, 0x6d, 0x69, 0x74, 0x74, 0x65, 0x64, 0x2e,
};

/* ndpi-tests/pcap/coap_mqtt.pcap packet 10 */
static const uint8_t post_storage[] = {
    0x40, 0x02, 0xce, 0xa0, 0xb7, 0x73, 0x74, 0x6f, 0x72, 0x61, 0x67, 0x65,
    0xff, 0x6d, 0x79, 0x72, 0x65, 0x73, 0x6f, 0x75, 0x72, 0x63, 0x65,
};

/* ndpi-tests/pcap/coap_mqtt.pcap packet 11 */
static const uint8_t created_location[] = {
    0x60, 0x41, 0xce, 0xa0, 0x87, 0x73, 0x74, 0x6f, 0x72, 0x61, 0x67, 0x65,
    0x0a, 0x6d, 0x79, 0x72, 0x65, 0x73, 0x6f, 0x75, 0x72, 0x63, 0x65,
};

/* Hand-built from RFC 6690 section 5 (no capture here has link format): GET
 * /.well-known/core, token abcd. */
static const uint8_t rfc_wkc_get[] = {
    0x42, 0x01, 0x12, 0x34, 0xab, 0xcd, 0xbb, 0x2e, 0x77, 0x65, 0x6c, 0x6c,
    0x2d, 0x6b, 0x6e, 0x6f, 0x77, 0x6e, 0x04, 0x63, 0x6f, 0x72, 0x65,
};

/* Its 2.05 Content reply, Content-Format 40, the two-link payload of that example. */
static const uint8_t rfc_wkc_205[] = {
    0x62, 0x45, 0x12, 0x34, 0xab, 0xcd, 0xc1, 0x28, 0xff, 0x3c, 0x2f, 0x73, 0x65,
    0x6e, 0x73, 0x6f, 0x72, 0x73, 0x2f, 0x74, 0x65, 0x6d, 0x70, 0x3e, 0x3b, 0x69,
    0x66, 0x3d, 0x22, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x22, 0x2c, 0x3c, 0x2f,
    0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x73, 0x2f, 0x6c, 0x69, 0x67, 0x68, 0x74,
    0x3e, 0x3b, 0x69, 0x66, 0x3d, 0x22, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x22,
};

/* RFC 6690 section 5, third example payload in a 2.05 (251 payload bytes). */
static const uint8_t rfc_wkc_205_full[] = {
    0x62, 0x45, 0x12, 0x35, 0xab, 0xce, 0xc1, 0x28, 0xff, 0x3c, 0x2f, 0x73, 0x65, 0x6e, 0x73, 0x6f,
    0x72, 0x73, 0x3e, 0x3b, 0x63, 0x74, 0x3d, 0x34, 0x30, 0x3b, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3d,
    0x22, 0x53, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x20, 0x49, 0x6e, 0x64, 0x65, 0x78, 0x22, 0x2c, 0x3c,
    0x2f, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x73, 0x2f, 0x74, 0x65, 0x6d, 0x70, 0x3e, 0x3b, 0x72,
    0x74, 0x3d, 0x22, 0x74, 0x65, 0x6d, 0x70, 0x65, 0x72, 0x61, 0x74, 0x75, 0x72, 0x65, 0x2d, 0x63,
    0x22, 0x3b, 0x69, 0x66, 0x3d, 0x22, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x22, 0x2c, 0x3c, 0x2f,
    0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x73, 0x2f, 0x6c, 0x69, 0x67, 0x68, 0x74, 0x3e, 0x3b, 0x72,
    0x74, 0x3d, 0x22, 0x6c, 0x69, 0x67, 0x68, 0x74, 0x2d, 0x6c, 0x75, 0x78, 0x22, 0x3b, 0x69, 0x66,
    0x3d, 0x22, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x22, 0x2c, 0x3c, 0x68, 0x74, 0x74, 0x70, 0x3a,
    0x2f, 0x2f, 0x77, 0x77, 0x77, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f,
    0x6d, 0x2f, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x73, 0x2f, 0x74, 0x31, 0x32, 0x33, 0x3e, 0x3b,
    0x61, 0x6e, 0x63, 0x68, 0x6f, 0x72, 0x3d, 0x22, 0x2f, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x73,
    0x2f, 0x74, 0x65, 0x6d, 0x70, 0x22, 0x3b, 0x72, 0x65, 0x6c, 0x3d, 0x22, 0x64, 0x65, 0x73, 0x63,
    0x72, 0x69, 0x62, 0x65, 0x64, 0x62, 0x79, 0x22, 0x2c, 0x3c, 0x2f, 0x74, 0x3e, 0x3b, 0x61, 0x6e,
    0x63, 0x68, 0x6f, 0x72, 0x3d, 0x22, 0x2f, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x73, 0x2f, 0x74,
    0x65, 0x6d, 0x70, 0x22, 0x3b, 0x72, 0x65, 0x6c, 0x3d, 0x22, 0x61, 0x6c, 0x74, 0x65, 0x72, 0x6e,
    0x61, 0x74, 0x65, 0x22,
};

/* RFC 6690 section 5, second example: Uri-Host "sensor.example" (14-byte option, extended length
 * form 13), Uri-Path /.well-known/core, Uri-Query rt=light-lux. */
static const uint8_t rfc_wkc_query[] = {
    0x40, 0x01, 0x00, 0x07, 0x3d, 0x01, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x2e,
    0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x8b, 0x2e, 0x77, 0x65, 0x6c, 0x6c,
    0x2d, 0x6b, 0x6e, 0x6f, 0x77, 0x6e, 0x04, 0x63, 0x6f, 0x72, 0x65, 0x4c, 0x72,
    0x74, 0x3d, 0x6c, 0x69, 0x67, 0x68, 0x74, 0x2d, 0x6c, 0x75, 0x78,
};

/* Runs the parser on an exactly sized heap copy, so a read past the end trips ASan. */
static int run(const uint8_t *b, size_t n, struct iot_coap_info *info)
{
    uint8_t *copy = tu_exact_copy(b, n);
    assert_non_null(copy);
    int rc = iot_coap_parse(copy, n, info);
    free(copy);
    /* The error field agrees with the return code whatever happened. */
    if (rc == IOT_OK)
        assert_int_equal(info->error, IOT_COAP_ERR_NONE);
    else
        assert_int_not_equal(info->error, IOT_COAP_ERR_NONE);
    return rc;
}

/* Packet 1 is CoAP draft-12 style (the low nibble was an option count, Uri-Path was option 9),
 * which RFC 7252 reads as a 3-byte token and two options numbered 2: well formed, but no
 * Uri-Path, so not a discovery request. */
static void test_old_draft(void **state)
{
    (void)state;
    struct iot_coap_info i;
    static const uint8_t tok[] = {0x72, 0x16, 0x33};

    assert_int_equal(run(old_draft_wkc, sizeof(old_draft_wkc), &i), IOT_OK);
    assert_int_equal(i.version, 1);
    assert_int_equal(i.type, IOT_COAP_CON);
    assert_int_equal(i.code, IOT_COAP_GET);
    assert_int_equal(i.message_id, 0x05ca);
    assert_int_equal(i.token_len, 3);
    assert_memory_equal(i.token, tok, 3);
    assert_int_equal(i.opt_count, 2);
    assert_int_equal(i.uri_path_len, 0);
    assert_string_equal(i.uri_path, "");
    assert_false(i.is_discovery);
    assert_false(i.has_links);
    assert_int_equal(i.payload_len, 0);

    /* Packet 5: a 5-byte token, then options 7, 14 and 15 (Uri-Query "=\xd4"). */
    assert_int_equal(run(old_draft_5, sizeof(old_draft_5), &i), IOT_OK);
    assert_int_equal(i.token_len, 5);
    assert_int_equal(i.opt_count, 3);
    assert_int_equal(i.uri_query_segments, 1);
    assert_int_equal(i.uri_query_len, 2);
    assert_memory_equal(i.uri_query, "=\xd4", 3);
}

static void test_get_separate(void **state)
{
    (void)state;
    struct iot_coap_info i;

    assert_int_equal(run(get_separate, sizeof(get_separate), &i), IOT_OK);
    assert_int_equal(i.type, IOT_COAP_CON);
    assert_int_equal(i.code_class, 0);
    assert_int_equal(i.code_detail, 1);
    assert_int_equal(i.message_id, 0xe91b);
    assert_int_equal(i.token_len, 2);
    assert_string_equal(i.uri_path, "/separate");
    assert_int_equal(i.uri_path_segments, 1);
    /* Option 12 with no value bytes is the uint 0 (text/plain). */
    assert_true(i.has_content_format);
    assert_int_equal(i.content_format, 0);
    /* 0xd1 0x23: a delta of 13 + 0x23 = 48, option 60 (Size1): the 1-byte extended form. */
    assert_int_equal(i.opt_count, 3);
    assert_false(i.is_discovery);
}

static void test_empty_ack(void **state)
{
    (void)state;
    struct iot_coap_info i;

    assert_int_equal(run(empty_ack, sizeof(empty_ack), &i), IOT_OK);
    assert_int_equal(i.type, IOT_COAP_ACK);
    assert_int_equal(i.code, IOT_COAP_EMPTY);
    assert_int_equal(i.message_id, 0xe91b);
    assert_int_equal(i.token_len, 0);
    assert_int_equal(i.opt_count, 0);
}

static void test_payloads(void **state)
{
    (void)state;
    struct iot_coap_info i;

    assert_int_equal(run(separate_205, sizeof(separate_205), &i), IOT_OK);
    assert_int_equal(i.code, IOT_COAP_CONTENT);
    assert_int_equal(i.payload_len, sizeof(separate_205) - 7);
    assert_false(i.has_content_format);
    assert_false(i.has_links); /* 2.05 without Content-Format 40 */

    assert_int_equal(run(post_storage, sizeof(post_storage), &i), IOT_OK);
    assert_int_equal(i.code, IOT_COAP_CODE(0, 2));
    assert_string_equal(i.uri_path, "/storage");
    assert_int_equal(i.payload_len, 10);

    /* 2.01 Created with two Location-Path (8) options: not a URI the client asked for. */
    assert_int_equal(run(created_location, sizeof(created_location), &i), IOT_OK);
    assert_int_equal(i.code_class, 2);
    assert_int_equal(i.code_detail, 1);
    assert_int_equal(i.opt_count, 2);
    assert_string_equal(i.uri_path, "");
}

static void test_discovery_request(void **state)
{
    (void)state;
    struct iot_coap_info i;

    assert_int_equal(run(rfc_wkc_get, sizeof(rfc_wkc_get), &i), IOT_OK);
    assert_string_equal(i.uri_path, "/.well-known/core");
    assert_int_equal(i.uri_path_segments, 2);
    assert_true(i.is_discovery);
    assert_false(i.has_links); /* no payload to parse */

    assert_int_equal(run(rfc_wkc_query, sizeof(rfc_wkc_query), &i), IOT_OK);
    assert_true(i.has_uri_host);
    assert_string_equal(i.uri_host, "sensor.example");
    assert_int_equal(i.uri_host_len, 14);
    assert_string_equal(i.uri_path, "/.well-known/core");
    assert_string_equal(i.uri_query, "rt=light-lux");
    assert_true(i.is_discovery);
}

static void test_link_format(void **state)
{
    (void)state;
    struct iot_coap_info i;

    assert_int_equal(run(rfc_wkc_205, sizeof(rfc_wkc_205), &i), IOT_OK);
    assert_true(i.has_content_format);
    assert_int_equal(i.content_format, IOT_COAP_CF_LINK_FORMAT);
    assert_true(i.has_links);
    assert_false(i.links_malformed);
    assert_false(i.links_truncated);
    assert_int_equal(i.link_count, 2);
    assert_string_equal(i.links[0].target, "/sensors/temp");
    assert_true(i.links[0].has_if);
    assert_string_equal(i.links[0].ifd, "sensor");
    assert_false(i.links[0].has_rt);
    assert_string_equal(i.links[1].target, "/sensors/light");
    assert_string_equal(i.links[1].ifd, "sensor");

    assert_int_equal(run(rfc_wkc_205_full, sizeof(rfc_wkc_205_full), &i), IOT_OK);
    assert_false(i.links_malformed);
    assert_int_equal(i.link_count, 5);
    assert_string_equal(i.links[0].target, "/sensors");
    assert_false(i.links[0].has_rt);
    assert_string_equal(i.links[1].target, "/sensors/temp");
    assert_string_equal(i.links[1].rt, "temperature-c");
    assert_int_equal(i.links[1].rt_len, 13);
    assert_string_equal(i.links[1].ifd, "sensor");
    assert_string_equal(i.links[2].rt, "light-lux");
    assert_string_equal(i.links[3].target, "http://www.example.com/sensors/t123");
    assert_false(i.links[3].has_if);
    assert_string_equal(i.links[4].target, "/t");
}

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    struct iot_coap_info i;
    int rc = run(b, n, &i);
    *err = (int)i.error;
    return rc;
}

static const char *twin_error_name(int err)
{
    return iot_coap_error_name((enum iot_coap_error)err);
}

/* A twin with one byte patched (o < 0: none). */
#define MUT1(nm, b, l, o, v, r, e) MUT(nm, b, l, o, v, -1, 0, r, e)

/* Negative twins of the real and RFC vectors: rows that differ only in length and one byte. */
static void test_twins(void **state)
{
    (void)state;
    const struct mut_case cases[] = {
        MUT1("zero length", empty_ack, 0, -1, 0, IOT_ERR_INPUT, IOT_COAP_ERR_TRUNC),
        MUT1("3-byte header", empty_ack, 3, -1, 0, IOT_ERR_INPUT, IOT_COAP_ERR_TRUNC),
        MUT1("empty with a byte", empty_ack, 5, -1, 0, IOT_ERR_INPUT, IOT_COAP_ERR_BAD_EMPTY),
        MUT1("empty with tkl", empty_ack, 4, 0, 0x61, IOT_ERR_INPUT, IOT_COAP_ERR_BAD_EMPTY),
        MUT1("version 0", empty_ack, 4, 0, 0x20, IOT_ERR_INPUT, IOT_COAP_ERR_BAD_VERSION),
        MUT1("version 2", get_separate, sizeof(get_separate), 0, 0x82, IOT_ERR_INPUT,
             IOT_COAP_ERR_BAD_VERSION),
        MUT1("tkl 9", get_separate, sizeof(get_separate), 0, 0x49, IOT_ERR_INPUT,
             IOT_COAP_ERR_BAD_TKL),
        MUT1("tkl 15", get_separate, sizeof(get_separate), 0, 0x4f, IOT_ERR_INPUT,
             IOT_COAP_ERR_BAD_TKL),
        MUT1("token cut", get_separate, 5, -1, 0, IOT_ERR_INPUT, IOT_COAP_ERR_TRUNC),
        /* tkl 8 takes "\x07\x90\xb8sepa" as the token; "te" then reads as options 6 and 12, the
         * second 5 bytes long with 4 left. */
        MUT1("tkl 8 shifts options", get_separate, sizeof(get_separate), 0, 0x48, IOT_ERR_INPUT,
             IOT_COAP_ERR_OPT_TRUNC),
        MUT1("path one short", get_separate, 14, -1, 0, IOT_ERR_INPUT, IOT_COAP_ERR_OPT_TRUNC),
        /* The path swallows the Content-Format byte; what follows still frames. */
        MUT1("path length +1", get_separate, sizeof(get_separate), 6, 0xb9, IOT_OK, 0),
        MUT1("size1 length +1", get_separate, sizeof(get_separate), 16, 0xd2, IOT_ERR_INPUT,
             IOT_COAP_ERR_OPT_TRUNC),
        /* The path leaves its last byte 'e' (0x65), read as a 5-byte option with 4 left. */
        MUT1("path length -1", get_separate, sizeof(get_separate), 6, 0xb7, IOT_ERR_INPUT,
             IOT_COAP_ERR_OPT_TRUNC),
        MUT1("ext delta cut", get_separate, 17, -1, 0, IOT_ERR_INPUT, IOT_COAP_ERR_OPT_TRUNC),
        MUT1("ext value cut", get_separate, 18, -1, 0, IOT_ERR_INPUT, IOT_COAP_ERR_OPT_TRUNC),
        MUT1("whole", get_separate, sizeof(get_separate), -1, 0, IOT_OK, 0),
        MUT1("delta 15", get_separate, sizeof(get_separate), 6, 0xf8, IOT_ERR_INPUT,
             IOT_COAP_ERR_OPT_RESERVED),
        MUT1("length 15", get_separate, sizeof(get_separate), 6, 0xbf, IOT_ERR_INPUT,
             IOT_COAP_ERR_OPT_RESERVED),
        MUT1("marker, no payload", post_storage, 13, -1, 0, IOT_ERR_INPUT,
             IOT_COAP_ERR_EMPTY_PAYLOAD),
        MUT1("one payload byte", post_storage, 14, -1, 0, IOT_OK, 0),
        MUT1("205 one short", rfc_wkc_205, sizeof(rfc_wkc_205) - 1, -1, 0, IOT_OK, 0),
        MUT1("cf length cut", rfc_wkc_205, 7, -1, 0, IOT_ERR_INPUT, IOT_COAP_ERR_OPT_TRUNC),
        MUT1("host length cut", rfc_wkc_query, 5, -1, 0, IOT_ERR_INPUT, IOT_COAP_ERR_OPT_TRUNC),
    };
    mut_check_cases(cases, sizeof(cases) / sizeof(cases[0]), twin_parse, twin_error_name);
}

/* What accepted twins still say: a cut link-format payload is flagged, not fatal. */
static void test_twin_fields(void **state)
{
    (void)state;
    struct iot_coap_info i;

    assert_int_equal(run(rfc_wkc_205, sizeof(rfc_wkc_205) - 1, &i), IOT_OK);
    assert_true(i.has_links);
    assert_true(i.links_malformed); /* the last quoted string lost its closing quote */
    assert_int_equal(i.link_count, 2);
    assert_false(i.links[1].has_if);
    /* Cut inside the second target: one link, then malformed. */
    assert_int_equal(run(rfc_wkc_205, 9 + 30, &i), IOT_OK);
    assert_int_equal(i.link_count, 1);
    assert_true(i.links_malformed);
    assert_int_equal(run(post_storage, 14, &i), IOT_OK);
    assert_int_equal(i.payload_len, 1);
}

static void test_garbage(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct iot_coap_info i;

    memset(buf, 0xff, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_COAP_ERR_BAD_VERSION);
    memset(buf, 0, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_COAP_ERR_BAD_VERSION);
    /* Version 1, tkl 0, code 1, then 0xee bytes: option nibbles 14 with 2-byte extensions. */
    memset(buf, 0xee, sizeof(buf));
    buf[0] = 0x40;
    buf[1] = 0x01;
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    /* A rejected TKL is not stored: the token array never looks longer than it is. */
    memcpy(buf, get_separate, sizeof(get_separate));
    buf[0] = 0x4c;
    assert_int_equal(run(buf, sizeof(get_separate), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_COAP_ERR_BAD_TKL);
    assert_int_equal(i.token_len, 0);
    assert_int_equal(iot_coap_parse(NULL, 0, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_COAP_ERR_TRUNC);
    assert_int_equal(iot_coap_parse(empty_ack, sizeof(empty_ack), NULL), IOT_ERR_USAGE);
}

/* Synthetic option lists after a fixed header (CON GET, no token). */
static size_t synth(uint8_t *buf, size_t cap, const uint8_t *opts, size_t n)
{
    static const uint8_t hdr[] = {0x40, 0x01, 0x00, 0x01};
    assert_true(sizeof(hdr) + n <= cap);
    memcpy(buf, hdr, sizeof(hdr));
    memcpy(buf + sizeof(hdr), opts, n);
    return sizeof(hdr) + n;
}

static void test_option_forms(void **state)
{
    (void)state;
    uint8_t opts[1024], buf[1100];
    size_t n = 0;
    struct iot_coap_info i;

    /* Delta 14 form: 269 + 0xfef2 = 65535, the largest option number, length 0. */
    static const uint8_t max_num[] = {0xe0, 0xfe, 0xf2};
    assert_int_equal(run(buf, synth(buf, sizeof(buf), max_num, sizeof(max_num)), &i), IOT_OK);
    assert_int_equal(i.opt_count, 1);
    /* One more and the number passes 65535. */
    static const uint8_t over[] = {0xe0, 0xfe, 0xf3};
    assert_int_equal(run(buf, synth(buf, sizeof(buf), over, sizeof(over)), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_COAP_ERR_OPT_NUMBER);
    /* Two deltas that add up past 65535. */
    static const uint8_t sum[] = {0xe0, 0x80, 0x00, 0xe0, 0x80, 0x00};
    assert_int_equal(run(buf, synth(buf, sizeof(buf), sum, sizeof(sum)), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_COAP_ERR_OPT_NUMBER);
    /* A 2-byte extended length cut after its first byte. */
    static const uint8_t len_cut[] = {0xbe, 0x00};
    assert_int_equal(run(buf, synth(buf, sizeof(buf), len_cut, sizeof(len_cut)), &i),
                     IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_COAP_ERR_OPT_TRUNC);

    /* Uri-Path of 300 bytes (length form 14: 269 + 31) and a 3-byte Content-Format, which is
     * ignored. */
    opts[n++] = 0xbe;
    opts[n++] = 0x00;
    opts[n++] = 31;
    memset(opts + n, 'p', 300);
    n += 300;
    opts[n++] = 0x13;
    opts[n++] = 0;
    opts[n++] = 0;
    opts[n++] = 40;
    assert_int_equal(run(buf, synth(buf, sizeof(buf), opts, n), &i), IOT_OK);
    assert_int_equal(i.uri_path_len, 301);
    assert_false(i.uri_path_truncated);
    assert_false(i.has_content_format);
    /* Two more 300-byte segments overflow the 512-byte path. */
    n = 0;
    for (int k = 0; k < 3; k++) {
        opts[n++] = k == 0 ? 0xbe : 0x0e;
        opts[n++] = 0x00;
        opts[n++] = 31;
        memset(opts + n, 'a' + k, 300);
        n += 300;
    }
    assert_int_equal(run(buf, synth(buf, sizeof(buf), opts, n), &i), IOT_OK);
    assert_true(i.uri_path_truncated);
    assert_int_equal(i.uri_path_len, IOT_COAP_URI_MAX - 1);
    assert_int_equal(i.uri_path[IOT_COAP_URI_MAX - 1], '\0');
    assert_int_equal(i.uri_path_segments, 3);
    assert_false(i.is_discovery);
}

/* More than IOT_MAX_COAP_OPTIONS options: the parse stops at the cap and skips the payload. */
static void test_option_cap(void **state)
{
    (void)state;
    uint8_t opts[200], buf[256];
    size_t n = 0;
    struct iot_coap_info i;

    for (int k = 0; k < 100; k++)
        opts[n++] = 0xb0; /* empty Uri-Path segments: delta 11 then 0 */
    for (int k = 1; k < 100; k++)
        opts[k] = 0x00;
    opts[n++] = 0xff;
    opts[n++] = 'x';
    assert_int_equal(run(buf, synth(buf, sizeof(buf), opts, n), &i), IOT_OK);
    assert_int_equal(i.opt_count, IOT_MAX_COAP_OPTIONS);
    assert_true(i.options_truncated);
    assert_int_equal(i.uri_path_segments, IOT_MAX_COAP_OPTIONS);
    assert_int_equal(i.payload_len, 0);
    /* Exactly the cap, then the payload. */
    n = IOT_MAX_COAP_OPTIONS;
    opts[n++] = 0xff;
    opts[n++] = 'x';
    assert_int_equal(run(buf, synth(buf, sizeof(buf), opts, n), &i), IOT_OK);
    assert_false(i.options_truncated);
    assert_int_equal(i.payload_len, 1);
}

/* Link-format payloads in a 2.05 with Content-Format 40: rows that differ only in payload. */
struct link_case {
    const char *name;
    const char *payload;
    uint16_t links;
    bool malformed, truncated;
    const char *target0, *rt0, *if0;
};

static void test_link_table(void **state)
{
    (void)state;
    const struct link_case cases[] = {
        {"one bare", "</a>", 1, false, false, "/a", NULL, NULL},
        {"flag param", "</a>;obs;rt=x", 1, false, false, "/a", "x", NULL},
        {"token values", "</a>;rt=temp;if=core.s", 1, false, false, "/a", "temp", "core.s"},
        {"first rt kept", "</a>;rt=\"one\";rt=\"two\"", 1, false, false, "/a", "one", NULL},
        {"escaped quote", "</a>;rt=\"a\\\"b\"", 1, false, false, "/a", "a\\\"b", NULL},
        {"crlf between", "</a>,\r\n</b>", 2, false, false, "/a", NULL, NULL},
        {"empty value", "</a>;rt=", 1, false, false, "/a", "", NULL},
        {"rtx is not rt", "</a>;rtx=1;r=2", 1, false, false, "/a", NULL, NULL},
        {"no angle", "/a", 0, true, false, NULL, NULL, NULL},
        {"unclosed target", "</a", 0, true, false, NULL, NULL, NULL},
        {"junk after target", "</a>x", 1, true, false, "/a", NULL, NULL},
        {"empty param name", "</a>;=x", 1, true, false, "/a", NULL, NULL},
        {"unclosed quote", "</a>;rt=\"abc", 1, true, false, "/a", NULL, NULL},
        {"trailing backslash", "</a>;rt=\"ab\\", 1, true, false, "/a", NULL, NULL},
        {"trailing comma", "</a>,", 1, true, false, "/a", NULL, NULL},
        {"empty target", "<>", 1, false, false, "", NULL, NULL},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct link_case *c = &cases[k];
        uint8_t buf[256] = {0x60, 0x45, 0x00, 0x01, 0xc1, 0x28, 0xff};
        size_t pl = strlen(c->payload);
        struct iot_coap_info i;
        memcpy(buf + 7, c->payload, pl);
        if (run(buf, 7 + pl, &i) != IOT_OK)
            fail_msg("%s: rejected", c->name);
        if (!i.has_links || i.link_count != c->links || i.links_malformed != c->malformed ||
            i.links_truncated != c->truncated)
            fail_msg("%s: links %u malformed %d truncated %d", c->name, i.link_count,
                     i.links_malformed, i.links_truncated);
        if (c->target0 != NULL && strcmp(i.links[0].target, c->target0) != 0)
            fail_msg("%s: target \"%s\"", c->name, i.links[0].target);
        if (c->links > 0 && (i.links[0].has_rt != (c->rt0 != NULL) ||
                             (c->rt0 != NULL && strcmp(i.links[0].rt, c->rt0) != 0)))
            fail_msg("%s: rt \"%s\"", c->name, i.links[0].rt);
        if (c->links > 0 && (i.links[0].has_if != (c->if0 != NULL) ||
                             (c->if0 != NULL && strcmp(i.links[0].ifd, c->if0) != 0)))
            fail_msg("%s: if \"%s\"", c->name, i.links[0].ifd);
    }
}

/* Caps: more links than IOT_MAX_COAP_LINKS, more parameters than IOT_MAX_COAP_LINK_PARAMS, and
 * a target longer than its array. */
static void test_link_caps(void **state)
{
    (void)state;
    uint8_t buf[2048] = {0x60, 0x45, 0x00, 0x01, 0xc1, 0x28, 0xff};
    size_t n = 7;
    struct iot_coap_info i;

    for (int k = 0; k < IOT_MAX_COAP_LINKS + 5; k++) {
        memcpy(buf + n, "</x>,", 5);
        n += 5;
    }
    memcpy(buf + n, "</y>", 4);
    n += 4;
    assert_int_equal(run(buf, n, &i), IOT_OK);
    assert_int_equal(i.link_count, IOT_MAX_COAP_LINKS);
    assert_true(i.links_truncated);
    assert_false(i.links_malformed);

    n = 7;
    memcpy(buf + n, "</p>", 4);
    n += 4;
    for (int k = 0; k < IOT_MAX_COAP_LINK_PARAMS + 1; k++) {
        memcpy(buf + n, ";ct=0", 5);
        n += 5;
    }
    assert_int_equal(run(buf, n, &i), IOT_OK);
    assert_int_equal(i.link_count, 1);
    assert_true(i.links_truncated);
    /* Exactly the cap, then a second link. */
    n -= 5;
    memcpy(buf + n, ",</q>", 5);
    n += 5;
    assert_int_equal(run(buf, n, &i), IOT_OK);
    assert_int_equal(i.link_count, 2);
    assert_false(i.links_truncated);

    n = 7;
    buf[n++] = '<';
    memset(buf + n, 't', 300);
    n += 300;
    memcpy(buf + n, ">;rt=\"", 6);
    n += 6;
    memset(buf + n, 'r', 200);
    n += 200;
    buf[n++] = '"';
    assert_int_equal(run(buf, n, &i), IOT_OK);
    assert_int_equal(i.link_count, 1);
    assert_true(i.links[0].target_truncated);
    assert_int_equal(i.links[0].target_len, IOT_COAP_LINK_STR_MAX - 1);
    assert_true(i.links[0].rt_truncated);
    assert_int_equal(i.links[0].rt[IOT_COAP_LINK_STR_MAX - 1], '\0');
    assert_false(i.links_malformed);
}

/* Link format is parsed only for a 2.05 with Content-Format 40 or a discovery GET payload. */
static void test_link_gating(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct iot_coap_info i;

    memcpy(buf, rfc_wkc_205, sizeof(rfc_wkc_205) < 40 ? sizeof(rfc_wkc_205) : 40);
    buf[7] = 0; /* Content-Format 0: text/plain */
    assert_int_equal(run(buf, 40, &i), IOT_OK);
    assert_false(i.has_links);
    memcpy(buf, rfc_wkc_205, 40);
    buf[1] = IOT_COAP_CODE(2, 4); /* 2.04 Changed */
    assert_int_equal(run(buf, 40, &i), IOT_OK);
    assert_false(i.has_links);
    /* 2.05, Content-Format 40 and no payload: an empty list. */
    assert_int_equal(run(rfc_wkc_205, 8, &i), IOT_OK);
    assert_true(i.has_links);
    assert_int_equal(i.link_count, 0);
    assert_false(i.links_malformed);
    /* A discovery GET carrying a payload gets it read. */
    memcpy(buf, rfc_wkc_get, sizeof(rfc_wkc_get));
    memcpy(buf + sizeof(rfc_wkc_get), "\xff</z>", 5);
    assert_int_equal(run(buf, sizeof(rfc_wkc_get) + 5, &i), IOT_OK);
    assert_true(i.is_discovery);
    assert_int_equal(i.link_count, 1);
    assert_string_equal(i.links[0].target, "/z");
}

static void test_error_names(void **state)
{
    (void)state;
    assert_string_equal(iot_coap_error_name(IOT_COAP_ERR_NONE), "app.coap.none");
    assert_string_equal(iot_coap_error_name(IOT_COAP_ERR_BAD_TKL), "app.coap.bad_tkl");
    assert_string_equal(iot_coap_error_name(IOT_COAP_ERR_OPT_RESERVED), "app.coap.opt_reserved");
    assert_string_equal(iot_coap_error_name(IOT_COAP_ERR_MAX), "app.coap.unknown");
    for (int e = 0; e < IOT_COAP_ERR_MAX; e++)
        assert_non_null(iot_coap_error_name((enum iot_coap_error)e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_old_draft),
        cmocka_unit_test(test_get_separate),
        cmocka_unit_test(test_empty_ack),
        cmocka_unit_test(test_payloads),
        cmocka_unit_test(test_discovery_request),
        cmocka_unit_test(test_link_format),
        cmocka_unit_test(test_twins),
        cmocka_unit_test(test_twin_fields),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_option_forms),
        cmocka_unit_test(test_option_cap),
        cmocka_unit_test(test_link_table),
        cmocka_unit_test(test_link_caps),
        cmocka_unit_test(test_link_gating),
        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
