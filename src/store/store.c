/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SQLite store: schema migrations, batched upserts, and the query verbs' output. */
#include "iotsec-common.h"
#include "store/store.h"

#include "store/store-private.h"

#include <jansson.h>
#include <sqlite3.h>

#include "output/output-eve.h"
#include "util/util-mem.h"

/* Migrations, in order: migration i brings user_version from i to i + 1. Never edit one that
 * has shipped; add the next. */
static const char *const migrations[] = {
    "CREATE TABLE devices("
    " id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, mac TEXT, mac_kind TEXT,"
    " oui_vendor TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,"
    " kind TEXT, kind_conf REAL, vendor TEXT, vendor_conf REAL, model TEXT, model_conf REAL,"
    " os TEXT, os_conf REAL, pkts_sent INTEGER NOT NULL DEFAULT 0,"
    " bytes_sent INTEGER NOT NULL DEFAULT 0, pkts_recv INTEGER NOT NULL DEFAULT 0,"
    " bytes_recv INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE addresses(device_id INTEGER NOT NULL REFERENCES devices(id), ip TEXT NOT NULL,"
    " first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY(device_id, ip));"
    "CREATE INDEX addresses_ip ON addresses(ip);"
    "CREATE TABLE observations(device_id INTEGER NOT NULL REFERENCES devices(id),"
    " field TEXT NOT NULL, value TEXT NOT NULL, first_seen TEXT NOT NULL, pcap_cnt INTEGER,"
    " count INTEGER NOT NULL, PRIMARY KEY(device_id, field, value));"
    "CREATE TABLE evidence(device_id INTEGER NOT NULL REFERENCES devices(id),"
    " attribute TEXT NOT NULL, rule TEXT NOT NULL, weight REAL NOT NULL, field TEXT NOT NULL,"
    " value TEXT NOT NULL, pcap_cnt INTEGER);"
    "CREATE INDEX evidence_device ON evidence(device_id, attribute);"
    "CREATE VIEW names AS SELECT device_id, field, value FROM observations WHERE field IN"
    " ('dhcp.hostname', 'dhcp.fqdn', 'dhcpv6.fqdn', 'mdns.hostname', 'mdns.instance');"
    "CREATE VIEW fingerprints AS SELECT device_id, field, value FROM observations WHERE field IN"
    " ('dhcp.prl', 'dhcp.vendor_class', 'dhcpv6.oro', 'tls.ja3', 'tls.ja4', 'http.user_agent',"
    " 'http.server', 'ssdp.server');",
    /* 2: how each address was learnt (IOT_INV_VIA_* bits), routers, hosts seen behind one. */
    "ALTER TABLE addresses ADD COLUMN via INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE devices ADD COLUMN router INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE devices ADD COLUMN behind_router TEXT;",
    /* 3: alerts, linked to devices by key. */
    "CREATE TABLE alerts(id INTEGER PRIMARY KEY, ts TEXT NOT NULL, sid INTEGER NOT NULL,"
    " signature TEXT NOT NULL, category TEXT NOT NULL, severity INTEGER NOT NULL,"
    " technique_id TEXT NOT NULL, technique TEXT NOT NULL, device_key TEXT,"
    " src_ip TEXT NOT NULL, src_port INTEGER, dest_ip TEXT NOT NULL, dest_port INTEGER,"
    " proto INTEGER NOT NULL, pcap_cnt INTEGER, repeated INTEGER NOT NULL, count INTEGER,"
    " threshold INTEGER, window_seconds INTEGER, explanation TEXT NOT NULL,"
    " UNIQUE(ts, sid, src_ip, dest_ip, pcap_cnt));"
    "CREATE INDEX alerts_ts ON alerts(ts);"
    "CREATE INDEX alerts_device ON alerts(device_key);",
    /* 4: the keyed hash of the password an alert is about (clear-text and default logins). */
    "ALTER TABLE alerts ADD COLUMN credential_hash TEXT; CREATE INDEX alerts_credential ON alerts(credential_hash);",
    /* 5: the firmware a device reveals, and findings about devices (outdated-firmware: the
     * version seen, the minimum and advisory from the data file, the observation behind it). */
    "ALTER TABLE devices ADD COLUMN firmware TEXT;"
    "ALTER TABLE devices ADD COLUMN firmware_conf REAL;"
    "CREATE TABLE findings(device_id INTEGER NOT NULL REFERENCES devices(id), type TEXT NOT NULL,"
    " firmware TEXT NOT NULL, minimum TEXT NOT NULL, vendor TEXT NOT NULL, model TEXT NOT NULL,"
    " advisory TEXT NOT NULL, source TEXT NOT NULL, first_seen TEXT NOT NULL, pcap_cnt INTEGER,"
    " field TEXT, value TEXT, PRIMARY KEY(device_id, type));",
    /* 6: the packet behind an alert, encrypted (store-evidence.h); NULL when no key was given. */
    "ALTER TABLE alerts ADD COLUMN evidence BLOB;",
};

