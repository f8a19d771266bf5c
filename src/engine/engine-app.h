/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turns packets into facts: runs the app-layer parsers on the packets that carry what devices
 * reveal (DHCP, ...), hands the facts to the inventory as observations, and writes the
 * protocol's EVE metadata record. Also derives the services a device offers and uses from its
 * flows' directions. */
#ifndef IOTSEC_ENGINE_ENGINE_APP_H
#define IOTSEC_ENGINE_ENGINE_APP_H

#include "app/app-dhcp.h"
#include "app/app-bacnet.h"
#include "app/app-cdp.h"
#include "app/app-coap.h"
#include "app/app-dhcpv6.h"
#include "app/app-lldp.h"
#include "app/app-modbus.h"
#include "app/app-mqtt.h"
#include "app/app-dns.h"
#include "app/app-http.h"
#include "app/app-mdns.h"
#include "app/app-ndpi.h"
#include "app/app-ssdp.h"
#include "app/app-ftp.h"
#include "app/app-mail.h"
#include "app/app-telnet.h"
#include "app/app-tls.h"
#include "flow/flow.h"
#include "inventory/inventory-p0f.h"
#include "inventory/inventory.h"
#include "output/output-eve.h"

/* Messages parsed and rejected per protocol (stats.app_layer.<proto>). */
enum iot_app_proto {
    IOT_APP_DHCP = 0,
    IOT_APP_DHCPV6,
    IOT_APP_DNS,
    IOT_APP_MDNS,
    IOT_APP_SSDP,
    IOT_APP_HTTP,
    IOT_APP_TLS,
    IOT_APP_MQTT,
    IOT_APP_COAP,
    IOT_APP_MODBUS,
    IOT_APP_BACNET,
    IOT_APP_LLDP,
    IOT_APP_CDP,
    IOT_APP_TELNET,
    IOT_APP_FTP,
    IOT_APP_MAIL,
    IOT_APP_MAX
};

struct iot_app_stats {
    uint64_t parsed[IOT_APP_MAX], invalid[IOT_APP_MAX];
    uint64_t stream_buffers; /* flows that needed a buffer to gather a message */
    uint64_t syn_fingerprinted, syn_matched; /* p0f: SYNs examined and matched */
};

const char *iot_app_proto_name(enum iot_app_proto p);

#define IOT_APP_SYN_CACHE 1024

/* App-layer facts handed on to the detectors (the glue itself decides nothing). */
struct iot_app_hooks {
    void *user;
    /* An event of a telnet session; client is the client's device (may be NULL). */
    void (*telnet)(void *user, const struct iot_packet *p, const struct iot_flow *f,
                   bool to_server, const struct iot_device *client,
                   const struct iot_telnet_event *ev);
    /* An event of an FTP control session; client as for telnet. */
    void (*ftp)(void *user, const struct iot_packet *p, const struct iot_flow *f,
                const struct iot_device *client, const struct iot_ftp_event *ev);
    /* A login event of a POP3, IMAP or SMTP session; client as for telnet. */
    void (*mail)(void *user, const struct iot_packet *p, const struct iot_flow *f,
                 const struct iot_device *client, enum iot_mail_proto proto,
                 const struct iot_mail_event *ev);
    /* The first bytes of a file a client downloads (an HTTP response body, TFTP block 1);
     * via: "HTTP" or "TFTP"; client: the downloading device (may be NULL). */
    void (*download)(void *user, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *client, const char *via, const uint8_t *data,
                     size_t len);
    /* An HTTP request or response head; an MQTT CONNECT. dev is its sender. */
    void (*http)(void *user, const struct iot_packet *p, const struct iot_flow *f,
                 const struct iot_device *dev, const struct iot_http_info *m);
    void (*mqtt)(void *user, const struct iot_packet *p, const struct iot_flow *f,
                 const struct iot_device *dev, const struct iot_mqtt_info *m);
    /* The broker refused a client's CONNECT with this CONNACK reason code. */
    void (*mqtt_refused)(void *user, const struct iot_packet *p, const struct iot_flow *f,
                         uint8_t reason);
    /* A CoAP message, sent by dev. */
    void (*coap)(void *user, const struct iot_packet *p, const struct iot_flow *f,
                 const struct iot_device *dev, const struct iot_coap_info *m);
};

struct iot_app_glue {
    struct iot_inventory *inv; /* borrowed */
    struct iot_eve *eve;       /* borrowed */
    struct iot_flow_table *flows; /* borrowed: stream buffers are charged to flow.memcap */
    const struct iot_p0f_db *p0f; /* borrowed, NULL when there is no database */
    struct iot_app_stats stats;
    struct iot_app_hooks hooks;
    /* The last SYN fingerprint key matched per device (direct-mapped by device id): a device
     * sends the same SYN over and over, and matching it against p0f's database each time was a
     * quarter of all instructions on a scan-heavy capture. */
    struct {
        uint64_t dev, key;
        bool matched;
    } syn_cache[IOT_APP_SYN_CACHE];
    /* Scratch, reused for every message (the DNS and mDNS ones are 35-43 KiB: never on the
     * stack of a packet path). */
    struct iot_dhcp_info dhcp;
    struct iot_dhcpv6_info dhcpv6;
    struct iot_dns_info dns;
    struct iot_mdns_info mdns;
    struct iot_ssdp_info ssdp;
    struct iot_http_info http;
    struct iot_tls_info tls;
    struct iot_mqtt_info mqtt;
    struct iot_coap_info coap;
    struct iot_modbus_info modbus;
    struct iot_bacnet_info bacnet;
    struct iot_lldp_info lldp;
    struct iot_cdp_info cdp;
    uint64_t dns_query_num; /* the packet (by number, 0 none) whose query g->dns holds */
};

/* One decoded packet of flow f (may be NULL) sent by dev (may be NULL), direction dir. */
void iot_app_glue_packet(struct iot_app_glue *g, const struct iot_packet *p,
                         struct iot_device *dev, const struct iot_flow *f, enum iot_flow_dir dir);

/* nDPI named flow f on packet p (sent by dev in direction dir): the client uses the protocol
 * ("app.proto"), the server offers it ("app.service"); a session picked up midstream is
 * oriented by its ports. */
void iot_app_glue_verdict(struct iot_app_glue *g, struct iot_ndpi *ndpi, const struct iot_packet *p,
                          struct iot_device *dev, const struct iot_flow *f, enum iot_flow_dir dir,
                          const struct iot_ndpi_verdict *v);

/* In-order TCP bytes of flow f in direction dir (the flow table's stream callback), sent by
 * dev in packet p: gathered until a TLS ClientHello or an HTTP head parses, then done. */
void iot_app_glue_stream(struct iot_app_glue *g, struct iot_flow *f, enum iot_flow_dir dir,
                         const uint8_t *data, uint32_t len, struct iot_device *dev,
                         const struct iot_packet *p);

/* Frees f->parsers (the flow table's app_free). */
/* The first name a DNS query in packet p asks for, when p was one (else NULL); *odd: the name
 * holds bytes its text cannot show (a NUL, a dot inside a label, a control byte) or was cut. */
const char *iot_app_glue_dns_query(const struct iot_app_glue *g, const struct iot_packet *p,
                                   bool *odd);

void iot_app_glue_flow_free(struct iot_app_glue *g, struct iot_flow *f);

#endif
