/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE device records. */
#include "iotsec-common.h"
#include "output/output-eve-device.h"

void iot_eve_jb_device(struct iot_jb *jb, const char *key, const struct iot_device *d)
{
    char buf[64];
    iot_jb_open_object(jb, key);
    iot_jb_u64(jb, "id", d->id);
    if (d->has_mac) {
        iot_eve_format_mac(d->mac, buf, sizeof(buf));
        iot_jb_lit(jb, "mac", buf);
        iot_jb_lit(jb, "mac_kind", d->mac_kind == IOT_MAC_LOCAL ? "local" : "universal");
    }
    if (d->oui_vendor != NULL)
        iot_jb_str(jb, "oui_vendor", d->oui_vendor);
    if (d->naddrs > 0) {
        iot_eve_format_addr(&d->addrs[d->naddrs - 1].addr, d->addrs[d->naddrs - 1].ver, buf,
                            sizeof(buf));
        iot_jb_lit(jb, "ip", buf);
    } else if (!d->has_mac) {
        iot_eve_format_addr(&d->key_ip, d->key_ver, buf, sizeof(buf));
        iot_jb_lit(jb, "ip", buf);
    }
    for (int a = 0; a < IOT_ATTR_MAX; a++)
        if (d->attr[a].value[0] != '\0')
            iot_jb_str(jb, iot_attr_name((enum iot_attr)a), d->attr[a].value);
    iot_jb_close_object(jb);
}

/* Confidence as a fixed 3-decimal text: doubles printed by a libc could differ across
 * platforms in the last digit, and golden files must not. */
static void jb_confidence(struct iot_jb *jb, const char *key, double c)
{
    long milli = (long)(c * 1000.0 + 0.5);
    char buf[48];
    snprintf(buf, sizeof(buf), "%ld.%03ld", milli / 1000, milli % 1000);
    iot_jb_raw_number(jb, key, buf);
}

void iot_eve_jb_evidence(struct iot_jb *jb, const char *key, const struct iot_inventory *inv,
                         const struct iot_device *d, const struct iot_inv_verdict *v)
{
    const struct iot_ruleset *rs = iot_inventory_rules(inv);
    iot_jb_open_array(jb, key);
    for (unsigned i = 0; i < v->nev; i++) {
        const struct iot_rule *r = &rs->rules[v->ev[i].rule];
        const struct iot_inv_obs *o = &d->obs[v->ev[i].obs];
        iot_jb_open_object(jb, NULL);
        iot_jb_str(jb, "rule", r->name);
        jb_confidence(jb, "weight", r->weight);
        iot_jb_str(jb, "field", o->field);
        iot_jb_str(jb, "value", o->value); /* packet bytes: escaped */
        iot_jb_u64(jb, "pcap_cnt", o->pcap_cnt);
        iot_jb_close_object(jb);
    }
    iot_jb_close_array(jb);
}

void iot_eve_jb_fw_finding(struct iot_jb *jb, const char *key, const struct iot_inventory *inv,
                           const struct iot_device *d)
{
    const struct iot_fwmin_entry *en = d->fw.entry;
    const struct iot_inv_verdict *v = &d->attr[IOT_ATTR_FIRMWARE];
    char buf[IOT_FWMIN_NAME_MAX + 16];
    iot_jb_open_object(jb, key);
    iot_jb_lit(jb, "type", "outdated-firmware");
    iot_jb_str(jb, "firmware", d->fw.firmware);
    iot_jb_str(jb, "minimum", en->minimum);
    iot_jb_str(jb, "vendor", en->vendor);
    snprintf(buf, sizeof(buf), "%s%s", en->model, en->model_prefix ? "*" : "");
    iot_jb_str(jb, "model", buf);
    iot_jb_str(jb, "advisory", en->advisory);
    snprintf(buf, sizeof(buf), "%s:%u", iot_inventory_firmware_db(inv)->name, en->line);
    iot_jb_str(jb, "source", buf);
    jb_confidence(jb, "confidence", v->confidence);
    iot_eve_jb_evidence(jb, "evidence", inv, d, v);
    iot_jb_close_object(jb);
}

void iot_eve_log_device(struct iot_eve *e, const struct iot_inventory *inv,
                        const struct iot_device *d, enum iot_inv_event_type type,
                        enum iot_attr attr, const char *old_value, struct iot_ts ts)
{
    struct iot_jb *jb = iot_eve_jb(e);
    iot_jb_begin(jb);
    iot_eve_jb_ts(e, "timestamp", ts);
    iot_jb_lit(jb, "event_type", "device");
    iot_eve_jb_device(jb, "device", d);
    iot_jb_open_object(jb, "change");
    if (type == IOT_INV_NEW) {
        iot_jb_lit(jb, "type", "new");
    } else if (type == IOT_INV_FINDING) {
        iot_jb_lit(jb, "type", "finding");
    } else {
        const struct iot_inv_verdict *v = &d->attr[attr];
        iot_jb_lit(jb, "type", "attribute");
        iot_jb_lit(jb, "attribute", iot_attr_name(attr));
        iot_jb_str(jb, "old", old_value);
        iot_jb_str(jb, "new", v->value);
        jb_confidence(jb, "confidence", v->confidence);
        iot_eve_jb_evidence(jb, "evidence", inv, d, v);
    }
    iot_jb_close_object(jb);
    if (type == IOT_INV_FINDING)
        iot_eve_jb_fw_finding(jb, "finding", inv, d);
    iot_eve_emit_jb(e);
}
