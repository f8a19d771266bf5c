/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MAC vendor lookup: the real IEEE registries from ieee-data, longest-prefix matching, address
 * kinds, and a strict CSV loader that names file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "inventory/inventory-oui.h"
#include "util/util-mem.h"

static void test_real_registries(void **state)
{
    (void)state;
    struct stat st;
    if (stat(IOT_IEEE_DATA_DIR "/oui.csv", &st) != 0)
        skip(); /* ieee-data not installed */
    char err[256] = "";
    struct iot_oui_db *db = iot_oui_db_load(NULL, err, sizeof(err));
    if (db == NULL)
        fail_msg("load failed: %s", err);
    assert_true(iot_oui_db_count(db, 24) > 30000);
    assert_true(iot_oui_db_count(db, 28) > 4000);
    assert_true(iot_oui_db_count(db, 36) > 9000); /* MA-S plus IAB */
    static const struct {
        uint8_t mac[6];
        const char *vendor;
        unsigned bits;
    } cases[] = {
        {{0x50, 0xc7, 0xbf, 0x00, 0xfc, 0xa3}, "TP-LINK TECHNOLOGIES CO.,LTD.", 24}, /* quoted */
        {{0x00, 0x17, 0x88, 0x24, 0x76, 0xff}, "Philips Lighting BV", 24},
        {{0xb0, 0xc5, 0x54, 0x25, 0x5b, 0x0e}, "D-Link International", 24},
        {{0xf4, 0xbd, 0x9e, 0x01, 0x02, 0x03}, "Cisco Systems, Inc", 24},
        /* 20:85:93:B... is MA-M inside an MA-L held by the IEEE: the longer prefix wins. */
        {{0x20, 0x85, 0x93, 0xb0, 0x00, 0x01}, "IOG Products LLC", 28},
        {{0x20, 0x85, 0x93, 0xf0, 0x00, 0x01}, "IEEE Registration Authority", 24}, /* no MA-M F */
        {{0x70, 0xb3, 0xd5, 0xf2, 0xf0, 0x01}, "TELEPLATFORMS", 36},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned bits = 0;
        const char *v = iot_oui_lookup(db, cases[i].mac, &bits);
        assert_non_null(v);
        assert_string_equal(v, cases[i].vendor);
        assert_int_equal(bits, cases[i].bits);
    }
    static const uint8_t unknown[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    assert_null(iot_oui_lookup(db, unknown, NULL));
    iot_oui_db_free(db);
}

static void test_mac_kind(void **state)
{
    (void)state;
    static const uint8_t uni[6] = {0x00, 0x17, 0x88, 1, 2, 3};
    static const uint8_t local[6] = {0xda, 0xa1, 0x19, 1, 2, 3}; /* a randomised phone MAC */
    static const uint8_t mcast[6] = {0x01, 0x00, 0x5e, 0, 0, 0xfb};
    static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(iot_mac_kind(uni), IOT_MAC_UNIVERSAL);
    assert_int_equal(iot_mac_kind(local), IOT_MAC_LOCAL);
    assert_int_equal(iot_mac_kind(mcast), IOT_MAC_GROUP);
    assert_int_equal(iot_mac_kind(bcast), IOT_MAC_GROUP);
}

static int load_text(const char *text, char *err, size_t errlen, struct iot_oui_db **out)
{
    struct iot_oui_db *db = iot_oui_db_new();
    assert_non_null(db);
    int rc = iot_oui_db_add_csv(db, text, strlen(text), "t.csv", err, errlen);
    iot_oui_db_finish(db);
    *out = db;
    return rc;
}

static void test_csv_good(void **state)
{
    (void)state;
    char err[256] = "";
    struct iot_oui_db *db;
    const char *text = "Registry,Assignment,Organization Name,Organization Address\r\n"
                       "MA-L,AABBCC,\"Acme \"\"Quoted\"\", Inc\",\"1 Road, Town\"\r\n"
                       "\r\n"
                       "MA-L,001122,Plain Corp   ,\n"
                       "MA-S,AABBCCDDE,Tiny Block Ltd,Somewhere";
    assert_int_equal(load_text(text, err, sizeof(err), &db), IOT_OK);
    static const uint8_t a[6] = {0xaa, 0xbb, 0xcc, 0x00, 0x00, 0x01};
    static const uint8_t b[6] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
    static const uint8_t c[6] = {0xaa, 0xbb, 0xcc, 0xdd, 0xe0, 0x01};
    assert_string_equal(iot_oui_lookup(db, a, NULL), "Acme \"Quoted\", Inc");
    assert_string_equal(iot_oui_lookup(db, b, NULL), "Plain Corp");
    assert_string_equal(iot_oui_lookup(db, c, NULL), "Tiny Block Ltd");
    iot_oui_db_free(db);
}

static void test_csv_bad(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *err;
    } cases[] = {
        {"", "t.csv:1: expected the header"},
        {"Vendor,Prefix\nMA-L,AABBCC,X,Y\n", "t.csv:1: expected the header"},
        {"Registry,A,O,A\nMA-L,AABBCC,\"Unterminated,Y\n", "t.csv:2: malformed CSV field"},
        {"Registry,A,O,A\nMA-L,AABBCC,\"X\"junk,Y\n", "t.csv:2: malformed CSV field"},
        {"Registry,A,O,A\nMA-L,AABBC,X,Y\n", "t.csv:2: expected MA-L/MA-M/MA-S/IAB"},
        {"Registry,A,O,A\nMA-L,AABBCG,X,Y\n", "t.csv:2: expected MA-L/MA-M/MA-S/IAB"},
        {"Registry,A,O,A\nMA-X,AABBCC,X,Y\n", "t.csv:2: expected MA-L/MA-M/MA-S/IAB"},
        {"Registry,A,O,A\nMA-L,AABBCC,X,Y\nMA-M,AABBCC,X,Y\n", "t.csv:3: expected MA-L/MA-M"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char err[256] = "";
        struct iot_oui_db *db;
        uint64_t before = iot_mem_in_use();
        assert_int_equal(load_text(cases[i].text, err, sizeof(err), &db), IOT_ERR_INPUT);
        if (strncmp(err, cases[i].err, strlen(cases[i].err)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, err, cases[i].err);
        iot_oui_db_free(db);
        assert_int_equal(iot_mem_in_use(), before);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_registries),
        cmocka_unit_test(test_mac_kind),
        cmocka_unit_test(test_csv_good),
        cmocka_unit_test(test_csv_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
