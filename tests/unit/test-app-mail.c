/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mail login parser: POP3 USER/PASS and AUTH, IMAP LOGIN and AUTHENTICATE, SMTP AUTH, with
 * SASL PLAIN and LOGIN, from the RFC examples where there are some; the greeting test; pipelined
 * commands; STARTTLS, message bodies and literals passed over; malformed and hostile input. Every
 * scripted session is also fed byte by byte and in odd chunks (same events, same state), and
 * afterwards the state must hold neither a password nor a client line. */
#include "decode-testlib.h"

#include <stdio.h>

#include "app/app-mail.h"

#define MAX_EV 16
#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

struct ev {
    enum iot_mail_event_type type;
    char mech[16];
    char user[IOT_MAIL_USER_MAX];
    char pass[IOT_MAIL_LINE_MAX];
    size_t pass_len;
    bool cut;
};

struct ev_log {
    unsigned n;
    struct ev ev[MAX_EV];
};

static void on_event(void *user, const struct iot_mail_event *ev)
{
    struct ev_log *l = user;
    assert_non_null(ev->mech);
    assert_non_null(ev->user);
    assert_non_null(ev->pass);
    assert_true(strlen(ev->user) < IOT_MAIL_USER_MAX);
    assert_true(ev->pass_len < IOT_MAIL_LINE_MAX);
    assert_int_equal(ev->pass[ev->pass_len], '\0');
    if (ev->type != IOT_MAIL_CREDENTIAL) {
        assert_string_equal(ev->mech, "");
        assert_int_equal(ev->pass_len, 0);
    }
    assert_true(l->n < MAX_EV);
    struct ev *e = &l->ev[l->n++];
    e->type = ev->type;
    snprintf(e->mech, sizeof(e->mech), "%s", ev->mech);
    snprintf(e->user, sizeof(e->user), "%s", ev->user);
    memcpy(e->pass, ev->pass, ev->pass_len);
    e->pass_len = ev->pass_len;
    e->cut = ev->truncated;
}

/* One line or more of a session, as one direction sent it. */
struct step {
    bool client;
    const char *text;
};
#define CL(s) {true, s}
#define SV(s) {false, s}

struct want {
    enum iot_mail_event_type type;
    const char *mech, *user, *pass;
};
#define CRED(mech, user, pass) {IOT_MAIL_CREDENTIAL, mech, user, pass}
#define OK(user) {IOT_MAIL_LOGIN_OK, "", user, ""}
#define FAILED(user) {IOT_MAIL_LOGIN_FAILED, "", user, ""}

/* Feeds an exact-size heap copy, so that a read past len trips ASan. */
static void feed(struct iot_mail *m, struct ev_log *l, bool client, const void *p, size_t n)
{
    uint8_t *copy = tu_exact_copy(p, n);
    assert_non_null(copy);
    iot_mail_feed(m, client, copy, n, on_event, l);
    free(copy);
}

/* Mode 0 feeds each step whole, 1 byte by byte, 2 in chunks of 1, 2, 3, 5, 7, 11, 13 bytes. */
static void play(struct iot_mail *m, struct ev_log *l, enum iot_mail_proto proto,
                 const struct step *steps, size_t nsteps, int mode)
{
    static const size_t sizes[] = {1, 2, 3, 5, 7, 11, 13};
    size_t z = 0;
    iot_mail_init(m, proto);
    memset(l, 0, sizeof(*l));
    for (size_t s = 0; s < nsteps; s++) {
        const char *t = steps[s].text;
        size_t len = strlen(t);
        if (mode == 0) {
            feed(m, l, steps[s].client, t, len);
            continue;
        }
        for (size_t i = 0; i < len;) {
            size_t k = mode == 1 ? 1 : sizes[z++ % N_ELEM(sizes)];
            k = k < len - i ? k : len - i;
            feed(m, l, steps[s].client, t + i, k);
            i += k;
        }
    }
}

/* Plays a session three ways; checks the events against want, segmentation invariance, and that
 * no password and no client line is left in the state. Returns the state of the whole feed. */
static void run(struct iot_mail *out, enum iot_mail_proto proto, const struct step *steps,
                size_t nsteps, const struct want *want, size_t nwant)
{
    struct iot_mail *m = calloc(3, sizeof(*m));
    struct ev_log *l = calloc(3, sizeof(*l));
    assert_non_null(m);
    assert_non_null(l);
    for (int mode = 0; mode < 3; mode++)
        play(&m[mode], &l[mode], proto, steps, nsteps, mode);
    for (int mode = 1; mode < 3; mode++) {
        assert_memory_equal(&l[0], &l[mode], sizeof(l[0]));
        assert_memory_equal(&m[0], &m[mode], sizeof(m[0]));
    }
    assert_int_equal(l[0].n, nwant);
    for (size_t i = 0; i < nwant; i++) {
        const struct ev *e = &l[0].ev[i];
        assert_int_equal(e->type, want[i].type);
        assert_string_equal(e->mech, want[i].mech);
        assert_string_equal(e->user, want[i].user);
        assert_int_equal(e->pass_len, strlen(want[i].pass));
        assert_memory_equal(e->pass, want[i].pass, e->pass_len);
        /* The password is nowhere in the state (unless it is also the user name). */
        if (e->type == IOT_MAIL_CREDENTIAL && e->pass_len >= 3 && strstr(e->user, e->pass) == NULL)
            assert_null(memmem(&m[0], sizeof(m[0]), e->pass, e->pass_len));
    }
    if (m[0].cli_len == 0)
        for (size_t i = 0; i < sizeof(m[0].cli); i++)
            assert_int_equal(m[0].cli[i], 0);
    if (out != NULL)
        *out = m[0];
    free(m);
    free(l);
}

