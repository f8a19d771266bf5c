/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of the flow table and TCP stream reassembly (src/flow). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "flow/flow.h"
#include "util/util-mem.h"

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10

#define MAX_ENDS 16384
#define DATA_CAP (1u << 17)

/* What the callbacks saw. */
struct rec {
    unsigned nend;
    uint64_t end_id[MAX_ENDS];
    int end_reason[MAX_ENDS];
    struct iot_ts end_last[MAX_ENDS];
    uint32_t dlen[2];
    uint8_t data[2][DATA_CAP];
    unsigned ncalls;
    unsigned app_frees;
};

static struct rec R;

static void on_end(void *user, struct iot_flow *f, enum iot_flow_end_reason reason)
{
    struct rec *r = user;
    if (r->nend < MAX_ENDS) {
        r->end_id[r->nend] = f->id;
        r->end_reason[r->nend] = (int)reason;
        r->end_last[r->nend] = f->last;
    }
    r->nend++;
}

static void on_app_free(void *user, struct iot_flow *f)
{
    struct rec *r = user;
    r->app_frees++;
    if (f->app != NULL) {
        iot_free(f->app);
        f->app = NULL;
    }
}

static void on_data(void *user, struct iot_flow *f, enum iot_flow_dir dir, const uint8_t *data,
                    uint32_t len)
{
    struct rec *r = user;
    (void)f;
    r->ncalls++;
    assert_true(len > 0);
    if (r->dlen[dir] + len <= DATA_CAP)
        memcpy(r->data[dir] + r->dlen[dir], data, len);
    r->dlen[dir] += len;
}

static const struct iot_flow_callbacks CB = {&R, on_end, on_app_free, on_data};
static const uint8_t KEY_A[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t KEY_B[16] = {0xa5, 0x5a, 0x33, 0xcc, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0xff, 0};

static uint64_t mem_start;

static int setup(void **state)
{
    (void)state;
    memset(&R, 0, sizeof(R));
    mem_start = iot_mem_in_use();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    /* Every test frees its table: all memory must be back. */
    assert_int_equal(iot_mem_in_use(), mem_start);
    return 0;
}

static struct iot_addr A4(uint32_t v) {
    struct iot_addr a;
    memset(&a, 0, sizeof(a));
    a.b[0] = (uint8_t)(v >> 24);
    a.b[1] = (uint8_t)(v >> 16);
    a.b[2] = (uint8_t)(v >> 8);
    a.b[3] = (uint8_t)v;
    return a;
}

static struct iot_ts
TS(int64_t sec, uint32_t nsec) {
    struct iot_ts t = {sec, nsec};
    return t;
}

#define CLI 0x0a000001u
#define SRV 0x0a000002u

static struct iot_packet
ip_pkt(uint32_t src, uint32_t dst, struct iot_ts ts, uint32_t wirelen)
{
    struct iot_packet p;
    memset(&p, 0, sizeof(p));
    p.flags = IOT_PKT_HAS_ETH | IOT_PKT_HAS_IPV4;
    p.ip_ver = 4;
    p.src = A4(src);
    p.dst = A4(dst);
    p.src_mac[5] = (uint8_t)src;
    p.dst_mac[5] = (uint8_t)dst;
    p.ts = ts;
    p.wirelen = wirelen;
    return p;
}

static struct iot_packet udp_pkt(uint32_t src, uint16_t sp, uint32_t dst, uint16_t dp,
                                 struct iot_ts ts)
{
    struct iot_packet p = ip_pkt(src, dst, ts, 60);
    p.flags |= IOT_PKT_HAS_UDP;
    p.ip_proto = 17;
    p.sp = sp;
    p.dp = dp;
    return p;
}

static struct iot_packet tcp_pkt(uint32_t src, uint16_t sp, uint32_t dst, uint16_t dp,
                                 uint8_t flags, uint32_t seq, uint32_t ack, const uint8_t *pl,
                                 uint32_t len, struct iot_ts ts)
{
    struct iot_packet p = ip_pkt(src, dst, ts, 54 + len);
    p.flags |= IOT_PKT_HAS_TCP;
    p.ip_proto = 6;
    p.sp = sp;
    p.dp = dp;
    p.tcp_flags = flags;
    p.tcp_seq = seq;
    p.tcp_ack = ack;
    p.payload = pl;
    p.payload_len = len;
    return p;
}

static struct iot_flow *feed(struct iot_flow_table *t, struct iot_packet p, enum iot_flow_dir *d)
{
    enum iot_flow_dir tmp;
    return iot_flow_handle_packet(t, &p, d != NULL ? d : &tmp);
}

static struct iot_flow_table *table(const struct iot_flow_config *cfg, const uint8_t *key)
{
    struct iot_flow_table *t = iot_flow_table_new(cfg, &CB, key != NULL ? key : KEY_A);
    assert_non_null(t);
    return t;
}

/* Client ISN 1000, server ISN 5000, handshake at t=100. */
static struct iot_flow *handshake(struct iot_flow_table *t)
{
    feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_SYN, 1000, 0, NULL, 0, TS(100, 0)), NULL);
    feed(t, tcp_pkt(SRV, 80, CLI, 40000, TH_SYN | TH_ACK, 5000, 1001, NULL, 0, TS(100, 1000)),
         NULL);
    return feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_ACK, 1001, 5001, NULL, 0, TS(100, 2000)), NULL);
}

static struct iot_flow *cdata(struct iot_flow_table *t, uint32_t seq, const void *pl, uint32_t len)
{
    return feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_ACK | TH_PSH, seq, 5001, pl, len, TS(101, 0)),
                NULL);
}

/* ---- basics -------------------------------------------------------------------------------- */