static int store_err(struct iot_store *s, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(s->db));
    return IOT_ERR_IO;
}

static int migrate(struct iot_store *s, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return store_err(s, "schema version", err, errlen);
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (version < 0 || version > IOT_STORE_SCHEMA_VERSION) {
        snprintf(err, errlen, "database schema version %d is newer than this iotsec (%d)",
                 version, IOT_STORE_SCHEMA_VERSION);
        return IOT_ERR_INPUT;
    }
    for (int v = version; v < IOT_STORE_SCHEMA_VERSION; v++) {
        char sql[64];
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
        if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            int rc = store_err(s, "schema migration", err, errlen);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    return IOT_OK;
}

struct iot_store *iot_store_open(const char *path, bool read_only, char *err, size_t errlen)
{
    struct iot_store *s = iot_calloc(1, sizeof(*s));
    if (s == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
        iot_store_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000);
    int rc = IOT_OK;
    if (!read_only) {
        /* WAL lets the query verbs read while an analysis writes. */
        if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL,
                         NULL) != SQLITE_OK)
            rc = store_err(s, path, err, errlen);
        if (rc == IOT_OK)
            rc = migrate(s, err, errlen);
    } else {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM devices LIMIT 1", -1, &st, NULL) !=
            SQLITE_OK)
            rc = store_err(s, path, err, errlen);
        else
            sqlite3_finalize(st);
    }
    if (rc != IOT_OK) {
        iot_store_close(s);
        return NULL;
    }
    return s;
}

void iot_store_close(struct iot_store *s)
{
    if (s == NULL)
        return;
    sqlite3_close(s->db);
    iot_free(s);
}

/* ---- saving ---------------------------------------------------------------------------------- */

enum { ST_UPSERT, ST_PREV, ST_ADDR, ST_OBS, ST_EV_DEL, ST_EV_ADD, ST_FIND_DEL, ST_FIND_ADD,
       ST_COUNT };

