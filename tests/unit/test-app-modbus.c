/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Modbus/TCP parser: real captures with exact field values, the specification's Read Device
 * Identification example built by hand, their negative twins (short, length off by one, zero
 * length, garbage) and synthetic edge cases (several ADUs, caps, object overruns). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "app/app-modbus.h"
#include "util/limits.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* suricata-verify/modbus/modbus.pcap packet 32 (also arkime-tests/modbus.pcap packet 32): Read
 * Device Identification request, unit 10, read device id code 3 (extended), object 1. */
static const uint8_t devid_req[] = {
    0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x0a, 0x2b, 0x0e, 0x03, 0x01, 0x00,
};

/* suricata-verify/modbus/modbus.pcap packet 9: exception 0x88 (Diagnostics), code 0x0b. */
static const uint8_t exc_diag[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x0a, 0x88, 0x0b,
};

/* suricata-verify/modbus/modbus.pcap packet 41: Report Server ID (17) response, "Wingpath
 * Limited". */
static const uint8_t report_id[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x15, 0x0a, 0x11, 0x12, 0x00, 0xff, 0x57, 0x69, 0x6e,
    0x67, 0x70, 0x61, 0x74, 0x68, 0x20, 0x4c, 0x69, 0x6d, 0x69, 0x74, 0x65, 0x64,
};

/* suricata-verify/modbus/modbus.pcap packet 76, first 32 of 451 bytes: MBAP length 0x8804. */
static const uint8_t bad_len[] = {
    0x00, 0x01, 0x00, 0x00, 0x88, 0x04, 0x05, 0x07, 0x08, 0x09, 0x10, 0x00, 0x01, 0x00, 0x00, 0x88,
    0x04, 0x05, 0x07, 0x08, 0x09, 0x10, 0x00, 0x01, 0x00, 0x00, 0x88, 0x04, 0x05, 0x07, 0x08, 0x09,
};

/* arkime-tests/modbus.pcap packet 232: exception 0xa9 (function 41), code 1. */
static const uint8_t exc_41[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01, 0xa9, 0x01,
};

/* ndpi-tests/pcap/modbus.pcap packet 2: Read Holding Registers (3) response, unit 1. */
static const uint8_t rhr_resp[] = {
    0x00, 0xd1, 0x00, 0x00, 0x00, 0x05, 0x01, 0x03, 0x02, 0x00, 0x00,
};

/* zeek-traces/modbus/4SICS-GeekLounge-151022-min.pcap packet 1: function 0x17 with the
 * largest legal length, 254. */
static const uint8_t rw_254[] = {
    0x00, 0x0b, 0x00, 0x00, 0x00, 0xfe, 0x01, 0x17, 0x00, 0x00, 0x00, 0x00, 0x00, 0xdf, 0x21, 0x12,
    0xbf, 0xcf, 0xed, 0x0e, 0x80, 0x29, 0x7f, 0x6f, 0x51, 0x2d, 0x12, 0xc5, 0xe1, 0xc2, 0xe7, 0x00,
    0xb1, 0xa6, 0x20, 0x1b, 0x5c, 0x0f, 0x61, 0x67, 0xbe, 0x64, 0x0a, 0x67, 0x55, 0x32, 0xa0, 0xd9,
    0xb2, 0x89, 0x88, 0xaa, 0x85, 0x06, 0xf4, 0x24, 0xcc, 0x20, 0xd7, 0x21, 0x25, 0x2c, 0xe6, 0xfc,
    0x1d, 0xa4, 0x96, 0xf4, 0xbf, 0x06, 0xb6, 0xaf, 0x6d, 0x85, 0x4f, 0x1c, 0x1e, 0x18, 0x19, 0x1e,
    0x8d, 0x38, 0x13, 0x57, 0x39, 0x3d, 0x7a, 0xaa, 0xb2, 0xfb, 0x4e, 0x3b, 0x37, 0x40, 0x42, 0x92,
    0x7d, 0x0e, 0x49, 0xb1, 0x9c, 0xac, 0x1a, 0xab, 0xd3, 0xd9, 0x3c, 0x00, 0xb7, 0xd8, 0x05, 0xb4,
    0x07, 0xb9, 0x93, 0xec, 0x19, 0x8f, 0xc2, 0xdf, 0x2a, 0xeb, 0x42, 0xc3, 0xb7, 0x7a, 0x77, 0x2d,
    0x43, 0xbd, 0x9f, 0x10, 0xce, 0x68, 0x82, 0xe0, 0x1e, 0x67, 0x83, 0x60, 0x00, 0x7a, 0xf3, 0xd9,
    0xf6, 0x9a, 0x34, 0x7e, 0xac, 0x56, 0x78, 0xed, 0x4b, 0x6a, 0x86, 0xb0, 0x6a, 0x57, 0xf4, 0x58,
    0x62, 0x0f, 0xbd, 0xf9, 0x39, 0xf4, 0xe5, 0x9e, 0x36, 0xb3, 0xcd, 0xb1, 0x0b, 0x61, 0xdf, 0xaf,
    0xf7, 0x68, 0xcc, 0x1c, 0x46, 0xf8, 0x81, 0xec, 0x44, 0xb1, 0xc4, 0x64, 0xe1, 0xd1, 0x76, 0xc6,
    0x73, 0x2b, 0xfd, 0xf1, 0xbd, 0xf9, 0xa0, 0x01, 0xb4, 0x95, 0x48, 0xf9, 0x88, 0xc7, 0xe2, 0xe9,
    0x8a, 0xd7, 0xb8, 0x01, 0x8a, 0xd7, 0x11, 0x6a, 0x8e, 0xd0, 0xb5, 0x87, 0x2f, 0x81, 0xbc, 0x64,
    0x3c, 0x06, 0x3e, 0xe0, 0x64, 0xed, 0xf2, 0xfd, 0xc7, 0xca, 0x68, 0xb1, 0xaf, 0x88, 0x64, 0x7d,
    0xce, 0xda, 0xd9, 0x0a, 0x18, 0x75, 0x3c, 0x9b, 0x19, 0x93, 0x63, 0xed, 0x44, 0x18, 0xd1, 0x32,
    0xd9, 0xe3, 0xbc, 0x81,
};

