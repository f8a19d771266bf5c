/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The query verbs over the store: iotsec inventory and iotsec device, as a table, JSON or CSV. */
#include "iotsec-common.h"
#include "store/store.h"

#include <jansson.h>

#include "store/store-private.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t != NULL ? (const char *)t : "";
}

/* fw_cols: the firmware and findings columns, or empty stand-ins for a database written before
 * schema 5 (the query verbs open it read-only, so it is not migrated). */
#define INVENTORY_SQL(fw_cols)                                                                     \
    "SELECT d.id, coalesce(d.mac, ''), coalesce(d.oui_vendor, ''),"                                \
    " coalesce(d.vendor, ''), coalesce(d.kind, 'unknown'), coalesce(d.model, ''),"                \
    " coalesce(d.os, ''), coalesce(d.kind_conf, 0), d.first_seen, d.last_seen,"                   \
    " coalesce((SELECT group_concat(ip, ' ') FROM (SELECT ip FROM addresses a"                    \
    "   WHERE a.device_id = d.id ORDER BY a.first_seen, a.ip)), ''), " fw_cols                    \
    " FROM devices d ORDER BY d.id"
#define INVENTORY_FW_COLS                                                                          \
    "coalesce(d.firmware, ''), coalesce((SELECT group_concat(type, ' ') FROM (SELECT type"         \
    " FROM findings f WHERE f.device_id = d.id ORDER BY type)), '')"

static const char findings_sql[] =
    "SELECT type, firmware, minimum, vendor, model, advisory, source, first_seen, pcap_cnt,"
    " coalesce(field, ''), coalesce(value, '') FROM findings WHERE device_id = ?1 ORDER BY type";

/* A database written by an older iotsec (opened read-only, so not migrated) lacks the newer
 * columns and tables. */
static int schema_version(struct iot_store *s)
{
    sqlite3_stmt *st;
    int v = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* CSV field (RFC 4180): quoted, with quotes doubled. */
static void csv_field(FILE *out, const char *s, bool last)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
    fputc(last ? '\n' : ',', out);
}

static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    return j != NULL ? j : json_string("(not UTF-8)");
}

/* The findings of device id, as "! type: firmware < minimum (advisory)" lines (table) or
 * objects (json). */
static void print_findings(struct iot_store *s, sqlite3_int64 id, FILE *out, json_t *arr)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, findings_sql, -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (arr == NULL) {
            fprintf(out, "       ! %s: %s %s is older than %s (%s; %s)\n", col(st, 0), col(st, 3),
                    col(st, 1), col(st, 2), col(st, 5), col(st, 6));
            continue;
        }
        static const char *const keys[] = {"type", "firmware", "minimum", "vendor", "model",
                                           "advisory", "source", "first_seen", "pcap_cnt",
                                           "field", "value"};
        json_t *o = json_object();
        for (int i = 0; i < (int)IOT_ARRAY_LEN(keys); i++) {
            if (i == 8)
                json_object_set_new(o, keys[i], json_integer(sqlite3_column_int64(st, i)));
            else
                json_object_set_new(o, keys[i], jstr(col(st, i)));
        }
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(st);
}

static void print_inventory_row(struct iot_store *s, sqlite3_stmt *st, enum iot_store_format fmt,
                                FILE *out, json_t *arr)
{
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    bool findings = col(st, 12)[0] != '\0';
    if (fmt == IOT_FMT_TABLE) {
        fprintf(out, "%-4lld %-17s %-10s %4.2f  %-20.20s %-28.28s %-14.14s %-30.30s %s\n",
                (long long)id, col(st, 1)[0] ? col(st, 1) : "-", col(st, 4),
                sqlite3_column_double(st, 7), col(st, 3)[0] ? col(st, 3) : "-",
                col(st, 5)[0] ? col(st, 5) : "-", col(st, 11)[0] ? col(st, 11) : "-",
                col(st, 10)[0] ? col(st, 10) : "-", col(st, 9));
        if (findings)
            print_findings(s, id, out, NULL);
    } else if (fmt == IOT_FMT_CSV) {
        char idbuf[24];
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
        csv_field(out, idbuf, false);
        for (int i = 1; i <= 12; i++)
            if (i != 7)
                csv_field(out, col(st, i), i == 12);
    } else {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(id));
        static const char *const keys[] = {NULL,   "mac", "oui_vendor", "vendor", "kind",
                                           "model", "os", NULL,         "first_seen",
                                           "last_seen", "ips", "firmware"};
        for (int i = 1; i <= 11; i++)
            if (keys[i] != NULL)
                json_object_set_new(o, keys[i], jstr(col(st, i)));
        json_object_set_new(o, "kind_confidence", json_real(sqlite3_column_double(st, 7)));
        json_t *f = json_array();
        if (findings)
            print_findings(s, id, out, f);
        json_object_set_new(o, "findings", f);
        json_array_append_new(arr, o);
    }
}

