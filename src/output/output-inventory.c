/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The inventory document, written once at the end of a run (jansson: not a hot path). */
#include "iotsec-common.h"
#include "output/output-inventory.h"

#include <jansson.h>

#include "output/output-eve.h"

struct doc_ctx {
    const struct iot_inventory *inv;
    json_t *arr;
    bool failed;
};

static json_t *str_or_hex(const char *s)
{
    json_t *j = json_string(s);
    if (j != NULL)
        return j;
    /* Not UTF-8 (packet bytes): keep it as hex so the document stays valid JSON. */
    static const char hex[] = "0123456789abcdef";
    char buf[2 * IOT_INV_VALUE_MAX + 8] = "hex:";
    size_t o = 4;
    for (size_t i = 0; s[i] != '\0' && o + 2 < sizeof(buf); i++) {
        buf[o++] = hex[(unsigned char)s[i] >> 4];
        buf[o++] = hex[(unsigned char)s[i] & 15];
    }
    buf[o] = '\0';
    return json_string(buf);
}

static json_t *ts_json(struct iot_ts ts)
{
    char buf[40];
    iot_eve_format_ts(ts, buf, sizeof(buf));
    return json_string(buf);
}

static json_t *verdict_json(const struct iot_inventory *inv, const struct iot_device *d,
                            const struct iot_inv_verdict *v)
{
    const struct iot_ruleset *rs = iot_inventory_rules(inv);
    json_t *o = json_object();
    iot_eve_set(o, "value", str_or_hex(v->value));
    iot_eve_set(o, "confidence", json_real((double)(long)(v->confidence * 1000.0 + 0.5) / 1000.0));
    json_t *ev = json_array();
    for (unsigned i = 0; i < v->nev; i++) {
        const struct iot_inv_obs *ob = &d->obs[v->ev[i].obs];
        json_t *e = json_object();
        iot_eve_set(e, "rule", json_string(rs->rules[v->ev[i].rule].name));
        iot_eve_set(e, "field", json_string(ob->field));
        iot_eve_set(e, "value", str_or_hex(ob->value));
        iot_eve_set(e, "pcap_cnt", json_integer((json_int_t)ob->pcap_cnt));
        json_array_append_new(ev, e);
    }
    iot_eve_set(o, "evidence", ev);
    return o;
}

/* The outdated-firmware finding, with the same fields as the EVE one (docs/eve.md). */
static json_t *fw_finding_json(const struct iot_inventory *inv, const struct iot_device *d)
{
    const struct iot_fwmin_entry *en = d->fw.entry;
    char buf[IOT_FWMIN_NAME_MAX + 16];
    json_t *o = json_object();
    iot_eve_set(o, "type", json_string("outdated-firmware"));
    iot_eve_set(o, "firmware", str_or_hex(d->fw.firmware));
    iot_eve_set(o, "minimum", json_string(en->minimum));
    iot_eve_set(o, "vendor", str_or_hex(en->vendor));
    snprintf(buf, sizeof(buf), "%s%s", en->model, en->model_prefix ? "*" : "");
    iot_eve_set(o, "model", str_or_hex(buf));
    iot_eve_set(o, "advisory", str_or_hex(en->advisory));
    snprintf(buf, sizeof(buf), "%s:%u", iot_inventory_firmware_db(inv)->name, en->line);
    iot_eve_set(o, "source", str_or_hex(buf));
    iot_eve_set(o, "first_seen", ts_json(d->fw.ts));
    iot_eve_set(o, "pcap_cnt", json_integer((json_int_t)d->fw.pcap_cnt));
    json_t *v = verdict_json(inv, d, &d->attr[IOT_ATTR_FIRMWARE]);
    iot_eve_set(o, "evidence", json_incref(json_object_get(v, "evidence")));
    json_decref(v);
    return o;
}

/* How an address was learnt, as names ("arp", "dhcp", "ip", "forwarded"). */
static json_t *via_json(uint8_t via)
{
    static const struct {
        uint8_t bit;
        const char *name;
    } names[] = {{IOT_INV_VIA_ARP, "arp"}, {IOT_INV_VIA_DHCP, "dhcp"}, {IOT_INV_VIA_IP, "ip"},
                 {IOT_INV_VIA_FWD, "forwarded"}};
    json_t *a = json_array();
    for (size_t i = 0; i < IOT_ARRAY_LEN(names); i++)
        if (via & names[i].bit)
            json_array_append_new(a, json_string(names[i].name));
    return a;
}

