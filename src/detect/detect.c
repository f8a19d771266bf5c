/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signatures, configuration, and the alert path: suppression, deduplication, callback. */
#include "iotsec-common.h"
#include "detect/detect.h"

#include <arpa/inet.h>
#include <sodium.h>

#include "detect/detect-arp-spoof.h"
#include "detect/detect-c2.h"
#include "detect/detect-flood.h"
#include "detect/detect-mirai-scan.h"
#include "detect/detect-os-probe.h"
#include "detect/detect-scan.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

#define TH_SYN 0x02
#define TH_ACK 0x10

/* Deduplication entries and the devices' baselines (detect-c2.c) each take this share of
 * detect.memcap, detectors the rest: a scan churning the detectors' table must not make the
 * baselines forget what they learnt. */
#define DEDUP_SHARE 8

static const struct iot_signature signatures[IOT_SIG_MAX] = {
#define IOT_SIG_ROW(name, id, msg, cat, sev, tid, tname) {id, msg, cat, sev, tid, tname},
    IOT_SIGNATURES(IOT_SIG_ROW)
#undef IOT_SIG_ROW
};

struct iot_detect {
    struct iot_detect_config cfg;
    struct iot_detect_callbacks cb;
    struct iot_track *track; /* detectors' state */
    struct iot_track *dedup; /* (device, signature) -> last alert */
    struct iot_track *baseline; /* per device: learnt destinations and names, compromise marks */
    struct iot_track_stats track_stats; /* of all three, for iot_detect_track_stats */
    struct iot_detect_stats stats;
    char **creds; /* "user\0password" pairs from the default-credential list */
    uint8_t cred_key[IOT_DETECT_CRED_KEY_LEN];
    bool has_cred_key;
    size_t ncreds;
};

const struct iot_signature *iot_signature(enum iot_sig s)
{
    return (unsigned)s < IOT_SIG_MAX ? &signatures[s] : NULL;
}

/* ATT&CK for ICS counterparts (https://attack.mitre.org/matrices/ics/). */
static const struct {
    enum iot_sig sig;
    const char *id, *name;
} ics_techniques[] = {
    {IOT_SIG_MIRAI_SCAN, "T0846", "Remote System Discovery"},
    {IOT_SIG_SCAN_HORIZONTAL, "T0846", "Remote System Discovery"},
    {IOT_SIG_SCAN_VERTICAL, "T0846", "Remote System Discovery"},
    {IOT_SIG_SWEEP_ARP, "T0846", "Remote System Discovery"},
    {IOT_SIG_SWEEP_PING, "T0846", "Remote System Discovery"},
    {IOT_SIG_SPOOF_ARP, "T0830", "Adversary-in-the-Middle"},
    {IOT_SIG_OS_PROBE, "T0846", "Remote System Discovery"},
    {IOT_SIG_DEFAULT_CRED, "T0812", "Default Credentials"},
    {IOT_SIG_BRUTE_TELNET, "T0859", "Valid Accounts"},
    {IOT_SIG_BRUTE_FTP, "T0859", "Valid Accounts"},
    {IOT_SIG_BRUTE_SSH, "T0859", "Valid Accounts"},
    {IOT_SIG_BRUTE_HTTP, "T0859", "Valid Accounts"},
    {IOT_SIG_LOADER_TELNET, "T0867", "Lateral Tool Transfer"},
    {IOT_SIG_ELF_DOWNLOAD, "T0867", "Lateral Tool Transfer"},
    {IOT_SIG_LOADER_HTTP, "T0866", "Exploitation of Remote Services"},
    {IOT_SIG_EXPLOIT_WEB, "T0866", "Exploitation of Remote Services"},
    {IOT_SIG_C2_MIRAI, "T0885", "Commonly Used Port"},
    {IOT_SIG_C2_NEW_DEST, "T0869", "Standard Application Layer Protocol"},
    {IOT_SIG_C2_BEACON, "T0869", "Standard Application Layer Protocol"},
    {IOT_SIG_FLOOD_SYN, "T0814", "Denial of Service"},
    {IOT_SIG_FLOOD_ACK, "T0814", "Denial of Service"},
    {IOT_SIG_FLOOD_UDP, "T0814", "Denial of Service"},
    {IOT_SIG_FLOOD_GRE, "T0814", "Denial of Service"},
    {IOT_SIG_FLOOD_DNS, "T0814", "Denial of Service"},
    {IOT_SIG_FLOOD_HTTP, "T0814", "Denial of Service"},
    {IOT_SIG_FLOOD_INBOUND, "T0814", "Denial of Service"},
    {IOT_SIG_TELNET_CLEARTEXT, "T0842", "Network Sniffing"},
    {IOT_SIG_FTP_CLEARTEXT, "T0842", "Network Sniffing"},
    {IOT_SIG_HTTP_BASIC_CLEARTEXT, "T0842", "Network Sniffing"},
    {IOT_SIG_MQTT_PASSWORD_CLEARTEXT, "T0842", "Network Sniffing"},
    {IOT_SIG_MQTT_UNENCRYPTED, "T0842", "Network Sniffing"},
    {IOT_SIG_HTTP_UNENCRYPTED, "T0842", "Network Sniffing"},
    {IOT_SIG_COAP_UNENCRYPTED, "T0842", "Network Sniffing"},
};

