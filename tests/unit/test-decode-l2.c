/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Link-layer decoders: Ethernet, VLAN/QinQ, ARP, Linux SLL/SLL2, BSD NULL/LOOP. */
#include "decode-testlib.h"

#define MAC_DST 0x00, 0x11, 0x22, 0x33, 0x44, 0x55
#define MAC_SRC 0xb8, 0x27, 0xeb, 0x01, 0x02, 0x03
/* IPv4/UDP 192.168.1.10:5353 -> 192.168.1.1:53, 4 payload bytes "abcd", checksum 0xf74b. */
#define IPV4_UDP                                                                                   \
    0x45, 0x00, 0x00, 0x20, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 192, 168, 1, 10, 192, \
        168, 1, 1, 0x14, 0xe9, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00, 'a', 'b', 'c', 'd'

static const uint8_t eth_ipv4[] = {MAC_DST, MAC_SRC, 0x08, 0x00, IPV4_UDP};

static void test_ethernet_good(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_EN10MB, eth_ipv4, sizeof(eth_ipv4));
    static const uint8_t dst[6] = {MAC_DST}, src[6] = {MAC_SRC};
    assert_memory_equal(p->dst_mac, dst, 6);
    assert_memory_equal(p->src_mac, src, 6);
    assert_int_equal(p->ethertype, 0x0800);
    assert_int_equal(p->flags, IOT_PKT_HAS_ETH | IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_UDP);
    assert_int_equal(p->sp, 5353);
    assert_int_equal(p->dp, 53);
    assert_int_equal(p->payload_len, 4);
    assert_memory_equal(p->payload, "abcd", 4);
    assert_int_equal(t->d.stats.ethernet, 1);
    assert_int_equal(p->nevents, 0);
}

/* A 60-byte minimum frame: the padding after the IP datagram must not reach L4. */
static void test_ethernet_padding(void **state)
{
    struct dt *t = *state;
    uint8_t f[60] = {0};
    memcpy(f, eth_ipv4, sizeof(eth_ipv4));
    memset(f + sizeof(eth_ipv4), 0xEE, sizeof(f) - sizeof(eth_ipv4));
    const struct iot_packet *p = dt_run(t, IOT_LINK_EN10MB, f, sizeof(f));
    assert_int_equal(p->l3_len, 32);
    assert_int_equal(p->l4_len, 12);
    assert_int_equal(p->payload_len, 4);
    assert_int_equal(p->flags & IOT_PKT_INVALID, 0);
}

static void test_vlan_single(void **state)
{
    struct dt *t = *state;
    static const uint8_t f[] = {MAC_DST, MAC_SRC, 0x81, 0x00, 0x20, 0x64, 0x08, 0x00, IPV4_UDP};
    const struct iot_packet *p = dt_run(t, IOT_LINK_EN10MB, f, sizeof(f));
    assert_int_equal(p->vlan_count, 1);
    assert_int_equal(p->vlan_id[0], 100); /* PCP 1 masked off */
    assert_int_equal(p->ethertype, 0x0800);
    assert_true(p->flags & IOT_PKT_HAS_UDP);
    assert_int_equal(t->d.stats.vlan, 1);
    assert_int_equal(t->d.stats.vlan_qinq, 0);
}

static void test_vlan_qinq(void **state)
{
    struct dt *t = *state;
    static const uint8_t f[] = {MAC_DST, MAC_SRC, 0x88, 0xa8, 0x00, 0x0a, 0x81, 0x00,
                                0x0f, 0xff, 0x08, 0x00, IPV4_UDP};
    const struct iot_packet *p = dt_run(t, IOT_LINK_EN10MB, f, sizeof(f));
    assert_int_equal(p->vlan_count, 2);
    assert_int_equal(p->vlan_id[0], 10);
    assert_int_equal(p->vlan_id[1], 4095);
    assert_true(p->flags & IOT_PKT_HAS_UDP);
    assert_int_equal(t->d.stats.vlan, 1);
    assert_int_equal(t->d.stats.vlan_qinq, 1);
    assert_int_equal(p->nevents, 0);
}

