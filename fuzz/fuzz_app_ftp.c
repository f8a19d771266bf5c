/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the FTP control-channel parser.
 * Target: src/app/app-ftp.c
 * Input: chunks, each a header byte (bit 7: from the client; bits 0-6: length) and its bytes.
 * Invariants: every event's text is terminated at its length, within the line cap; the parser's
 * own fields stay in bounds; and feeding the same bytes one at a time gives the very same
 * events (segmentation must not change what a session says). */
#include "iotsec-common.h"

#include "app/app-ftp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A digest of the event sequence. */
struct trace {
    uint64_t h;
    unsigned n;
};

static void mix(struct trace *t, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        t->h = (t->h ^ b[i]) * 1099511628211ull;
}

static void on_event(void *user, const struct iot_ftp_event *ev)
{
    struct trace *t = user;
    if (ev->len >= IOT_FTP_LINE_MAX || ev->text == NULL || ev->text[ev->len] != '\0')
        abort();
    if (ev->type == IOT_FTP_PASS && ev->user == NULL)
        abort();
    t->n++;
    mix(t, &ev->type, sizeof(ev->type));
    mix(t, ev->text, ev->len);
    mix(t, &ev->truncated, sizeof(ev->truncated));
}

static void check(const struct iot_ftp *s)
{
    if (s->len[0] >= IOT_FTP_LINE_MAX || s->len[1] >= IOT_FTP_LINE_MAX ||
        memchr(s->user, '\0', sizeof(s->user)) == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (64u << 10))
        return 0;
    static struct iot_ftp a, b;
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    struct trace ta = {1469598103934665603ull, 0}, tb = ta;
    size_t i = 0;
    while (i < size) {
        bool to_server = (data[i] & 0x80) != 0;
        size_t n = data[i] & 0x7F;
        i++;
        if (n > size - i)
            n = size - i;
        uint8_t *chunk = malloc(n ? n : 1); /* exactly sized: a read past it trips ASan */
        if (chunk == NULL)
            return 0;
        memcpy(chunk, data + i, n);
        iot_ftp_feed(&a, to_server, chunk, n, on_event, &ta);
        for (size_t k = 0; k < n; k++)
            iot_ftp_feed(&b, to_server, chunk + k, 1, on_event, &tb);
        free(chunk);
        check(&a);
        i += n;
    }
    if (ta.h != tb.h || ta.n != tb.n || memcmp(&a, &b, sizeof(a)) != 0)
        abort();
    return 0;
}
