/* SPDX-License-Identifier: GPL-3.0-or-later */
/* App-layer dispatch: parsers to inventory observations and EVE metadata. */
#include "iotsec-common.h"
#include "engine/engine-app.h"

#include <sodium.h>

#include "output/output-eve-dhcp.h"
#include "output/output-eve-meta.h"
#include "util/util-mem.h"

#define TH_SYN 0x02
#define TH_ACK 0x10

/* The most bytes gathered per direction to complete one message: a ClientHello's handshake
 * cap (IOT_TLS_MAX_HELLO) or an HTTP head. Charged to flow.memcap while held. */
#define APP_STREAM_CAP (16u << 10)

/* STREAM_BODY: a response head came alone; the next segment starts its body. */
enum stream_state { STREAM_NEW = 0, STREAM_DONE, STREAM_BODY };

struct app_stream {
    uint8_t state[2];
    uint32_t len[2];
    uint8_t *buf[2];
    /* An interactive session: both directions go to its parser (one of the two at most). */
    struct iot_telnet *telnet;
    struct iot_ftp *ftp;
    struct iot_mail *mail;
    uint32_t telnet_bytes; /* bytes given to any of them */
};

/* Telnet bytes followed per session: a login and a loader's commands fit many times over, and
 * an hour-long interactive session must not cost forever. */
#define TELNET_INSPECT_MAX (64u << 10)

const char *iot_app_proto_name(enum iot_app_proto p)
{
    static const char *const names[IOT_APP_MAX] = {
        "dhcp", "dhcpv6", "dns", "mdns", "ssdp", "http", "tls",
        "mqtt", "coap", "modbus", "bacnet", "lldp", "cdp", "telnet", "ftp", "mail"};
    return (unsigned)p < IOT_APP_MAX ? names[p] : "?";
}

static void observe_str(struct iot_app_glue *g, struct iot_device *d, const char *field,
                        const char *s, size_t n, const struct iot_packet *p)
{
    if (d != NULL && n > 0)
        iot_inventory_observe(g->inv, d, field, s, n, p);
}

static void observe_port(struct iot_app_glue *g, struct iot_device *d, const char *field,
                         uint16_t port, const struct iot_packet *p)
{
    char buf[8];
    int n = snprintf(buf, sizeof(buf), "%u", port);
    observe_str(g, d, field, buf, (size_t)n, p);
}

/* The device a DHCP message is about: its client hardware address, which is the sender unless
 * a relay forwarded it. */
static struct iot_device *dhcp_client(struct iot_app_glue *g, const struct iot_dhcp_info *m,
                                      struct iot_device *sender)
{
    if (m->chaddr_len != 6 || m->htype != 1)
        return sender;
    if (sender != NULL && sender->has_mac && memcmp(sender->mac, m->chaddr, 6) == 0)
        return sender;
    return iot_inventory_find_mac(g->inv, m->chaddr);
}

static void app_dhcp(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev,
                     const struct iot_flow *f)
{
    struct iot_dhcp_info *m = &g->dhcp;
    if (iot_dhcp_parse(p->payload, p->payload_len, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_DHCP]++;
        return;
    }
    g->stats.parsed[IOT_APP_DHCP]++;
    iot_eve_log_dhcp(g->eve, p, f, m);
    if (m->op != 1) {
        observe_port(g, dev, "service.udp", 67, p); /* it answers DHCP: a server */
        if (m->has_msg_type && m->msg_type == IOT_DHCP_ACK && m->chaddr_len == 6 && m->htype == 1) {
            struct iot_addr a = {0};
            memcpy(a.b, m->yiaddr, 4);
            iot_inventory_note_addr(g->inv, iot_inventory_find_mac(g->inv, m->chaddr), &a, 4,
                                    IOT_INV_VIA_DHCP, p->ts);
        }
        return;
    }
    struct iot_device *c = dhcp_client(g, m, dev);
    if (m->has_hostname)
        observe_str(g, c, "dhcp.hostname", m->hostname, m->hostname_len, p);
    if (m->has_vendor_class)
        observe_str(g, c, "dhcp.vendor_class", m->vendor_class, m->vendor_class_len, p);
    if (m->has_prl)
        observe_str(g, c, "dhcp.prl", m->prl_text, strlen(m->prl_text), p);
    if (m->has_fqdn)
        observe_str(g, c, "dhcp.fqdn", m->fqdn, m->fqdn_len, p);
    if (m->has_mud_url)
        observe_str(g, c, "dhcp.mud_url", m->mud_url, m->mud_url_len, p);
}

/* Ports worth recording as a service a device uses: the protocols of IoT and ICS that say what
 * a device is (a scanner's thousands of ports would only fill the observation table). */
static bool client_port_telling(uint16_t port)
{
    static const uint16_t ports[] = {554, 502, 2575, 1883, 8883, 5683, 47808, 20000, 102, 44818};
    for (size_t i = 0; i < IOT_ARRAY_LEN(ports); i++)
        if (ports[i] == port)
            return true;
    return false;
}

