/* SPDX-License-Identifier: GPL-3.0-or-later */
/* p0f v3 signature database loader (strict, line-numbered) and TCP SYN matcher. The format and
 * the matching rules follow section 5 of p0f's README and the comments of p0f.fp; this is an
 * independent implementation, not p0f's code. */
#include "iotsec-common.h"
#include "inventory/inventory-p0f.h"

#include <stdarg.h>

#include "decode/decode.h"
#include "util/util-cursor.h"
#include "util/util-mem.h"

/* TCP option kinds (RFC 9293, 7323, 2018) as p0f names them in olayout. */
enum { OPT_EOL = 0, OPT_NOP = 1, OPT_MSS = 2, OPT_WS = 3, OPT_SOK = 4, OPT_SACK = 5, OPT_TS = 8 };

#define TCP_SYN 0x02u
#define TCP_PSH 0x08u
#define TCP_ACK 0x10u
#define TCP_URG 0x20u
#define TCP_ECE 0x40u
#define TCP_CWR 0x80u

/* Quirks that only mean something for one IP version; the README says a signature scoped to
 * both ignores them on packets of the other version. */
#define QUIRKS_V4_ONLY (IOT_P0F_Q_DF | IOT_P0F_Q_ID_NZ | IOT_P0F_Q_ID_Z | IOT_P0F_Q_MBZ)
#define QUIRKS_V6_ONLY (IOT_P0F_Q_FLOW)
/* The README's fuzzy rule: df and id+ may disappear, id- and ecn may appear. */
#define QUIRKS_MAY_VANISH (IOT_P0F_Q_DF | IOT_P0F_Q_ID_NZ)
#define QUIRKS_MAY_APPEAR (IOT_P0F_Q_ID_Z | IOT_P0F_Q_ECN)

static const char *const quirk_names[] = {
    "df",    "id+",   "id-",    "ecn",  "0+",   "flow", "seq-", "ack+", "ack-",
    "uptr+", "urgf+", "pushf+", "ts1-", "ts2+", "opt+", "exws", "bad",
};

enum win_type { WIN_ANY, WIN_EXACT, WIN_MSS, WIN_MTU, WIN_MOD };

struct p0f_sig {
    struct iot_p0f_match pub;
    uint8_t ver; /* 4, 6, or 0 for '*' */
    uint8_t ittl;
    bool ttl_random; /* "64-": user-space tools randomise the TTL below this */
    uint8_t olen;
    int32_t mss; /* -1: any */
    uint8_t win_type;
    uint16_t win;  /* the value, the multiplier, or the modulus */
    int16_t scale; /* -1: any */
    uint8_t opts[IOT_P0F_MAX_OPTS];
    uint8_t nopts;
    uint8_t eol_pad; /* N of eol+N */
    uint32_t quirks;
    int8_t pclass; /* -1 any, 0 no payload, 1 payload */
};

enum section { SEC_NONE, SEC_MTU, SEC_TCP_REQ, SEC_TCP_RESP, SEC_HTTP_REQ, SEC_HTTP_RESP };

struct iot_p0f_db {
    struct iot_p0f_label **labels; /* separately allocated so signature pointers stay valid */
    size_t nlabels, labels_cap;
    struct p0f_sig *sigs;
    size_t nsigs, sigs_cap;
    char classes[IOT_P0F_MAX_CLASSES][IOT_P0F_CLASS_LEN];
    size_t nclasses;
    bool classes_seen;
};

/* A view of part of one line: never NUL-terminated, always used with its length. */
struct span {
    const char *p;
    size_t n;
};

/* ------------------------------------------------------------------------------------------ */
/* Database object */

struct iot_p0f_db *iot_p0f_new(void)
{
    return iot_calloc(1, sizeof(struct iot_p0f_db));
}

void iot_p0f_free(struct iot_p0f_db *db)
{
    if (db == NULL)
        return;
    for (size_t i = 0; i < db->nlabels; i++)
        iot_free(db->labels[i]);
    iot_free(db->labels);
    iot_free(db->sigs);
    iot_free(db);
}

size_t iot_p0f_sig_count(const struct iot_p0f_db *db)
{
    return db->nsigs;
}

size_t iot_p0f_label_count(const struct iot_p0f_db *db)
{
    return db->nlabels;
}

static struct iot_p0f_label *label_new(struct iot_p0f_db *db)
{
    if (db->nlabels == db->labels_cap) {
        size_t ncap = db->labels_cap ? db->labels_cap * 2 : 64;
        struct iot_p0f_label **nl = iot_realloc(db->labels, ncap * sizeof(*nl));
        if (nl == NULL)
            return NULL;
        db->labels = nl;
        db->labels_cap = ncap;
    }
    struct iot_p0f_label *l = iot_calloc(1, sizeof(*l));
    if (l != NULL)
        db->labels[db->nlabels++] = l;
    return l;
}

static struct p0f_sig *sig_new(struct iot_p0f_db *db)
{
    if (db->nsigs == db->sigs_cap) {
        size_t ncap = db->sigs_cap ? db->sigs_cap * 2 : 64;
        struct p0f_sig *ns = iot_realloc(db->sigs, ncap * sizeof(*ns));
        if (ns == NULL)
            return NULL;
        db->sigs = ns;
        db->sigs_cap = ncap;
    }
    struct p0f_sig *s = &db->sigs[db->nsigs++];
    memset(s, 0, sizeof(*s));
    return s;
}

