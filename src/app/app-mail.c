/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mail logins: POP3 (RFC 1939, 5034), IMAP (RFC 9051, 3501, 7888), SMTP (RFC 4954, 3030) command
 * and reply lines, and the SASL PLAIN (RFC 4616) and LOGIN mechanisms. */
#include "iotsec-common.h"
#include "app/app-mail.h"

#include <sodium.h>
#include <strings.h>

/* Where a login exchange is. A SASL exchange reads client lines as responses, not commands. */
enum step {
    ST_IDLE = 0,
    ST_PLAIN,      /* AUTH PLAIN sent: the next client line is the base64 message */
    ST_LOGIN_USER, /* AUTH LOGIN sent: the next client line is the base64 user name */
    ST_LOGIN_PASS, /* then the base64 password */
    ST_SASL_OTHER, /* another mechanism: client lines are responses until the server's verdict */
    ST_VERDICT,    /* a credential was reported: the pending reply is its verdict */
};

/* The command whose final reply is awaited. */
enum pending { PD_NONE = 0, PD_LOGIN, PD_TLS };

/* What a final reply says about the pending command. */
enum verdict { V_OTHER = 0, V_OK, V_FAIL };

#define MAX_LITERAL (UINT64_C(1) << 40) /* a larger announced literal is capped, not wrapped */

const char *iot_mail_proto_name(enum iot_mail_proto p)
{
    static const char *const names[] = {"unknown", "pop3", "imap", "smtp"};
    return (unsigned)p < IOT_ARRAY_LEN(names) ? names[p] : "unknown";
}