static const char *const save_sql[ST_COUNT] = {
    [ST_UPSERT] =
        "INSERT INTO devices(key, mac, mac_kind, oui_vendor, first_seen, last_seen, kind,"
        " kind_conf, vendor, vendor_conf, model, model_conf, os, os_conf, pkts_sent, bytes_sent,"
        " pkts_recv, bytes_recv, router, behind_router, firmware, firmware_conf) VALUES(?1,?2,?3,?4,"
        "?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22)"
        " ON CONFLICT(key) DO UPDATE SET"
        " first_seen = min(first_seen, excluded.first_seen),"
        " last_seen = max(last_seen, excluded.last_seen),"
        " oui_vendor = coalesce(excluded.oui_vendor, oui_vendor),"
        " kind = CASE WHEN excluded.kind_conf >= coalesce(kind_conf, 0) THEN excluded.kind ELSE kind END,"
        " kind_conf = max(coalesce(kind_conf, 0), excluded.kind_conf),"
        " vendor = CASE WHEN excluded.vendor_conf >= coalesce(vendor_conf, 0) THEN excluded.vendor ELSE vendor END,"
        " vendor_conf = max(coalesce(vendor_conf, 0), excluded.vendor_conf),"
        " model = CASE WHEN excluded.model_conf >= coalesce(model_conf, 0) THEN excluded.model ELSE model END,"
        " model_conf = max(coalesce(model_conf, 0), excluded.model_conf),"
        " os = CASE WHEN excluded.os_conf >= coalesce(os_conf, 0) THEN excluded.os ELSE os END,"
        " os_conf = max(coalesce(os_conf, 0), excluded.os_conf),"
        " pkts_sent = pkts_sent + excluded.pkts_sent, bytes_sent = bytes_sent + excluded.bytes_sent,"
        " pkts_recv = pkts_recv + excluded.pkts_recv, bytes_recv = bytes_recv + excluded.bytes_recv,"
        " router = max(router, excluded.router),"
        " behind_router = coalesce(excluded.behind_router, behind_router),"
        /* A device's firmware changes over its life: the latest capture that shows one wins
         * (not the most confident, as for what the device is). Right-hand sides see the row as
         * it was, so last_seen here is the stored one. */
        " firmware = CASE WHEN excluded.firmware IS NOT NULL AND (firmware IS NULL OR"
        "  excluded.last_seen >= last_seen) THEN excluded.firmware ELSE firmware END,"
        " firmware_conf = CASE WHEN excluded.firmware IS NOT NULL AND (firmware IS NULL OR"
        "  excluded.last_seen >= last_seen) THEN excluded.firmware_conf ELSE firmware_conf END"
        " RETURNING id",
    /* The last column stands for firmware_conf: -1 (replace its evidence) when this run is at
     * least as recent as what is stored, as the upsert decides. */
    [ST_PREV] = "SELECT kind_conf, vendor_conf, model_conf, os_conf,"
                " CASE WHEN firmware IS NULL OR ?2 >= last_seen THEN -1.0 ELSE 2.0 END"
                " FROM devices WHERE key = ?1",
    [ST_ADDR] = "INSERT INTO addresses(device_id, ip, first_seen, last_seen, via)"
                " VALUES(?1,?2,?3,?4,?5) ON CONFLICT(device_id, ip) DO UPDATE SET"
                " via = via | excluded.via,"
                " first_seen = min(first_seen, excluded.first_seen),"
                " last_seen = max(last_seen, excluded.last_seen)",
    [ST_OBS] = "INSERT INTO observations(device_id, field, value, first_seen, pcap_cnt, count)"
               " VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(device_id, field, value) DO UPDATE SET"
               " count = count + excluded.count",
    [ST_EV_DEL] = "DELETE FROM evidence WHERE device_id = ?1 AND attribute = ?2",
    [ST_EV_ADD] = ("INSERT INTO evidence(device_id, attribute, rule, weight, field, value,"
                   " pcap_cnt) VALUES(?1,?2,?3,?4,?5,?6,?7)"),
    [ST_FIND_DEL] = "DELETE FROM findings WHERE device_id = ?1 AND type = 'outdated-firmware'",
    [ST_FIND_ADD] = "INSERT OR REPLACE INTO findings(device_id, type, firmware, minimum, vendor,"
                    " model, advisory, source, first_seen, pcap_cnt, field, value)"
                    " VALUES(?1,'outdated-firmware',?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
};

struct save_ctx {
    struct iot_store *s;
    const struct iot_inventory *inv;
    sqlite3_stmt *st[ST_COUNT];
    bool failed;
};

