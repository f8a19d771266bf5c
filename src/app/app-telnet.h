/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Telnet sessions as a person (or a bot) types them: the parser strips option negotiation
 * (RFC 854/855 IAC sequences), follows the server's prompts ("login:", "Password:", a shell's
 * "# ") and cuts the client's keystrokes into lines, which it reports as a username, a password
 * (with the username it answers), a failed login, or a shell command.
 *
 * Streaming and bounded: the caller owns one zeroed struct iot_telnet per session and feeds
 * each direction's bytes in order, in any segmentation; the parser keeps at most one line and
 * a few prompt bytes. A password is only ever in the event handed to the callback, pointing
 * into a buffer the parser wipes right after: never kept. */
#ifndef IOTSEC_APP_APP_TELNET_H
#define IOTSEC_APP_APP_TELNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOT_TELNET_LINE_MAX 256 /* bytes of one typed line kept (the rest counted as cut) */
#define IOT_TELNET_TAIL 24      /* last bytes of server output kept to recognise prompts */

enum iot_telnet_event_type {
    IOT_TELNET_USERNAME = 0, /* a line typed after a login prompt */
    IOT_TELNET_PASSWORD,     /* a line typed after a password prompt; .user is the username */
    IOT_TELNET_LOGIN_FAILED, /* the server said the login was wrong */
    IOT_TELNET_LOGIN_OK,     /* a shell prompt followed a password */
    IOT_TELNET_COMMAND,      /* a line typed at a shell prompt */
};

struct iot_telnet_event {
    enum iot_telnet_event_type type;
    const char *text; /* the line (NUL-terminated, control bytes kept); "" for LOGIN_* */
    size_t len;
    bool truncated;   /* the line was longer than IOT_TELNET_LINE_MAX - 1 */
    const char *user; /* PASSWORD: the username it answers ("" when none was seen) */
};

enum iot_telnet_prompt { IOT_TELNET_P_NONE = 0, IOT_TELNET_P_LOGIN, IOT_TELNET_P_PASSWORD,
                         IOT_TELNET_P_SHELL };

struct iot_telnet {
    uint8_t iac[2]; /* per direction (0 server->client, 1 client->server): IAC parse state */
    enum iot_telnet_prompt prompt;
    bool after_password; /* a password was typed and no verdict came yet */
    bool cr[2];          /* the last data byte was CR (a following LF or NUL ends nothing) */
    char tail[IOT_TELNET_TAIL];
    uint8_t tail_len;
    char line[IOT_TELNET_LINE_MAX];
    uint16_t line_len;
    bool line_cut;
    char user[64];
    uint32_t negotiations; /* IAC commands seen, both ways */
    uint32_t lines;        /* client lines reported */
};

typedef void (*iot_telnet_cb)(void *user, const struct iot_telnet_event *ev);

/* Feeds len bytes the client (to_server) or the server sent; calls cb for every event. */
void iot_telnet_feed(struct iot_telnet *t, bool to_server, const uint8_t *data, size_t len,
                     iot_telnet_cb cb, void *user);

/* True when data starts like a telnet server's greeting or negotiation (IAC DO/WILL/...). */
bool iot_telnet_looks_like(const uint8_t *data, size_t len);

const char *iot_telnet_event_name(enum iot_telnet_event_type t);

#endif