/* The OS a SYN's TCP/IP settings point to, from p0f's database; the observed signature goes
 * along as evidence, comparable with p0f's own raw_sig output. */
static void app_syn(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev)
{
    uint64_t key;
    if (!iot_p0f_syn_key(p, &key))
        return;
    size_t slot = dev->id % IOT_APP_SYN_CACHE;
    if (g->syn_cache[slot].dev == dev->id && g->syn_cache[slot].key == key) {
        /* The same SYN as this device's last one: counted, nothing new to learn. */
        g->stats.syn_fingerprinted++;
        g->stats.syn_matched += g->syn_cache[slot].matched;
        return;
    }
    struct iot_p0f_result r;
    const struct iot_p0f_match *m = iot_p0f_match_syn(g->p0f, p, &r);
    if (!r.fingerprinted)
        return;
    bool named = m != NULL && !m->label->userland;
    g->syn_cache[slot].dev = dev->id;
    g->syn_cache[slot].key = key;
    g->syn_cache[slot].matched = named;
    g->stats.syn_fingerprinted++;
    if (!named)
        return;
    g->stats.syn_matched++;
    char os[IOT_P0F_NAME_LEN + IOT_P0F_FLAVOR_LEN + 2];
    snprintf(os, sizeof(os), "%s%s%s", m->label->name, m->label->flavor[0] ? " " : "",
             m->label->flavor);
    observe_str(g, dev, "tcp.os", os, strlen(os), p);
    observe_str(g, dev, "tcp.os_class", m->label->cls, strlen(m->label->cls), p);
    observe_str(g, dev, "tcp.syn_sig", r.sig, strlen(r.sig), p);
}

/* A TCP session picked up midstream has no handshake to say who serves: the lower port does
 * when the other one looks ephemeral (the port heuristic of midstream pickup in Suricata and
 * Zeek). True when the sender of p is the server of such a session. */
static bool midstream_server(const struct iot_packet *p)
{
    return !(p->tcp_flags & TH_SYN) && p->sp < p->dp && p->dp >= 1024;
}

/* Whether the flow's first sender is in truth its server (a session picked up midstream). */
static bool flow_reversed(const struct iot_flow *f)
{
    return f->proto == 6 && !(f->tcp_flags[IOT_DIR_TOSERVER] & TH_SYN) && f->sp < f->dp &&
           f->dp >= 1024;
}

/* Services from flow directions: a SYN-ACK or a UDP reply comes from the side that serves. */
static void app_services(struct iot_app_glue *g, const struct iot_packet *p,
                         struct iot_device *dev, enum iot_flow_dir dir)
{
    if (p->flags & IOT_PKT_HAS_TCP) {
        uint8_t fl = p->tcp_flags & (TH_SYN | TH_ACK);
        if (fl == (TH_SYN | TH_ACK) && p->sp < 49152)
            observe_port(g, dev, "service.tcp", p->sp, p);
        else if (midstream_server(p) && p->sp < 49152)
            observe_port(g, dev, "service.tcp", p->sp, p);
        if (fl == TH_SYN && client_port_telling(p->dp))
            observe_port(g, dev, "client.tcp", p->dp, p);
        if (fl == TH_SYN && g->p0f != NULL)
            app_syn(g, p, dev);
    } else if (p->flags & IOT_PKT_HAS_UDP) {
        if (dir == IOT_DIR_TOCLIENT && p->sp < 49152)
            observe_port(g, dev, "service.udp", p->sp, p);
    }
}

/* DHCPv6 clients (messages from port 546): what they ask for and call themselves. */
static void app_dhcpv6(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev)
{
    struct iot_dhcpv6_info *m = &g->dhcpv6;
    if (iot_dhcpv6_parse(p->payload, p->payload_len, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_DHCPV6]++;
        return;
    }
    g->stats.parsed[IOT_APP_DHCPV6]++;
    if (p->sp != 546)
        return;
    if (m->has_oro)
        observe_str(g, dev, "dhcpv6.oro", m->oro_text, strlen(m->oro_text), p);
    if (m->has_vendor_class)
        observe_str(g, dev, "dhcpv6.vendor_class", m->vendor_class, strlen(m->vendor_class), p);
    if (m->has_fqdn)
        observe_str(g, dev, "dhcpv6.fqdn", m->fqdn, strlen(m->fqdn), p);
    if (m->has_mud_url)
        observe_str(g, dev, "dhcpv6.mud_url", m->mud_url, strlen(m->mud_url), p);
}

/* The NTP servers a device uses say whose firmware it runs (vendor pools). */
static void app_ntp(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev)
{
    char ip[64];
    iot_eve_format_addr(&p->dst, p->ip_ver, ip, sizeof(ip));
    observe_str(g, dev, "ntp.server", ip, strlen(ip), p);
}