static uint8_t lower(uint8_t c)
{
    return (uint8_t)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Case-insensitive: word is at data[i]. */
static bool has_ci(const uint8_t *data, size_t len, size_t i, const char *word)
{
    size_t n = strlen(word);
    if (i > len || len - i < n)
        return false;
    for (size_t k = 0; k < n; k++)
        if (lower(data[i + k]) != lower((uint8_t)word[k]))
            return false;
    return true;
}

/* Case-insensitive: word is at data[i] and ends there (a blank, a line end, or no more data). */
static bool word_at(const uint8_t *data, size_t len, size_t i, const char *word)
{
    size_t n = strlen(word);
    if (!has_ci(data, len, i, word))
        return false;
    return i + n == len || data[i + n] == ' ' || data[i + n] == '\r' || data[i + n] == '\n';
}

enum iot_mail_proto iot_mail_guess(const uint8_t *data, size_t len)
{
    if (data == NULL)
        return IOT_MAIL_UNKNOWN;
    if (len >= 3 && memcmp(data, "+OK", 3) == 0 && word_at(data, len, 0, "+OK"))
        return IOT_MAIL_POP3;
    if (len >= 4 && data[0] == '*' && data[1] == ' ' && word_at(data, len, 2, "OK"))
        return IOT_MAIL_IMAP;
    if (len >= 4 && memcmp(data, "220", 3) == 0 && (data[3] == ' ' || data[3] == '-')) {
        for (size_t i = 4; i < len && data[i] != '\n'; i++)
            if (has_ci(data, len, i, "smtp") || has_ci(data, len, i, "mail"))
                return IOT_MAIL_SMTP;
    }
    return IOT_MAIL_UNKNOWN;
}

void iot_mail_init(struct iot_mail *m, enum iot_mail_proto proto)
{
    memset(m, 0, sizeof(*m));
    m->proto = (uint8_t)((unsigned)proto <= IOT_MAIL_SMTP ? proto : IOT_MAIL_UNKNOWN);
}

static void emit(const struct iot_mail *m, iot_mail_cb cb, void *user,
                 enum iot_mail_event_type type, const char *mech, const char *pass, size_t plen,
                 bool cut)
{
    struct iot_mail_event ev = {type, mech, m->user, pass, plen, cut};
    if (cb != NULL)
        cb(user, &ev);
}

/* The user name, cut to fit, and at a NUL (it is reported as a string); bytes after it stay zero
 * so that equal sessions compare equal. */
static void set_user(struct iot_mail *m, const char *s, size_t n, bool cut)
{
    const char *nul = memchr(s, '\0', n);
    memset(m->user, 0, sizeof(m->user));
    if (nul != NULL) {
        n = (size_t)(nul - s);
        cut = true;
    }
    if (n >= sizeof(m->user)) {
        n = sizeof(m->user) - 1;
        cut = true;
    }
    memcpy(m->user, s, n);
    m->user_cut = cut;
}

/* A POP3 or SMTP command line: one more final reply is owed. */
static void count_command(struct iot_mail *m)
{
    if (m->outstanding < UINT16_MAX)
        m->outstanding++;
    if (m->unanswered < UINT16_MAX)
        m->unanswered++;
}

static void set_tag(struct iot_mail *m, const char *t, size_t n)
{
    memset(m->tag, 0, sizeof(m->tag));
    if (t != NULL && n < sizeof(m->tag)) /* a longer tag is legal but gets no verdict */
        memcpy(m->tag, t, n);
}

/* The command being parsed (not yet counted; tagged in IMAP) is the one whose reply matters.
 * POP3 and SMTP answer in order, so with pipelining the replies still owed to earlier commands
 * come first. Only commands sent since the server's last reply can still be owed one, which keeps
 * a miscount (a server that ignores a line) from outliving the next reply. */
static void await(struct iot_mail *m, enum pending p, const char *tag, size_t tlen)
{
    m->pending = (uint8_t)p;
    set_tag(m, tag, tlen);
    m->skip = m->proto == IOT_MAIL_IMAP ? 0 : IOT_MIN(m->outstanding, m->unanswered);
}

/* The pending command got its reply: a login's verdict (only once a credential was reported), or
 * the start of TLS. */
static void settle(struct iot_mail *m, enum verdict v, iot_mail_cb cb, void *user)
{
    enum pending p = (enum pending)m->pending;
    enum step s = (enum step)m->step;
    m->pending = PD_NONE;
    m->step = ST_IDLE;
    m->skip = 0;
    if (p == PD_TLS) {
        if (v == V_OK) {
            /* TLS from here on: nothing more is parsed, and a half-read client line never
             * will be, so it goes now (the server line is wiped once it is read). */
            m->stopped = true;
            sodium_memzero(m->cli, sizeof(m->cli));
            m->cli_len = 0;
            m->cli_cut = false;
        }
        return;
    }
    if (p != PD_LOGIN || s != ST_VERDICT || v == V_OTHER)
        return;
    emit(m, cb, user, v == V_OK ? IOT_MAIL_LOGIN_OK : IOT_MAIL_LOGIN_FAILED, "", "", 0, false);
}

/* A POP3 or SMTP final reply: it answers the oldest command still owed one. */
static void final_reply(struct iot_mail *m, enum verdict v, iot_mail_cb cb, void *user)
{
    if (m->outstanding > 0)
        m->outstanding--;
    m->unanswered = 0;
    if (m->pending == PD_NONE)
        return;
    if (m->skip > 0) {
        m->skip--;
        return;
    }
    settle(m, v, cb, user);
}

/* A SASL response: base64 ("=" alone is an empty initial response: RFC 4954 4, RFC 5034 4,
 * RFC 4959 3). A cut line decodes as far as whole 4-character groups go. Decoded into out
 * (NUL-terminated, outsz > 0); false when it is not base64. */
static bool b64_decode(const char *s, size_t len, bool cut, uint8_t *out, size_t outsz,
                       size_t *outlen)
{
    *outlen = 0;
    out[0] = 0;
    if (len == 1 && s[0] == '=')
        return true;
    if (cut)
        len -= len % 4;
    if (sodium_base642bin(out, outsz - 1, s, len, NULL, outlen, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        *outlen = 0;
        return false;
    }
    out[*outlen] = 0;
    return true;
}

/* RFC 4616 2: message = [authzid] NUL authcid NUL passwd, exactly two NULs. The user is the
 * authentication identity, or the authorization identity when that is empty. */
static void sasl_plain(struct iot_mail *m, const uint8_t *b, size_t n, bool cut, iot_mail_cb cb,
                       void *user)
{
    const uint8_t *nul1 = memchr(b, 0, n);
    const uint8_t *nul2 = nul1 ? memchr(nul1 + 1, 0, n - (size_t)(nul1 + 1 - b)) : NULL;
    if (nul2 == NULL || memchr(nul2 + 1, 0, n - (size_t)(nul2 + 1 - b)) != NULL) {
        m->step = ST_IDLE; /* malformed: no credential; the reply still settles the command */
        return;
    }
    size_t zlen = (size_t)(nul1 - b), clen = (size_t)(nul2 - nul1 - 1);
    if (clen > 0)
        set_user(m, (const char *)nul1 + 1, clen, false);
    else
        set_user(m, (const char *)b, zlen, false);
    const char *pass = (const char *)nul2 + 1;
    m->step = ST_VERDICT;
    emit(m, cb, user, IOT_MAIL_CREDENTIAL, "PLAIN", pass, n - (size_t)(nul2 + 1 - b),
         cut || m->user_cut);
}

/* A client line inside a SASL exchange (or an initial response). */
static void sasl_response(struct iot_mail *m, const char *s, size_t len, bool cut,
                          iot_mail_cb cb, void *user)
{
    if (m->step == ST_SASL_OTHER)
        return; /* a mechanism that sends no cleartext password */
    if (len == 1 && s[0] == '*') {
        m->step = ST_IDLE; /* the client cancelled; the server's reply settles the command */
        return;
    }
    uint8_t bin[IOT_MAIL_LINE_MAX];
    size_t n;
    if (!b64_decode(s, len, cut, bin, sizeof(bin), &n)) {
        m->step = ST_IDLE;
    } else if (m->step == ST_PLAIN) {
        sasl_plain(m, bin, n, cut, cb, user);
    } else if (m->step == ST_LOGIN_USER) {
        set_user(m, (const char *)bin, n, cut);
        m->step = ST_LOGIN_PASS;
    } else if (m->step == ST_LOGIN_PASS) {
        m->step = ST_VERDICT;
        emit(m, cb, user, IOT_MAIL_CREDENTIAL, "LOGIN", (const char *)bin, n,
             cut || m->user_cut);
    }
    /* The decoded message held the password: it does not outlive the callback. */
    sodium_memzero(bin, sizeof(bin));
}

static bool in_sasl(const struct iot_mail *m)
{
    return m->step == ST_PLAIN || m->step == ST_LOGIN_USER || m->step == ST_LOGIN_PASS ||
           m->step == ST_SASL_OTHER;
}

/* The next space-separated token at *p (runs of spaces skipped); false when there is none. */
static bool token(const char **p, const char *end, const char **tok, size_t *tlen)
{
    const char *s = *p;
    while (s < end && *s == ' ')
        s++;
    const char *t = s;
    while (s < end && *s != ' ')
        s++;
    *tok = t;
    *tlen = (size_t)(s - t);
    *p = s;
    return *tlen > 0;
}

static bool is_word(const char *tok, size_t tlen, const char *word)
{
    return tlen == strlen(word) && strncasecmp(tok, word, tlen) == 0;
}

/* AUTH (POP3, SMTP) or AUTHENTICATE (IMAP, with its tag): p is after the command word. */
static void auth(struct iot_mail *m, const char *tag, size_t tlen, const char *p,
                 const char *end, bool cut, iot_mail_cb cb, void *user)
{
    const char *mech, *ir;
    size_t mlen, irlen;
    if (!token(&p, end, &mech, &mlen))
        return; /* POP3 "AUTH" alone lists the mechanisms */
    while (p < end && *p == ' ')
        p++;
    ir = p;
    irlen = (size_t)(end - p);
    await(m, PD_LOGIN, tag, tlen);
    if (is_word(mech, mlen, "PLAIN")) {
        m->step = ST_PLAIN;
    } else if (is_word(mech, mlen, "LOGIN")) {
        set_user(m, "", 0, false);
        m->step = ST_LOGIN_USER;
    } else {
        m->step = ST_SASL_OTHER;
        return;
    }
    if (irlen > 0) /* an initial response (RFC 4954, 5034, 4959) */
        sasl_response(m, ir, irlen, cut, cb, user);
}

static void pop3_command(struct iot_mail *m, iot_mail_cb cb, void *user)
{
    const char *line = m->cli, *end = m->cli + m->cli_len, *p = line, *cmd;
    size_t clen;
    if (!token(&p, end, &cmd, &clen) || cmd != line)
        return;
    const char *arg = p < end ? p + 1 : end; /* USER and PASS take the rest after one space */
    if (is_word(cmd, clen, "USER")) {
        set_user(m, arg, (size_t)(end - arg), m->cli_cut);
    } else if (is_word(cmd, clen, "PASS")) {
        await(m, PD_LOGIN, NULL, 0);
        m->step = ST_VERDICT;
        emit(m, cb, user, IOT_MAIL_CREDENTIAL, "USER/PASS", arg, (size_t)(end - arg),
             m->cli_cut || m->user_cut);
    } else if (is_word(cmd, clen, "AUTH")) {
        auth(m, NULL, 0, p, end, m->cli_cut, cb, user);
    } else if (is_word(cmd, clen, "STLS") && p == end) {
        await(m, PD_TLS, NULL, 0);
    }
}

/* Parses a decimal size at most 20 digits long, capped at MAX_LITERAL. */
static uint64_t size_value(const char *s, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > MAX_LITERAL)
            return MAX_LITERAL;
    }
    return v;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static void smtp_command(struct iot_mail *m, iot_mail_cb cb, void *user)
{
    const char *line = m->cli, *end = m->cli + m->cli_len, *p = line, *cmd, *arg;
    size_t clen, alen;
    if (!token(&p, end, &cmd, &clen) || cmd != line)
        return;
    if (is_word(cmd, clen, "AUTH")) {
        auth(m, NULL, 0, p, end, m->cli_cut, cb, user);
    } else if (is_word(cmd, clen, "STARTTLS") && p == end) {
        await(m, PD_TLS, NULL, 0);
    } else if (is_word(cmd, clen, "DATA") && p == end) {
        m->data = 1; /* the body follows the server's 354 */
    } else if (is_word(cmd, clen, "BDAT") && !m->cli_cut && token(&p, end, &arg, &alen) &&
               all_digits(arg, alen)) {
        m->skip_bytes = size_value(arg, alen); /* RFC 3030 2: the chunk follows at once */
    }
}

/* An IMAP tag: ASTRING-CHARs except "+" (RFC 9051 9); "*" and "+" would look like the server's
 * untagged and continuation lines. */
static bool imap_tag_ok(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c <= 0x20 || c >= 0x7F || strchr("(){%*\"\\+", c) != NULL)
            return false;
    }
    return n > 0;
}

