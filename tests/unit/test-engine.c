/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole pipeline on hand-built packets: EVE records, counters, and allocation failures at
 * every step without a crash or a leak. */
#include "decode-testlib.h"

#include <jansson.h>
#include <unistd.h>

#include "app/app-ndpi.h"
#include "config/config.h"
#include "engine/engine.h"
#include "inventory/inventory-rules.h"
#include "output/output-eve.h"
#include "util/util-mem.h"

#define NPKT 8

struct pkt {
    uint8_t b[256];
    size_t len;
};

static struct pkt pkts[NPKT];
static struct iot_ndpi *ndpi; /* shared across engines: nDPI set-up is the slow part */
static struct iot_ruleset rules; /* empty: classification is tested elsewhere */

static const uint8_t dns_q[] = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
                                0x00, 0x00, 0x07, 'e',  'x',  'a',  'm',  'p',  'l',  'e',
                                0x03, 'c',  'o',  'm',  0x00, 0x00, 0x01, 0x00, 0x01};

static size_t build_tcp(uint8_t *b, uint16_t sp, uint16_t dp, uint32_t seq, uint8_t flags)
{
    memset(b, 0, 20);
    put16(b, sp);
    put16(b + 2, dp);
    put32(b + 4, seq);
    b[12] = 0x50;
    b[13] = flags;
    put16(b + 14, 14600);
    return 20;
}

/* A DNS query, three SYNs of a scan, a two-fragment UDP datagram, a truncated IPv4 header. */
static void build_packets(void)
{
    uint8_t l4[128];
    size_t n = build_udp(l4, 40000, 53, dns_q, sizeof(dns_q));
    pkts[0].len = build_ipv4(pkts[0].b, 17, l4, n);
    for (int i = 0; i < 3; i++) {
        n = build_tcp(l4, (uint16_t)(50000 + i), 23, 0xC0A80101, 0x02);
        pkts[1 + i].len = build_ipv4(pkts[1 + i].b, 6, l4, n);
    }
    uint8_t big[40];
    memset(big, 'F', sizeof(big));
    n = build_udp(l4, 7000, 7001, big, sizeof(big)); /* 48 bytes: fragments of 24 + 24 */
    size_t h = build_ipv4_hdr(pkts[4].b, 17, 24, 0x7777, 0x2000);
    memcpy(pkts[4].b + h, l4, 24);
    pkts[4].len = h + 24;
    h = build_ipv4_hdr(pkts[5].b, 17, 24, 0x7777, 3); /* offset 3 * 8 = 24 */
    memcpy(pkts[5].b + h, l4 + 24, 24);
    pkts[5].len = h + 24;
    pkts[6].len = build_ipv4(pkts[6].b, 17, l4, 8);
    pkts[6].len = 10; /* truncated header */
    n = build_tcp(l4, 50000, 23, 0xC0A80101, 0x02);
    pkts[7].len = build_ipv4(pkts[7].b, 6, l4, n); /* retransmitted SYN: same flow as #1 */
}

static int setup(void **state)
{
    (void)state;
    build_packets();
    ndpi = iot_ndpi_new(80, 24);
    return ndpi != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    iot_ndpi_free(ndpi);
    return 0;
}

/* Runs the packets through a fresh engine writing to path; returns false when the engine could
 * not be created (allocation failure). */
