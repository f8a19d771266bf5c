/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FTP control channel (RFC 959) as far as logins go: the client's USER and PASS commands
 * and the server's verdict (230 logged in, 530 not). Streaming and bounded like app-telnet: the
 * caller owns one zeroed struct iot_ftp per session and feeds each direction in order, in any
 * segmentation; a password exists only in the event handed to the callback, then is wiped. */
#ifndef IOTSEC_APP_APP_FTP_H
#define IOTSEC_APP_APP_FTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOT_FTP_LINE_MAX 256

enum iot_ftp_event_type {
    IOT_FTP_USER = 0,     /* USER <name> */
    IOT_FTP_PASS,         /* PASS <password>; .user is the last USER's name */
    IOT_FTP_LOGIN_OK,     /* a 230 reply after PASS */
    IOT_FTP_LOGIN_FAILED, /* a 530 reply after PASS */
};

struct iot_ftp_event {
    enum iot_ftp_event_type type;
    const char *text; /* the argument (NUL-terminated); "" for LOGIN_* */
    size_t len;
    bool truncated;
    const char *user;
};

struct iot_ftp {
    char line[2][IOT_FTP_LINE_MAX]; /* per direction: 0 server, 1 client */
    uint16_t len[2];
    bool cut[2];
    char user[64];
    bool after_pass;
    uint32_t commands, replies;
};

typedef void (*iot_ftp_cb)(void *user, const struct iot_ftp_event *ev);

void iot_ftp_feed(struct iot_ftp *t, bool to_server, const uint8_t *data, size_t len,
                  iot_ftp_cb cb, void *user);

/* True when data starts like an FTP server's greeting: "220" and, in that first line, "FTP". */
bool iot_ftp_looks_like(const uint8_t *data, size_t len);

#endif
