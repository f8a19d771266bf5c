/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the streaming session-parser harnesses (telnet, FTP): the input is chunks, each a
 * header byte (bit 7: from the client; bits 0-6: length) and its bytes, copied to an exactly
 * sized buffer. Every chunk goes to parser state a whole and to state b one byte at a time; the
 * two event traces and the two states must end identical (segmentation must not change what a
 * session says), and check() holds after every chunk. */
#ifndef IOTSEC_FUZZ_FUZZ_SESSION_COMMON_H
#define IOTSEC_FUZZ_FUZZ_SESSION_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A digest of an event sequence. */
struct fuzz_trace {
    uint64_t h;
    unsigned n;
};

static inline void fuzz_trace_mix(struct fuzz_trace *t, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        t->h = (t->h ^ b[i]) * 1099511628211ull;
}

/* Feeds len bytes to a parser state, its events going into t. */
typedef void (*fuzz_feed_fn)(void *state, bool to_server, const uint8_t *data, size_t len,
                             struct fuzz_trace *t);

static inline int fuzz_session_run(const uint8_t *data, size_t size, void *a, void *b,
                                   size_t state_size, fuzz_feed_fn feed,
                                   void (*check)(const void *state))
{
    memset(a, 0, state_size);
    memset(b, 0, state_size);
    struct fuzz_trace ta = {1469598103934665603ull, 0}, tb = ta;
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
        feed(a, to_server, chunk, n, &ta);
        for (size_t k = 0; k < n; k++)
            feed(b, to_server, chunk + k, 1, &tb);
        free(chunk);
        check(a);
        i += n;
    }
    if (ta.h != tb.h || ta.n != tb.n || memcmp(a, b, state_size) != 0)
        abort();
    return 0;
}

#endif
