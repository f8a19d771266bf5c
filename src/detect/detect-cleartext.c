/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Credentials and sessions in clear text: HTTP, MQTT, CoAP; their logins. */
#include "iotsec-common.h"
#include "detect/detect-cleartext.h"

#include <sodium.h>
#include <strings.h>

#include "detect/detect-download.h"
#include "detect/detect-login.h"
#include "detect/detect-telnet.h"
#include "util/util-misc.h"

#define BASIC_MAX 256 /* decoded user:password bytes looked at */

static void raise_hashed(struct iot_detect *d, enum iot_sig sig, const struct iot_packet *p,
                         const struct iot_flow *f, const struct iot_device *dev, const char *text,
                         const char *cred_hash)
{
    struct iot_alert a = {.sig = sig, .p = p, .f = f, .dev = dev, .threshold = 1};
    snprintf(a.explain, sizeof(a.explain), "%s", text);
    iot_strlcpy(a.credential_hash, cred_hash, sizeof(a.credential_hash));
    iot_detect_raise(d, &a);
}

static void raise_text(struct iot_detect *d, enum iot_sig sig, const struct iot_packet *p,
                       const struct iot_flow *f, const struct iot_device *dev, const char *text)
{
    raise_hashed(d, sig, p, f, dev, text, "");
}

/* "Basic dXNlcjpwYXNz" (RFC 7617): the user (cut to its buffer) and the password, decoded into
 * buf (BASIC_MAX bytes, the caller wipes it). False when the value is not that. */
static bool basic_credentials(const struct iot_http_info *m, char user[64], uint8_t *buf,
                              const uint8_t **pass, size_t *pass_len)
{
    const uint8_t *v = m->auth_value;
    size_t n = m->auth_value_len, i = 5;
    if (v == NULL || n <= i || strncasecmp((const char *)v, "Basic", 5) != 0)
        return false;
    while (i < n && (v[i] == ' ' || v[i] == '\t'))
        i++;
    size_t len;
    if (sodium_base642bin(buf, BASIC_MAX, (const char *)v + i, n - i, NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    const uint8_t *colon = memchr(buf, ':', len);
    if (colon == NULL)
        return false;
    size_t ulen = (size_t)(colon - buf);
    if (memchr(buf, '\0', ulen) != NULL)
        return false;
    memcpy(user, buf, ulen < 63 ? ulen : 63);
    user[ulen < 63 ? ulen : 63] = '\0';
    *pass = colon + 1;
    *pass_len = len - ulen - 1;
    return true;
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

/* Command injection carrying a dropper, in the URL or the body (the bytes that came with the
 * head): how Mirai's and Satori's successors infect routers and cameras through their web UI
 * (e.g. CVE-2017-17215's DeviceUpgrade SOAP body with $(/bin/busybox wget ...)). */
static void http_loader(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                        const struct iot_device *dev, const struct iot_http_info *m)
{
    const char *where = "URL";
    if (!iot_detect_loader_text((const uint8_t *)m->target, strlen(m->target))) {
        if (m->body == NULL || !iot_detect_loader_text(m->body, m->body_len))
            return;
        where = "body";
    }
    char who[160], srv[64], text[512];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, srv, sizeof(srv));
    snprintf(text, sizeof(text),
             "%s sent %s:%u an HTTP %.16s %.60s whose %s carries download-and-execute commands "
             "(wget/tftp/busybox/chmod): an exploit trying to install malware on that device; "
             "patch or isolate it and check whether it fetched anything.",
             who, srv, p->dp, m->method_str, m->target, where);
    raise_text(d, IOT_SIG_LOADER_HTTP, p, f, dev, text);
}

/* Did the request of flow f carry credentials (mark: it did)? A 401 is a refusal only then:
 * the challenge to a request without any is how every Digest or Basic exchange starts. Without
 * a flow (unit tests), every 401 counts. */
static bool credentials_sent(struct iot_detect *d, const struct iot_flow *f, struct iot_ts ts,
                             bool mark)
{
    if (f == NULL)
        return true;
    uint8_t k[1 + sizeof(f->id)] = {'W'};
    memcpy(k + 1, &f->id, sizeof(f->id));
    if (mark) {
        iot_track_get(iot_detect_track(d), k, sizeof(k), ts, UINT32_MAX);
        return true;
    }
    return iot_track_find(iot_detect_track(d), k, sizeof(k)) != NULL;
}

void iot_detect_http(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev, const struct iot_http_info *m)
{
    if (m->kind == IOT_HTTP_KIND_RESPONSE && m->status == 401 &&
        credentials_sent(d, f, p->ts, false))
        iot_detect_login_failed(d, IOT_LOGIN_HTTP, p, f, NULL); /* dev is the server */
    if (m->kind != IOT_HTTP_KIND_REQUEST)
        return;
    if (m->auth_present)
        credentials_sent(d, f, p->ts, true);
    iot_detect_download_request(d, p, f, m->host);
    if (iot_to_internet(d, p, dev))
        http_unencrypted(d, p, f, dev, m);
    http_loader(d, p, f, dev, m);
    char user[64];
    uint8_t buf[BASIC_MAX];
    const uint8_t *pass;
    size_t plen;
    if (!m->auth_credentials || strcasecmp(m->auth_scheme, "Basic") != 0 ||
        !basic_credentials(m, user, buf, &pass, &plen)) {
        sodium_memzero(buf, sizeof(buf)); /* a decode may have failed half way */
        if (m->auth_present)
            iot_detect_login_attempt(d, IOT_LOGIN_HTTP, p, f, dev);
        return;
    }
    char hash[IOT_DETECT_CRED_HASH_HEX];
    iot_detect_credential_hash(d, user, (const char *)pass, plen, hash);
    /* An attempt, and a default credential when it is one. */
    iot_detect_login_password(d, IOT_LOGIN_HTTP, p, f, dev, user, (const char *)pass, plen);
    sodium_memzero(buf, sizeof(buf));
    char who[160], srv[64], text[512];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, srv, sizeof(srv));
    snprintf(text, sizeof(text),
             "%s sent a username and password to %s:%u with HTTP Basic authentication over plain "
             "HTTP: Base64 is not encryption, anyone on the path can read them; use HTTPS and "
             "change that password.",
             who, srv, p->dp);
    raise_hashed(d, IOT_SIG_HTTP_BASIC_CLEARTEXT, p, f, dev, text, hash);
}

void iot_detect_mqtt(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev, const struct iot_mqtt_info *m)
{
    char who[160], srv[64], text[512];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, srv, sizeof(srv));
    char hash[IOT_DETECT_CRED_HASH_HEX] = "";
    if (m->password_present && m->password != NULL) {
        /* An attempt, and a default credential when it is one. */
        iot_detect_login_password(d, IOT_LOGIN_MQTT, p, f, dev, m->username,
                                  (const char *)m->password, m->password_len);
        iot_detect_credential_hash(d, m->username, (const char *)m->password, m->password_len,
                                   hash);
    } else if (m->password_present || m->username[0] != '\0') {
        iot_detect_login_attempt(d, IOT_LOGIN_MQTT, p, f, dev);
    }
    if (m->password_present) {
        snprintf(text, sizeof(text),
                 "%s logged in to the MQTT broker %s:%u as '%.40s' with a password of %u "
                 "characters, in clear text: anyone on the path can read it and take over the "
                 "device's messages; move to MQTT over TLS (8883) and change the password.",
                 who, srv, p->dp, m->username, m->password_len);
        raise_hashed(d, IOT_SIG_MQTT_PASSWORD_CLEARTEXT, p, f, dev, text, hash);
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