/* ------------------------------------------------------------------------------------------ */
/* Text helpers */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static struct span span_trim(struct span s)
{
    while (s.n > 0 && is_blank(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n > 0 && is_blank(s.p[s.n - 1]))
        s.n--;
    return s;
}

static bool span_eq(struct span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.n == n && memcmp(s.p, lit, n) == 0;
}

/* Splits s at the first c: head before it, rest after it. False when c is absent. */
static bool span_split(struct span s, char c, struct span *head, struct span *rest)
{
    const char *hit = s.n ? memchr(s.p, c, s.n) : NULL;
    if (hit == NULL)
        return false;
    size_t i = (size_t)(hit - s.p);
    head->p = s.p;
    head->n = i;
    rest->p = s.p + i + 1;
    rest->n = s.n - i - 1;
    return true;
}

static size_t span_count(struct span s, char c)
{
    size_t k = 0;
    for (size_t i = 0; i < s.n; i++)
        k += s.p[i] == c;
    return k;
}

/* A decimal number of 1 to 5 digits not above max. Longer digit strings are refused before
 * they are summed, so no value can overflow. */
static bool span_uint(struct span s, uint32_t max, uint32_t *v)
{
    if (s.n == 0 || s.n > 5)
        return false;
    uint32_t x = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
        x = x * 10 + (uint32_t)(s.p[i] - '0');
    }
    if (x > max)
        return false;
    *v = x;
    return true;
}

/* Copies s into a fixed array; false when it does not fit (a strict loader refuses rather
 * than silently cutting a name that later shows up in evidence). */
static bool span_copy(struct span s, char *dst, size_t cap)
{
    if (s.n >= cap)
        return false;
    memcpy(dst, s.p, s.n);
    dst[s.n] = '\0';
    return true;
}

/* ------------------------------------------------------------------------------------------ */
/* Signature fields */

static const struct {
    const char *name;
    uint8_t kind;
} opt_names[] = {
    {"nop", OPT_NOP}, {"mss", OPT_MSS},   {"ws", OPT_WS},
    {"sok", OPT_SOK}, {"sack", OPT_SACK}, {"ts", OPT_TS},
};

static const char *opt_name(uint8_t kind)
{
    for (size_t i = 0; i < IOT_ARRAY_LEN(opt_names); i++)
        if (opt_names[i].kind == kind)
            return opt_names[i].name;
    return NULL;
}

/* "mss,nop,ws,nop,nop,ts,sok,eol+1": eol+N must come last, N counting padding bytes. */
static bool parse_olayout(struct span s, struct p0f_sig *sig, const char **why)
{
    sig->nopts = 0;
    if (s.n == 0)
        return true;
    bool more = true;
    while (more) {
        struct span tok = {0}, rest = {0};
        more = span_split(s, ',', &tok, &rest);
        if (!more)
            tok = s;
        if (sig->nopts >= IOT_P0F_MAX_OPTS) {
            *why = "too many options in olayout";
            return false;
        }
        if (sig->nopts > 0 && sig->opts[sig->nopts - 1] == OPT_EOL) {
            *why = "option after eol in olayout";
            return false;
        }
        uint32_t v;
        bool known = false;
        for (size_t i = 0; i < IOT_ARRAY_LEN(opt_names) && !known; i++) {
            if (span_eq(tok, opt_names[i].name)) {
                sig->opts[sig->nopts++] = opt_names[i].kind;
                known = true;
            }
        }
        if (!known && tok.n > 4 && memcmp(tok.p, "eol+", 4) == 0) {
            struct span num = {tok.p + 4, tok.n - 4};
            if (!span_uint(num, 40, &v)) {
                *why = "bad eol+N in olayout (N is 0 to 40)";
                return false;
            }
            sig->opts[sig->nopts++] = OPT_EOL;
            sig->eol_pad = (uint8_t)v;
            known = true;
        } else if (!known && tok.n > 1 && tok.p[0] == '?') {
            struct span num = {tok.p + 1, tok.n - 1};
            if (!span_uint(num, 255, &v)) {
                *why = "bad ?N in olayout (N is 0 to 255)";
                return false;
            }
            sig->opts[sig->nopts++] = (uint8_t)v;
            known = true;
        }
        if (!known) {
            *why = "unknown option in olayout";
            return false;
        }
        s = rest;
    }
    return true;
}

static bool parse_quirks(struct span s, uint32_t *out, const char **why)
{
    *out = 0;
    if (s.n == 0)
        return true;
    bool more = true;
    while (more) {
        struct span tok = {0}, rest = {0};
        more = span_split(s, ',', &tok, &rest);
        if (!more)
            tok = s;
        size_t i = 0;
        while (i < IOT_ARRAY_LEN(quirk_names) && !span_eq(tok, quirk_names[i]))
            i++;
        if (i == IOT_ARRAY_LEN(quirk_names)) {
            *why = "unknown quirk";
            return false;
        }
        if (*out & (1u << i)) {
            *why = "quirk listed twice";
            return false;
        }
        *out |= 1u << i;
        s = rest;
    }
    return true;
}

/* "mss*20", "mtu*4", "%8192", "8192" or "*". */
static bool parse_wsize(struct span s, struct p0f_sig *sig)
{
    uint32_t v;
    if (span_eq(s, "*")) {
        sig->win_type = WIN_ANY;
        return true;
    }
    if (s.n > 4 && (memcmp(s.p, "mss*", 4) == 0 || memcmp(s.p, "mtu*", 4) == 0)) {
        struct span num = {s.p + 4, s.n - 4};
        if (!span_uint(num, 65535, &v) || v == 0)
            return false;
        sig->win_type = s.p[1] == 's' ? WIN_MSS : WIN_MTU;
    } else if (s.n > 1 && s.p[0] == '%') {
        struct span num = {s.p + 1, s.n - 1};
        if (!span_uint(num, 65535, &v) || v == 0) /* a zero modulus would divide by zero */
            return false;
        sig->win_type = WIN_MOD;
    } else {
        if (!span_uint(s, 65535, &v))
            return false;
        sig->win_type = WIN_EXACT;
    }
    sig->win = (uint16_t)v;
    return true;
}