static void test_names_and_defaults(void **state)
{
    (void)state;
    struct iot_flow_config c;
    iot_flow_config_default(&c);
    assert_int_equal(c.memcap, 64ull << 20);
    assert_int_equal(c.hash_size, 65536);
    assert_int_equal(c.timeout_new, 30);
    assert_int_equal(c.timeout_established, 300);
    assert_int_equal(c.timeout_closed, 10);
    assert_int_equal(c.timeout_udp, 120);
    assert_int_equal(c.timeout_icmp, 30);
    assert_int_equal(c.stream_depth, 65536);
    assert_int_equal(c.stream_memcap, 32ull << 20);
    assert_int_equal(c.stream_max_segs, 64);
    assert_string_equal(iot_flow_state_name(IOT_FLOW_STATE_NEW), "new");
    assert_string_equal(iot_flow_state_name(IOT_FLOW_STATE_ESTABLISHED), "established");
    assert_string_equal(iot_flow_state_name(IOT_FLOW_STATE_CLOSED), "closed");
    assert_string_equal(iot_flow_end_reason_name(IOT_FLOW_END_TIMEOUT), "timeout");
    assert_string_equal(iot_flow_end_reason_name(IOT_FLOW_END_EVICTED), "evicted");
    assert_string_equal(iot_flow_end_reason_name(IOT_FLOW_END_SHUTDOWN), "shutdown");
    const char *tcp[] = {"none",     "syn_sent", "syn_recv", "established",
                         "fin_wait", "closing",  "closed"};
    for (int i = 0; i < 7; i++)
        assert_string_equal(iot_tcp_state_name((enum iot_tcp_state)i), tcp[i]);
    /* A random key (no seed) works too. */
    struct iot_flow_table *t = iot_flow_table_new(NULL, NULL, NULL);
    assert_non_null(t);
    assert_non_null(feed(t, udp_pkt(CLI, 1, SRV, 2, TS(1, 0)), NULL));
    iot_flow_table_free(t);
}

static void test_bidir_counters(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    enum iot_flow_dir d;
    struct iot_flow *f1 =
        feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_SYN, 1000, 0, NULL, 0, TS(100, 0)), &d);
    assert_non_null(f1);
    assert_int_equal(d, IOT_DIR_TOSERVER);
    assert_int_equal(f1->state, IOT_FLOW_STATE_NEW);
    assert_int_equal(f1->tcp_state, IOT_TCP_SYN_SENT);
    struct iot_flow *f2 = feed(
        t, tcp_pkt(SRV, 80, CLI, 40000, TH_SYN | TH_ACK, 5000, 1001, NULL, 0, TS(100, 500)), &d);
    assert_ptr_equal(f1, f2);
    assert_int_equal(d, IOT_DIR_TOCLIENT);
    assert_int_equal(f1->tcp_state, IOT_TCP_SYN_RECV);
    feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_ACK, 1001, 5001, NULL, 0, TS(100, 900)), &d);
    assert_int_equal(d, IOT_DIR_TOSERVER);
    assert_int_equal(f1->tcp_state, IOT_TCP_ESTABLISHED);
    assert_int_equal(f1->state, IOT_FLOW_STATE_ESTABLISHED);
    uint8_t pl[10] = {0};
    feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_ACK | TH_PSH, 1001, 5001, pl, 10, TS(101, 0)), &d);

    assert_int_equal(f1->pkts[IOT_DIR_TOSERVER], 3);
    assert_int_equal(f1->pkts[IOT_DIR_TOCLIENT], 1);
    assert_int_equal(f1->bytes[IOT_DIR_TOSERVER], 54 + 54 + 64);
    assert_int_equal(f1->bytes[IOT_DIR_TOCLIENT], 54);
    assert_int_equal(f1->tcp_flags[IOT_DIR_TOSERVER], TH_SYN | TH_ACK | TH_PSH);
    assert_int_equal(f1->tcp_flags[IOT_DIR_TOCLIENT], TH_SYN | TH_ACK);
    assert_int_equal(f1->first_ts[IOT_DIR_TOCLIENT].nsec, 500);
    assert_int_equal(f1->last_ts[IOT_DIR_TOSERVER].sec, 101);
    assert_int_equal(f1->start.sec, 100);
    assert_int_equal(f1->start.nsec, 0);
    assert_int_equal(f1->last.sec, 101);
    assert_int_equal(f1->sp, 40000);
    assert_int_equal(f1->dp, 80);
    assert_int_equal(f1->src.b[3], 1);
    assert_int_equal(f1->src_mac[5], 1);
    assert_int_equal(f1->proto, 6);
    assert_int_equal(f1->ip_ver, 4);
    assert_int_equal(f1->id, 1);
    assert_int_equal(iot_flow_table_stats(t)->created, 1);
    assert_int_equal(iot_flow_table_stats(t)->active, 1);
    assert_int_equal(R.dlen[0], 10);
    iot_flow_table_free(t);
    assert_int_equal(R.nend, 1);
    assert_int_equal(R.end_reason[0], IOT_FLOW_END_SHUTDOWN);
    assert_int_equal(R.app_frees, 1);
}

static void test_synack_first(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    enum iot_flow_dir d;
    struct iot_flow *f =
        feed(t, tcp_pkt(SRV, 80, CLI, 40000, TH_SYN | TH_ACK, 5000, 1001, NULL, 0, TS(100, 0)), &d);
    assert_non_null(f);
    assert_int_equal(d, IOT_DIR_TOCLIENT);
    assert_memory_equal(f->src.b, A4(CLI).b, 16);
    assert_memory_equal(f->dst.b, A4(SRV).b, 16);
    assert_int_equal(f->sp, 40000);
    assert_int_equal(f->dp, 80);
    assert_int_equal(f->src_mac[5], (uint8_t)CLI);
    assert_int_equal(f->pkts[IOT_DIR_TOCLIENT], 1);
    assert_int_equal(f->pkts[IOT_DIR_TOSERVER], 0);
    assert_int_equal(f->tcp_state, IOT_TCP_SYN_RECV);
    feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_ACK, 1001, 5001, NULL, 0, TS(100, 1)), &d);
    assert_int_equal(d, IOT_DIR_TOSERVER);
    assert_int_equal(f->tcp_state, IOT_TCP_ESTABLISHED);
    assert_int_equal(f->state, IOT_FLOW_STATE_ESTABLISHED);
    iot_flow_table_free(t);
}