static void app_dns(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev,
                    const struct iot_flow *f)
{
    struct iot_dns_info *m = &g->dns;
    g->dns_query_num = 0;
    if (iot_dns_parse(p->payload, p->payload_len, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_DNS]++;
        return;
    }
    g->stats.parsed[IOT_APP_DNS]++;
    iot_eve_log_dns(g->eve, p, f, m);
    if (m->hdr.qr)
        return;
    if (m->nquestions > 0)
        g->dns_query_num = p->num;
    for (unsigned i = 0; i < m->nquestions; i++)
        observe_str(g, dev, "dns.query", m->questions[i].name, strlen(m->questions[i].name), p);
}

const char *iot_app_glue_dns_query(const struct iot_app_glue *g, const struct iot_packet *p,
                                   bool *odd)
{
    *odd = false;
    if (p->num == 0 || g->dns_query_num != p->num || g->dns.nquestions == 0)
        return NULL;
    const struct iot_dns_question *q = &g->dns.questions[0];
    *odd = q->name_has_odd_bytes || q->name_truncated;
    return q->name;
}

static void mdns_observe_txt(struct iot_app_glue *g, struct iot_device *dev,
                             const struct iot_mdns_info *m, const struct iot_packet *p)
{
    for (unsigned i = 0; i < m->ntxt; i++) {
        const struct iot_dns_txt *t = &m->txt[i];
        if (!t->has_value || t->key_len == 0)
            continue;
        /* Keys are case-insensitive (RFC 6763 6.4): one field name per key, lower case. */
        char field[IOT_RULE_FIELD_MAX];
        int n = snprintf(field, sizeof(field), "mdns.txt.%s", iot_dns_txt_key(t));
        for (int k = 9; k < n && k < (int)sizeof(field); k++)
            field[k] = (char)(field[k] >= 'A' && field[k] <= 'Z' ? field[k] + 32 : field[k]);
        observe_str(g, dev, field, iot_dns_txt_value(t), iot_dns_txt_value_len(t), p);
    }
}

/* mDNS: what a device announces about itself (responses it sends); its questions say what it
 * looks for, which is weaker evidence and not recorded. */
static void app_mdns(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev,
                     const struct iot_flow *f)
{
    struct iot_mdns_info *m = &g->mdns;
    if (iot_mdns_parse(p->payload, p->payload_len, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_MDNS]++;
        return;
    }
    g->stats.parsed[IOT_APP_MDNS]++;
    iot_eve_log_mdns(g->eve, p, f, m);
    if (!m->hdr.qr)
        return;
    for (unsigned i = 0; i < m->ninstances; i++) {
        const struct iot_mdns_instance *in = &m->instances[i];
        if (!in->announced)
            continue;
        observe_str(g, dev, "mdns.service", in->service, strlen(in->service), p);
        observe_str(g, dev, "mdns.instance", in->name, in->name_len, p);
        if (in->has_srv)
            observe_str(g, dev, "mdns.hostname", in->target, strlen(in->target), p);
    }
    for (unsigned i = 0; i < m->nservices; i++)
        if (m->services[i].announced)
            observe_str(g, dev, "mdns.service", m->services[i].name,
                        strlen(m->services[i].name), p);
    mdns_observe_txt(g, dev, m, p);
}

static void app_ssdp(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev,
                     const struct iot_flow *f)
{
    struct iot_ssdp_info *m = &g->ssdp;
    if (iot_ssdp_parse(p->payload, p->payload_len, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_SSDP]++;
        return;
    }
    g->stats.parsed[IOT_APP_SSDP]++;
    iot_eve_log_ssdp(g->eve, p, f, m);
    if (m->kind == IOT_SSDP_KIND_MSEARCH) {
        observe_str(g, dev, "ssdp.user_agent", m->user_agent, strlen(m->user_agent), p);
        return;
    }
    observe_str(g, dev, "ssdp.server", m->server, strlen(m->server), p);
    observe_str(g, dev, "ssdp.nt", m->nt, strlen(m->nt), p);
    observe_str(g, dev, "ssdp.usn", m->usn, strlen(m->usn), p);
    observe_str(g, dev, "ssdp.location", m->location, strlen(m->location), p);
}

/* CoAP: the resources a device serves (/.well-known/core answers) say what it measures. */
static void app_coap(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev,
                     const struct iot_flow *f)
{
    struct iot_coap_info *m = &g->coap;
    if (iot_coap_parse(p->payload, p->payload_len, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_COAP]++;
        return;
    }
    g->stats.parsed[IOT_APP_COAP]++;
    iot_eve_log_coap(g->eve, p, f, m);
    if (g->hooks.coap != NULL)
        g->hooks.coap(g->hooks.user, p, f, dev, m);
    for (unsigned i = 0; i < m->link_count; i++) {
        observe_str(g, dev, "coap.resource", m->links[i].target, m->links[i].target_len, p);
        if (m->links[i].has_rt)
            observe_str(g, dev, "coap.rt", m->links[i].rt, m->links[i].rt_len, p);
    }
}