static void bind_ts(sqlite3_stmt *st, int i, struct iot_ts ts)
{
    char buf[40];
    iot_eve_format_ts(ts, buf, sizeof(buf));
    sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static bool step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

void iot_store_device_key(const struct iot_device *d, char *key, size_t len)
{
    char buf[64];
    if (d->has_mac) {
        iot_eve_format_mac(d->mac, buf, sizeof(buf));
        snprintf(key, len, "mac:%s", buf);
    } else {
        iot_eve_format_addr(&d->key_ip, d->key_ver, buf, sizeof(buf));
        snprintf(key, len, "ip:%s", buf);
    }
}

/* Confidences already stored, so evidence is replaced only where the new verdict wins. */
static void previous_conf(struct save_ctx *c, const struct iot_device *d, const char *key,
                          double prev[IOT_ATTR_MAX])
{
    sqlite3_stmt *st = c->st[ST_PREV];
    for (int a = 0; a < IOT_ATTR_MAX; a++)
        prev[a] = -1.0;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    bind_ts(st, 2, d->last_seen);
    if (sqlite3_step(st) == SQLITE_ROW)
        for (int a = 0; a < IOT_ATTR_MAX; a++)
            prev[a] = sqlite3_column_type(st, a) == SQLITE_NULL ? 0.0 : sqlite3_column_double(st, a);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static sqlite3_int64 upsert_device(struct save_ctx *c, const struct iot_device *d, const char *key)
{
    sqlite3_stmt *st = c->st[ST_UPSERT];
    char mac[24];
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    if (d->has_mac) {
        iot_eve_format_mac(d->mac, mac, sizeof(mac));
        sqlite3_bind_text(st, 2, mac, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, d->mac_kind == IOT_MAC_LOCAL ? "local" : "universal", -1,
                          SQLITE_STATIC);
    }
    if (d->oui_vendor != NULL)
        sqlite3_bind_text(st, 4, d->oui_vendor, -1, SQLITE_TRANSIENT);
    bind_ts(st, 5, d->first_seen);
    bind_ts(st, 6, d->last_seen);
    for (int a = 0; a < IOT_ATTR_MAX; a++) {
        /* kind..os are columns 7..14 of the first schema; firmware came in schema 5, at 21. */
        int col = a == IOT_ATTR_FIRMWARE ? 21 : 7 + 2 * a;
        if (d->attr[a].value[0] != '\0')
            sqlite3_bind_text(st, col, d->attr[a].value, -1, SQLITE_TRANSIENT);
        if (a != IOT_ATTR_FIRMWARE || d->attr[a].value[0] != '\0')
            sqlite3_bind_double(st, col + 1, d->attr[a].confidence);
    }
    sqlite3_bind_int64(st, 15, (sqlite3_int64)d->pkts_sent);
    sqlite3_bind_int64(st, 16, (sqlite3_int64)d->bytes_sent);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)d->pkts_recv);
    sqlite3_bind_int64(st, 18, (sqlite3_int64)d->bytes_recv);
    sqlite3_bind_int(st, 19, d->router ? 1 : 0);
    if (d->behind_router) {
        iot_eve_format_mac(d->router_mac, mac, sizeof(mac));
        sqlite3_bind_text(st, 20, mac, -1, SQLITE_TRANSIENT);
    }
    sqlite3_int64 id = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return id;
}

static bool save_addresses(struct save_ctx *c, const struct iot_device *d, sqlite3_int64 id)
{
    bool ok = true;
    for (unsigned i = 0; i < d->naddrs; i++) {
        char ip[64];
        sqlite3_stmt *st = c->st[ST_ADDR];
        iot_eve_format_addr(&d->addrs[i].addr, d->addrs[i].ver, ip, sizeof(ip));
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, ip, -1, SQLITE_TRANSIENT);
        bind_ts(st, 3, d->addrs[i].first);
        bind_ts(st, 4, d->addrs[i].last);
        sqlite3_bind_int(st, 5, d->addrs[i].via);
        ok = step_done(st) && ok;
    }
    return ok;
}

