/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE dns, mdns, ssdp, http, tls, mqtt, coap, modbus, bacnet, lldp and cdp records. Strings from packets go through the escaping
 * builder calls (iot_jb_str); only our own constants use iot_jb_lit. */
#include "iotsec-common.h"
#include "output/output-eve-meta.h"

#include "output/output-eve-flow.h"

/* Opens a record with the fields every metadata record shares. */
static struct iot_jb *meta_begin(struct iot_eve *e, const struct iot_packet *p,
                                 const struct iot_flow *f, const char *type)
{
    struct iot_jb *jb = iot_eve_jb(e);
    iot_jb_begin(jb);
    iot_eve_jb_ts(e, "timestamp", p->ts);
    iot_jb_lit(jb, "event_type", type);
    if (f != NULL) {
        iot_jb_u64(jb, "flow_id", f->id);
        iot_eve_jb_flow_tuple(jb, f);
    } else if (p->flags & IOT_PKT_HAS_ETH) {
        char mac[24];
        iot_eve_format_mac(p->src_mac, mac, sizeof(mac));
        iot_jb_lit(jb, "src_mac", mac);
    }
    iot_jb_u64(jb, "pcap_cnt", p->num);
    iot_jb_open_object(jb, type);
    return jb;
}

static void meta_end(struct iot_eve *e)
{
    iot_jb_close_object(iot_eve_jb(e));
    iot_eve_emit_jb(e);
}

static const char *rrtype_name(uint16_t t, char *buf, size_t len)
{
    switch (t) {
    case 1: return "A";
    case 2: return "NS";
    case 5: return "CNAME";
    case 12: return "PTR";
    case 16: return "TXT";
    case 28: return "AAAA";
    case 33: return "SRV";
    case 41: return "OPT";
    case 65: return "HTTPS";
    case 255: return "ANY";
    default:
        snprintf(buf, len, "%u", t);
        return buf;
    }
}

static void jb_addr(struct iot_jb *jb, const char *key, const uint8_t *a, int ver)
{
    struct iot_addr x = {{0}};
    char buf[64];
    memcpy(x.b, a, ver == 6 ? 16 : 4);
    iot_eve_format_addr(&x, ver, buf, sizeof(buf));
    iot_jb_lit(jb, key, buf);
}

static void dns_answers(struct iot_jb *jb, const struct iot_dns_info *m)
{
    char tb[8];
    iot_jb_open_array(jb, "answers");
    for (unsigned i = 0; i < m->nrecords; i++) {
        const struct iot_dns_record *r = &m->records[i];
        if (r->section != 1 || r->type == 41)
            continue; /* answers only; OPT is not a record of the zone */
        iot_jb_open_object(jb, NULL);
        iot_jb_str(jb, "rrname", r->name);
        iot_jb_lit(jb, "rrtype", rrtype_name(r->type, tb, sizeof(tb)));
        iot_jb_u64(jb, "ttl", r->ttl);
        if (r->decoded && (r->type == 1 || r->type == 28))
            jb_addr(jb, "rdata", r->addr, r->type == 28 ? 6 : 4);
        else if (r->decoded && (r->type == 5 || r->type == 12 || r->type == 2 || r->type == 33))
            iot_jb_str(jb, "rdata", r->target);
        iot_jb_close_object(jb);
    }
    iot_jb_close_array(jb);
}

void iot_eve_log_dns(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_dns_info *m)
{
    char tb[8];
    struct iot_jb *jb = meta_begin(e, p, f, "dns");
    iot_jb_lit(jb, "type", m->hdr.qr ? "answer" : "query");
    iot_jb_u64(jb, "id", m->hdr.id);
    iot_jb_u64(jb, "rcode", m->hdr.rcode);
    iot_jb_open_array(jb, "queries");
    for (unsigned i = 0; i < m->nquestions; i++) {
        iot_jb_open_object(jb, NULL);
        iot_jb_str(jb, "rrname", m->questions[i].name);
        iot_jb_lit(jb, "rrtype", rrtype_name(m->questions[i].type, tb, sizeof(tb)));
        iot_jb_close_object(jb);
    }
    iot_jb_close_array(jb);
    if (m->hdr.qr)
        dns_answers(jb, m);
    meta_end(e);
}

