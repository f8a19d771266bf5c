/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE "device" records: a new device, one attribute of its classification changing (with the
 * evidence behind the new value), or a finding about it (outdated firmware, with the version,
 * the minimum, the advisory, the data file line and the evidence of the version). */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_DEVICE_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_DEVICE_H

#include "inventory/inventory.h"
#include "output/output-eve.h"

void iot_eve_log_device(struct iot_eve *e, const struct iot_inventory *inv,
                        const struct iot_device *d, enum iot_inv_event_type type,
                        enum iot_attr attr, const char *old_value, struct iot_ts ts);

/* The device summary every device-scoped record carries: id, mac, ip, vendor, kind... */
void iot_eve_jb_device(struct iot_jb *jb, const char *key, const struct iot_device *d);

/* The evidence of one verdict as an array of {rule, field, value, pcap_cnt}. */
void iot_eve_jb_evidence(struct iot_jb *jb, const char *key, const struct iot_inventory *inv,
                         const struct iot_device *d, const struct iot_inv_verdict *v);

/* The outdated-firmware finding d->fw (active) as an object: type, firmware, minimum, vendor,
 * model, advisory, source (FILE:LINE), confidence and the evidence of the firmware verdict. */
void iot_eve_jb_fw_finding(struct iot_jb *jb, const char *key, const struct iot_inventory *inv,
                           const struct iot_device *d);

#endif
