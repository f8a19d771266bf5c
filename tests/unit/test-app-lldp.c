/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LLDP parser: real LLDPDUs with exact field values (tcpdump, Zeek and Arkime test captures),
 * their negative twins (short, a length off by one, zero length, garbage, mandatory TLVs out
 * of order) and synthetic edge cases (caps, repeats, the MUD URL TLV). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "app/app-lldp.h"
#include "util/limits.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* tcpdump-tests/lldp_mudurl.pcap packet 1 (golden: lldp_mudurl-vv.out), from offset 14: a Linux
 * host with a MUD URL, IPv4 and IPv6 management addresses. TLVs at 0, 9, 18, 22 (5), 52 (6),
 * 146 (7), 152 (8), 166 (8), 192 (4), 198, 209, 220 (127, MUD URL) and End at 286. */
static const uint8_t mud_lldpdu[] = {
    0x02, 0x07, 0x04, 0x00, 0x23, 0x54, 0xc2, 0x57, 0x02, 0x04, 0x07, 0x03, 0x00, 0x23, 0x54, 0xc2,
    0x57, 0x02, 0x06, 0x02, 0x00, 0x78, 0x0a, 0x1c, 0x75, 0x70, 0x73, 0x74, 0x61, 0x69, 0x72, 0x73,
    0x2e, 0x6f, 0x66, 0x63, 0x6f, 0x75, 0x72, 0x73, 0x65, 0x69, 0x6d, 0x72, 0x69, 0x67, 0x68, 0x74,
    0x2e, 0x63, 0x6f, 0x6d, 0x0c, 0x5c, 0x55, 0x62, 0x75, 0x6e, 0x74, 0x75, 0x20, 0x31, 0x34, 0x2e,
    0x30, 0x34, 0x2e, 0x35, 0x20, 0x4c, 0x54, 0x53, 0x20, 0x4c, 0x69, 0x6e, 0x75, 0x78, 0x20, 0x33,
    0x2e, 0x31, 0x33, 0x2e, 0x30, 0x2d, 0x31, 0x30, 0x36, 0x2d, 0x67, 0x65, 0x6e, 0x65, 0x72, 0x69,
    0x63, 0x20, 0x23, 0x31, 0x35, 0x33, 0x2d, 0x55, 0x62, 0x75, 0x6e, 0x74, 0x75, 0x20, 0x53, 0x4d,
    0x50, 0x20, 0x54, 0x75, 0x65, 0x20, 0x44, 0x65, 0x63, 0x20, 0x36, 0x20, 0x31, 0x35, 0x3a, 0x34,
    0x35, 0x3a, 0x31, 0x33, 0x20, 0x55, 0x54, 0x43, 0x20, 0x32, 0x30, 0x31, 0x36, 0x20, 0x69, 0x36,
    0x38, 0x36, 0x0e, 0x04, 0x00, 0x9c, 0x00, 0x08, 0x10, 0x0c, 0x05, 0x01, 0x3e, 0x0c, 0xad, 0x72,
    0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x10, 0x18, 0x11, 0x02, 0x20, 0x01, 0x08, 0xa8, 0x10, 0x06,
    0x00, 0x04, 0x02, 0x23, 0x54, 0xff, 0xfe, 0xc2, 0x57, 0x02, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00,
    0x08, 0x04, 0x65, 0x74, 0x68, 0x30, 0xfe, 0x09, 0x00, 0x12, 0x0f, 0x03, 0x01, 0x00, 0x00, 0x00,
    0x00, 0xfe, 0x09, 0x00, 0x12, 0x0f, 0x01, 0x03, 0xec, 0xc3, 0x00, 0x10, 0xfe, 0x40, 0x00, 0x00,
    0x5e, 0x01, 0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f, 0x69, 0x6d, 0x72, 0x69, 0x67, 0x68,
    0x74, 0x2e, 0x6d, 0x75, 0x64, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f,
    0x6d, 0x2f, 0x2e, 0x77, 0x65, 0x6c, 0x6c, 0x2d, 0x6b, 0x6e, 0x6f, 0x77, 0x6e, 0x2f, 0x6d, 0x75,
    0x64, 0x2f, 0x76, 0x31, 0x2f, 0x76, 0x6f, 0x6d, 0x69, 0x74, 0x76, 0x32, 0x2e, 0x30, 0x00, 0x00,
};
/* tcpdump-tests/LLDP_and_CDP.pcap packet 4 (golden: lldp_cdp-ev.out): Cisco C3560 "S1". */
static const uint8_t cisco_s1[] = {
    0x02, 0x07, 0x04, 0x00, 0x18, 0xba, 0x98, 0x68, 0x8f, 0x04, 0x07, 0x07, 0x46, 0x61, 0x30, 0x2f,
    0x31, 0x33, 0x06, 0x02, 0x00, 0x78, 0x0a, 0x0c, 0x53, 0x31, 0x2e, 0x63, 0x69, 0x73, 0x63, 0x6f,
    0x2e, 0x63, 0x6f, 0x6d, 0x0c, 0xbe, 0x43, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x49, 0x4f, 0x53, 0x20,
    0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65, 0x2c, 0x20, 0x43, 0x33, 0x35, 0x36, 0x30, 0x20,
    0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65, 0x20, 0x28, 0x43, 0x33, 0x35, 0x36, 0x30, 0x2d,
    0x41, 0x44, 0x56, 0x49, 0x50, 0x53, 0x45, 0x52, 0x56, 0x49, 0x43, 0x45, 0x53, 0x4b, 0x39, 0x2d,
    0x4d, 0x29, 0x2c, 0x20, 0x56, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x20, 0x31, 0x32, 0x2e, 0x32,
    0x28, 0x34, 0x34, 0x29, 0x53, 0x45, 0x2c, 0x20, 0x52, 0x45, 0x4c, 0x45, 0x41, 0x53, 0x45, 0x20,
    0x53, 0x4f, 0x46, 0x54, 0x57, 0x41, 0x52, 0x45, 0x20, 0x28, 0x66, 0x63, 0x31, 0x29, 0x0a, 0x43,
    0x6f, 0x70, 0x79, 0x72, 0x69, 0x67, 0x68, 0x74, 0x20, 0x28, 0x63, 0x29, 0x20, 0x31, 0x39, 0x38,
    0x36, 0x2d, 0x32, 0x30, 0x30, 0x38, 0x20, 0x62, 0x79, 0x20, 0x43, 0x69, 0x73, 0x63, 0x6f, 0x20,
    0x53, 0x79, 0x73, 0x74, 0x65, 0x6d, 0x73, 0x2c, 0x20, 0x49, 0x6e, 0x63, 0x2e, 0x0a, 0x43, 0x6f,
    0x6d, 0x70, 0x69, 0x6c, 0x65, 0x64, 0x20, 0x53, 0x61, 0x74, 0x20, 0x30, 0x35, 0x2d, 0x4a, 0x61,
    0x6e, 0x2d, 0x30, 0x38, 0x20, 0x30, 0x30, 0x3a, 0x31, 0x35, 0x20, 0x62, 0x79, 0x20, 0x77, 0x65,
    0x69, 0x6c, 0x69, 0x75, 0x08, 0x10, 0x46, 0x61, 0x73, 0x74, 0x45, 0x74, 0x68, 0x65, 0x72, 0x6e,
    0x65, 0x74, 0x30, 0x2f, 0x31, 0x33, 0x0e, 0x04, 0x00, 0x14, 0x00, 0x04, 0xfe, 0x06, 0x00, 0x80,
    0xc2, 0x01, 0x00, 0x01, 0xfe, 0x09, 0x00, 0x12, 0x0f, 0x01, 0x03, 0x00, 0x36, 0x00, 0x10, 0x00,
    0x00,
};
/* zeek-traces/lldp.pcap packet 1: an SMC switch; 4 bytes of padding after End. */
static const uint8_t smc_switch[] = {
    0x02, 0x07, 0x04, 0x00, 0x22, 0x2d, 0x81, 0xdb, 0x10, 0x04, 0x02, 0x07, 0x31, 0x06, 0x02,
    0x00, 0x78, 0x08, 0x07, 0x50, 0x6f, 0x72, 0x74, 0x20, 0x23, 0x31, 0x0a, 0x0d, 0x53, 0x4d,
    0x43, 0x47, 0x53, 0x38, 0x50, 0x2d, 0x53, 0x6d, 0x61, 0x72, 0x74, 0x0c, 0x23, 0x53, 0x4d,
    0x43, 0x47, 0x53, 0x38, 0x50, 0x2d, 0x53, 0x6d, 0x61, 0x72, 0x74, 0x20, 0x2d, 0x20, 0x53,
    0x4d, 0x43, 0x47, 0x53, 0x38, 0x50, 0x2d, 0x53, 0x6d, 0x61, 0x72, 0x74, 0x20, 0x76, 0x33,
    0x2e, 0x32, 0x30, 0x0e, 0x04, 0x00, 0x04, 0x00, 0x04, 0x10, 0x0c, 0x05, 0x01, 0xc0, 0xa8,
    0x02, 0x0a, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xbb, 0x14, 0x27, 0x2c,
};
/* arkime-tests/wireshark-lldp.pcap packet 1: four TTL TLVs (120, 1, 2, 3), End, padding. */
static const uint8_t ws_ttl_repeat[] = {
    0x02, 0x07, 0x04, 0x00, 0x04, 0x96, 0x1f, 0xa7, 0x26, 0x04, 0x04, 0x05, 0x31,
    0x2f, 0x33, 0x06, 0x02, 0x00, 0x78, 0x06, 0x02, 0x00, 0x01, 0x06, 0x02, 0x00,
    0x02, 0x06, 0x02, 0x00, 0x03, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xbb,
};
/* arkime-tests/wireshark-lldp.pcap packet 2: Extreme Summit300-48, an 802 (AFI 6) management
 * address and eight 802.1/802.3 organizationally specific TLVs. */