static void test_vlan_separates(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    struct iot_packet p = udp_pkt(CLI, 5000, SRV, 53, TS(1, 0));
    struct iot_flow *none = feed(t, p, NULL);
    p.vlan_count = 1;
    p.vlan_id[0] = 10;
    struct iot_flow *v10 = feed(t, p, NULL);
    p.vlan_id[0] = 20;
    struct iot_flow *v20 = feed(t, p, NULL);
    p.vlan_count = 2;
    p.vlan_id[1] = 30;
    struct iot_flow *qinq = feed(t, p, NULL);
    assert_true(none != v10 && v10 != v20 && v20 != qinq && none != qinq);
    struct iot_packet r = udp_pkt(SRV, 53, CLI, 5000, TS(2, 0));
    r.vlan_count = 1;
    r.vlan_id[0] = 10;
    enum iot_flow_dir d;
    assert_ptr_equal(feed(t, r, &d), v10);
    assert_int_equal(d, IOT_DIR_TOCLIENT);
    assert_int_equal(v10->state, IOT_FLOW_STATE_ESTABLISHED);
    assert_int_equal(none->state, IOT_FLOW_STATE_NEW);
    assert_int_equal(iot_flow_table_stats(t)->active, 4);
    iot_flow_table_free(t);
}

static void test_icmp_and_other(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    struct iot_packet req = ip_pkt(CLI, SRV, TS(1, 0), 98);
    req.flags |= IOT_PKT_HAS_ICMPV4;
    req.ip_proto = 1;
    req.sp = 8; /* echo request */
    req.icmp_type = 8;
    struct iot_packet rep = ip_pkt(SRV, CLI, TS(1, 5), 98);
    rep.flags |= IOT_PKT_HAS_ICMPV4;
    rep.ip_proto = 1;
    rep.sp = 0; /* echo reply */
    enum iot_flow_dir d;
    struct iot_flow *f = feed(t, req, &d);
    assert_non_null(f);
    assert_ptr_equal(feed(t, rep, &d), f);
    assert_int_equal(d, IOT_DIR_TOCLIENT);
    assert_int_equal(f->state, IOT_FLOW_STATE_ESTABLISHED);
    assert_int_equal(f->sp, 0);
    /* GRE: ports 0, own flow. */
    struct iot_packet gre = ip_pkt(CLI, SRV, TS(1, 9), 100);
    gre.flags |= IOT_PKT_HAS_GRE;
    gre.ip_proto = 47;
    struct iot_flow *g = feed(t, gre, NULL);
    assert_non_null(g);
    assert_ptr_not_equal(g, f);
    /* IPv6 with the same first bytes is another flow. */
    struct iot_packet v6 = req;
    v6.flags = IOT_PKT_HAS_IPV6 | IOT_PKT_HAS_ICMPV6;
    v6.ip_ver = 6;
    assert_ptr_not_equal(feed(t, v6, NULL), f);
    assert_int_equal(iot_flow_table_stats(t)->active, 3);
    iot_flow_table_free(t);
}

static void test_no_flow(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    struct iot_packet arp;
    memset(&arp, 0, sizeof(arp));
    arp.flags = IOT_PKT_HAS_ETH | IOT_PKT_HAS_ARP;
    assert_null(feed(t, arp, NULL));
    struct iot_packet inv = udp_pkt(CLI, 1, SRV, 2, TS(1, 0));
    inv.flags |= IOT_PKT_INVALID;
    assert_null(feed(t, inv, NULL));
    struct iot_packet frag = ip_pkt(CLI, SRV, TS(1, 0), 1500);
    frag.flags |= IOT_PKT_FRAGMENT;
    frag.ip_proto = 17;
    assert_null(feed(t, frag, NULL));
    assert_int_equal(iot_flow_table_stats(t)->no_flow, 3);
    assert_int_equal(iot_flow_table_stats(t)->created, 0);
    iot_flow_table_free(t);
}

static void test_alloc_failure(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    iot_mem_fail_after(1);
    assert_null(feed(t, udp_pkt(CLI, 1, SRV, 2, TS(1, 0)), NULL));
    iot_mem_fail_after(0);
    assert_int_equal(iot_flow_table_stats(t)->alloc_failed, 1);
    assert_int_equal(iot_flow_table_stats(t)->memuse, 0);
    assert_non_null(feed(t, udp_pkt(CLI, 1, SRV, 2, TS(1, 0)), NULL));
    /* A table that cannot be built returns NULL. */
    iot_mem_fail_after(2);
    assert_null(iot_flow_table_new(NULL, &CB, KEY_A));
    iot_mem_fail_after(0);
    iot_flow_table_free(t);
}

/* ---- timeouts ------------------------------------------------------------------------------ */