/* BACnet I-Am: a building-automation device announcing its instance and vendor. */
static void app_bacnet(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev,
                       const struct iot_flow *f)
{
    struct iot_bacnet_info *m = &g->bacnet;
    if (iot_bacnet_parse(p->payload, p->payload_len, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_BACNET]++;
        return;
    }
    g->stats.parsed[IOT_APP_BACNET]++;
    iot_eve_log_bacnet(g->eve, p, f, m);
    if (!m->is_iam)
        return;
    char buf[32];
    const char *vendor = m->vendor_name;
    if (vendor == NULL) {
        snprintf(buf, sizeof(buf), "BACnet vendor %u", m->vendor_id);
        vendor = buf;
    }
    observe_str(g, dev, "bacnet.vendor", vendor, strlen(vendor), p);
    snprintf(buf, sizeof(buf), "%u", m->device_instance);
    observe_str(g, dev, "bacnet.device_instance", buf, strlen(buf), p);
}

/* LLDP and CDP: switches, phones, printers and cameras announce their name and software. */
static void app_lldp(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev)
{
    struct iot_lldp_info *m = &g->lldp;
    if (iot_lldp_parse(p->payload, p->payload_len, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_LLDP]++;
        return;
    }
    g->stats.parsed[IOT_APP_LLDP]++;
    iot_eve_log_lldp(g->eve, p, m);
    observe_str(g, dev, "lldp.sys_name", m->sys_name, strlen(m->sys_name), p);
    observe_str(g, dev, "lldp.sys_desc", m->sys_desc, strlen(m->sys_desc), p);
    observe_str(g, dev, "lldp.mud_url", m->mud_url, strlen(m->mud_url), p);
}

static void app_cdp(struct iot_app_glue *g, const struct iot_packet *p, struct iot_device *dev)
{
    struct iot_cdp_info *m = &g->cdp;
    if (iot_cdp_parse(p->payload, p->payload_len, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_CDP]++;
        return;
    }
    g->stats.parsed[IOT_APP_CDP]++;
    iot_eve_log_cdp(g->eve, p, m);
    observe_str(g, dev, "cdp.device_id", m->device_id, strlen(m->device_id), p);
    observe_str(g, dev, "cdp.platform", m->platform, strlen(m->platform), p);
    observe_str(g, dev, "cdp.software", m->software_version, strlen(m->software_version), p);
}

void iot_app_glue_packet(struct iot_app_glue *g, const struct iot_packet *p,
                         struct iot_device *dev, const struct iot_flow *f, enum iot_flow_dir dir)
{
    if (dev != NULL && f != NULL && f->pkts[dir] == 1)
        app_services(g, p, dev, dir);
    if (p->flags & IOT_PKT_HAS_LLDP)
        app_lldp(g, p, dev);
    else if (p->flags & IOT_PKT_HAS_CDP)
        app_cdp(g, p, dev);
    if (!(p->flags & IOT_PKT_HAS_UDP) || p->payload_len == 0)
        return;
    /* TFTP DATA block 1 (RFC 1350: opcode 3, block 1) comes from the server's new port, so
     * it is known by its header, not by port 69. */
    if (p->payload_len > 4 && memcmp(p->payload, "\0\3\0\1", 4) == 0 && g->hooks.download != NULL)
        g->hooks.download(g->hooks.user, p, f, iot_inventory_receiver(g->inv, p), "TFTP",
                          p->payload + 4, p->payload_len - 4);
    if ((p->sp == 68 && p->dp == 67) || (p->sp == 67 && p->dp == 68))
        app_dhcp(g, p, dev, f);
    else if (p->sp == 5353 || p->dp == 5353)
        app_mdns(g, p, dev, f);
    else if (p->dp == 1900 || p->sp == 1900)
        app_ssdp(g, p, dev, f);
    else if (p->dp == 53 || p->sp == 53)
        app_dns(g, p, dev, f);
    else if ((p->sp == 546 && p->dp == 547) || (p->sp == 547 && p->dp == 546))
        app_dhcpv6(g, p, dev);
    else if (p->dp == 123 && f != NULL && f->pkts[dir] == 1)
        app_ntp(g, p, dev);
    else if (p->sp == 5683 || p->dp == 5683)
        app_coap(g, p, dev, f);
    else if (p->sp == 47808 || p->dp == 47808)
        app_bacnet(g, p, dev, f);
}

