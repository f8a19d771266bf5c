/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CDP parser: real CDPv1/v2 messages with exact field values (Zeek and tcpdump test captures),
 * their negative twins (short, a length off by one, TLV lengths below 4, zero length, garbage)
 * and synthetic edge cases (address lists, caps, repeats). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "app/app-cdp.h"
#include "util/limits.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* zeek-traces/cdp-v1.pcap packet 1, after the LLC/SNAP header: CDPv1 from a Cisco 1601 "R1".
 * TLVs at 4 (1), 10 (2), 27 (3), 40 (4), 48 (5, 216 bytes), 264 (6). */
static const uint8_t cdp_v1_r1[] = {
    0x01, 0xb4, 0xdf, 0xf0, 0x00, 0x01, 0x00, 0x06, 0x52, 0x31, 0x00, 0x02, 0x00, 0x11, 0x00, 0x00,
    0x00, 0x01, 0x01, 0x01, 0xcc, 0x00, 0x04, 0xc0, 0xa8, 0x0a, 0x01, 0x00, 0x03, 0x00, 0x0d, 0x45,
    0x74, 0x68, 0x65, 0x72, 0x6e, 0x65, 0x74, 0x30, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x05, 0x00, 0xd8, 0x43, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x49, 0x6e, 0x74, 0x65, 0x72, 0x6e,
    0x65, 0x74, 0x77, 0x6f, 0x72, 0x6b, 0x20, 0x4f, 0x70, 0x65, 0x72, 0x61, 0x74, 0x69, 0x6e, 0x67,
    0x20, 0x53, 0x79, 0x73, 0x74, 0x65, 0x6d, 0x20, 0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65,
    0x20, 0x0a, 0x49, 0x4f, 0x53, 0x20, 0x28, 0x74, 0x6d, 0x29, 0x20, 0x31, 0x36, 0x30, 0x30, 0x20,
    0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65, 0x20, 0x28, 0x43, 0x31, 0x36, 0x30, 0x30, 0x2d,
    0x4e, 0x59, 0x2d, 0x4c, 0x29, 0x2c, 0x20, 0x56, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x20, 0x31,
    0x31, 0x2e, 0x32, 0x28, 0x31, 0x32, 0x29, 0x50, 0x2c, 0x20, 0x52, 0x45, 0x4c, 0x45, 0x41, 0x53,
    0x45, 0x20, 0x53, 0x4f, 0x46, 0x54, 0x57, 0x41, 0x52, 0x45, 0x20, 0x28, 0x66, 0x63, 0x31, 0x29,
    0x0a, 0x43, 0x6f, 0x70, 0x79, 0x72, 0x69, 0x67, 0x68, 0x74, 0x20, 0x28, 0x63, 0x29, 0x20, 0x31,
    0x39, 0x38, 0x36, 0x2d, 0x31, 0x39, 0x39, 0x38, 0x20, 0x62, 0x79, 0x20, 0x63, 0x69, 0x73, 0x63,
    0x6f, 0x20, 0x53, 0x79, 0x73, 0x74, 0x65, 0x6d, 0x73, 0x2c, 0x20, 0x49, 0x6e, 0x63, 0x2e, 0x0a,
    0x43, 0x6f, 0x6d, 0x70, 0x69, 0x6c, 0x65, 0x64, 0x20, 0x54, 0x75, 0x65, 0x20, 0x30, 0x33, 0x2d,
    0x4d, 0x61, 0x72, 0x2d, 0x39, 0x38, 0x20, 0x30, 0x36, 0x3a, 0x33, 0x33, 0x20, 0x62, 0x79, 0x20,
    0x64, 0x73, 0x63, 0x68, 0x77, 0x61, 0x72, 0x74, 0x00, 0x06, 0x00, 0x0e, 0x63, 0x69, 0x73, 0x63,
    0x6f, 0x20, 0x31, 0x36, 0x30, 0x31,
};
/* tcpdump-tests/3560_CDP.pcap packet 1 (golden: cdp-v.out): CDPv2 from a C3560G "Switch". TLVs at
 * 4 (1), 14 (5), 210 (6), 234 (2), 251 (3), 273 (4), 281 (8), 317 (9), 324 (10), 330 (11),
 * 335 (18), 340 (19), 345 (22), 362 (26). */
