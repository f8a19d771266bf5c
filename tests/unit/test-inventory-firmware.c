/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Minimum firmware versions: version order (table-driven, with the cases that go wrong in a
 * naive string compare), the strict loader's refusals, vendor/model lookup, and the inventory's
 * outdated-firmware finding (raised once per version, again after a change to another outdated
 * version, never for an up-to-date or unknown device). */
#include "decode-testlib.h"

#include <stdio.h>

#include "inventory/inventory-firmware.h"
#include "inventory/inventory.h"
#include "util/util-mem.h"

static void test_version_order(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int want; /* sign of cmp(a, b) */
    } cases[] = {
        {"1.9.0", "1.36.0", -1}, /* numbers, not text: "1.9" > "1.36" as strings */
        {"1.10", "1.9", 1},
        {"1.36.0", "1.36.0", 0},
        {"1.36", "1.36.0", -1}, /* more parts: newer */
        {"0124", "124", 0},     /* leading zeros do not count */
        {"1.2.3", "1-2_3", 0},  /* separators do not matter */
        {"v3.20", "3.20", 0},   /* a leading v is a prefix */
        {"V3.21", "3.20", 1},
        {"1.0a", "1.0", 1},    /* a patch letter is newer than the bare number */
        {"1.0a", "1.0.1", -1}, /* but older than the next number */
        {"1.0a", "1.0b", -1},
        {"1.0rc1", "1.0", -1}, /* pre-releases come before the release */
        {"1.0-beta2", "1.0-rc1", -1},
        {"1.0alpha", "1.0beta", -1},
        {"1.0dev", "1.0alpha", -1},
        {"1.0rc1", "1.0rc2", -1},
        {"1.0RC1", "1.0rc1", 0},            /* case does not matter */
        {"12.2(44)SE", "12.2(55)SE12", -1}, /* Cisco IOS trains */
        {"12.2(44)SE", "12.2(44)SE1", -1},
        {"12.2(25)SEB4", "12.2(44)SE", -1},
        {"5.4.5 build 170124", "5.5.0 build 160101", -1},
        {"1948086000", "1935144040", 1}, /* long build numbers: no overflow */
        {"99999999999999999999999", "99999999999999999999998", 1},
        {"1.0.0", "1", 1},
    };
    for (size_t i = 0; i < (sizeof(cases) / sizeof(cases[0])); i++) {
        assert_true(iot_fwmin_version_valid(cases[i].a));
        assert_true(iot_fwmin_version_valid(cases[i].b));
        int c = iot_fwmin_version_cmp(cases[i].a, cases[i].b);
        int r = iot_fwmin_version_cmp(cases[i].b, cases[i].a);
        int sign = (c > 0) - (c < 0);
        if (sign != cases[i].want || (r > 0) - (r < 0) != -cases[i].want)
            fail_msg("case %zu: cmp(%s, %s) = %d, reverse %d, want %d", i, cases[i].a, cases[i].b,
                     c, r, cases[i].want);
    }
}

static void test_version_valid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "beta",
        "v",
        "vx1",
        ".1",
        "-1",
        "1.0;rm",
        "1.0\n",
        "1.0\"",
        "H.08.89", /* a letter first: not compared (ProCurve) */
        "1234567890123456789012345678901234567890123456789012345678901234", /* 64 bytes */
    };
    for (size_t i = 0; i < (sizeof(bad) / sizeof(bad[0])); i++)
        if (iot_fwmin_version_valid(bad[i]))
            fail_msg("'%s' must not be a version", bad[i]);
    assert_true(iot_fwmin_version_valid("12.2(44)SE"));
    assert_true(iot_fwmin_version_valid("1.0.0+build 5"));
    assert_true(iot_fwmin_version_valid("v3.20"));
    assert_true(
        iot_fwmin_version_valid("123456789012345678901234567890123456789012345678901234567890123"));
}

