/* SPDX-License-Identifier: GPL-3.0-or-later */
/* p0f-style SYN fingerprinting: the strict loader (real /etc/p0f/p0f.fp when installed, and a
 * small embedded database), matching of SYNs built from decoded fields, SYNs decoded from raw
 * header bytes (quirks only the headers show), and real SYNs from shared captures compared with
 * what p0f 3.09b itself reported for them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "capture/capture.h"
#include "decode-testlib.h"
#include "decode/decode.h"
#include "inventory/inventory-p0f.h"
#include "testutil.h"
#include "util/util-mem.h"

/* A small database in p0f.fp syntax: every section kind, each wsize form, a userland tool with
 * a randomised TTL, a generic catch-all, and sections the loader must skip. */
static const char embedded_db[] =
    "; test database\n"
    "classes = win,unix,other\n"
    "\n"
    "[mtu]\n"
    "label = Ethernet or modem\n"
    "sig   = 1500\n"
    "\n"
    "[tcp:request]\n"
    "label = s:unix:Linux:3.11 and newer\n"
    "sig   = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0\n"
    "sig   = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n"
    "label = s:win:Windows:7 or 8\n"
    "sig   = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0\n"
    "label = s:unix:OpenVMS:8.x\n"
    "sig   = 4:128:0:1460:mtu*2,0:mss,nop,ws::0\n"
    "label = s:other:Modulo:test\n"
    "sig   = 6:64:0:*:%4096,0:mss:flow:+\n"
    "label = s:unix:Mac OS X:10.x\n"
    "sig   = *:64:0:*:65535,1:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0\n"
    "label = s:!:NMap:SYN scan\n"
    "sys   = @unix,@win\n"
    "sig   = *:64-:0:1460:1024,0:mss::0\n"
    "label = g:unix:Linux:2.2.x-3.x\n"
    "sig   = *:64:0:*:*,*:mss,sok,ts,nop,ws:df,id+:0\n"
    "label = g:unix:Mac OS X:\n"
    "sig   = *:64:0:*:65535,*:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0\n"
    "\n"
    "[tcp:response]\n"
    "label = s:unix:Linux:3.x\n"
    "sig   = *:64:0:*:mss*10,0:mss:df:0\n"
    "\n"
    "[http:request]\n"
    "ua_os = Linux,Windows\n"
    "label = s:!:Firefox:10.x or newer\n"
    "sys   = Windows,@unix\n"
    "sig   = *:Host,User-Agent,Accept=[,*/*;q=]:Accept-Charset:Firefox/\n"
    "\n"
    "[http:response]\n"
    "label = s:!:Apache:2.x\n"
    "sig   = 1:Date,Server,?Last-Modified:Keep-Alive:Apache\n";

static struct iot_p0f_db *load_embedded(void)
{
    struct iot_p0f_db *db = iot_p0f_new();
    assert_non_null(db);
    char err[256] = "";
    int rc = iot_p0f_parse(db, embedded_db, strlen(embedded_db), "t.fp", err, sizeof(err));
    if (rc != IOT_OK)
        fail_msg("embedded database: %s", err);
    return db;
}

static struct iot_p0f_db *load_real(void)
{
    struct stat st;
    if (stat(IOT_P0F_DEFAULT_PATH, &st) != 0)
        return NULL;
    struct iot_p0f_db *db = NULL;
    char err[256] = "";
    if (iot_p0f_load(&db, NULL, err, sizeof(err)) != IOT_OK)
        fail_msg("%s", err);
    return db;
}

/* A SYN as decoded fields only (no header pointers): what a caller without the raw bytes has. */
static struct iot_packet field_syn(uint8_t ttl, uint16_t win, const uint8_t *kinds, uint8_t nk)
{
    struct iot_packet p;
    memset(&p, 0, sizeof(p));
    p.flags = IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_TCP;
    p.ip_ver = 4;
    p.ip_proto = 6;
    p.ttl = ttl;
    p.ip_df = true;
    p.ip_id = 0x3a1c;
    p.l3_hlen = 20;
    p.tcp_flags = 0x02;
    p.tcp_seq = 0x9c1d2e3f;
    p.tcp_win = win;
    for (uint8_t i = 0; i < nk; i++)
        p.tcp_opts.kinds[i] = kinds[i];
    p.tcp_opts.count = nk;
    return p;
}

/* Linux 3.x+: mss,sok,ts,nop,ws, window 20 * MSS, TTL 64 seen after 3 hops. */
static struct iot_packet linux_syn(uint8_t wscale)
{
    static const uint8_t k[] = {2, 4, 8, 1, 3};
    struct iot_packet p = field_syn(61, 1460 * 20, k, sizeof(k));
    p.tcp_opts.has_mss = true;
    p.tcp_opts.mss = 1460;
    p.tcp_opts.sack_permitted = true;
    p.tcp_opts.has_ts = true;
    p.tcp_opts.ts_val = 0x0004a1b2;
    p.tcp_opts.has_wscale = true;
    p.tcp_opts.wscale = wscale;
    return p;
}