static const uint8_t c3560_switch[] = {
    0x02, 0xb4, 0xb0, 0xbd, 0x00, 0x01, 0x00, 0x0a, 0x53, 0x77, 0x69, 0x74, 0x63, 0x68, 0x00, 0x05,
    0x00, 0xc4, 0x43, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x49, 0x4f, 0x53, 0x20, 0x53, 0x6f, 0x66, 0x74,
    0x77, 0x61, 0x72, 0x65, 0x2c, 0x20, 0x43, 0x33, 0x35, 0x36, 0x30, 0x20, 0x53, 0x6f, 0x66, 0x74,
    0x77, 0x61, 0x72, 0x65, 0x20, 0x28, 0x43, 0x33, 0x35, 0x36, 0x30, 0x2d, 0x41, 0x44, 0x56, 0x49,
    0x50, 0x53, 0x45, 0x52, 0x56, 0x49, 0x43, 0x45, 0x53, 0x4b, 0x39, 0x2d, 0x4d, 0x29, 0x2c, 0x20,
    0x56, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x20, 0x31, 0x32, 0x2e, 0x32, 0x28, 0x32, 0x35, 0x29,
    0x53, 0x45, 0x42, 0x34, 0x2c, 0x20, 0x52, 0x45, 0x4c, 0x45, 0x41, 0x53, 0x45, 0x20, 0x53, 0x4f,
    0x46, 0x54, 0x57, 0x41, 0x52, 0x45, 0x20, 0x28, 0x66, 0x63, 0x31, 0x29, 0x0a, 0x43, 0x6f, 0x70,
    0x79, 0x72, 0x69, 0x67, 0x68, 0x74, 0x20, 0x28, 0x63, 0x29, 0x20, 0x31, 0x39, 0x38, 0x36, 0x2d,
    0x32, 0x30, 0x30, 0x35, 0x20, 0x62, 0x79, 0x20, 0x43, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x53, 0x79,
    0x73, 0x74, 0x65, 0x6d, 0x73, 0x2c, 0x20, 0x49, 0x6e, 0x63, 0x2e, 0x0a, 0x43, 0x6f, 0x6d, 0x70,
    0x69, 0x6c, 0x65, 0x64, 0x20, 0x54, 0x75, 0x65, 0x20, 0x33, 0x30, 0x2d, 0x41, 0x75, 0x67, 0x2d,
    0x30, 0x35, 0x20, 0x31, 0x37, 0x3a, 0x35, 0x36, 0x20, 0x62, 0x79, 0x20, 0x79, 0x65, 0x6e, 0x61,
    0x6e, 0x68, 0x00, 0x06, 0x00, 0x18, 0x63, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x57, 0x53, 0x2d, 0x43,
    0x33, 0x35, 0x36, 0x30, 0x47, 0x2d, 0x32, 0x34, 0x50, 0x53, 0x00, 0x02, 0x00, 0x11, 0x00, 0x00,
    0x00, 0x01, 0x01, 0x01, 0xcc, 0x00, 0x04, 0xc0, 0xa8, 0x00, 0x01, 0x00, 0x03, 0x00, 0x16, 0x47,
    0x69, 0x67, 0x61, 0x62, 0x69, 0x74, 0x45, 0x74, 0x68, 0x65, 0x72, 0x6e, 0x65, 0x74, 0x30, 0x2f,
    0x35, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x28, 0x00, 0x08, 0x00, 0x24, 0x00, 0x00, 0x0c,
    0x01, 0x12, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x21, 0xff, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80, 0xff, 0x00, 0x00, 0x00, 0x09, 0x00,
    0x07, 0x4c, 0x61, 0x62, 0x00, 0x0a, 0x00, 0x06, 0x00, 0x01, 0x00, 0x0b, 0x00, 0x05, 0x01, 0x00,
    0x12, 0x00, 0x05, 0x00, 0x00, 0x13, 0x00, 0x05, 0x00, 0x00, 0x16, 0x00, 0x11, 0x00, 0x00, 0x00,
    0x01, 0x01, 0x01, 0xcc, 0x00, 0x04, 0xc0, 0xa8, 0x00, 0x01, 0x00, 0x1a, 0x00, 0x10, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
};
/* tcpdump-tests/LLDP_and_CDP.pcap packet 1 (golden: lldp_cdp-ev.out): CDPv2 "S1", address
 * 0.0.0.0 and an empty VTP domain TLV (length 4). */
