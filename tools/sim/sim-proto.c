/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Application payloads in real wire format: DHCP, DNS/mDNS, SSDP, NTP, TLS hellos, MQTT. */
#include "iotsec-common.h"

#include "sim.h"

/* A bounded output cursor: writes past cap set err and are dropped, so builders stay simple. */
struct wbuf {
    uint8_t *p;
    size_t cap, len;
    bool err;
};

static void w_bytes(struct wbuf *w, const void *d, size_t n)
{
    if (w->err || n > w->cap - w->len) {
        w->err = true;
        return;
    }
    memcpy(w->p + w->len, d, n);
    w->len += n;
}

static void w_u8(struct wbuf *w, uint8_t v)
{
    w_bytes(w, &v, 1);
}

static void w_u16(struct wbuf *w, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    w_bytes(w, b, 2);
}

static void w_u32(struct wbuf *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    w_bytes(w, b, 4);
}

static void w_zero(struct wbuf *w, size_t n)
{
    static const uint8_t z[64];
    while (n > 0) {
        size_t k = IOT_MIN(n, sizeof(z));
        w_bytes(w, z, k);
        n -= k;
    }
}

static void w_str(struct wbuf *w, const char *s)
{
    w_bytes(w, s, strlen(s));
}

/* Back-patches a big-endian length of width bytes at off, covering everything written after it. */
static void w_patch(struct wbuf *w, size_t off, size_t width)
{
    if (w->err)
        return;
    size_t v = w->len - off - width;
    for (size_t i = 0; i < width; i++)
        w->p[off + i] = (uint8_t)(v >> (8 * (width - 1 - i)));
}

static size_t w_done(const struct wbuf *w)
{
    return w->err ? 0 : w->len;
}

size_t sim_str(uint8_t *p, size_t cap, const char *s)
{
    struct wbuf w = {p, cap, 0, false};
    w_str(&w, s);
    return w_done(&w);
}

/* DNS names as plain label sequences; compression is optional on the wire and left out. */
static void w_label(struct wbuf *w, const char *l, size_t n)
{
    if (n == 0 || n > 63) {
        w->err = true;
        return;
    }
    w_u8(w, (uint8_t)n);
    w_bytes(w, l, n);
}

static void w_name_tail(struct wbuf *w, const char *name)
{
    const char *p = name;
    while (*p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        w_label(w, p, n);
        p += n + (dot ? 1 : 0);
    }
}

static void w_name(struct wbuf *w, const char *name)
{
    w_name_tail(w, name);
    w_u8(w, 0);
}

/* ---- DHCP ---- */

static void dhcp_prl(struct wbuf *w, const char *list)
{
    uint8_t opt[64];
    size_t n = 0;
    const char *p = list;
    while (*p && n < sizeof(opt)) {
        char *end = NULL;
        unsigned long v = strtoul(p, &end, 10);
        if (end == p || v > 255) {
            w->err = true;
            return;
        }
        opt[n++] = (uint8_t)v;
        p = *end == ',' ? end + 1 : end;
    }
    w_u8(w, 55);
    w_u8(w, (uint8_t)n);
    w_bytes(w, opt, n);
}

static void dhcp_opt_str(struct wbuf *w, uint8_t code, const char *v)
{
    size_t n = strlen(v);
    w_u8(w, code);
    w_u8(w, (uint8_t)IOT_MIN(n, 255u));
    w_bytes(w, v, IOT_MIN(n, 255u));
}

static void dhcp_opt_ip(struct wbuf *w, uint8_t code, uint32_t ip)
{
    w_u8(w, code);
    w_u8(w, 4);
    w_u32(w, ip);
}

static void dhcp_client_opts(struct wbuf *w, const struct sim_dev *d, uint8_t type)
{
    w_u8(w, 61);
    w_u8(w, 7);
    w_u8(w, 1);
    w_bytes(w, d->h.mac, 6);
    if (type == 3)
        dhcp_opt_ip(w, 50, d->h.ip);
    w_u8(w, 57);
    w_u8(w, 2);
    w_u16(w, 1500);
    if (d->p->dhcp_vc)
        dhcp_opt_str(w, 60, d->p->dhcp_vc);
    dhcp_opt_str(w, 12, d->hostname);
    dhcp_prl(w, d->p->dhcp_prl);
}