void iot_alert_technique(const struct iot_alert *a, const char **matrix, const char **id,
                         const char **name)
{
    const struct iot_signature *sig = iot_signature(a->sig);
    *matrix = "enterprise";
    *id = sig->technique_id;
    *name = sig->technique;
    const char *kind = a->dev != NULL ? a->dev->attr[IOT_ATTR_KIND].value : "";
    if (strcmp(kind, "plc") != 0 && strcmp(kind, "hvac") != 0)
        return;
    for (size_t i = 0; i < IOT_ARRAY_LEN(ics_techniques); i++)
        if (ics_techniques[i].sig == a->sig) {
            *matrix = "ics";
            *id = ics_techniques[i].id;
            *name = ics_techniques[i].name;
        }
}

const struct iot_signature *iot_signature_by_id(uint32_t id)
{
    for (int i = 0; i < IOT_SIG_MAX; i++)
        if (signatures[i].id == id)
            return &signatures[i];
    return NULL;
}

void iot_detect_config_default(struct iot_detect_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->memcap = 16u << 20;
    cfg->alert_window = 60;
    cfg->mirai_min_syns = 5;
    cfg->mirai_window = 10;
    cfg->scan_window = 10;
    cfg->scan_hosts = 16;
    cfg->scan_ports = 24;
    cfg->scan_arp_hosts = 32;
    cfg->flood_window = 1;
    cfg->flood_pps = 1000;
    cfg->flood_min_pps = 100;
    cfg->flood_factor = 20;
    cfg->flood_sources = 16;
    cfg->flood_http_rps = 100;
    cfg->posture_window = 86400;
    char err[128];
    iot_detect_parse_home_net(cfg, IOT_DETECT_HOME_NET_DEFAULT, err, sizeof(err));
    cfg->brute_window = 60;
    cfg->brute_attempts = 5;
    cfg->brute_failures = 3;
    cfg->c2_window = 600;
    cfg->c2_learn = 600;
    cfg->beacon_intervals = 8;
    cfg->beacon_jitter = 10;
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
    unsigned v[6];
    char tail;
    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
        return false;
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)v[i];
    return true;
}

static const char *parse_one_suppress(struct iot_suppress *s, char *item)
{
    memset(s, 0, sizeof(*s));
    char *at = strchr(item, '@');
    if (at != NULL)
        *at++ = '\0';
    if (strcmp(item, "*") != 0) {
        char *end = NULL;
        unsigned long sid = strtoul(item, &end, 10);
        if (end == item || *end != '\0' || iot_signature_by_id((uint32_t)sid) == NULL)
            return "unknown signature id";
        s->sid = (uint32_t)sid;
    }
    if (at == NULL)
        return s->sid == 0 ? "'*' needs @address" : NULL;
    if (parse_mac(at, s->mac)) {
        s->has_mac = true;
    } else if (inet_pton(AF_INET, at, s->addr.b) == 1) {
        s->has_addr = true;
        s->ver = 4;
    } else if (inet_pton(AF_INET6, at, s->addr.b) == 1) {
        s->has_addr = true;
        s->ver = 6;
    } else {
        return "expected an IPv4, IPv6 or MAC address after '@'";
    }
    return NULL;
}

