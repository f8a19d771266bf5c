/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Credentials and sessions in clear text: HTTP, MQTT, CoAP; their logins. */
#include "iotsec-common.h"
#include "detect/detect-cleartext.h"

#include <strings.h>

#include "detect/detect-login.h"

static void raise_text(struct iot_detect *d, enum iot_sig sig, const struct iot_packet *p,
                       const struct iot_flow *f, const struct iot_device *dev, const char *text)
{
    struct iot_alert a = {.sig = sig, .p = p, .f = f, .dev = dev, .threshold = 1};
    snprintf(a.explain, sizeof(a.explain), "%s", text);
    iot_detect_raise(d, &a);
}

/* An IoT device (not a phone or computer) talking to a server outside the local network. */
static bool iot_to_internet(const struct iot_detect *d, const struct iot_packet *p,
                            const struct iot_device *dev)
{
    return iot_detect_is_iot(dev) && !iot_detect_addr_local(d, &p->dst, p->ip_ver);
}

static void http_unencrypted(struct iot_detect *d, const struct iot_packet *p,
                             const struct iot_flow *f, const struct iot_device *dev,
                             const struct iot_http_info *m)
{
    char who[160], srv[64], text[512];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, srv, sizeof(srv));
    snprintf(text, sizeof(text),
             "%s sent a plain-HTTP %.16s request to %s:%u (Host '%.64s'): what it sends and "
             "receives, updates included, can be read and altered on the way; ask the vendor for "
             "HTTPS or block it.",
             who, m->method_str, srv, p->dp, m->host);
    raise_text(d, IOT_SIG_HTTP_UNENCRYPTED, p, f, dev, text);
}

void iot_detect_http(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev, const struct iot_http_info *m)
{
    if (m->kind == IOT_HTTP_KIND_RESPONSE && m->status == 401)
        iot_detect_login_failed(d, IOT_LOGIN_HTTP, p, f, NULL); /* dev is the server */
    if (m->kind != IOT_HTTP_KIND_REQUEST)
        return;
    if (iot_to_internet(d, p, dev))
        http_unencrypted(d, p, f, dev, m);
    if (m->auth_present)
        iot_detect_login_attempt(d, IOT_LOGIN_HTTP, p, f, dev);
    if (!m->auth_credentials || strcasecmp(m->auth_scheme, "Basic") != 0)
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
    if (m->password_present || m->username[0] != '\0')
        iot_detect_login_attempt(d, IOT_LOGIN_MQTT, p, f, dev);
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

void iot_detect_mqtt_refused(struct iot_detect *d, const struct iot_packet *p,
                             const struct iot_flow *f, uint8_t reason)
{
    (void)reason;
    iot_detect_login_failed(d, IOT_LOGIN_MQTT, p, f, NULL); /* p comes from the broker */
}

void iot_detect_coap(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev)
{
    if (!iot_detect_is_iot(dev))
        return;
    char who[160], peer[64], text[512];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, peer, sizeof(peer));
    snprintf(text, sizeof(text),
             "%s talks CoAP to %s:%u without DTLS: its readings and the commands it obeys can be "
             "read and forged by anyone on the network; use CoAPS (5684) or OSCORE.",
             who, peer, p->dp);
    raise_text(d, IOT_SIG_COAP_UNENCRYPTED, p, f, dev, text);
}