static void dhcp_server_opts(struct wbuf *w)
{
    dhcp_opt_ip(w, 54, SIM_GW_IP);
    dhcp_opt_ip(w, 51, 86400);
    dhcp_opt_ip(w, 58, 43200);
    dhcp_opt_ip(w, 59, 75600);
    dhcp_opt_ip(w, 1, 0xffffff00u);
    dhcp_opt_ip(w, 28, SIM_LAN_NET | 255);
    dhcp_opt_ip(w, 3, SIM_GW_IP);
    dhcp_opt_ip(w, 6, SIM_GW_IP);
    dhcp_opt_str(w, 15, "lan");
}

/* type is the option-53 value: 1 DISCOVER, 2 OFFER, 3 REQUEST, 5 ACK. */
size_t sim_dhcp(uint8_t *p, size_t cap, const struct sim_dev *d, uint8_t type, uint32_t xid,
                uint32_t yiaddr)
{
    struct wbuf w = {p, cap, 0, false};
    bool server = type == 2 || type == 5;
    w_u8(&w, server ? 2 : 1);
    w_u8(&w, 1);
    w_u8(&w, 6);
    w_u8(&w, 0);
    w_u32(&w, xid);
    w_u16(&w, server ? 0 : 3);
    w_u16(&w, 0);
    w_u32(&w, 0);
    w_u32(&w, server ? yiaddr : 0);
    w_u32(&w, server ? SIM_GW_IP : 0);
    w_u32(&w, 0);
    w_bytes(&w, d->h.mac, 6);
    w_zero(&w, 10 + 64 + 128);
    w_u32(&w, 0x63825363u);
    w_u8(&w, 53);
    w_u8(&w, 1);
    w_u8(&w, type);
    if (server)
        dhcp_server_opts(&w);
    else
        dhcp_client_opts(&w, d, type);
    w_u8(&w, 255);
    if (w.len < 300)
        w_zero(&w, 300 - w.len);
    return w_done(&w);
}

/* ---- DNS and mDNS ---- */

size_t sim_dns_query(uint8_t *p, size_t cap, uint16_t id, const char *name, uint16_t qtype)
{
    struct wbuf w = {p, cap, 0, false};
    w_u16(&w, id);
    w_u16(&w, 0x0100);
    w_u16(&w, 1);
    w_u16(&w, 0);
    w_u32(&w, 0);
    w_name(&w, name);
    w_u16(&w, qtype);
    w_u16(&w, 1);
    return w_done(&w);
}

size_t sim_dns_answer(uint8_t *p, size_t cap, uint16_t id, const char *name, uint32_t ip)
{
    struct wbuf w = {p, cap, 0, false};
    w_u16(&w, id);
    w_u16(&w, 0x8180);
    w_u16(&w, 1);
    w_u16(&w, 1);
    w_u32(&w, 0);
    w_name(&w, name);
    w_u16(&w, 1);
    w_u16(&w, 1);
    w_u16(&w, 0xc00c); /* the answer names the question by pointer, as every resolver does */
    w_u16(&w, 1);
    w_u16(&w, 1);
    w_u32(&w, 300);
    w_u16(&w, 4);
    w_u32(&w, ip);
    return w_done(&w);
}

static void rr_head(struct wbuf *w, const char *inst, const char *name, uint16_t type,
                    uint16_t cls, uint32_t ttl)
{
    if (inst)
        w_label(w, inst, strlen(inst));
    w_name(w, name);
    w_u16(w, type);
    w_u16(w, cls);
    w_u32(w, ttl);
}