static bool save_observations(struct save_ctx *c, const struct iot_device *d, sqlite3_int64 id)
{
    bool ok = true;
    for (unsigned i = 0; i < d->nobs; i++) {
        const struct iot_inv_obs *o = &d->obs[i];
        sqlite3_stmt *st = c->st[ST_OBS];
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, o->field, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, o->value, -1, SQLITE_TRANSIENT);
        bind_ts(st, 4, o->first);
        sqlite3_bind_int64(st, 5, (sqlite3_int64)o->pcap_cnt);
        sqlite3_bind_int64(st, 6, (sqlite3_int64)o->count);
        ok = step_done(st) && ok;
    }
    return ok;
}

static bool save_evidence(struct save_ctx *c, const struct iot_device *d, sqlite3_int64 id,
                          const double prev[IOT_ATTR_MAX])
{
    const struct iot_ruleset *rs = iot_inventory_rules(c->inv);
    bool ok = true;
    for (int a = 0; a < IOT_ATTR_MAX; a++) {
        const struct iot_inv_verdict *v = &d->attr[a];
        if (v->value[0] == '\0' || v->confidence < prev[a])
            continue;
        sqlite3_bind_int64(c->st[ST_EV_DEL], 1, id);
        sqlite3_bind_text(c->st[ST_EV_DEL], 2, iot_attr_name((enum iot_attr)a), -1, SQLITE_STATIC);
        ok = step_done(c->st[ST_EV_DEL]) && ok;
        for (unsigned i = 0; i < v->nev; i++) {
            const struct iot_rule *r = &rs->rules[v->ev[i].rule];
            const struct iot_inv_obs *o = &d->obs[v->ev[i].obs];
            sqlite3_stmt *st = c->st[ST_EV_ADD];
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, iot_attr_name((enum iot_attr)a), -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, r->name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(st, 4, r->weight);
            sqlite3_bind_text(st, 5, o->field, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 6, o->value, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 7, (sqlite3_int64)o->pcap_cnt);
            ok = step_done(st) && ok;
        }
    }
    return ok;
}

/* The outdated-firmware finding, when this run knows the device's firmware and is at least as
 * recent as what is stored (prev_fw < 0): a device since updated to a good version loses it,
 * one that showed no firmware this time keeps what an earlier run found. */
static bool save_finding(struct save_ctx *c, const struct iot_device *d, sqlite3_int64 id,
                         double prev_fw)
{
    if (d->attr[IOT_ATTR_FIRMWARE].value[0] == '\0' || prev_fw >= 0.0)
        return true;
    sqlite3_bind_int64(c->st[ST_FIND_DEL], 1, id);
    bool ok = step_done(c->st[ST_FIND_DEL]);
    const struct iot_fwmin_db *db = iot_inventory_firmware_db(c->inv);
    if (!d->fw.active || db == NULL)
        return ok;
    const struct iot_fwmin_entry *en = d->fw.entry;
    const struct iot_inv_verdict *v = &d->attr[IOT_ATTR_FIRMWARE];
    sqlite3_stmt *st = c->st[ST_FIND_ADD];
    char buf[IOT_FWMIN_NAME_MAX + 16];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, d->fw.firmware, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, en->minimum, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, en->vendor, -1, SQLITE_TRANSIENT);
    snprintf(buf, sizeof(buf), "%s%s", en->model, en->model_prefix ? "*" : "");
    sqlite3_bind_text(st, 5, buf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, en->advisory, -1, SQLITE_TRANSIENT);
    snprintf(buf, sizeof(buf), "%s:%u", db->name, en->line);
    sqlite3_bind_text(st, 7, buf, -1, SQLITE_TRANSIENT);
    bind_ts(st, 8, d->fw.ts);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)d->fw.pcap_cnt);
    if (v->nev > 0) {
        const struct iot_inv_obs *o = &d->obs[v->ev[0].obs];
        sqlite3_bind_text(st, 10, o->field, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 11, o->value, -1, SQLITE_TRANSIENT);
    }
    return step_done(st) && ok;
}

