/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The device table and the classification rules: keys, addresses, observations, votes,
 * confidence, evidence, events, the memory cap, and the strict rules loader. */
#include "decode-testlib.h"

#include <stdio.h>

#include "inventory/inventory.h"
#include "util/util-mem.h"

static const uint8_t KEY[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

struct rec {
    unsigned nnew, nchange;
    char last_attr[16], last_old[96], last_new[96];
};
static struct rec R;

static void on_event(void *user, const struct iot_device *d, enum iot_inv_event_type type,
                     enum iot_attr attr, const char *old, struct iot_ts ts)
{
    (void)user;
    (void)ts;
    if (type == IOT_INV_NEW) {
        R.nnew++;
        return;
    }
    R.nchange++;
    snprintf(R.last_attr, sizeof(R.last_attr), "%s", iot_attr_name(attr));
    snprintf(R.last_old, sizeof(R.last_old), "%s", old);
    snprintf(R.last_new, sizeof(R.last_new), "%s", d->attr[attr].value);
}

static const char RULES[] =
    "# test rules\n"
    "dhcp-udhcp   : dhcp.vendor_class ^ \"udhcp\"             => os=\"Linux (busybox)\" 0.5\n"
    "hik-oui      : oui.vendor ~ \"hikvision\"                => vendor=Hikvision 0.6\n"
    "hik-web      : http.server ^ \"App-webs\"                => kind=camera vendor=Hikvision 0.7\n"
    "hik-name     : dhcp.hostname ^ \"HIKVISION\" & dhcp.vendor_class ~ \"\" => kind=camera 0.6\n"
    "cast         : mdns.service = \"_googlecast._tcp.local\" => kind=tv vendor=Google 0.8\n"
    "cast-model   : mdns.txt.md ~ \"\"                        => model={value} 0.9\n";

static struct iot_ruleset rules;

static int setup(void **state)
{
    (void)state;
    char err[256];
    memset(&rules, 0, sizeof(rules));
    return iot_rules_parse(&rules, RULES, sizeof(RULES) - 1, "test.rules", err, sizeof(err));
}

static int teardown(void **state)
{
    (void)state;
    iot_rules_free(&rules);
    return 0;
}

static struct iot_inventory *inv_new(uint64_t memcap)
{
    struct iot_inventory_config cfg;
    iot_inventory_config_default(&cfg);
    if (memcap)
        cfg.memcap = memcap;
    struct iot_inventory_callbacks cb = {NULL, on_event};
    memset(&R, 0, sizeof(R));
    return iot_inventory_new(&cfg, NULL, &rules, &cb, KEY);
}

/* A decoded Ethernet/IPv4 packet from mac/ip to 192.168.1.1. */
static struct iot_packet pkt(uint8_t mac_last, uint8_t ip_last, int64_t sec)
{
    struct iot_packet p;
    memset(&p, 0, sizeof(p));
    p.flags = IOT_PKT_HAS_ETH | IOT_PKT_HAS_IPV4;
    static const uint8_t base[6] = {0x44, 0x47, 0xcc, 0, 0, 0};
    memcpy(p.src_mac, base, 6);
    p.src_mac[5] = mac_last;
    memset(p.dst_mac, 0xff, 6);
    p.ip_ver = 4;
    p.src.b[0] = 192, p.src.b[1] = 168, p.src.b[2] = 1, p.src.b[3] = ip_last;
    p.dst.b[0] = 192, p.dst.b[1] = 168, p.dst.b[2] = 1, p.dst.b[3] = 1;
    p.ttl = 64;
    p.wirelen = 100;
    p.ts.sec = sec;
    p.num = (uint64_t)sec;
    return p;
}

static void observe(struct iot_inventory *inv, struct iot_device *d, const char *f, const char *v,
                    const struct iot_packet *p)
{
    iot_inventory_observe(inv, d, f, v, strlen(v), p);
}

static void test_devices_by_mac(void **state)
{
    (void)state;
    struct iot_inventory *inv = inv_new(0);
    struct iot_packet p1 = pkt(1, 10, 100), p2 = pkt(2, 11, 101), p3 = pkt(1, 10, 105);
    struct iot_device *a = iot_inventory_packet(inv, &p1);
    struct iot_device *b = iot_inventory_packet(inv, &p2);
    struct iot_device *a2 = iot_inventory_packet(inv, &p3);
    assert_non_null(a);
    assert_ptr_not_equal(a, b);
    assert_ptr_equal(a, a2);
    assert_int_equal(a->id, 1);
    assert_int_equal(b->id, 2);
    assert_int_equal(a->pkts_sent, 2);
    assert_int_equal(a->bytes_sent, 200);
    assert_int_equal(a->first_seen.sec, 100);
    assert_int_equal(a->last_seen.sec, 105);
    assert_int_equal(a->naddrs, 1);
    assert_int_equal(a->addrs[0].addr.b[3], 10);
    assert_int_equal(a->npeers, 1);
    assert_int_equal(a->peers[0].pkts, 2);
    assert_int_equal(R.nnew, 2);
    assert_int_equal(a->mac_kind, IOT_MAC_UNIVERSAL);
    assert_ptr_equal(iot_inventory_find_mac(inv, p2.src_mac), b);
    assert_ptr_equal(iot_inventory_find_ip(inv, &p2.src, 4), b);
    /* A public source address behind a MAC is forwarded traffic: not the device's address. */
    struct iot_packet p4 = pkt(1, 10, 106);
    p4.src.b[0] = 8, p4.src.b[1] = 8, p4.src.b[2] = 8, p4.src.b[3] = 8;
    iot_inventory_packet(inv, &p4);
    assert_int_equal(a->naddrs, 1);
    iot_inventory_free(inv);
}

/* An ARP from mac/ip: the sender claims its address; a probe (sender 0.0.0.0) claims none. */
static struct iot_packet arp(uint8_t mac_last, uint8_t ip_last, int64_t sec)
{
    struct iot_packet p = pkt(mac_last, ip_last, sec);
    p.flags = IOT_PKT_HAS_ETH | IOT_PKT_HAS_ARP;
    p.ip_ver = 0;
    p.arp.op = 1;
    memcpy(p.arp.sha, p.src_mac, 6);
    p.arp.spa[0] = 192, p.arp.spa[1] = 168, p.arp.spa[2] = 1, p.arp.spa[3] = ip_last;
    return p;
}

static void test_addresses_from_arp_and_dhcp(void **state)
{
    (void)state;
    struct iot_inventory *inv = inv_new(0);
    struct iot_packet probe = arp(3, 0, 100);
    memset(probe.arp.spa, 0, 4);
    struct iot_device *d = iot_inventory_packet(inv, &probe);
    assert_non_null(d);
    assert_int_equal(d->naddrs, 0);
    struct iot_packet a = arp(3, 42, 101);
    assert_ptr_equal(iot_inventory_packet(inv, &a), d);
    assert_int_equal(d->naddrs, 1);
    assert_int_equal(d->addrs[0].addr.b[3], 42);
    assert_int_equal(d->addrs[0].via, IOT_INV_VIA_ARP);
    /* The same address later as a packet source, and leased by DHCP: one entry, three ways. */
    struct iot_packet ip = pkt(3, 42, 105);
    iot_inventory_packet(inv, &ip);
    iot_inventory_note_addr(inv, d, &ip.src, 4, IOT_INV_VIA_DHCP, ip.ts);
    assert_int_equal(d->naddrs, 1);
    assert_int_equal(d->addrs[0].via, IOT_INV_VIA_ARP | IOT_INV_VIA_IP | IOT_INV_VIA_DHCP);
    assert_int_equal(d->addrs[0].first.sec, 101);
    assert_int_equal(d->addrs[0].last.sec, 105);
    /* An ARP relayed for another MAC (sender hardware address not the frame's) claims nothing. */
    struct iot_packet proxy = arp(3, 43, 106);
    proxy.arp.sha[5] = 9;
    iot_inventory_packet(inv, &proxy);
    assert_int_equal(d->naddrs, 1);
    /* Public addresses are never a local device's. */
    struct iot_addr pub = {.b = {8, 8, 4, 4}};
    iot_inventory_note_addr(inv, d, &pub, 4, IOT_INV_VIA_DHCP, ip.ts);
    assert_int_equal(d->naddrs, 1);
    iot_inventory_free(inv);
}

/* A router (MAC 1, 192.168.1.1 claimed in ARP) forwards unicast packets from hosts on another
 * subnet (10.0.2.x, TTL 63): after two such hosts the MAC is a router and each host behind it
 * is a device of its own, keyed by IP. */
static void test_hosts_behind_a_router(void **state)
{
    (void)state;
    struct iot_inventory *inv = inv_new(0);
    struct iot_packet own = arp(1, 1, 100);
    struct iot_device *r = iot_inventory_packet(inv, &own);
    struct iot_packet fw[3];
    for (int i = 0; i < 3; i++) {
        fw[i] = pkt(1, 0, 101 + i);
        fw[i].src.b[0] = 10, fw[i].src.b[1] = 0, fw[i].src.b[2] = 2;
        fw[i].src.b[3] = (uint8_t)(20 + i);
        fw[i].ttl = 63;
        memcpy(fw[i].dst_mac, (const uint8_t[]){0x44, 0x47, 0xcc, 0, 0, 7}, 6);
    }
    /* Multicast with a small TTL (SSDP sends 4) is not forwarding. */
    struct iot_packet ssdp = pkt(1, 1, 100);
    ssdp.ttl = 4;
    ssdp.dst.b[0] = 239;
    memset(ssdp.dst_mac, 0xff, 6);
    assert_ptr_equal(iot_inventory_packet(inv, &ssdp), r);
    assert_ptr_equal(iot_inventory_packet(inv, &fw[0]), r); /* one host: not yet a router */
    assert_false(r->router);
    assert_ptr_equal(iot_inventory_packet(inv, &fw[1]), r);
    assert_true(r->router);
    assert_int_equal(iot_inventory_stats(inv)->routers, 1);
    assert_string_equal(r->obs[r->nobs - 1].field, "net.forwards");
    /* The forwarded sources left the router's addresses; its own stayed. */
    assert_int_equal(r->naddrs, 1);
    assert_int_equal(r->addrs[0].addr.b[3], 1);
    struct iot_device *h = iot_inventory_packet(inv, &fw[2]);
    assert_non_null(h);
    assert_ptr_not_equal(h, r);
    assert_false(h->has_mac);
    assert_true(h->behind_router);
    assert_memory_equal(h->router_mac, r->mac, 6);
    assert_int_equal(h->addrs[0].addr.b[3], 22);
    assert_ptr_equal(iot_inventory_packet(inv, &fw[2]), h);
    assert_ptr_equal(iot_inventory_find_ip(inv, &fw[2].src, 4), h);
    /* The router's own packets (fresh TTL, its own address) stay its own. */
    struct iot_packet self = pkt(1, 1, 110);
    memcpy(self.dst_mac, fw[0].dst_mac, 6);
    assert_ptr_equal(iot_inventory_packet(inv, &self), r);
    /* A reply to the host through the router counts as the host's. */
    struct iot_packet back = pkt(7, 30, 111);
    memcpy(back.dst_mac, r->mac, 6);
    back.dst = fw[2].src;
    uint64_t before = h->pkts_recv;
    iot_inventory_packet(inv, &back);
    assert_int_equal(h->pkts_recv, before + 1);
    assert_ptr_equal(iot_inventory_receiver(inv, &back), h);
    iot_inventory_free(inv);
}

/* inventory.router-hosts = 0: every packet is its MAC's, whatever the TTL. */
static void test_router_detection_off(void **state)
{
    (void)state;
    struct iot_inventory_config cfg;
    iot_inventory_config_default(&cfg);
    cfg.router_hosts = 0;
    struct iot_inventory *inv = iot_inventory_new(&cfg, NULL, &rules, NULL, KEY);
    struct iot_device *first = NULL;
    for (int i = 0; i < 4; i++) {
        struct iot_packet p = pkt(1, (uint8_t)(20 + i), 100 + i);
        p.ttl = 63;
        memset(p.dst_mac, 0x02, 6);
        struct iot_device *d = iot_inventory_packet(inv, &p);
        if (first == NULL)
            first = d;
        assert_ptr_equal(d, first);
    }
    assert_false(first->router);
    assert_int_equal(first->naddrs, 4);
    iot_inventory_free(inv);
}

static void test_classification_and_evidence(void **state)
{
    (void)state;
    struct iot_inventory *inv = inv_new(0);
    struct iot_packet p = pkt(1, 10, 100);
    struct iot_device *d = iot_inventory_packet(inv, &p);
    observe(inv, d, "dhcp.hostname", "HIKVISION-DS2CD2", &p);
    assert_string_equal(d->attr[IOT_ATTR_KIND].value, ""); /* the & needs a vendor class too */
    observe(inv, d, "dhcp.vendor_class", "udhcp 1.19.4", &p);
    assert_string_equal(d->attr[IOT_ATTR_KIND].value, "camera");
    assert_true(d->attr[IOT_ATTR_KIND].confidence > 0.599 && d->attr[IOT_ATTR_KIND].confidence < 0.601);
    assert_string_equal(d->attr[IOT_ATTR_OS].value, "Linux (busybox)");
    assert_string_equal(R.last_attr, "os"); /* events come in attribute order: kind, ..., os */
    struct iot_packet q = pkt(1, 10, 110);
    q.num = 42;
    observe(inv, d, "http.server", "App-webs/", &q);
    /* Two rules agree: 1 - (1 - 0.6)(1 - 0.7) = 0.88; the evidence lists both. */
    const struct iot_inv_verdict *k = &d->attr[IOT_ATTR_KIND];
    assert_true(k->confidence > 0.879 && k->confidence < 0.881);
    assert_int_equal(k->nev, 2);
    const struct iot_ruleset *rs = iot_inventory_rules(inv);
    assert_string_equal(rs->rules[k->ev[0].rule].name, "hik-web");
    assert_int_equal(d->obs[k->ev[0].obs].pcap_cnt, 42);
    assert_string_equal(rs->rules[k->ev[1].rule].name, "hik-name");
    assert_string_equal(d->attr[IOT_ATTR_VENDOR].value, "Hikvision");
    /* The same fact again is counted, not re-voted. */
    unsigned changes = R.nchange;
    observe(inv, d, "http.server", "App-webs/", &q);
    assert_int_equal(R.nchange, changes);
    assert_true(d->attr[IOT_ATTR_KIND].confidence < 0.881);
    iot_inventory_free(inv);
}

static void test_competing_kinds_and_value_capture(void **state)
{
    (void)state;
    struct iot_inventory *inv = inv_new(0);
    struct iot_packet p = pkt(7, 20, 100);
    struct iot_device *d = iot_inventory_packet(inv, &p);
    observe(inv, d, "http.server", "App-webs/", &p);  /* camera 0.7 */
    observe(inv, d, "mdns.service", "_googlecast._tcp.local", &p); /* tv 0.8 wins */
    assert_string_equal(d->attr[IOT_ATTR_KIND].value, "tv");
    assert_string_equal(R.last_old, "Hikvision"); /* the vendor changed last */
    observe(inv, d, "mdns.txt.md", "Chromecast", &p);
    assert_string_equal(d->attr[IOT_ATTR_MODEL].value, "Chromecast");
    iot_inventory_free(inv);
}

/* =~ with groups: the model and OS version cut out of a User-Agent longer than a rule value. */
static void test_regex_rules_extract(void **state)
{
    (void)state;
    static const char text[] =
        "android : http.user_agent =~ \"Android ([0-9.]+); ([^;)]+) Build/\" => model={2} "
        "os=\"Android {1}\" 0.8\n"
        "fw      : http.server =~ \"^lighttpd/([0-9.]+)$\" & dhcp.hostname ^ \"cam\" => "
        "os=\"lighttpd {1}\" 0.4\n";
    struct iot_ruleset rs = {0};
    char err[256] = "";
    assert_int_equal(iot_rules_parse(&rs, text, sizeof(text) - 1, "t", err, sizeof(err)), IOT_OK);
    struct iot_inventory_config cfg;
    iot_inventory_config_default(&cfg);
    struct iot_inventory *inv = iot_inventory_new(&cfg, NULL, &rs, NULL, KEY);
    struct iot_packet p = pkt(1, 10, 100);
    struct iot_device *d = iot_inventory_packet(inv, &p);
    const char *ua = "Mozilla/5.0 (Linux; U; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                     "aaaaaaaaaaaaaaaaaaaaaa; Android 7.1.2; AEOCH Build/NHG47L) Safari/537.36";
    assert_true(strlen(ua) > IOT_RULE_VALUE_MAX);
    observe(inv, d, "http.user_agent", ua, &p);
    assert_string_equal(d->attr[IOT_ATTR_MODEL].value, "AEOCH");
    assert_string_equal(d->attr[IOT_ATTR_OS].value, "Android 7.1.2");
    /* Case-insensitive, anchored; the second condition must hold too. */
    struct iot_packet p2 = pkt(2, 11, 100);
    struct iot_device *c = iot_inventory_packet(inv, &p2);
    observe(inv, c, "http.server", "LIGHTTPD/1.4.35", &p2);
    assert_string_equal(c->attr[IOT_ATTR_OS].value, "");
    observe(inv, c, "dhcp.hostname", "cam-7", &p2);
    assert_string_equal(c->attr[IOT_ATTR_OS].value, "lighttpd 1.4.35");
    observe(inv, c, "http.server", "lighttpd/1.4.35 (x)", &p2); /* $ anchors: no new vote */
    assert_int_equal(c->attr[IOT_ATTR_OS].nev, 1);
    iot_inventory_free(inv);
    iot_rules_free(&rs);
}

