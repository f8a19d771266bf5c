/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The anomaly observer and incidents: after map, train and calibrate on three devices' steady
 * traffic, a burst of odd packets from one device is reported once per window with the
 * suppressed count, names features and a baseline, lists the services the device never used
 * while learning, and uses that device's own threshold; two
 * observers loaded from one saved model give the same verdicts, and the loaded one still flags
 * the burst; a changed byte, or counts edited behind a valid checksum, are refused. Incidents join events of one device within the window, split
 * on a longer gap, keep devices apart and forget the least recent device when full. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <math.h>
#include <sodium.h>

#include "anomaly/anomaly-incident.h"
#include "anomaly/anomaly.h"
#include "decode/decode.h"
#include "util/util-mem.h"

static const struct iot_anomaly_config CFG = {
    .memcap = 1 << 20, .fm_grace = 300, .ad_grace = 3000, .cal_grace = 3000, .max_ae = 8,
    .fpr = 0.01, .max_devices = 8, .window = 10, .seed = 5};

static struct iot_feat_packet pkt(int dev, double t, double len)
{
    struct iot_feat_packet p = {0};
    p.t = t;
    p.len = len;
    p.ip_ver = 4;
    p.proto = 17;
    p.src_mac[5] = (uint8_t)dev;
    p.src_ip[0] = 10;
    p.src_ip[3] = (uint8_t)dev;
    p.dst_ip[0] = 10;
    p.dst_ip[3] = 100;
    p.sp = (uint16_t)(5000 + dev);
    p.dp = 53;
    return p;
}

/* Three devices, each a packet every 30 ms in turn, sizes a little noisy. */
static double feed_normal(struct iot_anomaly *a, int n, double t)
{
    struct iot_anomaly_verdict v;
    for (int i = 0; i < n; i++, t += 0.01) {
        struct iot_feat_packet p = pkt(1 + i % 3, t, 100 + (i * 7) % 13);
        iot_anomaly_packet(a, &p, NULL, &v);
    }
    return t;
}

static void test_reports_and_roundtrip(void **state)
{
    (void)state;
    char err[256];
    struct iot_anomaly *a = iot_anomaly_new(&CFG, err, sizeof(err));
    assert_non_null(a);
    double t = feed_normal(a, 6300, 1000);
    struct iot_anomaly_stats st;
    iot_anomaly_get_stats(a, &st);
    assert_int_equal(st.phase, IOT_ANOMALY_DETECT);
    assert_int_equal(st.devices, 3);

    size_t len = 0;
    uint8_t *m = iot_anomaly_save(a, NULL, &len);
    assert_non_null(m);
    struct iot_anomaly *b = iot_anomaly_load(&CFG, NULL, m, len, err, sizeof(err));
    struct iot_anomaly *c = iot_anomaly_load(&CFG, NULL, m, len, err, sizeof(err));
    assert_non_null(b);
    assert_non_null(c);
    /* The tables of recent traffic are not part of the model: b and c start alike. */
    feed_normal(b, 600, t);
    feed_normal(c, 600, t);
    t = feed_normal(a, 600, t);
    t += 11; /* past any window a false positive of the warm-up opened (fpr is 1% here) */

    struct iot_anomaly_verdict v, w, x;
    int reports = 0, loaded_reports = 0;
    uint64_t suppressed = 0;
    for (int i = 0; i < 200; i++, t += 0.001) { /* device 2 floods with big packets */
        struct iot_feat_packet p = pkt(2, t, 1500);
        p.dp = (uint16_t)(1000 + i);
        iot_anomaly_packet(a, &p, NULL, &v);
        iot_anomaly_packet(b, &p, NULL, &w);
        iot_anomaly_packet(c, &p, NULL, &x);
        assert_true(w.score == x.score && w.report == x.report && w.threshold == x.threshold);
        loaded_reports += w.report;
        if (v.report) {
            reports++;
            assert_int_equal(v.ref, IOT_ANOMALY_REF_DEVICE);
            assert_true(v.ntop > 0 && v.top[0].value != v.top[0].baseline_mean);
        }
    }
    assert_int_equal(reports, 1); /* one per window */
    assert_int_equal(loaded_reports, 1);
    iot_anomaly_free(c);
    t += 11;
    struct iot_feat_packet p = pkt(2, t, 1500);
    iot_anomaly_packet(a, &p, NULL, &v);
    assert_true(v.anomalous && v.report);
    suppressed = v.suppressed;
    assert_true(suppressed > 100);
    /* The flood went to ports it never used, on its usual peer: services listed, no peer. */
    assert_int_equal(v.nnew_peers, 0);
    assert_int_equal(v.nnew_services, IOT_ANOMALY_NEW);
    assert_true(v.new_service_packets >= 199);
    char svc[32];
    iot_anomaly_service_text(v.new_services[0], svc, sizeof(svc));
    assert_true(strncmp(svc, "UDP/1", 5) == 0);
    char text[1024];
    iot_anomaly_explain(&v, CFG.fpr, "sensor 10.0.0.2", text, sizeof(text));
    assert_non_null(strstr(text, "sensor 10.0.0.2 behaves unlike its learnt self"));
    assert_non_null(strstr(text, "usually"));

    /* Damage: any byte; and counts edited behind a recomputed checksum. */
    for (size_t i = 0; i < len; i += 97) {
        m[i] ^= 1;
        assert_null(iot_anomaly_load(&CFG, NULL, m, len, err, sizeof(err)));
        m[i] ^= 1;
    }
    uint64_t seen;
    memcpy(&seen, m + 40, 8); /* magic 8, header 16, probe 8, network bytes 8, then seen */
    seen += 1;
    memcpy(m + 40, &seen, 8);
    crypto_generichash(m + len - 32, 32, m, len - 32, NULL, 0);
    assert_null(iot_anomaly_load(&CFG, NULL, m, len, err, sizeof(err)));
    assert_non_null(strstr(err, "counts"));
    iot_free(m);
    iot_anomaly_free(a);
    iot_anomaly_free(b);
}