static const uint8_t c3560_s1[] = {
    0x02, 0xb4, 0x0b, 0xea, 0x00, 0x01, 0x00, 0x06, 0x53, 0x31, 0x00, 0x05, 0x00, 0xc2, 0x43, 0x69,
    0x73, 0x63, 0x6f, 0x20, 0x49, 0x4f, 0x53, 0x20, 0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65,
    0x2c, 0x20, 0x43, 0x33, 0x35, 0x36, 0x30, 0x20, 0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65,
    0x20, 0x28, 0x43, 0x33, 0x35, 0x36, 0x30, 0x2d, 0x41, 0x44, 0x56, 0x49, 0x50, 0x53, 0x45, 0x52,
    0x56, 0x49, 0x43, 0x45, 0x53, 0x4b, 0x39, 0x2d, 0x4d, 0x29, 0x2c, 0x20, 0x56, 0x65, 0x72, 0x73,
    0x69, 0x6f, 0x6e, 0x20, 0x31, 0x32, 0x2e, 0x32, 0x28, 0x34, 0x34, 0x29, 0x53, 0x45, 0x2c, 0x20,
    0x52, 0x45, 0x4c, 0x45, 0x41, 0x53, 0x45, 0x20, 0x53, 0x4f, 0x46, 0x54, 0x57, 0x41, 0x52, 0x45,
    0x20, 0x28, 0x66, 0x63, 0x31, 0x29, 0x0a, 0x43, 0x6f, 0x70, 0x79, 0x72, 0x69, 0x67, 0x68, 0x74,
    0x20, 0x28, 0x63, 0x29, 0x20, 0x31, 0x39, 0x38, 0x36, 0x2d, 0x32, 0x30, 0x30, 0x38, 0x20, 0x62,
    0x79, 0x20, 0x43, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x53, 0x79, 0x73, 0x74, 0x65, 0x6d, 0x73, 0x2c,
    0x20, 0x49, 0x6e, 0x63, 0x2e, 0x0a, 0x43, 0x6f, 0x6d, 0x70, 0x69, 0x6c, 0x65, 0x64, 0x20, 0x53,
    0x61, 0x74, 0x20, 0x30, 0x35, 0x2d, 0x4a, 0x61, 0x6e, 0x2d, 0x30, 0x38, 0x20, 0x30, 0x30, 0x3a,
    0x31, 0x35, 0x20, 0x62, 0x79, 0x20, 0x77, 0x65, 0x69, 0x6c, 0x69, 0x75, 0x00, 0x06, 0x00, 0x17,
    0x63, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x57, 0x53, 0x2d, 0x43, 0x33, 0x35, 0x36, 0x30, 0x2d, 0x32,
    0x34, 0x54, 0x53, 0x00, 0x02, 0x00, 0x11, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0xcc, 0x00, 0x04,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x14, 0x46, 0x61, 0x73, 0x74, 0x45, 0x74, 0x68, 0x65,
    0x72, 0x6e, 0x65, 0x74, 0x30, 0x2f, 0x31, 0x33, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x28,
    0x00, 0x08, 0x00, 0x24, 0x00, 0x00, 0x0c, 0x01, 0x12, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
    0xff, 0x01, 0x02, 0x20, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0xba, 0x98, 0x68,
    0x80, 0xff, 0x00, 0x00, 0x00, 0x09, 0x00, 0x04, 0x00, 0x0a, 0x00, 0x06, 0x00, 0x01, 0x00, 0x0b,
    0x00, 0x05, 0x01, 0x00, 0x12, 0x00, 0x05, 0x00, 0x00, 0x13, 0x00, 0x05, 0x00, 0x00, 0x16, 0x00,
    0x11, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0xcc, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1a,
    0x00, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
};

/* Parses an exactly sized heap copy of b[0..n), so any over-read trips ASan. */
static int run(const uint8_t *b, size_t n, struct iot_cdp_info *info)
{
    uint8_t *copy = tu_exact_copy(b, n);
    assert_non_null(copy);
    int rc = iot_cdp_parse(copy, n, info);
    free(copy);
    if (rc == IOT_OK)
        assert_int_equal(info->error, IOT_CDP_ERR_NONE);
    else
        assert_int_not_equal(info->error, IOT_CDP_ERR_NONE);
    return rc;
}

/* The header of c3560_switch followed by tlvs: a frame for synthetic cases. */
static size_t synth(uint8_t *buf, size_t cap, const uint8_t *tlvs, size_t n)
{
    assert_true(cap >= IOT_CDP_HDR_LEN + n);
    memcpy(buf, c3560_switch, IOT_CDP_HDR_LEN);
    if (n)
        memcpy(buf + IOT_CDP_HDR_LEN, tlvs, n);
    return IOT_CDP_HDR_LEN + n;
}

