/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central store: checked EVE messages from the broker into one SQLite table. */
#include "iotsec-common.h"
#include "store/store-central.h"

#include <jansson.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "output/output-mqtt-client.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

struct iot_central {
    sqlite3 *db;
    sqlite3_stmt *add, *same, *count_all, *count_gw;
};

/* user_version 1. The views read fields out of the stored JSON (SQLite's JSON functions), so
 * the events stay exactly as the gateways sent them. */
static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;" /* the broker was told these are stored: keep them */
    "CREATE TABLE IF NOT EXISTS events(gateway TEXT NOT NULL, spool TEXT NOT NULL,"
    " seq INTEGER NOT NULL, event_type TEXT NOT NULL, timestamp TEXT NOT NULL,"
    " event TEXT NOT NULL, PRIMARY KEY(gateway, spool, seq));"
    "CREATE INDEX IF NOT EXISTS events_type_ts ON events(event_type, timestamp);"
    "CREATE VIEW IF NOT EXISTS alerts AS SELECT gateway, timestamp,"
    " json_extract(event, '$.alert.signature_id') AS sid,"
    " json_extract(event, '$.alert.signature') AS signature,"
    " json_extract(event, '$.alert.severity') AS severity,"
    " json_extract(event, '$.src_ip') AS src_ip, json_extract(event, '$.dest_ip') AS dest_ip"
    " FROM events WHERE event_type = 'alert';"
    "CREATE VIEW IF NOT EXISTS gateways AS SELECT gateway, count(*) AS events,"
    " min(timestamp) AS first_event, max(timestamp) AS last_event FROM events GROUP BY gateway;"
    "PRAGMA user_version = 1;";

struct iot_central *iot_central_open(const char *path, char *err, size_t errlen)
{
    struct iot_central *c = iot_calloc(1, sizeof(*c));
    if (c == NULL) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    if (sqlite3_open(path, &c->db) != SQLITE_OK || sqlite3_busy_timeout(c->db, 5000) != SQLITE_OK ||
        sqlite3_exec(c->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO events VALUES(?, ?, ?, ?, ?, ?)", -1,
                           &c->add, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "SELECT event = ? FROM events WHERE gateway = ? AND spool = ? "
                                  "AND seq = ?", -1, &c->same, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "SELECT count(*) FROM events", -1, &c->count_all, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "SELECT count(*) FROM events WHERE gateway = ?", -1,
                           &c->count_gw, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
        iot_central_close(c);
        return NULL;
    }
    /* Events of every gateway: this user's only (SQLite gives its WAL files the same mode). */
    if (strcmp(path, ":memory:") != 0 && chmod(path, 0600) != 0) {
        snprintf(err, errlen, "%s: cannot make it private", path);
        iot_central_close(c);
        return NULL;
    }
    return c;
}

void iot_central_close(struct iot_central *c)
{
    if (c == NULL)
        return;
    sqlite3_finalize(c->add);
    sqlite3_finalize(c->same);
    sqlite3_finalize(c->count_all);
    sqlite3_finalize(c->count_gw);
    sqlite3_close(c->db);
    iot_free(c);
}

/* "PREFIX/GATEWAY/TYPE", each level a safe name: gw and type point into buf. */
static int split_topic(const char *topic, char *buf, size_t buflen, const char **gw,
                       const char **type)
{
    if (iot_strlcpy(buf, topic, buflen) >= buflen)
        return IOT_ERR_INPUT;
    char *a = strchr(buf, '/');
    char *b = a ? strchr(a + 1, '/') : NULL;
    if (b == NULL || strchr(b + 1, '/') != NULL)
        return IOT_ERR_INPUT;
    *a = *b = '\0';
    *gw = a + 1;
    *type = b + 1;
    return iot_mqtt_name_ok(buf) && iot_mqtt_name_ok(*gw) && iot_mqtt_name_ok(*type)
               ? IOT_OK
               : IOT_ERR_INPUT;
}

static bool str_is(json_t *o, const char *key, const char *want)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v != NULL && strcmp(v, want) == 0;
}

