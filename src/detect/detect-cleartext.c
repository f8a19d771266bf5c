/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Credentials and sessions in clear text: HTTP Basic, MQTT. */
#include "iotsec-common.h"
#include "detect/detect-cleartext.h"

#include <strings.h>

static void raise_text(struct iot_detect *d, enum iot_sig sig, const struct iot_packet *p,
                       const struct iot_flow *f, const struct iot_device *dev, const char *text)
{
    struct iot_alert a = {.sig = sig, .p = p, .f = f, .dev = dev, .threshold = 1};
    snprintf(a.explain, sizeof(a.explain), "%s", text);
    iot_detect_raise(d, &a);
}

void iot_detect_http(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev, const struct iot_http_info *m)
{
    if (m->kind != IOT_HTTP_KIND_REQUEST || !m->auth_credentials ||
        strcasecmp(m->auth_scheme, "Basic") != 0)
        return;
    char who[160], srv[64], text[512];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, srv, sizeof(srv));
    snprintf(text, sizeof(text),
             "%s sent a username and password to %s:%u with HTTP Basic authentication over plain "
             "HTTP: Base64 is not encryption, anyone on the path can read them; use HTTPS and "
             "change that password.",
             who, srv, p->dp);
    raise_text(d, IOT_SIG_HTTP_BASIC_CLEARTEXT, p, f, dev, text);
}

void iot_detect_mqtt(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev, const struct iot_mqtt_info *m)
{
    char who[160], srv[64], text[512];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, srv, sizeof(srv));
    if (m->password_present) {
        snprintf(text, sizeof(text),
                 "%s logged in to the MQTT broker %s:%u as '%.40s' with a password of %u "
                 "characters, in clear text: anyone on the path can read it and take over the "
                 "device's messages; move to MQTT over TLS (8883) and change the password.",
                 who, srv, p->dp, m->username, m->password_len);
        raise_text(d, IOT_SIG_MQTT_PASSWORD_CLEARTEXT, p, f, dev, text);
    }
    snprintf(text, sizeof(text),
             "%s talks MQTT to %s:%u without TLS (client id '%.40s'): its messages and commands "
             "can be read and forged on the path; use MQTT over TLS (8883).",
             who, srv, p->dp, m->client_id);
    raise_text(d, IOT_SIG_MQTT_UNENCRYPTED, p, f, dev, text);
}