void iot_app_glue_verdict(struct iot_app_glue *g, struct iot_ndpi *ndpi, const struct iot_packet *p,
                          struct iot_device *dev, const struct iot_flow *f, enum iot_flow_dir dir,
                          const struct iot_ndpi_verdict *v)
{
    char name[64];
    iot_ndpi_proto_name(ndpi, v, name, sizeof(name));
    struct iot_device *other = iot_inventory_receiver(g->inv, p);
    bool sender_serves = (dir == IOT_DIR_TOCLIENT) != flow_reversed(f);
    struct iot_device *client = sender_serves ? other : dev;
    struct iot_device *server = sender_serves ? dev : other;
    observe_str(g, client, "app.proto", name, strlen(name), p);
    observe_str(g, server, "app.service", name, strlen(name), p);
}

/* ---- TCP streams: TLS ClientHello and HTTP heads -------------------------------------------- */

/* DONE: this direction is finished; MORE: the message continues, keep every byte; NEXT: the
 * first *used bytes were whole messages, keep the rest and go on with the stream. */
enum parse_result { PARSE_DONE, PARSE_MORE, PARSE_NEXT, PARSE_BODY };

static enum parse_result stream_tls(struct iot_app_glue *g, const uint8_t *b, uint32_t n,
                                    struct iot_device *dev, const struct iot_flow *f,
                                    const struct iot_packet *p)
{
    struct iot_tls_info *m = &g->tls;
    if (iot_tls_parse(b, n, m) != IOT_OK) {
        if (m->error == IOT_TLS_ERR_INCOMPLETE)
            return PARSE_MORE;
        g->stats.invalid[IOT_APP_TLS]++;
        return PARSE_DONE;
    }
    g->stats.parsed[IOT_APP_TLS]++;
    iot_eve_log_tls(g->eve, p, f, m);
    if (m->has_sni)
        observe_str(g, dev, "tls.sni", m->sni, m->sni_len, p);
    observe_str(g, dev, "tls.ja3", m->ja3_hash, strlen(m->ja3_hash), p);
    observe_str(g, dev, "tls.ja4", m->ja4, strlen(m->ja4), p);
    return PARSE_DONE;
}

static enum parse_result stream_http(struct iot_app_glue *g, const uint8_t *b, uint32_t n,
                                     struct iot_device *dev, const struct iot_flow *f,
                                     const struct iot_packet *p)
{
    struct iot_http_info *m = &g->http;
    if (iot_http_parse(b, n, m) != IOT_OK) {
        if (m->error == IOT_HTTP_ERR_INCOMPLETE)
            return PARSE_MORE;
        return PARSE_DONE; /* not HTTP: most TCP streams are something else */
    }
    g->stats.parsed[IOT_APP_HTTP]++;
    iot_eve_log_http(g->eve, p, f, m);
    if (g->hooks.http != NULL)
        g->hooks.http(g->hooks.user, p, f, dev, m);
    /* The body's first bytes, when they came with the head: what kind of file this is. */
    bool body_later = false;
    if (m->kind != IOT_HTTP_KIND_REQUEST && n > m->head_len && g->hooks.download != NULL)
        g->hooks.download(g->hooks.user, p, f, iot_inventory_receiver(g->inv, p), "HTTP",
                          b + m->head_len, n - m->head_len);
    else if (m->kind != IOT_HTTP_KIND_REQUEST && m->status == 200)
        body_later = true;
    if (m->kind == IOT_HTTP_KIND_REQUEST) {
        observe_str(g, dev, "http.user_agent", m->user_agent, strlen(m->user_agent), p);
        observe_str(g, dev, "http.host", m->host, strlen(m->host), p);
    } else {
        observe_str(g, dev, "http.server", m->server, strlen(m->server), p);
    }
    return body_later && g->hooks.download != NULL ? PARSE_BODY : PARSE_DONE;
}

static enum parse_result stream_mqtt(struct iot_app_glue *g, const uint8_t *b, uint32_t n,
                                     struct iot_device *dev, const struct iot_flow *f,
                                     const struct iot_packet *p)
{
    struct iot_mqtt_info *m = &g->mqtt;
    if (iot_mqtt_parse(b, n, m) != IOT_OK) {
        if (m->error == IOT_MQTT_ERR_INCOMPLETE)
            return PARSE_MORE;
        g->stats.invalid[IOT_APP_MQTT]++;
        return PARSE_DONE;
    }
    g->stats.parsed[IOT_APP_MQTT]++;
    iot_eve_log_mqtt(g->eve, p, f, m);
    if (g->hooks.mqtt != NULL)
        g->hooks.mqtt(g->hooks.user, p, f, dev, m);
    observe_str(g, dev, "mqtt.client_id", m->client_id, strlen(m->client_id), p);
    observe_str(g, dev, "mqtt.username", m->username, strlen(m->username), p);
    return PARSE_DONE;
}

