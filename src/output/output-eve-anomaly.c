/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE anomaly records. */
#include "iotsec-common.h"
#include "output/output-eve-anomaly.h"

void iot_eve_log_anomaly(struct iot_eve *e, const struct iot_packet *p, enum iot_decode_event ev)
{
    json_t *o = iot_eve_event_new(p->ts, "anomaly");
    if (o == NULL) {
        iot_eve_emit(e, NULL);
        return;
    }
    char buf[64];
    /* Addresses only when the IP header itself decoded: a truncated header has none to trust. */
    if (p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6)) {
        iot_eve_format_addr(&p->src, p->ip_ver, buf, sizeof(buf));
        iot_eve_set(o, "src_ip", json_string(buf));
        iot_eve_format_addr(&p->dst, p->ip_ver, buf, sizeof(buf));
        iot_eve_set(o, "dest_ip", json_string(buf));
        iot_eve_set(o, "proto", json_string(iot_eve_proto_name(p->ip_proto, buf, sizeof(buf))));
    }
    if (p->flags & (IOT_PKT_HAS_TCP | IOT_PKT_HAS_UDP)) {
        iot_eve_set(o, "src_port", json_integer(p->sp));
        iot_eve_set(o, "dest_port", json_integer(p->dp));
    }
    iot_eve_set(o, "pcap_cnt", json_integer((json_int_t)p->num));
    json_t *a = json_object();
    iot_eve_set(a, "type", json_string("decode"));
    iot_eve_set(a, "event", json_string(iot_decode_event_name(ev)));
    iot_eve_set(a, "packet_invalid", json_boolean(p->flags & IOT_PKT_INVALID));
    iot_eve_set(o, "anomaly", a);
    iot_eve_emit(e, o);
}
