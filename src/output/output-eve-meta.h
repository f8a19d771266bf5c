/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE metadata records of what devices reveal, in Suricata's spirit: "dns", "mdns", "ssdp",
 * "http" and "tls" (with ja3 and ja4). Field reference: docs/eve.md. */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_META_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_META_H

#include "app/app-bacnet.h"
#include "app/app-cdp.h"
#include "app/app-coap.h"
#include "app/app-dns.h"
#include "app/app-http.h"
#include "app/app-lldp.h"
#include "app/app-mdns.h"
#include "app/app-modbus.h"
#include "app/app-mqtt.h"
#include "app/app-ssdp.h"
#include "app/app-tls.h"
#include "flow/flow.h"
#include "output/output-eve.h"

void iot_eve_log_dns(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_dns_info *m);
void iot_eve_log_mdns(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_mdns_info *m);
void iot_eve_log_ssdp(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_ssdp_info *m);
void iot_eve_log_http(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_http_info *m);
void iot_eve_log_tls(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_tls_info *m);

void iot_eve_log_mqtt(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_mqtt_info *m);
void iot_eve_log_coap(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_coap_info *m);
void iot_eve_log_modbus(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                        const struct iot_modbus_info *m);
void iot_eve_log_bacnet(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                        const struct iot_bacnet_info *m);
/* Link-layer records carry src_mac instead of a flow. */
void iot_eve_log_lldp(struct iot_eve *e, const struct iot_packet *p, const struct iot_lldp_info *m);
void iot_eve_log_cdp(struct iot_eve *e, const struct iot_packet *p, const struct iot_cdp_info *m);

#endif