static void test_v1_router(void **state)
{
    (void)state;
    static const uint8_t ip[4] = {192, 168, 10, 1};
    static const char ver[] = "Cisco Internetwork Operating System Software \nIOS (tm) 1600 "
                              "Software (C1600-NY-L), Version 11.2(12)P, RELEASE SOFTWARE "
                              "(fc1)\nCopyright (c) 1986-1998 by cisco Systems, Inc.\nCompiled "
                              "Tue 03-Mar-98 06:33 by dschwart";
    struct iot_cdp_info i;

    assert_int_equal(run(cdp_v1_r1, sizeof(cdp_v1_r1), &i), IOT_OK);
    assert_int_equal(i.version, 1);
    assert_int_equal(i.ttl, 180);
    assert_int_equal(i.checksum, 0xdff0);
    assert_true(i.has_device_id);
    assert_string_equal(i.device_id, "R1");
    assert_int_equal(i.device_id_len, 2);
    assert_true(i.has_addresses);
    assert_int_equal(i.address_count, 1);
    assert_true(i.has_ipv4);
    assert_memory_equal(i.ipv4, ip, 4);
    assert_string_equal(i.port_id, "Ethernet0");
    assert_true(i.has_capabilities);
    assert_int_equal(i.capabilities, IOT_CDP_CAP_ROUTER);
    assert_true(i.has_version);
    assert_int_equal(i.software_version_len, 212);
    assert_int_equal(sizeof(ver) - 1, 212);
    assert_string_equal(i.software_version, ver);
    assert_false(i.software_version_truncated);
    assert_string_equal(i.platform, "cisco 1601");
    assert_false(i.has_native_vlan);
    assert_false(i.has_duplex);
    assert_int_equal(i.tlv_count, 6);
    assert_false(i.repeated);
}

static void test_v2_switch(void **state)
{
    (void)state;
    static const uint8_t ip[4] = {192, 168, 0, 1};
    static const char ver[] = "Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), "
                              "Version 12.2(25)SEB4, RELEASE SOFTWARE (fc1)\nCopyright (c) "
                              "1986-2005 by Cisco Systems, Inc.\nCompiled Tue 30-Aug-05 17:56 "
                              "by yenanh";
    struct iot_cdp_info i;

    assert_int_equal(run(c3560_switch, sizeof(c3560_switch), &i), IOT_OK);
    assert_int_equal(i.version, 2);
    assert_int_equal(i.ttl, 180);
    assert_int_equal(i.checksum, 0xb0bd);
    assert_string_equal(i.device_id, "Switch");
    assert_int_equal(i.software_version_len, 192);
    assert_string_equal(i.software_version, ver);
    assert_string_equal(i.platform, "cisco WS-C3560G-24PS");
    assert_memory_equal(i.ipv4, ip, 4);
    assert_string_equal(i.port_id, "GigabitEthernet0/5");
    assert_int_equal(i.capabilities, IOT_CDP_CAP_SWITCH | IOT_CDP_CAP_IGMP);
    assert_true(i.has_native_vlan);
    assert_int_equal(i.native_vlan, 1);
    assert_true(i.has_duplex);
    assert_int_equal(i.duplex, 1);
    assert_int_equal(i.tlv_count, 14);
}

static void test_v2_s1(void **state)
{
    (void)state;
    static const uint8_t zero[4] = {0};
    struct iot_cdp_info i;

    assert_int_equal(run(c3560_s1, sizeof(c3560_s1), &i), IOT_OK);
    assert_string_equal(i.device_id, "S1");
    assert_string_equal(i.platform, "cisco WS-C3560-24TS");
    assert_string_equal(i.port_id, "FastEthernet0/13");
    assert_true(i.has_ipv4);
    assert_memory_equal(i.ipv4, zero, 4);
    assert_int_equal(i.checksum, 0x0bea);
    assert_int_equal(i.tlv_count, 14);
}

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    struct iot_cdp_info i;
    int rc = run(b, n, &i);
    *err = (int)i.error;
    return rc;
}

static const char *twin_error_name(int err)
{
    return iot_cdp_error_name((enum iot_cdp_error)err);
}