int iot_detect_parse_suppress(struct iot_detect_config *cfg, const char *text, char *err,
                              size_t errlen)
{
    char buf[2048];
    if (strlen(text) >= sizeof(buf)) {
        snprintf(err, errlen, "detect.suppress: longer than %zu bytes", sizeof(buf) - 1);
        return IOT_ERR_INPUT;
    }
    iot_strlcpy(buf, text, sizeof(buf));
    cfg->nsuppress = 0;
    char *save = NULL;
    for (char *item = strtok_r(buf, ", ", &save); item != NULL; item = strtok_r(NULL, ", ", &save)) {
        if (cfg->nsuppress == IOT_DETECT_MAX_SUPPRESS) {
            snprintf(err, errlen, "detect.suppress: more than %d entries", IOT_DETECT_MAX_SUPPRESS);
            return IOT_ERR_INPUT;
        }
        char copy[128];
        iot_strlcpy(copy, item, sizeof(copy));
        const char *why = parse_one_suppress(&cfg->suppress[cfg->nsuppress], item);
        if (why != NULL) {
            snprintf(err, errlen, "detect.suppress: '%s': %s", copy, why);
            return IOT_ERR_INPUT;
        }
        cfg->nsuppress++;
    }
    return IOT_OK;
}

struct iot_detect *iot_detect_new(const struct iot_detect_config *cfg,
                                  const struct iot_detect_callbacks *cb, const uint8_t *seed_key)
{
    struct iot_detect *d = iot_calloc(1, sizeof(*d));
    if (d == NULL)
        return NULL;
    d->cfg = *cfg;
    if (cb != NULL)
        d->cb = *cb;
    size_t dedup = cfg->memcap / DEDUP_SHARE;
    d->track = iot_track_new(cfg->memcap - 2 * dedup, seed_key);
    d->dedup = iot_track_new(dedup, seed_key);
    d->baseline = iot_track_new(dedup, seed_key);
    if (d->track == NULL || d->dedup == NULL || d->baseline == NULL) {
        iot_detect_free(d);
        return NULL;
    }
    return d;
}

void iot_detect_free(struct iot_detect *d)
{
    if (d == NULL)
        return;
    iot_track_free(d->track);
    iot_track_free(d->dedup);
    iot_track_free(d->baseline);
    for (size_t i = 0; i < d->ncreds; i++)
        iot_free(d->creds[i]);
    iot_free(d->creds);
    sodium_memzero(d->cred_key, sizeof(d->cred_key));
    iot_free(d);
}

#define CREDS_MAX 4096

static int creds_add(struct iot_detect *d, const char *line)
{
    const char *colon = strchr(line, ':');
    if (colon == NULL)
        return IOT_ERR_INPUT;
    const char *pass = strcmp(colon + 1, "(none)") == 0 ? "" : colon + 1;
    size_t ul = (size_t)(colon - line), pl = strlen(pass);
    char *pair = iot_malloc(ul + pl + 2);
    char **grown = d->ncreds % 64 == 0 ? iot_realloc(d->creds, (d->ncreds + 64) * sizeof(char *))
                                       : d->creds;
    if (pair == NULL || grown == NULL) {
        iot_free(pair);
        return IOT_ERR_NOMEM;
    }
    d->creds = grown;
    memcpy(pair, line, ul);
    pair[ul] = '\0';
    memcpy(pair + ul + 1, pass, pl + 1);
    d->creds[d->ncreds++] = pair;
    return IOT_OK;
}

int iot_detect_load_credentials(struct iot_detect *d, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, errlen, "%s: cannot open the default-credential list", path);
        return IOT_ERR_IO;
    }
    char line[256];
    unsigned lineno = 0;
    int rc = IOT_OK;
    while (rc == IOT_OK && fgets(line, sizeof(line), f) != NULL) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (d->ncreds == CREDS_MAX)
            rc = IOT_ERR_INPUT;
        else
            rc = creds_add(d, line);
        if (rc != IOT_OK)
            snprintf(err, errlen, "%s:%u: %s", path, lineno,
                     rc == IOT_ERR_NOMEM ? "out of memory"
                                         : "expected user:password (at most 4096 lines)");
    }
    fclose(f);
    return rc;
}

