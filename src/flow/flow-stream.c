/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TCP stream reassembly: in-order delivery, a bounded out-of-order queue, overlaps, gaps, depth. */
#include "iotsec-common.h"
#include "flow/flow-stream.h"

#include "util/util-mem.h"

#define TH_FIN 0x01u
#define TH_SYN 0x02u
#define TH_RST 0x04u

/* Sequence numbers wrap at 2^32: a is before b when the signed distance is negative. */
static bool seq_lt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

static bool seq_leq(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) <= 0;
}

static uint32_t stream_depth(const struct iot_flow_table *t)
{
    return t->cfg.stream_depth > UINT32_MAX ? UINT32_MAX : (uint32_t)t->cfg.stream_depth;
}

static void seg_free(struct iot_flow_table *t, struct iot_stream *s, struct iot_stream_seg *seg)
{
    IOT_DEBUG_VALIDATE(s->seg_count > 0 && s->seg_bytes >= seg->len);
    s->seg_count--;
    s->seg_bytes -= seg->len;
    t->stats.stream_memuse -= sizeof(*seg) + seg->len;
    iot_free(seg);
}

void iot_stream_free(struct iot_flow_table *t, struct iot_stream *s)
{
    while (s->segs != NULL) {
        struct iot_stream_seg *seg = s->segs;
        s->segs = seg->next;
        seg_free(t, s, seg);
    }
}

/* Bytes that start exactly at next_seq: hand them over, up to the depth. */
static void deliver(struct iot_flow_table *t, struct iot_flow *f, enum iot_flow_dir dir,
                    const uint8_t *data, uint32_t len)
{
    struct iot_stream *s = &f->stream[dir];
    uint32_t depth = stream_depth(t);
    uint32_t n = IOT_MIN(len, depth - s->delivered);

    s->next_seq += len;
    if (n > 0) {
        s->delivered += n;
        t->stats.tcp_reassembled_bytes += n;
        if (t->cb.stream_data != NULL)
            t->cb.stream_data(t->cb.user, f, dir, data, n);
    }
    if (s->delivered >= depth) {
        /* Past the depth nothing is inspected, so nothing is worth holding either. */
        s->depth_reached = true;
        t->stats.tcp_depth_reached++;
        iot_stream_free(t, s);
    }
}

/* A segment starting at or before next_seq. What was already delivered is trimmed: the first
 * copy of a byte wins, so overlapping segments with different content (an IDS evasion trick)
 * cannot rewrite bytes we already handed to the app layer. */
static void take_in_order(struct iot_flow_table *t, struct iot_flow *f, enum iot_flow_dir dir,
                          uint32_t seq, const uint8_t *data, uint32_t len)
{
    uint32_t skip = f->stream[dir].next_seq - seq;

    if (skip > 0) {
        t->stats.tcp_overlaps++;
        if (skip >= len)
            return; /* a retransmission of bytes already delivered */
        data += skip;
        len -= skip;
    }
    deliver(t, f, dir, data, len);
}

/* Delivers queued segments that became contiguous. */
static void drain(struct iot_flow_table *t, struct iot_flow *f, enum iot_flow_dir dir)
{
    struct iot_stream *s = &f->stream[dir];

    while (s->segs != NULL && !s->depth_reached && seq_leq(s->segs->seq, s->next_seq)) {
        struct iot_stream_seg *seg = s->segs;
        s->segs = seg->next;
        take_in_order(t, f, dir, seg->seq, seg->data, seg->len);
        seg_free(t, s, seg);
    }
}

/* Gives up on the missing bytes before `to` so the stream keeps moving. */
static void gap(struct iot_flow_table *t, struct iot_flow *f, enum iot_flow_dir dir, uint32_t to)
{
    f->stream[dir].next_seq = to;
    t->stats.tcp_gaps++;
    drain(t, f, dir);
}

/* Copies a segment into the sorted queue. Returns false when the stream memcap or the allocator
 * refused it. Out-of-order data is paced by the sender, so the global cap is what stops a flood
 * of holes from exhausting memory. */
