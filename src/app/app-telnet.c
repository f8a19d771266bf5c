/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Telnet: IAC stripping (RFC 854, 855), prompts, and the client's lines. */
#include "iotsec-common.h"
#include "app/app-telnet.h"

#include <sodium.h>

#include "util/util-misc.h"

#define IAC 255
#define SB 250
#define SE 240
#define WILL 251
#define DONT 254

enum iac_state { S_DATA = 0, S_IAC, S_OPT, S_SB, S_SB_IAC };

const char *iot_telnet_event_name(enum iot_telnet_event_type t)
{
    static const char *const names[] = {"username", "password", "login_failed", "login_ok",
                                        "command"};
    return (unsigned)t < IOT_ARRAY_LEN(names) ? names[t] : "unknown";
}

bool iot_telnet_looks_like(const uint8_t *data, size_t len)
{
    return len >= 3 && data[0] == IAC && data[1] >= WILL && data[1] <= DONT;
}

/* One byte through the IAC state machine of direction dir: true when it is data. */
static bool iac_data(struct iot_telnet *t, int dir, uint8_t *b)
{
    switch ((enum iac_state)t->iac[dir]) {
    case S_DATA:
        if (*b != IAC)
            return true;
        t->iac[dir] = S_IAC;
        return false;
    case S_IAC:
        t->negotiations++;
        t->iac[dir] = *b == IAC ? S_DATA : *b == SB ? S_SB : (*b >= WILL && *b <= DONT) ? S_OPT
                                                                                         : S_DATA;
        return *b == IAC; /* IAC IAC is a data byte 255 */
    case S_OPT:
        t->iac[dir] = S_DATA;
        return false;
    case S_SB:
        t->iac[dir] = *b == IAC ? S_SB_IAC : S_SB;
        return false;
    case S_SB_IAC:
        t->iac[dir] = *b == SE ? S_DATA : S_SB;
        return false;
    }
    t->iac[dir] = S_DATA;
    return false;
}

static bool tail_ends(const struct iot_telnet *t, const char *word)
{
    /* Trailing blanks after a prompt do not matter ("login: "). */
    size_t n = t->tail_len;
    while (n > 0 && (t->tail[n - 1] == ' ' || t->tail[n - 1] == '\t'))
        n--;
    size_t w = strlen(word);
    return n >= w && memcmp(t->tail + n - w, word, w) == 0;
}

static bool tail_has(const struct iot_telnet *t, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= t->tail_len; i++)
        if (memcmp(t->tail + i, word, w) == 0)
            return true;
    return false;
}

static void emit(iot_telnet_cb cb, void *user, enum iot_telnet_event_type type, const char *text,
                 size_t len, bool cut, const char *who)
{
    struct iot_telnet_event ev = {type, text, len, cut, who};
    if (cb != NULL)
        cb(user, &ev);
}

/* Server output: the last bytes, lower-cased, tell which prompt is up. */
static void server_byte(struct iot_telnet *t, uint8_t b, iot_telnet_cb cb, void *user)
{
    if (b == '\r' || b == '\n' || b == 0) {
        if (t->tail_len < IOT_TELNET_TAIL)
            t->tail[t->tail_len++] = '\n';
        else {
            memmove(t->tail, t->tail + 1, IOT_TELNET_TAIL - 1);
            t->tail[IOT_TELNET_TAIL - 1] = '\n';
        }
        return;
    }
    char c = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    if (t->tail_len == IOT_TELNET_TAIL) {
        memmove(t->tail, t->tail + 1, IOT_TELNET_TAIL - 1);
        t->tail_len--;
    }
    t->tail[t->tail_len++] = c;
    enum iot_telnet_prompt was = t->prompt;
    if (t->after_password && (tail_has(t, "incorrect") || tail_has(t, "failed") ||
                              tail_has(t, "denied") || tail_has(t, "invalid"))) {
        t->after_password = false;
        t->tail_len = 0;
        emit(cb, user, IOT_TELNET_LOGIN_FAILED, "", 0, false, NULL);
        return;
    }
    if (tail_ends(t, "login:") || tail_ends(t, "username:") || tail_ends(t, "user name:"))
        t->prompt = IOT_TELNET_P_LOGIN;
    else if (tail_ends(t, "password:"))
        t->prompt = IOT_TELNET_P_PASSWORD;
    else if ((c == '#' || c == '$' || c == '>') && t->prompt != IOT_TELNET_P_LOGIN &&
             t->prompt != IOT_TELNET_P_PASSWORD)
        t->prompt = IOT_TELNET_P_SHELL; /* a shell's prompt ends in one of these */
    if (t->prompt == IOT_TELNET_P_SHELL && was != IOT_TELNET_P_SHELL && t->after_password) {
        t->after_password = false;
        emit(cb, user, IOT_TELNET_LOGIN_OK, "", 0, false, NULL);
    }
}

static void line_end(struct iot_telnet *t, iot_telnet_cb cb, void *user)
{
    t->line[t->line_len] = '\0';
    t->lines++;
    switch (t->prompt) {
    case IOT_TELNET_P_LOGIN:
        iot_strlcpy(t->user, t->line, sizeof(t->user)); /* a longer name is cut */
        emit(cb, user, IOT_TELNET_USERNAME, t->line, t->line_len, t->line_cut, NULL);
        t->prompt = IOT_TELNET_P_NONE;
        break;
    case IOT_TELNET_P_PASSWORD:
        emit(cb, user, IOT_TELNET_PASSWORD, t->line, t->line_len, t->line_cut, t->user);
        t->after_password = true;
        t->prompt = IOT_TELNET_P_NONE;
        break;
    case IOT_TELNET_P_SHELL:
    case IOT_TELNET_P_NONE:
        if (t->line_len > 0)
            emit(cb, user, IOT_TELNET_COMMAND, t->line, t->line_len, t->line_cut, NULL);
        break;
    }
    /* The line may have been a password: it does not outlive the callback. */
    sodium_memzero(t->line, sizeof(t->line));
    t->line_len = 0;
    t->line_cut = false;
}

static void client_byte(struct iot_telnet *t, uint8_t b, iot_telnet_cb cb, void *user)
{
    bool was_cr = t->cr[1];
    t->cr[1] = b == '\r';
    if ((b == '\n' || b == 0) && was_cr)
        return; /* CR LF and CR NUL end one line (RFC 854) */
    if (b == '\r' || b == '\n') {
        line_end(t, cb, user);
        return;
    }
    if (b == 0x08 || b == 0x7F) { /* backspace, delete */
        if (t->line_len > 0)
            t->line_len--;
        return;
    }
    if (t->line_len + 1 < IOT_TELNET_LINE_MAX)
        t->line[t->line_len++] = (char)b;
    else
        t->line_cut = true;
}

void iot_telnet_feed(struct iot_telnet *t, bool to_server, const uint8_t *data, size_t len,
                     iot_telnet_cb cb, void *user)
{
    int dir = to_server ? 1 : 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t b = data[i];
        if (!iac_data(t, dir, &b))
            continue;
        if (to_server)
            client_byte(t, b, cb, user);
        else
            server_byte(t, b, cb, user);
    }
}
