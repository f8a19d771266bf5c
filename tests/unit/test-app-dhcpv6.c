/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DHCPv6 parser: real captures with exact field values (relayed and direct), their negative
 * twins (short, length off by one, zero length, garbage) and synthetic caps and relay nesting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "app/app-dhcpv6.h"
#include "util/limits.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* misc-protocols/chrissanders_dhcp6_outlease_acquisition.pcapng packet 1: SOLICIT. */
static const uint8_t cs_solicit[] = {
    0x01, 0x9d, 0xe0, 0x3f, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x01, 0x00, 0x01, 0x1d, 0xef,
    0x69, 0xbd, 0x00, 0x0c, 0x29, 0x5e, 0x77, 0x44, 0x00, 0x06, 0x00, 0x08, 0x00, 0x17,
    0x00, 0x18, 0x00, 0x27, 0x00, 0x1f, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
    0x00, 0x0c, 0x29, 0x5e, 0x77, 0x44, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x00, 0x15, 0x18,
};

/* misc-protocols/chrissanders_dhcp6_outlease_acquisition.pcapng packet 2: ADVERTISE. */
static const uint8_t cs_advertise[] = {
    0x02, 0x9d, 0xe0, 0x3f, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x01, 0x00, 0x01, 0x1d, 0xef, 0x69,
    0xbd, 0x00, 0x0c, 0x29, 0x5e, 0x77, 0x44, 0x00, 0x02, 0x00, 0x0e, 0x00, 0x01, 0x00, 0x01,
    0x1d, 0xe4, 0xb8, 0x58, 0x00, 0x0c, 0x29, 0x1f, 0xa7, 0x55, 0x00, 0x03, 0x00, 0x28, 0x29,
    0x5e, 0x77, 0x44, 0x00, 0x00, 0x07, 0x08, 0x00, 0x00, 0x0b, 0x40, 0x00, 0x05, 0x00, 0x18,
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    0x02, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x17, 0x00, 0x10, 0x20, 0x01,
    0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x35,
};

/* ndpi-tests/pcap/android.pcap packet 69: SOLICIT. */
static const uint8_t android_solicit[] = {
    0x01, 0xd8, 0xe4, 0xfe, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x01, 0x00, 0x01, 0x25,
    0xe5, 0x14, 0x8e, 0x4c, 0x6a, 0xf6, 0x9f, 0xf6, 0x27, 0x00, 0x03, 0x00, 0x0c,
    0x0e, 0x00, 0x08, 0xca, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x06, 0x00, 0x04, 0x00, 0x17, 0x00, 0x18,
};

/* ndpi-tests/pcap/gnutella.pcap packet 9: SOLICIT with FQDN and vendor class. */
static const uint8_t gnutella_solicit[] = {
    0x01, 0x13, 0xd1, 0xed, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x01,
    0x00, 0x01, 0x24, 0x22, 0xf1, 0xb3, 0x08, 0x00, 0x27, 0xe6, 0xe5, 0x59, 0x00, 0x03, 0x00, 0x0c,
    0x05, 0x08, 0x00, 0x27, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x27, 0x00, 0x0d,
    0x00, 0x0b, 0x4d, 0x53, 0x45, 0x44, 0x47, 0x45, 0x57, 0x49, 0x4e, 0x31, 0x30, 0x00, 0x10, 0x00,
    0x0e, 0x00, 0x00, 0x01, 0x37, 0x00, 0x08, 0x4d, 0x53, 0x46, 0x54, 0x20, 0x35, 0x2e, 0x30, 0x00,
    0x06, 0x00, 0x08, 0x00, 0x11, 0x00, 0x17, 0x00, 0x18, 0x00, 0x27,
};

