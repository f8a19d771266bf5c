/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The event scheduler: a min-heap of pending actions keyed by (time, insertion order). */
#include "iotsec-common.h"

#include "sim.h"

/* The insertion sequence breaks time ties, so the order never depends on heap internals. */
static bool ev_less(const struct sim_ev *a, const struct sim_ev *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void sim_sched(struct sim *s, uint64_t t, enum sim_evfn fn, uint32_t dev, uint32_t arg)
{
    if (s->nev == s->cap_ev) {
        size_t cap = s->cap_ev ? s->cap_ev * 2 : 256;
        struct sim_ev *n = realloc(s->ev, cap * sizeof(*n));
        if (n == NULL)
            sim_fatal("out of memory (scheduler)");
        s->ev = n;
        s->cap_ev = cap;
    }
    struct sim_ev e = {.t = t, .seq = s->ev_seq++, .fn = (uint32_t)fn, .dev = dev, .arg = arg};
    size_t i = s->nev++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!ev_less(&e, &s->ev[parent]))
            break;
        s->ev[i] = s->ev[parent];
        i = parent;
    }
    s->ev[i] = e;
}

bool sim_sched_pop(struct sim *s, struct sim_ev *out)
{
    if (s->nev == 0)
        return false;
    *out = s->ev[0];
    struct sim_ev last = s->ev[--s->nev];
    size_t i = 0, n = s->nev;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        const struct sim_ev *best = &last;
        if (l < n && ev_less(&s->ev[l], best)) {
            m = l;
            best = &s->ev[l];
        }
        if (l + 1 < n && ev_less(&s->ev[l + 1], best))
            m = l + 1;
        if (m == i)
            break;
        s->ev[i] = s->ev[m];
        i = m;
    }
    if (n > 0)
        s->ev[i] = last;
    return true;
}