/* Modbus/TCP: a server answering Read Device Identification names its vendor and product. */
static void modbus_adu(struct iot_app_glue *g, const uint8_t *b, uint32_t n,
                       struct iot_device *dev, const struct iot_flow *f, const struct iot_packet *p)
{
    static const struct {
        unsigned obj;
        const char *field;
    } objs[] = {{IOT_MODBUS_OBJ_VENDOR_NAME, "modbus.vendor"},
                {IOT_MODBUS_OBJ_PRODUCT_CODE, "modbus.product_code"},
                {IOT_MODBUS_OBJ_PRODUCT_NAME, "modbus.product"},
                {IOT_MODBUS_OBJ_MODEL_NAME, "modbus.model"}};
    struct iot_modbus_info *m = &g->modbus;
    if (iot_modbus_parse(b, n, m) != IOT_OK) {
        g->stats.invalid[IOT_APP_MODBUS]++;
        return;
    }
    g->stats.parsed[IOT_APP_MODBUS]++;
    iot_eve_log_modbus(g->eve, p, f, m);
    if (m->is_devid_response)
        for (size_t i = 0; i < IOT_ARRAY_LEN(objs); i++)
            if (m->obj[objs[i].obj].present)
                observe_str(g, dev, objs[i].field, m->obj[objs[i].obj].value,
                            m->obj[objs[i].obj].len, p);
}

/* Every ADU of the stream, not just the first: a poller asks for the device identification
 * whenever it likes, and a capture may start mid-session. Frames by the MBAP length; a bad
 * header ends parsing of this direction. */
static enum parse_result stream_modbus(struct iot_app_glue *g, const uint8_t *b, uint32_t n,
                                       struct iot_device *dev, const struct iot_flow *f,
                                       const struct iot_packet *p, uint32_t *used)
{
    uint32_t off = 0;
    while (n - off >= IOT_MODBUS_MBAP_LEN) {
        uint16_t proto = (uint16_t)(b[off + 2] << 8 | b[off + 3]);
        uint16_t len = (uint16_t)(b[off + 4] << 8 | b[off + 5]);
        if (proto != 0 || len < IOT_MODBUS_LEN_MIN || len > 254) {
            g->stats.invalid[IOT_APP_MODBUS]++;
            return PARSE_DONE;
        }
        if (n - off < 6u + len)
            break; /* the rest arrives with the next segment */
        modbus_adu(g, b + off, 6u + len, dev, f, p);
        off += 6u + len;
    }
    *used = off;
    return PARSE_NEXT;
}

/* The broker's answer to a CONNECT: fixed header 0x20, remaining length, acknowledge flags,
 * reason code (MQTT 3.1.1 3.2, MQTT 5 3.2). Refusals of credentials go to the detectors. */
static enum parse_result stream_connack(struct iot_app_glue *g, const uint8_t *b, uint32_t n,
                                        const struct iot_flow *f, const struct iot_packet *p)
{
    if (n < 4)
        return PARSE_MORE;
    uint8_t rc = b[3];
    /* 4/5: bad user name or password / not authorized (3.1.1); 0x86/0x87 the same in 5. */
    bool refused = rc == 4 || rc == 5 || rc == 0x86 || rc == 0x87;
    if (b[1] >= 2 && (b[2] & 0xFE) == 0 && refused && g->hooks.mqtt_refused != NULL)
        g->hooks.mqtt_refused(g->hooks.user, p, f, rc);
    return PARSE_DONE;
}

static enum parse_result stream_parse(struct iot_app_glue *g, const uint8_t *b, uint32_t n,
                                      enum iot_flow_dir dir, struct iot_device *dev,
                                      const struct iot_flow *f, const struct iot_packet *p,
                                      uint32_t *used)
{
    if (n == 0)
        return PARSE_MORE;
    if (f->sp == 502 || f->dp == 502)
        return stream_modbus(g, b, n, dev, f, p, used);
    if (dir == IOT_DIR_TOSERVER && b[0] == 0x16)
        return stream_tls(g, b, n, dev, f, p);
    if (dir == IOT_DIR_TOSERVER && b[0] == 0x10) /* MQTT CONNECT, on whatever port */
        return stream_mqtt(g, b, n, dev, f, p);
    if (dir == IOT_DIR_TOCLIENT && b[0] == 0x20) /* MQTT CONNACK */
        return stream_connack(g, b, n, f, p);
    return stream_http(g, b, n, dev, f, p);
}

struct telnet_ctx {
    struct iot_app_glue *g;
    const struct iot_packet *p;
    const struct iot_flow *f;
    bool to_server;
    const struct iot_device *client;
};

static void on_telnet_event(void *user, const struct iot_telnet_event *ev)
{
    struct telnet_ctx *c = user;
    if (ev->type == IOT_TELNET_USERNAME)
        c->g->stats.parsed[IOT_APP_TELNET]++; /* a login attempt */
    if (c->g->hooks.telnet != NULL)
        c->g->hooks.telnet(c->g->hooks.user, c->p, c->f, c->to_server, c->client, ev);
}

static void on_ftp_event(void *user, const struct iot_ftp_event *ev)
{
    struct telnet_ctx *c = user;
    if (ev->type == IOT_FTP_USER)
        c->g->stats.parsed[IOT_APP_FTP]++; /* a login attempt */
    if (c->g->hooks.ftp != NULL)
        c->g->hooks.ftp(c->g->hooks.user, c->p, c->f, c->client, ev);
}

