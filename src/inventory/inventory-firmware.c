/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Minimum firmware versions: the strict, line-numbered loader and the version comparison. */
#include "iotsec-common.h"
#include "inventory/inventory-firmware.h"

#include <ctype.h>
#include <strings.h>

#include "util/util-file.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

#define FW_MAX_FILE (1u << 20)

/* ---- versions -------------------------------------------------------------------------------- */

static bool version_char(char c)
{
    return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_' || c == '+' || c == '(' ||
           c == ')' || c == '~' || c == ' ';
}

bool iot_fwmin_version_valid(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n >= IOT_FWMIN_VERSION_MAX)
        return false;
    const char *s = (v[0] == 'v' || v[0] == 'V') ? v + 1 : v;
    if (!isdigit((unsigned char)s[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!version_char(v[i]))
            return false;
    return true;
}

enum tok_kind { TOK_PRE = 0, TOK_END = 1, TOK_WORD = 2, TOK_NUM = 3 };

struct tok {
    enum tok_kind kind;
    const char *s;
    size_t len;
    int pre; /* TOK_PRE: rank among the pre-release words */
};

/* Release stages, oldest first; single letters are not among them ("1.0a" is a patch letter as
 * often as an alpha, and OpenSSL-style patch letters are the commoner on devices). */
static const char *const pre_words[] = {"dev", "alpha", "beta", "pre", "rc"};

/* The next number or word of a version at *pos; separators (anything else) are skipped, so
 * "12.2(44)SE" reads 12 2 44 SE and "1.0-rc1" reads 1 0 rc 1. */
static struct tok next_tok(const char *v, size_t *pos)
{
    struct tok t = {TOK_END, NULL, 0, 0};
    while (v[*pos] != '\0' && !isalnum((unsigned char)v[*pos]))
        (*pos)++;
    if (v[*pos] == '\0')
        return t;
    size_t start = *pos;
    if (isdigit((unsigned char)v[start])) {
        while (isdigit((unsigned char)v[*pos]))
            (*pos)++;
        while (start + 1 < *pos && v[start] == '0')
            start++; /* leading zeros do not count: 0124 = 124 */
        t.kind = TOK_NUM;
    } else {
        while (isalpha((unsigned char)v[*pos]))
            (*pos)++;
        t.kind = TOK_WORD;
        for (size_t i = 0; i < IOT_ARRAY_LEN(pre_words); i++) {
            if (strlen(pre_words[i]) == *pos - start &&
                strncasecmp(v + start, pre_words[i], *pos - start) == 0) {
                t.kind = TOK_PRE;
                t.pre = (int)i;
            }
        }
    }
    t.s = v + start;
    t.len = *pos - start;
    return t;
}

static int tok_cmp(const struct tok *a, const struct tok *b)
{
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    switch (a->kind) {
    case TOK_END:
        return 0;
    case TOK_PRE:
        return a->pre < b->pre ? -1 : a->pre > b->pre;
    case TOK_NUM:
        /* Digit strings without leading zeros: the longer is the larger, so any length compares
         * without overflow (firmware build numbers run to ten digits and more). */
        if (a->len != b->len)
            return a->len < b->len ? -1 : 1;
        return memcmp(a->s, b->s, a->len);
    case TOK_WORD: {
        size_t n = IOT_MIN(a->len, b->len);
        int c = strncasecmp(a->s, b->s, n);
        if (c != 0)
            return c;
        return a->len < b->len ? -1 : a->len > b->len;
    }
    }
    return 0;
}

/* A leading v/V before a digit is a prefix ("v3.20"), not a word. */
static size_t skip_v(const char *v)
{
    return (v[0] == 'v' || v[0] == 'V') && isdigit((unsigned char)v[1]) ? 1 : 0;
}

int iot_fwmin_version_cmp(const char *a, const char *b)
{
    size_t pa = skip_v(a), pb = skip_v(b);
    for (;;) {
        struct tok ta = next_tok(a, &pa), tb = next_tok(b, &pb);
        int c = tok_cmp(&ta, &tb);
        if (c != 0)
            return c < 0 ? -1 : 1;
        if (ta.kind == TOK_END)
            return 0;
    }
}

/* ---- the data file --------------------------------------------------------------------------- */

/* Copies field [s, e) trimmed into out; returns why it cannot, or NULL. */
static const char *take_field(const char *s, const char *e, char *out, size_t outsz,
                              const char *what_empty, const char *what_long)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if (s == e)
        return what_empty;
    if ((size_t)(e - s) >= outsz)
        return what_long;
    for (const char *p = s; p < e; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t')
            return "control character in a field";
    memcpy(out, s, (size_t)(e - s));
    out[e - s] = '\0';
    return NULL;
}

static const char *parse_entry(const char *line, size_t len, struct iot_fwmin_entry *en)
{
    const char *f[5];
    size_t nf = 0;
    const char *end = line + len;
    f[nf++] = line;
    for (const char *p = line; p < end; p++) {
        if (*p != '|')
            continue;
        if (nf == 4)
            return "too many fields: expected VENDOR | MODEL | MINIMUM | ADVISORY";
        f[nf++] = p + 1;
    }
    if (nf != 4)
        return "expected VENDOR | MODEL | MINIMUM | ADVISORY";
    f[4] = end + 1;
    memset(en, 0, sizeof(*en));
    const char *why = take_field(f[0], f[1] - 1, en->vendor, sizeof(en->vendor), "empty vendor",
                                 "vendor longer than 95 bytes");
    if (why == NULL)
        why = take_field(f[1], f[2] - 1, en->model, sizeof(en->model),
                         "empty model (write * for every model of the vendor)",
                         "model longer than 95 bytes");
    char minimum[IOT_FWMIN_VERSION_MAX + 1];
    if (why == NULL)
        why = take_field(f[2], f[3] - 1, minimum, sizeof(minimum), "empty minimum version",
                         "minimum version longer than 63 bytes");
    if (why == NULL)
        why = take_field(f[3], f[4] - 1, en->advisory, sizeof(en->advisory),
                         "empty advisory (name the CVE or vendor bulletin)",
                         "advisory longer than 191 bytes");
    if (why != NULL)
        return why;
    size_t ml = strlen(en->model);
    if (en->model[ml - 1] == '*') {
        en->model_prefix = true;
        en->model[--ml] = '\0';
    }
    if (strchr(en->model, '*') != NULL)
        return "'*' may only end the model";
    if (!iot_fwmin_version_valid(minimum))
        return "the minimum is not a version (a digit first; letters, digits, . - _ + ( ) ~)";
    iot_strlcpy(en->minimum, minimum, sizeof(en->minimum));
    return NULL;
}

static bool same_key(const struct iot_fwmin_entry *a, const struct iot_fwmin_entry *b)
{
    return a->model_prefix == b->model_prefix && strcasecmp(a->vendor, b->vendor) == 0 &&
           strcasecmp(a->model, b->model) == 0;
}

static int db_push(struct iot_fwmin_db *db, const struct iot_fwmin_entry *en)
{
    if (db->n == db->cap) {
        size_t ncap = db->cap ? db->cap * 2 : 16;
        struct iot_fwmin_entry *ne = iot_realloc(db->entries, ncap * sizeof(*ne));
        if (ne == NULL)
            return IOT_ERR_NOMEM;
        db->entries = ne;
        db->cap = ncap;
    }
    db->entries[db->n++] = *en;
    return IOT_OK;
}

int iot_fwmin_parse(struct iot_fwmin_db *db, const char *text, size_t len, const char *name,
                    char *err, size_t errlen)
{
    const char *base = strrchr(name, '/');
    iot_strlcpy(db->name, base != NULL ? base + 1 : name, sizeof(db->name));
    size_t pos = 0, l = 0;
    unsigned lineno = 0;
    const char *line = NULL;
    while (iot_text_next_line(text, len, &pos, &lineno, &line, &l)) {
        struct iot_fwmin_entry en;
        const char *why = parse_entry(line, l, &en);
        for (size_t i = 0; why == NULL && i < db->n; i++)
            if (same_key(&db->entries[i], &en))
                why = "this vendor and model have an entry already";
        if (why == NULL && db->n >= IOT_FWMIN_MAX_ENTRIES)
            why = "too many entries";
        if (why != NULL) {
            snprintf(err, errlen, "%s:%u: %s", name, lineno, why);
            return IOT_ERR_INPUT;
        }
        en.line = lineno;
        if (db_push(db, &en) != IOT_OK) {
            snprintf(err, errlen, "%s: out of memory", name);
            return IOT_ERR_NOMEM;
        }
    }
    return IOT_OK;
}

int iot_fwmin_load(struct iot_fwmin_db *db, const char *path, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t n = 0;
    int rc = iot_file_read_all(path, FW_MAX_FILE - 1, &buf, &n, err, errlen);
    if (rc != IOT_OK)
        return rc;
    if (buf == NULL) {
        snprintf(err, errlen, "%s: cannot open the firmware minimum file", path);
        return IOT_ERR_IO;
    }
    rc = iot_fwmin_parse(db, buf, n, path, err, errlen);
    iot_free(buf);
    return rc;
}

void iot_fwmin_free(struct iot_fwmin_db *db)
{
    iot_free(db->entries);
    memset(db, 0, sizeof(*db));
}

/* ---- lookups --------------------------------------------------------------------------------- */

const struct iot_fwmin_entry *iot_fwmin_lookup(const struct iot_fwmin_db *db, const char *vendor,
                                               const char *model)
{
    if (db == NULL || vendor[0] == '\0' || model[0] == '\0')
        return NULL;
    const struct iot_fwmin_entry *best = NULL;
    size_t mlen = strlen(model);
    for (size_t i = 0; i < db->n; i++) {
        const struct iot_fwmin_entry *en = &db->entries[i];
        if (strcasecmp(en->vendor, vendor) != 0)
            continue;
        if (!en->model_prefix) {
            if (strcasecmp(en->model, model) == 0)
                return en;
            continue;
        }
        size_t pl = strlen(en->model);
        if (pl <= mlen && strncasecmp(en->model, model, pl) == 0 &&
            (best == NULL || pl > strlen(best->model)))
            best = en;
    }
    return best;
}

const struct iot_fwmin_entry *iot_fwmin_check(const struct iot_fwmin_db *db, const char *vendor,
                                              const char *model, const char *version)
{
    if (!iot_fwmin_version_valid(version))
        return NULL;
    const struct iot_fwmin_entry *en = iot_fwmin_lookup(db, vendor, model);
    return en != NULL && iot_fwmin_version_cmp(version, en->minimum) < 0 ? en : NULL;
}