#define RUN(proto, steps, want)                                                                    \
    run(NULL, proto, steps, N_ELEM(steps), want, N_ELEM(want))
#define RUN_NONE(proto, steps) run(NULL, proto, steps, N_ELEM(steps), NULL, 0)

/* RFC 1939 7 (USER/PASS example), learned from the greeting by a zeroed state. */
static void test_pop3_user_pass(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n"),
        CL("USER mrose\r\n"),
        SV("+OK mrose is a real hoopy frood\r\n"),
        CL("PASS secret\r\n"),
        SV("-ERR maildrop already locked\r\n"),
        CL("user mrose\r\n"),
        SV("+OK mrose is a real hoopy frood\r\n"),
        CL("pass secret\n"), /* bare LF, lower case */
        SV("+OK mrose's maildrop has 2 messages (320 octets)\r\n"),
        CL("STAT\r\n"),
        SV("+OK 2 320\r\n"),
    };
    static const struct want w[] = {CRED("USER/PASS", "mrose", "secret"), FAILED("mrose"),
                                    CRED("USER/PASS", "mrose", "secret"), OK("mrose")};
    struct iot_mail m;
    run(&m, IOT_MAIL_UNKNOWN, s, N_ELEM(s), w, N_ELEM(w));
    assert_int_equal(m.proto, IOT_MAIL_POP3);
    assert_int_equal(m.commands, 5);
    assert_int_equal(m.replies, 6);
    /* The same from the port, and a password with spaces (RFC 1939 7: the rest of the line). */
    static const struct step s2[] = {
        SV("+OK hello\r\n"), CL("USER admin\r\n"), SV("+OK\r\n"), CL("PASS my pass word\r\n"),
        SV("+OK welcome\r\n"),
    };
    static const struct want w2[] = {CRED("USER/PASS", "admin", "my pass word"), OK("admin")};
    RUN(IOT_MAIL_POP3, s2, w2);
}

/* RFC 5034 6 examples: PLAIN with an initial response, and with a "+ " challenge. */
static void test_pop3_auth_plain(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("+OK pop.example.com BlurdyBlurp POP3 server ready\r\n"),
        CL("CAPA\r\n"),
        SV("+OK List of capabilities follows\r\nSASL PLAIN LOGIN\r\nUSER\r\n.\r\n"),
        CL("AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n"),
        SV("-ERR authentication failed\r\n"),
        CL("AUTH PLAIN\r\n"),
        SV("+ \r\n"),
        CL("dGVzdAB0ZXN0AHRlc3Q=\r\n"),
        SV("+OK Maildrop locked and ready\r\n"),
    };
    static const struct want w[] = {CRED("PLAIN", "test", "test"), FAILED("test"),
                                    CRED("PLAIN", "test", "test"), OK("test")};
    RUN(IOT_MAIL_POP3, s, w);
}

static void test_pop3_auth_login(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("+OK ready\r\n"),
        CL("AUTH LOGIN\r\n"),
        SV("+ VXNlcm5hbWU6\r\n"),
        CL("Ym9i\r\n"),
        SV("+ UGFzc3dvcmQ6\r\n"),
        CL("aHVudGVyMg==\r\n"),
        SV("+OK logged in\r\n"),
    };
    static const struct want w[] = {CRED("LOGIN", "bob", "hunter2"), OK("bob")};
    RUN(IOT_MAIL_POP3, s, w);
}

/* RFC 9051 6.2.3 (LOGIN example), quoted strings with escapes, NO and BAD. */
static void test_imap_login(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("* OK [CAPABILITY IMAP4rev2 AUTH=PLAIN] IMAP4rev2 server ready\r\n"),
        CL("a001 LOGIN SMITH SESAME\r\n"),
        SV("a001 NO [AUTHENTICATIONFAILED] Invalid credentials\r\n"),
        CL("a002 login \"fred \\\"the\\\" foo\" \"p\\\\ss w\\\"d\"\r\n"),
        SV("* BYE not yet\r\n"),
        SV("a002 BAD what\r\n"),
        CL("a003 LOGIN SMITH \"\"\r\n"), /* an empty password */
        SV("a003 NO\r\n"),
        CL("a004 LOGIN SMITH SESAME\r\n"),
        SV("* CAPABILITY IMAP4rev2\r\na004 OK LOGIN completed\r\n"),
    };
    static const struct want w[] = {
        CRED("LOGIN", "SMITH", "SESAME"), FAILED("SMITH"),
        CRED("LOGIN", "fred \"the\" foo", "p\\ss w\"d"), FAILED("fred \"the\" foo"),
        CRED("LOGIN", "SMITH", ""), FAILED("SMITH"),
        CRED("LOGIN", "SMITH", "SESAME"), OK("SMITH"),
    };
    struct iot_mail m;
    run(&m, IOT_MAIL_UNKNOWN, s, N_ELEM(s), w, N_ELEM(w));
    assert_int_equal(m.proto, IOT_MAIL_IMAP);
}

