/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Telnet, FTP and mail sessions: their logins go to detect-login.c; loaders typed into telnet. */
#include "iotsec-common.h"
#include "detect/detect-telnet.h"

#include "detect/detect-login.h"

#include "util/util-misc.h"

/* What download-and-execute droppers type: Mirai's loader, its descendants and copycats. */
static const char *const loader_words[] = {
    "wget ", "tftp ", "curl ", "ftpget ", "echo -ne ", "echo -e '\\\\x", "chmod +x", "chmod 777",
    "/bin/busybox ", ">.t", "dvrhelper", ".arm7", ".mips", "/tmp/."};

/* Names the client and server of a telnet session (p is the client's). */
static void who_and_server(const struct iot_packet *p, const struct iot_device *client, char *who,
                           size_t wl, char *srv, size_t sl)
{
    iot_detect_name_sender(p, client, who, wl);
    iot_detect_format_addr(&p->dst, p->ip_ver, srv, sl);
}

static int hex_digit(uint8_t c)
{
    return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/* Lower case, %XX and '+' decoded, and ${IFS} (how injections write a space) made a space. */
static size_t normalise(const uint8_t *text, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < cap; i++) {
        uint8_t c = text[i];
        if (c == '%' && i + 2 < len && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
            c = (uint8_t)(hex_digit(text[i + 1]) << 4 | hex_digit(text[i + 2]));
            i += 2;
        } else if (c == '+') {
            c = ' ';
        } else if (c == '$' && len - i >= 6 && memcmp(text + i, "${IFS}", 6) == 0) {
            c = ' ';
            i += 5;
        }
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[n] = '\0';
    return n;
}

bool iot_detect_loader_text(const uint8_t *text, size_t len)
{
    char low[1024];
    normalise(text, len, low, sizeof(low));
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
    if (!iot_detect_loader_text((const uint8_t *)ev->text, ev->len))
        return;
    char who[160], srv[64], text[512], cmd[101];
    who_and_server(p, client, who, sizeof(who), srv, sizeof(srv));
    size_t k = 0;
    for (size_t i = 0; ev->text[i] != '\0' && k + 1 < sizeof(cmd); i++)
        cmd[k++] = (ev->text[i] >= 32 && ev->text[i] < 127) ? ev->text[i] : '.';
    cmd[k] = '\0';
    snprintf(text, sizeof(text),
             "%s typed a download-and-execute command into a telnet shell on %s (\"%s%s\"): "
             "a malware loader is installing a bot there; treat that host as compromised.",
             who, srv, cmd, ev->len >= sizeof(cmd) ? "..." : "");
    struct iot_alert a = {.sig = IOT_SIG_LOADER_TELNET, .p = p, .f = f, .dev = client,
                          .threshold = 1};
    iot_strlcpy(a.explain, text, sizeof(a.explain));
    iot_detect_raise(d, &a);
}

void iot_detect_telnet(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                       bool to_server, const struct iot_device *client,
                       const struct iot_telnet_event *ev)
{
    switch (ev->type) {
    case IOT_TELNET_PASSWORD:
        iot_detect_login_password(d, IOT_LOGIN_TELNET, p, f, client, ev->user, ev->text, ev->len);
        break;
    case IOT_TELNET_LOGIN_FAILED:
        iot_detect_login_failed(d, IOT_LOGIN_TELNET, p, f, client);
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
        iot_detect_login_password(d, IOT_LOGIN_FTP, p, f, client, ev->user, ev->text, ev->len);
    else if (ev->type == IOT_FTP_LOGIN_FAILED)
        iot_detect_login_failed(d, IOT_LOGIN_FTP, p, f, client);
}

void iot_detect_mail(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *client, enum iot_mail_proto proto,
                     const struct iot_mail_event *ev)
{
    enum iot_login_proto lp = proto == IOT_MAIL_POP3   ? IOT_LOGIN_POP3
                              : proto == IOT_MAIL_IMAP ? IOT_LOGIN_IMAP
                                                       : IOT_LOGIN_SMTP;
    if (ev->type == IOT_MAIL_CREDENTIAL)
        iot_detect_login_password(d, lp, p, f, client, ev->user, ev->pass, ev->pass_len);
    else if (ev->type == IOT_MAIL_LOGIN_FAILED)
        iot_detect_login_failed(d, lp, p, f, client);
}