static void test_twins(void **state)
{
    (void)state;
    const size_t R = sizeof(cdp_v1_r1), S = sizeof(c3560_switch);
    const struct mut_case cases[] = {
        MUT("v1 whole", cdp_v1_r1, R, -1, 0, -1, 0, IOT_OK, IOT_CDP_ERR_NONE),
        MUT("v1 one short", cdp_v1_r1, R - 1, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TLV_OVERRUN),
        MUT("v1 one long", cdp_v1_r1, R + 1, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TRUNC),
        MUT("v1 without platform", cdp_v1_r1, 264, -1, 0, -1, 0, IOT_OK, IOT_CDP_ERR_NONE),
        MUT("v1 platform header only", cdp_v1_r1, 268, -1, 0, -1, 0, IOT_ERR_INPUT,
            IOT_CDP_ERR_TLV_OVERRUN),
        MUT("v1 half a header", cdp_v1_r1, 266, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TRUNC),
        MUT("platform len +1", cdp_v1_r1, R, 267, 15, -1, 0, IOT_ERR_INPUT,
            IOT_CDP_ERR_TLV_OVERRUN),
        MUT("platform len -1", cdp_v1_r1, R, 267, 13, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TRUNC),
        MUT("device id len 3", cdp_v1_r1, R, 7, 3, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TLV_SHORT),
        MUT("device id len 0", cdp_v1_r1, R, 7, 0, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TLV_SHORT),
        MUT("device id len 4", cdp_v1_r1, R, 7, 4, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TLV_SHORT),
        MUT("caps len 7", cdp_v1_r1, R, 43, 7, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TLV_LEN),
        MUT("caps len 9", cdp_v1_r1, R, 43, 9, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TLV_LEN),
        MUT("address count 2", cdp_v1_r1, R, 17, 2, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_ADDR),
        MUT("address count 0", cdp_v1_r1, R, 17, 0, -1, 0, IOT_OK, IOT_CDP_ERR_NONE),
        MUT("address len 5", cdp_v1_r1, R, 22, 5, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_ADDR),
        MUT("address proto len 2", cdp_v1_r1, R, 19, 2, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_ADDR),
        MUT("address TLV len 8", cdp_v1_r1, R, 13, 8, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_ADDR),
        MUT("version 0", cdp_v1_r1, R, 0, 0, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_BAD_VERSION),
        MUT("version 3", cdp_v1_r1, R, 0, 3, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_BAD_VERSION),
        MUT("header only", cdp_v1_r1, 4, -1, 0, -1, 0, IOT_OK, IOT_CDP_ERR_NONE),
        MUT("one short of header", cdp_v1_r1, 3, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TRUNC),
        MUT("zero length", cdp_v1_r1, 0, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TRUNC),
        MUT("v2 whole", c3560_switch, S, -1, 0, -1, 0, IOT_OK, IOT_CDP_ERR_NONE),
        MUT("v2 one short", c3560_switch, S - 1, -1, 0, -1, 0, IOT_ERR_INPUT,
            IOT_CDP_ERR_TLV_OVERRUN),
        MUT("native vlan len 5", c3560_switch, S, 327, 5, -1, 0, IOT_ERR_INPUT,
            IOT_CDP_ERR_TLV_LEN),
        MUT("native vlan len 7", c3560_switch, S, 327, 7, -1, 0, IOT_ERR_INPUT,
            IOT_CDP_ERR_TLV_LEN),
        MUT("duplex len 6", c3560_switch, S, 333, 6, -1, 0, IOT_ERR_INPUT, IOT_CDP_ERR_TLV_LEN),
        MUT("version len 65535", c3560_switch, S, 16, 0xff, 17, 0xff, IOT_ERR_INPUT,
            IOT_CDP_ERR_TLV_OVERRUN),
        MUT("last TLV len 3", c3560_switch, S, 364, 0, 365, 3, IOT_ERR_INPUT,
            IOT_CDP_ERR_TLV_SHORT),
    };
    mut_check_cases(cases, sizeof(cases) / sizeof(cases[0]), twin_parse, twin_error_name);
}