/* RFC 4616 4 (the IMAP example), an authorization identity, SASL-IR (RFC 4959). */
static void test_imap_authenticate_plain(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("* OK IMAP4rev1 Server\r\n"),
        CL("A01 AUTHENTICATE PLAIN\r\n"),
        SV("+\r\n"),
        CL("AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n"),
        SV("A01 OK Success (tls protection)\r\n"),
        CL("A02 AUTHENTICATE PLAIN VXJzZWwAS3VydAB4aXBqM3BsbXE=\r\n"),
        SV("A02 NO Not authorized to requested authorization identity\r\n"),
        CL("A03 authenticate plain\r\n"),
        SV("+ \r\n"),
        CL("YWRtaW4AAHB3\r\n"), /* "admin\0\0pw": no authcid, the authzid is the user */
        SV("A03 BAD\r\n"),
    };
    static const struct want w[] = {
        CRED("PLAIN", "tim", "tanstaaftanstaaf"), OK("tim"),
        CRED("PLAIN", "Kurt", "xipj3plmq"), FAILED("Kurt"),
        CRED("PLAIN", "admin", "pw"), FAILED("admin"),
    };
    RUN(IOT_MAIL_IMAP, s, w);
}

static void test_imap_authenticate_login(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("* OK ready\r\n"),
        CL("x7 AUTHENTICATE LOGIN\r\n"),
        SV("+ VXNlcm5hbWU6\r\n"),
        CL("YWxpY2VAZXhhbXBsZS5jb20=\r\n"),
        SV("+ UGFzc3dvcmQ6\r\n"),
        CL("UzNjcjN0IQ==\r\n"),
        SV("x6 OK an older command\r\n"), /* another tag: not the verdict */
        SV("x7 OK [CAPABILITY IMAP4rev1] Logged in\r\n"),
    };
    static const struct want w[] = {CRED("LOGIN", "alice@example.com", "S3cr3t!"),
                                    OK("alice@example.com")};
    RUN(IOT_MAIL_IMAP, s, w);
}

/* RFC 4954 8 examples, a challenge before the response, LOGIN with an initial response, the
 * enhanced codes and a multi-line refusal. */
static void test_smtp_auth(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("220 smtp.example.com ESMTP server ready\r\n"),
        CL("EHLO jgm.example.com\r\n"),
        SV("250-smtp.example.com\r\n250 AUTH GSSAPI DIGEST-MD5 PLAIN LOGIN\r\n"),
        CL("AUTH PLAIN\r\n"),
        SV("334 \r\n"),
        CL("dGVzdAB0ZXN0ADEyMzQ=\r\n"),
        SV("535-5.7.8 Username and Password not accepted.\r\n"
           "535 5.7.8 https://support.example.com/auth\r\n"),
        CL("AUTH LOGIN dGVzdA==\r\n"),
        SV("334 UGFzc3dvcmQ6\r\n"),
        CL("MTIzNA==\r\n"),
        SV("454 4.7.0 Temporary authentication failure\r\n"),
        CL("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"),
        SV("235 2.7.0 Authentication successful\r\n"),
        CL("MAIL FROM:<test@example.com>\r\n"),
        SV("250 2.1.0 Ok\r\n"),
    };
    static const struct want w[] = {
        CRED("PLAIN", "test", "1234"), FAILED("test"), CRED("LOGIN", "test", "1234"),
        FAILED("test"), CRED("PLAIN", "test", "1234"), OK("test"),
    };
    struct iot_mail m;
    run(&m, IOT_MAIL_UNKNOWN, s, N_ELEM(s), w, N_ELEM(w));
    assert_int_equal(m.proto, IOT_MAIL_SMTP);
    assert_int_equal(m.outstanding, 0);
    /* SMTP AUTH LOGIN without an initial response, refused with a bare "535". */
    static const struct step s2[] = {
        SV("220 mx ESMTP\r\n"), CL("AUTH LOGIN\r\n"), SV("334 VXNlcm5hbWU6\r\n"),
        CL("Ym9i\r\n"), SV("334 UGFzc3dvcmQ6\r\n"), CL("aHVudGVyMg==\r\n"), SV("535\r\n"),
    };
    static const struct want w2[] = {CRED("LOGIN", "bob", "hunter2"), FAILED("bob")};
    RUN(IOT_MAIL_SMTP, s2, w2);
}

