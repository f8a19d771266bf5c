/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: TCP segment sequences against one flow table with tiny caps, checking the
 * memory caps, the stream depth, first-wins reassembly and that every byte is freed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "util/util-mem.h"

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        if (!(x))                                                                                  \
            abort();                                                                               \
    } while (0)

#define DEPTH 600
#define MAX_SEGS 4
#define DESC_LEN 6 /* dir|flags, seq offset (2), length, time step, flow selector */
#define MAX_DESC 512

/* Per-flow app state, charged to the flow memcap like nDPI's would be. */
struct fz_app {
    uint64_t bytes[2];
};

struct fz_ctx {
    struct iot_flow_table *t;
};

static const uint32_t ISN[2] = {0xFFFFFF00u, 0x7FFFFFF0u}; /* one near the 2^32 wrap */

/* The byte at sequence number seq: a function of seq only (not of the sender, whose side the
 * table may orient either way), so every copy of a byte is the same and any mis-trimmed or
 * misplaced delivery shows as a mismatch. */
static uint8_t pattern(uint32_t seq)
{
    return (uint8_t)((seq * 2654435761u) >> 24);
}

static void on_data(void *user, struct iot_flow *f, enum iot_flow_dir dir, const uint8_t *data,
                    uint32_t len)
{
    (void)user;
    struct fz_app *a = f->app;
    CHECK(len > 0);
    CHECK(f->stream[dir].delivered <= DEPTH);
    if (f->stream[dir].delivered < DEPTH) {
        /* Not cut by the depth: the bytes end right before next_seq. */
        uint32_t start = f->stream[dir].next_seq - len;
        for (uint32_t i = 0; i < len; i++)
            CHECK(data[i] == pattern(start + i));
    }
    if (a != NULL) { /* NULL on the flow's first packet, or when its allocation failed */
        a->bytes[dir] += len;
        CHECK(a->bytes[dir] <= DEPTH);
    }
}

static void on_app_free(void *user, struct iot_flow *f)
{
    struct fz_ctx *c = user;
    if (f->app != NULL) {
        iot_flow_charge(c->t, f, -(int64_t)sizeof(struct fz_app));
        iot_free(f->app);
        f->app = NULL;
    }
}

static void on_end(void *user, struct iot_flow *f, enum iot_flow_end_reason reason)
{
    (void)user;
    CHECK((unsigned)reason <= IOT_FLOW_END_TCP_REUSE);
    CHECK(f->stream[0].delivered <= DEPTH && f->stream[1].delivered <= DEPTH);
}

static void check_table(const struct iot_flow_table *t, const struct iot_flow_config *cfg)
{
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    CHECK(st->memuse <= cfg->memcap);
    CHECK(st->memuse_peak <= cfg->memcap);
    CHECK(st->memcap_overshoot == 0);
    CHECK(st->stream_memuse <= cfg->stream_memcap);
    CHECK(st->active <= st->active_peak);
    CHECK(st->created == st->active + st->ended_timeout + st->ended_evicted + st->ended_shutdown +
                             st->ended_tcp_reuse);
}

static void one_packet(struct fz_ctx *c, const struct iot_flow_config *cfg, const uint8_t *d,
                       struct iot_ts *ts)
{
    static uint8_t buf[256];
    unsigned dir = d[0] & 1;
    uint8_t flags = (uint8_t)((d[0] >> 1) & 0x1f); /* FIN SYN RST PSH ACK */
    int16_t off = (int16_t)(uint16_t)(d[1] << 8 | d[2]);
    uint32_t len = d[3];
    unsigned port = 1000 + (d[5] & 3);
    struct iot_packet p;

    ts->nsec += (uint32_t)d[4] * 20000000u;
    ts->sec += ts->nsec / 1000000000u;
    ts->nsec %= 1000000000u;
    memset(&p, 0, sizeof(p));
    p.flags = IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_TCP;
    p.ip_ver = 4;
    p.ip_proto = 6;
    p.src.b[0] = p.dst.b[0] = 10;
    p.src.b[3] = (uint8_t)(1 + dir);
    p.dst.b[3] = (uint8_t)(2 - dir);
    p.sp = (uint16_t)(dir ? 80 : port);
    p.dp = (uint16_t)(dir ? port : 80);
    p.tcp_flags = flags;
    p.tcp_seq = ISN[dir] + (uint32_t)(int32_t)off;
    p.tcp_ack = ISN[!dir];
    uint32_t data_seq = p.tcp_seq + ((flags & 0x02) ? 1u : 0u);
    for (uint32_t i = 0; i < len; i++)
        buf[i] = pattern(data_seq + i);
    p.payload = buf;
    p.payload_len = len;
    p.wirelen = 54 + len;
    p.ts = *ts;

    enum iot_flow_dir fd;
    struct iot_flow *f = iot_flow_handle_packet(c->t, &p, &fd);
    if (f != NULL) {
        if (f->app == NULL) {
            f->app = iot_calloc(1, sizeof(struct fz_app));
            if (f->app != NULL)
                iot_flow_charge(c->t, f, (int64_t)sizeof(struct fz_app));
        }
        CHECK(f->stream[0].seg_count <= MAX_SEGS && f->stream[1].seg_count <= MAX_SEGS);
    }
    check_table(c->t, cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t key[16] = {7};
    struct iot_flow_config cfg;
    struct iot_flow_callbacks cb = {0};
    struct fz_ctx c = {0};
    struct iot_ts ts = {1000, 0};
    uint64_t mem0 = iot_mem_in_use();

    if (size < 1)
        return 0;
    iot_flow_config_default(&cfg);
    cfg.memcap = 3 * sizeof(struct iot_flow) + 3 * sizeof(struct fz_app);
    cfg.hash_size = 4;
    cfg.timeout_new = 2;
    cfg.timeout_established = 4;
    cfg.timeout_closed = 1;
    cfg.stream_depth = DEPTH;
    cfg.stream_memcap = 700;
    cfg.stream_max_segs = MAX_SEGS;
    cb.user = &c;
    cb.flow_end = on_end;
    cb.app_free = on_app_free;
    cb.stream_data = on_data;
    /* First byte: optional allocation-failure injection, so error paths run too. */
    if (data[0] & 0x80)
        iot_mem_fail_after(1 + (data[0] & 0x7f));
    data++;
    size--;
    c.t = iot_flow_table_new(&cfg, &cb, key);
    if (c.t != NULL) {
        for (size_t i = 0; i + DESC_LEN <= size && i / DESC_LEN < MAX_DESC; i += DESC_LEN)
            one_packet(&c, &cfg, data + i, &ts);
        iot_flow_table_free(c.t);
    }
    iot_mem_fail_after(0);
    CHECK(iot_mem_in_use() == mem0);
    return 0;
}