void iot_detect_set_credential_key(struct iot_detect *d, const uint8_t key[IOT_DETECT_CRED_KEY_LEN])
{
    memcpy(d->cred_key, key, IOT_DETECT_CRED_KEY_LEN);
    d->has_cred_key = true;
}

bool iot_detect_credential_hash(const struct iot_detect *d, const char *user, const char *pass,
                                size_t pass_len, char out[IOT_DETECT_CRED_HASH_HEX])
{
    out[0] = '\0';
    if (!d->has_cred_key)
        return false;
    uint8_t h[16];
    crypto_generichash_state st;
    crypto_generichash_init(&st, d->cred_key, sizeof(d->cred_key), sizeof(h));
    crypto_generichash_update(&st, (const uint8_t *)user, strlen(user) + 1); /* with its NUL */
    crypto_generichash_update(&st, (const uint8_t *)pass, pass_len);
    crypto_generichash_final(&st, h, sizeof(h));
    sodium_memzero(&st, sizeof(st));
    sodium_bin2hex(out, IOT_DETECT_CRED_HASH_HEX, h, sizeof(h));
    return true;
}

bool iot_detect_default_credential(const struct iot_detect *d, const char *user, const char *pass,
                                   size_t pass_len)
{
    for (size_t i = 0; i < d->ncreds; i++) {
        const char *u = d->creds[i], *p = u + strlen(u) + 1;
        if (strcmp(u, user) == 0 && strlen(p) == pass_len && memcmp(p, pass, pass_len) == 0)
            return true;
    }
    return false;
}

const struct iot_detect_config *iot_detect_cfg(const struct iot_detect *d)
{
    return &d->cfg;
}

struct iot_track *iot_detect_track(struct iot_detect *d)
{
    return d->track;
}

struct iot_track *iot_detect_baseline_track(struct iot_detect *d)
{
    return d->baseline;
}

const struct iot_detect_stats *iot_detect_stats(const struct iot_detect *d)
{
    return &d->stats;
}

const struct iot_track_stats *iot_detect_track_stats(struct iot_detect *d)
{
    const struct iot_track *all[] = {d->track, d->dedup, d->baseline};
    memset(&d->track_stats, 0, sizeof(d->track_stats));
    for (size_t i = 0; i < IOT_ARRAY_LEN(all); i++) {
        const struct iot_track_stats *s = iot_track_stats(all[i]);
        d->track_stats.entries += s->entries;
        d->track_stats.evicted += s->evicted;
        d->track_stats.memuse += s->memuse;
    }
    return &d->track_stats;
}

static bool suppressed(const struct iot_detect *d, const struct iot_alert *a)
{
    const struct iot_packet *p = a->p;
    uint32_t sid = signatures[a->sig].id;
    for (unsigned i = 0; i < d->cfg.nsuppress; i++) {
        const struct iot_suppress *s = &d->cfg.suppress[i];
        if (s->sid != 0 && s->sid != sid)
            continue;
        if (!s->has_mac && !s->has_addr)
            return true;
        if (s->has_mac && (((p->flags & IOT_PKT_HAS_ETH) && memcmp(p->src_mac, s->mac, 6) == 0) ||
                           (a->dev != NULL && a->dev->has_mac && memcmp(a->dev->mac, s->mac, 6) == 0)))
            return true;
        if (s->has_addr && p->ip_ver == s->ver && memcmp(&p->src, &s->addr, sizeof(s->addr)) == 0)
            return true;
    }
    return false;
}

