/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Telnet sessions (app-telnet.c events): brute force (repeated refused logins from one client),
 * logins with a well-known default credential, logins in clear text, and malware loaders
 * typing download-and-execute commands (busybox wget/tftp/curl, echo -ne hex droppers,
 * chmod +x). Raises IOT_SIG_BRUTE_TELNET, _DEFAULT_CRED, _TELNET_CLEARTEXT, _LOADER_TELNET on
 * the client. Passwords are never copied: explanations show them masked. */
#ifndef IOTSEC_DETECT_DETECT_TELNET_H
#define IOTSEC_DETECT_DETECT_TELNET_H

#include "app/app-telnet.h"
#include "detect/detect.h"

/* One event of a telnet session of flow f, seen in packet p (sent by the client when
 * to_server). client: the client's device, or NULL. */
void iot_detect_telnet(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                       bool to_server, const struct iot_device *client,
                       const struct iot_telnet_event *ev);

#endif
