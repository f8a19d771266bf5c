/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IEEE registry loader (RFC 4180 CSV) and longest-prefix vendor lookup. */
#include "iotsec-common.h"
#include "inventory/inventory-oui.h"

#include <ctype.h>

#include "util/util-mem.h"

/* Registries are about 46,000 lines in 2022; the cap stops a hostile or corrupt file from
 * growing the table without bound. */
#define OUI_MAX_ENTRIES 200000
#define OUI_MAX_NAME 128
#define OUI_MAX_FILE (64u << 20)

struct oui_entry {
    uint64_t prefix;   /* the registered bits, right-aligned */
    uint32_t name_off; /* into names */
};

struct oui_table {
    struct oui_entry *v;
    size_t n, cap;
};

struct iot_oui_db {
    struct oui_table t[3]; /* 0: 36-bit, 1: 28-bit, 2: 24-bit */
    char *names;
    size_t names_len, names_cap;
    size_t total;
};

static const unsigned table_bits[3] = {36, 28, 24};

struct iot_oui_db *iot_oui_db_new(void)
{
    return iot_calloc(1, sizeof(struct iot_oui_db));
}

void iot_oui_db_free(struct iot_oui_db *db)
{
    if (db == NULL)
        return;
    for (int i = 0; i < 3; i++)
        iot_free(db->t[i].v);
    iot_free(db->names);
    iot_free(db);
}

static int table_index(unsigned bits)
{
    for (int i = 0; i < 3; i++)
        if (table_bits[i] == bits)
            return i;
    return -1;
}

/* Stores a name once; identical consecutive names (common: one vendor, many blocks) share. */
static int names_add(struct iot_oui_db *db, const char *s, size_t n, uint32_t *off)
{
    if (db->names_len + n + 1 > UINT32_MAX)
        return IOT_ERR_NOMEM;
    if (db->names_len + n + 1 > db->names_cap) {
        size_t ncap = db->names_cap ? db->names_cap * 2 : 65536;
        while (ncap < db->names_len + n + 1)
            ncap *= 2;
        char *nb = iot_realloc(db->names, ncap);
        if (nb == NULL)
            return IOT_ERR_NOMEM;
        db->names = nb;
        db->names_cap = ncap;
    }
    memcpy(db->names + db->names_len, s, n);
    db->names[db->names_len + n] = '\0';
    *off = (uint32_t)db->names_len;
    db->names_len += n + 1;
    return IOT_OK;
}

static int table_add(struct oui_table *t, uint64_t prefix, uint32_t off)
{
    if (t->n == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 1024;
        struct oui_entry *nv = iot_realloc(t->v, ncap * sizeof(*nv));
        if (nv == NULL)
            return IOT_ERR_NOMEM;
        t->v = nv;
        t->cap = ncap;
    }
    t->v[t->n].prefix = prefix;
    t->v[t->n].name_off = off;
    t->n++;
    return IOT_OK;
}

/* One CSV field at *pos within line [0, len): quoted ("" is a quote) or bare. Writes at most
 * outsz-1 bytes to out (longer values are cut: names are display text). Returns false on a
 * malformed field (an unterminated quote, text after a closing quote). */
static bool csv_field(const char *line, size_t len, size_t *pos, char *out, size_t outsz,
                      size_t *outlen)
{
    size_t i = *pos, o = 0;
    bool quoted = i < len && line[i] == '"';
    if (quoted)
        i++;
    for (;;) {
        if (i >= len) {
            if (quoted)
                return false;
            break;
        }
        char c = line[i];
        if (quoted && c == '"') {
            if (i + 1 < len && line[i + 1] == '"') {
                i++;
            } else {
                i++;
                if (i < len && line[i] != ',')
                    return false;
                break;
            }
        } else if (!quoted && c == ',') {
            break;
        }
        if (o + 1 < outsz)
            out[o++] = c;
        i++;
    }
    if (i < len && line[i] == ',')
        i++;
    out[o] = '\0';
    *outlen = o;
    *pos = i;
    return true;
}

static bool parse_hex_prefix(const char *s, size_t n, uint64_t *v)
{
    if (n != 6 && n != 7 && n != 9)
        return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isxdigit((unsigned char)s[i]))
            return false;
        int d = isdigit((unsigned char)s[i]) ? s[i] - '0' : (tolower((unsigned char)s[i]) - 'a' + 10);
        x = x << 4 | (uint64_t)d;
    }
    *v = x;
    return true;
}

/* Registry name to prefix length: the assignment's hex digit count must agree. */
static unsigned registry_bits(const char *reg, size_t hexlen)
{
    if (strcmp(reg, "MA-L") == 0 && hexlen == 6)
        return 24;
    if (strcmp(reg, "MA-M") == 0 && hexlen == 7)
        return 28;
    if ((strcmp(reg, "MA-S") == 0 || strcmp(reg, "IAB") == 0) && hexlen == 9)
        return 36;
    return 0;
}