/* Windows 7/8/10: mss,nop,ws,nop,nop,sok, window 8192, TTL 128. */
static struct iot_packet windows_syn(void)
{
    static const uint8_t k[] = {2, 1, 3, 1, 1, 4};
    struct iot_packet p = field_syn(128, 8192, k, sizeof(k));
    p.tcp_opts.has_mss = true;
    p.tcp_opts.mss = 1460;
    p.tcp_opts.has_wscale = true;
    p.tcp_opts.wscale = 8;
    p.tcp_opts.sack_permitted = true;
    return p;
}

/* macOS/iOS: mss,nop,ws,nop,nop,ts,sok,eol; IP ID zero, ECE|CWR (an ECN-setup SYN). */
static struct iot_packet mac_syn(uint8_t wscale)
{
    static const uint8_t k[] = {2, 1, 3, 1, 1, 8, 4, 0};
    struct iot_packet p = field_syn(64, 65535, k, sizeof(k));
    p.ip_id = 0;
    p.tcp_flags = 0x02 | 0x40 | 0x80;
    p.tcp_opts.has_mss = true;
    p.tcp_opts.mss = 1460;
    p.tcp_opts.has_wscale = true;
    p.tcp_opts.wscale = wscale;
    p.tcp_opts.has_ts = true;
    p.tcp_opts.ts_val = 0x11223344;
    p.tcp_opts.sack_permitted = true;
    return p;
}

static void check(const struct iot_p0f_db *db, const struct iot_packet *p, const char *name,
                  const char *flavor, bool generic, bool fuzzy, const char *sig)
{
    struct iot_p0f_result r;
    const struct iot_p0f_match *m = iot_p0f_match_syn(db, p, &r);
    assert_true(r.fingerprinted);
    assert_string_equal(r.sig, sig);
    assert_false(r.sig_truncated);
    if (name == NULL) {
        assert_null(m);
        assert_false(r.matched);
        return;
    }
    if (m == NULL)
        fail_msg("no match for %s, want %s:%s", r.sig, name, flavor);
    assert_ptr_equal(m, r.match);
    assert_true(r.matched);
    assert_string_equal(m->label->name, name);
    assert_string_equal(m->label->flavor, flavor);
    assert_int_equal(r.generic, generic);
    assert_int_equal(m->label->generic, generic);
    assert_int_equal(r.fuzzy, fuzzy);
}

/* ------------------------------------------------------------------------------------------ */

static void test_real_db_loads(void **state)
{
    (void)state;
    struct iot_p0f_db *db = load_real();
    if (db == NULL)
        skip(); /* Debian's p0f package not installed */
    /* p0f 3.09b ships 91 SYN signatures under 45 labels; later versions only add. */
    assert_true(iot_p0f_sig_count(db) >= 91);
    assert_true(iot_p0f_label_count(db) >= 45);
    iot_p0f_free(db);
}

static void test_real_db_builtin_syns(void **state)
{
    (void)state;
    struct iot_p0f_db *db = load_real();
    if (db == NULL)
        skip();
    struct iot_packet p = linux_syn(7);
    check(db, &p, "Linux", "3.11 and newer", false, false,
          "4:61+3:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");
    struct iot_p0f_result r;
    (void)iot_p0f_match_syn(db, &p, &r);
    assert_int_equal(r.ittl, 64);
    assert_int_equal(r.distance, 3);
    assert_string_equal(r.match->label->cls, "unix");
    assert_string_equal(r.match->sig, "*:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");

    p = windows_syn();
    check(db, &p, "Windows", "7 or 8", false, false,
          "4:128+0:0:1460:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0");
    (void)iot_p0f_match_syn(db, &p, &r);
    assert_string_equal(r.match->label->cls, "win");

    /* No specific Linux signature has scale 9: the generic catch-all answers. */
    p = linux_syn(9);
    check(db, &p, "Linux", "2.2.x-3.x", true, false,
          "4:61+3:0:1460:mss*20,9:mss,sok,ts,nop,ws:df,id+:0");

    /* The iPhone shape: id+ gone and ecn present make it a fuzzy generic Mac OS X. */
    p = mac_syn(7);
    check(db, &p, "Mac OS X", "", true, true,
          "4:64+0:0:1460:65535,7:mss,nop,ws,nop,nop,ts,sok,eol+1:df,ecn:0");
    iot_p0f_free(db);
}

