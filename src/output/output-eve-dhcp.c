/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE dhcp records. */
#include "iotsec-common.h"
#include "output/output-eve-dhcp.h"

#include "output/output-eve-flow.h"

static const char *dhcp_type_name(uint8_t t)
{
    static const char *const names[] = {"unknown", "discover", "offer",   "request", "decline",
                                        "ack",     "nak",      "release", "inform"};
    return t < IOT_ARRAY_LEN(names) ? names[t] : "unknown";
}

static void jb_ipv4(struct iot_jb *jb, const char *key, const uint8_t a[4])
{
    struct iot_addr x = {{0}};
    char buf[20];
    memcpy(x.b, a, 4);
    iot_eve_format_addr(&x, 4, buf, sizeof(buf));
    iot_jb_lit(jb, key, buf);
}

static void jb_hex(struct iot_jb *jb, const char *key, const uint8_t *b, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char buf[2 * 256 + 1];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 2 < sizeof(buf); i++) {
        buf[o++] = hex[b[i] >> 4];
        buf[o++] = hex[b[i] & 15];
    }
    buf[o] = '\0';
    iot_jb_lit(jb, key, buf);
}

static void add_options(struct iot_jb *jb, const struct iot_dhcp_info *d)
{
    if (d->has_client_id)
        jb_hex(jb, "client_id", d->client_id, d->client_id_len);
    if (d->has_hostname)
        iot_jb_strn(jb, "hostname", d->hostname, d->hostname_len);
    if (d->has_requested_ip)
        jb_ipv4(jb, "requested_ip", d->requested_ip);
    if (d->has_lease_time)
        iot_jb_u64(jb, "lease_time", d->lease_time);
    if (d->has_server_id)
        jb_ipv4(jb, "server_id", d->server_id);
    if (d->has_vendor_class)
        iot_jb_strn(jb, "vendor_class_identifier", d->vendor_class, d->vendor_class_len);
    if (d->has_fqdn)
        iot_jb_strn(jb, "fqdn", d->fqdn, d->fqdn_len);
    if (d->has_mud_url)
        iot_jb_strn(jb, "mud_url", d->mud_url, d->mud_url_len);
    if (d->has_prl) {
        iot_jb_open_array(jb, "params");
        for (unsigned i = 0; i < d->prl_count; i++)
            iot_jb_u64(jb, NULL, d->prl[i]);
        iot_jb_close_array(jb);
        iot_jb_lit(jb, "fingerprint", d->prl_text);
    }
}

void iot_eve_log_dhcp(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_dhcp_info *d)
{
    struct iot_jb *jb = iot_eve_jb(e);
    char mac[24];
    iot_jb_begin(jb);
    iot_eve_jb_ts(e, "timestamp", p->ts);
    iot_jb_lit(jb, "event_type", "dhcp");
    if (f != NULL) {
        iot_jb_u64(jb, "flow_id", f->id);
        iot_eve_jb_flow_tuple(jb, f);
    }
    iot_jb_u64(jb, "pcap_cnt", p->num);
    iot_jb_open_object(jb, "dhcp");
    iot_jb_lit(jb, "type", d->op == 1 ? "request" : "reply");
    iot_jb_u64(jb, "id", d->xid);
    if (d->chaddr_len == 6) {
        iot_eve_format_mac(d->chaddr, mac, sizeof(mac));
        iot_jb_lit(jb, "client_mac", mac);
    }
    jb_ipv4(jb, "assigned_ip", d->yiaddr);
    jb_ipv4(jb, "client_ip", d->ciaddr);
    if (d->has_msg_type)
        iot_jb_lit(jb, "dhcp_type", dhcp_type_name(d->msg_type));
    add_options(jb, d);
    iot_jb_close_object(jb);
    iot_eve_emit_jb(e);
}
