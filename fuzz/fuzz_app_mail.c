/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the mail login parser (POP3, IMAP, SMTP).
 * Target: src/app/app-mail.c
 * The first input byte, mod 4, picks the session's protocol (0: unknown, learned from the
 * greeting); the rest is a session as fuzz_session_common.h describes it, with its segmentation
 * invariant. Also: every event is well formed (a known mechanism, the user and password
 * terminated and within their caps, nothing but a user in a verdict), and the parser's state
 * keeps its invariants (lengths under the caps, terminated strings, line buffers zero past their
 * length, no pending reply to skip to without a pending command). */
#include "iotsec-common.h"

#include "fuzz_session_common.h"

#include "app/app-mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A session's state, set up with the chosen protocol by its first bytes (so that a state fed
 * nothing stays all zeroes, as fuzz_session_run compares). */
struct session {
    struct iot_mail m;
    bool ready;
};

static enum iot_mail_proto proto;

static void on_event(void *user, const struct iot_mail_event *ev)
{
    struct fuzz_trace *t = user;
    if (ev->mech == NULL || ev->user == NULL || ev->pass == NULL ||
        memchr(ev->user, '\0', IOT_MAIL_USER_MAX) == NULL || ev->pass_len >= IOT_MAIL_LINE_MAX ||
        ev->pass[ev->pass_len] != '\0')
        abort();
    size_t mlen = strlen(ev->mech);
    switch (ev->type) {
    case IOT_MAIL_CREDENTIAL:
        if (strcmp(ev->mech, "USER/PASS") != 0 && strcmp(ev->mech, "LOGIN") != 0 &&
            strcmp(ev->mech, "PLAIN") != 0)
            abort();
        break;
    case IOT_MAIL_LOGIN_OK:
    case IOT_MAIL_LOGIN_FAILED:
        if (mlen != 0 || ev->pass_len != 0 || ev->truncated)
            abort();
        break;
    default:
        abort();
    }
    t->n++;
    fuzz_trace_mix(t, &ev->type, sizeof(ev->type));
    fuzz_trace_mix(t, ev->mech, mlen);
    fuzz_trace_mix(t, ev->user, strlen(ev->user) + 1);
    fuzz_trace_mix(t, ev->pass, ev->pass_len);
    fuzz_trace_mix(t, &ev->truncated, sizeof(ev->truncated));
}

static void feed(void *state, bool to_server, const uint8_t *data, size_t len,
                 struct fuzz_trace *t)
{
    struct session *s = state;
    if (len > 0 && !s->ready) {
        iot_mail_init(&s->m, proto);
        s->ready = true;
    }
    iot_mail_feed(&s->m, to_server, data, len, on_event, t);
}

static bool zero_past(const char *buf, size_t cap, size_t len)
{
    for (size_t i = len; i < cap; i++)
        if (buf[i] != 0)
            return false;
    return true;
}

static void check(const void *state)
{
    const struct iot_mail *m = &((const struct session *)state)->m;
    if (m->cli_len >= IOT_MAIL_LINE_MAX || m->srv_len >= IOT_MAIL_REPLY_MAX ||
        !zero_past(m->cli, sizeof(m->cli), m->cli_len) ||
        !zero_past(m->srv, sizeof(m->srv), m->srv_len) ||
        memchr(m->user, '\0', sizeof(m->user)) == NULL ||
        !zero_past(m->user, sizeof(m->user), strlen(m->user)) ||
        memchr(m->tag, '\0', sizeof(m->tag)) == NULL ||
        !zero_past(m->tag, sizeof(m->tag), strlen(m->tag)) || m->proto > IOT_MAIL_SMTP ||
        m->skip > m->outstanding || (m->pending == 0 && m->skip != 0) || m->data > 2 ||
        (m->stopped && (m->cli_len != 0 || m->srv_len != 0)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct session a, b;
    if (size < 1 || size > (64u << 10))
        return 0;
    proto = (enum iot_mail_proto)(data[0] % 4);
    if ((unsigned)iot_mail_guess(data + 1, size - 1) > IOT_MAIL_SMTP)
        abort();
    return fuzz_session_run(data + 1, size - 1, &a, &b, sizeof(a), feed, check);
}
