/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Threat detection: the bounded tracker (windows, distinct sets, eviction), the Mirai scan and
 * generic scan detectors on packets built in code, the alert path (deduplication with repeat
 * counts, the suppression list and its parser), all through the alert callback. */
#include "decode-testlib.h"

#include <stdio.h>
#include <unistd.h>

#include <ndpi/ndpi_api.h>

#include "detect/detect-c2.h"
#include "detect/detect-cleartext.h"
#include "detect/detect-download.h"
#include "detect/detect-ndpi.h"
#include "detect/detect.h"
#include "util/util-mem.h"

static const uint8_t KEY[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};

struct got {
    unsigned n;
    enum iot_sig sig[32];
    uint64_t repeated[32];
    char explain[512];
};
static struct got G;

static void on_alert(void *user, const struct iot_alert *a)
{
    (void)user;
    if (G.n < 32) {
        G.sig[G.n] = a->sig;
        G.repeated[G.n] = a->repeated;
    }
    G.n++;
    snprintf(G.explain, sizeof(G.explain), "%s", a->explain);
}

static struct iot_detect *det_new(const struct iot_detect_config *cfg)
{
    struct iot_detect_config def;
    if (cfg == NULL) {
        iot_detect_config_default(&def);
        cfg = &def;
    }
    struct iot_detect_callbacks cb = {NULL, on_alert, NULL};
    memset(&G, 0, sizeof(G));
    return iot_detect_new(cfg, &cb, KEY);
}

/* A TCP packet 192.168.1.<src> -> 10.0.<dst/256>.<dst%256>:dport with flags and sequence. */
static struct iot_packet tcp(uint8_t src, uint32_t dst, uint16_t dport, uint8_t flags,
                             uint32_t seq, int64_t usec)
{
    struct iot_packet p;
    memset(&p, 0, sizeof(p));
    p.flags = IOT_PKT_HAS_ETH | IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_TCP;
    p.ip_ver = 4;
    p.ip_proto = 6;
    p.src.b[0] = 192, p.src.b[1] = 168, p.src.b[2] = 1, p.src.b[3] = src;
    p.dst.b[0] = 10, p.dst.b[1] = 0, p.dst.b[2] = (uint8_t)(dst >> 8), p.dst.b[3] = (uint8_t)dst;
    p.sp = 40000;
    p.dp = dport;
    p.tcp_flags = flags;
    p.tcp_seq = seq;
    p.ts.sec = 1000 + usec / 1000000;
    p.ts.nsec = (uint32_t)(usec % 1000000) * 1000;
    p.num = (uint64_t)usec;
    return p;
}

static uint32_t addr_u32(const struct iot_addr *a)
{
    return (uint32_t)a->b[0] << 24 | (uint32_t)a->b[1] << 16 | (uint32_t)a->b[2] << 8 | a->b[3];
}

static void test_track_window_distinct_eviction(void **state)
{
    (void)state;
    uint64_t before = iot_mem_in_use();
    /* The smallest table: one bucket of 4 ways. */
    struct iot_track *t = iot_track_new(1, KEY);
    assert_non_null(t);
    struct iot_ts t0 = {100, 0}, t5 = {105, 0}, t11 = {111, 0};
    struct iot_track_entry *e = iot_track_get(t, "a", 1, t0, 10);
    e->count = 7;
    assert_true(iot_track_distinct(e, 1));
    assert_false(iot_track_distinct(e, 1));
    assert_ptr_equal(iot_track_get(t, "a", 1, t5, 10), e);
    assert_int_equal(e->count, 7);          /* same window */
    assert_ptr_equal(iot_track_get(t, "a", 1, t11, 10), e);
    assert_int_equal(e->count, 0);          /* a new window */
    assert_int_equal(e->ndistinct, 0);
    for (uint32_t v = 0; v < IOT_TRACK_MAX_DISTINCT + 5; v++)
        iot_track_distinct(e, v);
    assert_int_equal(e->ndistinct, IOT_TRACK_MAX_DISTINCT); /* saturates */
    /* Four more keys in a 4-way bucket: "a", touched longest ago, is the one forgotten. */
    const char *keys[] = {"b", "c", "d", "e"};
    for (int i = 0; i < 4; i++)
        iot_track_get(t, keys[i], 1, (struct iot_ts){112 + i, 0}, 10);
    assert_null(iot_track_find(t, "a", 1));
    assert_non_null(iot_track_find(t, "e", 1));
    assert_int_equal(iot_track_stats(t)->evicted, 1);
    assert_null(iot_track_get(t, "x", IOT_TRACK_KEY_MAX + 1, t0, 10)); /* key too long */
    iot_track_free(t);
    assert_int_equal(iot_mem_in_use(), before);
}

