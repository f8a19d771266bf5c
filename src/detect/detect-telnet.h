/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Telnet and FTP sessions (app-telnet.c, app-ftp.c events): brute force (repeated refused logins from one client),
 * logins with a well-known default credential, logins in clear text, and malware loaders
 * typing download-and-execute commands (busybox wget/tftp/curl, echo -ne hex droppers,
 * chmod +x). Raises IOT_SIG_BRUTE_TELNET, _DEFAULT_CRED, _TELNET_CLEARTEXT, _LOADER_TELNET on
 * the client. Passwords are never copied: explanations show them masked. */
#ifndef IOTSEC_DETECT_DETECT_TELNET_H
#define IOTSEC_DETECT_DETECT_TELNET_H

#include "app/app-ftp.h"
#include "app/app-mail.h"
#include "app/app-telnet.h"
#include "detect/detect.h"

/* True when text (len bytes, URL-encoded or not) holds two or more marks of a dropper: wget,
 * tftp, curl, echo -ne, chmod +x, /bin/busybox, /tmp/., .arm7, .mips, ... One alone is a person
 * at a shell. */
bool iot_detect_loader_text(const uint8_t *text, size_t len);

/* One event of a telnet session of flow f, seen in packet p (sent by the client when
 * to_server). client: the client's device, or NULL. */
void iot_detect_telnet(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                       bool to_server, const struct iot_device *client,
                       const struct iot_telnet_event *ev);

/* One event of an FTP control session (PASS from the client, a 530 reply from the server):
 * clear-text logins, default credentials and brute force, as for telnet. */
/* One login event of a POP3, IMAP or SMTP session (app-mail.c): clear-text logins, default
 * credentials and brute force, as for telnet. */
void iot_detect_mail(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *client, enum iot_mail_proto proto,
                     const struct iot_mail_event *ev);

void iot_detect_ftp(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                    const struct iot_device *client, const struct iot_ftp_event *ev);

#endif