static void test_udp_timeout(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    struct iot_flow *f = feed(t, udp_pkt(CLI, 5000, SRV, 53, TS(1000, 0)), NULL);
    feed(t, udp_pkt(SRV, 53, CLI, 5000, TS(1000, 250)), NULL);
    assert_int_equal(f->state, IOT_FLOW_STATE_ESTABLISHED);
    /* One nanosecond before the 120 s UDP timeout: still alive. */
    iot_flow_table_expire(t, TS(1120, 249));
    assert_int_equal(R.nend, 0);
    iot_flow_table_expire(t, TS(1120, 250));
    assert_int_equal(R.nend, 1);
    assert_int_equal(R.end_reason[0], IOT_FLOW_END_TIMEOUT);
    assert_int_equal(R.end_id[0], 1);
    assert_int_equal(iot_flow_table_stats(t)->ended_timeout, 1);
    assert_int_equal(iot_flow_table_stats(t)->active, 0);

    /* Through handle_packet: a packet exactly at the deadline ends the old flow first and
     * starts a new one, even within the one-second sweep amortisation. */
    f = feed(t, udp_pkt(CLI, 6000, SRV, 53, TS(2000, 0)), NULL);
    feed(t, udp_pkt(SRV, 53, CLI, 6000, TS(2000, 10)), NULL);
    assert_int_equal(f->id, 2);
    feed(t, udp_pkt(CLI, 7, SRV, 7, TS(2119, 999999999)), NULL); /* a sweep just before */
    assert_int_equal(R.nend, 1);
    struct iot_flow *g = feed(t, udp_pkt(CLI, 6000, SRV, 53, TS(2120, 10)), NULL);
    assert_int_equal(R.nend, 2);
    assert_int_equal(R.end_id[1], 2);
    assert_int_equal(R.end_reason[1], IOT_FLOW_END_TIMEOUT);
    assert_int_equal(g->id, 4);
    assert_int_equal(g->state, IOT_FLOW_STATE_NEW);

    /* One-way flows use timeout_new (30 s) and the periodic sweep from handle_packet. */
    feed(t, udp_pkt(CLI, 7, SRV, 7, TS(2140, 0)), NULL); /* flow 3 refreshed */
    feed(t, udp_pkt(CLI, 8, SRV, 8, TS(2150, 9)), NULL); /* 1 ns early for flow 4 */
    assert_int_equal(R.nend, 2);
    feed(t, udp_pkt(CLI, 9, SRV, 9, TS(2151, 8)), NULL); /* under 1 s since the last sweep */
    assert_int_equal(R.nend, 2);
    feed(t, udp_pkt(CLI, 9, SRV, 9, TS(2151, 9)), NULL); /* sweep: flow 4 (2120.00000001) */
    assert_int_equal(R.nend, 3);
    assert_int_equal(R.end_id[2], 4);
    iot_flow_table_free(t);
}

/* Capture time running backwards must not leave an expired flow behind in the table. */
static void test_time_backwards(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    feed(t, udp_pkt(CLI, 1, SRV, 53, TS(100, 0)), NULL);                     /* id 1 */
    feed(t, udp_pkt(CLI, 2, SRV, 53, TS(110, 0)), NULL);                     /* id 2 */
    struct iot_flow *c = feed(t, udp_pkt(CLI, 3, SRV, 53, TS(50, 0)), NULL); /* id 3, behind */
    assert_int_equal(c->id, 3);
    /* Flow 3 timed out at 80, but the head of its class (flow 1) has not: it is ended directly. */
    struct iot_flow *n = feed(t, udp_pkt(CLI, 3, SRV, 53, TS(81, 0)), NULL);
    assert_int_equal(R.nend, 1);
    assert_int_equal(R.end_id[0], 3);
    assert_int_equal(R.end_reason[0], IOT_FLOW_END_TIMEOUT);
    assert_int_equal(n->id, 4);
    assert_int_equal(n->pkts[0], 1);
    assert_int_equal(iot_flow_table_stats(t)->active, 3);
    iot_flow_table_free(t);
}

static void test_tcp_rst_closed_timeout(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    struct iot_flow *f = handshake(t);
    assert_int_equal(f->state, IOT_FLOW_STATE_ESTABLISHED);
    /* Established TCP would live 300 s; a RST moves it to the 10 s closed class. */
    feed(t, tcp_pkt(SRV, 80, CLI, 40000, TH_RST | TH_ACK, 5001, 1001, NULL, 0, TS(150, 0)), NULL);
    assert_int_equal(f->state, IOT_FLOW_STATE_CLOSED);
    assert_int_equal(f->tcp_state, IOT_TCP_CLOSED);
    iot_flow_table_expire(t, TS(159, 999999999));
    assert_int_equal(R.nend, 0);
    iot_flow_table_expire(t, TS(160, 0));
    assert_int_equal(R.nend, 1);
    assert_int_equal(R.end_reason[0], IOT_FLOW_END_TIMEOUT);
    iot_flow_table_free(t);
}

static void test_tcp_fin_close(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    struct iot_flow *f = handshake(t);
    feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_FIN | TH_ACK, 1001, 5001, NULL, 0, TS(101, 0)), NULL);
    assert_int_equal(f->tcp_state, IOT_TCP_FIN_WAIT);
    assert_int_equal(f->state, IOT_FLOW_STATE_ESTABLISHED);
    feed(t, tcp_pkt(SRV, 80, CLI, 40000, TH_FIN | TH_ACK, 5001, 1002, NULL, 0, TS(101, 1)), NULL);
    assert_int_equal(f->tcp_state, IOT_TCP_CLOSING);
    assert_int_equal(f->state, IOT_FLOW_STATE_CLOSED);
    feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_ACK, 1002, 5002, NULL, 0, TS(101, 2)), NULL);
    assert_int_equal(f->tcp_state, IOT_TCP_CLOSED);
    assert_int_equal(f->stream[0].next_seq, 1002);
    assert_int_equal(f->stream[1].next_seq, 5002);
    iot_flow_table_expire(t, TS(111, 1));
    assert_int_equal(R.nend, 0);
    iot_flow_table_expire(t, TS(111, 2));
    assert_int_equal(R.nend, 1);
    iot_flow_table_free(t);
}

static void test_tcp_port_reuse(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    struct iot_flow *f = handshake(t);
    uint64_t old_id = f->id;
    feed(t, tcp_pkt(SRV, 80, CLI, 40000, TH_RST | TH_ACK, 5001, 1001, NULL, 0, TS(101, 0)), NULL);
    assert_int_equal(f->state, IOT_FLOW_STATE_CLOSED);
    /* A SYN-ACK or a plain ACK on the closed flow is a straggler, not a new connection. */
    feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_ACK, 1001, 5001, NULL, 0, TS(101, 1)), NULL);
    assert_int_equal(R.nend, 0);
    /* A bare SYN on the same ports opens a new connection: the old flow ends as tcp_reuse. */
    struct iot_flow *n =
        feed(t, tcp_pkt(CLI, 40000, SRV, 80, TH_SYN, 7000, 0, NULL, 0, TS(102, 0)), NULL);
    assert_int_equal(R.nend, 1);
    assert_int_equal(R.end_id[0], old_id);
    assert_int_equal(R.end_reason[0], IOT_FLOW_END_TCP_REUSE);
    assert_int_not_equal(n->id, old_id);
    assert_int_equal(n->pkts[IOT_DIR_TOSERVER], 1);
    assert_int_equal(n->state, IOT_FLOW_STATE_NEW);
    assert_int_equal(iot_flow_table_stats(t)->ended_tcp_reuse, 1);
    assert_string_equal(iot_flow_end_reason_name(IOT_FLOW_END_TCP_REUSE), "tcp_reuse");
    iot_flow_table_free(t);
}