/* zeek-traces/modbus/modbus-and-non-modbus-p502.pcap packet 49, first 16 bytes: a TLS
 * ClientHello on port 502. */
static const uint8_t tls_502[] = {
    0x16, 0x03, 0x01, 0x00, 0x85, 0x01, 0x00, 0x00, 0x81, 0x03, 0x03, 0x73, 0x6f, 0xf8, 0x18, 0x54,
};

/* zeek-traces/modbus/modbus-and-non-modbus-p502.pcap packet 65, first 16 bytes: an HTTP
 * GET on port 502. */
static const uint8_t http_502[] = {
    0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e, 0x31, 0x0d, 0x0a,
};

/* Hand-built (no capture here holds a 43/14 response): the Read Device Identification
 * response example of the Modbus Application Protocol Specification V1.1b3, 6.21 (basic
 * stream, conformity level 1, objects 0-2), after an MBAP header (transaction 5, unit 10).
 * The object lengths are the real string lengths (22, 15, 5). */
static const uint8_t spec_devid_resp[] = {
    0x00, 0x05, 0x00, 0x00, 0x00, 0x38, 0x0a, 0x2b, 0x0e, 0x01, 0x01, 0x00, 0x00, 0x03, 0x00, 0x16,
    0x43, 0x6f, 0x6d, 0x70, 0x61, 0x6e, 0x79, 0x20, 0x69, 0x64, 0x65, 0x6e, 0x74, 0x69, 0x66, 0x69,
    0x63, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x01, 0x0f, 0x50, 0x72, 0x6f, 0x64, 0x75, 0x63, 0x74, 0x20,
    0x63, 0x6f, 0x64, 0x65, 0x20, 0x58, 0x58, 0x02, 0x05, 0x56, 0x32, 0x2e, 0x31, 0x31,
};

/* Hand-built: a regular-stream response (code 2, conformity 0x82, more follows, next object
 * 0x81) with objects 3-6 and a private object 0x80. */
static const uint8_t regular_devid_resp[] = {
    0x12, 0x34, 0x00, 0x00, 0x00, 0x35, 0x01, 0x2b, 0x0e, 0x02, 0x82, 0xff, 0x81, 0x05, 0x03,
    0x12, 0x68, 0x74, 0x74, 0x70, 0x3a, 0x2f, 0x2f, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
    0x2e, 0x63, 0x6f, 0x6d, 0x04, 0x05, 0x50, 0x4c, 0x43, 0x2d, 0x39, 0x05, 0x02, 0x4d, 0x39,
    0x06, 0x08, 0x70, 0x75, 0x6d, 0x70, 0x20, 0x63, 0x74, 0x6c, 0x80, 0x02, 0x01, 0x02,
};