/* tcpdump-tests/dhcpv6-mud.pcap packet 1: RELAY-FORW around a SOLICIT with MUD URL (112). */
static const uint8_t mud_relay[] = {
    0x0c, 0x00, 0x20, 0x01, 0x08, 0xa8, 0x10, 0x06, 0x00, 0x03, 0x02, 0x25, 0x84, 0xff, 0xfe, 0xdb,
    0x23, 0x80, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xba, 0x27, 0xeb, 0xff, 0xfe, 0xb8,
    0x53, 0xc8, 0x00, 0x09, 0x00, 0xc6, 0x01, 0x78, 0x24, 0x4b, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x01,
    0x00, 0x01, 0x1e, 0x62, 0x77, 0x0b, 0xb8, 0x27, 0xeb, 0xb8, 0x53, 0xc8, 0x00, 0x08, 0x00, 0x02,
    0x00, 0x00, 0x00, 0x10, 0x00, 0x33, 0x00, 0x00, 0x9f, 0x08, 0x00, 0x2d, 0x64, 0x68, 0x63, 0x70,
    0x63, 0x64, 0x2d, 0x36, 0x2e, 0x31, 0x31, 0x2e, 0x35, 0x3a, 0x4c, 0x69, 0x6e, 0x75, 0x78, 0x2d,
    0x34, 0x2e, 0x31, 0x2e, 0x31, 0x38, 0x2d, 0x76, 0x37, 0x2b, 0x3a, 0x61, 0x72, 0x6d, 0x76, 0x37,
    0x6c, 0x3a, 0x42, 0x43, 0x4d, 0x32, 0x37, 0x30, 0x39, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x03, 0x00,
    0x0c, 0xeb, 0xb8, 0x53, 0xc8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x27, 0x00,
    0x0d, 0x01, 0x0b, 0x72, 0x61, 0x73, 0x70, 0x62, 0x65, 0x72, 0x72, 0x79, 0x70, 0x69, 0x00, 0x70,
    0x00, 0x36, 0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f, 0x6d, 0x75, 0x64, 0x63, 0x74, 0x6c,
    0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x2f, 0x2e, 0x77, 0x65,
    0x6c, 0x6c, 0x2d, 0x6b, 0x6e, 0x6f, 0x77, 0x6e, 0x2f, 0x6d, 0x75, 0x64, 0x2f, 0x76, 0x31, 0x2f,
    0x72, 0x61, 0x73, 0x62, 0x70, 0x31, 0x30, 0x31, 0x00, 0x14, 0x00, 0x00, 0x00, 0x06, 0x00, 0x0c,
    0x00, 0x17, 0x00, 0x18, 0x00, 0x1f, 0x00, 0x27, 0x00, 0x52, 0x00, 0x53, 0x00, 0x12, 0x00, 0x04,
    0x00, 0x00, 0x00, 0x08,
};

/* Parses an exactly sized heap copy of b[0..n), so any over-read trips ASan. */
static int run(const uint8_t *b, size_t n, struct iot_dhcpv6_info *info)
{
    uint8_t *copy = tu_exact_copy(b, n);
    assert_non_null(copy);
    int rc = iot_dhcpv6_parse(copy, n, info);
    free(copy);
    if (rc == IOT_OK)
        assert_int_equal(info->error, IOT_DHCPV6_ERR_NONE);
    else
        assert_int_not_equal(info->error, IOT_DHCPV6_ERR_NONE);
    return rc;
}

static void test_chrissanders_solicit(void **state)
{
    (void)state;
    static const uint8_t duid[14] = {0x00, 0x01, 0x00, 0x01, 0x1d, 0xef, 0x69,
                                     0xbd, 0x00, 0x0c, 0x29, 0x5e, 0x77, 0x44};
    static const uint16_t order[] = {1, 6, 8, 3};
    struct iot_dhcpv6_info i;
    assert_int_equal(run(cs_solicit, sizeof(cs_solicit), &i), IOT_OK);
    assert_int_equal(i.msg_type, IOT_DHCPV6_SOLICIT);
    assert_int_equal(i.xid, 0x9de03f);
    assert_int_equal(i.relay_depth, 0);
    assert_true(i.has_client_id);
    assert_int_equal(i.duid_type, 1);
    assert_int_equal(i.client_id_len, 14);
    assert_memory_equal(i.client_id, duid, 14);
    assert_false(i.client_id_truncated);
    assert_true(i.has_oro);
    assert_int_equal(i.oro_count, 4);
    assert_int_equal(i.oro[3], 31);
    assert_string_equal(i.oro_text, "23,24,39,31");
    assert_true(i.has_elapsed_time);
    assert_int_equal(i.elapsed_time, 0);
    assert_false(i.has_fqdn);
    assert_false(i.has_vendor_class);
    assert_false(i.has_mud_url);
    assert_int_equal(i.opt_count, 4);
    assert_int_equal(i.opt_order_count, 4);
    assert_memory_equal(i.opt_order, order, sizeof(order));
    assert_false(i.opt_repeated);
}

