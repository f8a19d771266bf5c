/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Brute force, default credentials, clear-text logins and loaders in telnet sessions. */
#include "iotsec-common.h"
#include "detect/detect-telnet.h"

#include <inttypes.h>

#include "util/util-misc.h"

/* What download-and-execute droppers type: Mirai's loader, its descendants and copycats. */
static const char *const loader_words[] = {
    "wget ", "tftp ", "curl ", "ftpget ", "echo -ne ", "echo -e '\\\\x", "chmod +x", "chmod 777",
    "/bin/busybox ", ">.t", "dvrhelper", ".arm7", ".mips", "/tmp/."};

/* The client of the session: the packet's sender when it goes to the server. */
static void client_addr(const struct iot_packet *p, bool to_server, struct iot_addr *a)
{
    *a = to_server ? p->src : p->dst;
}

/* What differs between the services whose logins are watched. */
struct login_svc {
    uint8_t key;      /* tracker key type */
    const char *name; /* "telnet", "FTP" */
    enum iot_sig brute, cleartext;
};

static const struct login_svc svc_telnet = {'T', "telnet", IOT_SIG_BRUTE_TELNET,
                                            IOT_SIG_TELNET_CLEARTEXT};
static const struct login_svc svc_ftp = {'L', "FTP", IOT_SIG_BRUTE_FTP, IOT_SIG_FTP_CLEARTEXT};

static struct iot_track_entry *session_counts(struct iot_detect *d, const struct login_svc *svc,
                                              const struct iot_packet *p, bool to_server)
{
    struct {
        uint8_t type, ver;
        uint8_t addr[16];
    } key = {svc->key, p->ip_ver, {0}};
    struct iot_addr a;
    client_addr(p, to_server, &a);
    memcpy(key.addr, a.b, 16);
    return iot_track_get(iot_detect_track(d), &key, sizeof(key), p->ts,
                         iot_detect_cfg(d)->brute_window);
}

/* "root" / "****** (6 characters)": how a password appears anywhere we write. */
static void masked(size_t len, char *buf, size_t n)
{
    char stars[17];
    size_t k = len < 16 ? len : 16;
    memset(stars, '*', k);
    stars[k] = '\0';
    snprintf(buf, n, "%s (%zu characters)", len ? stars : "(empty)", len);
}

/* Names the client (and server) of a session for an explanation. */
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
    iot_detect_format_addr(&q.dst, q.ip_ver, srv, sl);
}

static void raise_on(struct iot_detect *d, enum iot_sig sig, const struct iot_packet *p,
                     const struct iot_flow *f, const struct iot_device *client,
                     const struct iot_track_entry *e, uint64_t threshold, const char *explain)
{
    struct iot_alert a = {.sig = sig, .p = p, .f = f, .dev = client, .ev = e,
                          .threshold = threshold, .window_sec = iot_detect_cfg(d)->brute_window};
    iot_strlcpy(a.explain, explain, sizeof(a.explain)); /* a longer one is cut */
    iot_detect_raise(d, &a);
}

/* A password was sent (user: the username it answers; pass: len bytes, never copied). */
static void on_password(struct iot_detect *d, const struct login_svc *svc,
                        const struct iot_packet *p, const struct iot_flow *f,
                        const struct iot_device *client, const char *user, const char *pass,
                        size_t len)
{
    char who[160], srv[64], mask[48], text[512];
    who_and_server(p, true, client, who, sizeof(who), srv, sizeof(srv));
    masked(len, mask, sizeof(mask));
    struct iot_track_entry *e = session_counts(d, svc, p, true);
    e->count++; /* attempts */
    iot_track_sample(e, p);
    snprintf(text, sizeof(text),
             "%s logged in to %s over %s as '%.32s' with password %s, all in clear text: "
             "anyone on the path can read it; use an encrypted protocol (SSH, SFTP) instead.",
             who, srv, svc->name, user, mask);
    raise_on(d, svc->cleartext, p, f, client, NULL, 1, text);
    if (iot_detect_default_credential(d, user, pass, len)) {
        snprintf(text, sizeof(text),
                 "%s tried the %s login '%.32s' / %s on %s, a default credential from "
                 "Mirai's list: a bot spreading, or a device still on its factory password.",
                 who, svc->name, user, mask, srv);
        raise_on(d, IOT_SIG_DEFAULT_CRED, p, f, client, NULL, 1, text);
    }
}

