/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The classification rules loader (strict, line-numbered) and condition matching. */
#include "iotsec-common.h"
#include "inventory/inventory-rules.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>

#include "util/util-file.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

#define RULES_MAX_FILE (4u << 20)

static const char *const attr_names[IOT_ATTR_MAX] = {"kind", "vendor", "model", "os", "firmware"};

static const char *const kinds[] = {"camera", "nvr",      "plug",     "bulb",    "thermostat",
                                    "speaker", "tv",      "printer",  "hub",     "medical",
                                    "plc",     "hvac",    "phone",    "computer", "router",
                                    "sensor",  "appliance", "unknown"};

const char *iot_attr_name(enum iot_attr a)
{
    return (unsigned)a < IOT_ATTR_MAX ? attr_names[a] : "?";
}

bool iot_kind_valid(const char *kind)
{
    for (size_t i = 0; i < IOT_ARRAY_LEN(kinds); i++)
        if (strcmp(kinds[i], kind) == 0)
            return true;
    return false;
}

/* Case-insensitive substring search; values are short (<= 96 bytes), so the simple loop is
 * fine and needs no locale. */
static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return true;
    for (; *hay != '\0'; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

bool iot_rule_op_match(enum iot_rule_op op, const char *want, const char *value)
{
    size_t wn = strlen(want), vn = strlen(value);
    switch (op) {
    case IOT_OP_EQ:
        return strcasecmp(want, value) == 0;
    case IOT_OP_PREFIX:
        return vn >= wn && strncasecmp(value, want, wn) == 0;
    case IOT_OP_SUFFIX:
        return vn >= wn && strcasecmp(value + vn - wn, want) == 0;
    case IOT_OP_CONTAINS:
        return contains_ci(value, want);
    case IOT_OP_REGEX:
        break; /* needs the compiled pattern: iot_rule_cond_match */
    }
    return false;
}

bool iot_rule_cond_match(const struct iot_rule_cond *c, const char *value)
{
    if (c->op == IOT_OP_REGEX)
        return regexec(c->re, value, 0, NULL, 0) == 0;
    return iot_rule_op_match(c->op, c->value, value);
}

/* Appends s[0..n) to out at *o, keeping room for the NUL. */
static void put(char *out, size_t len, size_t *o, const char *s, size_t n)
{
    size_t room = len - 1 - *o;
    size_t k = n < room ? n : room;
    memcpy(out + *o, s, k);
    *o += k;
}

void iot_rule_expand(const struct iot_rule_set *st, const struct iot_rule_cond *c,
                     const char *value, char *out, size_t len)
{
    if (len == 0)
        return;
    regmatch_t m[10];
    bool groups = false;
    if (st->from_match && c->op == IOT_OP_REGEX)
        groups = regexec(c->re, value, 10, m, 0) == 0;
    size_t o = 0;
    for (const char *s = st->value; *s != '\0' && o + 1 < len;) {
        if (strncmp(s, "{value}", 7) == 0 && st->from_match) {
            put(out, len, &o, value, strlen(value));
            s += 7;
        } else if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}' && st->from_match) {
            int g = s[1] - '0';
            if (groups && m[g].rm_so >= 0)
                put(out, len, &o, value + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so));
            s += 3;
        } else {
            out[o++] = *s++;
        }
    }
    out[o] = '\0';
}

/* A small tokenizer over one line. */
struct lex {
    const char *s;
    size_t len, pos;
};

static void lex_space(struct lex *lx)
{
    while (lx->pos < lx->len && (lx->s[lx->pos] == ' ' || lx->s[lx->pos] == '\t'))
        lx->pos++;
}

static bool lex_char(struct lex *lx, char c)
{
    lex_space(lx);
    if (lx->pos < lx->len && lx->s[lx->pos] == c) {
        lx->pos++;
        return true;
    }
    return false;
}