/* ittl: "64", "64-" (randomised below 64) or "54+10" (observed plus distance, as p0f prints). */
static bool parse_ttl(struct span s, struct p0f_sig *sig)
{
    uint32_t v, d;
    struct span a, b;
    sig->ttl_random = false;
    if (s.n > 1 && s.p[s.n - 1] == '-') {
        s.n--;
        sig->ttl_random = true;
    }
    if (!sig->ttl_random && span_split(s, '+', &a, &b)) {
        if (!span_uint(a, 255, &v) || !span_uint(b, 255, &d) || v + d > 255 || v + d == 0)
            return false;
        sig->ittl = (uint8_t)(v + d);
        return true;
    }
    if (!span_uint(s, 255, &v) || v == 0)
        return false;
    sig->ittl = (uint8_t)v;
    return true;
}

/* sig = ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass */
static bool parse_tcp_sig(struct span s, struct p0f_sig *sig, const char **why)
{
    if (span_count(s, ':') != 7) {
        *why = "expected 8 ':'-separated fields in a TCP signature";
        return false;
    }
    struct span f[8];
    for (int i = 0; i < 7; i++)
        (void)span_split(s, ':', &f[i], &s);
    f[7] = s;
    uint32_t v;

    if (span_eq(f[0], "*"))
        sig->ver = 0;
    else if (span_eq(f[0], "4") || span_eq(f[0], "6"))
        sig->ver = (uint8_t)(f[0].p[0] - '0');
    else {
        *why = "bad ver (4, 6 or *)";
        return false;
    }
    if (!parse_ttl(f[1], sig)) {
        *why = "bad ittl (1 to 255, optionally with - or +distance)";
        return false;
    }
    if (!span_uint(f[2], 255, &v)) {
        *why = "bad olen";
        return false;
    }
    sig->olen = (uint8_t)v;
    if (span_eq(f[3], "*")) {
        sig->mss = -1;
    } else if (span_uint(f[3], 65535, &v)) {
        sig->mss = (int32_t)v;
    } else {
        *why = "bad mss";
        return false;
    }
    struct span ws, sc;
    if (!span_split(f[4], ',', &ws, &sc)) {
        *why = "expected wsize,scale";
        return false;
    }
    if (!parse_wsize(ws, sig)) {
        *why = "bad wsize (*, N, mss*N, mtu*N or %N)";
        return false;
    }
    if (span_eq(sc, "*")) {
        sig->scale = -1;
    } else if (span_uint(sc, 255, &v)) {
        sig->scale = (int16_t)v;
    } else {
        *why = "bad scale";
        return false;
    }
    if (!parse_olayout(f[5], sig, why))
        return false;
    if (!parse_quirks(f[6], &sig->quirks, why))
        return false;
    if (span_eq(f[7], "*"))
        sig->pclass = -1;
    else if (span_eq(f[7], "0"))
        sig->pclass = 0;
    else if (span_eq(f[7], "+"))
        sig->pclass = 1;
    else {
        *why = "bad pclass (0, + or *)";
        return false;
    }
    return true;
}

/* label = type:class:name:flavor; the flavor is the rest and may be empty. */
static bool parse_label(const struct iot_p0f_db *db, struct span s, struct iot_p0f_label *l,
                        const char **why)
{
    struct span type, cls, name, flavor;
    if (!span_split(s, ':', &type, &s) || !span_split(s, ':', &cls, &s) ||
        !span_split(s, ':', &name, &flavor)) {
        *why = "expected label = type:class:name:flavor";
        return false;
    }
    if (span_eq(type, "s") || span_eq(type, "g")) {
        l->generic = type.p[0] == 'g';
    } else {
        *why = "bad label type (s or g)";
        return false;
    }
    l->userland = span_eq(cls, "!");
    if (!l->userland) {
        bool found = false;
        for (size_t i = 0; i < db->nclasses && !found; i++)
            found = span_eq(cls, db->classes[i]);
        if (!found) {
            *why = "label class not declared in 'classes'";
            return false;
        }
    }
    if (!span_copy(cls, l->cls, sizeof(l->cls))) {
        *why = "label class too long";
        return false;
    }
    if (name.n == 0 || !span_copy(name, l->name, sizeof(l->name))) {
        *why = "label name empty or too long";
        return false;
    }
    if (!span_copy(flavor, l->flavor, sizeof(l->flavor))) {
        *why = "label flavor too long";
        return false;
    }
    return true;
}

/* classes = win,unix,other */
static bool parse_classes(struct iot_p0f_db *db, struct span s, const char **why)
{
    if (db->classes_seen) {
        *why = "second 'classes' directive";
        return false;
    }
    db->classes_seen = true;
    bool more = true;
    while (more) {
        struct span tok = {0}, rest = {0};
        more = span_split(s, ',', &tok, &rest);
        if (!more)
            tok = s;
        tok = span_trim(tok);
        if (db->nclasses >= IOT_P0F_MAX_CLASSES) {
            *why = "too many classes";
            return false;
        }
        if (tok.n == 0 || span_eq(tok, "!") || span_count(tok, ':') != 0 ||
            !span_copy(tok, db->classes[db->nclasses], IOT_P0F_CLASS_LEN)) {
            *why = "bad class name";
            return false;
        }
        db->nclasses++;
        s = rest;
    }
    return true;
}

/* ------------------------------------------------------------------------------------------ */
/* Loader state machine */

struct pstate {
    struct iot_p0f_db *db;
    enum section sec;
    bool have_label; /* a label line is open */
    unsigned label_line;
    unsigned label_sigs;         /* signatures under the open label */
    bool label_sys;              /* the open label had its sys line */
    struct iot_p0f_label *label; /* kept label ([tcp:request] only), else NULL */
    unsigned err_line;           /* when set, the line an error belongs to (an unfinished label) */
};

/* A label must carry at least one signature: an empty one is an editing mistake. */
static bool label_unfinished(struct pstate *st, const char **why)
{
    if (!st->have_label || st->label_sigs > 0)
        return false;
    st->err_line = st->label_line;
    *why = "label without sig";
    return true;
}