/* An IMAP astring (RFC 9051 9): an atom, or a quoted string with \" and \\ escapes, copied to
 * out (NUL-terminated, bytes beyond outsz - 1 dropped and *cut set). False for a literal (not
 * followed), an empty atom, or a quote left open by anything but the line cap. */
static bool astring(const char **pp, const char *end, bool line_cut, char *out, size_t outsz,
                    size_t *outlen, bool *cut)
{
    const char *p = *pp;
    size_t n = 0;
    *cut = false;
    *outlen = 0;
    out[0] = '\0';
    while (p < end && *p == ' ')
        p++;
    if (p >= end || *p == '{')
        return false;
    if (*p == '"') {
        p++;
        for (;;) {
            if (p >= end) {
                if (!line_cut)
                    return false;
                *cut = true;
                break;
            }
            char c = *p++;
            if (c == '"')
                break;
            if (c == '\\') {
                if (p >= end) {
                    if (!line_cut)
                        return false;
                    *cut = true;
                    break;
                }
                c = *p++;
            }
            if (n + 1 < outsz)
                out[n++] = c;
            else
                *cut = true;
        }
    } else {
        while (p < end && *p != ' ') {
            if (n + 1 < outsz)
                out[n++] = *p;
            else
                *cut = true;
            p++;
        }
        if (p >= end && line_cut)
            *cut = true;
    }
    out[n] = '\0';
    *outlen = n;
    *pp = p;
    return true;
}