/* ---- memcap -------------------------------------------------------------------------------- */

static void test_memcap_eviction(void **state)
{
    (void)state;
    struct iot_flow_config c;
    iot_flow_config_default(&c);
    c.memcap = 10 * sizeof(struct iot_flow);
    c.hash_size = 16;
    struct iot_flow_table *t = table(&c, NULL);
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    for (uint32_t i = 0; i < 1000; i++) {
        struct iot_flow *f =
            feed(t, udp_pkt(CLI, (uint16_t)(1000 + i), SRV, 53, TS(10, i * 1000000u)), NULL);
        assert_non_null(f);
        assert_true(st->memuse <= c.memcap);
    }
    assert_int_equal(st->ended_evicted, 990);
    assert_int_equal(st->active, 10);
    assert_int_equal(st->active_peak, 10);
    assert_int_equal(st->memuse_peak, c.memcap);
    assert_int_equal(st->memcap_refused, 0);
    /* Oldest first: ids 1..990 in order. */
    for (unsigned i = 0; i < 990; i++) {
        assert_int_equal(R.end_id[i], i + 1);
        assert_int_equal(R.end_reason[i], IOT_FLOW_END_EVICTED);
    }
    iot_flow_table_free(t);
    assert_int_equal(R.nend, 1000);
}

static void test_memcap_lru_order(void **state)
{
    (void)state;
    struct iot_flow_config c;
    iot_flow_config_default(&c);
    c.memcap = 3 * sizeof(struct iot_flow);
    struct iot_flow_table *t = table(&c, NULL);
    feed(t, udp_pkt(CLI, 1, SRV, 53, TS(10, 0)), NULL);                        /* id 1 */
    feed(t, udp_pkt(CLI, 2, SRV, 53, TS(11, 0)), NULL);                        /* id 2 */
    feed(t, tcp_pkt(CLI, 3, SRV, 80, TH_SYN, 1, 0, NULL, 0, TS(12, 0)), NULL); /* id 3 */
    feed(t, udp_pkt(SRV, 53, CLI, 1, TS(13, 0)), NULL); /* id 1 used again, now established */
    feed(t, udp_pkt(CLI, 4, SRV, 53, TS(14, 0)), NULL); /* evicts id 2, the least recent */
    assert_int_equal(R.nend, 1);
    assert_int_equal(R.end_id[0], 2);
    feed(t, udp_pkt(CLI, 5, SRV, 53, TS(15, 0)), NULL); /* then id 3 (another class) */
    assert_int_equal(R.end_id[1], 3);
    feed(t, udp_pkt(CLI, 6, SRV, 53, TS(16, 0)), NULL); /* then id 1 */
    assert_int_equal(R.end_id[2], 1);
    assert_int_equal(iot_flow_table_stats(t)->ended_evicted, 3);

    /* A memcap below one flow refuses everything. */
    struct iot_flow_config tiny = c;
    tiny.memcap = sizeof(struct iot_flow) - 1;
    struct iot_flow_table *t2 = table(&tiny, NULL);
    assert_null(feed(t2, udp_pkt(CLI, 1, SRV, 53, TS(10, 0)), NULL));
    assert_int_equal(iot_flow_table_stats(t2)->memcap_refused, 1);
    iot_flow_table_free(t2);
    iot_flow_table_free(t);
}

static void test_memcap_expires_first(void **state)
{
    (void)state;
    struct iot_flow_config c;
    iot_flow_config_default(&c);
    c.memcap = 2 * sizeof(struct iot_flow);
    struct iot_flow_table *t = table(&c, NULL);
    feed(t, udp_pkt(CLI, 1, SRV, 53, TS(10, 0)), NULL); /* NEW, 30 s */
    feed(t, udp_pkt(CLI, 2, SRV, 53, TS(10, 500000000)), NULL);
    feed(t, udp_pkt(CLI, 2, SRV, 53, TS(40, 200000000)), NULL); /* within the sweep interval */
    /* Flow 1 timed out at 40.0 but the periodic sweep ran at 40.2 ... then memcap at 40.3. */
    feed(t, udp_pkt(CLI, 3, SRV, 53, TS(40, 300000000)), NULL);
    assert_int_equal(R.nend, 1);
    assert_int_equal(R.end_id[0], 1);
    assert_int_equal(R.end_reason[0], IOT_FLOW_END_TIMEOUT);
    assert_int_equal(iot_flow_table_stats(t)->ended_evicted, 0);
    iot_flow_table_free(t);
}

