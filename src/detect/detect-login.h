/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Logins, whatever the protocol: every session parser (telnet, FTP, HTTP, MQTT, POP3/IMAP/SMTP)
 * and nDPI's verdicts (SSH) report attempts, passwords and refusals here, and one logic turns
 * them into alerts on the client: brute force (many attempts within
 * detect.bruteforce.window, enough of them refused where the protocol shows refusals, many
 * sessions where it does not: SSH), logins with a default credential from the loaded list, and
 * passwords sent in clear text. The protocol is named by what the session carries, never by
 * its port. Passwords are never copied: explanations show them masked. */
#ifndef IOTSEC_DETECT_DETECT_LOGIN_H
#define IOTSEC_DETECT_DETECT_LOGIN_H

#include <stdbool.h>
#include <stddef.h>

#include "detect/detect.h"

enum iot_login_proto {
    IOT_LOGIN_TELNET = 0,
    IOT_LOGIN_FTP,
    IOT_LOGIN_HTTP,
    IOT_LOGIN_MQTT,
    IOT_LOGIN_POP3,
    IOT_LOGIN_IMAP,
    IOT_LOGIN_SMTP,
    IOT_LOGIN_SSH,
    IOT_LOGIN_MAX
};

/* The client sent user's password (pass: len bytes, not copied) in packet p (client to server):
 * an attempt, a clear-text login, and a default-credential login when it is on the list. */
void iot_detect_login_password(struct iot_detect *d, enum iot_login_proto proto,
                               const struct iot_packet *p, const struct iot_flow *f,
                               const struct iot_device *client, const char *user,
                               const char *pass, size_t len);

/* An attempt whose password cannot be read (an HTTP Authorization header, an MQTT CONNECT
 * with a password, a new SSH session); p goes client to server. */
void iot_detect_login_attempt(struct iot_detect *d, enum iot_login_proto proto,
                              const struct iot_packet *p, const struct iot_flow *f,
                              const struct iot_device *client);

/* The server refused a login; p goes server to client. */
void iot_detect_login_failed(struct iot_detect *d, enum iot_login_proto proto,
                             const struct iot_packet *p, const struct iot_flow *f,
                             const struct iot_device *client);

#endif
