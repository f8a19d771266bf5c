/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central store: a gateway's event is stored once whatever number of times it arrives;
 * the same sequence number from another spool or gateway is another event; messages whose
 * topic, size, JSON or ids do not agree are refused with a reason; the views read the stored
 * JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store-central.h"

static const char SPOOL_A[] = "0123456789abcdef";

static char *msg(const char *host, const char *spool, const char *seq, const char *type)
{
    static char buf[512];
    snprintf(buf, sizeof(buf),
             "{\"host\":\"%s\",\"export_spool\":\"%s\",\"export_seq\":%s,"
             "\"timestamp\":\"2023-11-14T22:13:20.000000+0000\",\"event_type\":\"%s\","
             "\"src_ip\":\"192.168.1.10\",\"dest_ip\":\"1.2.3.4\","
             "\"alert\":{\"signature_id\":1000001,\"signature\":\"x\",\"severity\":2}}",
             host, spool, seq, type);
    return buf;
}

static int add(struct iot_central *c, const char *topic, const char *payload)
{
    char err[512];
    return iot_central_add(c, topic, payload, strlen(payload), err, sizeof(err));
}

static void test_dedup_and_merge(void **state)
{
    (void)state;
    char err[256];
    struct iot_central *c = iot_central_open(":memory:", err, sizeof(err));
    assert_non_null(c);
    assert_int_equal(add(c, "iotsec/gw1/alert", msg("gw1", SPOOL_A, "1", "alert")), IOT_CENTRAL_ADDED);
    assert_int_equal(add(c, "iotsec/gw1/alert", msg("gw1", SPOOL_A, "1", "alert")), IOT_CENTRAL_DUPLICATE);
    /* The same id with other content (a forged event racing the real one): kept out, told. */
    char forged[600];
    snprintf(forged, sizeof(forged), "%s", msg("gw1", SPOOL_A, "1", "alert"));
    char *sid = strstr(forged, "1000001");
    sid[0] = '9';
    assert_int_equal(iot_central_add(c, "iotsec/gw1/alert", forged, strlen(forged), err, sizeof(err)),
                     IOT_CENTRAL_CONFLICT);
    assert_non_null(strstr(err, "differs"));
    assert_int_equal(add(c, "iotsec/gw1/alert", msg("gw1", "fedcba9876543210", "1", "alert")), IOT_CENTRAL_ADDED);
    assert_int_equal(add(c, "iotsec/gw2/alert", msg("gw2", SPOOL_A, "1", "alert")), IOT_CENTRAL_ADDED);
    assert_int_equal(add(c, "site/gw2/alert", msg("gw2", SPOOL_A, "2", "alert")), IOT_CENTRAL_ADDED);
    assert_int_equal(iot_central_begin(c), IOT_OK);
    for (int i = 3; i < 10; i++) {
        char seq[8];
        snprintf(seq, sizeof(seq), "%d", i);
        assert_int_equal(add(c, "iotsec/gw2/flow", msg("gw2", SPOOL_A, seq, "flow")), IOT_CENTRAL_ADDED);
    }
    assert_int_equal(iot_central_commit(c), IOT_OK);
    assert_int_equal(iot_central_count(c, NULL), 11);
    assert_int_equal(iot_central_count(c, "gw1"), 2);
    assert_int_equal(iot_central_count(c, "gw2"), 9);
    iot_central_close(c);
}