static void test_embedded_match(void **state)
{
    (void)state;
    struct iot_p0f_db *db = load_embedded();
    assert_int_equal(iot_p0f_sig_count(db), 9);
    assert_int_equal(iot_p0f_label_count(db), 8);

    struct iot_packet p = linux_syn(7);
    check(db, &p, "Linux", "3.11 and newer", false, false,
          "4:61+3:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");
    p = linux_syn(10);
    check(db, &p, "Linux", "3.11 and newer", false, false,
          "4:61+3:0:1460:mss*20,10:mss,sok,ts,nop,ws:df,id+:0");
    p = linux_syn(3);
    check(db, &p, "Linux", "2.2.x-3.x", true, false,
          "4:61+3:0:1460:mss*20,3:mss,sok,ts,nop,ws:df,id+:0");
    p = windows_syn();
    check(db, &p, "Windows", "7 or 8", false, false,
          "4:128+0:0:1460:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0");

    /* Fuzzy: DF dropped (allowed to vanish), or a TTL above the signature's. */
    p = linux_syn(7);
    p.ip_df = false;
    check(db, &p, "Linux", "3.11 and newer", false, true,
          "4:61+3:0:1460:mss*20,7:mss,sok,ts,nop,ws::0");
    p = linux_syn(7);
    p.ttl = 200;
    struct iot_p0f_result r;
    check(db, &p, "Linux", "3.11 and newer", false, true,
          "4:200+?:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");
    (void)iot_p0f_match_syn(db, &p, &r);
    assert_true(r.excess_dist); /* 255 - 200 > 35: p0f prints "+?" */
    assert_int_equal(r.distance, 55);
    assert_int_equal(r.ittl, 255);

    /* Too far below the signature's TTL: fuzzy, and the distance is guessed. */
    p = linux_syn(7);
    p.ttl = 20;
    check(db, &p, "Linux", "3.11 and newer", false, true,
          "4:20+12:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");

    /* A quirk that may not appear (ts2+) is no match at all. */
    p = linux_syn(7);
    p.tcp_opts.ts_ecr = 5;
    check(db, &p, NULL, NULL, false, false,
          "4:61+3:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+,ts2+:0");
    /* A payload on the SYN breaks pclass 0. */
    p = linux_syn(7);
    p.payload_len = 10;
    check(db, &p, NULL, NULL, false, false, "4:61+3:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:+");

    /* Mac OS X: EOL padding inferred from the option sizes (23 bytes -> eol+1). */
    p = mac_syn(1);
    p.tcp_flags = 0x02;
    p.ip_id = 7;
    check(db, &p, "Mac OS X", "10.x", false, false,
          "4:64+0:0:1460:65535,1:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0");
    p = mac_syn(7);
    check(db, &p, "Mac OS X", "", true, true,
          "4:64+0:0:1460:65535,7:mss,nop,ws,nop,nop,ts,sok,eol+1:df,ecn:0");

    /* mtu*N: 3000 = 2 * (1460 + 40). */
    static const uint8_t vms[] = {2, 1, 3};
    p = field_syn(120, 3000, vms, sizeof(vms));
    p.ip_df = false;
    p.ip_id = 99;
    p.tcp_opts.has_mss = true;
    p.tcp_opts.mss = 1460;
    p.tcp_opts.has_wscale = true;
    check(db, &p, "OpenVMS", "8.x", false, false, "4:120+8:0:1460:mtu*2,0:mss,nop,ws::0");
    iot_p0f_free(db);
}

static void test_embedded_userland_and_ipv6(void **state)
{
    (void)state;
    struct iot_p0f_db *db = load_embedded();
    static const uint8_t k_mss[] = {2};
    /* NMap: randomised TTL under 64; the distance is an upper bound. */
    struct iot_packet p = field_syn(50, 1024, k_mss, 1);
    p.ip_df = false;
    p.ip_id = 4321;
    p.tcp_opts.has_mss = true;
    p.tcp_opts.mss = 1460;
    check(db, &p, "NMap", "SYN scan", false, false, "4:50+14:0:1460:1024,0:mss::0");
    struct iot_p0f_result r;
    (void)iot_p0f_match_syn(db, &p, &r);
    assert_true(r.random_ttl);
    assert_true(r.match->label->userland);
    assert_string_equal(r.match->label->sys, "@unix,@win");
    assert_int_equal(r.distance, 14);
    /* Above the random ceiling: user-space tools never match fuzzily. */
    p.ttl = 100;
    check(db, &p, NULL, NULL, false, false, "4:100+28:0:1460:1024,0:mss::0");
    /* Quirk drift (DF appearing is not allowed) is no match either. */
    p.ttl = 50;
    p.ip_df = true;
    check(db, &p, NULL, NULL, false, false, "4:50+14:0:1460:1024,0:mss:df,id+:0");

    /* IPv6 with %N and pclass +: the flow label is unknown without header bytes, so the
     * signature's 'flow' is not compared. */
    p = field_syn(60, 8192, k_mss, 1);
    p.ip_ver = 6;
    p.ip_df = false;
    p.ip_id = 0;
    p.l3_hlen = 40;
    p.payload_len = 1;
    p.tcp_opts.has_mss = true;
    p.tcp_opts.mss = 1440;
    check(db, &p, "Modulo", "test", false, false, "6:60+4:0:1440:8192,0:mss::+");
    p.tcp_win = 8000; /* not a multiple of 4096 */
    check(db, &p, NULL, NULL, false, false, "6:60+4:0:1440:8000,0:mss::+");

    /* Not a SYN, a SYN+ACK, no IP: nothing to fingerprint. */
    struct iot_packet q = linux_syn(7);
    q.tcp_flags = 0x12;
    assert_null(iot_p0f_match_syn(db, &q, &r));
    assert_false(r.fingerprinted);
    q.tcp_flags = 0x10;
    assert_null(iot_p0f_match_syn(db, &q, &r));
    q = linux_syn(7);
    q.ip_ver = 0;
    assert_null(iot_p0f_match_syn(db, &q, &r));
    q = linux_syn(7);
    q.flags = IOT_PKT_HAS_IPV4;
    assert_null(iot_p0f_match_syn(db, &q, &r));
    assert_false(r.fingerprinted);
    iot_p0f_free(db);
}