static void mdns_service(struct wbuf *w, const struct sim_mdns_svc *m, const char *host)
{
    char svc[64];
    int n = snprintf(svc, sizeof(svc), "%s.local", m->service);
    if (n < 0 || (size_t)n >= sizeof(svc)) {
        w->err = true;
        return;
    }
    rr_head(w, NULL, svc, 12, 1, 4500); /* PTR service -> instance */
    size_t at = w->len;
    w_u16(w, 0);
    w_label(w, m->instance, strlen(m->instance));
    w_name(w, svc);
    w_patch(w, at, 2);
    rr_head(w, m->instance, svc, 33, 0x8001, 120); /* SRV instance -> host:port */
    at = w->len;
    w_u16(w, 0);
    w_u16(w, 0);
    w_u16(w, 0);
    w_u16(w, m->port);
    w_name(w, host);
    w_patch(w, at, 2);
    rr_head(w, m->instance, svc, 16, 0x8001, 4500); /* TXT key=value strings */
    at = w->len;
    w_u16(w, 0);
    for (size_t i = 0; i < IOT_ARRAY_LEN(m->txt) && m->txt[i]; i++) {
        w_u8(w, (uint8_t)strlen(m->txt[i]));
        w_str(w, m->txt[i]);
    }
    w_patch(w, at, 2);
}

/* An unsolicited mDNS response announcing every service of the device, then its A record. */
size_t sim_mdns_announce(uint8_t *p, size_t cap, const struct sim_dev *d)
{
    struct wbuf w = {p, cap, 0, false};
    char host[80];
    size_t nsvc = 0;
    while (nsvc < IOT_ARRAY_LEN(d->p->mdns) && d->p->mdns[nsvc])
        nsvc++;
    int n = snprintf(host, sizeof(host), "%s.local", d->hostname);
    if (n < 0 || (size_t)n >= sizeof(host) || nsvc == 0)
        return 0;
    w_u16(&w, 0);
    w_u16(&w, 0x8400);
    w_u16(&w, 0);
    w_u16(&w, (uint16_t)(nsvc * 3 + 1));
    w_u32(&w, 0);
    for (size_t i = 0; i < nsvc; i++)
        mdns_service(&w, d->p->mdns[i], host);
    rr_head(&w, NULL, host, 1, 0x8001, 120);
    w_u16(&w, 4);
    w_u32(&w, d->h.ip);
    return w_done(&w);
}

size_t sim_mdns_query(uint8_t *p, size_t cap, const char *service)
{
    struct wbuf w = {p, cap, 0, false};
    w_u16(&w, 0);
    w_u16(&w, 0);
    w_u16(&w, 1);
    w_u16(&w, 0);
    w_u32(&w, 0);
    w_name_tail(&w, service);
    w_name(&w, "local");
    w_u16(&w, 12);
    w_u16(&w, 1);
    return w_done(&w);
}

/* ---- SSDP ---- */

size_t sim_ssdp_notify(uint8_t *p, size_t cap, const struct sim_dev *d, uint32_t boot)
{
    char ip[16], buf[640];
    const uint8_t *m = d->h.mac;
    sim_ip_str(d->h.ip, ip, sizeof(ip));
    int n = snprintf(buf, sizeof(buf),
                     "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
                     "CACHE-CONTROL: max-age=1800\r\nLOCATION: http://%s:%u/description.xml\r\n"
                     "NT: %s\r\nNTS: ssdp:alive\r\nSERVER: %s\r\n"
                     "USN: uuid:2f402f80-da50-11e1-9b23-%02x%02x%02x%02x%02x%02x::%s\r\n"
                     "BOOTID.UPNP.ORG: %u\r\n\r\n",
                     ip, strcmp(d->p->kind, "tv") == 0 ? 8008u : 80u, d->p->ssdp_nt,
                     d->p->server, m[0], m[1], m[2], m[3], m[4], m[5], d->p->ssdp_nt, boot);
    if (n < 0 || (size_t)n >= sizeof(buf))
        return 0;
    return sim_str(p, cap, buf);
}

size_t sim_ssdp_search(uint8_t *p, size_t cap, const char *st, const char *ua)
{
    char buf[400];
    int n = snprintf(buf, sizeof(buf),
                     "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
                     "MAN: \"ssdp:discover\"\r\nMX: 1\r\nST: %s\r\nUSER-AGENT: %s\r\n\r\n",
                     st, ua);
    if (n < 0 || (size_t)n >= sizeof(buf))
        return 0;
    return sim_str(p, cap, buf);
}

