/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Brute force, default credentials and clear-text passwords, for every login protocol. */
#include "iotsec-common.h"
#include "detect/detect-login.h"

#include <inttypes.h>

#include "util/util-misc.h"

/* What differs between the protocols whose logins are watched. */
struct login_svc {
    uint8_t key;           /* tracker key type */
    const char *name;      /* as explanations say it */
    enum iot_sig brute;    /* brute force */
    enum iot_sig cleartext; /* a readable password; IOT_SIG_MAX when the parser never sees one */
    bool refusals;         /* the server's refusals are visible (SSH's are encrypted) */
    const char *instead;   /* the encrypted alternative to advise */
    bool per_server;       /* counted per (client, server), not per client */
};

static const struct login_svc svcs[IOT_LOGIN_MAX] = {
    [IOT_LOGIN_TELNET] = {'T', "telnet", IOT_SIG_BRUTE_TELNET, IOT_SIG_TELNET_CLEARTEXT, true,
                          "SSH", false},
    [IOT_LOGIN_FTP] = {'L', "FTP", IOT_SIG_BRUTE_FTP, IOT_SIG_FTP_CLEARTEXT, true, "SFTP or FTPS",
                       false},
    [IOT_LOGIN_HTTP] = {'H', "HTTP", IOT_SIG_BRUTE_HTTP, IOT_SIG_MAX, true, "HTTPS", false},
    [IOT_LOGIN_MQTT] = {'Q', "MQTT", IOT_SIG_BRUTE_MQTT, IOT_SIG_MAX, true, "MQTT over TLS",
                        false},
    [IOT_LOGIN_POP3] = {'P', "POP3", IOT_SIG_BRUTE_MAIL, IOT_SIG_MAIL_CLEARTEXT, true,
                        "POP3 over TLS (995)", false},
    [IOT_LOGIN_IMAP] = {'I', "IMAP", IOT_SIG_BRUTE_MAIL, IOT_SIG_MAIL_CLEARTEXT, true,
                        "IMAP over TLS (993)", false},
    [IOT_LOGIN_SMTP] = {'S', "SMTP", IOT_SIG_BRUTE_MAIL, IOT_SIG_MAIL_CLEARTEXT, true,
                        "SMTP submission with TLS (465, or STARTTLS first)", false},
    /* Per server: an admin's tools open many sessions, but to many servers. */
    [IOT_LOGIN_SSH] = {'H' + 128, "SSH", IOT_SIG_BRUTE_SSH, IOT_SIG_MAX, false, "", true},
};

/* The client's counts, per protocol (and server, for SSH): attempts in count, refusals in aux,
 * the distinct credentials tried (when they are visible) in the distinct set. */
static struct iot_track_entry *client_counts(struct iot_detect *d, const struct login_svc *svc,
                                             const struct iot_packet *p,
                                             const struct iot_addr *client,
                                             const struct iot_addr *server)
{
    struct {
        uint8_t type, ver;
        uint8_t addr[16], server[16];
    } key = {svc->key, p->ip_ver, {0}, {0}};
    memcpy(key.addr, client->b, 16);
    if (svc->per_server)
        memcpy(key.server, server->b, 16);
    return iot_track_get(iot_detect_track(d), &key, sizeof(key), p->ts,
                         iot_detect_cfg(d)->brute_window);
}

/* "****** (6 characters)": how a password appears anywhere we write. */
static void masked(size_t len, char *buf, size_t n)
{
    char stars[17];
    size_t k = len < 16 ? len : 16;
    memset(stars, '*', k);
    stars[k] = '\0';
    snprintf(buf, n, "%s (%zu characters)", len ? stars : "(empty)", len);
}

/* Names the client and server of the session of p (to_server: p is the client's). */
static void who_and_server(const struct iot_packet *p, bool to_server,
                           const struct iot_device *client, char *who, size_t wl, char *srv,
                           size_t sl)
{
    struct iot_packet q = *p;
    if (!to_server) {
        q.src = p->dst;
        q.dst = p->src;
    }
    iot_detect_name_sender(&q, client, who, wl);
    char ip[64];
    iot_detect_format_addr(&q.dst, q.ip_ver, ip, sizeof(ip));
    snprintf(srv, sl, "%s:%u", ip, to_server ? p->dp : p->sp);
}

static void raise_on(struct iot_detect *d, enum iot_sig sig, const struct iot_packet *p,
                     const struct iot_flow *f, const struct iot_device *client,
                     const struct iot_addr *subject, const struct iot_track_entry *e,
                     uint64_t threshold, const char *explain, const char *cred_hash)
{
    struct iot_alert a = {.sig = sig, .p = p, .f = f, .dev = client, .subject = subject,
                          .ev = e, .threshold = threshold,
                          .window_sec = iot_detect_cfg(d)->brute_window};
    iot_strlcpy(a.explain, explain, sizeof(a.explain)); /* a longer one is cut */
    iot_strlcpy(a.credential_hash, cred_hash, sizeof(a.credential_hash));
    iot_detect_raise(d, &a);
}