static void test_memcap_evicts_least_recent(void **state)
{
    (void)state;
    const uint64_t cap = 3 * iot_inventory_device_size(&rules) + IOT_INV_OBS_HEADROOM + 64;
    struct iot_inventory *inv = inv_new(cap);
    for (int i = 0; i < 3; i++) {
        struct iot_packet p = pkt((uint8_t)(10 + i), (uint8_t)(10 + i), 100 + i);
        assert_non_null(iot_inventory_packet(inv, &p));
    }
    struct iot_packet again = pkt(10, 10, 200); /* device 10 is now the most recent */
    iot_inventory_packet(inv, &again);
    struct iot_packet fresh = pkt(50, 50, 201);
    assert_non_null(iot_inventory_packet(inv, &fresh));
    const struct iot_inventory_stats *st = iot_inventory_stats(inv);
    assert_int_equal(st->devices, 3);
    assert_int_equal(st->evicted, 1);
    assert_true(st->memuse <= cap);
    struct iot_packet old = pkt(11, 11, 0);
    assert_null(iot_inventory_find_mac(inv, old.src_mac)); /* 11 was least recent */
    assert_non_null(iot_inventory_find_mac(inv, again.src_mac));
    iot_inventory_free(inv);
}

static void test_observation_cap(void **state)
{
    (void)state;
    struct iot_inventory *inv = inv_new(0);
    struct iot_packet p = pkt(1, 10, 100);
    struct iot_device *d = iot_inventory_packet(inv, &p);
    char v[32];
    for (int i = 0; i < IOT_INV_MAX_OBS + 10; i++) {
        snprintf(v, sizeof(v), "name-%d", i);
        observe(inv, d, "dns.query", v, &p);
    }
    assert_int_equal(d->nobs, IOT_INV_MAX_OBS);
    assert_true(d->obs_dropped >= 10);
    char big[IOT_INV_VALUE_MAX + 100];
    memset(big, 'A', sizeof(big));
    struct iot_inventory *inv2 = inv_new(0);
    struct iot_device *d2 = iot_inventory_packet(inv2, &p);
    iot_inventory_observe(inv2, d2, "http.user_agent", big, sizeof(big), &p);
    assert_true(d2->obs[d2->nobs - 1].truncated);
    assert_int_equal(strlen(d2->obs[d2->nobs - 1].value), IOT_INV_VALUE_MAX - 1);
    /* A value of 300 bytes is kept whole (a long User-Agent names the model at its end). */
    iot_inventory_observe(inv2, d2, "http.server", big, 300, &p);
    assert_false(d2->obs[d2->nobs - 1].truncated);
    assert_int_equal(strlen(d2->obs[d2->nobs - 1].value), 300);
    /* Bytes after a NUL are not part of the value; the same text again is the same fact. */
    iot_inventory_observe(inv2, d2, "dhcp.hostname", "cam\0junk", 8, &p);
    assert_string_equal(d2->obs[d2->nobs - 1].value, "cam");
    unsigned nobs = d2->nobs;
    iot_inventory_observe(inv2, d2, "dhcp.hostname", "cam", 3, &p);
    assert_int_equal(d2->nobs, nobs);
    assert_int_equal(d2->obs[nobs - 1].count, 2);
    iot_inventory_free(inv2);
    iot_inventory_free(inv);
}