static void test_chrissanders_advertise(void **state)
{
    (void)state;
    static const uint16_t order[] = {1, 2, 3, 23};
    struct iot_dhcpv6_info i;
    assert_int_equal(run(cs_advertise, sizeof(cs_advertise), &i), IOT_OK);
    assert_int_equal(i.msg_type, IOT_DHCPV6_ADVERTISE);
    assert_int_equal(i.xid, 0x9de03f);
    assert_int_equal(i.client_id_len, 14);
    assert_false(i.has_oro);
    assert_string_equal(i.oro_text, "");
    assert_int_equal(i.opt_order_count, 4);
    assert_memory_equal(i.opt_order, order, sizeof(order));
}

static void test_android_solicit(void **state)
{
    (void)state;
    static const uint8_t duid[14] = {0x00, 0x01, 0x00, 0x01, 0x25, 0xe5, 0x14,
                                     0x8e, 0x4c, 0x6a, 0xf6, 0x9f, 0xf6, 0x27};
    struct iot_dhcpv6_info i;
    assert_int_equal(run(android_solicit, sizeof(android_solicit), &i), IOT_OK);
    assert_int_equal(i.xid, 0xd8e4fe);
    assert_memory_equal(i.client_id, duid, 14);
    assert_string_equal(i.oro_text, "23,24");
    assert_int_equal(i.opt_count, 4);
}

/* Windows: FQDN in wire format without the root label (a partial name), vendor class
 * enterprise 311 (Microsoft). */
static void test_gnutella_solicit(void **state)
{
    (void)state;
    static const uint16_t order[] = {8, 1, 3, 39, 16, 6};
    struct iot_dhcpv6_info i;
    assert_int_equal(run(gnutella_solicit, sizeof(gnutella_solicit), &i), IOT_OK);
    assert_int_equal(i.xid, 0x13d1ed);
    assert_true(i.has_fqdn);
    assert_int_equal(i.fqdn_flags, 0);
    assert_string_equal(i.fqdn, "MSEDGEWIN10");
    assert_int_equal(i.fqdn_len, 11);
    assert_false(i.fqdn_malformed);
    assert_true(i.has_vendor_class);
    assert_int_equal(i.vendor_enterprise, 311);
    assert_string_equal(i.vendor_class, "MSFT 5.0");
    assert_int_equal(i.vendor_class_len, 8);
    assert_string_equal(i.oro_text, "17,23,24,39");
    assert_memory_equal(i.opt_order, order, sizeof(order));
}

/* tcpdump-tests/dhcpv6-mud.out prints this packet: a RELAY-FORW whose Relay Message option
 * holds a SOLICIT with a MUD URL. */
static void test_mud_relay(void **state)
{
    (void)state;
    static const uint8_t link[16] = {0x20, 0x01, 0x08, 0xa8, 0x10, 0x06, 0x00, 0x03,
                                     0x02, 0x25, 0x84, 0xff, 0xfe, 0xdb, 0x23, 0x80};
    static const uint8_t peer[16] = {0xfe, 0x80, 0,    0,    0,    0,    0,    0,
                                     0xba, 0x27, 0xeb, 0xff, 0xfe, 0xb8, 0x53, 0xc8};
    static const uint16_t order[] = {1, 8, 16, 14, 3, 39, 112, 20, 6};
    struct iot_dhcpv6_info i;
    assert_int_equal(run(mud_relay, sizeof(mud_relay), &i), IOT_OK);
    assert_int_equal(i.relay_depth, 1);
    assert_int_equal(i.relay_msg_type, IOT_DHCPV6_RELAY_FORW);
    assert_int_equal(i.relay_hop_count, 0);
    assert_memory_equal(i.relay_link_addr, link, 16);
    assert_memory_equal(i.relay_peer_addr, peer, 16);
    assert_int_equal(i.msg_type, IOT_DHCPV6_SOLICIT);
    assert_int_equal(i.xid, 0x78244b);
    assert_int_equal(i.duid_type, 1);
    assert_int_equal(i.client_id_len, 14);
    assert_true(i.has_mud_url);
    assert_string_equal(i.mud_url, "https://mudctl.example.com/.well-known/mud/v1/rasbp101");
    assert_int_equal(i.mud_url_len, 54);
    assert_int_equal(i.vendor_enterprise, 40712);
    assert_string_equal(i.vendor_class, "dhcpcd-6.11.5:Linux-4.1.18-v7+:armv7l:BCM2709");
    assert_int_equal(i.fqdn_flags, 1);
    assert_string_equal(i.fqdn, "raspberrypi");
    assert_string_equal(i.oro_text, "23,24,31,39,82,83");
    assert_int_equal(i.opt_order_count, sizeof(order) / sizeof(order[0]));
    assert_memory_equal(i.opt_order, order, sizeof(order));
    assert_int_equal(i.elapsed_time, 0);
}

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    struct iot_dhcpv6_info i;
    int rc = run(b, n, &i);
    *err = (int)i.error;
    return rc;
}