static bool spool_id_ok(const char *s)
{
    if (s == NULL || strlen(s) != 16)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

/* The checks a message passes before it is stored; err says which failed. */
static int check_event(json_t *ev, const char *gw, const char *type, char *err, size_t errlen)
{
    json_t *seq = json_object_get(ev, "export_seq");
    const char *why = NULL;
    if (!str_is(ev, "host", gw))
        why = "\"host\" differs from the topic's gateway";
    else if (!str_is(ev, "event_type", type))
        why = "\"event_type\" differs from the topic's";
    else if (!spool_id_ok(json_string_value(json_object_get(ev, "export_spool"))))
        why = "\"export_spool\" is not 16 hex digits";
    else if (!json_is_integer(seq) || json_integer_value(seq) < 1)
        why = "\"export_seq\" is not a positive integer";
    else if (!json_is_string(json_object_get(ev, "timestamp")))
        why = "no \"timestamp\"";
    if (why == NULL)
        return IOT_OK;
    snprintf(err, errlen, "%s", why);
    return IOT_ERR_INPUT;
}

/* The topic for a message: at most 120 bytes, unprintable ones as '?' (terminal escapes). */
static void printable(const char *s, char *out, size_t outlen)
{
    size_t n = 0;
    for (; *s && n + 1 < outlen && n < 120; s++)
        out[n++] = *s >= 0x20 && *s < 0x7f ? *s : '?';
    out[n] = '\0';
}

/* Same id as a stored event: the same content is a re-sent event, other content a conflict. */
static int existing(struct iot_central *c, const char *gw, json_t *ev, const void *payload,
                    size_t len)
{
    sqlite3_reset(c->same);
    sqlite3_bind_text(c->same, 1, payload, (int)len, SQLITE_STATIC);
    sqlite3_bind_text(c->same, 2, gw, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->same, 3, json_string_value(json_object_get(ev, "export_spool")), -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(c->same, 4, json_integer_value(json_object_get(ev, "export_seq")));
    int rc = sqlite3_step(c->same) == SQLITE_ROW && sqlite3_column_int(c->same, 0) == 1
                 ? IOT_CENTRAL_DUPLICATE
                 : IOT_CENTRAL_CONFLICT;
    sqlite3_reset(c->same);
    return rc;
}

int iot_central_add(struct iot_central *c, const char *topic, const void *payload, size_t len,
                    char *err, size_t errlen)
{
    char tbuf[3 * IOT_MQTT_NAME_MAX + 4];
    const char *gw, *type;
    char shown[128];
    printable(topic, shown, sizeof(shown));
    if (split_topic(topic, tbuf, sizeof(tbuf), &gw, &type) != IOT_OK) {
        snprintf(err, errlen, "topic '%s' is not PREFIX/GATEWAY/EVENT_TYPE", shown);
        return IOT_ERR_INPUT;
    }
    topic = shown; /* split_topic checked every byte: the same text */
    if (len == 0 || len > IOT_CENTRAL_MSG_MAX) {
        snprintf(err, errlen, "%s: message of %zu bytes (1..%u)", topic, len, IOT_CENTRAL_MSG_MAX);
        return IOT_ERR_INPUT;
    }
    json_error_t jerr;
    json_t *ev = json_loadb(payload, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(ev)) {
        snprintf(err, errlen, "%s: not a JSON object: %s", topic, ev ? "other value" : jerr.text);
        json_decref(ev);
        return IOT_ERR_INPUT;
    }
    char why[128];
    int rc = check_event(ev, gw, type, why, sizeof(why));
    if (rc != IOT_OK) {
        snprintf(err, errlen, "%s: %s", topic, why);
        json_decref(ev);
        return rc;
    }
    sqlite3_reset(c->add);
    sqlite3_bind_text(c->add, 1, gw, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->add, 2, json_string_value(json_object_get(ev, "export_spool")), -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_int64(c->add, 3, json_integer_value(json_object_get(ev, "export_seq")));
    sqlite3_bind_text(c->add, 4, type, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->add, 5, json_string_value(json_object_get(ev, "timestamp")), -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(c->add, 6, payload, (int)len, SQLITE_STATIC);
    if (sqlite3_step(c->add) != SQLITE_DONE) {
        snprintf(err, errlen, "%s: %s", topic, sqlite3_errmsg(c->db));
        sqlite3_reset(c->add);
        json_decref(ev);
        return IOT_ERR_IO;
    }
    rc = sqlite3_changes(c->db) == 1 ? IOT_CENTRAL_ADDED : existing(c, gw, ev, payload, len);
    sqlite3_reset(c->add);
    if (rc == IOT_CENTRAL_CONFLICT)
        snprintf(err, errlen, "%s: event %s/%lld differs from the one stored", topic,
                 json_string_value(json_object_get(ev, "export_spool")),
                 (long long)json_integer_value(json_object_get(ev, "export_seq")));
    json_decref(ev);
    return rc;
}

int iot_central_begin(struct iot_central *c)
{
    return sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? IOT_OK : IOT_ERR_IO;
}

int iot_central_commit(struct iot_central *c)
{
    return sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? IOT_OK : IOT_ERR_IO;
}

uint64_t iot_central_count(struct iot_central *c, const char *gateway)
{
    sqlite3_stmt *st = gateway ? c->count_gw : c->count_all;
    sqlite3_reset(st);
    if (gateway != NULL)
        sqlite3_bind_text(st, 1, gateway, -1, SQLITE_TRANSIENT);
    uint64_t n = sqlite3_step(st) == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}
