/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The exporter's parts that need no broker: the spool (order, sequence numbers never reused,
 * the byte cap and its drop counter, all surviving a reopen), broker URLs and topic names, the
 * event type read from a line, and an exporter whose broker is unreachable keeping every line
 * it was given, byte for byte, in the spool. (A real broker: tests/scripts/test-mqtt-export.sh.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <stdlib.h>
#include <unistd.h>

#include "output/output-mqtt.h"
#include "output/output-spool.h"

static char dir_template[] = "/tmp/iotsec-spool-XXXXXX";

static const char *temp_dir(void)
{
    static char dir[64];
    snprintf(dir, sizeof(dir), "%s", dir_template);
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void remove_dir(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

struct seen {
    uint64_t seq[16];
    char payload[16][64];
    int n;
};

static int collect(void *ctx, uint64_t seq, const char *type, const char *payload, size_t len)
{
    struct seen *s = ctx;
    assert_string_equal(type, "alert");
    assert_true(s->n < 16 && len < 64);
    s->seq[s->n] = seq;
    memcpy(s->payload[s->n], payload, len);
    s->payload[s->n][len] = '\0';
    s->n++;
    return 0;
}

static void test_spool_order_seq_and_reopen(void **state)
{
    (void)state;
    char err[256];
    const char *dir = temp_dir();
    struct iot_spool *s = iot_spool_open(dir, 1 << 20, false, err, sizeof(err));
    assert_non_null(s);
    char id[IOT_SPOOL_ID_LEN + 1];
    snprintf(id, sizeof(id), "%s", iot_spool_id(s));
    assert_int_equal(strlen(id), 16);
    assert_int_equal(strspn(id, "0123456789abcdef"), 16);
    assert_int_equal(iot_spool_begin(s), IOT_OK);
    for (int i = 0; i < 5; i++) {
        char p[32];
        int n = snprintf(p, sizeof(p), "{\"n\":%d}", i);
        assert_int_equal(iot_spool_add(s, "alert", p, (size_t)n), IOT_OK);
    }
    assert_int_equal(iot_spool_commit(s), IOT_OK);
    struct seen seen = {0};
    assert_int_equal(iot_spool_read(s, 2, 10, collect, &seen), 3);
    assert_int_equal(seen.seq[0], 3);
    assert_string_equal(seen.payload[2], "{\"n\":4}");
    /* The newest two delivered: their numbers are not handed out again, even after a reopen. */
    uint64_t gone[] = {4, 5, 5};
    assert_int_equal(iot_spool_remove(s, gone, 3), IOT_OK);
    iot_spool_close(s);
    s = iot_spool_open(dir, 1 << 20, false, err, sizeof(err));
    assert_non_null(s);
    assert_string_equal(iot_spool_id(s), id);
    struct iot_spool_stats st;
    iot_spool_get_stats(s, &st);
    assert_int_equal(st.pending, 3);
    assert_int_equal(st.bytes, 3 * (5 + 7));
    assert_int_equal(st.next_seq, 6);
    assert_int_equal(iot_spool_begin(s), IOT_OK);
    assert_int_equal(iot_spool_add(s, "alert", "{\"n\":5}", 7), IOT_OK);
    assert_int_equal(iot_spool_commit(s), IOT_OK);
    seen.n = 0;
    assert_int_equal(iot_spool_read(s, 0, 10, collect, &seen), 4);
    assert_int_equal(seen.seq[3], 6);
    iot_spool_close(s);
    remove_dir(dir);
}

static void test_spool_cap_counts_drops(void **state)
{
    (void)state;
    char err[256];
    const char *dir = temp_dir();
    /* Each event is 5 + 10 bytes: four fit in 64, the fifth and later are dropped. */
    struct iot_spool *s = iot_spool_open(dir, 64, false, err, sizeof(err));
    assert_non_null(s);
    assert_int_equal(iot_spool_begin(s), IOT_OK);
    int ok = 0, full = 0;
    for (int i = 0; i < 10; i++) {
        int rc = iot_spool_add(s, "alert", "{\"x\":1234}", 10);
        ok += rc == IOT_OK;
        full += rc == IOT_ERR_NOMEM;
    }
    iot_spool_count_dropped(s, 2); /* a full queue in front of it */
    assert_int_equal(iot_spool_commit(s), IOT_OK);
    assert_int_equal(ok, 4);
    assert_int_equal(full, 6);
    iot_spool_close(s);
    s = iot_spool_open(dir, 64, false, err, sizeof(err));
    struct iot_spool_stats st;
    iot_spool_get_stats(s, &st);
    assert_int_equal(st.pending, 4);
    assert_int_equal(st.bytes, 60);
    assert_int_equal(st.dropped, 8);
    /* Delivering makes room again. */
    uint64_t one = 1;
    assert_int_equal(iot_spool_remove(s, &one, 1), IOT_OK);
    assert_int_equal(iot_spool_begin(s), IOT_OK);
    assert_int_equal(iot_spool_add(s, "alert", "{\"x\":1234}", 10), IOT_OK);
    assert_int_equal(iot_spool_add(s, "alert", "{\"x\":1234}", 10), IOT_ERR_NOMEM);
    assert_int_equal(iot_spool_commit(s), IOT_OK);
    iot_spool_close(s);
    remove_dir(dir);
}

static void test_url_parse(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        int ok, tls, port;
        const char *host;
    } cases[] = {
        {"mqtts://broker.example.org", 1, 1, 8883, "broker.example.org"},
        {"mqtts://10.0.0.5:18883", 1, 1, 18883, "10.0.0.5"},
        {"mqtt://localhost", 1, 0, 1883, "localhost"},
        {"mqtts://[fd00::1]:8884", 1, 1, 8884, "fd00::1"},
        {"mqtts://[fd00::1]", 1, 1, 8883, "fd00::1"},
        {"mqtts://host/", 1, 1, 8883, "host"},
        {"https://host", 0, 0, 0, NULL},
        {"mqtts://", 0, 0, 0, NULL},
        {"mqtts://user:pw@host", 0, 0, 0, NULL},
        {"mqtts://host:0", 0, 0, 0, NULL},
        {"mqtts://host:65536", 0, 0, 0, NULL},
        {"mqtts://host:12a", 0, 0, 0, NULL},
        {"mqtts://host:", 0, 0, 0, NULL},
        {"mqtts://host/path", 0, 0, 0, NULL},
        {"mqtts://[fd00::1", 0, 0, 0, NULL},
        {"mqtts://[fd00::1]x", 0, 0, 0, NULL},
        {"mqtts://ho st", 0, 0, 0, NULL},
    };
    for (size_t i = 0; i < IOT_ARRAY_LEN(cases); i++) {
        struct iot_mqtt_url u;
        char err[256] = "";
        int rc = iot_mqtt_url_parse(cases[i].url, &u, err, sizeof(err));
        if (!cases[i].ok) {
            assert_int_equal(rc, IOT_ERR_INPUT);
            assert_true(err[0] != '\0');
            continue;
        }
        assert_int_equal(rc, IOT_OK);
        assert_int_equal(u.tls, cases[i].tls);
        assert_int_equal(u.port, cases[i].port);
        assert_string_equal(u.host, cases[i].host);
    }
    char long_host[400];
    memset(long_host, 'a', sizeof(long_host));
    memcpy(long_host, "mqtts://", 8);
    long_host[sizeof(long_host) - 1] = '\0';
    struct iot_mqtt_url u;
    char err[256];
    assert_int_equal(iot_mqtt_url_parse(long_host, &u, err, sizeof(err)), IOT_ERR_INPUT);
}

static void test_names_and_event_type(void **state)
{
    (void)state;
    assert_true(iot_mqtt_name_ok("gw-1.site_a"));
    assert_false(iot_mqtt_name_ok(""));
    assert_false(iot_mqtt_name_ok("a/b"));
    assert_false(iot_mqtt_name_ok("a+"));
    assert_false(iot_mqtt_name_ok("#"));
    char long_name[80];
    memset(long_name, 'a', 64);
    long_name[64] = '\0';
    assert_false(iot_mqtt_name_ok(long_name));
    long_name[63] = '\0';
    assert_true(iot_mqtt_name_ok(long_name));

    char t[32];
    const char *line = "{\"timestamp\":\"2023-11-14T22:13:20.000000+0000\",\"event_type\":\"alert\",\"x\":1}\n";
    iot_mqtt_event_type(line, strlen(line), t, sizeof(t));
    assert_string_equal(t, "alert");
    const char *bad[] = {"{\"event_type\":\"Alert\"}", "{\"event_type\":\"a/b\"}",
                         "{\"event_type\":\"alert", "{\"x\":1}", "", "{\"event_type\":\"\"}"};
    for (size_t i = 0; i < IOT_ARRAY_LEN(bad); i++) {
        iot_mqtt_event_type(bad[i], strlen(bad[i]), t, sizeof(t));
        assert_string_equal(t, "unknown");
    }
}

static int collect_lines(void *ctx, uint64_t seq, const char *type, const char *payload,
                         size_t len)
{
    (void)seq;
    FILE *f = ctx;
    fprintf(f, "%s %.*s\n", type, (int)len, payload);
    return 0;
}

/* A broker nobody answers at: every pushed line of an exported type is in the spool at close,
 * as it was given (without its newline), and the other types are only counted. */
static void test_exporter_keeps_everything_when_unreachable(void **state)
{
    (void)state;
    const char *dir = temp_dir();
    struct iot_mqtt_export_config c = {0};
    char err[256];
    assert_int_equal(iot_mqtt_url_parse("mqtts://127.0.0.1:1", &c.conn.url, err, sizeof(err)), IOT_OK);
    snprintf(c.gateway, sizeof(c.gateway), "gw");
    snprintf(c.topic_prefix, sizeof(c.topic_prefix), "iotsec");
    snprintf(c.event_types, sizeof(c.event_types), "alert,flow");
    snprintf(c.spool_dir, sizeof(c.spool_dir), "%s", dir);
    c.spool_max_bytes = 1 << 20;
    c.queue_max_bytes = 4096;
    c.reconnect_max = 1;
    c.window = 8;
    c.drain_timeout = 3; /* long enough for a refused connection to be seen */
    c.wait_when_full = true;
    struct iot_mqtt_exporter *x = iot_mqtt_export_new(&c, err, sizeof(err));
    assert_non_null(x);
    char want[1 << 16] = "";
    size_t wlen = 0;
    for (int i = 0; i < 300; i++) {
        const char *type = i % 3 == 0 ? "alert" : i % 3 == 1 ? "flow" : "dns";
        char line[128];
        int n = snprintf(line, sizeof(line), "{\"timestamp\":\"t\",\"event_type\":\"%s\",\"i\":%d}\n",
                         type, i);
        iot_mqtt_export_push(x, line, (size_t)n);
        if (i % 3 != 2)
            wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen, "%s %.*s\n", type, n - 1, line);
    }
    struct iot_mqtt_export_stats st;
    iot_mqtt_export_close(x, &st);
    assert_int_equal(st.queued, 300);
    assert_int_equal(st.filtered, 100);
    assert_int_equal(st.spooled, 200);
    assert_int_equal(st.pending, 200);
    assert_int_equal(st.delivered, 0);
    assert_int_equal(st.dropped, 0);
    assert_true(st.connect_failures >= 1);
    assert_non_null(strstr(st.last_error, "127.0.0.1:1"));

    struct iot_spool *s = iot_spool_open(dir, 1 << 20, false, err, sizeof(err));
    assert_non_null(s);
    char *got = NULL;
    size_t glen = 0;
    FILE *f = open_memstream(&got, &glen);
    assert_int_equal(iot_spool_read(s, 0, 1000, collect_lines, f), 200);
    fclose(f);
    assert_string_equal(got, want);
    free(got);
    iot_spool_close(s);
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spool_order_seq_and_reopen),
        cmocka_unit_test(test_spool_cap_counts_drops),
        cmocka_unit_test(test_url_parse),
        cmocka_unit_test(test_names_and_event_type),
        cmocka_unit_test(test_exporter_keeps_everything_when_unreachable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