static void test_guess_and_names(void **state)
{
    (void)state;
    static const struct {
        const char *greeting;
        enum iot_mail_proto proto;
    } t[] = {
        {"+OK Dovecot ready.\r\n", IOT_MAIL_POP3},
        {"+OK", IOT_MAIL_POP3},
        {"+OKAY\r\n", IOT_MAIL_UNKNOWN},
        {"+ok hello\r\n", IOT_MAIL_UNKNOWN}, /* RFC 1939: upper case */
        {"* OK [CAPABILITY IMAP4rev1] ready\r\n", IOT_MAIL_IMAP},
        {"* ok hi\r\n", IOT_MAIL_IMAP},
        {"* PREAUTH hi\r\n", IOT_MAIL_UNKNOWN},
        {"220 mx.example.com ESMTP Postfix\r\n", IOT_MAIL_SMTP},
        {"220-mx.example.com Microsoft MAIL Service\r\n220 ready\r\n", IOT_MAIL_SMTP},
        {"220-mx.example.com\r\n220 ESMTP\r\n", IOT_MAIL_UNKNOWN}, /* only the first line */
        {"220 ProFTPD Server (FTP) ready\r\n", IOT_MAIL_UNKNOWN},
        {"220smtp\r\n", IOT_MAIL_UNKNOWN},
        {"SSH-2.0-OpenSSH_9.6\r\n", IOT_MAIL_UNKNOWN},
        {"", IOT_MAIL_UNKNOWN},
    };
    for (size_t i = 0; i < N_ELEM(t); i++) {
        size_t n = strlen(t[i].greeting);
        uint8_t *copy = tu_exact_copy((const uint8_t *)t[i].greeting, n);
        assert_int_equal(iot_mail_guess(copy, n), t[i].proto);
        free(copy);
    }
    assert_int_equal(iot_mail_guess(NULL, 0), IOT_MAIL_UNKNOWN);
    assert_string_equal(iot_mail_proto_name(IOT_MAIL_POP3), "pop3");
    assert_string_equal(iot_mail_proto_name(IOT_MAIL_IMAP), "imap");
    assert_string_equal(iot_mail_proto_name(IOT_MAIL_SMTP), "smtp");
    assert_string_equal(iot_mail_proto_name(IOT_MAIL_UNKNOWN), "unknown");
    assert_string_equal(iot_mail_proto_name((enum iot_mail_proto)42), "unknown");
    /* iot_mail_init(UNKNOWN) is all zeroes, so a memset state is the same session. */
    struct iot_mail a, z;
    memset(&a, 0x5A, sizeof(a));
    memset(&z, 0, sizeof(z));
    iot_mail_init(&a, IOT_MAIL_UNKNOWN);
    assert_memory_equal(&a, &z, sizeof(a));
    iot_mail_init(&a, (enum iot_mail_proto)42);
    assert_memory_equal(&a, &z, sizeof(a));
    /* A greeting nobody knows: the session stays unknown and reports nothing. */
    static const struct step s[] = {
        SV("hello there\r\n"), CL("USER a\r\nPASS b\r\n"), SV("+OK\r\n"),
        CL("a LOGIN x y\r\nAUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"), SV("235 ok\r\n"),
    };
    RUN_NONE(IOT_MAIL_UNKNOWN, s);
    /* The protocol from the port wins over the greeting. */
    static const struct step s2[] = {SV("* OK imap?\r\n"), CL("USER a\r\nPASS bb\r\n")};
    static const struct want w2[] = {CRED("USER/PASS", "a", "bb")};
    RUN(IOT_MAIL_POP3, s2, w2);
    /* A NULL callback is allowed. */
    iot_mail_init(&a, IOT_MAIL_POP3);
    iot_mail_feed(&a, true, (const uint8_t *)"USER a\r\nPASS b\r\n", 16, NULL, NULL);
    iot_mail_feed(&a, false, (const uint8_t *)"+OK\r\n+OK\r\n", 10, NULL, NULL);
    assert_int_equal(a.pending, 0);
}