static void test_charge_evicts_others(void **state)
{
    (void)state;
    struct iot_flow_config c;
    iot_flow_config_default(&c);
    c.memcap = 10 * sizeof(struct iot_flow);
    struct iot_flow_table *t = table(&c, NULL);
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    struct iot_flow *f[10];
    for (int i = 0; i < 10; i++)
        f[i] = feed(t, udp_pkt(CLI, (uint16_t)(100 + i), SRV, 53, TS(10, (uint32_t)i)), NULL);
    /* Like nDPI's flow struct charged right after creation: room is made by evicting the LRU,
     * never the flow being charged, even when it is itself the least recently used. */
    f[0]->app = iot_calloc(1, 100);
    iot_flow_charge(t, f[0], (int64_t)(2 * sizeof(struct iot_flow)));
    assert_true(st->memuse <= c.memcap);
    assert_int_equal(st->ended_evicted, 2);
    assert_int_equal(R.end_id[0], 2);
    assert_int_equal(R.end_id[1], 3);
    assert_int_equal(f[0]->mem, 3 * sizeof(struct iot_flow));
    assert_int_equal(st->memuse, 10 * sizeof(struct iot_flow));
    iot_flow_charge(t, f[0], -(int64_t)sizeof(struct iot_flow));
    assert_int_equal(st->memuse, 9 * sizeof(struct iot_flow));
    /* More than the whole cap for one flow: everyone else goes, the overshoot is counted. */
    iot_flow_charge(t, f[9], (int64_t)(10 * sizeof(struct iot_flow)));
    assert_int_equal(st->active, 1);
    assert_int_equal(st->memcap_overshoot, 1);
    iot_flow_table_free(t);
    assert_int_equal(st == NULL, 0);
}

static void test_flush_order(void **state)
{
    (void)state;
    struct iot_flow_table *t = table(NULL, NULL);
    handshake(t);                                        /* id 1, TCP established */
    feed(t, udp_pkt(CLI, 1, SRV, 53, TS(200, 0)), NULL); /* id 2 */
    feed(t, tcp_pkt(CLI, 9, SRV, 80, TH_RST, 1, 0, NULL, 0, TS(201, 0)), NULL); /* id 3 closed */
    feed(t, udp_pkt(SRV, 53, CLI, 1, TS(202, 0)), NULL);                        /* id 2 again */
    cdata(t, 1001, "x", 1);                                                     /* id 1 again */
    iot_flow_table_flush(t);
    assert_int_equal(R.nend, 3);
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(R.end_id[i], i + 1);
        assert_int_equal(R.end_reason[i], IOT_FLOW_END_SHUTDOWN);
    }
    assert_int_equal(iot_flow_table_stats(t)->active, 0);
    assert_int_equal(iot_flow_table_stats(t)->memuse, 0);
    /* Still usable; ids keep counting. */
    struct iot_flow *f = feed(t, udp_pkt(CLI, 1, SRV, 53, TS(203, 0)), NULL);
    assert_int_equal(f->id, 4);
    iot_flow_table_free(t);
    assert_int_equal(R.nend, 4);
}

/* A small deterministic generator: the tests must not depend on the libc PRNG. */
static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void run_mix(const uint8_t *key, uint64_t *ids, int *reasons, unsigned *n)
{
    struct iot_flow_config c;
    iot_flow_config_default(&c);
    c.memcap = 40 * sizeof(struct iot_flow);
    c.hash_size = 8;
    c.timeout_new = 3;
    c.timeout_udp = 5;
    c.timeout_established = 7;
    c.timeout_closed = 2;
    c.timeout_icmp = 4;
    memset(&R, 0, sizeof(R));
    struct iot_flow_table *t = table(&c, key);
    uint32_t s = 12345;
    uint8_t pl[32] = {0};
    for (uint32_t i = 0; i < 20000; i++) {
        uint32_t r = lcg(&s);
        /* A few busy tuples plus a churn of one-off ones: 50 packets per second (memcap
         * pressure), then 5 (timeouts). */
        uint16_t port = (uint16_t)(r % 4 == 0 ? 100 + r % 900 : 1 + r % 20);
        bool rev = (r >> 10) & 1;
        uint32_t j = i < 10000 ? i : 100000 + (i - 10000) * 10;
        struct iot_ts ts = TS(1000 + j / 50, (j % 50) * 20000000u);
        struct iot_packet p;
        if ((r >> 11) % 3 == 0)
            p = udp_pkt(rev ? SRV : CLI, rev ? 53 : port, rev ? CLI : SRV, rev ? port : 53, ts);
        else
            p = tcp_pkt(rev ? SRV : CLI, rev ? 80 : port, rev ? CLI : SRV, rev ? port : 80,
                        (uint8_t)((r >> 13) & 0x17), r, r >> 3, pl, (r >> 20) % 32, ts);
        feed(t, p, NULL);
        assert_true(iot_flow_table_stats(t)->memuse <= c.memcap);
    }
    iot_flow_table_free(t);
    *n = R.nend;
    assert_true(*n < MAX_ENDS);
    for (unsigned i = 0; i < *n; i++) {
        ids[i] = R.end_id[i];
        reasons[i] = R.end_reason[i];
    }
}

static uint64_t ids_a[MAX_ENDS], ids_b[MAX_ENDS];
static int rs_a[MAX_ENDS], rs_b[MAX_ENDS];

static void test_determinism_across_keys(void **state)
{
    (void)state;
    unsigned na, nb;
    run_mix(KEY_A, ids_a, rs_a, &na);
    run_mix(KEY_B, ids_b, rs_b, &nb);
    assert_true(na > 100);
    assert_int_equal(na, nb);
    assert_memory_equal(ids_a, ids_b, na * sizeof(ids_a[0]));
    assert_memory_equal(rs_a, rs_b, na * sizeof(rs_a[0]));
    unsigned seen[4] = {0, 0, 0, 0};
    for (unsigned i = 0; i < na; i++) {
        assert_in_range(rs_a[i], 0, 3);
        seen[rs_a[i]]++;
    }
    print_message("ends: %u timeout, %u evicted, %u shutdown, %u tcp_reuse\n", seen[0], seen[1],
                  seen[2], seen[3]);
    assert_true(seen[IOT_FLOW_END_TIMEOUT] > 0 && seen[IOT_FLOW_END_EVICTED] > 0 &&
                seen[IOT_FLOW_END_SHUTDOWN] > 0);
}

/* ---- reassembly ---------------------------------------------------------------------------- */

static uint8_t payload[4096];

static void fill_payload(void)
{
    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = (uint8_t)(i * 7 + 3);
}