/* Devices 1-3 are "sensor"s; device 1 asks for a.example now and then, and at the end once
 * for its usual name written otherwise, twice for a new one written two ways, and once for its
 * usual name with bytes its text does not show (n a multiple of 3). */
static double feed_kinds(struct iot_anomaly *a, int n, double t)
{
    struct iot_anomaly_verdict v;
    for (int i = 0; i < n; i++, t += 0.01) {
        struct iot_feat_packet p = pkt(1 + i % 3, t, 100 + (i * 7) % 13);
        const char *q = i % 300 == 0 ? "a.example" : NULL;
        if (i == n - 12)
            q = "A.Example.";
        else if (i == n - 9)
            q = "c2.bad.example";
        else if (i == n - 6)
            q = "C2.Bad.Example.";
        struct iot_anomaly_context ctx = {"sensor", i == n - 3 ? "a.example" : q, i == n - 3};
        iot_anomaly_packet(a, &p, &ctx, &v);
    }
    return t;
}

/* The first report of a flood of big packets by dev to new ports, from t on. */
static bool flood(struct iot_anomaly *a, int dev, const struct iot_anomaly_context *ctx,
                  double *t, struct iot_anomaly_verdict *v)
{
    for (int i = 0; i < 200; i++, *t += 0.001) {
        struct iot_feat_packet p = pkt(dev, *t, 1500);
        p.dp = (uint16_t)(1000 + i);
        iot_anomaly_packet(a, &p, ctx, v);
        if (v->report)
            return true;
    }
    return false;
}

