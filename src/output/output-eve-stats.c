/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE stats records. */
#include "iotsec-common.h"
#include "output/output-eve-stats.h"

#include <ctype.h>

#define SET_U(obj, key, v) iot_eve_set((obj), (key), json_integer((json_int_t)(v)))

static json_t *obj_child(json_t *parent, const char *key)
{
    json_t *c = json_object_get(parent, key);
    if (c == NULL) {
        c = json_object();
        iot_eve_set(parent, key, c);
    }
    return c;
}

/* "decoder.ipv4.trunc_hdr" becomes event.ipv4.trunc_hdr, nested as Suricata nests it. */
static void add_decoder_events(json_t *dec, const struct iot_decode_stats *d)
{
    json_t *event = json_object();
    for (unsigned i = 0; i < IOT_DE_MAX; i++) {
        const char *name = iot_decode_event_name((enum iot_decode_event)i);
        const char *layer = strchr(name, '.');
        const char *leaf = layer != NULL ? strchr(layer + 1, '.') : NULL;
        if (leaf == NULL)
            continue;
        char lname[32];
        size_t n = (size_t)(leaf - layer - 1);
        if (n >= sizeof(lname))
            continue;
        memcpy(lname, layer + 1, n);
        lname[n] = '\0';
        SET_U(obj_child(event, lname), leaf + 1, d->events[i]);
    }
    iot_eve_set(dec, "event", event);
}

static json_t *decoder_object(const struct iot_decode_stats *d)
{
    json_t *o = json_object();
    SET_U(o, "pkts", d->pkts);
    SET_U(o, "bytes", d->bytes);
    SET_U(o, "invalid", d->invalid);
    SET_U(o, "ethernet", d->ethernet);
    SET_U(o, "vlan", d->vlan);
    SET_U(o, "vlan_qinq", d->vlan_qinq);
    SET_U(o, "sll", d->sll);
    SET_U(o, "null", d->null);
    SET_U(o, "lldp", d->lldp);
    SET_U(o, "cdp", d->cdp);
    SET_U(o, "arp", d->arp);
    SET_U(o, "ipv4", d->ipv4);
    SET_U(o, "ipv6", d->ipv6);
    SET_U(o, "tcp", d->tcp);
    SET_U(o, "udp", d->udp);
    SET_U(o, "icmpv4", d->icmpv4);
    SET_U(o, "icmpv6", d->icmpv6);
    SET_U(o, "gre", d->gre);
    SET_U(o, "other_ip", d->other_ip);
    SET_U(o, "too_many_events", d->too_many_events);
    add_decoder_events(o, d);
    return o;
}

static json_t *defrag_object(const struct iot_decode_stats *d)
{
    json_t *o = json_object();
    json_t *v4 = json_object(), *v6 = json_object();
    SET_U(v4, "fragments", d->frag_ipv4);
    SET_U(v4, "reassembled", d->reassembled_ipv4);
    SET_U(v6, "fragments", d->frag_ipv6);
    SET_U(v6, "reassembled", d->reassembled_ipv6);
    iot_eve_set(o, "ipv4", v4);
    iot_eve_set(o, "ipv6", v6);
    SET_U(o, "memcap", d->events[IOT_DE_DEFRAG_MEMCAP]);
    SET_U(o, "trackers_full", d->events[IOT_DE_DEFRAG_TRACKERS_FULL]);
    SET_U(o, "timeout", d->events[IOT_DE_DEFRAG_TIMEOUT]);
    return o;
}

static json_t *flow_object(const struct iot_flow_stats *f)
{
    json_t *o = json_object();
    SET_U(o, "total", f->created);
    SET_U(o, "active", f->active);
    SET_U(o, "active_peak", f->active_peak);
    SET_U(o, "memuse", f->memuse);
    SET_U(o, "memuse_peak", f->memuse_peak);
    SET_U(o, "memcap_refused", f->memcap_refused);
    SET_U(o, "no_flow", f->no_flow);
    json_t *end = json_object();
    SET_U(end, "timeout", f->ended_timeout);
    SET_U(end, "evicted", f->ended_evicted);
    SET_U(end, "shutdown", f->ended_shutdown);
    SET_U(end, "tcp_reuse", f->ended_tcp_reuse);
    iot_eve_set(o, "end", end);
    return o;
}

static json_t *tcp_object(const struct iot_flow_stats *f)
{
    json_t *o = json_object();
    SET_U(o, "reassembled_bytes", f->tcp_reassembled_bytes);
    SET_U(o, "gaps", f->tcp_gaps);
    SET_U(o, "overlaps", f->tcp_overlaps);
    SET_U(o, "depth_reached", f->tcp_depth_reached);
    SET_U(o, "segments_queued", f->tcp_segs_queued);
    SET_U(o, "stream_memcap", f->tcp_stream_memcap);
    SET_U(o, "stream_memuse", f->stream_memuse);
    return o;
}