static void test_stream_in_order(void **state)
{
    (void)state;
    fill_payload();
    struct iot_flow_table *t = table(NULL, NULL);
    handshake(t);
    cdata(t, 1001, payload, 100);
    cdata(t, 1101, payload + 100, 50);
    struct iot_flow *f = cdata(t, 1151, payload + 150, 7);
    feed(t, tcp_pkt(SRV, 80, CLI, 40000, TH_ACK, 5001, 1158, payload, 20, TS(101, 1)), NULL);
    assert_int_equal(R.dlen[0], 157);
    assert_memory_equal(R.data[0], payload, 157);
    assert_int_equal(R.dlen[1], 20);
    assert_int_equal(f->stream[0].delivered, 157);
    assert_int_equal(f->stream[0].next_seq, 1158);
    assert_int_equal(iot_flow_table_stats(t)->tcp_reassembled_bytes, 177);
    assert_int_equal(iot_flow_table_stats(t)->tcp_segs_queued, 0);
    iot_flow_table_free(t);
}

/* tcpdump -s 96: each segment keeps 42 of its 1448 payload bytes. The stream must advance by
 * what was sent (a gap per cut segment), not queue every segment as out of order. */
static void test_stream_snaplen_cut(void **state)
{
    (void)state;
    fill_payload();
    struct iot_flow_table *t = table(NULL, NULL);
    handshake(t);
    struct iot_flow *f = NULL;
    for (uint32_t i = 0; i < 3; i++) {
        struct iot_packet p = tcp_pkt(CLI, 40000, SRV, 80, TH_ACK, 1001 + i * 1448, 5001,
                                      payload + i * 42, 42, TS(101, i));
        p.flags |= IOT_PKT_SNAPLEN_CUT;
        p.payload_wire_len = 1448;
        f = feed(t, p, NULL);
    }
    struct iot_packet fin = tcp_pkt(CLI, 40000, SRV, 80, TH_FIN | TH_ACK, 1001 + 3 * 1448, 5001,
                                    NULL, 0, TS(102, 0));
    feed(t, fin, NULL);
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    assert_int_equal(R.dlen[0], 3 * 42);
    assert_memory_equal(R.data[0], payload, 3 * 42);
    assert_int_equal(st->tcp_gaps, 3);
    assert_int_equal(st->tcp_segs_queued, 0);
    assert_int_equal(f->stream[0].next_seq, 1001 + 3 * 1448 + 1); /* the FIN counted too */
    iot_flow_table_free(t);
}

static void test_stream_out_of_order(void **state)
{
    (void)state;
    fill_payload();
    struct iot_flow_table *t = table(NULL, NULL);
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    handshake(t);
    struct iot_flow *f = cdata(t, 1201, payload + 200, 100);
    cdata(t, 1101, payload + 100, 100);
    assert_int_equal(R.dlen[0], 0);
    assert_int_equal(f->stream[0].seg_count, 2);
    assert_int_equal(f->stream[0].seg_bytes, 200);
    assert_true(st->stream_memuse >= 200);
    cdata(t, 1001, payload, 100);
    assert_int_equal(R.dlen[0], 300);
    assert_memory_equal(R.data[0], payload, 300);
    assert_int_equal(f->stream[0].seg_count, 0);
    assert_int_equal(st->stream_memuse, 0);
    assert_int_equal(st->tcp_segs_queued, 2);
    assert_int_equal(st->tcp_gaps, 0);
    /* Held segments are freed with the flow. */
    cdata(t, 1401, payload, 10);
    assert_true(st->stream_memuse > 0);
    iot_flow_table_free(t);
}

static void test_stream_overlap(void **state)
{
    (void)state;
    fill_payload();
    struct iot_flow_table *t = table(NULL, NULL);
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    handshake(t);
    cdata(t, 1001, payload, 10);
    cdata(t, 1001, payload, 10); /* retransmission */
    assert_int_equal(st->tcp_overlaps, 1);
    assert_int_equal(R.dlen[0], 10);
    /* Overlap with different bytes for the old part: the first copy wins. */
    uint8_t evil[20];
    memset(evil, 0xEE, sizeof(evil));
    memcpy(evil + 5, payload + 10, 15);
    cdata(t, 1006, evil, 20);
    assert_int_equal(st->tcp_overlaps, 2);
    assert_int_equal(R.dlen[0], 25);
    assert_memory_equal(R.data[0], payload, 25);
    /* Queued duplicates are dropped, queued overlaps trimmed on drain. */
    cdata(t, 1046, payload + 45, 10);
    cdata(t, 1046, payload + 45, 10);
    cdata(t, 1036, payload + 35, 15);
    cdata(t, 1026, payload + 25, 10);
    assert_int_equal(R.dlen[0], 55);
    assert_memory_equal(R.data[0], payload, 55);
    assert_int_equal(st->tcp_overlaps, 4);
    assert_int_equal(st->stream_memuse, 0);
    iot_flow_table_free(t);
}

static void test_stream_gap(void **state)
{
    (void)state;
    fill_payload();
    struct iot_flow_config c;
    iot_flow_config_default(&c);
    c.stream_max_segs = 4;
    struct iot_flow_table *t = table(&c, NULL);
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    handshake(t);
    /* Bytes 1001..1010 never arrive; five segments after the hole exceed the four held. */
    struct iot_flow *f = NULL;
    for (uint32_t i = 0; i < 5; i++)
        f = cdata(t, 1011 + 10 * i, payload + 10 + 10 * i, 10);
    assert_int_equal(st->tcp_gaps, 1);
    assert_int_equal(R.dlen[0], 50);
    assert_memory_equal(R.data[0], payload + 10, 50);
    assert_int_equal(f->stream[0].next_seq, 1061);
    assert_int_equal(f->stream[0].seg_count, 0);
    /* The missing bytes arriving late are an old retransmission now. */
    cdata(t, 1001, payload, 10);
    assert_int_equal(R.dlen[0], 50);
    cdata(t, 1061, payload + 60, 10);
    assert_int_equal(R.dlen[0], 60);
    iot_flow_table_free(t);
}