/* A reply that answers nothing pending gives no verdict; an IMAP verdict needs its own tag. */
static void test_replies_without_login(void **state)
{
    (void)state;
    static const struct step pop[] = {
        SV("+OK ready\r\n"), CL("USER a\r\n"), SV("+OK\r\n-ERR\r\n+OK\r\n"), CL("NOOP\r\n"),
        SV("-ERR\r\n"), CL("AUTH\r\n"), SV("+OK\r\nPLAIN\r\n.\r\n"),
    };
    RUN_NONE(IOT_MAIL_POP3, pop);
    static const struct step imap[] = {
        SV("* OK ready\r\n"), SV("a1 OK\r\na1 NO\r\n* OK\r\n+ go\r\n"), CL("a2 NOOP\r\n"),
        SV("a2 OK\r\n"), CL("b1 LOGIN user pass\r\n"),
        SV("b2 OK\r\nB1 OK\r\nb1OK\r\n* b1 OK\r\nb1 OKAY\r\n"), /* none is b1's verdict */
    };
    static const struct want wi[] = {CRED("LOGIN", "user", "pass")};
    RUN(IOT_MAIL_IMAP, imap, wi);
    static const struct step smtp[] = {
        SV("220 mx ESMTP\r\n"), CL("EHLO x\r\n"), SV("250 ok\r\n235 2.7.0 ok\r\n535 no\r\n"),
        CL("AUTH PLAIN\r\n"), SV("334 \r\n"), CL("*\r\n"), /* cancelled (RFC 4954 4) */
        SV("501 5.0.0 cancelled\r\n235 stray\r\n"),
    };
    RUN_NONE(IOT_MAIL_SMTP, smtp);
    static const struct step cancel[] = {
        SV("* OK\r\n"), CL("t AUTHENTICATE LOGIN\r\n"), SV("+ VXNlcm5hbWU6\r\n"), CL("Ym9i\r\n"),
        SV("+ UGFzc3dvcmQ6\r\n"), CL("*\r\n"), SV("t BAD cancelled\r\n"),
    };
    RUN_NONE(IOT_MAIL_IMAP, cancel);
}

/* Bad base64, PLAIN without its two NULs or with three, the server refusing AUTH before any
 * response, and mechanisms that carry no password: no credential and so no verdict. */
static void test_malformed_sasl(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("220 mx ESMTP\r\n"),
        CL("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ\r\n"), /* no padding */
        SV("501 5.5.2 cannot decode\r\n"),
        CL("AUTH PLAIN dGVz!AB0ZXN0ADEyMzQ=\r\n"),
        SV("501 bad\r\n"),
        CL("AUTH PLAIN dGltAHBhc3M=\r\n"), /* "tim\0pass": one NUL */
        SV("535 bad\r\n"),
        CL("AUTH PLAIN YQBiAGMAZA==\r\n"), /* "a\0b\0c\0d": three */
        SV("535 bad\r\n"),
        CL("AUTH PLAIN =\r\n"), /* empty */
        SV("535 bad\r\n"),
        CL("AUTH PLAIN\r\n"),
        SV("334 \r\n"),
        CL("\r\n"), /* an empty response */
        SV("535 bad\r\n"),
        CL("AUTH LOGIN\r\n"),
        SV("334 VXNlcm5hbWU6\r\n"),
        CL("not base64 at all\r\n"),
        SV("501 bad\r\n"),
        CL("AUTH XOAUTH2\r\n"), /* another mechanism: its lines are not commands */
        SV("334 \r\n"),
        CL("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"),
        SV("535 bad\r\n"),
        CL("AUTH NTLM\r\n"),
        SV("504 5.5.4 Unrecognized authentication type\r\n"),
        CL("AUTH PLAIN\r\n"),
        SV("504 no\r\n"), /* refused before a response: the next line is a command again */
        CL("AUTH LOGIN Ym9i\r\n"),
        SV("334 UGFzc3dvcmQ6\r\n"),
        CL("aHVudGVyMg==\r\n"),
        SV("235 ok\r\n"),
    };
    static const struct want w[] = {CRED("LOGIN", "bob", "hunter2"), OK("bob")};
    RUN(IOT_MAIL_SMTP, s, w);
    static const struct step p[] = {
        SV("+OK\r\n"), CL("AUTH PLAIN\r\n"), SV("-ERR unsupported\r\n"),
        CL("AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n"), SV("-ERR no\r\n"),
    };
    static const struct want wp[] = {CRED("PLAIN", "tim", "tanstaaftanstaaf"), FAILED("tim")};
    RUN(IOT_MAIL_POP3, p, wp);
}