/* The brute-force test, after each attempt and each refusal. */
static void check_brute(struct iot_detect *d, const struct login_svc *svc,
                        const struct iot_packet *p, const struct iot_flow *f, bool to_server,
                        const struct iot_device *client, const struct iot_addr *caddr,
                        struct iot_track_entry *e)
{
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    if (e->alerted || e->count < cfg->brute_attempts ||
        (svc->refusals && e->aux < cfg->brute_failures))
        return;
    /* The same one or two credentials again and again is a device with a stale password
     * reconnecting, not a guesser. */
    if (e->ndistinct > 0 && e->ndistinct < cfg->brute_failures)
        return;
    e->alerted = true;
    if (client == NULL)
        client = iot_detect_device_at(d, caddr, p->ip_ver);
    char who[160], srv[80], text[512];
    who_and_server(p, to_server, client, who, sizeof(who), srv, sizeof(srv));
    if (svc->refusals)
        snprintf(text, sizeof(text),
                 "%s tried %" PRIu64 " %s logins within %u s and %" PRIu64 " were refused (last "
                 "on %s): it is guessing passwords, as Mirai's scanner does with its list of "
                 "default credentials.",
                 who, e->count, svc->name, cfg->brute_window, e->aux, srv);
    else
        snprintf(text, sizeof(text),
                 "%s opened %" PRIu64 " %s sessions to %s within %u s: a burst of short login "
                 "sessions is how password guessers work (each session tries a few passwords); "
                 "check that server's authentication log.",
                 who, e->count, svc->name, srv, cfg->brute_window);
    raise_on(d, svc->brute, p, f, client, client == NULL ? caddr : NULL, e,
             cfg->brute_attempts, text, "");
}

void iot_detect_login_password(struct iot_detect *d, enum iot_login_proto proto,
                               const struct iot_packet *p, const struct iot_flow *f,
                               const struct iot_device *client, const char *user,
                               const char *pass, size_t len)
{
    const struct login_svc *svc = &svcs[proto];
    char who[160], srv[80], mask[48], text[512];
    who_and_server(p, true, client, who, sizeof(who), srv, sizeof(srv));
    masked(len, mask, sizeof(mask));
    char hash[IOT_DETECT_CRED_HASH_HEX];
    iot_detect_credential_hash(d, user, pass, len, hash);
    uint32_t fold = 2166136261u; /* FNV-1a: only to tell credentials apart in one entry */
    for (const char *c = user; *c != '\0'; c++)
        fold = (fold ^ (uint8_t)*c) * 16777619u;
    fold = (fold ^ 0xFFu) * 16777619u;
    for (size_t i = 0; i < len; i++)
        fold = (fold ^ (uint8_t)pass[i]) * 16777619u;
    iot_track_distinct(client_counts(d, svc, p, &p->src, &p->dst), fold);
    if (svc->cleartext != IOT_SIG_MAX) {
        snprintf(text, sizeof(text),
                 "%s sent the %s login '%.32s' with password %s to %s in clear text: anyone on "
                 "the path can read it; use %s instead.",
                 who, svc->name, user, mask, srv, svc->instead);
        raise_on(d, svc->cleartext, p, f, client, NULL, NULL, 1, text, hash);
    }
    if (iot_detect_default_credential(d, user, pass, len)) {
        snprintf(text, sizeof(text),
                 "%s tried the %s login '%.32s' / %s on %s, a default credential from "
                 "Mirai's list: a bot spreading, or a device still on its factory password.",
                 who, svc->name, user, mask, srv);
        raise_on(d, IOT_SIG_DEFAULT_CRED, p, f, client, NULL, NULL, 1, text, hash);
    }
    iot_detect_login_attempt(d, proto, p, f, client);
}

void iot_detect_login_attempt(struct iot_detect *d, enum iot_login_proto proto,
                              const struct iot_packet *p, const struct iot_flow *f,
                              const struct iot_device *client)
{
    const struct login_svc *svc = &svcs[proto];
    struct iot_track_entry *e = client_counts(d, svc, p, &p->src, &p->dst);
    e->count++;
    iot_track_sample(e, p);
    check_brute(d, svc, p, f, true, client, &p->src, e);
}

void iot_detect_login_failed(struct iot_detect *d, enum iot_login_proto proto,
                             const struct iot_packet *p, const struct iot_flow *f,
                             const struct iot_device *client)
{
    const struct login_svc *svc = &svcs[proto];
    struct iot_track_entry *e = client_counts(d, svc, p, &p->dst, &p->src);
    e->aux++;
    check_brute(d, svc, p, f, false, client, &p->dst, e);
}