/* Runs the parser on an exactly sized heap copy, so a read past the end trips ASan. */
static int run(const uint8_t *b, size_t n, struct iot_modbus_info *info)
{
    uint8_t *copy = tu_exact_copy(b, n);
    assert_non_null(copy);
    int rc = iot_modbus_parse(copy, n, info);
    free(copy);
    /* The error field agrees with the return code whatever happened. */
    if (rc == IOT_OK)
        assert_int_equal(info->error, IOT_MODBUS_ERR_NONE);
    else
        assert_int_not_equal(info->error, IOT_MODBUS_ERR_NONE);
    return rc;
}

static void test_devid_request(void **state)
{
    (void)state;
    struct iot_modbus_info i;

    assert_int_equal(run(devid_req, sizeof(devid_req), &i), IOT_OK);
    assert_int_equal(i.transaction_id, 1);
    assert_int_equal(i.protocol_id, 0);
    assert_int_equal(i.length, 6);
    assert_int_equal(i.unit_id, 10);
    assert_int_equal(i.function_code, IOT_MODBUS_FC_MEI);
    assert_int_equal(i.function, 43);
    assert_false(i.is_exception);
    assert_true(i.has_mei);
    assert_int_equal(i.mei_type, IOT_MODBUS_MEI_DEVICE_ID);
    assert_true(i.is_devid_request);
    assert_false(i.is_devid_response);
    assert_int_equal(i.req_device_id_code, 3);
    assert_int_equal(i.req_object_id, 1);
    assert_int_equal(i.adu_count, 1);
    assert_false(i.trailing_partial);
}

static void test_spec_devid_response(void **state)
{
    (void)state;
    struct iot_modbus_info i;

    assert_int_equal(run(spec_devid_resp, sizeof(spec_devid_resp), &i), IOT_OK);
    assert_int_equal(i.transaction_id, 5);
    assert_int_equal(i.unit_id, 10);
    assert_true(i.is_devid_response);
    assert_false(i.is_devid_request);
    assert_int_equal(i.device_id_code, 1);
    assert_int_equal(i.conformity_level, 1);
    assert_int_equal(i.more_follows, 0);
    assert_int_equal(i.next_object_id, 0);
    assert_int_equal(i.num_objects, 3);
    assert_int_equal(i.objects_read, 3);
    assert_true(i.obj[IOT_MODBUS_OBJ_VENDOR_NAME].present);
    assert_string_equal(i.obj[IOT_MODBUS_OBJ_VENDOR_NAME].value, "Company identification");
    assert_int_equal(i.obj[IOT_MODBUS_OBJ_VENDOR_NAME].len, 22);
    assert_string_equal(i.obj[IOT_MODBUS_OBJ_PRODUCT_CODE].value, "Product code XX");
    assert_string_equal(i.obj[IOT_MODBUS_OBJ_REVISION].value, "V2.11");
    assert_false(i.obj[IOT_MODBUS_OBJ_VENDOR_URL].present);
    assert_int_equal(i.other_objects, 0);
    assert_false(i.obj_repeated);
}

static void test_regular_devid_response(void **state)
{
    (void)state;
    struct iot_modbus_info i;

    assert_int_equal(run(regular_devid_resp, sizeof(regular_devid_resp), &i), IOT_OK);
    assert_int_equal(i.device_id_code, 2);
    assert_int_equal(i.conformity_level, 0x82);
    assert_int_equal(i.more_follows, 0xff);
    assert_int_equal(i.next_object_id, 0x81);
    assert_int_equal(i.objects_read, 5);
    assert_int_equal(i.other_objects, 1);
    assert_false(i.obj[IOT_MODBUS_OBJ_VENDOR_NAME].present);
    assert_string_equal(i.obj[IOT_MODBUS_OBJ_VENDOR_URL].value, "http://example.com");
    assert_string_equal(i.obj[IOT_MODBUS_OBJ_PRODUCT_NAME].value, "PLC-9");
    assert_string_equal(i.obj[IOT_MODBUS_OBJ_MODEL_NAME].value, "M9");
    assert_string_equal(i.obj[IOT_MODBUS_OBJ_USER_APP_NAME].value, "pump ctl");
}