static const uint8_t ws_summit[] = {
    0x02, 0x07, 0x04, 0x00, 0x01, 0x30, 0xf9, 0xad, 0xa0, 0x04, 0x04, 0x05, 0x31, 0x2f, 0x31, 0x06,
    0x02, 0x00, 0x78, 0x08, 0x17, 0x53, 0x75, 0x6d, 0x6d, 0x69, 0x74, 0x33, 0x30, 0x30, 0x2d, 0x34,
    0x38, 0x2d, 0x50, 0x6f, 0x72, 0x74, 0x20, 0x31, 0x30, 0x30, 0x31, 0x00, 0x0a, 0x0d, 0x53, 0x75,
    0x6d, 0x6d, 0x69, 0x74, 0x33, 0x30, 0x30, 0x2d, 0x34, 0x38, 0x00, 0x0c, 0x4c, 0x53, 0x75, 0x6d,
    0x6d, 0x69, 0x74, 0x33, 0x30, 0x30, 0x2d, 0x34, 0x38, 0x20, 0x2d, 0x20, 0x56, 0x65, 0x72, 0x73,
    0x69, 0x6f, 0x6e, 0x20, 0x37, 0x2e, 0x34, 0x65, 0x2e, 0x31, 0x20, 0x28, 0x42, 0x75, 0x69, 0x6c,
    0x64, 0x20, 0x35, 0x29, 0x20, 0x62, 0x79, 0x20, 0x52, 0x65, 0x6c, 0x65, 0x61, 0x73, 0x65, 0x5f,
    0x4d, 0x61, 0x73, 0x74, 0x65, 0x72, 0x20, 0x30, 0x35, 0x2f, 0x32, 0x37, 0x2f, 0x30, 0x35, 0x20,
    0x30, 0x34, 0x3a, 0x35, 0x33, 0x3a, 0x31, 0x31, 0x00, 0x0e, 0x04, 0x00, 0x14, 0x00, 0x14, 0x10,
    0x0e, 0x07, 0x06, 0x00, 0x01, 0x30, 0xf9, 0xad, 0xa0, 0x02, 0x00, 0x00, 0x03, 0xe9, 0x00, 0xfe,
    0x07, 0x00, 0x12, 0x0f, 0x02, 0x07, 0x01, 0x00, 0xfe, 0x09, 0x00, 0x12, 0x0f, 0x01, 0x03, 0x6c,
    0x00, 0x00, 0x10, 0xfe, 0x09, 0x00, 0x12, 0x0f, 0x03, 0x01, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x06,
    0x00, 0x12, 0x0f, 0x04, 0x05, 0xf2, 0xfe, 0x06, 0x00, 0x80, 0xc2, 0x01, 0x01, 0xe8, 0xfe, 0x07,
    0x00, 0x80, 0xc2, 0x02, 0x01, 0x00, 0x00, 0xfe, 0x17, 0x00, 0x80, 0xc2, 0x03, 0x01, 0xe8, 0x10,
    0x76, 0x32, 0x2d, 0x30, 0x34, 0x38, 0x38, 0x2d, 0x30, 0x33, 0x2d, 0x30, 0x35, 0x30, 0x35, 0x00,
    0xfe, 0x05, 0x00, 0x80, 0xc2, 0x04, 0x00, 0x00, 0x00,
};