static void on_mail_event(void *user, const struct iot_mail_event *ev)
{
    struct telnet_ctx *c = user;
    const struct app_stream *s = c->f->parsers;
    if (ev->type == IOT_MAIL_CREDENTIAL)
        c->g->stats.parsed[IOT_APP_MAIL]++; /* a login attempt */
    if (c->g->hooks.mail != NULL)
        c->g->hooks.mail(c->g->hooks.user, c->p, c->f, c->client,
                         (enum iot_mail_proto)s->mail->proto, ev);
}

enum session { SESSION_NONE, SESSION_TELNET, SESSION_FTP, SESSION_MAIL };

/* The mail protocol f's ports name (POP3 110, IMAP 143, SMTP 25 and 587), else unknown. */
static enum iot_mail_proto mail_port(const struct iot_flow *f)
{
    uint16_t port = f->dp;
    for (int i = 0; i < 2; i++, port = f->sp) {
        if (port == 110)
            return IOT_MAIL_POP3;
        if (port == 143)
            return IOT_MAIL_IMAP;
        if (port == 25 || port == 587)
            return IOT_MAIL_SMTP;
    }
    return IOT_MAIL_UNKNOWN;
}

/* Is f an interactive session? Its port, or its first bytes (telnet's IAC negotiation, an FTP
 * server's "220 ... FTP" greeting, a mail server's "+OK", "* OK" or "220 ... ESMTP"), say so. */
static enum session session_kind(const struct iot_flow *f, enum iot_flow_dir dir,
                                 const uint8_t *data, uint32_t len)
{
    if (f->dp == 23 || f->dp == 2323 || f->sp == 23 || f->sp == 2323 ||
        iot_telnet_looks_like(data, len))
        return SESSION_TELNET;
    if (f->dp == 21 || f->sp == 21 || (dir == IOT_DIR_TOCLIENT && iot_ftp_looks_like(data, len)))
        return SESSION_FTP;
    if (mail_port(f) != IOT_MAIL_UNKNOWN ||
        (dir == IOT_DIR_TOCLIENT && iot_mail_guess(data, len) != IOT_MAIL_UNKNOWN))
        return SESSION_MAIL;
    return SESSION_NONE;
}

/* The session parser of f, created on its first bytes; false when f is not a session. */
static bool session_open(struct iot_app_glue *g, struct iot_flow *f, enum iot_flow_dir dir,
                         const uint8_t *data, uint32_t len)
{
    struct app_stream *s = f->parsers;
    if (s != NULL && (s->telnet != NULL || s->ftp != NULL || s->mail != NULL))
        return true;
    if (s != NULL && (s->buf[0] != NULL || s->buf[1] != NULL))
        return false; /* another parser is gathering a message */
    enum session k = session_kind(f, dir, data, len);
    if (k == SESSION_NONE)
        return false;
    if (s == NULL) {
        if ((s = iot_calloc(1, sizeof(*s))) == NULL)
            return false;
        f->parsers = s;
        iot_flow_charge(g->flows, f, (int64_t)sizeof(*s));
    }
    size_t size = k == SESSION_TELNET ? sizeof(struct iot_telnet)
                  : k == SESSION_FTP  ? sizeof(struct iot_ftp)
                                      : sizeof(struct iot_mail);
    void *parser = iot_calloc(1, size);
    if (parser == NULL)
        return false;
    if (k == SESSION_TELNET) {
        s->telnet = parser;
    } else if (k == SESSION_FTP) {
        s->ftp = parser;
    } else {
        s->mail = parser;
        iot_mail_init(s->mail, mail_port(f)); /* unknown: the greeting tells */
    }
    iot_flow_charge(g->flows, f, (int64_t)size);
    return true;
}

/* Feeds a telnet, FTP or mail session's bytes; false when f is not one. */
static bool stream_session(struct iot_app_glue *g, struct iot_flow *f, enum iot_flow_dir dir,
                           const uint8_t *data, uint32_t len, struct iot_device *dev,
                           const struct iot_packet *p)
{
    if (!session_open(g, f, dir, data, len))
        return false;
    struct app_stream *s = f->parsers;
    if (s->telnet_bytes >= TELNET_INSPECT_MAX)
        return true;
    uint32_t take = IOT_MIN(len, TELNET_INSPECT_MAX - s->telnet_bytes);
    s->telnet_bytes += take;
    bool to_server = dir == IOT_DIR_TOSERVER;
    struct telnet_ctx c = {g, p, f, to_server,
                           to_server ? dev : iot_inventory_receiver(g->inv, p)};
    if (s->telnet != NULL)
        iot_telnet_feed(s->telnet, to_server, data, take, on_telnet_event, &c);
    else if (s->ftp != NULL)
        iot_ftp_feed(s->ftp, to_server, data, take, on_ftp_event, &c);
    else
        iot_mail_feed(s->mail, to_server, data, take, on_mail_event, &c);
    return true;
}

