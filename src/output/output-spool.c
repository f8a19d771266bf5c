/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The exporter's spool in SQLite: one table of events and one row of counters. */
#include "iotsec-common.h"
#include "output/output-spool.h"

#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util-file.h"
#include "util/util-mem.h"

struct iot_spool {
    sqlite3 *db;
    sqlite3_stmt *add, *read, *del, *size_of;
    uint64_t max_bytes;
    uint64_t pending, bytes, dropped, next_seq;
    uint64_t dropped_saved; /* the value in the meta row */
    char id[IOT_SPOOL_ID_LEN + 1];
    int lock_fd; /* one process per spool: two would publish the same events and miscount */
};

/* AUTOINCREMENT: a sequence number is never handed out twice, even after the newest events
 * were delivered and removed, so (gateway, seq) stays a unique event id for the consumer. */
static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    /* FULL: a commit survives a power cut. With NORMAL a committed batch can roll back, and the
     * sequence numbers of events already delivered would be handed out again. */
    "PRAGMA synchronous=FULL;"
    "CREATE TABLE IF NOT EXISTS spool(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " event_type TEXT NOT NULL, payload BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS meta(id INTEGER PRIMARY KEY CHECK(id = 1),"
    " dropped INTEGER NOT NULL, spool_id TEXT NOT NULL);"
    "INSERT OR IGNORE INTO meta VALUES(1, 0, lower(hex(randomblob(8))));";

static int fail(struct iot_spool *s, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "spool: %s: %s", what, s->db ? sqlite3_errmsg(s->db) : "no database");
    return IOT_ERR_IO;
}

static int load_totals(struct iot_spool *s, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    const char *q = "SELECT count(*), coalesce(sum(length(event_type) + length(payload)), 0),"
                    " (SELECT dropped FROM meta WHERE id = 1),"
                    " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'spool'), 0) + 1,"
                    " (SELECT spool_id FROM meta WHERE id = 1)"
                    " FROM spool";
    if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return fail(s, "reading totals", err, errlen);
    }
    s->pending = (uint64_t)sqlite3_column_int64(st, 0);
    s->bytes = (uint64_t)sqlite3_column_int64(st, 1);
    s->dropped = s->dropped_saved = (uint64_t)sqlite3_column_int64(st, 2);
    s->next_seq = (uint64_t)sqlite3_column_int64(st, 3);
    const char *id = (const char *)sqlite3_column_text(st, 4);
    snprintf(s->id, sizeof(s->id), "%s", id ? id : "");
    sqlite3_finalize(st);
    return IOT_OK;
}

/* After a rollback: pending, bytes and the saved drop count as they are on disk; the drop
 * count itself is ours (saved with the next commit). */
static void reload_counts(struct iot_spool *s)
{
    uint64_t dropped = s->dropped;
    char err[128];
    load_totals(s, err, sizeof(err));
    s->dropped = dropped;
}

static int prepare(struct iot_spool *s, char *err, size_t errlen)
{
    static const struct {
        size_t off;
        const char *sql;
    } stmts[] = {
        {offsetof(struct iot_spool, add), "INSERT INTO spool(event_type, payload) VALUES(?, ?)"},
        {offsetof(struct iot_spool, read),
         "SELECT seq, event_type, payload FROM spool WHERE seq > ? ORDER BY seq LIMIT ?"},
        {offsetof(struct iot_spool, del), "DELETE FROM spool WHERE seq = ?"},
        {offsetof(struct iot_spool, size_of),
         "SELECT length(event_type) + length(payload) FROM spool WHERE seq = ?"},
    };
    for (size_t i = 0; i < IOT_ARRAY_LEN(stmts); i++) {
        sqlite3_stmt **slot = (sqlite3_stmt **)((char *)s + stmts[i].off);
        if (sqlite3_prepare_v2(s->db, stmts[i].sql, -1, slot, NULL) != SQLITE_OK)
            return fail(s, "preparing statements", err, errlen);
    }
    return IOT_OK;
}

struct iot_spool *iot_spool_open(const char *dir, uint64_t max_bytes, bool readonly, char *err,
                                 size_t errlen)
{
    char path[512];
    if (snprintf(path, sizeof(path), "%s/spool.db", dir) >= (int)sizeof(path)) {
        snprintf(err, errlen, "spool: %s: path too long", dir);
        return NULL;
    }
    if (!readonly && mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "spool: %s: cannot create directory: %s", dir, strerror(errno));
        return NULL;
    }
    struct iot_spool *s = iot_calloc(1, sizeof(*s));
    if (s == NULL) {
        snprintf(err, errlen, "spool: out of memory");
        return NULL;
    }
    s->max_bytes = max_bytes;
    s->lock_fd = readonly ? -1 : iot_file_trylock(path, err, errlen);
    if (!readonly && s->lock_fd < 0) {
        iot_free(s);
        return NULL;
    }
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK || sqlite3_busy_timeout(s->db, 5000) != SQLITE_OK ||
        (!readonly && sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK)) {
        fail(s, path, err, errlen);
        iot_spool_close(s);
        return NULL;
    }
    /* Events hold inventories and masked credentials: this user's only (the WAL files SQLite
     * makes beside it take the database's mode). */
    if (!readonly && chmod(path, 0600) != 0) {
        snprintf(err, errlen, "spool: %s: %s", path, strerror(errno));
        iot_spool_close(s);
        return NULL;
    }
    if (load_totals(s, err, errlen) != IOT_OK || prepare(s, err, errlen) != IOT_OK) {
        iot_spool_close(s);
        return NULL;
    }
    return s;
}