/* Parses an exactly sized heap copy of b[0..n), so any over-read trips ASan. */
static int run(const uint8_t *b, size_t n, struct iot_lldp_info *info)
{
    uint8_t *copy = tu_exact_copy(b, n);
    assert_non_null(copy);
    int rc = iot_lldp_parse(copy, n, info);
    free(copy);
    /* The error field agrees with the return code whatever happened. */
    if (rc == IOT_OK)
        assert_int_equal(info->error, IOT_LLDP_ERR_NONE);
    else
        assert_int_not_equal(info->error, IOT_LLDP_ERR_NONE);
    return rc;
}

/* The mandatory TLVs of mud_lldpdu (22 bytes) followed by tlvs: a frame for synthetic cases. */
static size_t synth(uint8_t *buf, size_t cap, const uint8_t *tlvs, size_t n)
{
    assert_true(cap >= 22 + n);
    memcpy(buf, mud_lldpdu, 22);
    if (n)
        memcpy(buf + 22, tlvs, n);
    return 22 + n;
}

/* Appends a TLV header for type and len at buf[*n]. */
static void put_hdr(uint8_t *buf, size_t *n, unsigned type, unsigned len)
{
    buf[(*n)++] = (uint8_t)(type << 1 | len >> 8);
    buf[(*n)++] = (uint8_t)len;
}