static json_t *app_object(const struct iot_stats_snapshot *s)
{
    json_t *o = json_object();
    const struct iot_ndpi_stats *n = s->ndpi;
    SET_U(o, "flows_inspected", n->flows);
    SET_U(o, "detected", n->detected);
    SET_U(o, "guessed", n->guessed);
    SET_U(o, "unknown", n->unknown);
    SET_U(o, "pkts_inspected", n->pkts_inspected);
    SET_U(o, "alloc_failed", n->alloc_failed);
    SET_U(o, "pkts_too_big", n->too_big);
    json_t *flows = json_object();
    for (unsigned id = 0; id < IOT_APP_COUNT_MAX; id++) {
        if (s->app_flows[id] == 0)
            continue;
        char name[48];
        const char *src = iot_ndpi_id_name(s->ndpi_mod, (uint16_t)id);
        size_t i = 0;
        for (; src[i] != '\0' && i + 1 < sizeof(name); i++)
            name[i] = (char)tolower((unsigned char)src[i]);
        name[i] = '\0';
        SET_U(flows, name, s->app_flows[id]);
    }
    iot_eve_set(o, "flow", flows);
    for (int a = 0; a < IOT_APP_MAX; a++) {
        json_t *pr = json_object();
        SET_U(pr, "parsed", s->app->parsed[a]);
        SET_U(pr, "invalid", s->app->invalid[a]);
        iot_eve_set(o, iot_app_proto_name((enum iot_app_proto)a), pr);
    }
    SET_U(o, "stream_buffers", s->app->stream_buffers);
    SET_U(o, "syn_fingerprinted", s->app->syn_fingerprinted);
    SET_U(o, "syn_matched", s->app->syn_matched);
    return o;
}

void iot_eve_log_stats(struct iot_eve *e, const struct iot_stats_snapshot *s)
{
    json_t *ev = iot_eve_event_new(s->ts, "stats");
    if (ev == NULL) {
        iot_eve_emit(e, NULL);
        return;
    }
    json_t *st = json_object();
    SET_U(st, "uptime", s->uptime);
    json_t *cap = json_object();
    SET_U(cap, "packets", s->capture.packets);
    SET_U(cap, "bytes", s->capture.bytes);
    SET_U(cap, "kernel_drops", s->capture.kernel_drops);
    SET_U(cap, "iface_drops", s->capture.iface_drops);
    iot_eve_set(st, "capture", cap);
    iot_eve_set(st, "decoder", decoder_object(s->decoder));
    iot_eve_set(st, "defrag", defrag_object(s->decoder));
    iot_eve_set(st, "flow", flow_object(s->flow));
    iot_eve_set(st, "tcp", tcp_object(s->flow));
    iot_eve_set(st, "app_layer", app_object(s));
    json_t *an = json_object();
    SET_U(an, "written", s->anomaly_written);
    SET_U(an, "suppressed", s->anomaly_suppressed);
    iot_eve_set(st, "anomaly", an);
    json_t *inv = json_object();
    SET_U(inv, "devices", s->inventory->devices);
    SET_U(inv, "devices_peak", s->inventory->devices_peak);
    SET_U(inv, "evicted", s->inventory->evicted);
    SET_U(inv, "memcap_refused", s->inventory->memcap_refused);
    SET_U(inv, "memuse", s->inventory->memuse);
    SET_U(inv, "routers", s->inventory->routers);
    SET_U(inv, "observations", s->inventory->observations);
    SET_U(inv, "observations_dropped", s->inventory->obs_dropped);
    iot_eve_set(st, "inventory", inv);
    if (s->detect != NULL) {
        json_t *det = json_object();
        SET_U(det, "alerts", s->detect->alerts);
        SET_U(det, "deduplicated", s->detect->deduplicated);
        SET_U(det, "suppressed", s->detect->suppressed);
        SET_U(det, "memuse", s->detect_track->memuse);
        SET_U(det, "entries", s->detect_track->entries);
        SET_U(det, "evicted", s->detect_track->evicted);
        json_t *per = json_object();
        for (int i = 0; i < IOT_SIG_MAX; i++) {
            char id[16];
            snprintf(id, sizeof(id), "%u", iot_signature((enum iot_sig)i)->id);
            SET_U(per, id, s->detect->per_sig[i]);
        }
        iot_eve_set(det, "per_signature", per);
        iot_eve_set(st, "detect", det);
    }
    iot_eve_set(ev, "stats", st);
    iot_eve_emit(e, ev);
}