/* tag LOGIN user password (RFC 9051 6.2.3). */
static void imap_login(struct iot_mail *m, const char *tag, size_t tlen, const char *p,
                       const char *end, iot_mail_cb cb, void *user)
{
    char name[IOT_MAIL_USER_MAX + 1], pass[IOT_MAIL_LINE_MAX];
    size_t nlen, plen;
    bool ncut, pcut;
    if (astring(&p, end, m->cli_cut, name, sizeof(name), &nlen, &ncut) &&
        astring(&p, end, m->cli_cut, pass, sizeof(pass), &plen, &pcut)) {
        await(m, PD_LOGIN, tag, tlen);
        set_user(m, name, nlen, ncut);
        m->step = ST_VERDICT;
        emit(m, cb, user, IOT_MAIL_CREDENTIAL, "LOGIN", pass, plen, pcut || m->user_cut);
    }
    /* The copy held the password: it does not outlive the callback. */
    sodium_memzero(pass, sizeof(pass));
}

static void imap_command(struct iot_mail *m, iot_mail_cb cb, void *user)
{
    const char *end = m->cli + m->cli_len, *p = m->cli, *tag, *cmd;
    size_t tlen, clen;
    if (!token(&p, end, &tag, &tlen) || tag != m->cli || !imap_tag_ok(tag, tlen) ||
        p >= end || p[0] != ' ' || !token(&p, end, &cmd, &clen))
        return;
    if (is_word(cmd, clen, "LOGIN"))
        imap_login(m, tag, tlen, p, end, cb, user);
    else if (is_word(cmd, clen, "AUTHENTICATE"))
        auth(m, tag, tlen, p, end, m->cli_cut, cb, user);
    else if (is_word(cmd, clen, "STARTTLS") && p == end)
        await(m, PD_TLS, tag, tlen);
}