static bool run_pipeline(const char *path)
{
    char err[256];
    struct iot_config cfg;
    iot_config_default(&cfg);
    cfg.stats_interval = 0;
    cfg.flow.hash_size = 64;
    assert_int_equal(iot_config_set(&cfg, "detect.credentials", "none", NULL, 0), IOT_OK);
    /* The shipped firmware minimums, so their loading is among the allocations failed in turn. */
    const char *srcdir = getenv("IOTSEC_SOURCE_DIR");
    char fwpath[512];
    snprintf(fwpath, sizeof(fwpath), "%s/data/firmware-minimum.txt", srcdir != NULL ? srcdir : ".");
    assert_int_equal(iot_config_set(&cfg, "inventory.firmware-minimum",
                                    srcdir != NULL ? fwpath : "none", NULL, 0),
                     IOT_OK);
    struct iot_eve *eve = iot_eve_open(path, err, sizeof(err));
    if (eve == NULL)
        return false;
    struct iot_engine_shared sh = {ndpi, NULL, &rules, NULL, NULL};
    struct iot_engine *e = iot_engine_new_shared(&cfg, eve, &sh, err, sizeof(err));
    if (e != NULL) {
        for (unsigned i = 0; i < NPKT; i++) {
            uint8_t *copy = tu_exact_copy(pkts[i].b, pkts[i].len);
            struct iot_packet p;
            memset(&p, 0, sizeof(p));
            p.data = copy;
            p.caplen = p.wirelen = (uint32_t)pkts[i].len;
            p.linktype = IOT_LINK_IPV4;
            p.ts.sec = 1700000000 + i;
            p.num = i + 1;
            iot_engine_process(e, &p);
            free(copy);
        }
        iot_engine_finish(e);
        iot_engine_free(e);
    }
    (void)iot_eve_close(eve);
    return e != NULL;
}

static void test_pipeline_records(void **state)
{
    (void)state;
    char path[] = "/tmp/iotsec-test-engine-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    uint64_t before = iot_mem_in_use();
    assert_true(run_pipeline(path));
    assert_int_equal(iot_mem_in_use(), before);

    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    unsigned flows = 0, anomalies = 0, stats = 0;
    json_t *last_stats = NULL;
    while (fgets(line, sizeof(line), f) != NULL) {
        json_error_t jerr;
        json_t *ev = json_loads(line, 0, &jerr);
        assert_non_null(ev); /* every line is a JSON object */
        const char *type = json_string_value(json_object_get(ev, "event_type"));
        assert_non_null(type);
        if (strcmp(type, "flow") == 0) {
            flows++;
        } else if (strcmp(type, "anomaly") == 0) {
            anomalies++;
            json_t *a = json_object_get(ev, "anomaly");
            assert_string_equal(json_string_value(json_object_get(a, "event")),
                                "decoder.ipv4.trunc_hdr");
            assert_int_equal(json_integer_value(json_object_get(ev, "pcap_cnt")), 7);
        } else if (strcmp(type, "stats") == 0) {
            stats++;
            json_decref(last_stats);
            last_stats = json_incref(ev);
        }
        json_decref(ev);
    }
    fclose(f);
    unlink(path);
    /* DNS, three scan SYNs (the retransmission joins the first), the reassembled datagram. */
    assert_int_equal(flows, 5);
    assert_int_equal(anomalies, 1);
    assert_int_equal(stats, 1);
    json_t *st = json_object_get(last_stats, "stats");
    json_t *dec = json_object_get(st, "decoder");
    assert_int_equal(json_integer_value(json_object_get(dec, "pkts")), NPKT);
    assert_int_equal(json_integer_value(json_object_get(dec, "invalid")), 1);
    json_t *v4 = json_object_get(json_object_get(st, "defrag"), "ipv4");
    assert_int_equal(json_integer_value(json_object_get(v4, "reassembled")), 1);
    json_t *fl = json_object_get(st, "flow");
    assert_int_equal(json_integer_value(json_object_get(fl, "total")), 5);
    assert_int_equal(json_integer_value(json_object_get(fl, "no_flow")), 2);
    json_decref(last_stats);
}

/* Fails the 1st, 2nd, ... allocation of a whole run: every failure path must neither crash nor
 * leak (the counters of util-mem must return to where they started). */
static void test_pipeline_alloc_failures(void **state)
{
    (void)state;
    uint64_t n;
    for (n = 1; n < 10000; n++) {
        uint64_t before = iot_mem_in_use();
        uint64_t injected = iot_mem_injected_failures();
        iot_mem_fail_after(n);
        bool ok = run_pipeline("/dev/null");
        iot_mem_fail_after(0);
        assert_int_equal(iot_mem_in_use(), before);
        if (iot_mem_injected_failures() == injected) {
            assert_true(ok); /* past the last allocation: a clean run */
            break;
        }
    }
    print_message("every one of the %llu allocations of a run was failed once\n",
                  (unsigned long long)(n - 1));
    assert_true(n > 15 && n < 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipeline_records),
        cmocka_unit_test(test_pipeline_alloc_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
