/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE "dhcp" records, with Suricata's field names (type, id, client_mac, assigned_ip,
 * dhcp_type, hostname, params, vendor_class_identifier, ...) plus the fingerprint text. */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_DHCP_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_DHCP_H

#include "app/app-dhcp.h"
#include "flow/flow.h"
#include "output/output-eve.h"

void iot_eve_log_dhcp(struct iot_eve *e, const struct iot_packet *p, const struct iot_flow *f,
                      const struct iot_dhcp_info *d);

#endif