/* Lines longer than the cap: the rest is dropped and the event says so. */
static void test_long_lines(void **state)
{
    (void)state;
    enum { LONG = IOT_MAIL_LINE_MAX + 100 };
    static char pass_line[LONG + 16], want_pass[IOT_MAIL_LINE_MAX];
    memcpy(pass_line, "PASS ", 5);
    memset(pass_line + 5, 'p', LONG);
    memcpy(pass_line + 5 + LONG, "\r\n", 3);
    memset(want_pass, 'p', IOT_MAIL_LINE_MAX - 1 - 5);
    want_pass[IOT_MAIL_LINE_MAX - 1 - 5] = '\0';
    struct iot_mail m;
    struct ev_log l;
    iot_mail_init(&m, IOT_MAIL_POP3);
    memset(&l, 0, sizeof(l));
    feed(&m, &l, true, "USER x\r\n", 8);
    feed(&m, &l, false, "+OK\r\n", 5);
    feed(&m, &l, true, pass_line, strlen(pass_line));
    feed(&m, &l, false, "-ERR\r\n", 6);
    assert_int_equal(l.n, 2);
    assert_true(l.ev[0].cut);
    assert_string_equal(l.ev[0].pass, want_pass);
    assert_int_equal(l.ev[1].type, IOT_MAIL_LOGIN_FAILED);
    assert_null(memmem(&m, sizeof(m), "pppp", 4));
    /* A user name past 63 bytes is cut. */
    static char user_line[200];
    memcpy(user_line, "a LOGIN ", 8);
    memset(user_line + 8, 'u', 100);
    memcpy(user_line + 108, " pw\r\n", 6);
    iot_mail_init(&m, IOT_MAIL_IMAP);
    memset(&l, 0, sizeof(l));
    feed(&m, &l, true, user_line, strlen(user_line));
    assert_int_equal(l.n, 1);
    assert_true(l.ev[0].cut);
    assert_int_equal(strlen(l.ev[0].user), IOT_MAIL_USER_MAX - 1);
    assert_string_equal(l.ev[0].pass, "pw");
    /* A quoted password the cap cuts: kept up to the cap, marked cut. */
    static char q_line[LONG + 32];
    memcpy(q_line, "a LOGIN u \"", 11);
    memset(q_line + 11, 'q', LONG);
    memcpy(q_line + 11 + LONG, "\"\r\n", 4);
    memset(&l, 0, sizeof(l));
    feed(&m, &l, true, q_line, strlen(q_line));
    assert_int_equal(l.n, 1);
    assert_true(l.ev[0].cut);
    assert_int_equal(l.ev[0].pass_len, IOT_MAIL_LINE_MAX - 1 - 11);
    /* A base64 PLAIN message the cap cuts in its password: decoded as far as it goes. */
    static char b_line[LONG + 32];
    static const char head[] = "AHRpbQB0YW5zdGFh"; /* "\0tim\0tanstaa" */
    memcpy(b_line, "AUTH PLAIN ", 11);
    memcpy(b_line + 11, head, sizeof(head) - 1);
    memset(b_line + 11 + sizeof(head) - 1, 'Y', LONG);
    memcpy(b_line + 11 + sizeof(head) - 1 + LONG, "\r\n", 3);
    iot_mail_init(&m, IOT_MAIL_SMTP);
    memset(&l, 0, sizeof(l));
    feed(&m, &l, true, b_line, strlen(b_line));
    feed(&m, &l, false, "235 ok\r\n", 8);
    assert_int_equal(l.n, 2);
    assert_true(l.ev[0].cut);
    assert_string_equal(l.ev[0].user, "tim");
    assert_int_equal(l.ev[0].pass_len, (IOT_MAIL_LINE_MAX - 1 - 11) / 4 * 3 - 5);
    assert_memory_equal(l.ev[0].pass, "tanstaa", 7);
    assert_int_equal(l.ev[1].type, IOT_MAIL_LOGIN_OK);
    /* A long server line is cut too, and still read as a reply. */
    static char reply[LONG + 16];
    memcpy(reply, "+OK ", 4);
    memset(reply + 4, 'r', LONG);
    memcpy(reply + 4 + LONG, "\r\n", 3);
    iot_mail_init(&m, IOT_MAIL_POP3);
    memset(&l, 0, sizeof(l));
    feed(&m, &l, true, "USER a\r\nPASS b\r\n", 16);
    feed(&m, &l, false, "+OK\r\n", 5);
    feed(&m, &l, false, reply, strlen(reply));
    assert_int_equal(l.n, 2);
    assert_int_equal(l.ev[1].type, IOT_MAIL_LOGIN_OK);
}

/* A password may hold any byte but CR and LF; it is reported whole, with its length. */
static void test_binary_password(void **state)
{
    (void)state;
    struct iot_mail m;
    struct ev_log l;
    iot_mail_init(&m, IOT_MAIL_POP3);
    memset(&l, 0, sizeof(l));
    static const char line[] = "PASS a\0b\xff\r\n";
    feed(&m, &l, true, line, sizeof(line) - 1);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ev[0].pass_len, 4);
    assert_memory_equal(l.ev[0].pass, "a\0b\xff", 4);
    /* SASL LOGIN: base64 of "pw\0x" */
    iot_mail_init(&m, IOT_MAIL_SMTP);
    memset(&l, 0, sizeof(l));
    static const char s[] = "AUTH LOGIN Ym9i\r\ncHcAeA==\r\n";
    feed(&m, &l, true, s, sizeof(s) - 1);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ev[0].pass_len, 4);
    assert_memory_equal(l.ev[0].pass, "pw\0x", 4);
    assert_null(memmem(&m, sizeof(m), "pw\0x", 4));
    /* A user name with a NUL is reported up to it, marked cut (found by the fuzzer). */
    iot_mail_init(&m, IOT_MAIL_POP3);
    memset(&l, 0, sizeof(l));
    static const char u[] = "USER ad\0min\r\n";
    feed(&m, &l, true, u, sizeof(u) - 1);
    feed(&m, &l, false, "+OK\r\n", 5);
    feed(&m, &l, true, "PASS pw\r\n", 9);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.ev[0].user, "ad");
    assert_true(l.ev[0].cut);
    for (size_t i = 2; i < sizeof(m.user); i++)
        assert_int_equal(m.user[i], 0);
}