static void test_rules_loader_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *err;
    } cases[] = {
        {"x : a = \"b\" => kind=camera 0.5\nx : a = \"b\" => kind=camera 0.5\n", "t:2: a rule of this name"},
        {"x a = \"b\" => kind=camera 0.5\n", "t:1: expected ':'"},
        {"x : a == \"b\" => kind=camera 0.5\n", "t:1: expected a quoted value"},
        {"x : a ! \"b\" => kind=camera 0.5\n", "t:1: expected an operator"},
        {"x : a = \"b\" kind=camera 0.5\n", "t:1: expected '=>'"},
        {"x : a = \"b\" => kind=toaster 0.5\n", "t:1: unknown kind"},
        {"x : a = \"b\" => colour=red 0.5\n", "t:1: unknown attribute"},
        {"x : a = \"b\" => kind=camera 1.5\n", "t:1: the weight must be"},
        {"x : a = \"b\" => kind=camera 0\n", "t:1: the weight must be"},
        {"x : a = \"b\" => 0.5\n", "t:1: a rule must assign"},
        {"x : a = \"b\" => kind=camera 0.5 extra\n", "t:1: unexpected text"},
        {"# c\n\nx : a = \"unterminated => kind=camera 0.5\n", "t:3: expected a quoted value"},
        {"x : a =~ \"(ab\" => kind=camera 0.5\n", "t:1: bad regular expression"},
        {"x : a =~ \"(a{1,9}){1,9}\" => kind=camera 0.5\n", "t:1: interval repetitions"},
        {"x : a =~ \"ab\" => model={1} 0.5\n", "t:1: {N} names a group"},
        {"x : a ~ \"ab\" => model=\"v{1}\" 0.5\n", "t:1: {N} names a group"},
        {"x : a =~ \"(a)b\" => kind={1} 0.5\n", "t:1: unknown kind"},
        {"x : a =~ \"(a)b\" => model={1} 0.5 junk\n", "t:1: unexpected text"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct iot_ruleset rs = {0};
        char err[256] = "";
        uint64_t before = iot_mem_in_use();
        assert_int_equal(iot_rules_parse(&rs, cases[i].text, strlen(cases[i].text), "t", err,
                                         sizeof(err)),
                         IOT_ERR_INPUT);
        if (strncmp(err, cases[i].err, strlen(cases[i].err)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, err, cases[i].err);
        iot_rules_free(&rs);
        assert_int_equal(iot_mem_in_use(), before);
    }
}

static void test_shipped_rules_load(void **state)
{
    (void)state;
    const char *src = getenv("IOTSEC_SOURCE_DIR");
    if (src == NULL)
        skip();
    char path[512], err[256] = "";
    snprintf(path, sizeof(path), "%s/data/devices.rules", src);
    struct iot_ruleset rs = {0};
    int rc = iot_rules_load(&rs, path, err, sizeof(err));
    if (rc != IOT_OK)
        fail_msg("%s", err);
    assert_true(rs.n >= 40);
    iot_rules_free(&rs);
}

static void test_ops(void **state)
{
    (void)state;
    assert_true(iot_rule_op_match(IOT_OP_EQ, "abc", "ABC"));
    assert_false(iot_rule_op_match(IOT_OP_EQ, "abc", "abcd"));
    assert_true(iot_rule_op_match(IOT_OP_PREFIX, "ab", "ABCD"));
    assert_false(iot_rule_op_match(IOT_OP_PREFIX, "abcde", "abc"));
    assert_true(iot_rule_op_match(IOT_OP_SUFFIX, ".local", "printer.LOCAL"));
    assert_false(iot_rule_op_match(IOT_OP_SUFFIX, "x.local", "local"));
    assert_true(iot_rule_op_match(IOT_OP_CONTAINS, "vision", "Hikvision Digital"));
    assert_true(iot_rule_op_match(IOT_OP_CONTAINS, "", "anything"));
    assert_false(iot_rule_op_match(IOT_OP_CONTAINS, "zz", "abc"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devices_by_mac),
        cmocka_unit_test(test_addresses_from_arp_and_dhcp),
        cmocka_unit_test(test_hosts_behind_a_router),
        cmocka_unit_test(test_router_detection_off),
        cmocka_unit_test(test_classification_and_evidence),
        cmocka_unit_test(test_competing_kinds_and_value_capture),
        cmocka_unit_test(test_regex_rules_extract),
        cmocka_unit_test(test_memcap_evicts_least_recent),
        cmocka_unit_test(test_observation_cap),
        cmocka_unit_test(test_rules_loader_errors),
        cmocka_unit_test(test_shipped_rules_load),
        cmocka_unit_test(test_ops),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