static const char *twin_error_name(int err)
{
    return iot_dhcpv6_error_name((enum iot_dhcpv6_error)err);
}

/* A real vector cut to len, with up to two bytes patched. */
static void test_twins(void **state)
{
    (void)state;
    /* android_solicit (52 bytes): option 1 at 4 (length at 6..7, 14), option 3 at 22,
     * option 8 at 38 (length at 40..41), option 6 at 44 (length at 46..47, 4). */
    const size_t AS = sizeof(android_solicit), MR = sizeof(mud_relay);
    const struct mut_case cases[] = {
        MUT("whole", android_solicit, AS, -1, 0, -1, 0, IOT_OK, 0),
        MUT("one short", android_solicit, AS - 1, -1, 0, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_OVERRUN),
        MUT("oro header only", android_solicit, 48, -1, 0, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_OVERRUN),
        MUT("oro half header", android_solicit, 46, -1, 0, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_TRUNC),
        MUT("oro one byte", android_solicit, 45, -1, 0, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_TRUNC),
        MUT("without oro", android_solicit, 44, -1, 0, -1, 0, IOT_OK, 0),
        MUT("oro len +1", android_solicit, AS, 47, 5, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_OVERRUN),
        MUT("oro len -1 (odd)", android_solicit, AS, 47, 3, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_LEN),
        MUT("oro len 0x104", android_solicit, AS, 46, 1, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_OVERRUN),
        MUT("elapsed len 3", android_solicit, AS, 41, 3, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_LEN),
        MUT("elapsed len 1", android_solicit, AS, 41, 1, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_LEN),
        MUT("duid len 1", android_solicit, AS, 7, 1, -1, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_OPT_LEN),
        MUT("duid len +1 at end", android_solicit, 22, 7, 15, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_OVERRUN),
        MUT("type 0", android_solicit, AS, 0, 0, -1, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_BAD_TYPE),
        MUT("type 14", android_solicit, AS, 0, 14, -1, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_BAD_TYPE),
        MUT("type 255", android_solicit, AS, 0, 255, -1, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_BAD_TYPE),
        MUT("type 11", android_solicit, AS, 0, 11, -1, 0, IOT_OK, 0),
        MUT("header only", android_solicit, 4, -1, 0, -1, 0, IOT_OK, 0),
        MUT("3 bytes", android_solicit, 3, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_TRUNC),
        MUT("1 byte", android_solicit, 1, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_TRUNC),
        MUT("zero length", android_solicit, 0, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_TRUNC),
        /* mud_relay: relay header 34 bytes, option 9 at 34 (length 0x00c6 at 36..37), then
         * interface-id (option 18, 8 bytes) at 236. */
        MUT("relay whole", mud_relay, MR, -1, 0, -1, 0, IOT_OK, 0),
        MUT("relay one short", mud_relay, MR - 1, -1, 0, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_OVERRUN),
        MUT("relay without interface-id", mud_relay, 236, -1, 0, -1, 0, IOT_OK, 0),
        MUT("relay msg len +1", mud_relay, MR, 37, 0xc7, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_OVERRUN),
        MUT("relay msg len -1", mud_relay, MR, 37, 0xc5, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_OPT_OVERRUN),
        MUT("relay header short", mud_relay, 33, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_TRUNC),
        MUT("relay header only", mud_relay, 34, -1, 0, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_RELAY_NO_MSG),
        MUT("relay option 10", mud_relay, MR, 35, 10, -1, 0, IOT_ERR_INPUT,
            IOT_DHCPV6_ERR_RELAY_NO_MSG),
        MUT("inner type 0", mud_relay, MR, 38, 0, -1, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_BAD_TYPE),
        MUT("relay-repl", mud_relay, MR, 0, 13, -1, 0, IOT_OK, 0),
    };
    mut_check_cases(cases, sizeof(cases) / sizeof(cases[0]), twin_parse, twin_error_name);
}