static const uint8_t vlan_9100[] = {MAC_DST, MAC_SRC, 0x91, 0x00, 0x00, 0x05, 0x81, 0x00,
                                    0x00, 0x06, 0x08, 0x06};
static const uint8_t vlan_three[] = {MAC_DST, MAC_SRC, 0x88, 0xa8, 0x00, 0x01, 0x81, 0x00, 0x00,
                                     0x02, 0x81, 0x00, 0x00, 0x03, 0x08, 0x00, IPV4_UDP};
static const uint8_t vlan_trunc[] = {MAC_DST, MAC_SRC, 0x81, 0x00, 0x00, 0x05, 0x08};
/* ARP request: who has 192.168.1.1? tell 192.168.1.10. */
#define ARP_REQ                                                                                    \
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, MAC_SRC, 192, 168, 1, 10, 0, 0, 0, 0, 0, 0,  \
        192, 168, 1, 1
static const uint8_t arp_req[] = {MAC_DST, MAC_SRC, 0x08, 0x06, ARP_REQ};
static const uint8_t arp_short[] = {MAC_DST, MAC_SRC, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06,
                                    0x04, 0x00, 0x01, MAC_SRC, 192, 168, 1, 10, 0, 0, 0, 0, 0,
                                    0, 192, 168, 1};
static const uint8_t arp_fixed_short[] = {MAC_DST, MAC_SRC, 0x08, 0x06, 0x00, 0x01, 0x08,
                                          0x00, 0x06, 0x04, 0x00};
static const uint8_t arp_htype6[] = {MAC_DST, MAC_SRC, 0x08, 0x06, 0x00, 0x06, 0x08, 0x00,
                                     0x06, 0x04, 0x00, 0x01};
static const uint8_t arp_plen16[] = {MAC_DST, MAC_SRC, 0x08, 0x06, 0x00, 0x01, 0x86, 0xdd,
                                     0x06, 0x10, 0x00, 0x01};
static const uint8_t eth_short[] = {MAC_DST, MAC_SRC, 0x08};
static const uint8_t eth_lldp[] = {MAC_DST, MAC_SRC, 0x88, 0xcc, 0x02, 0x07};

static void test_arp_good(void **state)
{
    struct dt *t = *state;
    const struct iot_packet *p = dt_run(t, IOT_LINK_EN10MB, arp_req, sizeof(arp_req));
    static const uint8_t sha[6] = {MAC_SRC}, spa[4] = {192, 168, 1, 10}, tpa[4] = {192, 168, 1, 1};
    static const uint8_t zero[6] = {0};
    assert_int_equal(p->flags, IOT_PKT_HAS_ETH | IOT_PKT_HAS_ARP);
    assert_int_equal(p->arp.op, 1);
    assert_memory_equal(p->arp.sha, sha, 6);
    assert_memory_equal(p->arp.spa, spa, 4);
    assert_memory_equal(p->arp.tha, zero, 6);
    assert_memory_equal(p->arp.tpa, tpa, 4);
    assert_int_equal(p->l3_len, 28);
    assert_int_equal(t->d.stats.arp, 1);
}

/* SLL: outgoing (4), ARPHRD_ETHER, halen 6, MAC, 2 pad bytes, protocol IPv4. */
static const uint8_t sll_ipv4[] = {0x00, 0x04, 0x00, 0x01, 0x00, 0x06, MAC_SRC, 0x00, 0x00,
                                   0x08, 0x00, IPV4_UDP};
static const uint8_t sll_short[] = {0x00, 0x04, 0x00, 0x01, 0x00, 0x06, MAC_SRC, 0x00, 0x00,
                                    0x08};