/* One alert per (device, signature) per alert window; the next one says how many were held. */
static bool deduplicate(struct iot_detect *d, struct iot_alert *a)
{
    struct {
        uint32_t sid;
        uint8_t ver;
        uint8_t who[16];
    } key;
    memset(&key, 0, sizeof(key));
    key.sid = signatures[a->sig].id;
    if (a->dev != NULL) {
        memcpy(key.who, &a->dev->id, sizeof(a->dev->id));
    } else {
        key.ver = a->p->ip_ver;
        memcpy(key.who, (a->subject != NULL ? a->subject : &a->p->src)->b, 16);
    }
    struct iot_track_entry *e = iot_track_get(d->dedup, &key, sizeof(key), a->p->ts, UINT32_MAX);
    /* Severity 3 is a posture finding (a device's habit, not an event): once a day is enough. */
    uint32_t window = signatures[a->sig].severity == 3 ? d->cfg.posture_window
                                                       : d->cfg.alert_window;
    if (e->alerted && a->p->ts.sec - e->start.sec < (int64_t)window) {
        e->count++;
        return true;
    }
    a->repeated = e->alerted ? e->count : 0;
    e->alerted = true;
    e->start = a->p->ts;
    e->count = 0;
    return false;
}

/* True when dev has addresses of its own and addr is not one of them (at most one it forwarded
 * packets from, with a router's decremented TTL). */
static bool only_forwards(const struct iot_device *dev, const struct iot_addr *addr, uint8_t ver)
{
    const uint8_t own = IOT_INV_VIA_IP | IOT_INV_VIA_ARP | IOT_INV_VIA_DHCP;
    bool has_own = false;
    for (unsigned i = 0; i < dev->naddrs; i++) {
        const struct iot_inv_addr *ia = &dev->addrs[i];
        if (ia->ver == ver && memcmp(ia->addr.b, addr->b, 16) == 0)
            return (ia->via & own) == 0;
        has_own |= (ia->via & own) != 0;
    }
    return has_own;
}

const struct iot_device *iot_detect_device_at(const struct iot_detect *d, const struct iot_addr *a,
                                              uint8_t ver)
{
    return d->cb.device_at != NULL ? d->cb.device_at(d->cb.user, a, ver) : NULL;
}

void iot_detect_raise(struct iot_detect *d, struct iot_alert *a)
{
    iot_detect_c2_mark(d, a); /* a suppressed or repeated alert still happened */
    /* A routed packet (from the internet, through the gateway): the device its MAC names is
     * the router, not the sender. */
    if (a->dev != NULL && a->subject == NULL && !(a->p->flags & IOT_PKT_HAS_ARP) &&
        a->p->ip_ver != 0 && only_forwards(a->dev, &a->p->src, a->p->ip_ver))
        a->dev = NULL;
    /* Before deduplication, which is per device when there is one. */
    if (a->dev == NULL && a->subject != NULL)
        a->dev = iot_detect_device_at(d, a->subject, a->p->ip_ver);
    if (suppressed(d, a)) {
        d->stats.suppressed++;
        return;
    }
    if (deduplicate(d, a)) {
        d->stats.deduplicated++;
        return;
    }
    d->stats.alerts++;
    d->stats.per_sig[a->sig]++;
    if (d->cb.alert != NULL)
        d->cb.alert(d->cb.user, a);
}

uint32_t iot_detect_addr_fold(const struct iot_addr *a)
{
    uint32_t v = 2166136261u; /* FNV-1a: only to tell addresses apart inside one entry */
    for (int i = 0; i < 16; i++)
        v = (v ^ a->b[i]) * 16777619u;
    return v;
}

void iot_detect_format_addr(const struct iot_addr *a, uint8_t ver, char *buf, size_t len)
{
    if (inet_ntop(ver == 6 ? AF_INET6 : AF_INET, a->b, buf, (socklen_t)len) == NULL)
        snprintf(buf, len, "?");
}

bool iot_detect_is_iot(const struct iot_device *dev)
{
    static const char *const general[] = {"computer", "phone", "tablet", "router", "server"};
    if (dev == NULL || dev->attr[IOT_ATTR_KIND].value[0] == '\0')
        return false;
    for (size_t i = 0; i < IOT_ARRAY_LEN(general); i++)
        if (strcmp(dev->attr[IOT_ATTR_KIND].value, general[i]) == 0)
            return false;
    return true;
}

static bool prefix_match(const struct iot_prefix *pf, const struct iot_addr *a)
{
    unsigned full = pf->len / 8, rest = pf->len % 8;
    if (memcmp(pf->addr.b, a->b, full) != 0)
        return false;
    return rest == 0 || ((pf->addr.b[full] ^ a->b[full]) & (uint8_t)(0xFF << (8 - rest))) == 0;
}

