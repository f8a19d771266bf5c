/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE behaviour anomaly records. */
#include "iotsec-common.h"
#include "output/output-eve-behaviour.h"


#include "output/output-eve-device.h"

static void log_rates(struct iot_jb *jb, const struct iot_anomaly_verdict *v)
{
    char t[32];
    iot_jb_open_array(jb, "rates");
    for (int k = 0; k < v->nrates; k++) {
        const struct iot_rate_value *r = &v->rates[k];
        iot_jb_open_object(jb, NULL);
        iot_jb_lit(jb, "name", iot_rate_kind_name(r->kind));
        if (r->service != 0) {
            iot_anomaly_service_text(r->service, t, sizeof(t));
            iot_jb_lit(jb, "service", t);
        }
        iot_jb_double(jb, "per_second", r->now);
        iot_jb_double(jb, "usual", r->usual);
        iot_jb_close_object(jb);
    }
    iot_jb_close_array(jb);
}

/* The device's last packets up to the one reported, oldest first. */
static void log_packets(struct iot_eve *e, struct iot_jb *jb, const struct iot_anomaly_verdict *v)
{
    iot_jb_open_array(jb, "packets");
    for (int k = 0; k < v->npackets; k++) {
        const struct iot_anomaly_packet *q = &v->packets[k];
        struct iot_addr src, dst;
        memcpy(src.b, q->src, 16);
        memcpy(dst.b, q->dst, 16);
        iot_jb_open_object(jb, NULL);
        iot_eve_jb_ts(e, "timestamp", iot_ts_from_seconds(q->t));
        iot_eve_jb_tuple(jb, &src, &dst, q->sp, q->dp, q->ip_ver, q->proto);
        iot_jb_u64(jb, "length", q->len);
        iot_jb_double(jb, "score", q->score);
        iot_jb_close_object(jb);
    }
    iot_jb_close_array(jb);
}

void iot_eve_log_behaviour(struct iot_eve *e, const struct iot_packet *p,
                           const struct iot_device *dev, const struct iot_anomaly_verdict *v,
                           const struct iot_incident *inc, const char *explanation)
{
    struct iot_jb *jb = iot_eve_jb(e);
    iot_jb_begin(jb);
    iot_eve_jb_ts(e, "timestamp", p->ts);
    iot_jb_lit(jb, "event_type", "anomaly");
    iot_eve_jb_tuple(jb, &p->src, &p->dst, p->sp, p->dp, p->ip_ver, p->ip_proto);
    iot_jb_u64(jb, "pcap_cnt", p->num);
    iot_jb_open_object(jb, "anomaly");
    iot_jb_lit(jb, "type", "behaviour");
    iot_jb_lit(jb, "event", "behaviour.unusual");
    iot_jb_double(jb, "score", v->score);
    iot_jb_double(jb, "threshold", v->threshold);
    static const char *const whose[] = {"network", "device", "kind"};
    iot_jb_lit(jb, "threshold_of", whose[v->ref]);
    if (v->ref == IOT_ANOMALY_REF_KIND)
        iot_jb_str(jb, "threshold_kind", v->ref_kind);
    iot_jb_u64(jb, "suppressed", v->suppressed);
    iot_jb_open_array(jb, "features");
    for (int k = 0; k < v->ntop; k++) {
        iot_jb_open_object(jb, NULL);
        iot_jb_lit(jb, "name", iot_feat_name(v->top[k].index));
        iot_jb_double(jb, "half_life", iot_feat_half_life(v->top[k].index));
        iot_jb_double(jb, "value", v->top[k].value);
        iot_jb_double(jb, "baseline", v->top[k].baseline_mean);
        iot_jb_double(jb, "baseline_std", v->top[k].baseline_std);
        iot_jb_close_object(jb);
    }
    iot_jb_close_array(jb);
    char t[64];
    iot_jb_open_array(jb, "new_peers");
    for (int k = 0; k < v->nnew_peers; k++) {
        iot_anomaly_peer_text(&v->new_peers[k], t, sizeof(t));
        iot_jb_lit(jb, NULL, t);
    }
    iot_jb_close_array(jb);
    iot_jb_u64(jb, "new_peer_packets", v->new_peer_packets);
    iot_jb_open_array(jb, "new_services");
    for (int k = 0; k < v->nnew_services; k++) {
        iot_anomaly_service_text(v->new_services[k], t, sizeof(t));
        iot_jb_lit(jb, NULL, t);
    }
    iot_jb_close_array(jb);
    iot_jb_u64(jb, "new_service_packets", v->new_service_packets);
    iot_jb_open_array(jb, "new_names");
    for (int k = 0; k < v->nnew_names; k++)
        iot_jb_str(jb, NULL, v->new_names[k]);
    iot_jb_close_array(jb);
    iot_jb_u64(jb, "new_name_queries", v->new_name_queries);
    log_rates(jb, v);
    log_packets(e, jb, v);
    iot_jb_close_object(jb);
    if (dev != NULL)
        iot_eve_jb_device(jb, "device", dev);
    iot_eve_jb_incident(e, inc);
    iot_jb_str(jb, "explanation", explanation);
    iot_eve_emit_jb(e);
}

void iot_eve_jb_incident(struct iot_eve *e, const struct iot_incident *inc)
{
    if (inc == NULL)
        return;
    struct iot_jb *jb = iot_eve_jb(e);
    iot_jb_open_object(jb, "incident");
    iot_jb_u64(jb, "id", inc->id);
    iot_jb_u64(jb, "alerts", inc->alerts);
    iot_jb_u64(jb, "anomalies", inc->anomalies);
    iot_eve_jb_ts(e, "first", iot_ts_from_seconds(inc->first));
    iot_jb_close_object(jb);
}