/* ---- NTP ---- */

static void w_ntp_ts(struct wbuf *w, uint64_t us)
{
    w_u32(w, (uint32_t)(us / SIM_US + 2208988800ULL));
    w_u32(w, (uint32_t)(((us % SIM_US) << 32) / SIM_US));
}

/* A 48-byte NTPv4 client request (mode 3) or server reply (mode 4, stratum 2). */
size_t sim_ntp(uint8_t *p, size_t cap, uint64_t ts_us, bool server)
{
    struct wbuf w = {p, cap, 0, false};
    w_u8(&w, server ? 0x24 : 0x23);
    w_u8(&w, server ? 2 : 0);
    w_u8(&w, server ? 3 : 6);
    w_u8(&w, 0xe9);
    w_u32(&w, server ? 0x00000250u : 0);
    w_u32(&w, server ? 0x00000400u : 0);
    w_u32(&w, server ? 0xc0a80001u ^ 0x5a3c0000u : 0);
    if (server) {
        w_ntp_ts(&w, ts_us - 30 * SIM_US);
        w_ntp_ts(&w, ts_us - 20000);
        w_ntp_ts(&w, ts_us - 200);
        w_ntp_ts(&w, ts_us);
    } else {
        w_zero(&w, 24);
        w_ntp_ts(&w, ts_us);
    }
    return w_done(&w);
}

/* ---- TLS ---- */

static const uint8_t suites13[] = {0x13, 0x01, 0x13, 0x02, 0x13, 0x03, 0xc0, 0x2b, 0xc0, 0x2f,
                                   0xc0, 0x2c, 0xc0, 0x30, 0xcc, 0xa9, 0xcc, 0xa8, 0xc0, 0x13,
                                   0xc0, 0x14, 0x00, 0x9c, 0x00, 0x9d, 0x00, 0x2f, 0x00, 0x35};
static const uint8_t suites12[] = {0xc0, 0x2f, 0xc0, 0x2b, 0xc0, 0x30, 0xc0, 0x2c, 0xc0, 0x27,
                                   0xc0, 0x23, 0xc0, 0x13, 0xc0, 0x09, 0x00, 0x9c, 0x00, 0x3c,
                                   0x00, 0x2f, 0x00, 0x35, 0x00, 0xff};
static const uint8_t groups[] = {0x00, 0x1d, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19};
static const uint8_t sigalgs[] = {0x04, 0x03, 0x08, 0x04, 0x04, 0x01, 0x05, 0x03, 0x08,
                                  0x05, 0x05, 0x01, 0x08, 0x06, 0x06, 0x01, 0x02, 0x01};

static size_t ext_begin(struct wbuf *w, uint16_t type)
{
    w_u16(w, type);
    size_t at = w->len;
    w_u16(w, 0);
    return at;
}

static void ext_sni(struct wbuf *w, const char *name)
{
    size_t e = ext_begin(w, 0), l = w->len;
    w_u16(w, 0);
    w_u8(w, 0);
    w_u16(w, (uint16_t)strlen(name));
    w_str(w, name);
    w_patch(w, l, 2);
    w_patch(w, e, 2);
}

static void ext_alpn(struct wbuf *w, const char *alpn)
{
    size_t e = ext_begin(w, 16), l = w->len;
    w_u16(w, 0);
    const char *p = alpn;
    while (*p) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        w_u8(w, (uint8_t)n);
        w_bytes(w, p, n);
        p += n + (c ? 1 : 0);
    }
    w_patch(w, l, 2);
    w_patch(w, e, 2);
}

static void ext_list(struct wbuf *w, uint16_t type, const uint8_t *d, size_t n, size_t lenw)
{
    size_t e = ext_begin(w, type);
    if (lenw == 2)
        w_u16(w, (uint16_t)n);
    else
        w_u8(w, (uint8_t)n);
    w_bytes(w, d, n);
    w_patch(w, e, 2);
}

