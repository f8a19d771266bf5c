/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE behaviour anomaly records. */
#include "iotsec-common.h"
#include "output/output-eve-behaviour.h"

#include "output/output-eve-device.h"

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
    iot_jb_lit(jb, "threshold_of", v->device_threshold ? "device" : "network");
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
    int64_t sec = (int64_t)inc->first;
    iot_eve_jb_ts(e, "first", (struct iot_ts){sec, (uint32_t)((inc->first - (double)sec) * 1e9)});
    iot_jb_close_object(jb);
}