int iot_store_print_inventory(struct iot_store *s, enum iot_store_format fmt, FILE *out,
                              char *err, size_t errlen)
{
    sqlite3_stmt *st;
    const char *sql = schema_version(s) >= 5 ? INVENTORY_SQL(INVENTORY_FW_COLS)
                                             : INVENTORY_SQL("'', ''");
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "query: %s", sqlite3_errmsg(s->db));
        return IOT_ERR_IO;
    }
    json_t *arr = fmt == IOT_FMT_JSON ? json_array() : NULL;
    if (fmt == IOT_FMT_TABLE)
        fprintf(out, "%-4s %-17s %-10s %4s  %-20s %-28s %-14s %-30s %s\n", "ID", "MAC", "KIND",
                "CONF", "VENDOR", "MODEL", "FIRMWARE", "IPS", "LAST SEEN");
    else if (fmt == IOT_FMT_CSV)
        fprintf(out, "id,mac,oui_vendor,vendor,kind,model,os,first_seen,last_seen,ips,firmware,"
                     "findings\n");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        print_inventory_row(s, st, fmt, out, arr);
    sqlite3_finalize(st);
    if (arr != NULL) {
        json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
        fputc('\n', out);
        json_decref(arr);
    }
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "query: %s", sqlite3_errmsg(s->db));
        return IOT_ERR_IO;
    }
    return IOT_OK;
}