static int add_line(struct iot_oui_db *db, const char *line, size_t len, const char **why)
{
    char reg[16], hex[16], name[OUI_MAX_NAME];
    size_t pos = 0, rn, hn, nn;
    if (!csv_field(line, len, &pos, reg, sizeof(reg), &rn) ||
        !csv_field(line, len, &pos, hex, sizeof(hex), &hn) ||
        !csv_field(line, len, &pos, name, sizeof(name), &nn)) {
        *why = "malformed CSV field";
        return IOT_ERR_INPUT;
    }
    uint64_t prefix;
    unsigned bits = registry_bits(reg, hn);
    if (bits == 0 || !parse_hex_prefix(hex, hn, &prefix)) {
        *why = "expected MA-L/MA-M/MA-S/IAB and a 6/7/9-digit hex assignment";
        return IOT_ERR_INPUT;
    }
    while (nn > 0 && isspace((unsigned char)name[nn - 1]))
        name[--nn] = '\0';
    if (db->total >= OUI_MAX_ENTRIES) {
        *why = "more entries than any IEEE registry holds";
        return IOT_ERR_INPUT;
    }
    struct oui_table *t = &db->t[table_index(bits)];
    uint32_t off;
    if (t->n > 0 && strcmp(db->names + t->v[t->n - 1].name_off, name) == 0)
        off = t->v[t->n - 1].name_off;
    else if (names_add(db, name, nn, &off) != IOT_OK)
        return IOT_ERR_NOMEM;
    if (table_add(t, prefix, off) != IOT_OK)
        return IOT_ERR_NOMEM;
    db->total++;
    return IOT_OK;
}

/* End of the record starting at start: the first newline outside quotes (RFC 4180 lets a
 * quoted field span lines, and the real registries use that in addresses). *lines gets the
 * number of newlines the record spans. */
static size_t record_end(const char *text, size_t len, size_t start, unsigned *lines)
{
    bool quoted = false;
    *lines = 0;
    for (size_t i = start; i < len; i++) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (text[i] == '\n' && !quoted)
            return i;
        else if (text[i] == '\n')
            (*lines)++;
    }
    return len;
}

int iot_oui_db_add_csv(struct iot_oui_db *db, const char *text, size_t len, const char *name,
                       char *err, size_t errlen)
{
    if (len < 8 || memcmp(text, "Registry", 8) != 0) {
        snprintf(err, errlen, "%s:1: expected the header 'Registry,Assignment,...'", name);
        return IOT_ERR_INPUT;
    }
    unsigned lineno = 1, spanned;
    size_t start = record_end(text, len, 0, &spanned) + 1;
    lineno += spanned;
    while (start < len) {
        size_t end = record_end(text, len, start, &spanned);
        size_t l = end - start;
        lineno++;
        if (l > 0 && text[start + l - 1] == '\r')
            l--;
        const char *why = NULL;
        if (l > 0) { /* blank lines are allowed */
            int rc = add_line(db, text + start, l, &why);
            if (rc != IOT_OK) {
                snprintf(err, errlen, "%s:%u: %s", name, lineno, why ? why : "out of memory");
                return rc;
            }
        }
        lineno += spanned;
        start = end + 1;
    }
    return IOT_OK;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct oui_entry *x = a, *y = b;
    return x->prefix < y->prefix ? -1 : x->prefix > y->prefix;
}

void iot_oui_db_finish(struct iot_oui_db *db)
{
    for (int i = 0; i < 3; i++)
        if (db->t[i].n > 1)
            qsort(db->t[i].v, db->t[i].n, sizeof(struct oui_entry), entry_cmp);
}

static char *read_file(const char *path, size_t *len, bool *absent)
{
    *absent = false;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        *absent = true;
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : (1u << 20);
            char *nb = ncap <= OUI_MAX_FILE ? iot_realloc(buf, ncap) : NULL;
            if (nb == NULL) {
                iot_free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap = ncap;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

struct iot_oui_db *iot_oui_db_load(const char *dir, char *err, size_t errlen)
{
    static const char *const files[] = {"oui.csv", "mam.csv", "oui36.csv", "iab.csv"};
    if (dir == NULL)
        dir = IOT_IEEE_DATA_DIR;
    struct iot_oui_db *db = iot_oui_db_new();
    if (db == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < IOT_ARRAY_LEN(files); i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        size_t len = 0;
        bool absent;
        char *text = read_file(path, &len, &absent);
        if (text == NULL && absent)
            continue;
        int rc = text == NULL ? IOT_ERR_NOMEM
                              : iot_oui_db_add_csv(db, text, len, path, err, errlen);
        iot_free(text);
        if (rc != IOT_OK) {
            if (rc == IOT_ERR_NOMEM)
                snprintf(err, errlen, "%s: too large or out of memory", path);
            iot_oui_db_free(db);
            return NULL;
        }
    }
    iot_oui_db_finish(db);
    return db;
}

static uint64_t mac48(const uint8_t mac[6])
{
    uint64_t v = 0;
    for (int i = 0; i < 6; i++)
        v = v << 8 | mac[i];
    return v;
}

const char *iot_oui_lookup(const struct iot_oui_db *db, const uint8_t mac[6],
                           unsigned *prefix_bits)
{
    uint64_t m = mac48(mac);
    for (int i = 0; i < 3; i++) {
        const struct oui_table *t = &db->t[i];
        uint64_t key = m >> (48 - table_bits[i]);
        size_t lo = 0, hi = t->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (t->v[mid].prefix < key)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < t->n && t->v[lo].prefix == key) {
            if (prefix_bits != NULL)
                *prefix_bits = table_bits[i];
            return db->names + t->v[lo].name_off;
        }
    }
    return NULL;
}

enum iot_mac_kind iot_mac_kind(const uint8_t mac[6])
{
    if (mac[0] & 0x01)
        return IOT_MAC_GROUP;
    if (mac[0] & 0x02)
        return IOT_MAC_LOCAL;
    return IOT_MAC_UNIVERSAL;
}

size_t iot_oui_db_count(const struct iot_oui_db *db, unsigned prefix_bits)
{
    int i = table_index(prefix_bits);
    return i < 0 ? 0 : db->t[i].n;
}