/* Pipelined commands (RFC 2449 PIPELINING, RFC 2920): each verdict pairs with its command. */
static void test_pipelining(void **state)
{
    (void)state;
    static const struct step pop[] = {
        SV("+OK ready\r\n"),
        CL("CAPA\r\nUSER root\r\nPASS toor\r\nUSER root\r\nPASS 12345\r\n"),
        SV("+OK\r\nPIPELINING\r\nUSER\r\n.\r\n+OK\r\n-ERR bad\r\n+OK\r\n+OK welcome\r\n"),
    };
    /* Both passwords are reported; the first verdict is superseded by the second command. */
    static const struct want wp[] = {CRED("USER/PASS", "root", "toor"),
                                     CRED("USER/PASS", "root", "12345"), OK("root")};
    RUN(IOT_MAIL_POP3, pop, wp);
    static const struct step pop2[] = {
        SV("+OK ready\r\n"), CL("USER root\r\nPASS toor\r\n"), SV("+OK\r\n"), SV("-ERR\r\n"),
    };
    static const struct want wp2[] = {CRED("USER/PASS", "root", "toor"), FAILED("root")};
    RUN(IOT_MAIL_POP3, pop2, wp2);
    static const struct step smtp[] = {
        SV("220 mx ESMTP\r\n"),
        CL("EHLO bot\r\nAUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"),
        SV("250-mx\r\n250 AUTH PLAIN\r\n"),
        SV("235 2.7.0 ok\r\n"),
    };
    static const struct want ws[] = {CRED("PLAIN", "test", "1234"), OK("test")};
    RUN(IOT_MAIL_SMTP, smtp, ws);
    static const struct step imap[] = {
        SV("* OK\r\n"), CL("1 LOGIN a b\r\n2 LOGIN c d\r\n"), SV("1 NO\r\n2 OK\r\n"),
    };
    static const struct want wi[] = {CRED("LOGIN", "a", "b"), CRED("LOGIN", "c", "d"), OK("c")};
    RUN(IOT_MAIL_IMAP, imap, wi);
}

/* After a successful STARTTLS/STLS nothing is parsed; a refused one changes nothing. */
static void test_starttls(void **state)
{
    (void)state;
    static const struct step smtp[] = {
        SV("220 mx ESMTP\r\n"), CL("STARTTLS\r\n"), SV("454 4.7.0 TLS not available\r\n"),
        CL("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"), SV("535 no\r\n"), CL("STARTTLS\r\n"),
        SV("220 2.0.0 go ahead\r\n"), CL("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"),
        SV("235 ok\r\n"),
    };
    static const struct want ws[] = {CRED("PLAIN", "test", "1234"), FAILED("test")};
    struct iot_mail m;
    run(&m, IOT_MAIL_SMTP, smtp, N_ELEM(smtp), ws, N_ELEM(ws));
    assert_true(m.stopped);
    static const struct step pop[] = {
        SV("+OK\r\n"), CL("STLS\r\n"), SV("+OK Begin TLS negotiation\r\n"),
        CL("USER a\r\nPASS b\r\n"), SV("+OK\r\n+OK\r\n"),
    };
    RUN_NONE(IOT_MAIL_POP3, pop);
    static const struct step imap[] = {
        SV("* OK\r\n"), CL("a STARTTLS\r\n"), SV("a OK Begin TLS negotiation now\r\n"),
        CL("b LOGIN u p\r\n"), SV("b OK\r\n"),
    };
    RUN_NONE(IOT_MAIL_IMAP, imap);
    /* A client line half read when TLS starts is wiped at once. */
    iot_mail_init(&m, IOT_MAIL_POP3);
    iot_mail_feed(&m, true, (const uint8_t *)"STLS\r\nPASS sec", 14, NULL, NULL);
    iot_mail_feed(&m, false, (const uint8_t *)"+OK go\r\n", 8, NULL, NULL);
    assert_true(m.stopped);
    assert_null(memmem(&m, sizeof(m), "sec", 3));
}

/* SMTP message bodies (DATA, RFC 5321 4.1.1.4; BDAT, RFC 3030) are not commands. */
static void test_smtp_body(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("220 mx ESMTP\r\n"),
        CL("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"),
        SV("250 ok\r\n250 ok\r\n354 go ahead\r\n"),
        CL("Subject: hi\r\n\r\nAUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n..\r\n.\r\n"),
        SV("250 queued\r\n"),
        CL("BDAT 38 LAST\r\nAUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n235\r\n"),
        SV("250 ok\r\n"),
        CL("AUTH LOGIN Ym9i\r\n"), SV("334 UGFzc3dvcmQ6\r\n"), CL("aHVudGVyMg==\r\n"),
        SV("235 ok\r\n"),
    };
    static const struct want w[] = {CRED("LOGIN", "bob", "hunter2"), OK("bob")};
    struct iot_mail m;
    run(&m, IOT_MAIL_SMTP, s, N_ELEM(s), w, N_ELEM(w));
    assert_int_equal(m.outstanding, 0);
    /* A refused DATA: no body follows, and the next command is read. */
    static const struct step r[] = {
        SV("220 mx ESMTP\r\n"), CL("DATA\r\n"), SV("503 5.5.1 need RCPT\r\n"),
        CL("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"), SV("235 ok\r\n"),
    };
    static const struct want wr[] = {CRED("PLAIN", "test", "1234"), OK("test")};
    RUN(IOT_MAIL_SMTP, r, wr);
}

