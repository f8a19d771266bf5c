/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE alert records. */
#include "iotsec-common.h"
#include "output/output-eve-alert.h"

#include "output/output-eve-device.h"
#include "output/output-eve-flow.h"
#include "output/output-eve-behaviour.h"

static void jb_evidence(struct iot_eve *e, const struct iot_alert *a)
{
    struct iot_jb *jb = iot_eve_jb(e);
    const struct iot_track_entry *ev = a->ev;
    iot_jb_open_object(jb, "evidence");
    if (ev != NULL) {
        iot_jb_u64(jb, "count", ev->count);
        iot_jb_u64(jb, "distinct", ev->ndistinct);
        iot_jb_u64(jb, "answered", ev->aux);
    }
    iot_jb_u64(jb, "threshold", a->threshold);
    iot_jb_u64(jb, "window_seconds", a->window_sec);
    if (ev != NULL) {
        iot_eve_jb_ts(e, "first_seen", ev->start);
        iot_eve_jb_ts(e, "last_seen", ev->last);
        iot_jb_open_array(jb, "samples");
        for (unsigned i = 0; i < ev->nsamples; i++) {
            const struct iot_track_sample *s = &ev->samples[i];
            iot_jb_open_object(jb, NULL);
            iot_eve_jb_ts(e, "timestamp", s->ts);
            iot_jb_u64(jb, "pcap_cnt", s->pcap_cnt);
            iot_eve_jb_tuple(jb, &s->src, &s->dst, s->sp, s->dp, s->ip_ver, s->proto);
            iot_jb_close_object(jb);
        }
        iot_jb_close_array(jb);
    }
    iot_jb_close_object(jb);
}

void iot_eve_log_alert(struct iot_eve *e, const struct iot_alert *a, const struct iot_incident *inc)
{
    const struct iot_packet *p = a->p;
    const struct iot_signature *sig = iot_signature(a->sig);
    struct iot_jb *jb = iot_eve_jb(e);
    iot_jb_begin(jb);
    iot_eve_jb_ts(e, "timestamp", p->ts);
    iot_jb_lit(jb, "event_type", "alert");
    if (a->f != NULL)
        iot_jb_u64(jb, "flow_id", a->f->id);
    iot_eve_jb_tuple(jb, &p->src, &p->dst, p->sp, p->dp, p->ip_ver, p->ip_proto);
    iot_jb_u64(jb, "pcap_cnt", p->num);
    iot_jb_open_object(jb, "alert");
    iot_jb_u64(jb, "signature_id", sig->id);
    iot_jb_lit(jb, "signature", sig->msg);
    iot_jb_lit(jb, "category", sig->category);
    iot_jb_u64(jb, "severity", sig->severity);
    const char *matrix, *tid, *tname;
    iot_alert_technique(a, &matrix, &tid, &tname);
    iot_jb_open_object(jb, "mitre");
    iot_jb_lit(jb, "matrix", matrix);
    iot_jb_lit(jb, "technique_id", tid);
    iot_jb_lit(jb, "technique", tname);
    iot_jb_close_object(jb);
    iot_jb_u64(jb, "repeated", a->repeated);
    iot_jb_close_object(jb);
    if (a->dev != NULL)
        iot_eve_jb_device(jb, "device", a->dev);
    jb_evidence(e, a);
    iot_eve_jb_incident(e, inc);
    iot_jb_str(jb, "explanation", a->explain); /* holds packet-derived names: escaped */
    iot_eve_emit_jb(e);
}