static bool queue_seg(struct iot_flow_table *t, struct iot_stream *s, uint32_t seq,
                      const uint8_t *data, uint32_t len)
{
    struct iot_stream_seg **pp = &s->segs;
    size_t sz = sizeof(struct iot_stream_seg) + len;

    while (*pp != NULL && !seq_lt(seq, (*pp)->seq)) {
        if ((*pp)->seq == seq && (*pp)->len >= len) {
            /* An exact resend of held data: dropping it stops queue stuffing by duplicates. */
            t->stats.tcp_overlaps++;
            return true;
        }
        pp = &(*pp)->next;
    }
    if (t->stats.stream_memuse + sz > t->cfg.stream_memcap) {
        t->stats.tcp_stream_memcap++;
        return false;
    }
    struct iot_stream_seg *seg = iot_malloc(sz);
    if (seg == NULL) {
        t->stats.tcp_stream_memcap++;
        t->stats.alloc_failed++;
        return false;
    }
    seg->seq = seq;
    seg->len = len;
    memcpy(seg->data, data, len);
    seg->next = *pp;
    *pp = seg;
    s->seg_count++;
    s->seg_bytes += len;
    t->stats.stream_memuse += sz;
    t->stats.tcp_segs_queued++;
    return true;
}

/* A segment ahead of next_seq: hold it, or when the queue is full or refused, declare a gap. */
static void take_ahead(struct iot_flow_table *t, struct iot_flow *f, enum iot_flow_dir dir,
                       uint32_t seq, const uint8_t *data, uint32_t len)
{
    struct iot_stream *s = &f->stream[dir];

    /* Each refused round delivers this segment or frees at least one queued one: bounded. */
    for (;;) {
        if (s->depth_reached)
            return;
        if (seq_leq(seq, s->next_seq)) {
            take_in_order(t, f, dir, seq, data, len);
            drain(t, f, dir);
            return;
        }
        if (queue_seg(t, s, seq, data, len)) {
            /* A per-direction count cap: a sender that never fills its holes cannot make us
             * hold (and walk) an ever longer list. */
            if (s->seg_count > t->cfg.stream_max_segs)
                gap(t, f, dir, s->segs->seq);
            return;
        }
        uint32_t to = seq;
        if (s->segs != NULL && seq_lt(s->segs->seq, seq))
            to = s->segs->seq;
        gap(t, f, dir, to);
    }
}

void iot_stream_packet(struct iot_flow_table *t, struct iot_flow *f, enum iot_flow_dir dir,
                       const struct iot_packet *p)
{
    struct iot_stream *s = &f->stream[dir];
    uint32_t seq = p->tcp_seq;

    if (p->tcp_flags & TH_SYN) {
        /* Only the first SYN sets the ISN: a later (spoofed) SYN must not rewind the stream. */
        if (!s->isn_known) {
            s->isn_known = true;
            s->next_seq = seq + 1;
        }
        seq++; /* the SYN consumes one sequence number */
    }
    if (s->depth_reached || (p->tcp_flags & TH_RST))
        return;
    uint32_t wire = IOT_MAX(p->payload_len, p->payload_wire_len);
    if (p->payload_len > 0 && p->payload != NULL) {
        if (!s->isn_known) {
            /* Midstream pickup: the first data we see defines the start of the stream. */
            s->isn_known = true;
            s->next_seq = seq;
        }
        if (seq_leq(seq, s->next_seq)) {
            take_in_order(t, f, dir, seq, p->payload, p->payload_len);
            /* Cut by the snaplen: the bytes not captured are a gap, not a reordering. */
            if (wire > p->payload_len && seq_lt(s->next_seq, seq + wire) && !s->depth_reached)
                gap(t, f, dir, seq + wire);
            else
                drain(t, f, dir);
        } else if (wire == p->payload_len) {
            take_ahead(t, f, dir, seq, p->payload, p->payload_len);
        }
    }
    if ((p->tcp_flags & TH_FIN) && s->isn_known && seq + wire == s->next_seq)
        s->next_seq++; /* the FIN consumes one sequence number */
}