/* A command line that ends in a literal's announcement, "{n}" or "{n+}" (RFC 9051 4.3, RFC 7888):
 * n bytes of the command follow the line, at once for {n+}, after the server's "+" for {n}. The
 * bytes are passed over, and the line after them continues the command. A cut line's end is
 * lost, so it announces nothing. */
static void imap_literal(struct iot_mail *m)
{
    const char *s = m->cli;
    size_t n = m->cli_len;
    if (m->cli_cut || n < 3 || s[n - 1] != '}')
        return;
    size_t e = n - 1;
    bool sync = true;
    if (s[e - 1] == '+') {
        sync = false;
        e--;
    }
    size_t b = e;
    while (b > 0 && s[b - 1] >= '0' && s[b - 1] <= '9' && e - b < 20)
        b--;
    if (b == 0 || b == e || s[b - 1] != '{')
        return;
    uint64_t size = size_value(s + b, e - b);
    if (sync) {
        m->lit_wait = size;
    } else {
        m->skip_bytes = size;
        m->lit_cont = true;
    }
}

static void client_line(struct iot_mail *m, iot_mail_cb cb, void *user)
{
    m->commands++;
    m->lit_wait = 0; /* a literal the server did not accept with "+" is not coming */
    switch ((enum iot_mail_proto)m->proto) {
    case IOT_MAIL_UNKNOWN:
        return; /* before a greeting told the protocol */
    case IOT_MAIL_IMAP:
        if (m->lit_cont)
            m->lit_cont = false; /* the rest of a command after a literal */
        else if (in_sasl(m))
            sasl_response(m, m->cli, m->cli_len, m->cli_cut, cb, user);
        else
            imap_command(m, cb, user);
        if (!in_sasl(m))
            imap_literal(m);
        return;
    case IOT_MAIL_SMTP:
        if (m->data == 2) { /* the message body ends at a line holding only "." */
            if (m->cli_len == 1 && m->cli[0] == '.') {
                m->data = 0;
                count_command(m);
            }
            return;
        }
        if (in_sasl(m)) {
            sasl_response(m, m->cli, m->cli_len, m->cli_cut, cb, user);
            return;
        }
        smtp_command(m, cb, user);
        count_command(m);
        return;
    case IOT_MAIL_POP3:
        if (in_sasl(m)) {
            sasl_response(m, m->cli, m->cli_len, m->cli_cut, cb, user);
            return;
        }
        pop3_command(m, cb, user);
        count_command(m);
        return;
    }
}

/* IMAP: "+" continues (and lets a synchronizing literal through), "*" is untagged, and the
 * tagged OK, NO or BAD completes the command with that tag (RFC 9051 7.1). */
static void imap_reply(struct iot_mail *m, iot_mail_cb cb, void *user)
{
    const char *end = m->srv + m->srv_len, *p = m->srv, *tag, *word;
    size_t tlen, wlen;
    if (m->srv_len >= 1 && m->srv[0] == '+' && (m->srv_len == 1 || m->srv[1] == ' ')) {
        if (m->lit_wait > 0) {
            m->skip_bytes = m->lit_wait;
            m->lit_wait = 0;
            m->lit_cont = true;
        }
        return;
    }
    if (m->pending == PD_NONE || !token(&p, end, &tag, &tlen) || tag != m->srv ||
        (tlen == 1 && tag[0] == '*'))
        return;
    if (m->tag[0] == '\0') {
        /* A tag too long to keep: a tagged line ends a SASL exchange all the same (the server
         * sends only "+" lines until it completes the command), so that client lines are read
         * as commands again, but gives no verdict. */
        if (in_sasl(m))
            settle(m, V_OTHER, cb, user);
        return;
    }
    if (tlen != strlen(m->tag) || memcmp(tag, m->tag, tlen) != 0 || p >= end ||
        !token(&p, end, &word, &wlen))
        return;
    if (is_word(word, wlen, "OK"))
        settle(m, V_OK, cb, user);
    else if (is_word(word, wlen, "NO") || is_word(word, wlen, "BAD"))
        settle(m, V_FAIL, cb, user);
}