static bool lex_word(struct lex *lx, char *out, size_t outsz)
{
    lex_space(lx);
    size_t n = 0;
    while (lx->pos < lx->len) {
        char c = lx->s[lx->pos];
        if (!(isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-' || c == '/'))
            break;
        if (n + 1 >= outsz)
            return false;
        out[n++] = c;
        lx->pos++;
    }
    out[n] = '\0';
    return n > 0;
}

/* "text" with \" and \\ escapes. */
static bool lex_string(struct lex *lx, char *out, size_t outsz)
{
    lex_space(lx);
    if (lx->pos >= lx->len || lx->s[lx->pos] != '"')
        return false;
    lx->pos++;
    size_t n = 0;
    while (lx->pos < lx->len && lx->s[lx->pos] != '"') {
        char c = lx->s[lx->pos++];
        if (c == '\\' && lx->pos < lx->len)
            c = lx->s[lx->pos++];
        if (n + 1 >= outsz)
            return false;
        out[n++] = c;
    }
    if (lx->pos >= lx->len)
        return false;
    lx->pos++;
    out[n] = '\0';
    return true;
}

static bool parse_op(struct lex *lx, enum iot_rule_op *op)
{
    lex_space(lx);
    if (lx->pos >= lx->len)
        return false;
    if (lx->pos + 1 < lx->len && lx->s[lx->pos] == '=' && lx->s[lx->pos + 1] == '~') {
        *op = IOT_OP_REGEX;
        lx->pos += 2;
        return true;
    }
    switch (lx->s[lx->pos]) {
    case '=': *op = IOT_OP_EQ; break;
    case '^': *op = IOT_OP_PREFIX; break;
    case '$': *op = IOT_OP_SUFFIX; break;
    case '~': *op = IOT_OP_CONTAINS; break;
    default: return false;
    }
    lx->pos++;
    return true;
}

/* Compiles a =~ condition's pattern. Returns NULL, or why it cannot (a constant, or the
 * regcomp message formatted into why). */
static const char *compile_regex(struct iot_rule_cond *c, char *why, size_t whylen)
{
    /* Interval repetitions ({m,n}) are what make glibc's regcomp blow up in time and memory
     * when nested; the rest of ERE is cheap on our short values. */
    for (const char *s = c->value; *s != '\0'; s++) {
        if (*s == '\\' && s[1] != '\0')
            s++;
        else if (*s == '{')
            return "interval repetitions {m,n} are not supported in =~ (write the repeats out)";
    }
    regex_t *re = iot_malloc(sizeof(*re));
    if (re == NULL)
        return "out of memory";
    int rc = regcomp(re, c->value, REG_EXTENDED | REG_ICASE);
    if (rc != 0) {
        char msg[96];
        regerror(rc, re, msg, sizeof(msg));
        iot_free(re);
        snprintf(why, whylen, "bad regular expression: %s", msg);
        return why;
    }
    c->re = re;
    return NULL;
}

static void rule_release(struct iot_rule *r)
{
    for (unsigned i = 0; i < r->nconds; i++) {
        if (r->conds[i].re != NULL) {
            regfree(r->conds[i].re);
            iot_free(r->conds[i].re);
            r->conds[i].re = NULL;
        }
    }
}

static const char *parse_conds(struct lex *lx, struct iot_rule *r, char *why, size_t whylen)
{
    do {
        if (r->nconds == IOT_RULE_MAX_CONDS)
            return "too many conditions (at most 4)";
        struct iot_rule_cond *c = &r->conds[r->nconds++];
        if (!lex_word(lx, c->field, sizeof(c->field)))
            return "expected a field name";
        if (!parse_op(lx, &c->op))
            return "expected an operator: = ^ $ ~ =~";
        if (!lex_string(lx, c->value, sizeof(c->value)))
            return "expected a quoted value (at most 95 bytes)";
        const char *bad = c->op == IOT_OP_REGEX ? compile_regex(c, why, whylen) : NULL;
        if (bad != NULL)
            return bad;
    } while (lex_char(lx, '&'));
    return NULL;
}

/* {value} or {1}..{9} in an assignment: it takes the first condition's match, and a group
 * must exist in that condition's regex. */
static const char *check_template(struct iot_rule *r, struct iot_rule_set *st)
{
    for (const char *s = st->value; *s != '\0'; s++) {
        if (strncmp(s, "{value}", 7) == 0) {
            st->from_match = true;
        } else if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}') {
            const struct iot_rule_cond *c = &r->conds[0];
            if (c->op != IOT_OP_REGEX || (size_t)(s[1] - '0') > ((regex_t *)c->re)->re_nsub)
                return "{N} names a group the first condition's regular expression lacks";
            st->from_match = true;
        }
    }
    return NULL;
}

static const char *parse_set(struct lex *lx, struct iot_rule *r, const char *word)
{
    if (r->nsets == IOT_RULE_MAX_SETS)
        return "too many assignments (at most 4)";
    struct iot_rule_set *st = &r->sets[r->nsets];
    int a = -1;
    for (int i = 0; i < IOT_ATTR_MAX; i++)
        if (strcmp(word, attr_names[i]) == 0)
            a = i;
    if (a < 0)
        return "unknown attribute (kind, vendor, model, os, firmware)";
    st->attr = (enum iot_attr)a;
    if (!lex_char(lx, '='))
        return "expected '=' after the attribute";
    lex_space(lx);
    size_t tl = 0;
    while (lx->pos + tl < lx->len && lx->s[lx->pos + tl] == '{') {
        const char *e = memchr(lx->s + lx->pos + tl, '}', lx->len - lx->pos - tl);
        if (e == NULL)
            break;
        tl = (size_t)(e - (lx->s + lx->pos)) + 1;
    }
    if (tl > 0 && tl < sizeof(st->value)) {
        memcpy(st->value, lx->s + lx->pos, tl); /* a bare {value} or {N} */
        st->value[tl] = '\0';
        lx->pos += tl;
    } else if (!lex_string(lx, st->value, sizeof(st->value)) &&
               !lex_word(lx, st->value, sizeof(st->value))) {
        return "expected a value, a quoted string, {value} or {N}";
    }
    const char *why = check_template(r, st);
    if (why != NULL)
        return why;
    if (st->attr == IOT_ATTR_KIND && (st->from_match || !iot_kind_valid(st->value)))
        return "unknown kind (see docs/inventory.md for the list)";
    r->nsets++;
    return NULL;
}