static void test_mud_url(void **state)
{
    (void)state;
    static const uint8_t mac[6] = {0x00, 0x23, 0x54, 0xc2, 0x57, 0x02};
    static const uint8_t v4[4] = {62, 12, 173, 114};
    static const uint8_t v6[16] = {0x20, 0x01, 0x08, 0xa8, 0x10, 0x06, 0x00, 0x04,
                                   0x02, 0x23, 0x54, 0xff, 0xfe, 0xc2, 0x57, 0x02};
    static const uint8_t oui8023[3] = {0x00, 0x12, 0x0f};
    struct iot_lldp_info i;

    assert_int_equal(run(mud_lldpdu, sizeof(mud_lldpdu), &i), IOT_OK);
    assert_int_equal(i.chassis_id_subtype, IOT_LLDP_CHASSIS_MAC);
    assert_int_equal(i.chassis_id_len, 6);
    assert_memory_equal(i.chassis_id, mac, 6);
    assert_true(i.has_chassis_mac);
    assert_memory_equal(i.chassis_mac, mac, 6);
    assert_int_equal(i.port_id_subtype, IOT_LLDP_PORT_MAC);
    assert_true(i.has_port_mac);
    assert_memory_equal(i.port_mac, mac, 6);
    assert_int_equal(i.ttl, 120);
    assert_true(i.has_sys_name);
    assert_string_equal(i.sys_name, "upstairs.ofcourseimright.com");
    assert_int_equal(i.sys_name_len, 28);
    assert_true(i.has_sys_desc);
    assert_string_equal(i.sys_desc, "Ubuntu 14.04.5 LTS Linux 3.13.0-106-generic #153-Ubuntu SMP "
                                    "Tue Dec 6 15:45:13 UTC 2016 i686");
    assert_int_equal(i.sys_desc_len, 92);
    assert_true(i.has_sys_cap);
    assert_int_equal(i.sys_cap, 0x009c);
    assert_int_equal(i.sys_cap_enabled, IOT_LLDP_CAP_WLAN_AP);
    assert_int_equal(i.mgmt_addr_count, 2);
    assert_true(i.has_mgmt_ipv4);
    assert_memory_equal(i.mgmt_ipv4, v4, 4);
    assert_int_equal(i.mgmt_ipv4_ifindex, 2);
    assert_true(i.has_mgmt_ipv6);
    assert_memory_equal(i.mgmt_ipv6, v6, 16);
    assert_int_equal(i.mgmt_ipv6_ifindex, 2);
    assert_true(i.has_port_desc);
    assert_string_equal(i.port_desc, "eth0");
    assert_true(i.has_mud_url);
    assert_string_equal(i.mud_url, "https://imright.mud.example.com/.well-known/mud/v1/vomitv2.0");
    assert_int_equal(i.mud_url_len, 60);
    assert_false(i.mud_url_truncated);
    assert_int_equal(i.org_count, 2);
    assert_int_equal(i.org_kept, 2);
    assert_memory_equal(i.org[0].oui, oui8023, 3);
    assert_int_equal(i.org[0].subtype, 3); /* link aggregation */
    assert_memory_equal(i.org[1].oui, oui8023, 3);
    assert_int_equal(i.org[1].subtype, 1); /* MAC/PHY */
    assert_int_equal(i.tlv_count, 12);
    assert_int_equal(i.unknown_count, 0);
    assert_true(i.end_seen);
    assert_false(i.repeated);
    assert_false(i.mandatory_repeated);
}