/* Mirai: SYNs whose sequence number is the destination address, 5 within 10 s -> one alert. */
static void test_mirai_scan(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    for (int i = 0; i < 4; i++) {
        struct iot_packet p = tcp(10, 100 + (uint32_t)i, 23, 0x02, 0, i * 1000);
        p.tcp_seq = addr_u32(&p.dst);
        iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(G.n, 0); /* 4 < detect.mirai-scan.min-syns */
    /* A SYN whose sequence number is anything else is not Mirai's. */
    struct iot_packet other = tcp(10, 200, 23, 0x02, 12345, 5000);
    iot_detect_packet(d, &other, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 0);
    struct iot_packet fifth = tcp(10, 104, 2323, 0x02, 0, 6000);
    fifth.tcp_seq = addr_u32(&fifth.dst);
    iot_detect_packet(d, &fifth, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_MIRAI_SCAN);
    assert_non_null(strstr(G.explain, "192.168.1.10 sent 5 TCP SYNs to 5 hosts"));
    /* More of the same in the window: no second alert. */
    struct iot_packet more = tcp(10, 105, 23, 0x02, 0, 7000);
    more.tcp_seq = addr_u32(&more.dst);
    iot_detect_packet(d, &more, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 1);
    assert_int_equal(iot_detect_stats(d)->per_sig[IOT_SIG_MIRAI_SCAN], 1);
    iot_detect_free(d);
}

/* Deduplication: the next window's alert inside detect.alert-window is held and counted; after
 * it, the alert comes with the number held. */
static void test_dedup_and_repeats(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    int64_t starts[] = {0, 15, 30, 75}; /* seconds: windows of 10 s each */
    for (size_t w = 0; w < 4; w++) {
        for (int i = 0; i < 5; i++) {
            struct iot_packet p = tcp(10, 100 + (uint32_t)i, 23, 0x02, 0,
                                      starts[w] * 1000000 + i * 1000);
            p.tcp_seq = addr_u32(&p.dst);
            iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
        }
    }
    assert_int_equal(G.n, 2);            /* at 0 s and at 75 s */
    assert_int_equal(G.repeated[0], 0);
    assert_int_equal(G.repeated[1], 2);  /* the ones at 15 s and 30 s */
    assert_int_equal(iot_detect_stats(d)->deduplicated, 2);
    iot_detect_free(d);
}

/* Horizontal scan: one port, many hosts, mostly unanswered. A burst that is answered (a browser
 * opening many HTTPS connections) does not alert. */
static void test_horizontal_scan_needs_silence(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    for (uint32_t i = 0; i < 20; i++) {
        struct iot_packet syn = tcp(20, 300 + i, 443, 0x02, 1, (int64_t)i * 1000);
        iot_detect_packet(d, &syn, NULL, IOT_DIR_TOSERVER, NULL);
        struct iot_packet synack = syn;
        synack.src = syn.dst;
        synack.dst = syn.src;
        synack.sp = 443;
        synack.dp = 40000;
        synack.tcp_flags = 0x12;
        iot_detect_packet(d, &synack, NULL, IOT_DIR_TOCLIENT, NULL);
    }
    assert_int_equal(G.n, 0);
    for (uint32_t i = 0; i < 16; i++) {
        struct iot_packet syn = tcp(21, 300 + i, 8080, 0x02, 1, (int64_t)i * 1000);
        iot_detect_packet(d, &syn, NULL, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_SCAN_HORIZONTAL);
    assert_non_null(strstr(G.explain, "port 8080 on 16 different hosts within 10 s and 0 answered"));
    iot_detect_free(d);
}

static void test_vertical_scan(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    for (uint16_t port = 1; port <= 24; port++) {
        struct iot_packet syn = tcp(30, 5, port, 0x02, 1, port * 1000);
        iot_detect_packet(d, &syn, NULL, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_SCAN_VERTICAL);
    assert_non_null(strstr(G.explain, "24 different TCP ports of 10.0.0.5"));
    iot_detect_free(d);
}

static void test_suppression(void **state)
{
    (void)state;
    struct iot_detect_config cfg;
    iot_detect_config_default(&cfg);
    char err[256] = "";
    assert_int_equal(iot_detect_parse_suppress(&cfg, "1000002, 1000001@192.168.1.10", err,
                                               sizeof(err)), IOT_OK);
    assert_int_equal(cfg.nsuppress, 2);
    struct iot_detect *d = det_new(&cfg);
    for (int i = 0; i < 16; i++) {
        struct iot_packet p = tcp(10, 100 + (uint32_t)i, 23, 0x02, 0, i * 1000);
        p.tcp_seq = addr_u32(&p.dst);
        iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
        struct iot_packet q = p;
        q.src.b[3] = 11; /* another device: its Mirai alert is not suppressed */
        iot_detect_packet(d, &q, NULL, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_MIRAI_SCAN);
    assert_non_null(strstr(G.explain, "192.168.1.11"));
    assert_int_equal(iot_detect_stats(d)->suppressed, 3); /* 10's Mirai, both horizontals */
    iot_detect_free(d);

    static const struct {
        const char *text, *err;
    } bad[] = {{"42", "unknown signature id"},
               {"*", "'*' needs @address"},
               {"1000001@nowhere", "expected an IPv4, IPv6 or MAC"},
               {"1000001@1.2.3", "expected an IPv4, IPv6 or MAC"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(iot_detect_parse_suppress(&cfg, bad[i].text, err, sizeof(err)),
                         IOT_ERR_INPUT);
        if (strstr(err, bad[i].err) == NULL)
            fail_msg("'%s': got '%s'", bad[i].text, err);
    }
    assert_int_equal(iot_detect_parse_suppress(&cfg, "*@aa:bb:cc:dd:ee:ff, 1000003@fe80::1",
                                               err, sizeof(err)), IOT_OK);
    assert_true(cfg.suppress[0].has_mac);
    assert_int_equal(cfg.suppress[1].ver, 6);
}

/* A UDP datagram 192.168.1.<src>:sp -> dst:dp at usec. */
static struct iot_packet udp(uint8_t src, const uint8_t dst[4], uint16_t sp, uint16_t dp,
                             int64_t usec)
{
    struct iot_packet p = tcp(src, 0, dp, 0, 0, usec);
    p.flags = IOT_PKT_HAS_ETH | IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_UDP;
    p.ip_proto = 17;
    memcpy(p.dst.b, dst, 4);
    p.sp = sp;
    p.payload_len = 512;
    return p;
}

static unsigned count_sig(enum iot_sig s)
{
    unsigned n = 0;
    for (unsigned i = 0; i < G.n && i < 32; i++)
        n += G.sig[i] == s;
    return n;
}

static void test_flood_absolute_and_single_flow(void **state)
{
    (void)state;
    static const uint8_t victim[4] = {203, 0, 113, 200};
    struct iot_detect *d = det_new(NULL);
    /* 1500 datagrams in a second, all one flow (a camera's RTP stream): not a flood. */
    for (int i = 0; i < 1500; i++) {
        struct iot_packet p = udp(40, victim, 5004, 5004, i * 600);
        iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(count_sig(IOT_SIG_FLOOD_UDP), 0);
    /* 1000 in a second over random ports (Mirai's udp attack): a flood, seen after 100. */
    for (int i = 0; i < 1000; i++) {
        struct iot_packet p = udp(41, victim, (uint16_t)(1024 + i * 7), (uint16_t)(i * 13), i * 900);
        iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(count_sig(IOT_SIG_FLOOD_UDP), 1);
    assert_non_null(strstr(G.explain, "192.168.1.41 sent 100 UDP datagrams in 0.089 s (faster than 1000 a second), to 203.0.113.200 over"));
    iot_detect_free(d);
}

/* ACKs of real sessions (a handshake was seen) are a download, not Mirai's ack flood; and
 * packets from outside addresses (a router forwarding the internet in) are nobody's flood. */
static void test_ack_flood_needs_no_handshake(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    struct iot_flow est, none;
    memset(&est, 0, sizeof(est));
    memset(&none, 0, sizeof(none));
    est.tcp_flags[0] = est.tcp_flags[1] = 0x12;
    for (int i = 0; i < 300; i++) {
        struct iot_packet p = tcp(60, 7, (uint16_t)(1000 + i), 0x10, 1, i * 100);
        iot_detect_packet(d, &p, &est, IOT_DIR_TOSERVER, NULL);
        struct iot_packet q = p;
        q.src.b[0] = 173, q.src.b[1] = 194; /* from the internet */
        iot_detect_packet(d, &q, &none, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(count_sig(IOT_SIG_FLOOD_ACK), 0);
    for (int i = 0; i < 300; i++) {
        struct iot_packet p = tcp(61, 7, (uint16_t)(1000 + i), 0x10, 1, i * 100);
        iot_detect_packet(d, &p, &none, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(count_sig(IOT_SIG_FLOOD_ACK), 1);
    iot_detect_free(d);
}

/* A device that usually sends ~10 DNS queries a second: 20 times that is a flood for it, though
 * far under the absolute 1000. */
static void test_flood_against_baseline(void **state)
{
    (void)state;
    static const uint8_t resolver[4] = {192, 168, 1, 1};
    struct iot_detect *d = det_new(NULL);
    int64_t t = 0;
    for (int w = 0; w < 6; w++, t += 1000000)
        for (int i = 0; i < 10; i++) {
            struct iot_packet p = udp(50, resolver, (uint16_t)(30000 + i), 53, t + i * 1000);
            iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
        }
    assert_int_equal(G.n, 0);
    for (int i = 0; i < 250; i++) {
        struct iot_packet p = udp(50, resolver, (uint16_t)(30000 + i), 53, t + i * 1000);
        iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(count_sig(IOT_SIG_FLOOD_DNS), 1);
    assert_non_null(strstr(G.explain, "sent 200 DNS queries in 0.199 s (20 times its usual rate)"));
    iot_detect_free(d);
}

static void test_flood_inbound(void **state)
{
    (void)state;
    static const uint8_t local[4] = {192, 168, 1, 5};
    struct iot_detect *d = det_new(NULL);
    for (int i = 0; i < 1000; i++) {
        struct iot_packet p = udp((uint8_t)(100 + i % 20), local, 161, 40000, i * 900);
        p.src.b[0] = 198, p.src.b[1] = 51, p.src.b[2] = 100; /* spoofed, outside */
        iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(count_sig(IOT_SIG_FLOOD_INBOUND), 1);
    assert_non_null(strstr(G.explain, "192.168.1.5 received 1000 UDP datagrams in 1 s from at least 20 different"));
    iot_detect_free(d);
}

/* The shipped list loads; pairs match exactly ("(none)" is the empty password); a line
 * without a colon is refused with its number. */
static void test_default_credentials(void **state)
{
    (void)state;
    const char *src = getenv("IOTSEC_SOURCE_DIR");
    if (src == NULL)
        skip();
    char path[512], err[256] = "";
    snprintf(path, sizeof(path), "%s/data/mirai-credentials.txt", src);
    struct iot_detect *d = det_new(NULL);
    assert_int_equal(iot_detect_load_credentials(d, path, err, sizeof(err)), IOT_OK);
    assert_true(iot_detect_default_credential(d, "root", "xc3511", 6));
    assert_true(iot_detect_default_credential(d, "root", "", 0));
    assert_false(iot_detect_default_credential(d, "root", "xc351", 5));
    assert_false(iot_detect_default_credential(d, "Root", "xc3511", 6));
    char bad[] = "/tmp/iotsec-test-creds-XXXXXX";
    int fd = mkstemp(bad);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "# c\nroot:a\nnocolon\n", 20), 20);
    close(fd);
    struct iot_detect *d2 = det_new(NULL);
    assert_int_equal(iot_detect_load_credentials(d2, bad, err, sizeof(err)), IOT_ERR_INPUT);
    assert_non_null(strstr(err, ":3: expected user:password"));
    unlink(bad);
    iot_detect_free(d2);
    iot_detect_free(d);
}

/* Mirai's hello: 00 00 00 01, the id length, the id; anything else is not it. */
static void test_mirai_c2_hello(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    struct iot_flow f;
    memset(&f, 0, sizeof(f));
    f.pkts[IOT_DIR_TOSERVER] = 2;
    static const uint8_t hello[] = {0, 0, 0, 1, 3, 'a', 'b', 'c'}, wrong[] = {0, 0, 0, 1, 4, 'a'};
    struct iot_packet p = tcp(10, 66, 23, 0x18, 1, 0);
    p.payload = wrong;
    p.payload_len = sizeof(wrong);
    iot_detect_packet(d, &p, &f, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 0);
    p.payload = hello;
    p.payload_len = sizeof(hello);
    iot_detect_packet(d, &p, &f, IOT_DIR_TOCLIENT, NULL); /* from the server: not a bot */
    assert_int_equal(G.n, 0);
    iot_detect_packet(d, &p, &f, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_C2_MIRAI);
    assert_non_null(strstr(G.explain, "connected to 10.0.0.66:23 and sent Mirai's bot hello"));
    iot_detect_free(d);
    /* Mirai's three send() calls: 00 00 00 01 in one segment, the id in the next. */
    d = det_new(NULL);
    static const uint8_t magic[] = {0, 0, 0, 1}, id[] = {11, 't', 'e', 'l', 'n', 'e', 't', '.',
                                                         'm', 'i', 'p', 's'};
    f.id = 42;
    p.payload = id; /* the id alone, without the magic before it: nothing */
    p.payload_len = sizeof(id);
    iot_detect_packet(d, &p, &f, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 0);
    p.payload = magic;
    p.payload_len = sizeof(magic);
    iot_detect_packet(d, &p, &f, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 0);
    p.payload = id;
    p.payload_len = sizeof(id);
    f.pkts[IOT_DIR_TOSERVER] = 3;
    iot_detect_packet(d, &p, &f, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 1);
    assert_non_null(strstr(G.explain, "an id of 11 bytes"));
    iot_detect_free(d);
}

/* ELF magic at the start of a download names the CPU it was built for (e_machine, in the
 * file's own byte order); anything else is not an executable. */
static void test_elf_download(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    static const uint8_t mipsbe[20] = {0x7f, 'E', 'L', 'F', 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                       0, 2, 0, 8};
    static const uint8_t text[] = "<html>not a program</html>";
    struct iot_packet p = udp(99, (const uint8_t[]){192, 168, 1, 11}, 41000, 50000, 0);
    p.src.b[0] = 198, p.src.b[1] = 51, p.src.b[2] = 100, p.src.b[3] = 23;
    iot_detect_download(d, &p, NULL, NULL, "TFTP", text, sizeof(text) - 1);
    assert_int_equal(G.n, 0);
    iot_detect_download(d, &p, NULL, NULL, "TFTP", mipsbe, sizeof(mipsbe));
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_ELF_DOWNLOAD);
    assert_non_null(strstr(G.explain, "192.168.1.11 downloaded an executable built for MIPS "
                                      "from 198.51.100.23:41000 over TFTP"));
    iot_detect_free(d);
}

/* SSH is named by nDPI's verdict, whatever the port: 5 sessions from one client to one server
 * within 60 s are a brute force (SSH refusals are encrypted, so sessions are what counts). */
static void test_ssh_bruteforce_by_verdict(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    struct iot_ndpi_verdict v;
    memset(&v, 0, sizeof(v));
    v.master_id = NDPI_PROTOCOL_SSH;
    for (int i = 0; i < 4; i++) {
        struct iot_packet p = tcp(10, 5, 2222, 0x18, 1, i * 5000000);
        iot_detect_verdict(d, &p, NULL, IOT_DIR_TOSERVER, NULL, &v);
    }
    assert_int_equal(G.n, 0);
    /* The fifth session's verdict settles on the server's banner: still the same client. */
    struct iot_packet banner = tcp(10, 5, 2222, 0x18, 1, 21000000);
    struct iot_addr c = banner.src;
    banner.src = banner.dst;
    banner.dst = c;
    banner.sp = 2222;
    banner.dp = 40000;
    iot_detect_verdict(d, &banner, NULL, IOT_DIR_TOCLIENT, NULL, &v);
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_BRUTE_SSH);
    assert_non_null(strstr(G.explain, "192.168.1.10 opened 5 SSH sessions to 10.0.0.5:2222"));
    /* Another protocol's verdicts on the same port count nothing. */
    struct iot_detect *d2 = det_new(NULL);
    v.master_id = NDPI_PROTOCOL_HTTP;
    for (int i = 0; i < 6; i++) {
        struct iot_packet p = tcp(10, 5, 2222, 0x18, 1, i * 1000);
        iot_detect_verdict(d2, &p, NULL, IOT_DIR_TOSERVER, NULL, &v);
    }
    assert_int_equal(G.n, 0);
    iot_detect_free(d2);
    iot_detect_free(d);
}

/* nDPI risks that matter become alerts on the client; a posture finding (severity 3) is not
 * repeated for a day, though the alert window has passed. */
static void test_risks_and_posture_window(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    struct iot_ndpi_verdict v;
    memset(&v, 0, sizeof(v));
    v.master_id = NDPI_PROTOCOL_TLS;
    v.risk = 1ull << NDPI_TLS_SELFSIGNED_CERTIFICATE; /* not mapped: nothing */
    struct iot_packet p = tcp(10, 5, 443, 0x18, 1, 0);
    iot_detect_verdict(d, &p, NULL, IOT_DIR_TOSERVER, NULL, &v);
    assert_int_equal(G.n, 0);
    v.risk |= 1ull << NDPI_TLS_OBSOLETE_VERSION;
    iot_detect_verdict(d, &p, NULL, IOT_DIR_TOSERVER, NULL, &v);
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_TLS_OBSOLETE);
    assert_non_null(strstr(G.explain, "192.168.1.10 uses an obsolete TLS version with 10.0.0.5:443"));
    struct iot_packet later = tcp(10, 5, 443, 0x18, 1, 3600ll * 1000000);
    iot_detect_verdict(d, &later, NULL, IOT_DIR_TOSERVER, NULL, &v);
    assert_int_equal(G.n, 1);
    assert_int_equal(iot_detect_stats(d)->deduplicated, 1);
    /* DGA names are not posture: C2, severity 2; one flagged name asked again and again is a
     * vendor's odd name, three different ones are a generator. */
    v.master_id = NDPI_PROTOCOL_DNS;
    v.risk = 1ull << NDPI_SUSPICIOUS_DGA_DOMAIN;
    static const char *const names[] = {"dcp.cpp.philips.com", "dcp.cpp.philips.com",
                                        "qzvbnrtqkx.net", "xjwqkzpvbnrtq.com"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(v.hostname, sizeof(v.hostname), "%s", names[i]);
        iot_detect_verdict(d, &p, NULL, IOT_DIR_TOSERVER, NULL, &v);
        assert_int_equal(G.n, i < 3 ? 1 : 2);
    }
    assert_int_equal(G.sig[1], IOT_SIG_C2_DGA);
    assert_non_null(strstr(G.explain, "('xjwqkzpvbnrtq.com')"));
    iot_detect_free(d);
}

/* HTTP: requests with credentials are attempts, 401 replies refusals; the alert is about the
 * client, though the refusal is the server's packet. */
static void test_http_and_mqtt_bruteforce(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    static struct iot_http_info req, resp;
    req.kind = IOT_HTTP_KIND_REQUEST;
    req.auth_present = true;
    resp.kind = IOT_HTTP_KIND_RESPONSE;
    resp.status = 401;
    for (int i = 0; i < 5; i++) {
        struct iot_packet p = tcp(10, 7, 80, 0x18, 1, i * 100000);
        iot_detect_http(d, &p, NULL, NULL, &req);
        struct iot_packet r = p;
        r.src = p.dst;
        r.dst = p.src;
        r.sp = 80;
        r.dp = 40000;
        if (i < 2)
            iot_detect_http(d, &r, NULL, NULL, &resp);
    }
    assert_int_equal(G.n, 0); /* 5 attempts, only 2 refused */
    struct iot_packet r = tcp(10, 7, 80, 0x18, 1, 600000);
    r.src = r.dst;
    r.dst = tcp(10, 7, 80, 0x18, 1, 0).src;
    r.sp = 80;
    iot_detect_http(d, &r, NULL, NULL, &resp);
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_BRUTE_HTTP);
    assert_non_null(strstr(G.explain, "192.168.1.10 tried 5 HTTP logins within 60 s and 3 were refused"));
    /* Digest polling (an NVR fetching snapshots): each poll is a request without credentials
     * answered 401, then one with them on a new connection. The 401s refuse nothing. */
    static struct iot_http_info bare;
    bare.kind = IOT_HTTP_KIND_REQUEST;
    struct iot_flow fa, fb;
    memset(&fa, 0, sizeof(fa));
    memset(&fb, 0, sizeof(fb));
    for (int i = 0; i < 6; i++) {
        fa.id = 100 + 2 * (uint64_t)i;
        fb.id = fa.id + 1;
        struct iot_packet q = tcp(13, 7, 80, 0x18, 1, i * 10000000);
        iot_detect_http(d, &q, &fa, NULL, &bare);
        struct iot_packet challenge = q;
        challenge.src = q.dst;
        challenge.dst = q.src;
        iot_detect_http(d, &challenge, &fa, NULL, &resp);
        iot_detect_http(d, &q, &fb, NULL, &req);
    }
    assert_int_equal(iot_detect_stats(d)->per_sig[IOT_SIG_BRUTE_HTTP], 1); /* still the one */
    /* MQTT: CONNECTs with a user name, CONNACK refusals. */
    static struct iot_mqtt_info connect;
    snprintf(connect.username, sizeof(connect.username), "%s", "admin");
    for (int i = 0; i < 5; i++) {
        struct iot_packet p = tcp(11, 8, 1883, 0x18, 1, i * 100000);
        iot_detect_mqtt(d, &p, NULL, NULL, &connect);
        struct iot_packet b = p;
        b.src = p.dst;
        b.dst = p.src;
        iot_detect_mqtt_refused(d, &b, NULL, 5);
    }
    assert_int_equal(iot_detect_stats(d)->per_sig[IOT_SIG_BRUTE_MQTT], 1);
    /* A device reconnecting with its one stale password, refused each time, guesses nothing. */
    static const uint8_t stale[] = "old-pass";
    connect.password_present = true;
    connect.password = stale;
    connect.password_len = sizeof(stale) - 1;
    for (int i = 0; i < 8; i++) {
        struct iot_packet p = tcp(12, 8, 1883, 0x18, 1, i * 100000);
        iot_detect_mqtt(d, &p, NULL, NULL, &connect);
        struct iot_packet b = p;
        b.src = p.dst;
        b.dst = p.src;
        iot_detect_mqtt_refused(d, &b, NULL, 5);
    }
    assert_int_equal(iot_detect_stats(d)->per_sig[IOT_SIG_BRUTE_MQTT], 1);
    iot_detect_free(d);
}

/* A device's baseline is what it talked to in its first detect.c2.learn seconds. Within
 * detect.c2.window after a compromise stage (here: it downloaded an ELF), a destination or a
 * name outside it is a call home; before a compromise, nothing is. */
static void test_c2_after_compromise(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    static const uint8_t data[] = "GET / HTTP/1.1\r\n";
    struct iot_flow f;
    memset(&f, 0, sizeof(f));
    f.pkts[IOT_DIR_TOSERVER] = 1;
    struct iot_packet cloud = tcp(10, 0, 443, 0x18, 1, 0);
    cloud.dst.b[0] = 203, cloud.dst.b[1] = 0, cloud.dst.b[2] = 113, cloud.dst.b[3] = 5;
    cloud.payload = data;
    cloud.payload_len = sizeof(data) - 1;
    iot_detect_packet(d, &cloud, &f, IOT_DIR_TOSERVER, NULL);
    iot_detect_c2_dns(d, &cloud, NULL, NULL, "cloud.vendor.example");
    struct iot_packet other = cloud;
    other.dst.b[3] = 77;
    other.ts.sec += 700; /* after the learning period, before any compromise */
    iot_detect_packet(d, &other, &f, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 0);
    /* The ELF download: the server's packet to 192.168.1.10. */
    static const uint8_t elf[20] = {0x7f, 'E', 'L', 'F', 1, 1, 1};
    struct iot_packet dl = cloud;
    dl.src = cloud.dst;
    dl.dst = cloud.src;
    dl.ts.sec += 800;
    iot_detect_download(d, &dl, NULL, NULL, "HTTP", elf, sizeof(elf));
    assert_int_equal(G.n, 1);
    struct iot_packet again = cloud;
    again.ts.sec += 805;
    iot_detect_packet(d, &again, &f, IOT_DIR_TOSERVER, NULL); /* learnt: fine */
    iot_detect_c2_dns(d, &again, NULL, NULL, "Cloud.Vendor.Example");
    assert_int_equal(G.n, 1);
    iot_detect_c2_dns(d, &again, NULL, NULL, "cnc.changeme.example");
    assert_int_equal(G.n, 2);
    assert_int_equal(G.sig[1], IOT_SIG_C2_NEW_NAME);
    assert_non_null(strstr(G.explain, "looked up 'cnc.changeme.example', a name it never asked for "
                                      "before, 5 s after it was compromised"));
    struct iot_packet c2 = again;
    c2.dst.b[0] = 198, c2.dst.b[1] = 51, c2.dst.b[2] = 100, c2.dst.b[3] = 9;
    c2.dp = 23;
    iot_detect_packet(d, &c2, &f, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 3);
    assert_int_equal(G.sig[2], IOT_SIG_C2_NEW_DEST);
    assert_non_null(strstr(G.explain, "connected to 198.51.100.9:23, a destination outside its "
                                      "baseline"));
    /* After detect.c2.window, new destinations are nobody's business here. */
    c2.ts.sec += 700;
    c2.dp = 24;
    iot_detect_packet(d, &c2, &f, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 3);
    iot_detect_free(d);
}

/* A steady period to an unlearnt internet destination from an IoT device is a beacon; the same
 * rhythm with a spread beyond detect.beacon.jitter, or from a computer, is not. */
static void test_beaconing(void **state)
{
    (void)state;
    struct iot_detect_config cfg;
    iot_detect_config_default(&cfg);
    cfg.c2_learn = 0; /* nothing is baseline */
    struct iot_detect *d = det_new(&cfg);
    static struct iot_device cam, pc;
    snprintf(cam.attr[IOT_ATTR_KIND].value, sizeof(cam.attr[IOT_ATTR_KIND].value), "camera");
    snprintf(pc.attr[IOT_ATTR_KIND].value, sizeof(pc.attr[IOT_ATTR_KIND].value), "computer");
    cam.id = 1; /* apart in deduplication */
    pc.id = 2;
    static const uint8_t beat[2] = {0, 0};
    struct iot_flow f;
    memset(&f, 0, sizeof(f));
    f.pkts[IOT_DIR_TOSERVER] = 10;
    for (int dev = 0; dev < 2; dev++)
        for (int i = 0; i <= 8; i++) {
            struct iot_packet p = tcp((uint8_t)(10 + dev), 0, 23, 0x18, 1,
                                      (int64_t)i * 60000000 + (i % 2) * 2000000);
            p.dst.b[0] = 198, p.dst.b[1] = 51, p.dst.b[2] = 100, p.dst.b[3] = 9;
            p.payload = beat;
            p.payload_len = 2;
            iot_detect_packet(d, &p, &f, IOT_DIR_TOSERVER, dev == 0 ? &cam : &pc);
        }
    assert_int_equal(G.n, 1); /* the camera's 8 intervals of 58-62 s; not the computer */
    assert_int_equal(G.sig[0], IOT_SIG_C2_BEACON);
    assert_int_equal(iot_detect_stats(d)->deduplicated, 0);
    assert_non_null(strstr(G.explain, "192.168.1.10 (camera) contacts 198.51.100.9:23 every 60.0 s"));
    /* Intervals spread 30-90 s: not steady. */
    struct iot_detect *d2 = det_new(&cfg);
    for (int i = 0; i <= 8; i++) {
        struct iot_packet p = tcp(10, 0, 23, 0x18, 1, (int64_t)i * 60000000 + (i % 2) * 30000000);
        p.dst.b[0] = 198, p.dst.b[1] = 51, p.dst.b[2] = 100, p.dst.b[3] = 9;
        p.payload = beat;
        p.payload_len = 2;
        iot_detect_packet(d2, &p, &f, IOT_DIR_TOSERVER, &cam);
    }
    assert_int_equal(G.n, 0);
    iot_detect_free(d2);
    iot_detect_free(d);
}

/* Every segment that starts an HTTP request counts, at detect.flood.http-rps. */
static void test_http_flood(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    static const uint8_t get[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    struct iot_flow f;
    memset(&f, 0, sizeof(f));
    f.tcp_flags[0] = f.tcp_flags[1] = 0x12;
    for (int i = 0; i < 99; i++) {
        struct iot_packet p = tcp(10, 9, 80, 0x18, 1, i * 5000);
        p.dst.b[0] = 198;
        p.payload = get;
        p.payload_len = sizeof(get) - 1;
        iot_detect_packet(d, &p, &f, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(G.n, 0);
    struct iot_packet p = tcp(10, 9, 80, 0x18, 1, 99 * 5000);
    p.dst.b[0] = 198;
    p.payload = get;
    p.payload_len = sizeof(get) - 1;
    iot_detect_packet(d, &p, &f, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_FLOOD_HTTP);
    assert_non_null(strstr(G.explain, "sent 100 HTTP requests in 0.495 s"));
    iot_detect_free(d);
}


/* An industrial device's alerts use the ATT&CK for ICS technique where there is one. */
static void test_ics_technique(void **state)
{
    (void)state;
    static struct iot_device plc, cam;
    snprintf(plc.attr[IOT_ATTR_KIND].value, sizeof(plc.attr[IOT_ATTR_KIND].value), "plc");
    snprintf(cam.attr[IOT_ATTR_KIND].value, sizeof(cam.attr[IOT_ATTR_KIND].value), "camera");
    struct iot_alert a = {.sig = IOT_SIG_DEFAULT_CRED, .dev = &plc};
    const char *matrix, *id, *name;
    iot_alert_technique(&a, &matrix, &id, &name);
    assert_string_equal(matrix, "ics");
    assert_string_equal(id, "T0812");
    assert_string_equal(name, "Default Credentials");
    a.dev = &cam;
    iot_alert_technique(&a, &matrix, &id, &name);
    assert_string_equal(matrix, "enterprise");
    assert_string_equal(id, "T1078.001");
    a.dev = &plc;
    a.sig = IOT_SIG_C2_DGA; /* no ICS counterpart: the Enterprise one */
    iot_alert_technique(&a, &matrix, &id, &name);
    assert_string_equal(matrix, "enterprise");
    assert_string_equal(id, "T1568.002");
}


/* detect.home-net: CIDR prefixes of either family; the default is RFC 1918, ULA and
 * link-local; a bad prefix is refused with its text. */
static void test_home_net(void **state)
{
    (void)state;
    struct iot_detect_config cfg;
    iot_detect_config_default(&cfg);
    char err[256];
    struct iot_addr a;
    memset(&a, 0, sizeof(a));
    struct iot_detect *d = det_new(&cfg);
    a.b[0] = 172, a.b[1] = 31, a.b[2] = 1, a.b[3] = 1;
    assert_true(iot_detect_addr_local(d, &a, 4));
    a.b[1] = 32;
    assert_false(iot_detect_addr_local(d, &a, 4));
    iot_detect_free(d);
    assert_int_equal(iot_detect_parse_home_net(&cfg, "147.32.80.0/22, 2001:db8:1::/48", err,
                                               sizeof(err)), IOT_OK);
    assert_int_equal(cfg.nhome, 2);
    d = det_new(&cfg);
    memset(&a, 0, sizeof(a));
    a.b[0] = 147, a.b[1] = 32, a.b[2] = 83, a.b[3] = 255;
    assert_true(iot_detect_addr_local(d, &a, 4));
    a.b[2] = 84;
    assert_false(iot_detect_addr_local(d, &a, 4));
    a.b[0] = 192, a.b[1] = 168; /* no longer local: the list replaced the default */
    assert_false(iot_detect_addr_local(d, &a, 4));
    struct iot_addr v6;
    memset(&v6, 0, sizeof(v6));
    v6.b[0] = 0x20, v6.b[1] = 0x01, v6.b[2] = 0x0d, v6.b[3] = 0xb8, v6.b[5] = 1, v6.b[15] = 7;
    assert_true(iot_detect_addr_local(d, &v6, 6));
    assert_false(iot_detect_addr_local(d, &v6, 4)); /* families do not mix */
    v6.b[5] = 2;
    assert_false(iot_detect_addr_local(d, &v6, 6));
    iot_detect_free(d);
    assert_int_equal(iot_detect_parse_home_net(&cfg, "10.0.0.0/33", err, sizeof(err)),
                     IOT_ERR_INPUT);
    assert_non_null(strstr(err, "bad prefix '10.0.0.0/33'"));
    assert_int_equal(iot_detect_parse_home_net(&cfg, "lan", err, sizeof(err)), IOT_ERR_INPUT);
    assert_int_equal(cfg.nhome, 2); /* a refused list changes nothing */
}


/* An ARP packet from MAC 02:..:mac claiming spa, asking for or answering about tpa. */
static struct iot_packet arp(uint8_t mac, const uint8_t spa[4], const uint8_t tpa[4], uint16_t op,
                             bool broadcast, int64_t usec)
{
    struct iot_packet p;
    memset(&p, 0, sizeof(p));
    p.flags = IOT_PKT_HAS_ETH | IOT_PKT_HAS_ARP;
    p.arp.op = op;
    uint8_t m[6] = {2, 0, 0, 0, 0, mac};
    memcpy(p.arp.sha, m, 6);
    memcpy(p.src_mac, m, 6);
    memset(p.dst_mac, broadcast ? 0xff : 0x02, 6);
    memcpy(p.arp.spa, spa, 4);
    memcpy(p.arp.tpa, tpa, 4);
    p.ts.sec = 1000 + usec / 1000000;
    p.ts.nsec = (uint32_t)(usec % 1000000) * 1000;
    return p;
}

/* ARP spoofing: two addresses of one /24 claimed by one MAC, one of them to a single host. A
 * device moving from its factory address to a DHCP lease, or claiming two addresses only to
 * everyone, is not spoofing. */
static void test_arp_spoof(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    static const uint8_t gw[4] = {172, 16, 0, 1}, own[4] = {172, 16, 0, 105},
                         victim[4] = {172, 16, 0, 107}, factory[4] = {192, 168, 0, 20},
                         lease[4] = {10, 10, 10, 37}, lease2[4] = {10, 10, 10, 38};
    struct iot_packet p = arp(5, factory, gw, 1, true, 0);
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    p = arp(5, lease, victim, 2, false, 1000);
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 0); /* other subnet */
    p = arp(6, lease, gw, 1, true, 2000);
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    p = arp(6, lease2, gw, 1, true, 3000);
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 0); /* same /24, but only ever told to everyone */
    p = arp(7, gw, victim, 2, false, 4000); /* "172.16.0.1 is-at" me, to the victim */
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 0);
    p = arp(7, own, gw, 1, true, 5000);
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_SPOOF_ARP);
    assert_non_null(strstr(G.explain, "02:00:00:00:00:07 claimed both 172.16.0.1 and 172.16.0.105"));
    iot_detect_free(d);

    /* arpspoof: the gateway (MAC 1) has asked for hosts as 172.16.0.1; MAC 9 then tells the
     * victim, unasked, that it is 172.16.0.1. A range extender (MAC 8) answering requests for
     * the hosts behind it is asked every time: nothing. */
    d = det_new(NULL);
    static const uint8_t host1[4] = {172, 16, 0, 20}, host2[4] = {172, 16, 0, 21};
    p = arp(1, gw, victim, 1, true, 0);
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    for (int i = 0; i < 2; i++) {
        const uint8_t *h = i ? host2 : host1;
        p = arp(1, gw, h, 1, true, 1000 + i);
        iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
        p = arp(8, h, gw, 2, false, 2000 + i);
        iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    }
    assert_int_equal(G.n, 0);
    p = arp(9, gw, victim, 2, false, 5000000);
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 1);
    assert_non_null(strstr(G.explain, "02:00:00:00:00:09 told 172.16.0.107, unasked, that it is "
                                      "172.16.0.1, which 02:00:00:00:00:01 announced before"));
    iot_detect_free(d);
}


/* Posture: plain HTTP to the internet and CoAP without DTLS, from IoT devices only, once a
 * device per posture window. */
static void test_plain_http_and_coap_posture(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    static struct iot_device tv, phone;
    snprintf(tv.attr[IOT_ATTR_KIND].value, sizeof(tv.attr[IOT_ATTR_KIND].value), "tv");
    snprintf(phone.attr[IOT_ATTR_KIND].value, sizeof(phone.attr[IOT_ATTR_KIND].value), "phone");
    static struct iot_http_info get;
    get.kind = IOT_HTTP_KIND_REQUEST;
    snprintf(get.method_str, sizeof(get.method_str), "GET");
    snprintf(get.host, sizeof(get.host), "clients3.google.com");
    struct iot_packet lan = tcp(10, 7, 80, 0x18, 1, 0); /* 10.0.0.7: local */
    iot_detect_http(d, &lan, NULL, &tv, &get);
    assert_int_equal(G.n, 0);
    struct iot_packet out = lan;
    out.dst.b[0] = 142, out.dst.b[1] = 250, out.dst.b[2] = 72, out.dst.b[3] = 110;
    iot_detect_http(d, &out, NULL, &phone, &get); /* a phone browses: its business */
    iot_detect_http(d, &out, NULL, NULL, &get);   /* unknown kind: cannot tell */
    assert_int_equal(G.n, 0);
    iot_detect_http(d, &out, NULL, &tv, &get);
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_HTTP_UNENCRYPTED);
    assert_non_null(strstr(G.explain, "sent a plain-HTTP GET request to 142.250.72.110:80 (Host "
                                      "'clients3.google.com')"));
    out.ts.sec += 3600;
    iot_detect_http(d, &out, NULL, &tv, &get);
    assert_int_equal(G.n, 1); /* within detect.posture-window */
    struct iot_packet coap = lan;
    coap.dp = 5683;
    iot_detect_coap(d, &coap, NULL, &phone);
    assert_int_equal(G.n, 1);
    iot_detect_coap(d, &coap, NULL, &tv);
    assert_int_equal(G.n, 2);
    assert_int_equal(G.sig[1], IOT_SIG_COAP_UNENCRYPTED);
    iot_detect_free(d);
}


/* OS fingerprinting: two kinds of obsolete ICMP query from one sender; one kind alone, or
 * ordinary echoes, are nothing. */
static void test_os_probe(void **state)
{
    (void)state;
    struct iot_detect *d = det_new(NULL);
    struct iot_packet p = tcp(29, 2, 0, 0, 0, 0);
    p.flags = IOT_PKT_HAS_ETH | IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_ICMPV4;
    p.ip_proto = 1;
    p.sp = p.dp = 0;
    p.icmp_type = 8; /* plain echo */
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    p.icmp_type = 13;
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 0);
    p.icmp_type = 8;
    p.icmp_code = 9; /* nmap's IE probe */
    iot_detect_packet(d, &p, NULL, IOT_DIR_TOSERVER, NULL);
    assert_int_equal(G.n, 1);
    assert_int_equal(G.sig[0], IOT_SIG_OS_PROBE);
    assert_non_null(strstr(G.explain, "sent ICMP timestamp and echo with a non-zero code requests "
                                      "to 10.0.0.2"));
    iot_detect_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_track_window_distinct_eviction),
        cmocka_unit_test(test_mirai_scan),
        cmocka_unit_test(test_dedup_and_repeats),
        cmocka_unit_test(test_horizontal_scan_needs_silence),
        cmocka_unit_test(test_vertical_scan),
        cmocka_unit_test(test_suppression),
        cmocka_unit_test(test_flood_absolute_and_single_flow),
        cmocka_unit_test(test_flood_against_baseline),
        cmocka_unit_test(test_ack_flood_needs_no_handshake),
        cmocka_unit_test(test_flood_inbound),
        cmocka_unit_test(test_default_credentials),
        cmocka_unit_test(test_mirai_c2_hello),
        cmocka_unit_test(test_elf_download),
        cmocka_unit_test(test_ssh_bruteforce_by_verdict),
        cmocka_unit_test(test_risks_and_posture_window),
        cmocka_unit_test(test_http_and_mqtt_bruteforce),
        cmocka_unit_test(test_c2_after_compromise),
        cmocka_unit_test(test_beaconing),
        cmocka_unit_test(test_http_flood),
        cmocka_unit_test(test_ics_technique),
        cmocka_unit_test(test_home_net),
        cmocka_unit_test(test_arp_spoof),
        cmocka_unit_test(test_plain_http_and_coap_posture),
        cmocka_unit_test(test_os_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