static void test_stream_memcap(void **state)
{
    (void)state;
    fill_payload();
    struct iot_flow_config c;
    iot_flow_config_default(&c);
    c.stream_memcap = 200; /* room for one 100-byte segment plus its header, not two */
    struct iot_flow_table *t = table(&c, NULL);
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    handshake(t);
    cdata(t, 1101, payload + 100, 100);
    cdata(t, 1201, payload + 200, 100); /* refused: gap to 1101, both delivered */
    assert_int_equal(st->tcp_stream_memcap, 1);
    assert_int_equal(st->tcp_gaps, 1);
    assert_int_equal(R.dlen[0], 200);
    assert_memory_equal(R.data[0], payload + 100, 200);
    assert_int_equal(st->stream_memuse, 0);
    /* With nothing queued, a refused segment is itself the gap target. */
    cdata(t, 1401, payload + 400, 100);
    cdata(t, 1601, payload + 600, 100);
    assert_int_equal(st->tcp_gaps, 2);
    assert_int_equal(R.dlen[0], 300);
    assert_int_equal(st->tcp_stream_memcap, 2);
    iot_flow_table_free(t);
}

static void test_stream_depth(void **state)
{
    (void)state;
    fill_payload();
    struct iot_flow_config c;
    iot_flow_config_default(&c);
    c.stream_depth = 100;
    struct iot_flow_table *t = table(&c, NULL);
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    handshake(t);
    cdata(t, 1001, payload, 40);
    cdata(t, 1121, payload + 120, 40); /* held */
    cdata(t, 1041, payload + 40, 40);
    struct iot_flow *f = cdata(t, 1081, payload + 80, 40); /* crosses the depth */
    assert_int_equal(R.dlen[0], 100);
    assert_memory_equal(R.data[0], payload, 100);
    assert_true(f->stream[0].depth_reached);
    assert_int_equal(st->tcp_depth_reached, 1);
    assert_int_equal(st->tcp_reassembled_bytes, 100);
    assert_int_equal(st->stream_memuse, 0);
    cdata(t, 1161, payload, 40);
    cdata(t, 1301, payload, 40);
    assert_int_equal(R.dlen[0], 100);
    assert_int_equal(st->tcp_depth_reached, 1);
    assert_int_equal(st->stream_memuse, 0);
    iot_flow_table_free(t);
}

static void test_stream_wraparound(void **state)
{
    (void)state;
    fill_payload();
    struct iot_flow_table *t = table(NULL, NULL);
    const struct iot_flow_stats *st = iot_flow_table_stats(t);
    const uint32_t isn = 0xFFFFFFF0u;
    feed(t, tcp_pkt(CLI, 1, SRV, 2, TH_SYN, isn, 0, NULL, 0, TS(1, 0)), NULL);
    feed(t, tcp_pkt(SRV, 2, CLI, 1, TH_SYN | TH_ACK, 7, isn + 1, NULL, 0, TS(1, 1)), NULL);
    feed(t, tcp_pkt(CLI, 1, SRV, 2, TH_ACK, isn + 1, 8, NULL, 0, TS(1, 2)), NULL);
    /* Segments at isn+1 (0xFFFFFFF1), crossing 2^32, and after: sent last, middle, first. */
    feed(t, tcp_pkt(CLI, 1, SRV, 2, TH_ACK, isn + 41, 8, payload + 40, 20, TS(1, 3)), NULL);
    feed(t, tcp_pkt(CLI, 1, SRV, 2, TH_ACK, isn + 11, 8, payload + 10, 30, TS(1, 4)), NULL);
    assert_int_equal(R.dlen[0], 0);
    struct iot_flow *f =
        feed(t, tcp_pkt(CLI, 1, SRV, 2, TH_ACK, isn + 1, 8, payload, 10, TS(1, 5)), NULL);
    assert_int_equal(R.dlen[0], 60);
    assert_memory_equal(R.data[0], payload, 60);
    assert_int_equal(f->stream[0].next_seq, isn + 61);
    assert_true(f->stream[0].next_seq < 100);
    /* An old segment from before the wrap is a retransmission, not data far ahead. */
    feed(t, tcp_pkt(CLI, 1, SRV, 2, TH_ACK, isn + 1, 8, payload, 10, TS(1, 6)), NULL);
    assert_int_equal(R.dlen[0], 60);
    assert_int_equal(st->tcp_overlaps, 1);
    iot_flow_table_free(t);
}

static void test_stream_midstream(void **state)
{
    (void)state;
    fill_payload();
    struct iot_flow_table *t = table(NULL, NULL);
    struct iot_flow *f =
        feed(t, tcp_pkt(CLI, 1, SRV, 2, TH_ACK | TH_PSH, 777, 999, payload, 30, TS(1, 0)), NULL);
    assert_int_equal(f->tcp_state, IOT_TCP_NONE);
    assert_int_equal(f->state, IOT_FLOW_STATE_NEW);
    feed(t, tcp_pkt(CLI, 1, SRV, 2, TH_ACK, 807, 999, payload + 30, 10, TS(1, 1)), NULL);
    feed(t, tcp_pkt(SRV, 2, CLI, 1, TH_ACK, 999, 817, payload, 5, TS(1, 2)), NULL);
    assert_int_equal(f->tcp_state, IOT_TCP_ESTABLISHED);
    assert_int_equal(f->state, IOT_FLOW_STATE_ESTABLISHED);
    assert_int_equal(R.dlen[0], 40);
    assert_int_equal(R.dlen[1], 5);
    assert_memory_equal(R.data[0], payload, 40);
    iot_flow_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_names_and_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bidir_counters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_synack_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vlan_separates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_icmp_and_other, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_flow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_udp_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_backwards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tcp_rst_closed_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tcp_port_reuse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_snaplen_cut, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tcp_fin_close, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memcap_eviction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memcap_lru_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memcap_expires_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_charge_evicts_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flush_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_determinism_across_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_out_of_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_memcap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_depth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_wraparound, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_midstream, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