static bool parse_section(struct pstate *st, struct span s, const char **why)
{
    static const struct {
        const char *name;
        enum section sec;
    } secs[] = {
        {"[mtu]", SEC_MTU},
        {"[tcp:request]", SEC_TCP_REQ},
        {"[tcp:response]", SEC_TCP_RESP},
        {"[http:request]", SEC_HTTP_REQ},
        {"[http:response]", SEC_HTTP_RESP},
    };
    for (size_t i = 0; i < IOT_ARRAY_LEN(secs); i++) {
        if (span_eq(s, secs[i].name)) {
            st->sec = secs[i].sec;
            st->have_label = false;
            st->label = NULL;
            return true;
        }
    }
    *why = "unknown section";
    return false;
}

static int do_label(struct pstate *st, struct span val, unsigned lineno, const char **why)
{
    if (st->sec == SEC_NONE) {
        *why = "label before the first section";
        return IOT_ERR_INPUT;
    }
    st->have_label = true;
    st->label_line = lineno;
    st->label_sigs = 0;
    st->label_sys = false;
    st->label = NULL;
    if (st->sec == SEC_MTU) { /* MTU labels are free text describing a link type */
        if (val.n == 0) {
            *why = "empty label";
            return IOT_ERR_INPUT;
        }
        return IOT_OK;
    }
    struct iot_p0f_label tmp;
    memset(&tmp, 0, sizeof(tmp));
    if (!parse_label(st->db, val, &tmp, why))
        return IOT_ERR_INPUT;
    if (st->sec != SEC_TCP_REQ)
        return IOT_OK;
    struct iot_p0f_label *l = label_new(st->db);
    if (l == NULL)
        return IOT_ERR_NOMEM;
    *l = tmp;
    st->label = l;
    return IOT_OK;
}

static int do_sys(struct pstate *st, struct span val, const char **why)
{
    if (!st->have_label || st->sec == SEC_MTU) {
        *why = "sys without a label";
        return IOT_ERR_INPUT;
    }
    if (st->label_sigs > 0 || st->label_sys) {
        *why = "sys must follow its label directly, once";
        return IOT_ERR_INPUT;
    }
    st->label_sys = true;
    if (val.n == 0) {
        *why = "empty sys";
        return IOT_ERR_INPUT;
    }
    if (st->label != NULL && !span_copy(val, st->label->sys, sizeof(st->label->sys))) {
        *why = "sys too long";
        return IOT_ERR_INPUT;
    }
    return IOT_OK;
}

static int do_sig(struct pstate *st, struct span val, unsigned lineno, const char **why)
{
    if (st->sec == SEC_NONE || !st->have_label) {
        *why = "sig without a label";
        return IOT_ERR_INPUT;
    }
    st->label_sigs++;
    uint32_t v;
    switch (st->sec) {
    case SEC_MTU:
        if (!span_uint(val, 65535, &v) || v == 0) {
            *why = "bad MTU (1 to 65535)";
            return IOT_ERR_INPUT;
        }
        return IOT_OK;
    case SEC_HTTP_REQ:
    case SEC_HTTP_RESP:
        /* Not used: HTTP fingerprints come from elsewhere. A signature still needs a body. */
        if (val.n == 0) {
            *why = "empty sig";
            return IOT_ERR_INPUT;
        }
        return IOT_OK;
    case SEC_TCP_RESP: {
        struct p0f_sig tmp;
        memset(&tmp, 0, sizeof(tmp));
        return parse_tcp_sig(val, &tmp, why) ? IOT_OK : IOT_ERR_INPUT;
    }
    case SEC_TCP_REQ:
        break;
    default:
        return IOT_ERR_INPUT;
    }
    if (st->db->nsigs >= IOT_P0F_MAX_SIGS) {
        *why = "too many SYN signatures";
        return IOT_ERR_INPUT;
    }
    struct p0f_sig *sig = sig_new(st->db);
    if (sig == NULL)
        return IOT_ERR_NOMEM;
    if (!parse_tcp_sig(val, sig, why)) {
        st->db->nsigs--; /* do not leave a half-parsed signature matchable */
        return IOT_ERR_INPUT;
    }
    sig->pub.label = st->label;
    sig->pub.line = lineno;
    (void)span_copy(val, sig->pub.sig, sizeof(sig->pub.sig)); /* fits: lines are capped */
    return IOT_OK;
}

/* One non-blank, non-comment line, already trimmed. */
static int parse_line(struct pstate *st, struct span line, unsigned lineno, const char **why)
{
    if (line.p[0] == '[') {
        if (label_unfinished(st, why))
            return IOT_ERR_INPUT;
        return parse_section(st, line, why) ? IOT_OK : IOT_ERR_INPUT;
    }
    struct span key, val;
    if (!span_split(line, '=', &key, &val)) {
        *why = "expected 'key = value'";
        return IOT_ERR_INPUT;
    }
    key = span_trim(key);
    val = span_trim(val);
    if (span_eq(key, "classes")) {
        if (st->sec != SEC_NONE || st->db->nlabels > 0) {
            *why = "classes must come before the first section";
            return IOT_ERR_INPUT;
        }
        return parse_classes(st->db, val, why) ? IOT_OK : IOT_ERR_INPUT;
    }
    if (span_eq(key, "ua_os")) {
        if (st->sec != SEC_HTTP_REQ || st->have_label || val.n == 0) {
            *why = "ua_os belongs at the start of [http:request]";
            return IOT_ERR_INPUT;
        }
        return IOT_OK;
    }
    if (span_eq(key, "label")) {
        if (label_unfinished(st, why))
            return IOT_ERR_INPUT;
        return do_label(st, val, lineno, why);
    }
    if (span_eq(key, "sys"))
        return do_sys(st, val, why);
    if (span_eq(key, "sig"))
        return do_sig(st, val, lineno, why);
    *why = "unknown directive";
    return IOT_ERR_INPUT;
}