/* ------------------------------------------------------------------------------------------ */
/* SYNs from header bytes: the quirks only raw headers show. */

static size_t build_raw_syn(uint8_t *b, const uint8_t *opts, size_t olen, uint16_t urp)
{
    uint8_t tcp[60];
    memset(tcp, 0, sizeof(tcp));
    put16(tcp, 40000);
    put16(tcp + 2, 80);
    put32(tcp + 4, 0x01020304);
    tcp[12] = (uint8_t)(((20 + olen) / 4) << 4);
    tcp[13] = 0x02;
    put16(tcp + 14, 29200);
    put16(tcp + 18, urp);
    memcpy(tcp + 20, opts, olen);
    return build_ipv4(b, 6, tcp, 20 + olen);
}

static void raw_check_link(const struct iot_p0f_db *db, int link, const uint8_t *frame, size_t len,
                           const char *sig, uint32_t quirks)
{
    void *st = NULL;
    assert_int_equal(dt_setup(&st), 0);
    struct dt *t = st;
    const struct iot_packet *p = dt_run(t, link, frame, len);
    struct iot_p0f_result r;
    (void)iot_p0f_match_syn(db, p, &r);
    assert_true(r.fingerprinted);
    assert_string_equal(r.sig, sig);
    assert_int_equal(r.quirks, quirks);
    dt_teardown(&st);
}

static void raw_check(const struct iot_p0f_db *db, const uint8_t *frame, size_t len,
                      const char *sig, uint32_t quirks)
{
    raw_check_link(db, IOT_LINK_IPV4, frame, len, sig, quirks);
}