static void test_cisco(void **state)
{
    (void)state;
    static const uint8_t mac[6] = {0x00, 0x18, 0xba, 0x98, 0x68, 0x8f};
    static const uint8_t oui8021[3] = {0x00, 0x80, 0xc2};
    struct iot_lldp_info i;

    assert_int_equal(run(cisco_s1, sizeof(cisco_s1), &i), IOT_OK);
    assert_memory_equal(i.chassis_mac, mac, 6);
    assert_int_equal(i.port_id_subtype, 7); /* locally assigned */
    assert_false(i.has_port_mac);
    assert_string_equal(i.port_id, "Fa0/13");
    assert_string_equal(i.sys_name, "S1.cisco.com");
    assert_int_equal(i.sys_desc_len, 190);
    assert_memory_equal(i.sys_desc, "Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M)",
                        60);
    assert_non_null(strstr(i.sys_desc, "(fc1)\nCopyright (c) 1986-2008"));
    assert_string_equal(i.port_desc, "FastEthernet0/13");
    assert_int_equal(i.sys_cap, IOT_LLDP_CAP_BRIDGE | IOT_LLDP_CAP_ROUTER);
    assert_int_equal(i.sys_cap_enabled, IOT_LLDP_CAP_BRIDGE);
    assert_int_equal(i.org_count, 2);
    assert_memory_equal(i.org[0].oui, oui8021, 3);
    assert_int_equal(i.org[0].subtype, 1); /* port VLAN ID */
    assert_false(i.has_mud_url);
    assert_int_equal(i.mgmt_addr_count, 0);
    assert_true(i.end_seen);
}

static void test_smc(void **state)
{
    (void)state;
    static const uint8_t v4[4] = {192, 168, 2, 10};
    struct iot_lldp_info i;

    assert_int_equal(run(smc_switch, sizeof(smc_switch), &i), IOT_OK);
    assert_string_equal(i.port_id, "1");
    assert_string_equal(i.port_desc, "Port #1");
    assert_string_equal(i.sys_name, "SMCGS8P-Smart");
    assert_string_equal(i.sys_desc, "SMCGS8P-Smart - SMCGS8P-Smart v3.20");
    assert_int_equal(i.sys_cap, IOT_LLDP_CAP_BRIDGE);
    assert_true(i.has_mgmt_ipv4);
    assert_memory_equal(i.mgmt_ipv4, v4, 4);
    assert_int_equal(i.mgmt_ipv4_ifindex, 1);
    assert_false(i.has_mgmt_ipv6);
    assert_int_equal(i.tlv_count, 8);
    assert_true(i.end_seen);
}

/* Repeated TTLs: the first (120) wins and the repeat is flagged, as tcpdump prints them all. */
static void test_ttl_repeat(void **state)
{
    (void)state;
    struct iot_lldp_info i;

    assert_int_equal(run(ws_ttl_repeat, sizeof(ws_ttl_repeat), &i), IOT_OK);
    assert_int_equal(i.ttl, 120);
    assert_true(i.mandatory_repeated);
    assert_int_equal(i.port_id_subtype, 5);
    assert_string_equal(i.port_id, "1/3");
    assert_int_equal(i.tlv_count, 6);
}

static void test_summit(void **state)
{
    (void)state;
    struct iot_lldp_info i;

    assert_int_equal(run(ws_summit, sizeof(ws_summit), &i), IOT_OK);
    assert_string_equal(i.port_desc, "Summit300-48-Port 1001");
    assert_string_equal(i.sys_name, "Summit300-48");
    assert_int_equal(i.sys_cap_enabled, IOT_LLDP_CAP_BRIDGE | IOT_LLDP_CAP_ROUTER);
    /* An 802 (MAC) management address is counted, not kept as IPv4 or IPv6. */
    assert_int_equal(i.mgmt_addr_count, 1);
    assert_false(i.has_mgmt_ipv4);
    assert_false(i.has_mgmt_ipv6);
    assert_int_equal(i.org_count, 8);
    assert_int_equal(i.org_kept, 8);
    assert_int_equal(i.org[7].oui[2], 0xc2);
    assert_int_equal(i.org[7].subtype, 4);
    assert_true(i.end_seen);
}

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    struct iot_lldp_info i;
    int rc = run(b, n, &i);
    *err = (int)i.error;
    return rc;
}

static const char *twin_error_name(int err)
{
    return iot_lldp_error_name((enum iot_lldp_error)err);
}

/* A twin with one byte patched (o < 0: none). */
#define MUT1(nm, b, l, o, v, r, e) MUT(nm, b, l, o, v, -1, 0, r, e)