static void test_kinds_names_and_packets(void **state)
{
    (void)state;
    char err[256];
    /* After learning, this toy traffic drifts above its thresholds (its 100 s statistics have
     * not settled): each device is reported at once, then its window (10 s) hides the rest.
     * Each flood below comes after the window, as in the test above. Seed 0: a random hash key,
     * as on a gateway (the model must carry it, or a reload forgets every learnt peer). */
    struct iot_anomaly_config c = CFG;
    c.seed = 0;
    struct iot_anomaly *a = iot_anomaly_new(&c, err, sizeof(err));
    assert_non_null(a);
    double t = feed_kinds(a, 6300 + 600, 1000);
    struct iot_anomaly_verdict v;
    /* Device 1 asked for its usual name (any case, a final dot), a new one and a hiding one. */
    struct iot_feat_packet p;
    t += 11;
    const struct iot_anomaly_context sensor = {"sensor", NULL, false};
    assert_true(flood(a, 1, &sensor, &t, &v));
    assert_int_equal(v.ref, IOT_ANOMALY_REF_DEVICE);
    assert_int_equal(v.nnew_names, 2);
    assert_string_equal(v.new_names[0], "c2.bad.example");
    assert_string_equal(v.new_names[1], "a.example<unprintable bytes>");
    assert_int_equal(v.new_name_queries, 3);
    assert_int_equal(v.nnew_peers, 0);
    /* The packets up to the reported one, oldest first, the last being it. */
    assert_int_equal(v.npackets, IOT_ANOMALY_RING);
    for (int i = 1; i < v.npackets; i++)
        assert_true(v.packets[i].t >= v.packets[i - 1].t);
    assert_true(v.packets[v.npackets - 1].t == t && v.packets[v.npackets - 1].score == v.score);
    assert_int_equal(v.packets[v.npackets - 1].len, 1500);
    assert_true(v.nrates == IOT_RATE_KINDS + 1 && v.rates[0].now > 0);
    char text[2048];
    iot_anomaly_explain(&v, CFG.fpr, "sensor 10.0.0.1", text, sizeof(text));
    assert_non_null(strstr(text, "names c2.bad.example, a.example<unprintable bytes> (3 queries)"));
    assert_non_null(strstr(text, "per second over the last second"));

    /* A new sensor takes the sensors' profile once its kind is known; before, and for a kind
     * never learnt, a new address shares the network's threshold and takes no device slot. */
    const struct iot_anomaly_context unknown = {NULL, NULL, false};
    p = pkt(7, t += 0.01, 100);
    iot_anomaly_packet(a, &p, &unknown, &v);
    assert_int_equal(v.ref, IOT_ANOMALY_REF_NETWORK);
    p.t = t += 0.01;
    iot_anomaly_packet(a, &p, &sensor, &v);
    assert_int_equal(v.ref, IOT_ANOMALY_REF_KIND);
    assert_string_equal(v.ref_kind, "sensor");
    double kind_threshold = v.threshold;
    p = pkt(8, t += 0.01, 100);
    iot_anomaly_packet(a, &p, &(struct iot_anomaly_context){"lamp", NULL, false}, &v);
    assert_int_equal(v.ref, IOT_ANOMALY_REF_NETWORK);
    iot_anomaly_packet(a, &p, &(struct iot_anomaly_context){"unknown", NULL, false}, &v);
    assert_int_equal(v.ref, IOT_ANOMALY_REF_NETWORK);
    t += 11;
    assert_true(flood(a, 7, &sensor, &t, &v));
    assert_int_equal(v.ref, IOT_ANOMALY_REF_KIND);
    assert_true(v.threshold == kind_threshold && isfinite(kind_threshold) && kind_threshold > 0);
    /* Its novelty is against what the sensors used: the flood's port, not their port 53. */
    assert_int_equal(v.nnew_services, 1);
    char svc[32];
    iot_anomaly_service_text(v.new_services[0], svc, sizeof(svc));
    assert_string_equal(svc, "UDP/1000");
    /* The inventory changes its mind: to a kind never learnt the device is the network's, with
     * no rates and nothing "new" to say; back to a sensor, a sensor again. */
    t += 11;
    assert_true(flood(a, 7, &(struct iot_anomaly_context){"lamp", NULL, false}, &t, &v));
    assert_int_equal(v.ref, IOT_ANOMALY_REF_NETWORK);
    assert_int_equal(v.nrates, 0);
    assert_int_equal(v.nnew_services, 0);
    iot_anomaly_explain(&v, CFG.fpr, "lamp 10.0.0.7", text, sizeof(text));
    assert_non_null(strstr(text, "lamp 10.0.0.7 is unusual for this network: anomaly score"));
    t += 11;
    assert_true(flood(a, 7, &sensor, &t, &v));
    assert_int_equal(v.ref, IOT_ANOMALY_REF_KIND);
    assert_true(v.threshold == kind_threshold);
    iot_anomaly_explain(&v, CFG.fpr, "sensor 10.0.0.7", text, sizeof(text));
    assert_non_null(strstr(text, "sensor 10.0.0.7, first seen after learning, behaves unlike "
                                 "the devices of its kind (sensor): anomaly score"));
    assert_true(strstr(text, "times its kind's usual") != NULL ||
                strstr(text, "none for its kind while learning") != NULL);
    struct iot_anomaly_stats st;
    iot_anomaly_get_stats(a, &st);
    assert_int_equal(st.devices, 4);
    assert_int_equal(st.late_devices, 1);
    assert_int_equal(st.kind_seeded, 1);
    assert_int_equal(st.kinds, 1);

    /* Saved: the late devices are not; a load rebuilds the kind and seeds a new sensor alike. */
    size_t len = 0;
    uint8_t *m = iot_anomaly_save(a, NULL, &len);
    assert_non_null(m);
    struct iot_anomaly *b = iot_anomaly_load(&c, NULL, m, len, err, sizeof(err));
    assert_non_null(b);
    iot_anomaly_get_stats(b, &st);
    assert_int_equal(st.devices, 3);
    assert_int_equal(st.kinds, 1);
    p = pkt(7, t += 11, 100);
    iot_anomaly_packet(b, &p, &sensor, &v);
    assert_int_equal(v.ref, IOT_ANOMALY_REF_KIND);
    assert_true(v.threshold == kind_threshold);
    /* The reloaded model still knows device 1's peer and name under its random hash key. */
    p = pkt(1, t += 0.01, 100);
    iot_anomaly_packet(b, &p, &(struct iot_anomaly_context){"sensor", "a.example", false}, &v);
    t += 11;
    assert_true(flood(b, 1, &sensor, &t, &v));
    assert_int_equal(v.nnew_names, 0);
    assert_int_equal(v.nnew_peers, 0);
    assert_int_equal(v.new_name_queries, 0);
    iot_free(m);
    iot_anomaly_free(b);
    iot_anomaly_free(a);
}