static void test_twin_fields(void **state)
{
    (void)state;
    uint8_t buf[300];
    struct iot_cdp_info i;

    assert_int_equal(run(cdp_v1_r1, 264, &i), IOT_OK);
    assert_false(i.has_platform);
    assert_int_equal(i.tlv_count, 5);
    assert_int_equal(run(cdp_v1_r1, 4, &i), IOT_OK);
    assert_int_equal(i.tlv_count, 0);
    assert_false(i.has_device_id);
    /* A zero count walks no entry even with bytes there. */
    memcpy(buf, cdp_v1_r1, sizeof(cdp_v1_r1));
    buf[17] = 0;
    assert_int_equal(run(buf, sizeof(cdp_v1_r1), &i), IOT_OK);
    assert_true(i.has_addresses);
    assert_int_equal(i.address_count, 0);
    assert_false(i.has_ipv4);
}

static void test_garbage(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct iot_cdp_info i;

    memset(buf, 0xAA, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_CDP_ERR_BAD_VERSION);
    /* Valid version, then all zeros: a TLV length of 0 must be an error, not a loop. */
    memset(buf, 0, sizeof(buf));
    buf[0] = 2;
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_CDP_ERR_TLV_SHORT);
    memset(buf, 0xff, sizeof(buf));
    buf[0] = 1;
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_CDP_ERR_TLV_OVERRUN);
    assert_int_equal(iot_cdp_parse(NULL, 0, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_CDP_ERR_TRUNC);
    assert_int_equal(iot_cdp_parse(cdp_v1_r1, sizeof(cdp_v1_r1), NULL), IOT_ERR_USAGE);
}

/* Appends a TLV of type with n value bytes v at buf[*at]. */
static void put_tlv(uint8_t *buf, size_t *at, uint16_t type, const void *v, size_t n)
{
    buf[(*at)++] = (uint8_t)(type >> 8);
    buf[(*at)++] = (uint8_t)type;
    buf[(*at)++] = (uint8_t)((n + 4) >> 8);
    buf[(*at)++] = (uint8_t)(n + 4);
    if (n)
        memcpy(buf + *at, v, n);
    *at += n;
}

/* Address lists: an IPv6 entry (802.2 protocol) before the IPv4 one, a huge claimed count,
 * an unknown protocol; repeats keep the first; long strings are cut. */
static void test_synthetic(void **state)
{
    (void)state;
    static const uint8_t v6_then_v4[] = {
        0, 0, 0, 2, 2, 8, 0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd, 0, 16, 0x20, 0x01, 0x0d, 0xb8, 0,
        0, 0, 0, 0, 0, 0, 0,    0,    0,    0, 1, 1, 1,    0xcc, 0, 4,  10,   1,    2,    3};
    static const uint8_t many[] = {0xff, 0xff, 0xff, 0xff, 1, 1, 0xcc, 0, 4, 10, 9, 9, 9};
    static const uint8_t unknown_proto[] = {0, 0, 0, 1, 1, 1, 0x81, 0, 4, 10, 0, 0, 1};
    static const uint8_t vlan1[] = {0, 1}, vlan2[] = {0, 2};
    uint8_t tlvs[1500], buf[1600];
    uint8_t big[600];
    size_t n = 0;
    struct iot_cdp_info i;

    put_tlv(tlvs, &n, IOT_CDP_TLV_ADDRESS, v6_then_v4, sizeof(v6_then_v4));
    put_tlv(tlvs, &n, IOT_CDP_TLV_ADDRESS, many, sizeof(many));
    put_tlv(tlvs, &n, IOT_CDP_TLV_NATIVE_VLAN, vlan1, 2);
    put_tlv(tlvs, &n, IOT_CDP_TLV_NATIVE_VLAN, vlan2, 2);
    put_tlv(tlvs, &n, IOT_CDP_TLV_DEVICE_ID, "first", 5);
    put_tlv(tlvs, &n, IOT_CDP_TLV_DEVICE_ID, "second", 6);
    memset(big, 'v', sizeof(big));
    put_tlv(tlvs, &n, IOT_CDP_TLV_VERSION, big, sizeof(big));
    put_tlv(tlvs, &n, IOT_CDP_TLV_PLATFORM, big, 300);
    put_tlv(tlvs, &n, 0x1234, NULL, 0);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), tlvs, n), &i), IOT_OK);
    assert_int_equal(i.address_count, 2);
    assert_true(i.has_ipv4);
    assert_int_equal(i.ipv4[0], 10);
    assert_int_equal(i.ipv4[3], 3);
    assert_int_equal(i.native_vlan, 1);
    assert_string_equal(i.device_id, "first");
    assert_true(i.repeated);
    assert_int_equal(i.software_version_len, IOT_CDP_VERSION_MAX - 1);
    assert_true(i.software_version_truncated);
    assert_int_equal(i.platform_len, IOT_CDP_STR_MAX - 1);
    assert_true(i.platform_truncated);
    assert_int_equal(i.tlv_count, 9);

    /* A count of 2^32 - 1 with one entry there: the entry after it is missing. */
    n = 0;
    put_tlv(tlvs, &n, IOT_CDP_TLV_ADDRESS, many, sizeof(many));
    assert_int_equal(run(buf, synth(buf, sizeof(buf), tlvs, n), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_CDP_ERR_ADDR);
    assert_int_equal(i.address_count, 0xffffffffu);

    n = 0;
    put_tlv(tlvs, &n, IOT_CDP_TLV_ADDRESS, unknown_proto, sizeof(unknown_proto));
    assert_int_equal(run(buf, synth(buf, sizeof(buf), tlvs, n), &i), IOT_OK);
    assert_int_equal(i.address_count, 1);
    assert_false(i.has_ipv4);

    /* Address count 3 bytes: the TLV cannot hold its count. */
    n = 0;
    put_tlv(tlvs, &n, IOT_CDP_TLV_ADDRESS, many, 3);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), tlvs, n), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_CDP_ERR_ADDR);
}