static void test_exceptions(void **state)
{
    (void)state;
    struct iot_modbus_info i;

    assert_int_equal(run(exc_diag, sizeof(exc_diag), &i), IOT_OK);
    assert_true(i.is_exception);
    assert_int_equal(i.function_code, 0x88);
    assert_int_equal(i.function, 8);
    assert_int_equal(i.exception_code, 0x0b);
    assert_int_equal(i.unit_id, 10);

    assert_int_equal(run(exc_41, sizeof(exc_41), &i), IOT_OK);
    assert_true(i.is_exception);
    assert_int_equal(i.function, 41);
    assert_int_equal(i.exception_code, 1);
    assert_int_equal(i.unit_id, 1);
}

static void test_other_functions(void **state)
{
    (void)state;
    struct iot_modbus_info i;

    assert_int_equal(run(report_id, sizeof(report_id), &i), IOT_OK);
    assert_int_equal(i.function_code, 17);
    assert_int_equal(i.length, 0x15);
    assert_false(i.has_mei);

    assert_int_equal(run(rhr_resp, sizeof(rhr_resp), &i), IOT_OK);
    assert_int_equal(i.transaction_id, 0xd1);
    assert_int_equal(i.function_code, 3);
    assert_int_equal(i.unit_id, 1);

    assert_int_equal(run(rw_254, sizeof(rw_254), &i), IOT_OK);
    assert_int_equal(i.length, 254);
    assert_int_equal(i.function_code, 0x17);
    assert_int_equal(i.transaction_id, 0x0b);
}