static int fail(char *err, size_t errlen, const char *name, unsigned lineno, int rc,
                const char *why)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s:%u: %s", name, lineno,
                 rc == IOT_ERR_NOMEM ? "out of memory" : (why ? why : "malformed line"));
    return rc;
}

int iot_p0f_parse(struct iot_p0f_db *db, const char *text, size_t len, const char *name, char *err,
                  size_t errlen)
{
    struct pstate st;
    memset(&st, 0, sizeof(st));
    st.db = db;
    if (name == NULL)
        name = "p0f.fp";
    struct iot_cur c = iot_cur_init((const uint8_t *)text, len);
    unsigned lineno = 0;
    while (iot_cur_left(&c) > 0) {
        if (++lineno > IOT_P0F_MAX_LINES)
            return fail(err, errlen, name, lineno, IOT_ERR_INPUT, "too many lines");
        size_t left = iot_cur_left(&c);
        const char *start = (const char *)iot_cur_ptr(&c);
        const char *nl = memchr(start, '\n', left);
        size_t n = nl ? (size_t)(nl - start) : left;
        (void)iot_cur_skip(&c, nl ? n + 1 : n);
        struct span line = {start, n};
        if (line.n > 0 && line.p[line.n - 1] == '\r')
            line.n--;
        /* The length cap bounds every field copied out of a line; control bytes (a NUL would
         * end a stored name early) have no place in a text database. */
        if (line.n > IOT_P0F_MAX_LINE)
            return fail(err, errlen, name, lineno, IOT_ERR_INPUT, "line too long");
        for (size_t i = 0; i < line.n; i++)
            if ((unsigned char)line.p[i] < 0x20 && line.p[i] != '\t')
                return fail(err, errlen, name, lineno, IOT_ERR_INPUT, "control character");
        line = span_trim(line);
        if (line.n == 0 || line.p[0] == ';')
            continue;
        const char *why = NULL;
        int rc = parse_line(&st, line, lineno, &why);
        if (rc != IOT_OK)
            return fail(err, errlen, name, st.err_line ? st.err_line : lineno, rc, why);
    }
    const char *why = NULL;
    if (label_unfinished(&st, &why))
        return fail(err, errlen, name, st.err_line, IOT_ERR_INPUT, why);
    return IOT_OK;
}

/* Reads the whole file, refusing anything over IOT_P0F_MAX_FILE. */
static int read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return IOT_ERR_IO;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = IOT_OK;
    for (;;) {
        if (n == cap) {
            if (cap >= IOT_P0F_MAX_FILE) {
                rc = IOT_ERR_INPUT;
                break;
            }
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb = iot_realloc(buf, ncap);
            if (nb == NULL) {
                rc = IOT_ERR_NOMEM;
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) {
            if (ferror(f))
                rc = IOT_ERR_IO;
            break;
        }
    }
    fclose(f);
    if (rc != IOT_OK) {
        iot_free(buf);
        return rc;
    }
    *out = buf;
    *len = n;
    return IOT_OK;
}