static void save_device(void *arg, const struct iot_device *d)
{
    struct save_ctx *c = arg;
    if (c->failed)
        return;
    char key[80];
    double prev[IOT_ATTR_MAX];
    iot_store_device_key(d, key, sizeof(key));
    previous_conf(c, d, key, prev);
    sqlite3_int64 id = upsert_device(c, d, key);
    if (id < 0 || !save_addresses(c, d, id) || !save_observations(c, d, id) ||
        !save_evidence(c, d, id, prev) || !save_finding(c, d, id, prev[IOT_ATTR_FIRMWARE]))
        c->failed = true;
}

int iot_store_save_inventory(struct iot_store *s, const struct iot_inventory *inv, char *err,
                             size_t errlen)
{
    struct save_ctx c = {s, inv, {NULL}, false};
    int rc = IOT_OK;
    for (int i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v2(s->db, save_sql[i], -1, &c.st[i], NULL) != SQLITE_OK) {
            rc = store_err(s, "prepare", err, errlen);
            goto out;
        }
    /* One transaction for the whole inventory: thousands of rows, one fsync. */
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = store_err(s, "begin", err, errlen);
        goto out;
    }
    iot_inventory_foreach(inv, save_device, &c);
    if (c.failed || sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc = store_err(s, "save", err, errlen);
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
out:
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(c.st[i]);
    return rc;
}

static const char alert_sql[] =
    "INSERT OR IGNORE INTO alerts(ts, sid, signature, category, severity, technique_id, technique,"
    " device_key, src_ip, src_port, dest_ip, dest_port, proto, pcap_cnt, repeated, count,"
    " threshold, window_seconds, explanation, credential_hash, evidence)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)";

static bool save_alert(sqlite3_stmt *st, const struct iot_store_alert *a)
{
    bind_ts(st, 1, a->ts);
    sqlite3_bind_int64(st, 2, a->sid);
    sqlite3_bind_text(st, 3, a->signature, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, a->category, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, a->severity);
    sqlite3_bind_text(st, 6, a->technique_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, a->technique, -1, SQLITE_STATIC);
    if (a->device_key[0] != '\0')
        sqlite3_bind_text(st, 8, a->device_key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, a->src_ip, -1, SQLITE_TRANSIENT);
    if (a->proto == 6 || a->proto == 17) {
        sqlite3_bind_int(st, 10, a->src_port);
        sqlite3_bind_int(st, 12, a->dest_port);
    }
    sqlite3_bind_text(st, 11, a->dest_ip, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 13, a->proto);
    sqlite3_bind_int64(st, 14, (sqlite3_int64)a->pcap_cnt);
    sqlite3_bind_int64(st, 15, (sqlite3_int64)a->repeated);
    sqlite3_bind_int64(st, 16, (sqlite3_int64)a->count);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)a->threshold);
    sqlite3_bind_int64(st, 18, a->window_seconds);
    sqlite3_bind_text(st, 19, a->explanation != NULL ? a->explanation : "", -1, SQLITE_TRANSIENT);
    if (a->credential_hash[0] != '\0')
        sqlite3_bind_text(st, 20, a->credential_hash, -1, SQLITE_TRANSIENT);
    if (a->evidence != NULL)
        sqlite3_bind_blob(st, 21, a->evidence, (int)a->evidence_len, SQLITE_STATIC);
    return step_done(st);
}

int iot_store_save_alerts(struct iot_store *s, const struct iot_store_alert *a, size_t n,
                          char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, alert_sql, -1, &st, NULL) != SQLITE_OK)
        return store_err(s, "prepare", err, errlen);
    int rc = IOT_OK;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = store_err(s, "begin", err, errlen);
    } else {
        bool ok = true;
        for (size_t i = 0; i < n && ok; i++)
            ok = save_alert(st, &a[i]);
        if (!ok || sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            rc = store_err(s, "save alerts", err, errlen);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        }
    }
    sqlite3_finalize(st);
    return rc;
}