void iot_eve_log_mdns(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_mdns_info *m)
{
    struct iot_jb *jb = meta_begin(e, p, f, "mdns");
    iot_jb_lit(jb, "type", m->hdr.qr ? "response" : "query");
    iot_jb_open_array(jb, "services");
    for (unsigned i = 0; i < m->nservices; i++)
        iot_jb_str(jb, NULL, m->services[i].name);
    iot_jb_close_array(jb);
    iot_jb_open_array(jb, "instances");
    for (unsigned i = 0; i < m->ninstances; i++) {
        const struct iot_mdns_instance *in = &m->instances[i];
        iot_jb_open_object(jb, NULL);
        iot_jb_strn(jb, "name", in->name, in->name_len);
        iot_jb_str(jb, "service", in->service);
        if (in->has_srv) {
            iot_jb_str(jb, "target", in->target);
            iot_jb_u64(jb, "port", in->port);
        }
        iot_jb_close_object(jb);
    }
    iot_jb_close_array(jb);
    iot_jb_open_array(jb, "hosts");
    for (unsigned i = 0; i < m->nhosts; i++) {
        iot_jb_open_object(jb, NULL);
        iot_jb_str(jb, "name", m->hosts[i].name);
        jb_addr(jb, "ip", m->hosts[i].addr, m->hosts[i].family);
        iot_jb_close_object(jb);
    }
    iot_jb_close_array(jb);
    iot_jb_open_array(jb, "txt");
    for (unsigned i = 0; i < m->ntxt; i++) {
        const struct iot_dns_txt *t = &m->txt[i];
        char kv[300];
        int n = snprintf(kv, sizeof(kv), "%s%s%.*s", iot_dns_txt_key(t), t->has_value ? "=" : "",
                         (int)iot_dns_txt_value_len(t), iot_dns_txt_value(t));
        iot_jb_strn(jb, NULL, kv, n > 0 ? IOT_MIN((size_t)n, sizeof(kv) - 1) : 0);
    }
    iot_jb_close_array(jb);
    meta_end(e);
}

static void jb_opt(struct iot_jb *jb, const char *key, const char *v)
{
    if (v[0] != '\0')
        iot_jb_str(jb, key, v);
}

void iot_eve_log_ssdp(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_ssdp_info *m)
{
    struct iot_jb *jb = meta_begin(e, p, f, "ssdp");
    iot_jb_lit(jb, "method", iot_ssdp_kind_name(m->kind));
    jb_opt(jb, "nt", m->nt);
    if (m->kind == IOT_SSDP_KIND_NOTIFY)
        iot_jb_lit(jb, "nts", iot_ssdp_nts_name(m->nts));
    jb_opt(jb, "st", m->st);
    jb_opt(jb, "usn", m->usn);
    jb_opt(jb, "location", m->location);
    jb_opt(jb, "server", m->server);
    jb_opt(jb, "user_agent", m->user_agent);
    meta_end(e);
}

void iot_eve_log_http(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_http_info *m)
{
    char proto[16];
    struct iot_jb *jb = meta_begin(e, p, f, "http");
    snprintf(proto, sizeof(proto), "HTTP/%u.%u", m->version_major, m->version_minor);
    if (m->kind == IOT_HTTP_KIND_REQUEST) {
        iot_jb_lit(jb, "direction", "request");
        jb_opt(jb, "hostname", m->host);
        iot_jb_str(jb, "url", m->target);
        iot_jb_str(jb, "http_method", m->method_str);
        jb_opt(jb, "http_user_agent", m->user_agent);
        if (m->auth_present)
            iot_jb_str(jb, "authorization_scheme", m->auth_scheme); /* never the credential */
    } else {
        iot_jb_lit(jb, "direction", "response");
        iot_jb_u64(jb, "status", m->status);
        jb_opt(jb, "server", m->server);
    }
    iot_jb_lit(jb, "protocol", proto);
    jb_opt(jb, "http_content_type", m->content_type);
    meta_end(e);
}

static const char *tls_version_name(uint16_t v)
{
    switch (v) {
    case 0x0300: return "SSLv3";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: return "UNDETERMINED";
    }
}