int iot_p0f_load(struct iot_p0f_db **out, const char *path, char *err, size_t errlen)
{
    *out = NULL;
    if (path == NULL)
        path = IOT_P0F_DEFAULT_PATH;
    char *text = NULL;
    size_t len = 0;
    int rc = read_file(path, &text, &len);
    if (rc != IOT_OK) {
        snprintf(err, errlen, "%s: %s", path,
                 rc == IOT_ERR_IO      ? "cannot read"
                 : rc == IOT_ERR_INPUT ? "larger than any p0f database"
                                       : "out of memory");
        return rc;
    }
    struct iot_p0f_db *db = iot_p0f_new();
    if (db == NULL) {
        iot_free(text);
        snprintf(err, errlen, "%s: out of memory", path);
        return IOT_ERR_NOMEM;
    }
    rc = iot_p0f_parse(db, text, len, path, err, errlen);
    iot_free(text);
    if (rc != IOT_OK) {
        iot_p0f_free(db);
        return rc;
    }
    *out = db;
    return IOT_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* The observed SYN */

struct p0f_obs {
    uint8_t ver, ttl, olen;
    uint16_t mss, win;
    uint8_t scale;
    bool has_ts;
    uint32_t ts1, ts2;
    uint8_t opts[IOT_P0F_MAX_OPTS];
    uint8_t nopts;
    uint8_t eol_pad;
    uint32_t quirks, known;
    bool payload;
    uint32_t tot_hdr; /* IP plus TCP header bytes */
    uint32_t win_multi;
    bool use_mtu;
};

/* Walks the option bytes as sent, p0f-style: the layout, the bytes after EOL (eol+N, and opt+
 * when any is non-zero) and malformed options (bad). Values come from the first well-formed
 * instance of each option. The walk is bounded by the 40 option bytes. */
static void obs_raw_options(struct p0f_obs *o, struct iot_cur *c)
{
    bool got_mss = false, got_ws = false;
    while (iot_cur_left(c) > 0 && o->nopts < IOT_P0F_MAX_OPTS) {
        uint8_t kind = 0, olen = 0;
        (void)iot_cur_u8(c, &kind);
        o->opts[o->nopts++] = kind;
        if (kind == OPT_EOL) {
            o->eol_pad = (uint8_t)IOT_MIN(iot_cur_left(c), 255);
            uint8_t b;
            while (iot_cur_u8(c, &b))
                if (b != 0)
                    o->quirks |= IOT_P0F_Q_OPT_NZ;
            return;
        }
        if (kind == OPT_NOP)
            continue;
        /* A length byte that is missing, below 2 or past the end would make us read the next
         * option (or beyond the header) as this one's value. */
        if (!iot_cur_u8(c, &olen) || olen < 2 || !iot_cur_need(c, (size_t)olen - 2)) {
            o->quirks |= IOT_P0F_Q_BAD;
            return;
        }
        struct iot_cur v;
        (void)iot_cur_sub(c, (size_t)olen - 2, &v);
        uint16_t u16 = 0;
        uint8_t u8 = 0;
        bool ok = true;
        switch (kind) {
        case OPT_MSS:
            ok = olen == 4;
            if (ok && !got_mss && iot_cur_u16be(&v, &u16)) {
                o->mss = u16;
                got_mss = true;
            }
            break;
        case OPT_WS:
            ok = olen == 3;
            if (ok && !got_ws && iot_cur_u8(&v, &u8)) {
                o->scale = u8;
                got_ws = true;
            }
            break;
        case OPT_SOK:
            ok = olen == 2;
            break;
        case OPT_SACK:
            ok = olen >= 10 && (olen - 2) % 8 == 0;
            break;
        case OPT_TS:
            ok = olen == 10;
            if (ok && !o->has_ts && iot_cur_u32be(&v, &o->ts1) && iot_cur_u32be(&v, &o->ts2))
                o->has_ts = true;
            break;
        default:
            break;
        }
        if (!ok)
            o->quirks |= IOT_P0F_Q_BAD;
    }
}

/* Option bytes a decoded kind takes, or 0 when it cannot be known from the decoded fields. */
static unsigned opt_size(const struct iot_tcp_opts *t, uint8_t kind)
{
    switch (kind) {
    case OPT_EOL:
    case OPT_NOP:
        return 1;
    case OPT_MSS:
        return 4;
    case OPT_WS:
        return 3;
    case OPT_SOK:
        return 2;
    case OPT_SACK:
        return 2u + 8u * t->sack_blocks;
    case OPT_TS:
        return 10;
    default:
        return 0;
    }
}

/* Without the header bytes: the layout from the decoded kinds, and the padding after EOL
 * inferred as what rounds the options up to a 4-byte multiple (what every stack we have seen
 * sends; p0f-sendsyn's deliberately odd paddings cannot be told apart this way). */
static void obs_field_options(struct p0f_obs *o, const struct iot_packet *p)
{
    const struct iot_tcp_opts *t = &p->tcp_opts;
    unsigned used = 0;
    bool sized = true;
    uint8_t n = IOT_MIN(t->count, IOT_TCP_MAX_OPTS);
    for (uint8_t i = 0; i < n && o->nopts < IOT_P0F_MAX_OPTS; i++) {
        o->opts[o->nopts++] = t->kinds[i];
        unsigned sz = opt_size(t, t->kinds[i]);
        sized = sized && sz > 0;
        used += sz;
    }
    if (o->nopts > 0 && o->opts[o->nopts - 1] == OPT_EOL && sized)
        o->eol_pad = (uint8_t)((4 - used % 4) % 4);
    o->tot_hdr = p->l3_hlen + 20u + (sized ? (used + 3) / 4 * 4 : 0);
    o->mss = t->has_mss ? t->mss : 0;
    o->scale = t->has_wscale ? t->wscale : 0;
    o->has_ts = t->has_ts;
    o->ts1 = t->ts_val;
    o->ts2 = t->ts_ecr;
}

/* p0f's test of whether the window is a multiple of the MSS or the MTU: the MSS itself, the
 * MSS less 12 (timestamps), the MSS of a 1500-byte Ethernet MTU (stacks that use another
 * interface's value), then the MTU in the same forms. The first divisor found wins. */
static void obs_win_multi(struct p0f_obs *o)
{
    o->win_multi = 0;
    o->use_mtu = false;
    if (o->win == 0 || o->mss < 100)
        return;
    bool v6 = o->ver == 6;
    const struct {
        uint32_t div;
        bool mtu, when;
    } tries[] = {
        {o->mss, false, true},      {o->mss - 12u, false, o->has_ts && o->ts1 != 0},
        {1460, false, true},        {1448, false, true},
        {1440, false, v6},          {1428, false, v6},
        {o->mss + 40u, true, true}, {o->mss + o->tot_hdr, true, o->tot_hdr > 0},
        {o->mss + 60u, true, v6},   {1500, true, true},
    };
    for (size_t i = 0; i < IOT_ARRAY_LEN(tries); i++) {
        if (tries[i].when && tries[i].div > 0 && o->win % tries[i].div == 0) {
            o->win_multi = o->win / tries[i].div;
            o->use_mtu = tries[i].mtu;
            return;
        }
    }
}

/* IP-layer quirks from the header bytes, when the decoder left a pointer to them. */
static void obs_raw_ip(struct p0f_obs *o, const struct iot_packet *p)
{
    if (p->l3 == NULL)
        return;
    struct iot_cur c = iot_cur_init(p->l3, p->l3_len);
    uint8_t b0 = 0, b1 = 0, b6 = 0;
    if (o->ver == 4 && p->l3_len >= 20 && iot_cur_u8(&c, &b0) && iot_cur_u8(&c, &b1) &&
        iot_cur_skip(&c, 4) && iot_cur_u8(&c, &b6)) {
        if (b1 & 0x03)
            o->quirks |= IOT_P0F_Q_ECN;
        if (b6 & 0x80)
            o->quirks |= IOT_P0F_Q_MBZ;
        o->known |= IOT_P0F_Q_ECN | IOT_P0F_Q_MBZ;
    } else if (o->ver == 6 && p->l3_len >= 40) {
        uint32_t w = 0;
        (void)iot_cur_u32be(&c, &w);
        if ((w >> 20) & 0x03) /* traffic class ECN bits */
            o->quirks |= IOT_P0F_Q_ECN;
        if (w & 0xFFFFFu)
            o->quirks |= IOT_P0F_Q_FLOW;
        o->known |= IOT_P0F_Q_ECN | IOT_P0F_Q_FLOW;
    }
}

/* TCP header bytes: the urgent pointer, the NS bit and the options exactly as sent. Returns
 * false when there is no usable header (the caller falls back to the decoded fields). */
static bool obs_raw_tcp(struct p0f_obs *o, const struct iot_packet *p)
{
    if (p->l4 == NULL || p->l4_len < 20)
        return false;
    struct iot_cur c = iot_cur_init(p->l4, p->l4_len);
    uint8_t off = 0;
    uint16_t urp = 0;
    if (!iot_cur_skip(&c, 12) || !iot_cur_u8(&c, &off) || !iot_cur_skip(&c, 5) ||
        !iot_cur_u16be(&c, &urp))
        return false;
    size_t hlen = (size_t)(off >> 4) * 4;
    struct iot_cur opts;
    c = iot_cur_init(p->l4, p->l4_len);
    if (hlen < 20 || !iot_cur_skip(&c, 20) || !iot_cur_sub(&c, hlen - 20, &opts))
        return false;
    if (off & 0x01) /* NS, the ECN nonce */
        o->quirks |= IOT_P0F_Q_ECN;
    if (urp != 0 && !(p->tcp_flags & TCP_URG))
        o->quirks |= IOT_P0F_Q_UPTR;
    o->known |= IOT_P0F_Q_UPTR | IOT_P0F_Q_OPT_NZ | IOT_P0F_Q_BAD;
    o->tot_hdr = p->l3_hlen + (uint32_t)hlen;
    obs_raw_options(o, &opts);
    return true;
}

static bool obs_build(struct p0f_obs *o, const struct iot_packet *p)
{
    memset(o, 0, sizeof(*o));
    if ((p->ip_ver != 4 && p->ip_ver != 6) || !(p->flags & IOT_PKT_HAS_TCP) ||
        (p->tcp_flags & (TCP_SYN | TCP_ACK)) != TCP_SYN)
        return false;
    o->ver = p->ip_ver;
    o->ttl = p->ttl;
    uint16_t base = o->ver == 4 ? 20 : 40;
    o->olen = (uint8_t)(p->l3_hlen > base ? IOT_MIN(p->l3_hlen - base, 255) : 0);
    o->win = p->tcp_win;
    o->payload = p->payload_len > 0;

    /* Quirks every packet's decoded fields give. */
    o->known = IOT_P0F_Q_ALL & ~(IOT_P0F_Q_ECN | IOT_P0F_Q_MBZ | IOT_P0F_Q_FLOW | IOT_P0F_Q_UPTR |
                                 IOT_P0F_Q_OPT_NZ | IOT_P0F_Q_BAD);
    if (o->ver == 4) {
        if (p->ip_df)
            o->quirks |= IOT_P0F_Q_DF;
        if (p->ip_df && p->ip_id != 0)
            o->quirks |= IOT_P0F_Q_ID_NZ;
        if (!p->ip_df && p->ip_id == 0)
            o->quirks |= IOT_P0F_Q_ID_Z;
    }
    if (p->tcp_flags & (TCP_ECE | TCP_CWR)) {
        o->quirks |= IOT_P0F_Q_ECN; /* set for certain; only its absence needs the IP header */
        o->known |= IOT_P0F_Q_ECN;
    }
    if (p->tcp_seq == 0)
        o->quirks |= IOT_P0F_Q_SEQ_Z;
    if (p->tcp_ack != 0 && !(p->tcp_flags & TCP_ACK))
        o->quirks |= IOT_P0F_Q_ACK_NZ;
    if (p->tcp_ack == 0 && (p->tcp_flags & TCP_ACK))
        o->quirks |= IOT_P0F_Q_ACK_Z;
    if (p->tcp_flags & TCP_URG)
        o->quirks |= IOT_P0F_Q_URG;
    if (p->tcp_flags & TCP_PSH)
        o->quirks |= IOT_P0F_Q_PUSH;

    obs_raw_ip(o, p);
    if (!obs_raw_tcp(o, p))
        obs_field_options(o, p);
    if (o->has_ts && o->ts1 == 0)
        o->quirks |= IOT_P0F_Q_TS1_Z;
    if (o->has_ts && o->ts2 != 0)
        o->quirks |= IOT_P0F_Q_TS2_NZ;
    if (o->scale > 14)
        o->quirks |= IOT_P0F_Q_EXWS;
    obs_win_multi(o);
    return true;
}

/* ------------------------------------------------------------------------------------------ */
/* Matching */

enum cand { CAND_NO, CAND_EXACT, CAND_FUZZY };

static enum cand sig_check(const struct p0f_sig *s, const struct p0f_obs *o)
{
    if (s->ver != 0 && s->ver != o->ver)
        return CAND_NO;
    if (s->nopts != o->nopts || memcmp(s->opts, o->opts, o->nopts) != 0)
        return CAND_NO;
    if (s->nopts > 0 && s->opts[s->nopts - 1] == OPT_EOL && s->eol_pad != o->eol_pad)
        return CAND_NO;
    if (s->olen != o->olen)
        return CAND_NO;
    if (s->mss >= 0 && (uint32_t)s->mss != o->mss)
        return CAND_NO;
    if (s->scale >= 0 && (uint32_t)s->scale != o->scale)
        return CAND_NO;
    if (s->pclass >= 0 && (s->pclass == 1) != o->payload)
        return CAND_NO;

    bool fuzzy = false;
    uint32_t ref = s->quirks & ~(o->ver == 4 ? QUIRKS_V6_ONLY : QUIRKS_V4_ONLY);
    ref &= o->known;
    uint32_t seen = o->quirks & o->known;
    if (ref != seen) {
        uint32_t gone = ref & ~seen, added = seen & ~ref;
        if ((gone & ~QUIRKS_MAY_VANISH) || (added & ~QUIRKS_MAY_APPEAR))
            return CAND_NO;
        fuzzy = true;
    }

    if (s->ttl_random) {
        if (o->ttl > s->ittl)
            return CAND_NO;
    } else if (o->ttl > s->ittl || s->ittl - o->ttl > IOT_P0F_MAX_DIST) {
        fuzzy = true; /* TTLs can change (README): a match, but a weaker one */
    }

    switch (s->win_type) {
    case WIN_EXACT:
        if (o->win != s->win)
            return CAND_NO;
        break;
    case WIN_MOD:
        if (o->win % s->win != 0)
            return CAND_NO;
        break;
    case WIN_MSS:
        if (o->use_mtu || o->win_multi != s->win)
            return CAND_NO;
        break;
    case WIN_MTU:
        if (!o->use_mtu || o->win_multi != s->win)
            return CAND_NO;
        break;
    default:
        break;
    }
    return fuzzy ? CAND_FUZZY : CAND_EXACT;
}

static uint8_t guess_ittl(uint8_t ttl)
{
    return ttl <= 32 ? 32 : ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
}

struct sbuf {
    char *b;
    size_t cap, n;
    bool trunc;
};

__attribute__((format(printf, 2, 3))) static void sb_add(struct sbuf *s, const char *fmt, ...)
{
    if (s->trunc)
        return;
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(s->b + s->n, s->cap - s->n, fmt, ap);
    va_end(ap);
    if (r < 0 || (size_t)r >= s->cap - s->n) {
        s->trunc = true;
        s->n = s->cap - 1;
        s->b[s->n] = '\0';
        return;
    }
    s->n += (size_t)r;
}

/* The observed SYN in p0f's raw_sig notation. Unknown quirks are left out. */
static void obs_format(const struct p0f_obs *o, struct iot_p0f_result *r)
{
    struct sbuf s = {r->sig, sizeof(r->sig), 0, false};
    s.b[0] = '\0';
    sb_add(&s, "%u:%u+", o->ver, o->ttl);
    if (r->excess_dist)
        sb_add(&s, "?");
    else
        sb_add(&s, "%u", r->distance);
    sb_add(&s, ":%u:%u:", o->olen, o->mss);
    if (o->win_multi)
        sb_add(&s, "%s*%u", o->use_mtu ? "mtu" : "mss", o->win_multi);
    else
        sb_add(&s, "%u", o->win);
    sb_add(&s, ",%u:", o->scale);
    for (uint8_t i = 0; i < o->nopts; i++) {
        const char *sep = i ? "," : "";
        const char *nm = opt_name(o->opts[i]);
        if (o->opts[i] == OPT_EOL)
            sb_add(&s, "%seol+%u", sep, o->eol_pad);
        else if (nm != NULL)
            sb_add(&s, "%s%s", sep, nm);
        else
            sb_add(&s, "%s?%u", sep, o->opts[i]);
    }
    sb_add(&s, ":");
    bool first = true;
    for (size_t i = 0; i < IOT_ARRAY_LEN(quirk_names); i++) {
        if (o->quirks & o->known & (1u << i)) {
            sb_add(&s, "%s%s", first ? "" : ",", quirk_names[i]);
            first = false;
        }
    }
    sb_add(&s, ":%c", o->payload ? '+' : '0');
    r->sig_truncated = s.trunc;
}

bool iot_p0f_syn_key(const struct iot_packet *p, uint64_t *key)
{
    struct p0f_obs o;
    if (!obs_build(&o, p))
        return false;
    /* The timestamps change with every SYN; matching only asks whether each is zero. */
    o.ts1 = o.ts1 != 0;
    o.ts2 = o.ts2 != 0;
    /* FNV-1a over the whole observation (zeroed first by obs_build, padding included). Not a
     * security boundary: a collision only keeps a device's previous fingerprint. */
    const uint8_t *b = (const uint8_t *)&o;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < sizeof(o); i++)
        h = (h ^ b[i]) * 1099511628211ull;
    *key = h;
    return true;
}