static void test_raw_quirks(void **state)
{
    (void)state;
    struct iot_p0f_db *db = load_embedded();
    uint8_t b[128];
    const uint32_t dfid = IOT_P0F_Q_DF | IOT_P0F_Q_ID_NZ;

    /* A clean Linux SYN decoded from bytes matches like the field-built one. */
    static const uint8_t lin[] = {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
    size_t n = build_raw_syn(b, lin, sizeof(lin), 0);
    raw_check(db, b, n, "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0", dfid);

    /* Urgent pointer without URG. */
    n = build_raw_syn(b, lin, sizeof(lin), 0x1234);
    raw_check(db, b, n, "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+,uptr+:0",
              dfid | IOT_P0F_Q_UPTR);

    /* Reserved IP flag ("evil bit") and ECT in the TOS byte; the checksum is redone. */
    n = build_raw_syn(b, lin, sizeof(lin), 0);
    b[1] = 0x02;
    b[6] |= 0x80;
    put16(b + 10, 0);
    put16(b + 10, ip_csum(b, 20));
    raw_check(db, b, n, "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+,ecn,0+:0",
              dfid | IOT_P0F_Q_ECN | IOT_P0F_Q_MBZ);

    /* EOL followed by two bytes of which one is not zero: eol+2 and opt+. */
    static const uint8_t eol[] = {2, 4, 5, 0xb4, 1, 0, 0, 7};
    n = build_raw_syn(b, eol, sizeof(eol), 0);
    raw_check(db, b, n, "4:64+0:0:1460:mss*20,0:mss,nop,eol+2:df,id+,opt+:0",
              dfid | IOT_P0F_Q_OPT_NZ);

    /* A window-scale option whose length runs past the header: bad, layout stops there. */
    static const uint8_t bad[] = {2, 4, 5, 0xb4, 3, 5, 7, 0};
    n = build_raw_syn(b, bad, sizeof(bad), 0);
    raw_check(db, b, n, "4:64+0:0:1460:mss*20,0:mss,ws:df,id+,bad:0", dfid | IOT_P0F_Q_BAD);

    /* A wrong-sized MSS (length 3) is bad but the walk goes on; its value is not used. */
    static const uint8_t mss3[] = {2, 3, 5, 1, 3, 3, 15, 0};
    n = build_raw_syn(b, mss3, sizeof(mss3), 0);
    raw_check(db, b, n, "4:64+0:0:0:29200,15:mss,nop,ws,eol+0:df,id+,exws,bad:0",
              dfid | IOT_P0F_Q_EXWS | IOT_P0F_Q_BAD);

    /* Unknown option kind 30 (MPTCP) prints as ?30. */
    static const uint8_t unk[] = {2, 4, 5, 0xb4, 30, 4, 0, 0};
    n = build_raw_syn(b, unk, sizeof(unk), 0);
    raw_check(db, b, n, "4:64+0:0:1460:mss*20,0:mss,?30:df,id+:0", dfid);

    /* IPv6 with a flow label: the 'flow' quirk is known from the header bytes. */
    uint8_t tcp[24];
    memset(tcp, 0, sizeof(tcp));
    put32(tcp + 4, 77);
    tcp[12] = 6 << 4;
    tcp[13] = 0x02;
    put16(tcp + 14, 8192);
    tcp[20] = 2;
    tcp[21] = 4;
    put16(tcp + 22, 1440);
    n = build_ipv6(b, 6, tcp, sizeof(tcp));
    b[3] = 0x05;
    raw_check_link(db, IOT_LINK_IPV6, b, n, "6:255+0:0:1440:8192,0:mss:flow:0", IOT_P0F_Q_FLOW);
    iot_p0f_free(db);
}

/* ------------------------------------------------------------------------------------------ */
/* Real SYNs. Expected values: p0f 3.09b (Debian package 3.09b-3) run as
 * "p0f -r FILE -o LOG" on each capture, with its own /etc/p0f/p0f.fp; raw_sig and os= copied
 * from the mod=syn lines. p0f logs one line per new connection, so a retransmitted SYN it
 * skipped is counted here too: each count is a minimum. */

struct cap_row {
    const char *file;
    const char *name; /* NULL: p0f printed os=??? */
    const char *flavor;
    bool generic, fuzzy;
    const char *sig;
    unsigned min_count;
};

static const struct cap_row cap_rows[] = {
    {"ndpi-tests/pcap/android.pcap", "Linux", "2.2.x-3.x", true, false,
     "4:64+0:0:1460:65535,8:mss,sok,ts,nop,ws:df,id+:0", 24},
    {"ndpi-tests/pcap/iphone.pcap", "Mac OS X", "", true, true,
     "4:64+0:0:1460:65535,7:mss,nop,ws,nop,nop,ts,sok,eol+1:df,ecn:0", 14},
    {"ndpi-tests/pcap/iphone.pcap", "Mac OS X", "", true, true,
     "4:64+0:0:1460:65535,6:mss,nop,ws,nop,nop,ts,sok,eol+1:df,ecn:0", 1},
    {"ndpi-tests/pcap/gnutella.pcap", "Windows", "NT kernel", true, false,
     "4:128+0:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0", 151},
    {"ndpi-tests/pcap/coap_mqtt.pcap", "Windows", "7 or 8", false, false,
     "4:128+0:0:1460:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0", 1},
    {"ndpi-tests/pcap/ieee_c37118.pcap", "Linux", "2.6.x", false, false,
     "4:64+0:0:1460:mss*4,6:mss,sok,ts,nop,ws:df,id+:0", 1},
    {"ndpi-tests/pcap/malware.pcap", "Linux", "2.2.x-3.x (no timestamps)", true, false,
     "4:64+0:0:1460:mss*44,7:mss,nop,nop,sok,nop,ws:df,id+:0", 2},
    {"ndpi-tests/pcap/malware.pcap", "Linux", "2.2.x-3.x (no timestamps)", true, true,
     "4:155+?:0:1460:mss*44,7:mss,nop,nop,sok,nop,ws:df,id+:0", 1},
    {"ndpi-tests/pcap/nest_log_sink.pcap", "Linux", "2.2.x-3.x (barebone)", true, true,
     "4:255+0:0:1152:mss*4,0:mss::0", 12},
    {"ndpi-tests/pcap/kismet.pcap", "Linux", "2.2.x-3.x (no timestamps)", true, true,
     "4:128+0:0:16396:32767,2:mss,nop,nop,sok,nop,ws:df,id+:0", 1},
    {"ndpi-tests/pcap/tls_ech.pcapng", NULL, NULL, false, false,
     "6:64+0:0:1420:mss*46,7:mss,sok,ts,nop,ws:flow:0", 1},
};

/* Calls fn on every SYN in the capture; returns false when the capture is not there. */
static bool each_syn(const char *rel, void (*fn)(const struct iot_packet *, void *), void *arg)
{
    const char *dir = tu_shared_data();
    if (dir == NULL)
        return false;
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    struct iot_capture *cap = NULL;
    char err[256] = "";
    if (iot_capture_open_file(&cap, path, err, sizeof(err)) != IOT_OK)
        fail_msg("%s", err);
    struct iot_decoder d;
    assert_int_equal(iot_decoder_init(&d, NULL), IOT_OK);
    for (;;) {
        struct iot_packet p;
        memset(&p, 0, sizeof(p));
        int rc = iot_capture_next(cap, &p, err, sizeof(err));
        if (rc == 0)
            break;
        if (rc < 0)
            fail_msg("%s", err);
        assert_int_equal(iot_decode_packet(&d, &p), IOT_OK);
        if ((p.flags & IOT_PKT_HAS_TCP) && (p.tcp_flags & 0x12) == 0x02)
            fn(&p, arg);
        iot_packet_release(&p);
    }
    iot_decoder_deinit(&d);
    iot_capture_close(cap);
    return true;
}

struct cap_ctx {
    const struct iot_p0f_db *db;
    const char *file;
    unsigned counts[sizeof(cap_rows) / sizeof(cap_rows[0])];
    unsigned syns;
};

static void cap_one(const struct iot_packet *p, void *arg)
{
    struct cap_ctx *c = arg;
    struct iot_p0f_result r;
    const struct iot_p0f_match *m = iot_p0f_match_syn(c->db, p, &r);
    assert_true(r.fingerprinted);
    c->syns++;
    for (size_t i = 0; i < sizeof(cap_rows) / sizeof(cap_rows[0]); i++) {
        const struct cap_row *w = &cap_rows[i];
        if (strcmp(w->file, c->file) != 0 || strcmp(w->sig, r.sig) != 0)
            continue;
        if (w->name == NULL) {
            assert_null(m);
        } else {
            if (m == NULL)
                fail_msg("%s packet %llu: no match", c->file, (unsigned long long)p->num);
            assert_string_equal(m->label->name, w->name);
            assert_string_equal(m->label->flavor, w->flavor);
            assert_int_equal(r.generic, w->generic);
            assert_int_equal(r.fuzzy, w->fuzzy);
        }
        c->counts[i]++;
        return;
    }
    fail_msg("%s packet %llu: signature %s is not one p0f reported", c->file,
             (unsigned long long)p->num, r.sig);
}

static void test_real_captures(void **state)
{
    (void)state;
    struct iot_p0f_db *db = load_real();
    if (db == NULL || tu_shared_data() == NULL) {
        iot_p0f_free(db);
        skip();
    }
    struct cap_ctx c;
    memset(&c, 0, sizeof(c));
    c.db = db;
    unsigned files = 0;
    for (size_t i = 0; i < sizeof(cap_rows) / sizeof(cap_rows[0]); i++) {
        if (i > 0 && strcmp(cap_rows[i].file, cap_rows[i - 1].file) == 0)
            continue;
        c.file = cap_rows[i].file;
        files += each_syn(c.file, cap_one, &c);
    }
    if (files == 0) {
        iot_p0f_free(db);
        skip();
    }
    for (size_t i = 0; i < sizeof(cap_rows) / sizeof(cap_rows[0]); i++)
        if (c.counts[i] < cap_rows[i].min_count)
            fail_msg("%s %s: %u SYNs, p0f saw %u", cap_rows[i].file, cap_rows[i].sig, c.counts[i],
                     cap_rows[i].min_count);
    iot_p0f_free(db);
}

struct nmap_ctx {
    const struct iot_p0f_db *db;
    unsigned n;
};

static void nmap_one(const struct iot_packet *p, void *arg)
{
    struct nmap_ctx *c = arg;
    struct iot_p0f_result r;
    const struct iot_p0f_match *m = iot_p0f_match_syn(c->db, p, &r);
    if (m == NULL)
        fail_msg("synscan packet %llu: %s unmatched", (unsigned long long)p->num, r.sig);
    assert_string_equal(m->label->name, "NMap");
    assert_string_equal(m->label->flavor, "SYN scan");
    assert_true(r.random_ttl);
    assert_int_equal(r.distance, 64 - p->ttl);
    c->n++;
}

/* ndpi-tests synscan.pcap: p0f calls 1,994 SYNs "NMap SYN scan" (random TTL, windows 1024 to
 * 4096 by 1024). */
static void test_real_nmap(void **state)
{
    (void)state;
    struct iot_p0f_db *db = load_real();
    if (db == NULL) {
        skip();
    }
    struct nmap_ctx c = {db, 0};
    if (!each_syn("ndpi-tests/pcap/synscan.pcap", nmap_one, &c)) {
        iot_p0f_free(db);
        skip();
    }
    assert_true(c.n >= 1994);
    iot_p0f_free(db);
}

/* ------------------------------------------------------------------------------------------ */
/* Loader errors: "FILE:LINE: reason". */

#define HDR "classes = win,unix,other\n[tcp:request]\n"
#define LBL "label = s:unix:Linux:3.x\n"
#define GOOD "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n"

struct bad_case {
    const char *name;
    const char *text;
    const char *err;
};

static const struct bad_case bad_cases[] = {
    {"bad section", HDR "[tcp:sideways]\n", "t.fp:3: unknown section"},
    {"section no bracket", HDR "[tcp:request\n", "t.fp:3: unknown section"},
    {"7 fields", HDR LBL "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+\n",
     "t.fp:4: expected 8 ':'-separated fields in a TCP signature"},
    {"9 fields", HDR LBL "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0:0\n",
     "t.fp:4: expected 8 ':'-separated fields in a TCP signature"},
    {"ttl word", HDR LBL "sig = *:sixty:0:*:mss*20,7:mss:df:0\n",
     "t.fp:4: bad ittl (1 to 255, optionally with - or +distance)"},
    {"ttl 256", HDR LBL "sig = *:256:0:*:mss*20,7:mss:df:0\n",
     "t.fp:4: bad ittl (1 to 255, optionally with - or +distance)"},
    {"ttl 0", HDR LBL "sig = *:0:0:*:mss*20,7:mss:df:0\n",
     "t.fp:4: bad ittl (1 to 255, optionally with - or +distance)"},
    {"ttl sum", HDR LBL "sig = *:250+10:0:*:mss*20,7:mss:df:0\n",
     "t.fp:4: bad ittl (1 to 255, optionally with - or +distance)"},
    {"unknown quirk", HDR LBL "sig = *:64:0:*:mss*20,7:mss:df,evil:0\n", "t.fp:4: unknown quirk"},
    {"quirk twice", HDR LBL "sig = *:64:0:*:mss*20,7:mss:df,df:0\n", "t.fp:4: quirk listed twice"},
    {"unknown option", HDR LBL "sig = *:64:0:*:mss*20,7:mss,tfo:df:0\n",
     "t.fp:4: unknown option in olayout"},
    {"empty option", HDR LBL "sig = *:64:0:*:mss*20,7:mss,,ws:df:0\n",
     "t.fp:4: unknown option in olayout"},
    {"option after eol", HDR LBL "sig = *:64:0:*:mss*20,7:mss,eol+1,nop:df:0\n",
     "t.fp:4: option after eol in olayout"},
    {"eol pad", HDR LBL "sig = *:64:0:*:mss*20,7:mss,eol+41:df:0\n",
     "t.fp:4: bad eol+N in olayout (N is 0 to 40)"},
    {"?N", HDR LBL "sig = *:64:0:*:mss*20,7:mss,?256:df:0\n",
     "t.fp:4: bad ?N in olayout (N is 0 to 255)"},
    {"mss*0", HDR LBL "sig = *:64:0:*:mss*0,7:mss:df:0\n",
     "t.fp:4: bad wsize (*, N, mss*N, mtu*N or %N)"},
    {"%0", HDR LBL "sig = *:64:0:*:%0,7:mss:df:0\n",
     "t.fp:4: bad wsize (*, N, mss*N, mtu*N or %N)"},
    {"win 65536", HDR LBL "sig = *:64:0:*:65536,7:mss:df:0\n",
     "t.fp:4: bad wsize (*, N, mss*N, mtu*N or %N)"},
    {"no scale", HDR LBL "sig = *:64:0:*:8192:mss:df:0\n", "t.fp:4: expected wsize,scale"},
    {"bad scale", HDR LBL "sig = *:64:0:*:8192,x:mss:df:0\n", "t.fp:4: bad scale"},
    {"bad ver", HDR LBL "sig = 5:64:0:*:8192,0:mss:df:0\n", "t.fp:4: bad ver (4, 6 or *)"},
    {"bad olen", HDR LBL "sig = *:64:x:*:8192,0:mss:df:0\n", "t.fp:4: bad olen"},
    {"bad mss", HDR LBL "sig = *:64:0:-1:8192,0:mss:df:0\n", "t.fp:4: bad mss"},
    {"bad pclass", HDR LBL "sig = *:64:0:*:8192,0:mss:df:1\n", "t.fp:4: bad pclass (0, + or *)"},
    {"label without sig", HDR LBL "label = s:unix:Linux:2.x\n" GOOD, "t.fp:3: label without sig"},
    {"label at eof", HDR LBL GOOD "\n; trailing\nlabel = s:unix:Linux:2.x\n",
     "t.fp:7: label without sig"},
    {"label before section", HDR LBL "[tcp:response]\n", "t.fp:3: label without sig"},
    {"sig without label", HDR GOOD, "t.fp:3: sig without a label"},
    {"sig before section", "classes = unix\n" GOOD, "t.fp:2: sig without a label"},
    {"label type", HDR "label = x:unix:Linux:3.x\n", "t.fp:3: bad label type (s or g)"},
    {"label class", HDR "label = s:beos:BeOS:5\n", "t.fp:3: label class not declared in 'classes'"},
    {"label fields", HDR "label = s:unix:Linux\n",
     "t.fp:3: expected label = type:class:name:flavor"},
    {"label name", HDR "label = s:unix::3.x\n", "t.fp:3: label name empty or too long"},
    {"no classes", "[tcp:request]\n" LBL, "t.fp:2: label class not declared in 'classes'"},
    {"classes twice", "classes = unix\nclasses = win\n", "t.fp:2: second 'classes' directive"},
    {"classes late", HDR "classes = unix\n", "t.fp:3: classes must come before the first section"},
    {"no equals", HDR "label s:unix:Linux:3.x\n", "t.fp:3: expected 'key = value'"},
    {"unknown directive", HDR "lable = s:unix:Linux:3.x\n", "t.fp:3: unknown directive"},
    {"sys late", HDR LBL GOOD "sys = Linux\n", "t.fp:5: sys must follow its label directly, once"},
    {"sys alone", HDR "sys = Linux\n", "t.fp:3: sys without a label"},
    {"mtu value", "[mtu]\nlabel = Ethernet\nsig = 0\n", "t.fp:3: bad MTU (1 to 65535)"},
    {"response checked", "classes = unix\n[tcp:response]\nlabel = s:unix:L:x\nsig = *:64:0\n",
     "t.fp:4: expected 8 ':'-separated fields in a TCP signature"},
    {"ua_os place", HDR "ua_os = Linux\n", "t.fp:3: ua_os belongs at the start of [http:request]"},
    {"control char", HDR "label = s:unix:Li\001nux:3.x\n", "t.fp:3: control character"},
    {"nul byte", HDR "label = s:unix:Li\000nux:3.x\n", "t.fp:3: control character"},
};

static void test_loader_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad_case *c = &bad_cases[i];
        /* Texts with an embedded NUL: measure up to the trailing newline of the literal. */
        size_t len = strlen(c->text);
        if (strcmp(c->name, "nul byte") == 0)
            len = sizeof(HDR "label = s:unix:Li\000nux:3.x\n") - 1;
        char *copy = (char *)tu_exact_copy((const uint8_t *)c->text, len);
        struct iot_p0f_db *db = iot_p0f_new();
        assert_non_null(db);
        char err[256] = "";
        int rc = iot_p0f_parse(db, copy, len, "t.fp", err, sizeof(err));
        if (rc != IOT_ERR_INPUT)
            fail_msg("%s: rc %d", c->name, rc);
        if (strcmp(err, c->err) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", c->name, err, c->err);
        iot_p0f_free(db);
        free(copy);
    }
}