static json_t *device_json(const struct iot_inventory *inv, const struct iot_device *d)
{
    char buf[64];
    json_t *o = json_object();
    iot_eve_set(o, "id", json_integer((json_int_t)d->id));
    if (d->has_mac) {
        iot_eve_format_mac(d->mac, buf, sizeof(buf));
        iot_eve_set(o, "mac", json_string(buf));
        iot_eve_set(o, "mac_kind", json_string(d->mac_kind == IOT_MAC_LOCAL ? "local" : "universal"));
    }
    if (d->router)
        iot_eve_set(o, "router", json_true());
    if (d->behind_router) {
        iot_eve_format_mac(d->router_mac, buf, sizeof(buf));
        iot_eve_set(o, "behind_router", json_string(buf));
    }
    if (d->oui_vendor != NULL)
        iot_eve_set(o, "oui_vendor", str_or_hex(d->oui_vendor));
    json_t *addrs = json_array();
    for (unsigned i = 0; i < d->naddrs; i++) {
        json_t *a = json_object();
        iot_eve_format_addr(&d->addrs[i].addr, d->addrs[i].ver, buf, sizeof(buf));
        iot_eve_set(a, "ip", json_string(buf));
        iot_eve_set(a, "first_seen", ts_json(d->addrs[i].first));
        iot_eve_set(a, "last_seen", ts_json(d->addrs[i].last));
        iot_eve_set(a, "via", via_json(d->addrs[i].via));
        json_array_append_new(addrs, a);
    }
    iot_eve_set(o, "addresses", addrs);
    iot_eve_set(o, "first_seen", ts_json(d->first_seen));
    iot_eve_set(o, "last_seen", ts_json(d->last_seen));
    for (int a = 0; a < IOT_ATTR_MAX; a++)
        if (d->attr[a].value[0] != '\0')
            iot_eve_set(o, iot_attr_name((enum iot_attr)a), verdict_json(inv, d, &d->attr[a]));
    if (d->fw.active) {
        json_t *f = json_array();
        json_array_append_new(f, fw_finding_json(inv, d));
        iot_eve_set(o, "findings", f);
    }
    json_t *obs = json_array();
    for (unsigned i = 0; i < d->nobs; i++) {
        json_t *x = json_object();
        iot_eve_set(x, "field", json_string(d->obs[i].field));
        iot_eve_set(x, "value", str_or_hex(d->obs[i].value));
        iot_eve_set(x, "count", json_integer((json_int_t)d->obs[i].count));
        iot_eve_set(x, "pcap_cnt", json_integer((json_int_t)d->obs[i].pcap_cnt));
        json_array_append_new(obs, x);
    }
    iot_eve_set(o, "observations", obs);
    json_t *cnt = json_object();
    iot_eve_set(cnt, "pkts_sent", json_integer((json_int_t)d->pkts_sent));
    iot_eve_set(cnt, "bytes_sent", json_integer((json_int_t)d->bytes_sent));
    iot_eve_set(cnt, "pkts_recv", json_integer((json_int_t)d->pkts_recv));
    iot_eve_set(cnt, "bytes_recv", json_integer((json_int_t)d->bytes_recv));
    iot_eve_set(cnt, "peers", json_integer((json_int_t)d->npeers));
    iot_eve_set(o, "counters", cnt);
    return o;
}

static void add_device(void *arg, const struct iot_device *d)
{
    struct doc_ctx *c = arg;
    json_t *o = device_json(c->inv, d);
    if (o == NULL || json_array_append_new(c->arr, o) != 0)
        c->failed = true;
}

int iot_inventory_write_json(const struct iot_inventory *inv, const char *path)
{
    struct doc_ctx c = {inv, json_array(), false};
    if (c.arr == NULL)
        return IOT_ERR_NOMEM;
    iot_inventory_foreach(inv, add_device, &c);
    json_t *doc = json_object();
    iot_eve_set(doc, "devices", c.arr);
    int rc = c.failed ? IOT_ERR_NOMEM : IOT_OK;
    if (rc == IOT_OK && json_dump_file(doc, path, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) != 0)
        rc = IOT_ERR_IO;
    json_decref(doc);
    return rc;
}