static void client_exts(struct sim *s, struct wbuf *w, const struct sim_cloud *c)
{
    static const uint8_t ecpf[] = {0};
    static const uint8_t vers13[] = {0x03, 0x04, 0x03, 0x03};
    static const uint8_t pskm[] = {1};
    static const uint8_t reneg[] = {0};
    ext_sni(w, c->name);
    w_u16(w, 23); /* extended_master_secret */
    w_u16(w, 0);
    ext_list(w, 0xff01, reneg, 0, 1);
    ext_list(w, 10, groups, sizeof(groups), 2);
    ext_list(w, 11, ecpf, sizeof(ecpf), 1);
    w_u16(w, 35); /* session_ticket */
    w_u16(w, 0);
    if (c->alpn)
        ext_alpn(w, c->alpn);
    ext_list(w, 13, sigalgs, sizeof(sigalgs), 2);
    if (!c->tls13)
        return;
    uint8_t key[32];
    sim_fill(s, key, sizeof(key));
    size_t e = ext_begin(w, 51), l = w->len;
    w_u16(w, 0);
    w_u16(w, 0x001d);
    w_u16(w, 32);
    w_bytes(w, key, 32);
    w_patch(w, l, 2);
    w_patch(w, e, 2);
    ext_list(w, 45, pskm, sizeof(pskm), 1);
    ext_list(w, 43, vers13, sizeof(vers13), 1);
}

size_t sim_tls_client_hello(struct sim *s, uint8_t *p, size_t cap, const struct sim_cloud *c)
{
    struct wbuf w = {p, cap, 0, false};
    uint8_t rnd[32];
    w_u8(&w, 0x16);
    w_u16(&w, 0x0301);
    size_t rec = w.len;
    w_u16(&w, 0);
    w_u8(&w, 1);
    size_t hs = w.len;
    w_u8(&w, 0);
    w_u16(&w, 0);
    w_u16(&w, 0x0303);
    sim_fill(s, rnd, sizeof(rnd));
    w_bytes(&w, rnd, 32);
    w_u8(&w, c->tls13 ? 32 : 0); /* TLS 1.3 clients send a legacy session id for middleboxes */
    if (c->tls13) {
        sim_fill(s, rnd, sizeof(rnd));
        w_bytes(&w, rnd, 32);
    }
    const uint8_t *cs = c->tls13 ? suites13 : suites12;
    size_t ncs = c->tls13 ? sizeof(suites13) : sizeof(suites12);
    w_u16(&w, (uint16_t)ncs);
    w_bytes(&w, cs, ncs);
    w_u8(&w, 1);
    w_u8(&w, 0);
    size_t ext = w.len;
    w_u16(&w, 0);
    client_exts(s, &w, c);
    w_patch(&w, ext, 2);
    w_patch(&w, hs, 3);
    w_patch(&w, rec, 2);
    return w_done(&w);
}

/* ServerHello (with supported_versions and key_share for 1.3), then ChangeCipherSpec. */
size_t sim_tls_server_hello(struct sim *s, uint8_t *p, size_t cap, bool tls13)
{
    struct wbuf w = {p, cap, 0, false};
    uint8_t rnd[32];
    w_u8(&w, 0x16);
    w_u16(&w, 0x0303);
    size_t rec = w.len;
    w_u16(&w, 0);
    w_u8(&w, 2);
    size_t hs = w.len;
    w_u8(&w, 0);
    w_u16(&w, 0);
    w_u16(&w, 0x0303);
    sim_fill(s, rnd, 32);
    w_bytes(&w, rnd, 32);
    w_u8(&w, 32);
    sim_fill(s, rnd, 32);
    w_bytes(&w, rnd, 32);
    w_u16(&w, tls13 ? 0x1301 : 0xc02f);
    w_u8(&w, 0);
    size_t ext = w.len;
    w_u16(&w, 0);
    if (tls13) {
        w_u16(&w, 43);
        w_u16(&w, 2);
        w_u16(&w, 0x0304);
        w_u16(&w, 51);
        w_u16(&w, 36);
        w_u16(&w, 0x001d);
        w_u16(&w, 32);
        sim_fill(s, rnd, 32);
        w_bytes(&w, rnd, 32);
    } else {
        w_u16(&w, 0xff01);
        w_u16(&w, 1);
        w_u8(&w, 0);
        w_u16(&w, 23);
        w_u16(&w, 0);
    }
    w_patch(&w, ext, 2);
    w_patch(&w, hs, 3);
    w_patch(&w, rec, 2);
    if (!tls13) {
        static const uint8_t done[] = {0x16, 0x03, 0x03, 0x00, 0x04, 0x0e, 0x00, 0x00, 0x00};
        w_bytes(&w, done, sizeof(done));
    }
    static const uint8_t ccs[] = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
    w_bytes(&w, ccs, sizeof(ccs));
    return w_done(&w);
}