const struct iot_p0f_match *iot_p0f_match_syn(const struct iot_p0f_db *db,
                                              const struct iot_packet *p, struct iot_p0f_result *r)
{
    memset(r, 0, sizeof(*r));
    struct p0f_obs o;
    if (!obs_build(&o, p))
        return NULL;
    r->fingerprinted = true;
    r->ttl = o.ttl;
    r->quirks = o.quirks & o.known;
    r->quirks_known = o.known;

    /* p0f's order: the first exact specific signature wins at once; otherwise the first exact
     * generic one; otherwise the first fuzzy one, unless it is a user-space tool's (whose
     * signatures are too easy to hit by accident when bent). */
    const struct p0f_sig *gmatch = NULL, *fmatch = NULL, *best = NULL;
    for (size_t i = 0; db != NULL && i < db->nsigs && best == NULL; i++) {
        const struct p0f_sig *s = &db->sigs[i];
        enum cand k = sig_check(s, &o);
        if (k == CAND_EXACT && !s->pub.label->generic)
            best = s;
        else if (k == CAND_EXACT && gmatch == NULL)
            gmatch = s;
        else if (k == CAND_FUZZY && fmatch == NULL)
            fmatch = s;
    }
    if (best == NULL && gmatch != NULL)
        best = gmatch;
    if (best == NULL && fmatch != NULL && !fmatch->pub.label->userland) {
        best = fmatch;
        r->fuzzy = true;
    }

    uint8_t guess = guess_ittl(o.ttl);
    if (best != NULL) {
        r->matched = true;
        r->match = &best->pub;
        r->generic = best->pub.label->generic;
        r->random_ttl = best->ttl_random;
    }
    if (best != NULL && o.ttl <= best->ittl &&
        (best->ttl_random || best->ittl - o.ttl <= IOT_P0F_MAX_DIST)) {
        r->ittl = best->ittl;
    } else {
        r->ittl = guess;
        r->excess_dist = guess - o.ttl > IOT_P0F_MAX_DIST;
    }
    r->distance = (uint8_t)(r->ittl - o.ttl);
    obs_format(&o, r);
    return r->match;
}