static const char *parse_weight(const char *word, double *w)
{
    errno = 0;
    char *end = NULL;
    double v = strtod(word, &end);
    if (errno != 0 || end == word || *end != '\0' || !(v > 0.0 && v <= 1.0) || isnan(v))
        return "the weight must be a number in (0, 1]";
    *w = v;
    return NULL;
}

static const char *parse_rule(const char *line, size_t len, struct iot_rule *r, char *why_buf,
                              size_t why_len)
{
    struct lex lx = {line, len, 0};
    memset(r, 0, sizeof(*r));
    if (!lex_word(&lx, r->name, sizeof(r->name)))
        return "expected a rule name (letters, digits, . _ - /; at most 47)";
    if (!lex_char(&lx, ':'))
        return "expected ':' after the rule name";
    const char *why = parse_conds(&lx, r, why_buf, why_len);
    if (why != NULL)
        return why;
    if (!lex_char(&lx, '=') || !lex_char(&lx, '>'))
        return "expected '=>' after the conditions";
    char word[IOT_RULE_VALUE_MAX];
    for (;;) {
        if (!lex_word(&lx, word, sizeof(word)))
            return "expected assignments and a weight";
        lex_space(&lx);
        if (lx.pos < lx.len && lx.s[lx.pos] == '=') {
            why = parse_set(&lx, r, word);
            if (why != NULL)
                return why;
            continue;
        }
        why = parse_weight(word, &r->weight);
        if (why != NULL)
            return why;
        break;
    }
    lex_space(&lx);
    if (lx.pos != lx.len)
        return "unexpected text after the weight";
    if (r->nsets == 0)
        return "a rule must assign at least one attribute";
    return NULL;
}

static int rules_push(struct iot_ruleset *rs, const struct iot_rule *r)
{
    if (rs->n == rs->cap) {
        size_t ncap = rs->cap ? rs->cap * 2 : 64;
        struct iot_rule *nr = iot_realloc(rs->rules, ncap * sizeof(*nr));
        if (nr == NULL)
            return IOT_ERR_NOMEM;
        rs->rules = nr;
        rs->cap = ncap;
    }
    rs->rules[rs->n++] = *r;
    return IOT_OK;
}

static bool name_taken(const struct iot_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->rules[i].name, name) == 0)
            return true;
    return false;
}

int iot_rules_parse(struct iot_ruleset *rs, const char *text, size_t len, const char *name,
                    char *err, size_t errlen)
{
    size_t pos = 0, l = 0;
    unsigned lineno = 0;
    const char *line = NULL;
    while (iot_text_next_line(text, len, &pos, &lineno, &line, &l)) {
        struct iot_rule r;
        char why_buf[160];
        const char *why = parse_rule(line, l, &r, why_buf, sizeof(why_buf));
        if (why == NULL && name_taken(rs, r.name))
            why = "a rule of this name exists already";
        if (why == NULL && rs->n >= IOT_RULES_MAX)
            why = "too many rules";
        if (why != NULL) {
            snprintf(err, errlen, "%s:%u: %s", name, lineno, why);
            rule_release(&r);
            return IOT_ERR_INPUT;
        }
        r.line = lineno;
        if (rules_push(rs, &r) != IOT_OK) {
            snprintf(err, errlen, "%s: out of memory", name);
            rule_release(&r);
            return IOT_ERR_NOMEM;
        }
    }
    return IOT_OK;
}

int iot_rules_load(struct iot_ruleset *rs, const char *path, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t n = 0;
    int rc = iot_file_read_all(path, RULES_MAX_FILE - 1, &buf, &n, err, errlen);
    if (rc != IOT_OK)
        return rc;
    if (buf == NULL) {
        snprintf(err, errlen, "%s: cannot open rules file", path);
        return IOT_ERR_IO;
    }
    rc = iot_rules_parse(rs, buf, n, path, err, errlen);
    iot_free(buf);
    return rc;
}

void iot_rules_free(struct iot_ruleset *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        rule_release(&rs->rules[i]);
    iot_free(rs->rules);
    memset(rs, 0, sizeof(*rs));
}
