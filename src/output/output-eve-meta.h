/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE metadata records of what devices reveal, in Suricata's spirit: "dns", "mdns", "ssdp",
 * "http" and "tls" (with ja3 and ja4). Field reference: docs/eve.md. */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_META_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_META_H

#include "app/app-dns.h"
#include "app/app-http.h"
#include "app/app-mdns.h"
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

#endif