/* The device id for a MAC ("aa:bb:...") or an IP address, or -1. */
static sqlite3_int64 find_device(struct iot_store *s, const char *q)
{
    static const char sql[] =
        "SELECT id FROM devices WHERE key = 'mac:' || lower(?1) OR key = 'ip:' || ?1"
        " UNION ALL SELECT device_id FROM addresses WHERE ip = ?1 LIMIT 1";
    sqlite3_stmt *st;
    sqlite3_int64 id = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

/* Runs sql (one ?1 = device id) and hands each row to fn. */
static int each_row(struct iot_store *s, const char *sql, sqlite3_int64 id,
                    void (*fn)(void *arg, sqlite3_stmt *st), void *arg)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return IOT_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(arg, st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? IOT_OK : IOT_ERR_IO;
}

struct dev_out {
    FILE *out;
    json_t *arr;
    const char *kind; /* which section is printing */
};

static void row_device(void *arg, sqlite3_stmt *st)
{
    struct dev_out *o = arg;
    static const char *const names[] = {"mac", "mac_kind", "oui_vendor", "kind", "vendor",
                                        "model", "os", "first_seen", "last_seen"};
    for (int i = 0; i < 9; i++) {
        if (o->arr != NULL)
            json_object_set_new(o->arr, names[i], jstr(col(st, i)));
        else if (col(st, i)[0] != '\0')
            fprintf(o->out, "%-12s %s\n", names[i], col(st, i));
        if (i == 6 && o->arr != NULL)
            json_object_set_new(o->arr, "firmware", jstr(col(st, 15)));
        else if (i == 6 && col(st, 15)[0] != '\0')
            fprintf(o->out, "%-12s %s\n", "firmware", col(st, 15));
    }
    if (o->arr != NULL) {
        json_t *c = json_object();
        json_object_set_new(c, "kind", json_real(sqlite3_column_double(st, 9)));
        json_object_set_new(c, "vendor", json_real(sqlite3_column_double(st, 10)));
        json_object_set_new(c, "model", json_real(sqlite3_column_double(st, 11)));
        json_object_set_new(c, "os", json_real(sqlite3_column_double(st, 12)));
        json_object_set_new(c, "firmware", json_real(sqlite3_column_double(st, 16)));
        json_object_set_new(o->arr, "confidence", c);
    } else {
        fprintf(o->out, "%-12s kind %.2f, vendor %.2f, model %.2f, os %.2f, firmware %.2f\n",
                "confidence", sqlite3_column_double(st, 9), sqlite3_column_double(st, 10),
                sqlite3_column_double(st, 11), sqlite3_column_double(st, 12),
                sqlite3_column_double(st, 16));
    }
    bool router = sqlite3_column_int(st, 13) != 0;
    const char *behind = col(st, 14);
    if (o->arr != NULL) {
        json_object_set_new(o->arr, "router", json_boolean(router));
        if (behind[0] != '\0')
            json_object_set_new(o->arr, "behind_router", json_string(behind));
    } else {
        if (router)
            fprintf(o->out, "%-12s yes (forwards other hosts' packets)\n", "router");
        if (behind[0] != '\0')
            fprintf(o->out, "%-12s %s (keyed by IP: seen through that router)\n", "behind", behind);
    }
}

static void row_generic(void *arg, sqlite3_stmt *st)
{
    struct dev_out *o = arg;
    int n = sqlite3_column_count(st);
    if (o->arr != NULL) {
        json_t *x = json_object();
        for (int i = 0; i < n; i++) {
            if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
                json_object_set_new(x, sqlite3_column_name(st, i),
                                    json_integer(sqlite3_column_int64(st, i)));
            else if (sqlite3_column_type(st, i) == SQLITE_FLOAT)
                json_object_set_new(x, sqlite3_column_name(st, i),
                                    json_real(sqlite3_column_double(st, i)));
            else
                json_object_set_new(x, sqlite3_column_name(st, i), jstr(col(st, i)));
        }
        json_array_append_new(o->arr, x);
        return;
    }
    fprintf(o->out, "  ");
    for (int i = 0; i < n; i++)
        fprintf(o->out, "%s%s", i ? "  " : "", col(st, i));
    fputc('\n', o->out);
}

#define DEV_SQL(fw_cols)                                                                           \
    "SELECT coalesce(mac, ''), coalesce(mac_kind, ''), coalesce(oui_vendor, ''), coalesce(kind, ''),"\
    " coalesce(vendor, ''), coalesce(model, ''), coalesce(os, ''), first_seen, last_seen,"        \
    " coalesce(kind_conf, 0), coalesce(vendor_conf, 0), coalesce(model_conf, 0),"                \
    " coalesce(os_conf, 0), router, coalesce(behind_router, ''), " fw_cols                       \
    " FROM devices WHERE id = ?1"
static const char addr_sql[] =
    "SELECT ip, first_seen, last_seen, trim((CASE WHEN via & 2 THEN 'arp ' ELSE '' END)"
    " || (CASE WHEN via & 4 THEN 'dhcp ' ELSE '' END) || (CASE WHEN via & 1 THEN 'ip ' ELSE '' END)"
    " || (CASE WHEN via & 8 THEN 'forwarded' ELSE '' END)) AS via"
    " FROM addresses WHERE device_id = ?1 ORDER BY first_seen, ip";
static const char ev_sql[] =
    "SELECT attribute, rule, weight, field, value, pcap_cnt FROM evidence WHERE device_id = ?1"
    " ORDER BY attribute, rowid";
static const char obs_sql[] =
    "SELECT field, value, count, pcap_cnt, first_seen FROM observations WHERE device_id = ?1"
    " ORDER BY field, value";

int iot_store_print_device(struct iot_store *s, const char *mac_or_ip, enum iot_store_format fmt,
                           FILE *out, char *err, size_t errlen)
{
    sqlite3_int64 id = find_device(s, mac_or_ip);
    if (id < 0) {
        snprintf(err, errlen, "no device with MAC or IP address '%s'", mac_or_ip);
        return IOT_ERR_INPUT;
    }
    bool json = fmt == IOT_FMT_JSON;
    json_t *doc = json ? json_object() : NULL;
    struct dev_out o = {out, doc, NULL};
    bool v5 = schema_version(s) >= 5;
    int rc = each_row(s, v5 ? DEV_SQL("coalesce(firmware, ''), coalesce(firmware_conf, 0)")
                            : DEV_SQL("'', 0"),
                      id, row_device, &o);
    static const struct {
        const char *title, *sql;
    } parts[] = {{"addresses", addr_sql},
                 {"evidence", ev_sql},
                 {"findings", findings_sql},
                 {"observations", obs_sql}};
    for (size_t i = 0; i < IOT_ARRAY_LEN(parts) && rc == IOT_OK; i++) {
        if (parts[i].sql == findings_sql && !v5)
            continue;
        json_t *arr = json ? json_array() : NULL;
        struct dev_out po = {out, arr, parts[i].title};
        if (!json)
            fprintf(out, "%s:\n", parts[i].title);
        rc = each_row(s, parts[i].sql, id, row_generic, &po);
        if (json)
            json_object_set_new(doc, parts[i].title, arr);
    }
    if (json) {
        json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
        fputc('\n', out);
        json_decref(doc);
    }
    if (rc != IOT_OK)
        snprintf(err, errlen, "query: %s", sqlite3_errmsg(s->db));
    return rc;
}

#define ALERTS_SQL(hash_col, evidence_col)                                                          \
    "SELECT a.ts, a.sid, a.severity, a.signature, a.technique_id,"                                 \
    " coalesce(d.mac, substr(a.device_key, 4), a.src_ip), coalesce(d.kind, ''),"                  \
    " coalesce(d.vendor, d.oui_vendor, ''), a.src_ip, a.src_port, a.dest_ip, a.dest_port,"        \
    " a.pcap_cnt, a.repeated, a.explanation, a.category, a.technique, a.count, a.threshold,"     \
    " a.window_seconds, " hash_col ", a.id, " evidence_col                                       \
    " FROM alerts a LEFT JOIN devices d ON d.key = a.device_key ORDER BY a.ts, a.id"

static void print_alert_row(sqlite3_stmt *st, enum iot_store_format fmt, FILE *out, json_t *arr)
{
    if (fmt != IOT_FMT_JSON) {
        fprintf(out, "%-31s %-7s %3lld  %-17s %-10.10s %-20.20s %s\n    #%lld%s %s\n",
                col(st, 0), col(st, 1), (long long)sqlite3_column_int64(st, 2), col(st, 5),
                col(st, 6)[0] ? col(st, 6) : "-", col(st, 7)[0] ? col(st, 7) : "-", col(st, 3),
                (long long)sqlite3_column_int64(st, 21),
                sqlite3_column_int(st, 22) ? " [evidence]" : "", col(st, 14));
        return;
    }
    static const char *const keys[] = {"timestamp", "signature_id", "severity", "signature",
                                       "technique_id", "device", "kind", "vendor", "src_ip",
                                       "src_port", "dest_ip", "dest_port", "pcap_cnt",
                                       "repeated", "explanation", "category", "technique",
                                       "count", "threshold", "window_seconds",
                                       "credential_hash"};
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st, 21)));
    json_object_set_new(o, "evidence", json_boolean(sqlite3_column_int(st, 22)));
    for (int i = 0; i < (int)IOT_ARRAY_LEN(keys); i++) {
        if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
            json_object_set_new(o, keys[i], json_integer(sqlite3_column_int64(st, i)));
        else if (sqlite3_column_type(st, i) != SQLITE_NULL)
            json_object_set_new(o, keys[i], jstr(col(st, i)));
    }
    json_array_append_new(arr, o);
}