static void stream_release(struct iot_app_glue *g, struct iot_flow *f, struct app_stream *s,
                           enum iot_flow_dir dir)
{
    if (s->buf[dir] == NULL)
        return;
    /* It may have gathered an HTTP head with its Authorization or an MQTT CONNECT. */
    sodium_memzero(s->buf[dir], APP_STREAM_CAP);
    iot_free(s->buf[dir]);
    s->buf[dir] = NULL;
    s->len[dir] = 0;
    iot_flow_charge(g->flows, f, -(int64_t)APP_STREAM_CAP);
}

static struct app_stream *stream_state(struct iot_app_glue *g, struct iot_flow *f)
{
    if (f->parsers == NULL && (f->parsers = iot_calloc(1, sizeof(struct app_stream))) != NULL)
        iot_flow_charge(g->flows, f, (int64_t)sizeof(struct app_stream));
    return f->parsers;
}

/* Keeps the last keep bytes of b for the next segment. Returns false when it cannot. */
static bool stream_keep(struct iot_app_glue *g, struct iot_flow *f, struct app_stream *s,
                        enum iot_flow_dir dir, const uint8_t *b, uint32_t keep)
{
    if (keep > APP_STREAM_CAP)
        return false;
    if (s->buf[dir] == NULL) {
        if ((s->buf[dir] = iot_malloc(APP_STREAM_CAP)) == NULL)
            return false;
        iot_flow_charge(g->flows, f, (int64_t)APP_STREAM_CAP);
        g->stats.stream_buffers++;
    }
    memmove(s->buf[dir], b, keep);
    s->len[dir] = keep;
    return true;
}

void iot_app_glue_stream(struct iot_app_glue *g, struct iot_flow *f, enum iot_flow_dir dir,
                         const uint8_t *data, uint32_t len, struct iot_device *dev,
                         const struct iot_packet *p)
{
    if (stream_session(g, f, dir, data, len, dev, p))
        return;
    struct app_stream *s = f->parsers;
    if (s != NULL && s->state[dir] == STREAM_DONE)
        return;
    if (s != NULL && s->state[dir] == STREAM_BODY) { /* what kind of file this is */
        s->state[dir] = STREAM_DONE;
        if (len > 0 && g->hooks.download != NULL)
            g->hooks.download(g->hooks.user, p, f, iot_inventory_receiver(g->inv, p), "HTTP",
                              data, len);
        return;
    }
    /* Most messages arrive whole in their first segment: parse in place, buffer only when
     * a message continues in later segments. */
    const uint8_t *b = data;
    uint32_t n = len;
    if (s != NULL && s->buf[dir] != NULL) {
        uint32_t take = IOT_MIN(len, APP_STREAM_CAP - s->len[dir]);
        memcpy(s->buf[dir] + s->len[dir], data, take);
        s->len[dir] += take;
        b = s->buf[dir];
        n = s->len[dir];
    }
    uint32_t used = 0;
    enum parse_result r = stream_parse(g, b, n, dir, dev, f, p, &used);
    if ((s = stream_state(g, f)) == NULL)
        return;
    uint32_t keep = r == PARSE_NEXT ? n - used : n;
    if (r == PARSE_DONE || r == PARSE_BODY || (r == PARSE_MORE && n >= APP_STREAM_CAP)) {
        s->state[dir] = r == PARSE_BODY ? STREAM_BODY : STREAM_DONE;
        stream_release(g, f, s, dir);
    } else if (keep == 0) {
        stream_release(g, f, s, dir);
    } else if (!stream_keep(g, f, s, dir, b + (n - keep), keep)) {
        s->state[dir] = STREAM_DONE;
        stream_release(g, f, s, dir);
    }
}

void iot_app_glue_flow_free(struct iot_app_glue *g, struct iot_flow *f)
{
    struct app_stream *s = f->parsers;
    if (s == NULL)
        return;
    stream_release(g, f, s, IOT_DIR_TOSERVER);
    stream_release(g, f, s, IOT_DIR_TOCLIENT);
    if (s->telnet != NULL) {
        iot_free(s->telnet);
        iot_flow_charge(g->flows, f, -(int64_t)sizeof(struct iot_telnet));
    }
    if (s->ftp != NULL) {
        iot_free(s->ftp);
        iot_flow_charge(g->flows, f, -(int64_t)sizeof(struct iot_ftp));
    }
    if (s->mail != NULL) {
        sodium_memzero(s->mail, sizeof(*s->mail)); /* as a matter of course: it held lines */
        iot_free(s->mail);
        iot_flow_charge(g->flows, f, -(int64_t)sizeof(struct iot_mail));
    }
    iot_flow_charge(g->flows, f, -(int64_t)sizeof(*s));
    iot_free(s);
    f->parsers = NULL;
}