static void test_refusals(void **state)
{
    (void)state;
    char err[512];
    struct iot_central *c = iot_central_open(":memory:", err, sizeof(err));
    assert_non_null(c);
    static const struct {
        const char *topic, *host, *spool, *seq, *type, *why;
    } cases[] = {
        {"iotsec/gw1", "gw1", SPOOL_A, "1", "alert", "PREFIX/GATEWAY/EVENT_TYPE"},
        {"iotsec/gw1/alert/x", "gw1", SPOOL_A, "1", "alert", "PREFIX/GATEWAY/EVENT_TYPE"},
        {"iotsec/g+w/alert", "g+w", SPOOL_A, "1", "alert", "PREFIX/GATEWAY/EVENT_TYPE"},
        {"iotsec/g\x1b[2Jw/alert", "g", SPOOL_A, "1", "alert", "iotsec/g?[2Jw/alert"},
        {"iotsec//alert", "", SPOOL_A, "1", "alert", "PREFIX/GATEWAY/EVENT_TYPE"},
        {"iotsec/gw1/alert", "gw2", SPOOL_A, "1", "alert", "\"host\" differs"},
        {"iotsec/gw1/alert", "gw1", SPOOL_A, "1", "flow", "\"event_type\" differs"},
        {"iotsec/gw1/alert", "gw1", "0123", "1", "alert", "\"export_spool\""},
        {"iotsec/gw1/alert", "gw1", "0123456789ABCDEF", "1", "alert", "\"export_spool\""},
        {"iotsec/gw1/alert", "gw1", SPOOL_A, "0", "alert", "\"export_seq\""},
        {"iotsec/gw1/alert", "gw1", SPOOL_A, "-4", "alert", "\"export_seq\""},
        {"iotsec/gw1/alert", "gw1", SPOOL_A, "1.5", "alert", "\"export_seq\""},
        {"iotsec/gw1/alert", "gw1", SPOOL_A, "\"1\"", "alert", "\"export_seq\""},
    };
    for (size_t i = 0; i < IOT_ARRAY_LEN(cases); i++) {
        const char *m = msg(cases[i].host, cases[i].spool, cases[i].seq, cases[i].type);
        err[0] = '\0';
        assert_int_equal(iot_central_add(c, cases[i].topic, m, strlen(m), err, sizeof(err)),
                         IOT_ERR_INPUT);
        if (strstr(err, cases[i].why) == NULL)
            fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].why);
    }
    static const char *const payloads[] = {
        "[1,2]", "{\"host\":", "", "{\"host\":\"gw1\",\"host\":\"gw1\"}", "\"text\"",
        "{\"host\":\"gw1\",\"export_spool\":\"0123456789abcdef\",\"export_seq\":1,"
        "\"event_type\":\"alert\"}", /* no timestamp */
    };
    for (size_t i = 0; i < IOT_ARRAY_LEN(payloads); i++)
        assert_int_equal(iot_central_add(c, "iotsec/gw1/alert", payloads[i], strlen(payloads[i]),
                                         err, sizeof(err)),
                         IOT_ERR_INPUT);
    size_t big = IOT_CENTRAL_MSG_MAX + 1;
    char *huge = malloc(big);
    memset(huge, ' ', big);
    assert_int_equal(iot_central_add(c, "iotsec/gw1/alert", huge, big, err, sizeof(err)), IOT_ERR_INPUT);
    assert_non_null(strstr(err, "bytes"));
    free(huge);
    assert_int_equal(iot_central_count(c, NULL), 0);
    iot_central_close(c);
}

static void test_views(void **state)
{
    (void)state;
    char path[] = "/tmp/iotsec-central-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char err[256];
    struct iot_central *c = iot_central_open(path, err, sizeof(err));
    assert_non_null(c);
    assert_int_equal(add(c, "iotsec/gw1/alert", msg("gw1", SPOOL_A, "7", "alert")), IOT_CENTRAL_ADDED);
    assert_int_equal(add(c, "iotsec/gw1/flow", msg("gw1", SPOOL_A, "8", "flow")), IOT_CENTRAL_ADDED);
    iot_central_close(c);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT gateway, sid, signature, severity, src_ip,"
                                            " (SELECT events FROM gateways) FROM alerts",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "gw1");
    assert_int_equal(sqlite3_column_int(st, 1), 1000001);
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "x");
    assert_int_equal(sqlite3_column_int(st, 3), 2);
    assert_string_equal((const char *)sqlite3_column_text(st, 4), "192.168.1.10");
    assert_int_equal(sqlite3_column_int(st, 5), 2);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dedup_and_merge),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_views),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