bool iot_detect_addr_local(const struct iot_detect *d, const struct iot_addr *a, uint8_t ver)
{
    for (unsigned i = 0; i < d->cfg.nhome; i++)
        if (d->cfg.home[i].ver == ver && prefix_match(&d->cfg.home[i], a))
            return true;
    return false;
}

static int parse_prefix(const char *text, struct iot_prefix *pf)
{
    char buf[64];
    const char *slash = strchr(text, '/');
    size_t n = slash != NULL ? (size_t)(slash - text) : strlen(text);
    if (n == 0 || n >= sizeof(buf))
        return IOT_ERR_INPUT;
    memcpy(buf, text, n);
    buf[n] = '\0';
    memset(pf, 0, sizeof(*pf));
    if (inet_pton(AF_INET, buf, pf->addr.b) == 1)
        pf->ver = 4;
    else if (inet_pton(AF_INET6, buf, pf->addr.b) == 1)
        pf->ver = 6;
    else
        return IOT_ERR_INPUT;
    uint64_t len = pf->ver == 4 ? 32 : 128;
    if (slash != NULL && iot_parse_u64(slash + 1, 0, len, &len) != IOT_OK)
        return IOT_ERR_INPUT;
    pf->len = (uint8_t)len;
    return IOT_OK;
}

int iot_detect_parse_home_net(struct iot_detect_config *cfg, const char *text, char *err,
                              size_t errlen)
{
    char buf[1024];
    if (iot_strlcpy(buf, text, sizeof(buf)) >= sizeof(buf)) {
        snprintf(err, errlen, "detect.home-net: too long");
        return IOT_ERR_INPUT;
    }
    struct iot_prefix home[IOT_DETECT_MAX_HOME_NETS];
    unsigned n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
        if (n == IOT_DETECT_MAX_HOME_NETS || parse_prefix(tok, &home[n]) != IOT_OK) {
            snprintf(err, errlen, "detect.home-net: bad prefix '%.64s' (CIDR, at most %d)", tok,
                     IOT_DETECT_MAX_HOME_NETS);
            return IOT_ERR_INPUT;
        }
        n++;
    }
    memcpy(cfg->home, home, n * sizeof(home[0]));
    cfg->nhome = n;
    return IOT_OK;
}

void iot_detect_name_sender(const struct iot_packet *p, const struct iot_device *dev, char *buf,
                            size_t len)
{
    char ip[64];
    iot_detect_format_addr(&p->src, p->ip_ver, ip, sizeof(ip));
    const char *kind = dev != NULL ? dev->attr[IOT_ATTR_KIND].value : "";
    const char *vendor = dev != NULL ? dev->attr[IOT_ATTR_VENDOR].value : "";
    if (vendor[0] == '\0' && dev != NULL && dev->oui_vendor != NULL)
        vendor = dev->oui_vendor;
    if (kind[0] != '\0' && vendor[0] != '\0')
        snprintf(buf, len, "%s (%s, %s)", ip, kind, vendor);
    else if (kind[0] != '\0' || vendor[0] != '\0')
        snprintf(buf, len, "%s (%s)", ip, kind[0] != '\0' ? kind : vendor);
    else
        snprintf(buf, len, "%s", ip);
}

void iot_detect_packet(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                       enum iot_flow_dir dir, const struct iot_device *dev)
{
    if (p->flags & IOT_PKT_HAS_ARP) {
        iot_detect_arp_sweep(d, p, dev);
        iot_detect_arp_spoof(d, p, dev);
        return;
    }
    if (!(p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6)))
        return;
    if ((p->flags & IOT_PKT_HAS_TCP) && (p->tcp_flags & (TH_SYN | TH_ACK)) == TH_SYN)
        iot_detect_mirai_scan(d, p, dev);
    iot_detect_scan(d, p, f, dir, dev);
    iot_detect_os_probe(d, p, dev);
    iot_detect_flood(d, p, f, dev);
    if ((p->flags & IOT_PKT_HAS_TCP) && p->payload_len > 0 && f != NULL)
        iot_detect_c2(d, p, f, dir, dev);
}