/* More TLVs than IOT_MAX_CDP_TLVS: the rest is not read, and says so. More address entries
 * than IOT_MAX_CDP_ADDRESSES: the walk stops there (the IPv4 one after them is not seen). */
static void test_caps(void **state)
{
    (void)state;
    uint8_t tlvs[4 * (IOT_MAX_CDP_TLVS + 10)], buf[sizeof(tlvs) + 4];
    uint8_t addrs[4 + 13 * (IOT_MAX_CDP_ADDRESSES + 1)];
    size_t n = 0, a = 0;
    struct iot_cdp_info i;

    for (unsigned k = 0; k < IOT_MAX_CDP_TLVS + 10; k++)
        put_tlv(tlvs, &n, (uint16_t)(0x100 + k), NULL, 0);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), tlvs, n), &i), IOT_OK);
    assert_int_equal(i.tlv_count, IOT_MAX_CDP_TLVS);
    assert_true(i.tlvs_truncated);

    addrs[a++] = 0;
    addrs[a++] = 0;
    addrs[a++] = 0;
    addrs[a++] = IOT_MAX_CDP_ADDRESSES + 1;
    for (unsigned k = 0; k <= IOT_MAX_CDP_ADDRESSES; k++) {
        static const uint8_t other[] = {1, 1, 0x81, 0, 4, 1, 2, 3, 4};
        static const uint8_t v4[] = {1, 1, 0xcc, 0, 4, 10, 0, 0, 1};
        memcpy(addrs + a, k < IOT_MAX_CDP_ADDRESSES ? other : v4, 9);
        a += 9;
    }
    n = 0;
    put_tlv(tlvs, &n, IOT_CDP_TLV_ADDRESS, addrs, a);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), tlvs, n), &i), IOT_OK);
    assert_int_equal(i.address_count, IOT_MAX_CDP_ADDRESSES + 1);
    assert_false(i.has_ipv4);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_string_equal(iot_cdp_error_name(IOT_CDP_ERR_NONE), "app.cdp.none");
    assert_string_equal(iot_cdp_error_name(IOT_CDP_ERR_TRUNC), "app.cdp.trunc");
    assert_string_equal(iot_cdp_error_name(IOT_CDP_ERR_BAD_VERSION), "app.cdp.bad_version");
    assert_string_equal(iot_cdp_error_name(IOT_CDP_ERR_TLV_SHORT), "app.cdp.tlv_short");
    assert_string_equal(iot_cdp_error_name(IOT_CDP_ERR_TLV_OVERRUN), "app.cdp.tlv_overrun");
    assert_string_equal(iot_cdp_error_name(IOT_CDP_ERR_TLV_LEN), "app.cdp.tlv_len");
    assert_string_equal(iot_cdp_error_name(IOT_CDP_ERR_ADDR), "app.cdp.addr");
    assert_string_equal(iot_cdp_error_name(IOT_CDP_ERR_MAX), "app.cdp.unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v1_router),   cmocka_unit_test(test_v2_switch),
        cmocka_unit_test(test_v2_s1),       cmocka_unit_test(test_twins),
        cmocka_unit_test(test_twin_fields), cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_synthetic),   cmocka_unit_test(test_caps),
        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