/* A keyed model loads with its key only; an unkeyed one does not load when a key is given. */
static void test_keyed_model(void **state)
{
    (void)state;
    char err[256];
    struct iot_anomaly *a = iot_anomaly_new(&CFG, err, sizeof(err));
    assert_non_null(a);
    feed_normal(a, 4000, 1000);
    uint8_t key[IOT_ANOMALY_KEY_BYTES], other[IOT_ANOMALY_KEY_BYTES];
    randombytes_buf(key, sizeof(key));
    memcpy(other, key, sizeof(key));
    other[31] ^= 1;
    size_t len = 0, ulen = 0;
    uint8_t *m = iot_anomaly_save(a, key, &len), *u = iot_anomaly_save(a, NULL, &ulen);
    assert_non_null(m);
    assert_non_null(u);
    struct iot_anomaly *b = iot_anomaly_load(&CFG, key, m, len, err, sizeof(err));
    assert_non_null(b);
    iot_anomaly_free(b);
    assert_null(iot_anomaly_load(&CFG, NULL, m, len, err, sizeof(err)));
    assert_non_null(strstr(err, "keyed"));
    assert_null(iot_anomaly_load(&CFG, other, m, len, err, sizeof(err)));
    assert_non_null(strstr(err, "checksum"));
    assert_null(iot_anomaly_load(&CFG, key, u, ulen, err, sizeof(err)));
    assert_non_null(strstr(err, "not keyed"));
    /* Without the key a forger cannot recompute the checksum: an unkeyed one is refused. */
    memcpy(m + 16, &(uint32_t){0}, 4); /* the keyed flag */
    crypto_generichash(m + len - 32, 32, m, len - 32, NULL, 0);
    assert_null(iot_anomaly_load(&CFG, key, m, len, err, sizeof(err)));
    iot_free(m);
    iot_free(u);
    iot_anomaly_free(a);
}

/* The anomaly stage's clock is a double: a capture's microseconds must come back exactly. */
static void test_ts_seconds(void **state)
{
    (void)state;
    for (int64_t us = 0; us < 2000000; us += 7) {
        struct iot_ts t = {1700000000 + us / 1000000, (uint32_t)(us % 1000000) * 1000};
        struct iot_ts back = iot_ts_from_seconds(iot_ts_seconds(t));
        if (back.sec != t.sec || back.nsec != t.nsec)
            fail_msg("%lld.%06u came back %lld.%09u", (long long)t.sec, t.nsec / 1000,
                     (long long)back.sec, back.nsec);
    }
    struct iot_ts t = iot_ts_from_seconds(1700000000.9999996);
    assert_true(t.sec == 1700000001 && t.nsec == 0);
    t = iot_ts_from_seconds(-0.25);
    assert_true(t.sec == -1 && t.nsec == 750000000);
}

static void test_incidents(void **state)
{
    (void)state;
    struct iot_incidents *s = iot_incidents_new(2, 300);
    assert_non_null(s);
    const struct iot_incident *i = iot_incident_note(s, 7, 100, IOT_INCIDENT_ALERT);
    assert_int_equal(i->id, 1);
    i = iot_incident_note(s, 7, 350, IOT_INCIDENT_ANOMALY); /* 250 s later: the same */
    assert_int_equal(i->id, 1);
    assert_int_equal(i->alerts, 1);
    assert_int_equal(i->anomalies, 1);
    assert_true(i->first == 100);
    i = iot_incident_note(s, 8, 351, IOT_INCIDENT_ALERT); /* another device */
    assert_int_equal(i->id, 2);
    i = iot_incident_note(s, 7, 651, IOT_INCIDENT_ALERT); /* 301 s after its last: new */
    assert_int_equal(i->id, 3);
    assert_int_equal(i->alerts, 1);
    i = iot_incident_note(s, 9, 652, IOT_INCIDENT_ALERT); /* full: device 8 is forgotten */
    assert_int_equal(i->id, 4);
    i = iot_incident_note(s, 8, 653, IOT_INCIDENT_ALERT);
    assert_int_equal(i->id, 5);
    i = iot_incident_note(s, 9, 654, IOT_INCIDENT_ANOMALY); /* 9 was kept (8 took 7's slot) */
    assert_true(i->id == 4 || i->id == 6);
    assert_int_equal(iot_incidents_opened(s), i->id == 4 ? 5 : 6);
    iot_incidents_free(s);
    assert_null(iot_incidents_new(0, 10));
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reports_and_roundtrip),
        cmocka_unit_test(test_kinds_names_and_packets),
        cmocka_unit_test(test_keyed_model),
        cmocka_unit_test(test_ts_seconds),
        cmocka_unit_test(test_incidents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