static void test_garbage(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct iot_dhcpv6_info i;

    memset(buf, 0xAA, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_DHCPV6_ERR_BAD_TYPE);
    buf[0] = IOT_DHCPV6_SOLICIT;
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_DHCPV6_ERR_OPT_OVERRUN);
    /* Zero-length options with code 0 are framing-valid: accepted, nothing learned. */
    memset(buf, 0, sizeof(buf));
    buf[0] = IOT_DHCPV6_SOLICIT;
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_OK);
    assert_int_equal(i.opt_count, 15);
    assert_true(i.opt_repeated);
    assert_int_equal(iot_dhcpv6_parse(NULL, 0, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_DHCPV6_ERR_TRUNC);
    assert_int_equal(iot_dhcpv6_parse(cs_solicit, sizeof(cs_solicit), NULL), IOT_ERR_USAGE);
}

/* Appends an option to b at *n. */
static void put_opt(uint8_t *b, size_t *n, uint16_t code, const void *v, size_t len)
{
    b[(*n)++] = (uint8_t)(code >> 8);
    b[(*n)++] = (uint8_t)code;
    b[(*n)++] = (uint8_t)(len >> 8);
    b[(*n)++] = (uint8_t)len;
    if (len)
        memcpy(b + *n, v, len);
    *n += len;
}

/* A SOLICIT header (xid 0x010203). */
static size_t solicit(uint8_t *b)
{
    b[0] = IOT_DHCPV6_SOLICIT;
    b[1] = 1;
    b[2] = 2;
    b[3] = 3;
    return 4;
}

/* Wraps msg (n bytes, in place) in `depth` RELAY-FORW layers. Returns the new length. */
static size_t wrap(uint8_t *b, size_t cap, size_t n, unsigned depth)
{
    for (unsigned d = 0; d < depth; d++) {
        assert_true(n + 38 <= cap);
        memmove(b + 38, b, n);
        memset(b, 0, 34);
        b[0] = IOT_DHCPV6_RELAY_FORW;
        b[1] = (uint8_t)d;
        b[33] = (uint8_t)(d + 1); /* peer ::d+1 */
        b[34] = 0;
        b[35] = 9;
        b[36] = (uint8_t)(n >> 8);
        b[37] = (uint8_t)n;
        n += 38;
    }
    return n;
}