static void test_loader_bounds(void **state)
{
    (void)state;
    char err[256];
    /* A line one over the cap, even a comment. */
    size_t n = IOT_P0F_MAX_LINE + 1;
    char *t = malloc(n + 2);
    assert_non_null(t);
    memset(t, 'x', n + 2);
    t[0] = ';';
    t[n] = '\n';
    struct iot_p0f_db *db = iot_p0f_new();
    assert_int_equal(iot_p0f_parse(db, t, n + 1, "t.fp", err, sizeof(err)), IOT_ERR_INPUT);
    assert_string_equal(err, "t.fp:1: line too long");
    /* Exactly the cap is fine. */
    t[n - 1] = '\n';
    assert_int_equal(iot_p0f_parse(db, t, n, "t.fp", err, sizeof(err)), IOT_OK);
    iot_p0f_free(db);
    free(t);

    /* 41 options in one layout. */
    char line[512];
    int k = snprintf(line, sizeof(line), HDR LBL "sig = *:64:0:*:8192,0:mss");
    for (int i = 0; i < 40; i++)
        k += snprintf(line + k, sizeof(line) - (size_t)k, ",nop");
    snprintf(line + k, sizeof(line) - (size_t)k, ":df:0\n");
    db = iot_p0f_new();
    assert_int_equal(iot_p0f_parse(db, line, strlen(line), "t.fp", err, sizeof(err)),
                     IOT_ERR_INPUT);
    assert_string_equal(err, "t.fp:4: too many options in olayout");
    iot_p0f_free(db);

    /* One signature over the maximum. */
    size_t per = strlen(GOOD), cap = strlen(HDR LBL) + per * (IOT_P0F_MAX_SIGS + 1) + 1;
    char *big = malloc(cap);
    assert_non_null(big);
    size_t o = (size_t)snprintf(big, cap, HDR LBL);
    for (int i = 0; i < IOT_P0F_MAX_SIGS + 1; i++) {
        memcpy(big + o, GOOD, per);
        o += per;
    }
    db = iot_p0f_new();
    assert_int_equal(iot_p0f_parse(db, big, o, "t.fp", err, sizeof(err)), IOT_ERR_INPUT);
    char want[64];
    snprintf(want, sizeof(want), "t.fp:%d: too many SYN signatures", IOT_P0F_MAX_SIGS + 4);
    assert_string_equal(err, want);
    assert_int_equal(iot_p0f_sig_count(db), IOT_P0F_MAX_SIGS);
    iot_p0f_free(db);
    free(big);

    /* CRLF line ends, leading blanks and an empty flavor are accepted. */
    static const char crlf[] = "classes = unix\r\n[tcp:request]\r\n  label = s:unix:Mac OS X:\r\n"
                               "\tsig = *:64:0:*:65535,*:mss:df:*\r\n";
    db = iot_p0f_new();
    assert_int_equal(iot_p0f_parse(db, crlf, strlen(crlf), "t.fp", err, sizeof(err)), IOT_OK);
    assert_int_equal(iot_p0f_sig_count(db), 1);
    iot_p0f_free(db);

    /* A missing file. */
    db = (struct iot_p0f_db *)1;
    assert_int_equal(iot_p0f_load(&db, "/nonexistent/p0f.fp", err, sizeof(err)), IOT_ERR_IO);
    assert_null(db);
    assert_string_equal(err, "/nonexistent/p0f.fp: cannot read");
}

