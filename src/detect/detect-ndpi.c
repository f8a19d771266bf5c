/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nDPI verdicts: SSH sessions and flow risks. */
#include "iotsec-common.h"
#include "detect/detect-ndpi.h"

#include <ndpi/ndpi_api.h>

#include "detect/detect-c2.h"
#include "detect/detect-login.h"
#include "util/util-misc.h"

/* The risks worth an alert, what each becomes, and what to tell the operator. */
static const struct {
    ndpi_risk_enum risk;
    enum iot_sig sig;
    const char *what, *advice;
} risk_map[] = {
    {NDPI_TLS_OBSOLETE_VERSION, IOT_SIG_TLS_OBSOLETE, "uses an obsolete TLS version",
     "SSL 3 and TLS 1.0/1.1 have known attacks; update the firmware or retire the device"},
    {NDPI_TLS_WEAK_CIPHER, IOT_SIG_TLS_WEAK_CIPHER, "negotiated a weak TLS cipher suite",
     "a weak cipher lets the session be decrypted or forged; update the firmware"},
    {NDPI_SSH_OBSOLETE_CLIENT_VERSION_OR_CIPHER, IOT_SIG_SSH_OBSOLETE,
     "offers an obsolete SSH client version or cipher",
     "old SSH implementations have known vulnerabilities; update the firmware"},
    {NDPI_SSH_OBSOLETE_SERVER_VERSION_OR_CIPHER, IOT_SIG_SSH_OBSOLETE,
     "talks to an SSH server with an obsolete version or cipher",
     "old SSH servers (often an IoT device's dropbear) have known vulnerabilities; update it"},
    {NDPI_SMB_INSECURE_VERSION, IOT_SIG_SMB_INSECURE, "uses SMBv1",
     "SMBv1 is what WannaCry spread by; turn it off on both ends"},
    {NDPI_SUSPICIOUS_DGA_DOMAIN, IOT_SIG_C2_DGA, "looked up a name that looks algorithmically "
     "generated", "malware finds its command server by generating names; check the device"},
    {NDPI_URL_POSSIBLE_RCE_INJECTION, IOT_SIG_EXPLOIT_WEB, "sent a request with a command "
     "injection", "bots spread by injecting shell commands into IoT web interfaces; check the "
     "target's firmware version"},
    {NDPI_POSSIBLE_EXPLOIT, IOT_SIG_EXPLOIT_WEB, "sent a request carrying an exploit (Log4Shell "
     "style)", "check the target for the vulnerability and the sender for compromise"},
};

/* nDPI calls some vendors' names generated (dcp.cpp.philips.com); malware that generates names
 * asks for many, most of which do not exist. So: this many distinct flagged names from one
 * device within detect.c2.window. */
#define DGA_NAMES 3

/* Distinct DGA-flagged names q's sender asked for in the window, this one included. */
static unsigned dga_names(struct iot_detect *d, const struct iot_packet *q, const char *name)
{
    uint8_t k[18] = {'G', q->ip_ver};
    memcpy(k + 2, q->src.b, 16);
    struct iot_track_entry *e = iot_track_get(iot_detect_track(d), k, sizeof(k), q->ts,
                                              iot_detect_cfg(d)->c2_window);
    uint32_t h = 2166136261u;
    for (const char *c = name; *c != '\0'; c++)
        h = (h ^ (uint8_t)(*c | 0x20)) * 16777619u;
    iot_track_distinct(e, h);
    return e->ndistinct;
}

/* The client side of f: the flow's initiator. */
static void as_client(const struct iot_packet *p, enum iot_flow_dir dir, struct iot_packet *q)
{
    *q = *p;
    if (dir == IOT_DIR_TOCLIENT) {
        q->src = p->dst;
        q->dst = p->src;
        q->sp = p->dp;
        q->dp = p->sp;
    }
}

static void raise_risk(struct iot_detect *d, const struct iot_packet *q, const struct iot_flow *f,
                       const struct iot_device *client, const struct iot_ndpi_verdict *v,
                       size_t i)
{
    struct iot_alert a = {.sig = risk_map[i].sig, .p = q, .f = f, .dev = client,
                          .subject = client == NULL ? &q->src : NULL, .threshold = 1};
    char who[160], srv[64], host[100] = "";
    iot_detect_name_sender(q, client, who, sizeof(who));
    iot_detect_format_addr(&q->dst, q->ip_ver, srv, sizeof(srv));
    if (v->hostname[0] != '\0')
        snprintf(host, sizeof(host), " ('%.80s')", v->hostname);
    snprintf(a.explain, sizeof(a.explain), "%s %s with %s:%u%s (nDPI risk '%s'): %s.", who,
             risk_map[i].what, srv, q->dp, host, ndpi_risk2str(risk_map[i].risk),
             risk_map[i].advice);
    iot_detect_raise(d, &a);
}

void iot_detect_verdict(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                        enum iot_flow_dir dir, const struct iot_device *dev,
                        const struct iot_ndpi_verdict *v)
{
    struct iot_packet q;
    as_client(p, dir, &q);
    const struct iot_device *client = dir == IOT_DIR_TOSERVER ? dev : NULL;
    if (client == NULL && v->risk != 0) /* alerts name it; a lookup walks the inventory */
        client = iot_detect_device_at(d, &q.src, q.ip_ver);
    if ((v->master_id == NDPI_PROTOCOL_SSH || v->app_id == NDPI_PROTOCOL_SSH) &&
        (p->flags & IOT_PKT_HAS_TCP))
        iot_detect_login_attempt(d, IOT_LOGIN_SSH, &q, f, client);
    if ((v->master_id == NDPI_PROTOCOL_DNS || v->app_id == NDPI_PROTOCOL_DNS) &&
        v->hostname[0] != '\0')
        iot_detect_c2_dns(d, &q, f, client, v->hostname);
    if (v->risk == 0)
        return;
    for (size_t i = 0; i < IOT_ARRAY_LEN(risk_map); i++)
        if ((v->risk & (1ull << risk_map[i].risk)) &&
            (risk_map[i].sig != IOT_SIG_C2_DGA || dga_names(d, &q, v->hostname) >= DGA_NAMES))
            raise_risk(d, &q, f, client, v, i);
}
