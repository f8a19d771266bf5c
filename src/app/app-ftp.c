/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FTP control channel: commands and replies cut into lines (RFC 959 4.1, 4.2). */
#include "iotsec-common.h"
#include "app/app-ftp.h"

#include <sodium.h>
#include <strings.h>

#include "util/util-misc.h"

bool iot_ftp_looks_like(const uint8_t *data, size_t len)
{
    if (len < 4 || memcmp(data, "220", 3) != 0 || (data[3] != ' ' && data[3] != '-'))
        return false;
    for (size_t i = 4; i + 2 < len && data[i] != '\n'; i++)
        if ((data[i] | 0x20) == 'f' && (data[i + 1] | 0x20) == 't' && (data[i + 2] | 0x20) == 'p')
            return true;
    return false;
}

static void emit(iot_ftp_cb cb, void *user, enum iot_ftp_event_type type, const char *text,
                 size_t len, bool cut, const char *who)
{
    struct iot_ftp_event ev = {type, text, len, cut, who};
    if (cb != NULL)
        cb(user, &ev);
}

/* "CMD arg": true when the line's command is cmd (case-insensitive), *arg after one space. */
static bool command(const char *line, size_t len, const char *cmd, const char **arg, size_t *alen)
{
    size_t n = strlen(cmd);
    if (len < n || strncasecmp(line, cmd, n) != 0 || (len > n && line[n] != ' '))
        return false;
    *arg = len > n ? line + n + 1 : line + n;
    *alen = len > n ? len - n - 1 : 0;
    return true;
}

static void client_line(struct iot_ftp *t, iot_ftp_cb cb, void *user)
{
    const char *line = t->line[1], *arg;
    size_t len = t->len[1], alen;
    t->commands++;
    if (command(line, len, "USER", &arg, &alen)) {
        iot_strlcpy(t->user, arg, sizeof(t->user));
        emit(cb, user, IOT_FTP_USER, arg, alen, t->cut[1], NULL);
    } else if (command(line, len, "PASS", &arg, &alen)) {
        t->after_pass = true;
        emit(cb, user, IOT_FTP_PASS, arg, alen, t->cut[1], t->user);
    }
}

static void server_line(struct iot_ftp *t, iot_ftp_cb cb, void *user)
{
    const char *line = t->line[0];
    t->replies++;
    /* The reply code ends the reply on "ddd " (a "ddd-" line continues it). */
    if (!t->after_pass || t->len[0] < 4 || line[3] != ' ')
        return;
    if (memcmp(line, "230", 3) == 0) {
        t->after_pass = false;
        emit(cb, user, IOT_FTP_LOGIN_OK, "", 0, false, NULL);
    } else if (memcmp(line, "530", 3) == 0) {
        t->after_pass = false;
        emit(cb, user, IOT_FTP_LOGIN_FAILED, "", 0, false, NULL);
    }
}

void iot_ftp_feed(struct iot_ftp *t, bool to_server, const uint8_t *data, size_t len,
                  iot_ftp_cb cb, void *user)
{
    int dir = to_server ? 1 : 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t b = data[i];
        if (b == '\r')
            continue; /* lines end in CRLF; a bare LF ends one too */
        if (b != '\n') {
            if (t->len[dir] + 1 < IOT_FTP_LINE_MAX)
                t->line[dir][t->len[dir]++] = (char)b;
            else
                t->cut[dir] = true;
            continue;
        }
        t->line[dir][t->len[dir]] = '\0';
        if (to_server)
            client_line(t, cb, user);
        else
            server_line(t, cb, user);
        /* A client line may have been PASS: it does not outlive the callback. */
        sodium_memzero(t->line[dir], sizeof(t->line[dir]));
        t->len[dir] = 0;
        t->cut[dir] = false;
    }
}