/* IMAP literals (RFC 9051 4.3, RFC 7888): passed over; a LOGIN using one reports nothing. */
static void test_imap_literals(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("* OK\r\n"),
        CL("a LOGIN {5}\r\n"),
        SV("+ Ready for literal data\r\n"),
        CL("alice {6}\r\n"),
        SV("+ Ready\r\n"),
        CL("secret\r\n"),
        SV("a OK\r\n"),
        CL("b APPEND INBOX {19+}\r\nc LOGIN fake fake\r\n\r\n"),
        SV("b OK\r\n"),
        CL("c APPEND INBOX {99}\r\n"),
        SV("c NO [TOOBIG]\r\n"), /* refused: the literal never comes */
        CL("d LOGIN real pw\r\n"),
        SV("d OK\r\n"),
    };
    static const struct want w[] = {CRED("LOGIN", "real", "pw"), OK("real")};
    RUN(IOT_MAIL_IMAP, s, w);
}

/* A tag too long to keep: the credential is reported, with no verdict, and a SASL exchange under
 * it still ends at the tagged reply. Tags that could be the server's are not commands. */
static void test_imap_odd_tags(void **state)
{
    (void)state;
    static const struct step s[] = {
        SV("* OK\r\n"),
        CL("t0123456789012345678901234567890123456789 AUTHENTICATE XOAUTH2\r\n"),
        SV("+ \r\n"),
        CL("dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==\r\n"),
        SV("t0123456789012345678901234567890123456789 NO bad token\r\n"),
        CL("t0123456789012345678901234567890123456789 LOGIN u pw\r\n"),
        SV("t0123456789012345678901234567890123456789 OK\r\n"),
        CL("* LOGIN x y\r\n+ LOGIN x y\r\n"),
        SV("* OK\r\n+ OK\r\n"),
    };
    static const struct want w[] = {CRED("LOGIN", "u", "pw")};
    RUN(IOT_MAIL_IMAP, s, w);
}

/* The state is a function of the bytes alone: chunk boundaries anywhere (including inside CRLF,
 * base64 and tags) change nothing, and the passwords are gone after every line. */
static void test_password_wiped(void **state)
{
    (void)state;
    static const char *const secrets[] = {"hunter2", "tanstaaftanstaaf", "S3cr3t!", "SESAME"};
    static const struct step s[] = {
        CL("USER bob\r\nPASS hunter2\r\n"),
        CL("AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n"),
        CL("AUTH LOGIN\r\nYWxpY2VAZXhhbXBsZS5jb20=\r\nUzNjcjN0IQ==\r\n"),
    };
    struct iot_mail m;
    struct ev_log l;
    play(&m, &l, IOT_MAIL_POP3, s, N_ELEM(s), 1);
    assert_int_equal(l.n, 3);
    for (size_t i = 0; i < N_ELEM(secrets); i++)
        assert_null(memmem(&m, sizeof(m), secrets[i], strlen(secrets[i])));
    assert_null(memmem(&m, sizeof(m), "UzNjcjN0IQ", 10));
    static const struct step i[] = {
        CL("a LOGIN SMITH \"SESAME\"\r\nb AUTHENTICATE PLAIN\r\n"),
        CL("AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n"),
    };
    play(&m, &l, IOT_MAIL_IMAP, i, N_ELEM(i), 2);
    assert_int_equal(l.n, 2);
    for (size_t k = 0; k < N_ELEM(secrets); k++)
        assert_null(memmem(&m, sizeof(m), secrets[k], strlen(secrets[k])));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pop3_user_pass),
        cmocka_unit_test(test_pop3_auth_plain),
        cmocka_unit_test(test_pop3_auth_login),
        cmocka_unit_test(test_imap_login),
        cmocka_unit_test(test_imap_authenticate_plain),
        cmocka_unit_test(test_imap_authenticate_login),
        cmocka_unit_test(test_smtp_auth),
        cmocka_unit_test(test_guess_and_names),
        cmocka_unit_test(test_replies_without_login),
        cmocka_unit_test(test_malformed_sasl),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_binary_password),
        cmocka_unit_test(test_pipelining),
        cmocka_unit_test(test_starttls),
        cmocka_unit_test(test_smtp_body),
        cmocka_unit_test(test_imap_literals),
        cmocka_unit_test(test_imap_odd_tags),
        cmocka_unit_test(test_password_wiped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
