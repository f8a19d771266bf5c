/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE flow records, one per ended flow: the hottest record, so built with iot_jb. */
#include "iotsec-common.h"
#include "output/output-eve-flow.h"

static bool proto_has_ports(uint8_t proto)
{
    return proto == 6 || proto == 17; /* SCTP ports are not decoded */
}

void iot_eve_jb_flow_tuple(struct iot_jb *jb, const struct iot_flow *f)
{
    char buf[64];
    iot_eve_format_addr(&f->src, f->ip_ver, buf, sizeof(buf));
    iot_jb_lit(jb, "src_ip", buf);
    if (proto_has_ports(f->proto))
        iot_jb_u64(jb, "src_port", f->sp);
    iot_eve_format_addr(&f->dst, f->ip_ver, buf, sizeof(buf));
    iot_jb_lit(jb, "dest_ip", buf);
    if (proto_has_ports(f->proto))
        iot_jb_u64(jb, "dest_port", f->dp);
    iot_jb_lit(jb, "proto", iot_eve_proto_name(f->proto, buf, sizeof(buf)));
    if (f->proto == 1 || f->proto == 58) {
        iot_jb_u64(jb, "icmp_type", f->icmp_type);
        iot_jb_u64(jb, "icmp_code", f->icmp_code);
    }
}

static void add_vlan_ether(struct iot_jb *jb, const struct iot_flow *f)
{
    if (f->vlan_count > 0) {
        iot_jb_open_array(jb, "vlan");
        for (unsigned i = 0; i < f->vlan_count; i++)
            iot_jb_u64(jb, NULL, f->vlan_id[i]);
        iot_jb_close_array(jb);
    }
    static const uint8_t zero[6];
    if (memcmp(f->src_mac, zero, 6) == 0 && memcmp(f->dst_mac, zero, 6) == 0)
        return;
    char mac[24];
    iot_jb_open_object(jb, "ether");
    iot_eve_format_mac(f->src_mac, mac, sizeof(mac));
    iot_jb_lit(jb, "src_mac", mac);
    iot_eve_format_mac(f->dst_mac, mac, sizeof(mac));
    iot_jb_lit(jb, "dest_mac", mac);
    iot_jb_close_object(jb);
}

static void add_flow_object(struct iot_eve *e, const struct iot_flow *f,
                            enum iot_flow_end_reason reason)
{
    struct iot_jb *jb = iot_eve_jb(e);
    iot_jb_open_object(jb, "flow");
    iot_jb_u64(jb, "pkts_toserver", f->pkts[IOT_DIR_TOSERVER]);
    iot_jb_u64(jb, "pkts_toclient", f->pkts[IOT_DIR_TOCLIENT]);
    iot_jb_u64(jb, "bytes_toserver", f->bytes[IOT_DIR_TOSERVER]);
    iot_jb_u64(jb, "bytes_toclient", f->bytes[IOT_DIR_TOCLIENT]);
    iot_eve_jb_ts(e, "start", f->start);
    iot_eve_jb_ts(e, "end", f->last);
    int64_t age = f->last.sec - f->start.sec;
    iot_jb_u64(jb, "age", age > 0 ? (uint64_t)age : 0);
    iot_jb_lit(jb, "state", iot_flow_state_name(f->state));
    iot_jb_lit(jb, "reason", iot_flow_end_reason_name(reason));
    iot_jb_close_object(jb);
}

static void add_flags(struct iot_jb *jb, const char *key, uint8_t fl)
{
    static const char hex[] = "0123456789abcdef";
    char buf[2] = {hex[fl >> 4], hex[fl & 15]};
    iot_jb_strn(jb, key, buf, 2);
}

static void add_tcp_object(struct iot_jb *jb, const struct iot_flow *f)
{
    static const char *const names[8] = {"fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr"};
    uint8_t all = f->tcp_flags[0] | f->tcp_flags[1];
    iot_jb_open_object(jb, "tcp");
    add_flags(jb, "tcp_flags", all);
    add_flags(jb, "tcp_flags_ts", f->tcp_flags[0]);
    add_flags(jb, "tcp_flags_tc", f->tcp_flags[1]);
    for (unsigned i = 0; i < 8; i++)
        if (all & (1u << i))
            iot_jb_bool(jb, names[i], true);
    iot_jb_lit(jb, "state", iot_tcp_state_name(f->tcp_state));
    iot_jb_close_object(jb);
}

static void add_ndpi_object(struct iot_jb *jb, struct iot_ndpi *n,
                            const struct iot_ndpi_verdict *v)
{
    char name[64];
    iot_jb_open_object(jb, "ndpi");
    iot_ndpi_proto_name(n, v, name, sizeof(name));
    iot_jb_lit(jb, "protocol", name);
    iot_jb_lit(jb, "master_protocol", iot_ndpi_id_name(n, v->master_id));
    iot_jb_lit(jb, "app_protocol", iot_ndpi_id_name(n, v->app_id));
    iot_jb_lit(jb, "category", iot_ndpi_category_name(n, v));
    iot_jb_lit(jb, "confidence", iot_ndpi_confidence_name(v));
    if (v->hostname[0] != '\0')
        iot_jb_str(jb, "hostname", v->hostname); /* attacker-chosen bytes: escaped */
    if (v->risk != 0) {
        iot_jb_open_array(jb, "risks");
        for (unsigned i = 0; i < 64; i++) {
            const char *rn = (v->risk >> i) & 1 ? iot_ndpi_risk_name(i) : NULL;
            if (rn != NULL)
                iot_jb_lit(jb, NULL, rn);
        }
        iot_jb_close_array(jb);
    }
    iot_jb_close_object(jb);
}

void iot_eve_log_flow(struct iot_eve *e, struct iot_ndpi *n, const struct iot_flow *f,
                      enum iot_flow_end_reason reason, const struct iot_ndpi_verdict *v)
{
    struct iot_jb *jb = iot_eve_jb(e);
    iot_jb_begin(jb);
    iot_eve_jb_ts(e, "timestamp", f->start);
    iot_jb_lit(jb, "event_type", "flow");
    iot_jb_u64(jb, "flow_id", f->id);
    add_vlan_ether(jb, f);
    iot_eve_jb_flow_tuple(jb, f);
    char app[32] = "failed";
    if (v != NULL)
        iot_ndpi_app_proto(n, v, app, sizeof(app));
    iot_jb_lit(jb, "app_proto", app);
    add_flow_object(e, f, reason);
    if (f->proto == 6)
        add_tcp_object(jb, f);
    if (v != NULL)
        add_ndpi_object(jb, n, v);
    iot_eve_emit_jb(e);
}