static void test_relay_depth(void **state)
{
    (void)state;
    uint8_t b[1024];
    struct iot_dhcpv6_info i;
    size_t n = wrap(b, sizeof(b), solicit(b), IOT_MAX_DHCPV6_RELAY_DEPTH);
    assert_int_equal(run(b, n, &i), IOT_OK);
    assert_int_equal(i.relay_depth, IOT_MAX_DHCPV6_RELAY_DEPTH);
    assert_int_equal(i.xid, 0x010203);
    /* The innermost relay was wrapped first: hop count 0, peer ::1. */
    assert_int_equal(i.relay_hop_count, 0);
    assert_int_equal(i.relay_peer_addr[15], 1);

    n = wrap(b, sizeof(b), solicit(b), IOT_MAX_DHCPV6_RELAY_DEPTH + 1);
    assert_int_equal(run(b, n, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_DHCPV6_ERR_RELAY_DEPTH);

    /* A relay whose inner message is empty. */
    n = wrap(b, sizeof(b), 0, 1);
    assert_int_equal(run(b, n, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_DHCPV6_ERR_TRUNC);
}

/* Synthetic single-option messages: rows that differ only in the option. */
struct opt_case {
    const char *name;
    uint16_t code;
    const uint8_t *v;
    size_t len;
    int rc;
    enum iot_dhcpv6_error err;
};

static const uint8_t v_vc_ent_only[] = {0, 0, 0, 9};
static const uint8_t v_vc_short[] = {0, 0, 9};
static const uint8_t v_vc_inner_over[] = {0, 0, 0, 9, 0, 5, 'a', 'b', 'c', 'd'};
static const uint8_t v_vc_half_len[] = {0, 0, 0, 9, 0};
static const uint8_t v_fqdn_flags[] = {0x01};
static const uint8_t v_fqdn_ptr[] = {0x01, 3, 'a', 'b', 'c', 0xc0, 0x00};
static const uint8_t v_fqdn_root[] = {0x01, 3, 'a', 'b', 'c', 3, 'c', 'o', 'm', 0};
static const uint8_t v_duid2[] = {0, 4};

static void test_option_table(void **state)
{
    (void)state;
    const struct opt_case cases[] = {
        {"vendor class enterprise only", 16, v_vc_ent_only, 4, IOT_OK, 0},
        {"vendor class 3 bytes", 16, v_vc_short, 3, IOT_ERR_INPUT, IOT_DHCPV6_ERR_OPT_LEN},
        {"vendor class inner +1", 16, v_vc_inner_over, sizeof(v_vc_inner_over), IOT_ERR_INPUT,
         IOT_DHCPV6_ERR_OPT_LEN},
        {"vendor class half length", 16, v_vc_half_len, 5, IOT_ERR_INPUT, IOT_DHCPV6_ERR_OPT_LEN},
        {"fqdn flags only", 39, v_fqdn_flags, 1, IOT_OK, 0},
        {"fqdn empty", 39, NULL, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_OPT_LEN},
        {"fqdn pointer", 39, v_fqdn_ptr, sizeof(v_fqdn_ptr), IOT_OK, 0},
        {"fqdn rooted", 39, v_fqdn_root, sizeof(v_fqdn_root), IOT_OK, 0},
        {"duid type only", 1, v_duid2, 2, IOT_OK, 0},
        {"duid 1 byte", 1, v_duid2, 1, IOT_ERR_INPUT, IOT_DHCPV6_ERR_OPT_LEN},
        {"duid empty", 1, NULL, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_OPT_LEN},
        {"oro empty", 6, NULL, 0, IOT_OK, 0},
        {"mud url empty", 112, NULL, 0, IOT_OK, 0},
        {"elapsed empty", 8, NULL, 0, IOT_ERR_INPUT, IOT_DHCPV6_ERR_OPT_LEN},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct opt_case *c = &cases[k];
        uint8_t b[64];
        size_t n = solicit(b);
        struct iot_dhcpv6_info i;
        put_opt(b, &n, c->code, c->v, c->len);
        int rc = run(b, n, &i);
        if (rc != c->rc || i.error != c->err)
            fail_msg("%s: rc %d error %s", c->name, rc, iot_dhcpv6_error_name(i.error));
    }
}

static void test_fqdn_values(void **state)
{
    (void)state;
    uint8_t b[64];
    size_t n = solicit(b);
    struct iot_dhcpv6_info i;

    put_opt(b, &n, 39, v_fqdn_root, sizeof(v_fqdn_root));
    assert_int_equal(run(b, n, &i), IOT_OK);
    assert_string_equal(i.fqdn, "abc.com");
    assert_false(i.fqdn_malformed);
    n = solicit(b);
    put_opt(b, &n, 39, v_fqdn_ptr, sizeof(v_fqdn_ptr));
    assert_int_equal(run(b, n, &i), IOT_OK);
    assert_string_equal(i.fqdn, "abc");
    assert_true(i.fqdn_malformed);
    n = solicit(b);
    put_opt(b, &n, 16, v_vc_ent_only, sizeof(v_vc_ent_only));
    assert_int_equal(run(b, n, &i), IOT_OK);
    assert_true(i.has_vendor_class);
    assert_int_equal(i.vendor_enterprise, 9);
    assert_int_equal(i.vendor_class_len, 0);
}

/* Caps: a 200-byte DUID, a 200-entry ORO, a 300-byte URL, a 400-byte name, repeated options. */
static void test_caps(void **state)
{
    (void)state;
    uint8_t b[2048], v[600];
    size_t n = solicit(b);
    struct iot_dhcpv6_info i;

    memset(v, 0x11, 200);
    v[0] = 0;
    v[1] = 2;
    put_opt(b, &n, 1, v, 200);
    put_opt(b, &n, 1, v, 4); /* repeated: the first instance stays */
    for (unsigned k = 0; k < 200; k++) {
        v[2 * k] = (uint8_t)((k + 65000) >> 8);
        v[2 * k + 1] = (uint8_t)(k + 65000);
    }
    put_opt(b, &n, 6, v, 400);
    memset(v, 'u', 300);
    put_opt(b, &n, 112, v, 300);
    v[0] = 0x01; /* flags, then 99 labels "abc": 395 characters as text */
    for (unsigned k = 0; k < 99; k++) {
        v[1 + 4 * k] = 3;
        memcpy(v + 1 + 4 * k + 1, "abc", 3);
    }
    put_opt(b, &n, 39, v, 1 + 4 * 99);
    assert_int_equal(run(b, n, &i), IOT_OK);
    assert_int_equal(i.client_id_len, IOT_DHCPV6_DUID_MAX);
    assert_true(i.client_id_truncated);
    assert_int_equal(i.duid_type, 2);
    assert_true(i.opt_repeated);
    assert_int_equal(i.oro_count, IOT_DHCPV6_ORO_MAX);
    assert_true(i.oro_truncated);
    assert_false(i.oro_text_truncated);
    assert_int_equal(strlen(i.oro_text), 6 * IOT_DHCPV6_ORO_MAX - 1);
    assert_int_equal(i.mud_url_len, 255);
    assert_true(i.mud_url_truncated);
    assert_int_equal(i.mud_url[255], '\0');
    assert_int_equal(i.fqdn_flags, 1);
    assert_int_equal(i.fqdn_len, 255);
    assert_true(i.fqdn_truncated);
    assert_int_equal(strlen(i.fqdn), 255);
    assert_false(i.fqdn_malformed);
    assert_memory_equal(i.fqdn, "abc.abc.", 8);
}

/* More than IOT_MAX_DHCPV6_OPTIONS options: the parse stops at the cap. */
static void test_option_cap(void **state)
{
    (void)state;
    uint8_t b[4 + 4 * 300];
    size_t n = solicit(b);
    struct iot_dhcpv6_info i;

    for (unsigned k = 0; k < 300; k++)
        put_opt(b, &n, (uint16_t)(1000 + k), NULL, 0);
    assert_int_equal(run(b, n, &i), IOT_OK);
    assert_int_equal(i.opt_count, IOT_MAX_DHCPV6_OPTIONS);
    assert_true(i.options_truncated);
    assert_int_equal(i.opt_order_count, IOT_DHCPV6_OPT_ORDER_MAX);
    assert_true(i.opt_order_truncated);
    assert_int_equal(i.opt_order[63], 1063);
    assert_false(i.opt_repeated);

    n = 4 + 4 * IOT_MAX_DHCPV6_OPTIONS;
    assert_int_equal(run(b, n, &i), IOT_OK);
    assert_int_equal(i.opt_count, IOT_MAX_DHCPV6_OPTIONS);
    assert_false(i.options_truncated);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_string_equal(iot_dhcpv6_error_name(IOT_DHCPV6_ERR_NONE), "app.dhcpv6.none");
    assert_string_equal(iot_dhcpv6_error_name(IOT_DHCPV6_ERR_OPT_OVERRUN),
                        "app.dhcpv6.opt_overrun");
    assert_string_equal(iot_dhcpv6_error_name(IOT_DHCPV6_ERR_RELAY_DEPTH),
                        "app.dhcpv6.relay_depth");
    assert_string_equal(iot_dhcpv6_error_name(IOT_DHCPV6_ERR_MAX), "app.dhcpv6.unknown");
    for (int e = 0; e < IOT_DHCPV6_ERR_MAX; e++)
        assert_non_null(iot_dhcpv6_error_name((enum iot_dhcpv6_error)e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chrissanders_solicit),
        cmocka_unit_test(test_chrissanders_advertise),
        cmocka_unit_test(test_android_solicit),
        cmocka_unit_test(test_gnutella_solicit),
        cmocka_unit_test(test_mud_relay),
        cmocka_unit_test(test_twins),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_relay_depth),
        cmocka_unit_test(test_option_table),
        cmocka_unit_test(test_fqdn_values),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_option_cap),
        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