/* SLL2: protocol, reserved, ifindex 3, ARPHRD_ETHER, pkttype 0, halen 6, MAC + 2 pad. */
static const uint8_t sll2_ipv4[] = {0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01,
                                    0x00, 0x06, MAC_SRC, 0x00, 0x00, IPV4_UDP};
static const uint8_t sll2_short[] = {0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01,
                                     0x00, 0x06, MAC_SRC, 0x00};

static void test_sll_good(void **state)
{
    struct dt *t = *state;
    static const uint8_t src[6] = {MAC_SRC};
    const struct iot_packet *p = dt_run(t, IOT_LINK_LINUX_SLL, sll_ipv4, sizeof(sll_ipv4));
    assert_memory_equal(p->src_mac, src, 6);
    assert_int_equal(p->ethertype, 0x0800);
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_UDP);
    assert_int_equal(t->d.stats.sll, 1);
    p = dt_run(t, IOT_LINK_LINUX_SLL2, sll2_ipv4, sizeof(sll2_ipv4));
    assert_memory_equal(p->src_mac, src, 6);
    assert_int_equal(p->flags, IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_UDP);
    assert_int_equal(p->payload_len, 4);
    assert_int_equal(t->d.stats.sll, 2);
}

/* A non-MAC link address (halen 4, e.g. an IP tunnel) must not land in src_mac. */
static void test_sll_halen(void **state)
{
    struct dt *t = *state;
    uint8_t f[sizeof(sll_ipv4)];
    static const uint8_t zero[6] = {0};
    memcpy(f, sll_ipv4, sizeof(f));
    f[5] = 4;
    const struct iot_packet *p = dt_run(t, IOT_LINK_LINUX_SLL, f, sizeof(f));
    assert_memory_equal(p->src_mac, zero, 6);
    assert_true(p->flags & IOT_PKT_HAS_UDP);
}

static const uint8_t null_le[] = {0x02, 0x00, 0x00, 0x00, IPV4_UDP};
static const uint8_t null_be[] = {0x00, 0x00, 0x00, 0x02, IPV4_UDP};
static const uint8_t null_short[] = {0x02, 0x00, 0x00};
static const uint8_t null_fam7[] = {0x07, 0x00, 0x00, 0x00, IPV4_UDP};
static const uint8_t loop_v4[] = {0x00, 0x00, 0x00, 0x02, IPV4_UDP};
static const uint8_t loop_le[] = {0x02, 0x00, 0x00, 0x00, IPV4_UDP};
/* IPv6 with no next header, family 30 (macOS) in both byte orders and 24 (OpenBSD). */
#define IPV6_NONXT                                                                                 \
    0x60, 0, 0, 0, 0, 0, 59, 64, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xfe, 0x80, \
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2
static const uint8_t null_v6_30[] = {30, 0, 0, 0, IPV6_NONXT};
static const uint8_t null_v6_24be[] = {0, 0, 0, 24, IPV6_NONXT};
static const uint8_t loop_v6_28[] = {0, 0, 0, 28, IPV6_NONXT};
static const uint8_t loop_v6_10[] = {0, 0, 0, 10, IPV6_NONXT};

