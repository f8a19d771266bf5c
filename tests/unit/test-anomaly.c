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
        iot_anomaly_packet(a, &p, &v);
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
    uint8_t *m = iot_anomaly_save(a, &len);
    assert_non_null(m);
    struct iot_anomaly *b = iot_anomaly_load(&CFG, m, len, err, sizeof(err));
    struct iot_anomaly *c = iot_anomaly_load(&CFG, m, len, err, sizeof(err));
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
        iot_anomaly_packet(a, &p, &v);
        iot_anomaly_packet(b, &p, &w);
        iot_anomaly_packet(c, &p, &x);
        assert_true(w.score == x.score && w.report == x.report && w.threshold == x.threshold);
        loaded_reports += w.report;
        if (v.report) {
            reports++;
            assert_true(v.device_threshold);
            assert_true(v.ntop > 0 && v.top[0].value != v.top[0].baseline_mean);
        }
    }
    assert_int_equal(reports, 1); /* one per window */
    assert_int_equal(loaded_reports, 1);
    iot_anomaly_free(c);
    t += 11;
    struct iot_feat_packet p = pkt(2, t, 1500);
    iot_anomaly_packet(a, &p, &v);
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
        assert_null(iot_anomaly_load(&CFG, m, len, err, sizeof(err)));
        m[i] ^= 1;
    }
    uint64_t seen;
    memcpy(&seen, m + 32, 8); /* magic 8, header 8, probe 8, network bytes 8, then seen */
    seen += 1;
    memcpy(m + 32, &seen, 8);
    crypto_generichash(m + len - 32, 32, m, len - 32, NULL, 0);
    assert_null(iot_anomaly_load(&CFG, m, len, err, sizeof(err)));
    assert_non_null(strstr(err, "counts"));
    iot_free(m);
    iot_anomaly_free(a);
    iot_anomaly_free(b);
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
        cmocka_unit_test(test_incidents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