int iot_store_print_alerts(struct iot_store *s, enum iot_store_format fmt, FILE *out, char *err,
                           size_t errlen)
{
    sqlite3_stmt *st;
    int v = schema_version(s);
    const char *sql = v >= 6   ? ALERTS_SQL("a.credential_hash", "a.evidence IS NOT NULL")
                      : v >= 4 ? ALERTS_SQL("a.credential_hash", "0")
                               : ALERTS_SQL("NULL", "0");
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "query: %s", sqlite3_errmsg(s->db));
        return IOT_ERR_IO;
    }
    json_t *arr = fmt == IOT_FMT_JSON ? json_array() : NULL;
    if (fmt != IOT_FMT_JSON)
        fprintf(out, "%-31s %-7s %3s  %-17s %-10s %-20s %s\n", "TIME", "SID", "SEV", "DEVICE",
                "KIND", "VENDOR", "SIGNATURE");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        print_alert_row(st, fmt, out, arr);
    sqlite3_finalize(st);
    if (arr != NULL) {
        json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', out);
        json_decref(arr);
    }
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "query: %s", sqlite3_errmsg(s->db));
        return IOT_ERR_IO;
    }
    return IOT_OK;
}

int iot_store_get_evidence(struct iot_store *s, int64_t id, struct iot_store_evidence *ev,
                           char *err, size_t errlen)
{
    memset(ev, 0, sizeof(*ev));
    if (schema_version(s) < 6) {
        snprintf(err, errlen, "this database keeps no evidence (schema %d)", schema_version(s));
        return IOT_ERR_INPUT;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT ts, sid, src_ip, dest_ip, pcap_cnt, evidence"
                                  " FROM alerts WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "query: %s", sqlite3_errmsg(s->db));
        return IOT_ERR_IO;
    }
    sqlite3_bind_int64(st, 1, id);
    int rc = IOT_ERR_INPUT;
    if (sqlite3_step(st) != SQLITE_ROW) {
        snprintf(err, errlen, "no alert #%lld", (long long)id);
    } else if (sqlite3_column_type(st, 5) != SQLITE_BLOB) {
        snprintf(err, errlen, "alert #%lld has no evidence (analyse with --vault to keep it)",
                 (long long)id);
    } else {
        iot_strlcpy(ev->ts, col(st, 0), sizeof(ev->ts));
        ev->sid = (uint32_t)sqlite3_column_int64(st, 1);
        iot_strlcpy(ev->src_ip, col(st, 2), sizeof(ev->src_ip));
        iot_strlcpy(ev->dest_ip, col(st, 3), sizeof(ev->dest_ip));
        ev->pcap_cnt = (uint64_t)sqlite3_column_int64(st, 4);
        ev->blob_len = (size_t)sqlite3_column_bytes(st, 5);
        ev->blob = iot_malloc(ev->blob_len ? ev->blob_len : 1);
        if (ev->blob == NULL) {
            snprintf(err, errlen, "out of memory");
            rc = IOT_ERR_NOMEM;
        } else {
            if (ev->blob_len > 0)
                memcpy(ev->blob, sqlite3_column_blob(st, 5), ev->blob_len);
            rc = IOT_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}
