/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A behaviour verdict in words. */
#include "iotsec-common.h"
#include "anomaly/anomaly.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdarg.h>

/* A bounded text being written: what does not fit is cut, never overrun. */
struct text {
    char *buf;
    size_t len, n;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
    if (t->n + 1 >= t->len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(t->buf + t->n, t->len - t->n, fmt, ap);
    va_end(ap);
    if (w > 0)
        t->n = t->n + (size_t)w < t->len ? t->n + (size_t)w : t->len - 1;
}

/* "40 times higher", "3.2 times lower", "usually none" (usual value 0). */
static void compare(double value, double usual, char *buf, size_t len)
{
    double a = fabs(value), b = fabs(usual);
    if (b < 1e-12)
        snprintf(buf, len, a < 1e-12 ? "as usual" : "usually none");
    else if (a >= b)
        snprintf(buf, len, "%.3g times higher", a / b);
    else if (a > 1e-12)
        snprintf(buf, len, "%.3g times lower", b / a);
    else
        snprintf(buf, len, "none, usually %.3g", usual);
}

void iot_anomaly_peer_text(const struct iot_anomaly_peer *p, char *buf, size_t len)
{
    if (inet_ntop(p->ip_ver == 6 ? AF_INET6 : AF_INET, p->ip, buf, (socklen_t)len) == NULL && len)
        buf[0] = '\0';
}

void iot_anomaly_service_text(uint32_t service, char *buf, size_t len)
{
    unsigned proto = service >> 16;
    const char *name = proto == 6 ? "TCP" : proto == 17 ? "UDP" : NULL;
    if (name != NULL)
        snprintf(buf, len, "%s/%u", name, service & 0xffffu);
    else
        snprintf(buf, len, "%u/%u", proto, service & 0xffffu);
}

/* "new destinations on TCP/23: 412 per second over the last second, 4.1e+04 times its usual
 * 0.01" */
static void explain_rate(struct text *t, const struct iot_rate_value *r, bool kind)
{
    static const char *const what[IOT_RATE_KINDS] = {"packets", "bytes", "new destinations"};
    char svc[32] = "";
    if (r->service != 0) {
        iot_anomaly_service_text(r->service, svc + 4, sizeof(svc) - 4);
        memcpy(svc, " on ", 4);
    }
    add(t, "; %s%s: %.3g per second over the last second", what[r->kind], svc, r->now);
    if (r->usual > 0)
        add(t, ", %.3g times %s usual %.3g", r->now / r->usual, kind ? "its kind's" : "its",
            r->usual);
    else
        add(t, kind ? ", none for its kind while learning" : ", none while it learnt");
}

/* "; never seen while learning: peers 1.2.3.4, 5.6.7.8 (120 packets); services TCP/23 (40);
 * names c2.example (3 queries)" */
static void explain_novelty(struct text *t, const struct iot_anomaly_verdict *v)
{
    char s[64];
    if (v->nnew_peers == 0 && v->nnew_services == 0 && v->nnew_names == 0)
        return;
    add(t, "; never seen while learning:");
    const char *sep = " ";
    for (int i = 0; i < v->nnew_peers; i++) {
        iot_anomaly_peer_text(&v->new_peers[i], s, sizeof(s));
        add(t, "%s%s", i ? ", " : " peers ", s);
    }
    if (v->nnew_peers) {
        add(t, " (%llu packets)", (unsigned long long)v->new_peer_packets);
        sep = "; ";
    }
    for (int i = 0; i < v->nnew_services; i++) {
        iot_anomaly_service_text(v->new_services[i], s, sizeof(s));
        add(t, "%s%s", i ? ", " : sep, i ? "" : "services ");
        add(t, "%s", s);
    }
    if (v->nnew_services) {
        add(t, " (%llu packets)", (unsigned long long)v->new_service_packets);
        sep = "; ";
    }
    for (int i = 0; i < v->nnew_names; i++)
        add(t, "%s%s%s", i ? ", " : sep, i ? "" : "names ", v->new_names[i]);
    if (v->nnew_names)
        add(t, " (%llu %s)", (unsigned long long)v->new_name_queries,
            v->new_name_queries == 1 ? "query" : "queries");
}

void iot_anomaly_explain(const struct iot_anomaly_verdict *v, double fpr, const char *who,
                         char *buf, size_t len)
{
    struct text t = {buf, len, 0};
    if (len == 0)
        return;
    buf[0] = '\0';
    if (v->ref == IOT_ANOMALY_REF_DEVICE)
        add(&t, "%s behaves unlike its learnt self: anomaly score %.3g over the device's threshold",
            who, v->score);
    else if (v->ref == IOT_ANOMALY_REF_KIND)
        add(&t, "%s, first seen after learning, behaves unlike the devices of its kind (%s): "
                "anomaly score %.3g over their threshold", who, v->ref_kind, v->score);
    else
        add(&t, "%s is unusual for this network: anomaly score %.3g over the network's "
                "threshold", who, v->score);
    add(&t, " %.3g (%.2g%% false positives)", v->threshold, fpr * 100);
    if (v->nrates > 0)
        explain_rate(&t, &v->rates[0], v->ref == IOT_ANOMALY_REF_KIND);
    for (int k = 0; k < v->ntop; k++) { /* against the baseline whose threshold was crossed */
        const struct iot_anomaly_feature *f = &v->top[k];
        char cmp[64];
        compare(f->value, f->baseline_mean, cmp, sizeof(cmp));
        add(&t, "%s %s over a %gs half-life: %.3g, usually %.3g (%s)",
            k == 0 ? "; furthest from its baseline:" : ";", iot_feat_name(f->index),
            iot_feat_half_life(f->index), f->value, f->baseline_mean, cmp);
    }
    explain_novelty(&t, v);
}