/* One record of n random (ciphertext-like) bytes. */
size_t sim_tls_record(struct sim *s, uint8_t *p, size_t cap, uint8_t type, size_t n)
{
    if (cap < 5 || n > cap - 5 || n > 16384 + 256)
        return 0;
    p[0] = type;
    p[1] = 3;
    p[2] = 3;
    p[3] = (uint8_t)(n >> 8);
    p[4] = (uint8_t)n;
    sim_fill(s, p + 5, n);
    return n + 5;
}

/* ---- MQTT 3.1.1 ---- */

static void w_varint(struct wbuf *w, size_t v)
{
    do {
        uint8_t b = (uint8_t)(v & 0x7f);
        v >>= 7;
        w_u8(w, (uint8_t)(b | (v ? 0x80 : 0)));
    } while (v);
}

static void w_mqtt_str(struct wbuf *w, const char *s)
{
    w_u16(w, (uint16_t)strlen(s));
    w_str(w, s);
}

size_t sim_mqtt_connect(uint8_t *p, size_t cap, const char *client, const char *user,
                        const char *pass)
{
    uint8_t body[256];
    struct wbuf b = {body, sizeof(body), 0, false}, w = {p, cap, 0, false};
    w_mqtt_str(&b, "MQTT");
    w_u8(&b, 4);
    w_u8(&b, (uint8_t)(0x02 | (user ? 0x80 : 0) | (pass ? 0x40 : 0)));
    w_u16(&b, 60);
    w_mqtt_str(&b, client);
    if (user)
        w_mqtt_str(&b, user);
    if (pass)
        w_mqtt_str(&b, pass);
    if (b.err)
        return 0;
    w_u8(&w, 0x10);
    w_varint(&w, b.len);
    w_bytes(&w, body, b.len);
    return w_done(&w);
}

size_t sim_mqtt_publish(uint8_t *p, size_t cap, const char *topic, const char *msg)
{
    struct wbuf w = {p, cap, 0, false};
    w_u8(&w, 0x30);
    w_varint(&w, 2 + strlen(topic) + strlen(msg));
    w_mqtt_str(&w, topic);
    w_str(&w, msg);
    return w_done(&w);
}

/* ---- SSH (RFC 4253): the clear part of a session, and the sizes of the sealed part ---- */

static void w_ssh_blob(struct wbuf *w, const void *d, size_t n)
{
    w_u32(w, (uint32_t)n);
    w_bytes(w, d, n);
}

static void w_ssh_str(struct wbuf *w, const char *s)
{
    w_ssh_blob(w, s, strlen(s));
}

/* An unencrypted binary packet: length, padding length, payload, then random padding (at least
 * 4 bytes) up to a multiple of 8, the block size before NEWKEYS. */
static void w_ssh_packet(struct sim *s, struct wbuf *w, const uint8_t *payload, size_t n)
{
    uint8_t pad[16];
    size_t k = 8 - (5 + n) % 8;
    if (k < 4)
        k += 8;
    w_u32(w, (uint32_t)(1 + n + k));
    w_u8(w, (uint8_t)k);
    w_bytes(w, payload, n);
    sim_fill(s, pad, k);
    w_bytes(w, pad, k);
}