static void test_twins(void **state)
{
    (void)state;
    const size_t M = sizeof(mud_lldpdu);
    const struct mut_case cases[] = {
        MUT1("whole", mud_lldpdu, M, -1, 0, IOT_OK, IOT_LLDP_ERR_NONE),
        MUT1("no End", mud_lldpdu, 286, -1, 0, IOT_OK, IOT_LLDP_ERR_NONE),
        MUT1("half an End", mud_lldpdu, 287, -1, 0, IOT_ERR_INPUT, IOT_LLDP_ERR_TRUNC),
        MUT1("cut in MUD URL", mud_lldpdu, 285, -1, 0, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_OVERRUN),
        MUT1("MUD len +1 eats End", mud_lldpdu, M, 221, 65, IOT_ERR_INPUT, IOT_LLDP_ERR_TRUNC),
        MUT1("MUD len +1 at end", mud_lldpdu, 286, 221, 65, IOT_ERR_INPUT,
             IOT_LLDP_ERR_TLV_OVERRUN),
        /* Length -1: the URL's last byte and End's first read as a zero-length TLV of type
         * 24, and End's second byte is half a header. */
        MUT1("MUD len -1", mud_lldpdu, M, 221, 63, IOT_ERR_INPUT, IOT_LLDP_ERR_TRUNC),
        MUT1("MUD len 511", mud_lldpdu, M, 221, 255, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_OVERRUN),
        MUT1("TTL len 3", mud_lldpdu, M, 19, 3, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("TTL len 1", mud_lldpdu, M, 19, 1, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("chassis MAC len 6", mud_lldpdu, M, 1, 6, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("chassis len 1", mud_lldpdu, M, 1, 1, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("chassis len 0", mud_lldpdu, M, 1, 0, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("port MAC len 8", mud_lldpdu, M, 10, 8, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("port first", mud_lldpdu, M, 0, 0x04, IOT_ERR_INPUT, IOT_LLDP_ERR_MANDATORY),
        MUT1("no TTL third", mud_lldpdu, M, 18, 0x0a, IOT_ERR_INPUT, IOT_LLDP_ERR_MANDATORY),
        MUT1("End second", mud_lldpdu, M, 9, 0x00, IOT_ERR_INPUT, IOT_LLDP_ERR_MANDATORY),
        MUT1("mandatory only", mud_lldpdu, 22, -1, 0, IOT_OK, IOT_LLDP_ERR_NONE),
        MUT1("no TTL at all", mud_lldpdu, 18, -1, 0, IOT_ERR_INPUT, IOT_LLDP_ERR_MANDATORY),
        MUT1("one short of TTL", mud_lldpdu, 21, -1, 0, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_OVERRUN),
        MUT1("caps len 5", mud_lldpdu, M, 147, 5, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("caps len 3", mud_lldpdu, M, 147, 3, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("mgmt addr len 6", mud_lldpdu, M, 154, 6, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("mgmt addr len 4", mud_lldpdu, M, 154, 4, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("mgmt addr len 1", mud_lldpdu, M, 154, 1, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("mgmt addr len 33", mud_lldpdu, M, 154, 33, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("mgmt OID len 1", mud_lldpdu, M, 165, 1, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("org len 3", mud_lldpdu, M, 199, 3, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        MUT1("zero length", mud_lldpdu, 0, -1, 0, IOT_ERR_INPUT, IOT_LLDP_ERR_TRUNC),
        MUT1("one byte", mud_lldpdu, 1, -1, 0, IOT_ERR_INPUT, IOT_LLDP_ERR_TRUNC),
        MUT1("smc whole", smc_switch, sizeof(smc_switch), -1, 0, IOT_OK, IOT_LLDP_ERR_NONE),
        MUT1("smc no padding", smc_switch, 100, -1, 0, IOT_OK, IOT_LLDP_ERR_NONE),
        MUT1("smc cut in mgmt", smc_switch, 97, -1, 0, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_OVERRUN),
        MUT1("smc mgmt len -1", smc_switch, sizeof(smc_switch), 85, 11, IOT_ERR_INPUT,
             IOT_LLDP_ERR_TLV_LEN),
    };
    mut_check_cases(cases, sizeof(cases) / sizeof(cases[0]), twin_parse, twin_error_name);
}

/* What the accepted twins still say. */
static void test_twin_fields(void **state)
{
    (void)state;
    struct iot_lldp_info i;

    assert_int_equal(run(mud_lldpdu, 286, &i), IOT_OK);
    assert_false(i.end_seen);
    assert_true(i.has_mud_url);
    assert_int_equal(i.tlv_count, 12);
    assert_int_equal(run(mud_lldpdu, 22, &i), IOT_OK);
    assert_int_equal(i.tlv_count, 3);
    assert_int_equal(i.ttl, 120);
    assert_false(i.has_sys_name);
}

static void test_garbage(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct iot_lldp_info i;

    memset(buf, 0xAA, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_LLDP_ERR_TLV_OVERRUN);
    memset(buf, 0, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_LLDP_ERR_MANDATORY);
    /* A CDP message is not an LLDPDU. */
    static const uint8_t cdp[] = {0x02, 0xb4, 0x0b, 0xea, 0x00, 0x01, 0x00, 0x06, 0x53, 0x31};
    assert_int_equal(run(cdp, sizeof(cdp), &i), IOT_ERR_INPUT);
    assert_int_equal(iot_lldp_parse(NULL, 0, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_LLDP_ERR_TRUNC);
    assert_int_equal(iot_lldp_parse(mud_lldpdu, sizeof(mud_lldpdu), NULL), IOT_ERR_USAGE);
}

/* Synthetic optional TLVs after real mandatory ones: rows that differ only in bytes.
 * twin_parse_synth parses the mandatory TLVs of mud_lldpdu followed by b[0..n). */
static int twin_parse_synth(const uint8_t *b, size_t n, int *err)
{
    uint8_t buf[128];
    return twin_parse(buf, synth(buf, sizeof(buf), b, n), err);
}

/* The TLVs t must parse to rc r with error e. */
#define TLVS(nm, t, r, e) MUT(nm, t, sizeof(t), -1, 0, -1, 0, r, e)

static const uint8_t t_mud_empty[] = {0xfe, 0x04, 0x00, 0x00, 0x5e, 0x01, 0x00, 0x00};
static const uint8_t t_mud_other_sub[] = {0xfe, 0x05, 0x00, 0x00, 0x5e, 0x02, 'x', 0x00, 0x00};
static const uint8_t t_name_twice[] = {0x0a, 0x01, 'a', 0x0a, 0x01, 'b', 0x00, 0x00};
static const uint8_t t_mgmt_trailing[] = {0x10, 0x0d, 0x05, 0x01, 10, 0, 0,   1,
                                          0x02, 0,    0,    0,    3,  0, 0xff};
static const uint8_t t_mgmt_oid[] = {0x10, 0x0e, 0x05, 0x01, 10, 0, 0, 1, 0x02,
                                     0,    0,    0,    3,    2,  1, 6, 0, 0};
static const uint8_t t_mgmt_v4_5[] = {0x10, 0x0d, 0x06, 0x01, 10, 0, 0, 1, 9, 0x02, 0, 0, 0, 3, 0};
static const uint8_t t_unknown[] = {0x12, 0x00, 0xfc, 0x01, 0xff, 0x00, 0x00};
static const uint8_t t_end_len[] = {0x00, 0x02, 0x0a, 0x00};
static const uint8_t t_header_only[] = {0x0a};

static void test_tlv_table(void **state)
{
    (void)state;
    const struct mut_case cases[] = {
        TLVS("empty MUD URL", t_mud_empty, IOT_OK, IOT_LLDP_ERR_NONE),
        TLVS("IANA subtype 2", t_mud_other_sub, IOT_OK, IOT_LLDP_ERR_NONE),
        TLVS("name twice", t_name_twice, IOT_OK, IOT_LLDP_ERR_NONE),
        TLVS("mgmt trailing byte", t_mgmt_trailing, IOT_ERR_INPUT, IOT_LLDP_ERR_TLV_LEN),
        TLVS("mgmt with OID", t_mgmt_oid, IOT_OK, IOT_LLDP_ERR_NONE),
        TLVS("mgmt IPv4 of 5 bytes", t_mgmt_v4_5, IOT_OK, IOT_LLDP_ERR_NONE),
        TLVS("unknown types", t_unknown, IOT_OK, IOT_LLDP_ERR_NONE),
        TLVS("End with a length", t_end_len, IOT_OK, IOT_LLDP_ERR_NONE),
        TLVS("half a header", t_header_only, IOT_ERR_INPUT, IOT_LLDP_ERR_TRUNC),
    };
    mut_check_cases(cases, sizeof(cases) / sizeof(cases[0]), twin_parse_synth, twin_error_name);
}

static void test_tlv_fields(void **state)
{
    (void)state;
    uint8_t buf[128];
    struct iot_lldp_info i;

    assert_int_equal(run(buf, synth(buf, sizeof(buf), t_mud_empty, sizeof(t_mud_empty)), &i),
                     IOT_OK);
    assert_true(i.has_mud_url);
    assert_int_equal(i.mud_url_len, 0);
    assert_string_equal(i.mud_url, "");
    assert_int_equal(i.org_count, 0);
    assert_int_equal(
        run(buf, synth(buf, sizeof(buf), t_mud_other_sub, sizeof(t_mud_other_sub)), &i), IOT_OK);
    assert_false(i.has_mud_url);
    assert_int_equal(i.org_count, 1);
    assert_int_equal(i.org[0].oui[2], 0x5e);
    assert_int_equal(i.org[0].subtype, 2);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), t_name_twice, sizeof(t_name_twice)), &i),
                     IOT_OK);
    assert_string_equal(i.sys_name, "a");
    assert_true(i.repeated);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), t_mgmt_oid, sizeof(t_mgmt_oid)), &i), IOT_OK);
    assert_true(i.has_mgmt_ipv4);
    assert_int_equal(i.mgmt_ipv4[0], 10);
    assert_int_equal(i.mgmt_ipv4[3], 1);
    assert_int_equal(i.mgmt_ipv4_ifindex, 3);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), t_mgmt_v4_5, sizeof(t_mgmt_v4_5)), &i),
                     IOT_OK);
    assert_int_equal(i.mgmt_addr_count, 1);
    assert_false(i.has_mgmt_ipv4);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), t_unknown, sizeof(t_unknown)), &i), IOT_OK);
    assert_int_equal(i.unknown_count, 2);
    assert_true(i.end_seen);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), t_end_len, sizeof(t_end_len)), &i), IOT_OK);
    assert_true(i.end_seen);
    assert_false(i.has_sys_name); /* what follows End is never read as TLVs */
}

