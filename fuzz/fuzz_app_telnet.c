/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the telnet session parser.
 * Target: src/app/app-telnet.c
 * Input and the segmentation invariant: fuzz_session_common.h. Also: every event's text is
 * terminated at its length, within the line cap, and the parser's own fields stay in bounds. */
#include "iotsec-common.h"

#include "fuzz_session_common.h"

#include "app/app-telnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_event(void *user, const struct iot_telnet_event *ev)
{
    struct fuzz_trace *t = user;
    if (ev->len >= IOT_TELNET_LINE_MAX || ev->text == NULL || ev->text[ev->len] != '\0')
        abort();
    if (ev->type == IOT_TELNET_PASSWORD && ev->user == NULL)
        abort();
    t->n++;
    fuzz_trace_mix(t, &ev->type, sizeof(ev->type));
    fuzz_trace_mix(t, ev->text, ev->len);
    fuzz_trace_mix(t, &ev->truncated, sizeof(ev->truncated));
}

static void feed(void *state, bool to_server, const uint8_t *data, size_t len,
                 struct fuzz_trace *t)
{
    iot_telnet_feed(state, to_server, data, len, on_event, t);
}

static void check(const void *state)
{
    const struct iot_telnet *s = state;
    if (s->line_len >= IOT_TELNET_LINE_MAX || s->tail_len > IOT_TELNET_TAIL || s->iac[0] > 4 ||
        s->iac[1] > 4 || memchr(s->user, '\0', sizeof(s->user)) == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct iot_telnet a, b;
    return size > (64u << 10) ? 0 : fuzz_session_run(data, size, &a, &b, sizeof(a), feed, check);
}