size_t sim_ssh_kexinit(struct sim *s, uint8_t *p, size_t cap, const char *const lists[10])
{
    uint8_t body[2048], cookie[16];
    struct wbuf b = {body, sizeof(body), 0, false}, w = {p, cap, 0, false};
    w_u8(&b, 20);
    sim_fill(s, cookie, sizeof(cookie));
    w_bytes(&b, cookie, sizeof(cookie));
    for (size_t i = 0; i < 10; i++)
        w_ssh_str(&b, lists[i]);
    w_u8(&b, 0);  /* first_kex_packet_follows */
    w_u32(&b, 0); /* reserved */
    if (b.err)
        return 0;
    w_ssh_packet(s, &w, body, b.len);
    return w_done(&w);
}

/* SSH_MSG_KEX_ECDH_INIT (30) with the client's ephemeral Curve25519 key. */
size_t sim_ssh_ecdh_init(struct sim *s, uint8_t *p, size_t cap)
{
    uint8_t body[64], q[32];
    struct wbuf b = {body, sizeof(body), 0, false}, w = {p, cap, 0, false};
    sim_fill(s, q, sizeof(q));
    w_u8(&b, 30);
    w_ssh_blob(&b, q, sizeof(q));
    if (b.err)
        return 0;
    w_ssh_packet(s, &w, body, b.len);
    return w_done(&w);
}

static void w_mpint32(struct sim *s, struct wbuf *w)
{
    uint8_t v[33];
    sim_fill(s, v + 1, 32);
    v[0] = 0;
    v[1] |= 0x01; /* no leading zero byte of its own */
    bool pad = (v[1] & 0x80) != 0;
    w_ssh_blob(w, pad ? v : v + 1, pad ? 33 : 32);
}

/* SSH_MSG_KEX_ECDH_REPLY (31): the server's ECDSA P-256 host key (point hostkey, 64 bytes), its
 * ephemeral Curve25519 key and the exchange-hash signature; then SSH_MSG_NEWKEYS (21). */
size_t sim_ssh_ecdh_reply(struct sim *s, uint8_t *p, size_t cap, const uint8_t hostkey[64])
{
    uint8_t body[512], blob[160], sig[128], rsbuf[80], point[65], q[32];
    static const uint8_t newkeys[] = {21};
    struct wbuf b = {body, sizeof(body), 0, false}, w = {p, cap, 0, false};
    struct wbuf kb = {blob, sizeof(blob), 0, false}, sb = {sig, sizeof(sig), 0, false};
    struct wbuf rs = {rsbuf, sizeof(rsbuf), 0, false};
    point[0] = 0x04;
    memcpy(point + 1, hostkey, 64);
    w_ssh_str(&kb, "ecdsa-sha2-nistp256");
    w_ssh_str(&kb, "nistp256");
    w_ssh_blob(&kb, point, sizeof(point));
    w_mpint32(s, &rs);
    w_mpint32(s, &rs);
    w_ssh_str(&sb, "ecdsa-sha2-nistp256");
    w_ssh_blob(&sb, rsbuf, rs.len);
    sim_fill(s, q, sizeof(q));
    w_u8(&b, 31);
    w_ssh_blob(&b, blob, kb.len);
    w_ssh_blob(&b, q, sizeof(q));
    w_ssh_blob(&b, sig, sb.len);
    if (b.err || kb.err || sb.err || rs.err)
        return 0;
    w_ssh_packet(s, &w, body, b.len);
    w_ssh_packet(s, &w, newkeys, sizeof(newkeys));
    return w_done(&w);
}

size_t sim_ssh_newkeys(struct sim *s, uint8_t *p, size_t cap)
{
    static const uint8_t newkeys[] = {21};
    struct wbuf w = {p, cap, 0, false};
    w_ssh_packet(s, &w, newkeys, sizeof(newkeys));
    return w_done(&w);
}

/* A packet of n payload bytes after NEWKEYS with aes256-ctr and hmac-sha2-256: the length field
 * is encrypted too, so the whole packet, padded to 16 bytes, plus the 32-byte MAC, is noise. */
size_t sim_ssh_sealed(struct sim *s, uint8_t *p, size_t cap, size_t n)
{
    size_t k = 16 - (5 + n) % 16;
    if (k < 4)
        k += 16;
    size_t len = 5 + n + k + 32;
    if (len > cap)
        return 0;
    sim_fill(s, p, len);
    return len;
}