static void test_loader_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *err;
    } cases[] = {
        {"Philips | Hue | 1.0\n", "f:1: expected VENDOR | MODEL | MINIMUM | ADVISORY"},
        {"# c\n\nPhilips | Hue | 1.0 | a | b\n", "f:3: too many fields"},
        {" | Hue | 1.0 | CVE-1\n", "f:1: empty vendor"},
        {"Philips |  | 1.0 | CVE-1\n", "f:1: empty model"},
        {"Philips | Hue |  | CVE-1\n", "f:1: empty minimum"},
        {"Philips | Hue | 1.0 |   \n", "f:1: empty advisory"},
        {"Philips | Hue | beta | CVE-1\n", "f:1: the minimum is not a version"},
        {"Philips | Hue | 1.0; | CVE-1\n", "f:1: the minimum is not a version"},
        {"Philips | H*ue | 1.0 | CVE-1\n", "f:1: '*' may only end the model"},
        {"Philips | Hue | 1.0 | CVE-1\nphilips | HUE | 2.0 | CVE-2\n",
         "f:2: this vendor and model"},
        {"A | B | 1.0 | C\x01\n", "f:1: control character"},
        {"A | B | 12345678901234567890123456789012345678901234567890123456789012345 | C\n",
         "f:1: minimum version longer"},
    };
    for (size_t i = 0; i < (sizeof(cases) / sizeof(cases[0])); i++) {
        struct iot_fwmin_db db = {0};
        char err[256] = "";
        uint64_t before = iot_mem_in_use();
        assert_int_equal(
            iot_fwmin_parse(&db, cases[i].text, strlen(cases[i].text), "f", err, sizeof(err)),
            IOT_ERR_INPUT);
        if (strncmp(err, cases[i].err, strlen(cases[i].err)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, err, cases[i].err);
        iot_fwmin_free(&db);
        assert_int_equal(iot_mem_in_use(), before);
    }
    struct iot_fwmin_db db = {0};
    char err[256] = "";
    assert_int_equal(iot_fwmin_load(&db, "/nonexistent/firmware-minimum.txt", err, sizeof(err)),
                     IOT_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent/firmware-minimum.txt"));
}

static const char DB[] = "# test minimums\n"
                         "Philips | Hue Bridge v2 (BSB002) | 1.36.0 | CVE-2020-6007\n"
                         "Acme | Cam* | 2.0 | ACME-1\n"
                         "Acme | Cam Pro* | 3.0 | ACME-2\n"
                         "Acme | Cam Pro X | 4.0 | ACME-3\n"
                         "Other | * | 1.0 | OTHER-1\n";

static void test_lookup_and_check(void **state)
{
    (void)state;
    struct iot_fwmin_db db = {0};
    char err[256] = "";
    assert_int_equal(iot_fwmin_parse(&db, DB, sizeof(DB) - 1, "dir/fw.txt", err, sizeof(err)),
                     IOT_OK);
    assert_int_equal(db.n, 5);
    assert_string_equal(db.name, "fw.txt");
    const struct iot_fwmin_entry *en = iot_fwmin_lookup(&db, "philips", "HUE BRIDGE V2 (BSB002)");
    assert_non_null(en);
    assert_int_equal(en->line, 2);
    assert_string_equal(iot_fwmin_lookup(&db, "Acme", "Cam 1")->advisory, "ACME-1");
    assert_string_equal(iot_fwmin_lookup(&db, "Acme", "Cam Pro 2")->advisory,
                        "ACME-2"); /* longest */
    assert_string_equal(iot_fwmin_lookup(&db, "Acme", "Cam Pro X")->advisory, "ACME-3"); /* exact */
    assert_string_equal(iot_fwmin_lookup(&db, "Other", "anything")->advisory, "OTHER-1");
    assert_null(iot_fwmin_lookup(&db, "Acme", "Ca"));
    assert_null(iot_fwmin_lookup(&db, "Philips", "Hue Bridge"));
    assert_null(iot_fwmin_lookup(&db, "", "Cam 1"));
    assert_null(iot_fwmin_lookup(&db, "Acme", ""));
    assert_null(iot_fwmin_lookup(NULL, "Acme", "Cam 1"));

    assert_non_null(iot_fwmin_check(&db, "Philips", "Hue Bridge v2 (BSB002)", "1.9.0"));
    assert_non_null(iot_fwmin_check(&db, "Philips", "Hue Bridge v2 (BSB002)", "1.35.0"));
    assert_null(
        iot_fwmin_check(&db, "Philips", "Hue Bridge v2 (BSB002)", "1.36.0")); /* equal: ok */
    assert_null(iot_fwmin_check(&db, "Philips", "Hue Bridge v2 (BSB002)", "1.48.0"));
    assert_null(
        iot_fwmin_check(&db, "Philips", "Hue Bridge v2 (BSB002)", "garbage")); /* no guess */
    assert_null(iot_fwmin_check(&db, "Philips", "Hue Bridge", "1.9.0"));       /* no entry */
    assert_non_null(iot_fwmin_check(&db, "Acme", "Cam Pro X", "3.5"));
    assert_null(iot_fwmin_check(&db, "Acme", "Cam Pro 2", "3.5"));
    iot_fwmin_free(&db);
}

static void test_shipped_file_loads(void **state)
{
    (void)state;
    const char *src = getenv("IOTSEC_SOURCE_DIR");
    if (src == NULL)
        skip();
    char path[512], err[256] = "";
    snprintf(path, sizeof(path), "%s/data/firmware-minimum.txt", src);
    struct iot_fwmin_db db = {0};
    if (iot_fwmin_load(&db, path, err, sizeof(err)) != IOT_OK)
        fail_msg("%s", err);
    assert_true(db.n >= 1);
    iot_fwmin_free(&db);
}

/* ---- the inventory's finding ---------------------------------------------------------------- */

static const uint8_t KEY[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static const char RULES[] =
    "hue       : ssdp.server ~ \"IpBridge\"                 => vendor=Philips kind=hub 0.8\n"
    "hue-model : mdns.txt.modelid = \"BSB002\"              => model=\"Hue Bridge v2 (BSB002)\" "
    "0.9\n"
    "hue-fw    : ssdp.server =~ \"IpBridge/([0-9][0-9.]*)\" => firmware={1} 0.9\n";

struct rec {
    unsigned nfinding, nfwchange;
    char fw[96];
    uint64_t pcap_cnt;
};
static struct rec R;

static void on_event(void *user, const struct iot_device *d, enum iot_inv_event_type type,
                     enum iot_attr attr, const char *old, struct iot_ts ts)
{
    (void)user;
    (void)old;
    (void)ts;
    if (type == IOT_INV_CHANGE && attr == IOT_ATTR_FIRMWARE)
        R.nfwchange++;
    if (type != IOT_INV_FINDING)
        return;
    assert_true(d->fw.active);
    R.nfinding++;
    snprintf(R.fw, sizeof(R.fw), "%s", d->fw.firmware);
    R.pcap_cnt = d->fw.pcap_cnt;
}

static struct iot_packet pkt(uint8_t mac_last, int64_t n)
{
    struct iot_packet p;
    memset(&p, 0, sizeof(p));
    p.flags = IOT_PKT_HAS_ETH | IOT_PKT_HAS_IPV4;
    static const uint8_t base[6] = {0x00, 0x17, 0x88, 0, 0, 0};
    memcpy(p.src_mac, base, 6);
    p.src_mac[5] = mac_last;
    memset(p.dst_mac, 0xff, 6);
    p.ip_ver = 4;
    p.src.b[0] = 192, p.src.b[1] = 168, p.src.b[2] = 1, p.src.b[3] = mac_last;
    p.dst.b[0] = 239, p.dst.b[1] = 255, p.dst.b[2] = 255, p.dst.b[3] = 250;
    p.ttl = 4;
    p.wirelen = 100;
    p.ts.sec = 1700000000 + n;
    p.num = (uint64_t)n;
    return p;
}

static void observe(struct iot_inventory *inv, struct iot_device *d, const char *f, const char *v,
                    int64_t n)
{
    struct iot_packet p = pkt(d->mac[5], n);
    iot_inventory_observe(inv, d, f, v, strlen(v), &p);
}

static void test_inventory_finding(void **state)
{
    (void)state;
    struct iot_ruleset rs = {0};
    struct iot_fwmin_db db = {0};
    char err[256] = "";
    assert_int_equal(iot_rules_parse(&rs, RULES, sizeof(RULES) - 1, "r", err, sizeof(err)), IOT_OK);
    assert_int_equal(iot_fwmin_parse(&db, DB, sizeof(DB) - 1, "fw.txt", err, sizeof(err)), IOT_OK);
    struct iot_inventory_config cfg;
    iot_inventory_config_default(&cfg);
    struct iot_inventory_callbacks cb = {NULL, on_event};
    struct iot_inventory *inv = iot_inventory_new(&cfg, NULL, &rs, &cb, KEY);
    assert_non_null(inv);
    iot_inventory_set_firmware_db(inv, &db);
    memset(&R, 0, sizeof(R));

    /* An old bridge: the version alone is not enough, the model must be known too. */
    struct iot_packet p = pkt(1, 1);
    struct iot_device *old = iot_inventory_packet(inv, &p);
    observe(inv, old, "ssdp.server", "Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0", 10);
    assert_string_equal(old->attr[IOT_ATTR_FIRMWARE].value, "1.9.0");
    assert_int_equal(R.nfinding, 0);
    observe(inv, old, "mdns.txt.modelid", "BSB002", 11);
    assert_int_equal(R.nfinding, 1);
    assert_string_equal(R.fw, "1.9.0");
    assert_int_equal(R.pcap_cnt, 11);
    assert_int_equal(old->fw.entry->line, 2);
    /* Repeats and unrelated facts do not repeat it. */
    observe(inv, old, "ssdp.server", "Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0", 12);
    observe(inv, old, "ssdp.nt", "upnp:rootdevice", 13);
    assert_int_equal(R.nfinding, 1);
    /* Updated to another outdated version: reported again, for the new version. */
    observe(inv, old, "ssdp.server", "Hue/1.0 UPnP/1.0 IpBridge/1.20.0", 14);
    assert_string_equal(old->attr[IOT_ATTR_FIRMWARE].value, "1.20.0");
    assert_int_equal(R.nfinding, 2);
    assert_string_equal(R.fw, "1.20.0");
    /* Updated to a good version: the finding drops, without another finding event. */
    observe(inv, old, "ssdp.server", "Hue/1.0 UPnP/1.0 IpBridge/1.48.0", 15);
    assert_string_equal(old->attr[IOT_ATTR_FIRMWARE].value, "1.48.0");
    assert_false(old->fw.active);
    assert_int_equal(R.nfinding, 2);
    assert_int_equal(R.nfwchange, 3);

    /* An up-to-date bridge and one whose model has no entry: no finding. */
    p = pkt(2, 20);
    struct iot_device *good = iot_inventory_packet(inv, &p);
    observe(inv, good, "mdns.txt.modelid", "BSB002", 21);
    observe(inv, good, "ssdp.server", "Hue/1.0 UPnP/1.0 IpBridge/1.36.0", 22);
    assert_false(good->fw.active);
    p = pkt(3, 30);
    struct iot_device *nomodel = iot_inventory_packet(inv, &p);
    observe(inv, nomodel, "ssdp.server", "Hue/1.0 UPnP/1.0 IpBridge/1.2.0", 31);
    assert_false(nomodel->fw.active);
    assert_int_equal(R.nfinding, 2);

    /* Without a database the inventory records versions but finds nothing. */
    iot_inventory_set_firmware_db(inv, NULL);
    p = pkt(4, 40);
    struct iot_device *nodb = iot_inventory_packet(inv, &p);
    observe(inv, nodb, "mdns.txt.modelid", "BSB002", 41);
    observe(inv, nodb, "ssdp.server", "IpBridge/1.1.0", 42);
    assert_string_equal(nodb->attr[IOT_ATTR_FIRMWARE].value, "1.1.0");
    assert_false(nodb->fw.active);
    assert_int_equal(R.nfinding, 2);

    iot_inventory_free(inv);
    iot_fwmin_free(&db);
    iot_rules_free(&rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_order),      cmocka_unit_test(test_version_valid),
        cmocka_unit_test(test_loader_errors),      cmocka_unit_test(test_lookup_and_check),
        cmocka_unit_test(test_shipped_file_loads), cmocka_unit_test(test_inventory_finding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
