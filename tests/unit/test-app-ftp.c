/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FTP control-channel parser: a login refused then accepted, commands in any case, replies
 * on several lines, long lines, the greeting test, and the same events whatever the
 * segmentation. */
#include "decode-testlib.h"

#include <stdio.h>

#include "app/app-ftp.h"

struct ev_log {
    unsigned n;
    enum iot_ftp_event_type type[16];
    char text[16][IOT_FTP_LINE_MAX];
    char user[16][64];
    bool cut[16];
};

static void on_event(void *user, const struct iot_ftp_event *ev)
{
    struct ev_log *l = user;
    if (l->n == 16)
        return;
    l->type[l->n] = ev->type;
    snprintf(l->text[l->n], sizeof(l->text[0]), "%s", ev->text);
    snprintf(l->user[l->n], sizeof(l->user[0]), "%s", ev->user ? ev->user : "");
    l->cut[l->n] = ev->truncated;
    l->n++;
}

static void feed(struct iot_ftp *t, struct ev_log *l, bool to_server, const char *s)
{
    iot_ftp_feed(t, to_server, (const uint8_t *)s, strlen(s), on_event, l);
}

static void test_login_dialog(void **state)
{
    (void)state;
    struct iot_ftp t = {0};
    struct ev_log l = {0};
    static const char greet[] = "220 HP LaserJet Pro M404dn FTP Server ready.\r\n";
    assert_true(iot_ftp_looks_like((const uint8_t *)greet, sizeof(greet) - 1));
    assert_false(iot_ftp_looks_like((const uint8_t *)"220 mail ESMTP ready\r\n", 22));
    feed(&t, &l, false, greet);
    feed(&t, &l, true, "USER admin\r\n");
    feed(&t, &l, false, "331 Password required for admin.\r\n");
    feed(&t, &l, true, "PASS wrong\r\n");
    feed(&t, &l, false, "530-Login incorrect.\r\n530 Try again.\r\n");
    feed(&t, &l, true, "user admin\r\npass admin123\r\n");
    feed(&t, &l, false, "230 User admin logged in.\r\n");
    feed(&t, &l, true, "SYST\r\n");
    static const enum iot_ftp_event_type want[] = {IOT_FTP_USER, IOT_FTP_PASS,
                                                   IOT_FTP_LOGIN_FAILED, IOT_FTP_USER,
                                                   IOT_FTP_PASS, IOT_FTP_LOGIN_OK};
    assert_int_equal(l.n, 6);
    for (unsigned i = 0; i < 6; i++)
        assert_int_equal(l.type[i], want[i]);
    assert_string_equal(l.text[0], "admin");
    assert_string_equal(l.text[1], "wrong");
    assert_string_equal(l.user[4], "admin");
    assert_string_equal(l.text[4], "admin123");
    assert_int_equal(t.commands, 5);
    for (size_t i = 0; i < sizeof(t.line[1]); i++) /* the password is wiped */
        assert_int_equal(t.line[1][i], 0);
}

static void test_long_line_and_segmentation(void **state)
{
    (void)state;
    struct iot_ftp a = {0}, b = {0};
    struct ev_log la = {0}, lb = {0};
    char big[IOT_FTP_LINE_MAX + 40];
    memcpy(big, "PASS ", 5);
    memset(big + 5, 'p', sizeof(big) - 8);
    memcpy(big + sizeof(big) - 3, "\r\n", 3);
    feed(&a, &la, true, "USER x\r\n");
    feed(&a, &la, true, big);
    assert_int_equal(la.n, 2);
    assert_true(la.cut[1]);
    assert_int_equal(strlen(la.text[1]), IOT_FTP_LINE_MAX - 1 - 5);
    const char *all = "USER x\r\n";
    for (size_t k = 0; all[k]; k++)
        iot_ftp_feed(&b, true, (const uint8_t *)all + k, 1, on_event, &lb);
    for (size_t k = 0; big[k]; k++)
        iot_ftp_feed(&b, true, (const uint8_t *)big + k, 1, on_event, &lb);
    assert_memory_equal(&la, &lb, sizeof(la));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_dialog),
        cmocka_unit_test(test_long_line_and_segmentation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