static void test_not_modbus(void **state)
{
    (void)state;
    struct iot_modbus_info i;

    assert_int_equal(run(bad_len, sizeof(bad_len), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_MODBUS_ERR_BAD_LEN);
    assert_int_equal(run(tls_502, sizeof(tls_502), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_MODBUS_ERR_BAD_PROTO);
    assert_int_equal(run(http_502, sizeof(http_502), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_MODBUS_ERR_BAD_PROTO);
}

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    struct iot_modbus_info i;
    int rc = run(b, n, &i);
    *err = (int)i.error;
    return rc;
}

static const char *twin_error_name(int err)
{
    return iot_modbus_error_name((enum iot_modbus_error)err);
}

/* A twin with one byte patched (o < 0: none). */
#define MUT1(nm, b, l, o, v, r, e) MUT(nm, b, l, o, v, -1, 0, r, e)

/* Negative twins: rows that differ only in length and one byte. */
static void test_twins(void **state)
{
    (void)state;
    const size_t sr = sizeof(spec_devid_resp);
    const struct mut_case cases[] = {
        MUT1("zero length", devid_req, 0, -1, 0, IOT_ERR_INPUT, IOT_MODBUS_ERR_TRUNC),
        MUT1("header only", devid_req, 7, -1, 0, IOT_ERR_INPUT, IOT_MODBUS_ERR_ADU_TRUNC),
        MUT1("6 bytes", devid_req, 6, -1, 0, IOT_ERR_INPUT, IOT_MODBUS_ERR_TRUNC),
        MUT1("request one short", devid_req, sizeof(devid_req) - 1, -1, 0, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_ADU_TRUNC),
        MUT1("request length +1", devid_req, sizeof(devid_req), 5, 7, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_ADU_TRUNC),
        /* The capture's request has one padding byte; without it, it is the spec's 4 bytes. */
        MUT1("request length -1", devid_req, sizeof(devid_req) - 1, 5, 5, IOT_OK, 0),
        MUT1("request length -3", devid_req, sizeof(devid_req) - 3, 5, 3, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_DEVID_LEN),
        MUT1("length 0", devid_req, sizeof(devid_req), 5, 0, IOT_ERR_INPUT, IOT_MODBUS_ERR_BAD_LEN),
        MUT1("length 1", devid_req, sizeof(devid_req), 5, 1, IOT_ERR_INPUT, IOT_MODBUS_ERR_BAD_LEN),
        MUT1("length 255", rw_254, sizeof(rw_254), 5, 0xff, IOT_ERR_INPUT, IOT_MODBUS_ERR_BAD_LEN),
        MUT1("length 254 one short", rw_254, sizeof(rw_254) - 1, -1, 0, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_ADU_TRUNC),
        MUT1("protocol 1", devid_req, sizeof(devid_req), 3, 1, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_BAD_PROTO),
        MUT1("mei 13", devid_req, sizeof(devid_req), 8, 13, IOT_OK, 0),
        MUT1("exception no code", exc_diag, 8, 5, 2, IOT_ERR_INPUT, IOT_MODBUS_ERR_EXC_TRUNC),
        MUT1("mei missing", devid_req, 8, 5, 2, IOT_ERR_INPUT, IOT_MODBUS_ERR_MEI_TRUNC),
        MUT1("response whole", spec_devid_resp, sr, -1, 0, IOT_OK, 0),
        MUT1("response one short", spec_devid_resp, sr - 1, -1, 0, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_ADU_TRUNC),
        MUT1("response length -1", spec_devid_resp, sr, 5, 0x37, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_OBJ_OVERRUN),
        MUT1("response length +1", spec_devid_resp, sr + 1, 5, 0x39, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_OBJ_COUNT),
        MUT1("object 2 length +1", spec_devid_resp, sr, 56, 6, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_OBJ_OVERRUN),
        MUT1("object 2 length -1", spec_devid_resp, sr, 56, 4, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_OBJ_COUNT),
        MUT1("objects 4", spec_devid_resp, sr, 13, 4, IOT_ERR_INPUT, IOT_MODBUS_ERR_OBJ_COUNT),
        MUT1("objects 2", spec_devid_resp, sr, 13, 2, IOT_ERR_INPUT, IOT_MODBUS_ERR_OBJ_COUNT),
        MUT1("object 0 length 255", spec_devid_resp, sr, 15, 0xff, IOT_ERR_INPUT,
             IOT_MODBUS_ERR_OBJ_OVERRUN),
    };
    mut_check_cases(cases, sizeof(cases) / sizeof(cases[0]), twin_parse, twin_error_name);
}

/* After the MEI type: 0-1 bytes is too short, 2-4 a request (3-4 padded), 5 a response. */
static void test_devid_lengths(void **state)
{
    (void)state;
    struct iot_modbus_info i;
    uint8_t buf[16] = {0, 1, 0, 0, 0, 6, 1, 0x2b, 0x0e, 1, 0, 0, 0, 0};

    for (uint8_t extra = 0; extra <= 5; extra++) {
        size_t n = 9 + extra;
        buf[5] = (uint8_t)(3 + extra);
        int rc = run(buf, n, &i);
        if (extra < 2) {
            assert_int_equal(rc, IOT_ERR_INPUT);
            assert_int_equal(i.error, IOT_MODBUS_ERR_DEVID_LEN);
        } else {
            assert_int_equal(rc, IOT_OK);
            assert_int_equal(i.is_devid_request, extra < 5);
            assert_int_equal(i.is_devid_response, extra == 5);
        }
    }
    /* A response with no objects. */
    buf[5] = 8;
    assert_int_equal(run(buf, 14, &i), IOT_OK);
    assert_true(i.is_devid_response);
    assert_int_equal(i.num_objects, 0);
    /* The exception of function 43: 0xab with its code, no MEI type. */
    static const uint8_t exc43[] = {0, 1, 0, 0, 0, 3, 1, 0xab, 0x02};
    assert_int_equal(run(exc43, sizeof(exc43), &i), IOT_OK);
    assert_true(i.is_exception);
    assert_int_equal(i.function, 43);
    assert_int_equal(i.exception_code, 2);
    assert_false(i.has_mei);
}

/* A repeated object keeps the first value; an empty value is present with length 0. */
static void test_objects(void **state)
{
    (void)state;
    struct iot_modbus_info i;
    static const uint8_t rep[] = {0, 1, 0, 0, 0,   17,  1, 0x2b, 0x0e, 4, 1, 0,
                                  0, 3, 0, 2, 'a', 'b', 0, 1,    'c',  1, 0};

    assert_int_equal(run(rep, sizeof(rep), &i), IOT_OK);
    assert_true(i.obj_repeated);
    assert_string_equal(i.obj[0].value, "ab");
    assert_true(i.obj[1].present);
    assert_int_equal(i.obj[1].len, 0);
    assert_int_equal(i.objects_read, 3);
}

/* 128 empty private objects then more: the walk stops at IOT_MAX_MODBUS_OBJECTS. */
static void test_object_cap(void **state)
{
    (void)state;
    uint8_t buf[7 + 7 + 2 * 130];
    size_t n = 0;
    struct iot_modbus_info i;
    static const uint8_t head[] = {0, 1, 0, 0, 0, 0, 1, 0x2b, 0x0e, 1, 1, 0, 0, 125};

    /* The 254-byte length limit allows 123 two-byte objects; ask for 125 and give 123. */
    memcpy(buf, head, sizeof(head));
    n = sizeof(head);
    for (int k = 0; k < 123; k++) {
        buf[n++] = 0x90;
        buf[n++] = 0;
    }
    buf[5] = (uint8_t)(n - 6);
    assert_int_equal(run(buf, n, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_MODBUS_ERR_OBJ_COUNT);
    buf[13] = 123;
    assert_int_equal(run(buf, n, &i), IOT_OK);
    assert_int_equal(i.objects_read, 123);
    assert_int_equal(i.other_objects, 123);
    assert_false(i.objects_truncated);
    _Static_assert(IOT_MAX_MODBUS_OBJECTS > 123, "no legal response reaches the object cap");
}

/* Several ADUs in one buffer: counted, and a cut or foreign tail flagged. */
static void test_adus(void **state)
{
    (void)state;
    uint8_t buf[12 * 80];
    size_t n = 0;
    struct iot_modbus_info i;

    for (int k = 0; k < 3; k++) {
        memcpy(buf + n, devid_req, sizeof(devid_req));
        n += sizeof(devid_req);
    }
    assert_int_equal(run(buf, n, &i), IOT_OK);
    assert_int_equal(i.adu_count, 3);
    assert_false(i.trailing_partial);
    assert_false(i.trailing_invalid);
    assert_int_equal(run(buf, n - 1, &i), IOT_OK);
    assert_int_equal(i.adu_count, 2);
    assert_true(i.trailing_partial);
    assert_int_equal(run(buf, sizeof(devid_req) + 3, &i), IOT_OK);
    assert_int_equal(i.adu_count, 1);
    assert_true(i.trailing_partial);
    buf[sizeof(devid_req) + 2] = 0x47; /* the second ADU's protocol id */
    assert_int_equal(run(buf, n, &i), IOT_OK);
    assert_int_equal(i.adu_count, 1);
    assert_true(i.trailing_invalid);
    /* Past the cap. */
    n = 0;
    for (int k = 0; k < IOT_MAX_MODBUS_ADUS + 10; k++) {
        memcpy(buf + n, devid_req, sizeof(devid_req));
        n += sizeof(devid_req);
    }
    assert_int_equal(run(buf, n, &i), IOT_OK);
    assert_int_equal(i.adu_count, IOT_MAX_MODBUS_ADUS);
    assert_true(i.adus_truncated);
}

static void test_garbage(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct iot_modbus_info i;

    memset(buf, 0xff, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_MODBUS_ERR_BAD_PROTO);
    memset(buf, 0, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_MODBUS_ERR_BAD_LEN);
    assert_int_equal(iot_modbus_parse(NULL, 0, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_MODBUS_ERR_TRUNC);
    assert_int_equal(iot_modbus_parse(devid_req, sizeof(devid_req), NULL), IOT_ERR_USAGE);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(iot_modbus_error_name(IOT_MODBUS_ERR_NONE), "app.modbus.none");
    assert_string_equal(iot_modbus_error_name(IOT_MODBUS_ERR_BAD_PROTO), "app.modbus.bad_proto");
    assert_string_equal(iot_modbus_error_name(IOT_MODBUS_ERR_OBJ_OVERRUN),
                        "app.modbus.obj_overrun");
    assert_string_equal(iot_modbus_error_name(IOT_MODBUS_ERR_MAX), "app.modbus.unknown");
    for (int e = 0; e < IOT_MODBUS_ERR_MAX; e++)
        assert_non_null(iot_modbus_error_name((enum iot_modbus_error)e));
    assert_string_equal(iot_modbus_obj_name(0), "VendorName");
    assert_string_equal(iot_modbus_obj_name(6), "UserApplicationName");
    assert_null(iot_modbus_obj_name(7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devid_request),
        cmocka_unit_test(test_spec_devid_response),
        cmocka_unit_test(test_regular_devid_response),
        cmocka_unit_test(test_exceptions),
        cmocka_unit_test(test_other_functions),
        cmocka_unit_test(test_not_modbus),
        cmocka_unit_test(test_twins),
        cmocka_unit_test(test_devid_lengths),
        cmocka_unit_test(test_objects),
        cmocka_unit_test(test_object_cap),
        cmocka_unit_test(test_adus),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