static void test_l2_table(void **state)
{
    (void)state;
    static const struct dt_case cases[] = {
        CASE("eth short", IOT_LINK_EN10MB, eth_short, IOT_DE_ETHERNET_TRUNC, 1, STAT(ethernet), 0),
        CASE("eth lldp", IOT_LINK_EN10MB, eth_lldp, NO_EVENT, 0, STAT(ethernet), 1),
        CASE("vlan 9100", IOT_LINK_EN10MB, vlan_9100, IOT_DE_ARP_TRUNC, 1, STAT(vlan_qinq), 1),
        CASE("vlan three", IOT_LINK_EN10MB, vlan_three, IOT_DE_VLAN_TOO_MANY_LAYERS, 1,
             STAT(ipv4), 0),
        CASE("vlan trunc", IOT_LINK_EN10MB, vlan_trunc, IOT_DE_VLAN_TRUNC, 1, STAT(vlan), 0),
        CASE("arp 27", IOT_LINK_EN10MB, arp_short, IOT_DE_ARP_TRUNC, 1, STAT(arp), 1),
        CASE("arp 7", IOT_LINK_EN10MB, arp_fixed_short, IOT_DE_ARP_TRUNC, 1, STAT(arp), 0),
        CASE("arp htype", IOT_LINK_EN10MB, arp_htype6, IOT_DE_ARP_UNSUPPORTED, 0, STAT(arp), 1),
        CASE("arp plen", IOT_LINK_EN10MB, arp_plen16, IOT_DE_ARP_UNSUPPORTED, 0, STAT(arp), 1),
        CASE("sll short", IOT_LINK_LINUX_SLL, sll_short, IOT_DE_SLL_TRUNC, 1, STAT(sll), 0),
        CASE("sll2 short", IOT_LINK_LINUX_SLL2, sll2_short, IOT_DE_SLL_TRUNC, 1, STAT(sll), 0),
        CASE("null le", IOT_LINK_NULL, null_le, NO_EVENT, 0, STAT(udp), 1),
        CASE("null be", IOT_LINK_NULL, null_be, NO_EVENT, 0, STAT(udp), 1),
        CASE("null short", IOT_LINK_NULL, null_short, IOT_DE_NULL_TRUNC, 1, STAT(null), 0),
        CASE("null fam 7", IOT_LINK_NULL, null_fam7, IOT_DE_NULL_UNKNOWN_FAMILY, 0, STAT(null), 1),
        CASE("null v6 30", IOT_LINK_NULL, null_v6_30, NO_EVENT, 0, STAT(ipv6), 1),
        CASE("null v6 24 be", IOT_LINK_NULL, null_v6_24be, NO_EVENT, 0, STAT(ipv6), 1),
        CASE("loop v4", IOT_LINK_LOOP, loop_v4, NO_EVENT, 0, STAT(udp), 1),
        CASE("loop v6 28", IOT_LINK_LOOP, loop_v6_28, NO_EVENT, 0, STAT(ipv6), 1),
        CASE("loop v6 10", IOT_LINK_LOOP, loop_v6_10, NO_EVENT, 0, STAT(ipv6), 1),
        /* DLT_LOOP is always network order: a little-endian 2 is family 0x02000000. */
        CASE("loop le", IOT_LINK_LOOP, loop_le, IOT_DE_NULL_UNKNOWN_FAMILY, 0, STAT(ipv4), 0),
    };
    dt_check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_caplen_zero_and_link(void **state)
{
    struct dt *t = *state;
    struct iot_packet p;
    memset(&p, 0, sizeof(p));
    p.linktype = IOT_LINK_EN10MB;
    p.data = eth_ipv4;
    assert_int_equal(iot_decode_packet(&t->d, &p), 0);
    assert_true(dt_has_event(&p, IOT_DE_PKT_CAPLEN_ZERO));
    memset(&p, 0, sizeof(p));
    p.linktype = 9999;
    p.data = eth_ipv4;
    p.caplen = p.wirelen = sizeof(eth_ipv4);
    assert_int_equal(iot_decode_packet(&t->d, &p), IOT_ERR_UNSUPPORTED);
    assert_true(dt_has_event(&p, IOT_DE_LINK_UNSUPPORTED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ethernet_good, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_ethernet_padding, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_vlan_single, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_vlan_qinq, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_arp_good, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_sll_good, dt_setup, dt_teardown),
        cmocka_unit_test_setup_teardown(test_sll_halen, dt_setup, dt_teardown),
        cmocka_unit_test(test_l2_table),
        cmocka_unit_test_setup_teardown(test_caplen_zero_and_link, dt_setup, dt_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