static void on_failure(struct iot_detect *d, const struct login_svc *svc,
                       const struct iot_packet *p, const struct iot_flow *f,
                       const struct iot_device *client)
{
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    struct iot_track_entry *e = session_counts(d, svc, p, false);
    e->aux++; /* refused */
    if (e->alerted || e->count < cfg->brute_attempts || e->aux < cfg->brute_failures)
        return;
    e->alerted = true;
    char who[160], srv[64], text[512];
    who_and_server(p, false, client, who, sizeof(who), srv, sizeof(srv));
    snprintf(text, sizeof(text),
             "%s tried %" PRIu64 " %s logins within %u s and %" PRIu64 " were refused (last "
             "on %s): it is guessing passwords, as Mirai's scanner does with its list of "
             "default credentials.",
             who, e->count, svc->name, cfg->brute_window, e->aux, srv);
    raise_on(d, svc->brute, p, f, client, e, cfg->brute_attempts, text);
}

static bool looks_like_loader(const char *line)
{
    char low[IOT_TELNET_LINE_MAX];
    size_t n = 0;
    for (; line[n] != '\0' && n + 1 < sizeof(low); n++)
        low[n] = (char)(line[n] >= 'A' && line[n] <= 'Z' ? line[n] + 32 : line[n]);
    low[n] = '\0';
    unsigned hits = 0;
    for (size_t i = 0; i < IOT_ARRAY_LEN(loader_words); i++)
        hits += strstr(low, loader_words[i]) != NULL;
    /* One word alone is a person at a shell; a download with busybox, a chmod or a hex echo
     * is a dropper. */
    return hits >= 2;
}

static void on_command(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                       const struct iot_device *client, const struct iot_telnet_event *ev)
{
    if (!looks_like_loader(ev->text))
        return;
    char who[160], srv[64], text[512], cmd[101];
    who_and_server(p, true, client, who, sizeof(who), srv, sizeof(srv));
    size_t k = 0;
    for (size_t i = 0; ev->text[i] != '\0' && k + 1 < sizeof(cmd); i++)
        cmd[k++] = (ev->text[i] >= 32 && ev->text[i] < 127) ? ev->text[i] : '.';
    cmd[k] = '\0';
    snprintf(text, sizeof(text),
             "%s typed a download-and-execute command into a telnet shell on %s (\"%s%s\"): "
             "a malware loader is installing a bot there; treat that host as compromised.",
             who, srv, cmd, ev->len >= sizeof(cmd) ? "..." : "");
    raise_on(d, IOT_SIG_LOADER_TELNET, p, f, client, NULL, 1, text);
}

void iot_detect_telnet(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                       bool to_server, const struct iot_device *client,
                       const struct iot_telnet_event *ev)
{
    switch (ev->type) {
    case IOT_TELNET_PASSWORD:
        on_password(d, &svc_telnet, p, f, client, ev->user, ev->text, ev->len);
        break;
    case IOT_TELNET_LOGIN_FAILED:
        on_failure(d, &svc_telnet, p, f, client);
        break;
    case IOT_TELNET_COMMAND:
        if (to_server)
            on_command(d, p, f, client, ev);
        break;
    case IOT_TELNET_USERNAME:
    case IOT_TELNET_LOGIN_OK:
        break;
    }
}

void iot_detect_ftp(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                    const struct iot_device *client, const struct iot_ftp_event *ev)
{
    if (ev->type == IOT_FTP_PASS)
        on_password(d, &svc_ftp, p, f, client, ev->user, ev->text, ev->len);
    else if (ev->type == IOT_FTP_LOGIN_FAILED)
        on_failure(d, &svc_ftp, p, f, client);
}