/* 511-byte strings are cut to 255 and flagged; more organizational TLVs than are kept; more
 * TLVs than IOT_MAX_LLDP_TLVS. */
static void test_caps(void **state)
{
    (void)state;
    uint8_t tlvs[2048], buf[2100];
    size_t n = 0;
    struct iot_lldp_info i;

    put_hdr(tlvs, &n, IOT_LLDP_TLV_SYS_DESC, 511);
    memset(tlvs + n, 'd', 511);
    n += 511;
    put_hdr(tlvs, &n, IOT_LLDP_TLV_ORG, 511);
    memcpy(tlvs + n, "\x00\x00\x5e\x01", 4);
    memset(tlvs + n + 4, 'u', 507);
    n += 511;
    for (unsigned k = 0; k < IOT_LLDP_ORG_MAX + 4; k++) {
        put_hdr(tlvs, &n, IOT_LLDP_TLV_ORG, 4);
        tlvs[n++] = 0x00;
        tlvs[n++] = 0x80;
        tlvs[n++] = 0xc2;
        tlvs[n++] = (uint8_t)k;
    }
    tlvs[n++] = 0;
    tlvs[n++] = 0;
    assert_int_equal(run(buf, synth(buf, sizeof(buf), tlvs, n), &i), IOT_OK);
    assert_int_equal(i.sys_desc_len, IOT_LLDP_STR_MAX - 1);
    assert_true(i.sys_desc_truncated);
    assert_int_equal(strlen(i.sys_desc), IOT_LLDP_STR_MAX - 1);
    assert_int_equal(i.mud_url_len, IOT_LLDP_URL_MAX - 1);
    assert_true(i.mud_url_truncated);
    assert_int_equal(i.org_count, IOT_LLDP_ORG_MAX + 4);
    assert_int_equal(i.org_kept, IOT_LLDP_ORG_MAX);
    assert_true(i.org_truncated);
    assert_int_equal(i.org[IOT_LLDP_ORG_MAX - 1].subtype, IOT_LLDP_ORG_MAX - 1);
    assert_true(i.end_seen);

    n = 0;
    for (unsigned k = 0; k < IOT_MAX_LLDP_TLVS + 50; k++)
        put_hdr(tlvs, &n, 9 + k % 100, 0);
    assert_int_equal(run(buf, synth(buf, sizeof(buf), tlvs, n), &i), IOT_OK);
    assert_int_equal(i.tlv_count, IOT_MAX_LLDP_TLVS);
    assert_true(i.tlvs_truncated);
    assert_int_equal(i.unknown_count, IOT_MAX_LLDP_TLVS - 3);
    assert_false(i.end_seen);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_string_equal(iot_lldp_error_name(IOT_LLDP_ERR_NONE), "app.lldp.none");
    assert_string_equal(iot_lldp_error_name(IOT_LLDP_ERR_TRUNC), "app.lldp.trunc");
    assert_string_equal(iot_lldp_error_name(IOT_LLDP_ERR_TLV_OVERRUN), "app.lldp.tlv_overrun");
    assert_string_equal(iot_lldp_error_name(IOT_LLDP_ERR_MANDATORY), "app.lldp.mandatory");
    assert_string_equal(iot_lldp_error_name(IOT_LLDP_ERR_TLV_LEN), "app.lldp.tlv_len");
    assert_string_equal(iot_lldp_error_name(IOT_LLDP_ERR_MAX), "app.lldp.unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mud_url),     cmocka_unit_test(test_cisco),
        cmocka_unit_test(test_smc),         cmocka_unit_test(test_ttl_repeat),
        cmocka_unit_test(test_summit),      cmocka_unit_test(test_twins),
        cmocka_unit_test(test_twin_fields), cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_tlv_table),   cmocka_unit_test(test_tlv_fields),
        cmocka_unit_test(test_caps),        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