static int save_dropped(struct iot_spool *s)
{
    if (s->dropped == s->dropped_saved)
        return IOT_OK;
    char sql[96];
    snprintf(sql, sizeof(sql), "UPDATE meta SET dropped = %llu WHERE id = 1",
             (unsigned long long)s->dropped);
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return IOT_ERR_IO;
    s->dropped_saved = s->dropped;
    return IOT_OK;
}

void iot_spool_close(struct iot_spool *s)
{
    if (s == NULL)
        return;
    if (s->db != NULL)
        save_dropped(s);
    sqlite3_finalize(s->add);
    sqlite3_finalize(s->read);
    sqlite3_finalize(s->del);
    sqlite3_finalize(s->size_of);
    sqlite3_close(s->db);
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    iot_free(s);
}

int iot_spool_begin(struct iot_spool *s)
{
    return sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? IOT_OK : IOT_ERR_IO;
}

int iot_spool_commit(struct iot_spool *s)
{
    int rc = save_dropped(s);
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        reload_counts(s);
        return IOT_ERR_IO;
    }
    return rc;
}

int iot_spool_add(struct iot_spool *s, const char *event_type, const char *payload, size_t len)
{
    size_t tlen = strlen(event_type);
    if (len > s->max_bytes || tlen > s->max_bytes - len || s->bytes > s->max_bytes - len - tlen) {
        s->dropped++;
        return IOT_ERR_NOMEM;
    }
    sqlite3_reset(s->add);
    sqlite3_bind_text(s->add, 1, event_type, (int)tlen, SQLITE_STATIC);
    sqlite3_bind_blob(s->add, 2, payload, (int)len, SQLITE_STATIC);
    if (sqlite3_step(s->add) != SQLITE_DONE) {
        s->dropped++;
        return IOT_ERR_IO;
    }
    s->next_seq = (uint64_t)sqlite3_last_insert_rowid(s->db) + 1;
    s->pending++;
    s->bytes += len + tlen;
    return IOT_OK;
}

void iot_spool_count_dropped(struct iot_spool *s, uint64_t n)
{
    s->dropped += n;
}

int iot_spool_read(struct iot_spool *s, uint64_t after_seq, int max, iot_spool_visit_fn fn,
                   void *ctx)
{
    sqlite3_reset(s->read);
    sqlite3_bind_int64(s->read, 1, (sqlite3_int64)after_seq);
    sqlite3_bind_int(s->read, 2, max);
    int n = 0, rc;
    while ((rc = sqlite3_step(s->read)) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(s->read, 1);
        const char *payload = (const char *)sqlite3_column_blob(s->read, 2);
        int len = sqlite3_column_bytes(s->read, 2);
        if (type == NULL || payload == NULL) { /* damaged row: the callback removes it */
            type = "";
            payload = "";
            len = 0;
        }
        n++;
        if (fn(ctx, (uint64_t)sqlite3_column_int64(s->read, 0), type, payload, (size_t)len) != 0)
            break;
    }
    bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_reset(s->read);
    return ok ? n : -1;
}

static int remove_one(struct iot_spool *s, uint64_t seq)
{
    sqlite3_reset(s->size_of);
    sqlite3_bind_int64(s->size_of, 1, (sqlite3_int64)seq);
    if (sqlite3_step(s->size_of) != SQLITE_ROW)
        return IOT_OK; /* already gone: a duplicate acknowledgement */
    uint64_t size = (uint64_t)sqlite3_column_int64(s->size_of, 0);
    sqlite3_reset(s->del);
    sqlite3_bind_int64(s->del, 1, (sqlite3_int64)seq);
    if (sqlite3_step(s->del) != SQLITE_DONE)
        return IOT_ERR_IO;
    s->pending--;
    s->bytes -= size < s->bytes ? size : s->bytes;
    return IOT_OK;
}

int iot_spool_remove(struct iot_spool *s, const uint64_t *seqs, size_t n)
{
    if (n == 0)
        return IOT_OK;
    if (iot_spool_begin(s) != IOT_OK)
        return IOT_ERR_IO;
    for (size_t i = 0; i < n; i++) {
        if (remove_one(s, seqs[i]) != IOT_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            reload_counts(s);
            return IOT_ERR_IO;
        }
    }
    return iot_spool_commit(s);
}

const char *iot_spool_id(const struct iot_spool *s)
{
    return s->id;
}

void iot_spool_get_stats(const struct iot_spool *s, struct iot_spool_stats *st)
{
    st->pending = s->pending;
    st->bytes = s->bytes;
    st->max_bytes = s->max_bytes;
    st->dropped = s->dropped;
    st->next_seq = s->next_seq;
}