/* Every allocation failing in turn: a clean error and nothing leaked. */
static void test_loader_alloc_failures(void **state)
{
    (void)state;
    uint64_t before = iot_mem_in_use();
    bool done = false;
    for (uint64_t nth = 1; nth < 64 && !done; nth++) {
        iot_mem_fail_after(nth);
        struct iot_p0f_db *db = iot_p0f_new();
        if (db != NULL) {
            char err[256] = "";
            int rc = iot_p0f_parse(db, embedded_db, strlen(embedded_db), "t.fp", err, sizeof(err));
            assert_true(rc == IOT_OK || rc == IOT_ERR_NOMEM);
            if (rc == IOT_ERR_NOMEM)
                assert_non_null(strstr(err, "out of memory"));
            done = rc == IOT_OK;
            iot_p0f_free(db);
        }
        iot_mem_fail_after(0);
        assert_int_equal(iot_mem_in_use(), before);
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_db_loads),  cmocka_unit_test(test_real_db_builtin_syns),
        cmocka_unit_test(test_embedded_match), cmocka_unit_test(test_embedded_userland_and_ipv6),
        cmocka_unit_test(test_raw_quirks),     cmocka_unit_test(test_real_captures),
        cmocka_unit_test(test_real_nmap),      cmocka_unit_test(test_loader_errors),
        cmocka_unit_test(test_loader_bounds),  cmocka_unit_test(test_loader_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