void iot_eve_log_tls(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_tls_info *m)
{
    struct iot_jb *jb = meta_begin(e, p, f, "tls");
    if (m->has_sni)
        iot_jb_strn(jb, "sni", m->sni, m->sni_len);
    iot_jb_lit(jb, "version", tls_version_name(m->version));
    iot_jb_open_object(jb, "ja3");
    iot_jb_lit(jb, "hash", m->ja3_hash);
    iot_jb_lit(jb, "string", m->ja3);
    iot_jb_close_object(jb);
    iot_jb_lit(jb, "ja4", m->ja4);
    if (m->has_alpn) {
        iot_jb_open_array(jb, "client_alpns");
        for (unsigned i = 0; i < m->alpn_count; i++)
            iot_jb_strn(jb, NULL, m->alpn[i], m->alpn_len[i]);
        iot_jb_close_array(jb);
    }
    meta_end(e);
}

void iot_eve_log_mqtt(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_mqtt_info *m)
{
    struct iot_jb *jb = meta_begin(e, p, f, "mqtt");
    iot_jb_open_object(jb, "connect");
    iot_jb_u64(jb, "protocol_version", m->protocol_level);
    iot_jb_str(jb, "client_id", m->client_id);
    if (m->username[0] != '\0')
        iot_jb_str(jb, "username", m->username);
    iot_jb_bool(jb, "password_present", m->password_present); /* never the password */
    iot_jb_u64(jb, "keepalive", m->keepalive);
    iot_jb_close_object(jb);
    meta_end(e);
}

void iot_eve_log_coap(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_coap_info *m)
{
    char code[8];
    struct iot_jb *jb = meta_begin(e, p, f, "coap");
    snprintf(code, sizeof(code), "%u.%02u", m->code >> 5, m->code & 31);
    iot_jb_lit(jb, "code", code);
    iot_jb_u64(jb, "message_id", m->message_id);
    if (m->uri_path[0] != '\0')
        iot_jb_str(jb, "uri_path", m->uri_path);
    if (m->link_count > 0) {
        iot_jb_open_array(jb, "resources");
        for (unsigned i = 0; i < m->link_count; i++)
            iot_jb_strn(jb, NULL, m->links[i].target, m->links[i].target_len);
        iot_jb_close_array(jb);
    }
    meta_end(e);
}

void iot_eve_log_modbus(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                        const struct iot_modbus_info *m)
{
    struct iot_jb *jb = meta_begin(e, p, f, "modbus");
    iot_jb_u64(jb, "unit_id", m->unit_id);
    iot_jb_u64(jb, "function", m->function);
    if (m->is_exception)
        iot_jb_u64(jb, "exception_code", m->exception_code);
    if (m->is_devid_response) {
        iot_jb_open_object(jb, "device_identification");
        for (unsigned i = 0; i < IOT_MODBUS_OBJ_STD_COUNT; i++)
            if (m->obj[i].present)
                iot_jb_strn(jb, iot_modbus_obj_name(i), m->obj[i].value, m->obj[i].len);
        iot_jb_close_object(jb);
    }
    meta_end(e);
}

void iot_eve_log_bacnet(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                        const struct iot_bacnet_info *m)
{
    struct iot_jb *jb = meta_begin(e, p, f, "bacnet");
    if (m->has_service)
        iot_jb_u64(jb, "service", m->service);
    if (m->is_iam) {
        iot_jb_open_object(jb, "i_am");
        iot_jb_u64(jb, "device_instance", m->device_instance);
        iot_jb_u64(jb, "vendor_id", m->vendor_id);
        if (m->vendor_name != NULL)
            iot_jb_str(jb, "vendor", m->vendor_name);
        iot_jb_u64(jb, "max_apdu", m->max_apdu);
        iot_jb_close_object(jb);
    }
    meta_end(e);
}

void iot_eve_log_lldp(struct iot_eve *e, const struct iot_packet *p, const struct iot_lldp_info *m)
{
    struct iot_jb *jb = meta_begin(e, p, NULL, "lldp");
    jb_opt(jb, "sys_name", m->sys_name);
    jb_opt(jb, "sys_desc", m->sys_desc);
    jb_opt(jb, "port_desc", m->port_desc);
    jb_opt(jb, "mud_url", m->mud_url);
    iot_jb_u64(jb, "ttl", m->ttl);
    meta_end(e);
}

void iot_eve_log_cdp(struct iot_eve *e, const struct iot_packet *p, const struct iot_cdp_info *m)
{
    struct iot_jb *jb = meta_begin(e, p, NULL, "cdp");
    jb_opt(jb, "device_id", m->device_id);
    jb_opt(jb, "platform", m->platform);
    jb_opt(jb, "port_id", m->port_id);
    jb_opt(jb, "software_version", m->software_version);
    meta_end(e);
}