/* POP3 (RFC 1939 3): a status line starts "+OK" or "-ERR"; "+ " is a SASL challenge, and lines
 * of a multi-line response are neither. */
static void pop3_reply(struct iot_mail *m, iot_mail_cb cb, void *user)
{
    const uint8_t *s = (const uint8_t *)m->srv;
    if (word_at(s, m->srv_len, 0, "+OK"))
        final_reply(m, V_OK, cb, user);
    else if (word_at(s, m->srv_len, 0, "-ERR"))
        final_reply(m, V_FAIL, cb, user);
}

/* SMTP (RFC 5321 4.2): "ddd " or "ddd" ends a reply, "ddd-" continues it. 334 is a SASL
 * challenge, not a reply to the command (RFC 4954 4). After AUTH, 235 accepts and any 4xx or 5xx
 * refuses (535, 454, 534, 538, 501...); after STARTTLS, 220 starts TLS. */
static void smtp_reply(struct iot_mail *m, iot_mail_cb cb, void *user)
{
    const char *s = m->srv;
    if (m->srv_len < 3 || !all_digits(s, 3) || (m->srv_len > 3 && s[3] != ' '))
        return;
    int code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    if (code == 334)
        return;
    if (code == 354 && m->data == 1)
        m->data = 2;
    enum verdict v = V_OTHER;
    if (m->pending == PD_TLS)
        v = code == 220 ? V_OK : V_FAIL;
    else if (code == 235)
        v = V_OK;
    else if (code >= 400)
        v = V_FAIL;
    final_reply(m, v, cb, user);
}

static void server_line(struct iot_mail *m, iot_mail_cb cb, void *user)
{
    m->replies++;
    if (!m->greeted) {
        m->greeted = true;
        if (m->proto == IOT_MAIL_UNKNOWN)
            m->proto = (uint8_t)iot_mail_guess((const uint8_t *)m->srv, m->srv_len);
    }
    switch ((enum iot_mail_proto)m->proto) {
    case IOT_MAIL_UNKNOWN:
        return;
    case IOT_MAIL_POP3:
        pop3_reply(m, cb, user);
        return;
    case IOT_MAIL_IMAP:
        imap_reply(m, cb, user);
        return;
    case IOT_MAIL_SMTP:
        smtp_reply(m, cb, user);
        return;
    }
}

void iot_mail_feed(struct iot_mail *m, bool to_server, const uint8_t *data, size_t len,
                   iot_mail_cb cb, void *user)
{
    char *line = to_server ? m->cli : m->srv;
    size_t cap = to_server ? sizeof(m->cli) : sizeof(m->srv);
    uint16_t *n = to_server ? &m->cli_len : &m->srv_len;
    bool *cut = to_server ? &m->cli_cut : &m->srv_cut;
    for (size_t i = 0; i < len && !m->stopped; i++) {
        if (to_server && m->skip_bytes > 0) { /* literal or BDAT bytes: not lines */
            uint64_t k = IOT_MIN((uint64_t)(len - i), m->skip_bytes);
            m->skip_bytes -= k;
            i += (size_t)k - 1;
            continue;
        }
        uint8_t b = data[i];
        if (b == '\r')
            continue; /* lines end in CRLF; a bare LF ends one too */
        if (b != '\n') {
            if (*n + 1u < cap)
                line[(*n)++] = (char)b;
            else
                *cut = true;
            continue;
        }
        line[*n] = '\0';
        if (to_server)
            client_line(m, cb, user);
        else
            server_line(m, cb, user);
        /* A client line may have held a password: it does not outlive the callback. The bytes
         * past the length are zero already. */
        sodium_memzero(line, *n + 1u);
        *n = 0;
        *cut = false;
    }
}
