/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Device behaviour: DHCP join, then each profile action (cloud TLS, mDNS, SSDP, RTSP, Modbus...). */
#include "iotsec-common.h"

#include "sim.h"

#define BUF 4096


/* Captive-portal and connectivity checks: plain HTTP by design, so DPI sees Host and User-Agent. */
struct http_check {
    const char *host, *ip, *path, *status, *server, *body;
};
static const struct http_check checks[] = {
    {"clients3.google.com", "142.250.72.110", "/generate_204", "204 No Content",
     "HTTP server (unknown)", ""},
    {"connectivitycheck.gstatic.com", "142.250.72.99", "/generate_204", "204 No Content",
     "HTTP server (unknown)", ""},
    {"captive.apple.com", "17.253.144.10", "/hotspot-detect.html", "200 OK", "AkamaiGHost",
     "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"},
    {"www.msftconnecttest.com", "13.107.4.52", "/connecttest.txt", "200 OK", "Microsoft-IIS/10.0",
     "Microsoft Connect Test"},
};

static const char *const mdns_queries[] = {"_googlecast._tcp", "_airplay._tcp", "_ipp._tcp",
                                           "_hue._tcp"};
static const char *const ssdp_targets[] = {"ssdp:all", "urn:schemas-upnp-org:device:basic:1"};
static const char *const ntp_servers[] = {"162.159.200.123", "45.79.111.167", "185.125.190.56",
                                          "216.239.35.4"};

static struct sim_host dst_mcast(uint32_t ip)
{
    struct sim_host h = {{0x01, 0x00, 0x5e, (uint8_t)((ip >> 16) & 0x7f), (uint8_t)(ip >> 8),
                          (uint8_t)ip},
                         ip, 0};
    return h;
}

static struct sim_host dst_bcast(void)
{
    struct sim_host h = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 0xffffffffu, 0};
    return h;
}

/* ---- shared building blocks ---- */

uint64_t sim_dns_lookup(struct sim *s, struct sim_dev *d, uint64_t t, int tag, const char *name,
                        uint32_t ip, uint32_t resolver)
{
    uint8_t q[300], a[320];
    struct sim_host r;
    if (resolver == SIM_GW_IP)
        r = s->router;
    else
        sim_remote(s, resolver, &r);
    uint16_t id = (uint16_t)sim_rand(s), port = sim_eph(s, d);
    size_t nq = sim_dns_query(q, sizeof(q), id, name, 1);
    size_t na = sim_dns_answer(a, sizeof(a), id, name, ip);
    if (nq == 0 || na == 0)
        sim_fatal("DNS name too long");
    sim_udp(s, t, tag, &d->h, port, &r, 53, q, nq);
    t += (resolver == SIM_GW_IP ? 800 : 15000) + sim_range(s, 20000);
    sim_udp(s, t, tag, &r, 53, &d->h, port, a, na);
    return t + 300 + sim_range(s, 700);
}

uint64_t sim_http(struct sim *s, struct sim_tcp *c, const char *req, const char *status,
                  const char *server, const uint8_t *body, size_t blen)
{
    uint8_t buf[BUF];
    sim_tcp_send(s, c, false, (const uint8_t *)req, strlen(req));
    int n = snprintf((char *)buf, sizeof(buf),
                     "HTTP/1.1 %s\r\nServer: %s\r\nContent-Type: text/html\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                     status, server, blen);
    if (n < 0 || (size_t)n >= sizeof(buf) || blen > sizeof(buf) - (size_t)n)
        sim_fatal("HTTP response too long");
    memcpy(buf + n, body, blen);
    sim_tcp_send(s, c, true, buf, (size_t)n + blen);
    return c->t;
}

static void tls_handshake(struct sim *s, struct sim_tcp *c, const struct sim_cloud *cl)
{
    uint8_t buf[BUF];
    size_t n = sim_tls_client_hello(s, buf, sizeof(buf), cl);
    if (n == 0)
        sim_fatal("ClientHello too long");
    sim_tcp_send(s, c, false, buf, n);
    n = sim_tls_server_hello(s, buf, sizeof(buf), cl->tls13);
    /* The encrypted certificate flight follows the ServerHello in the same burst. */
    n += sim_tls_record(s, buf + n, sizeof(buf) - n, 0x17, 2400 + sim_range(s, 1200));
    sim_tcp_send(s, c, true, buf, n);
    n = 0;
    if (!cl->tls13)
        n = sim_tls_record(s, buf, sizeof(buf), 0x16, 70);
    buf[n] = 0x14;
    buf[n + 1] = 3;
    buf[n + 2] = 3;
    buf[n + 3] = 0;
    buf[n + 4] = 1;
    buf[n + 5] = 1;
    n += 6;
    n += sim_tls_record(s, buf + n, sizeof(buf) - n, cl->tls13 ? 0x17 : 0x16, 53);
    sim_tcp_send(s, c, false, buf, n);
}

/* A full session: handshake, ClientHello with SNI, server flight, request, down bytes, FIN. */
uint64_t sim_tls_session(struct sim *s, struct sim_dev *d, const struct sim_cloud *cl, uint64_t t,
                         size_t down, int tag)
{
    struct sim_tcp c;
    struct sim_host srv;
    uint8_t buf[16384 + 64];
    sim_remote(s, sim_ip_parse(cl->ip), &srv);
    sim_tcp_begin(s, &c, &d->h, sim_eph(s, d), &srv, cl->port, t, tag);
    c.awin = d->p->win;
    sim_tcp_open(s, &c);
    tls_handshake(s, &c, cl);
    size_t n = sim_tls_record(s, buf, sizeof(buf), 0x17, 150 + sim_range(s, 600));
    sim_tcp_send(s, &c, false, buf, n);
    while (down > 0) {
        size_t k = IOT_MIN(down, (size_t)16384);
        n = sim_tls_record(s, buf, sizeof(buf), 0x17, k);
        sim_tcp_send(s, &c, true, buf, n);
        down -= k;
    }
    n = sim_tls_record(s, buf, sizeof(buf), 0x15, 26); /* close_notify */
    sim_tcp_send(s, &c, false, buf, n);
    sim_tcp_close(s, &c);
    return c.t;
}

/* ---- joining the network ---- */

static void dhcp_msg(struct sim *s, uint64_t t, struct sim_dev *d, uint8_t type, uint32_t xid)
{
    uint8_t buf[600];
    size_t n = sim_dhcp(buf, sizeof(buf), d, type, xid, d->h.ip);
    if (n == 0)
        sim_fatal("DHCP message too long");
    if (type == 1 || type == 3) {
        struct sim_host src = d->h, dst = dst_bcast();
        src.ip = 0;
        sim_udp(s, t, SIM_BENIGN, &src, 68, &dst, 67, buf, n);
    } else {
        struct sim_host dst = d->h;
        sim_udp(s, t, SIM_BENIGN, &s->router, 67, &dst, 68, buf, n);
    }
}

/* DISCOVER, OFFER, REQUEST, ACK; then a gratuitous ARP and the gateway lookup; then start acting. */
void sim_dev_join(struct sim *s, uint32_t idx)
{
    struct sim_dev *d = &s->dev[idx];
    uint64_t t = s->now;
    uint32_t xid = (uint32_t)sim_rand(s);
    dhcp_msg(s, t, d, 1, xid);
    t += 1000 + sim_range(s, 3000);
    dhcp_msg(s, t, d, 2, xid);
    t += 5000 + sim_range(s, 30000);
    dhcp_msg(s, t, d, 3, xid);
    t += 1000 + sim_range(s, 3000);
    dhcp_msg(s, t, d, 5, xid);
    t += 20000 + sim_range(s, 100000);
    sim_arp(s, t, SIM_BENIGN, &d->h, d->h.ip, NULL);
    sim_arp(s, t + 50000, SIM_BENIGN, &d->h, SIM_GW_IP, &s->router);
    d->joined = true;
    for (uint32_t a = 0; a < IOT_ARRAY_LEN(d->p->acts) && d->p->acts[a].kind != ACT_NONE; a++) {
        uint32_t first = IOT_MIN(d->p->acts[a].period, 20u);
        sim_sched(s, t + SIM_US + sim_jitter_us(s, first, 90), EV_ACT, idx, a);
    }
}

/* ---- actions ---- */

static void act_arp(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    IOT_UNUSED(a);
    sim_arp(s, s->now, SIM_BENIGN, &d->h, SIM_GW_IP, &s->router);
}

/* Devices cache DNS answers, so frequent heartbeats only sometimes resolve first. */
static void act_cloud_tls(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    const struct sim_cloud *cl = d->p->cloud[a->arg];
    uint64_t t = s->now;
    if (cl == NULL)
        return;
    if (a->period >= 300 || sim_range(s, 100) < 30)
        t = sim_dns_lookup(s, d, t, SIM_BENIGN, cl->name, sim_ip_parse(cl->ip), SIM_GW_IP);
    sim_tls_session(s, d, cl, t, 200 + sim_range(s, 1800), SIM_BENIGN);
}

static void act_ntp(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    uint8_t buf[64];
    struct sim_host srv;
    IOT_UNUSED(a);
    uint32_t ip = sim_ip_parse(ntp_servers[sim_range(s, IOT_ARRAY_LEN(ntp_servers))]);
    uint64_t t = sim_dns_lookup(s, d, s->now, SIM_BENIGN, "pool.ntp.org", ip, SIM_GW_IP);
    sim_remote(s, ip, &srv);
    uint16_t port = sim_eph(s, d);
    size_t n = sim_ntp(buf, sizeof(buf), t, false);
    sim_udp(s, t, SIM_BENIGN, &d->h, port, &srv, 123, buf, n);
    t += 10000 + sim_range(s, 40000);
    n = sim_ntp(buf, sizeof(buf), t, true);
    sim_udp(s, t, SIM_BENIGN, &srv, 123, &d->h, port, buf, n);
}

static void mdns_send(struct sim *s, struct sim_dev *d, uint64_t t)
{
    uint8_t buf[1400];
    struct sim_host src = d->h, dst = dst_mcast(0xE00000FBu);
    size_t n = sim_mdns_announce(buf, sizeof(buf), d);
    if (n == 0)
        return;
    src.ttl = 255;
    dst.ttl = 255;
    sim_udp(s, t, SIM_BENIGN, &src, 5353, &dst, 5353, buf, n);
}

static void act_mdns(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    IOT_UNUSED(a);
    mdns_send(s, d, s->now);
}

static bool has_service(const struct sim_profile *p, const char *svc)
{
    for (size_t i = 0; i < IOT_ARRAY_LEN(p->mdns) && p->mdns[i]; i++)
        if (strcmp(p->mdns[i]->service, svc) == 0)
            return true;
    return false;
}

/* A PTR question to the group; every device offering the service answers it. */
static void act_mdns_query(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    uint8_t buf[256];
    const char *svc = mdns_queries[a->arg % IOT_ARRAY_LEN(mdns_queries)];
    struct sim_host src = d->h, dst = dst_mcast(0xE00000FBu);
    size_t n = sim_mdns_query(buf, sizeof(buf), svc);
    src.ttl = 255;
    sim_udp(s, s->now, SIM_BENIGN, &src, 5353, &dst, 5353, buf, n);
    for (size_t i = 0; i < s->ndev; i++)
        if (s->dev[i].joined && has_service(s->dev[i].p, svc))
            mdns_send(s, &s->dev[i], s->now + 20000 + sim_range(s, 100000));
}

static void ssdp_notify(struct sim *s, struct sim_dev *d, uint64_t t)
{
    uint8_t buf[700];
    struct sim_host src = d->h, dst = dst_mcast(0xEFFFFFFAu);
    size_t n = sim_ssdp_notify(buf, sizeof(buf), d, 1 + d->counter % 7);
    if (n == 0)
        return;
    src.ttl = 4;
    sim_udp(s, t, SIM_BENIGN, &src, 1900, &dst, 1900, buf, n);
}

static void act_ssdp_notify(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    IOT_UNUSED(a);
    ssdp_notify(s, d, s->now);
}

static void ssdp_reply(struct sim *s, const struct sim_dev *r, const struct sim_dev *asker,
                       uint16_t port, const char *st, uint64_t t)
{
    char ip[16], buf[700];
    const uint8_t *m = r->h.mac;
    sim_ip_str(r->h.ip, ip, sizeof(ip));
    const char *nt = strcmp(st, "ssdp:all") == 0 ? r->p->ssdp_nt : st;
    int n = snprintf(buf, sizeof(buf),
                     "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
                     "LOCATION: http://%s:80/description.xml\r\nSERVER: %s\r\nST: %s\r\n"
                     "USN: uuid:2f402f80-da50-11e1-9b23-%02x%02x%02x%02x%02x%02x::%s\r\n\r\n",
                     ip, r->p->server, nt, m[0], m[1], m[2], m[3], m[4], m[5], nt);
    if (n < 0 || (size_t)n >= sizeof(buf))
        return;
    sim_udp(s, t, SIM_BENIGN, &r->h, 1900, &asker->h, port, (const uint8_t *)buf, (size_t)n);
}

static void act_ssdp_search(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    uint8_t buf[512];
    const char *st = ssdp_targets[a->arg % IOT_ARRAY_LEN(ssdp_targets)];
    struct sim_host src = d->h, dst = dst_mcast(0xEFFFFFFAu);
    uint16_t port = sim_eph(s, d);
    size_t n = sim_ssdp_search(buf, sizeof(buf), st, d->p->ua[0] ? d->p->ua : "UPnP/1.0");
    src.ttl = 4;
    sim_udp(s, s->now, SIM_BENIGN, &src, port, &dst, 1900, buf, n);
    for (size_t i = 0; i < s->ndev; i++) {
        const struct sim_dev *r = &s->dev[i];
        if (r->joined && r->p->ssdp_nt && r != d)
            ssdp_reply(s, r, d, port, st, s->now + 10000 + sim_range(s, 900000));
    }
    ssdp_reply(s, &s->gw, d, port, st, s->now + 2000 + sim_range(s, 20000));
}

static void act_http_check(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    const struct http_check *h = &checks[a->arg % IOT_ARRAY_LEN(checks)];
    struct sim_tcp c;
    struct sim_host srv;
    char req[600];
    uint32_t ip = sim_ip_parse(h->ip);
    uint64_t t = sim_dns_lookup(s, d, s->now, SIM_BENIGN, h->host, ip, SIM_GW_IP);
    int n = snprintf(req, sizeof(req),
                     "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n"
                     "Connection: close\r\n\r\n",
                     h->path, h->host, d->p->ua);
    if (n < 0 || (size_t)n >= sizeof(req))
        return;
    sim_remote(s, ip, &srv);
    sim_tcp_begin(s, &c, &d->h, sim_eph(s, d), &srv, 80, t, SIM_BENIGN);
    sim_tcp_open(s, &c);
    sim_http(s, &c, req, h->status, h->server, (const uint8_t *)h->body, strlen(h->body));
    sim_tcp_close(s, &c);
}

/* ---- RTSP: the NVR pulls a few seconds of interleaved RTP from one camera per run ---- */

static void rtsp_step(struct sim *s, struct sim_tcp *c, const char *method, const char *url,
                      unsigned cseq, const char *extra, const char *reply)
{
    char buf[BUF];
    int n = snprintf(buf, sizeof(buf), "%s %s RTSP/1.0\r\nCSeq: %u\r\n%sUser-Agent: NVR/1.0\r\n\r\n",
                     method, url, cseq, extra);
    if (n < 0 || (size_t)n >= sizeof(buf))
        return;
    sim_tcp_send(s, c, false, (const uint8_t *)buf, (size_t)n);
    n = snprintf(buf, sizeof(buf), "RTSP/1.0 200 OK\r\nCSeq: %u\r\n%s\r\n", cseq, reply);
    if (n < 0 || (size_t)n >= sizeof(buf))
        return;
    sim_tcp_send(s, c, true, (const uint8_t *)buf, (size_t)n);
}

static void rtp_burst(struct sim *s, struct sim_tcp *c, uint32_t frames)
{
    uint8_t buf[SIM_MSS];
    uint16_t seq = (uint16_t)sim_rand(s);
    uint32_t ts = (uint32_t)sim_rand(s), ssrc = (uint32_t)sim_rand(s);
    for (uint32_t i = 0; i < frames; i++) {
        size_t len = 1200 + sim_range(s, 200);
        buf[0] = '$';
        buf[1] = 0;
        buf[2] = (uint8_t)((len - 4) >> 8);
        buf[3] = (uint8_t)(len - 4);
        buf[4] = 0x80;
        buf[5] = 96 | (i % 8 == 7 ? 0x80 : 0);
        buf[6] = (uint8_t)(seq >> 8);
        buf[7] = (uint8_t)seq;
        memcpy(buf + 8, &ts, 4);
        memcpy(buf + 12, &ssrc, 4);
        sim_fill(s, buf + 16, len - 16);
        sim_tcp_send(s, c, true, buf, len);
        sim_tcp_wait(c, 25000 + sim_range(s, 15000)); /* about 30 frames per second */
        seq++;
        ts += 3600;
    }
}

static void act_rtsp(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    IOT_UNUSED(a);
    int cam = sim_find_kind(s, "camera", d->counter++ % 4);
    if (cam < 0 && (cam = sim_find_kind(s, "camera", 0)) < 0)
        return;
    char ip[16], url[96], sdp[400];
    struct sim_tcp c;
    sim_ip_str(s->dev[cam].h.ip, ip, sizeof(ip));
    if (snprintf(url, sizeof(url), "rtsp://%s:554/Streaming/Channels/101", ip) >= (int)sizeof(url))
        return;
    int n = snprintf(sdp, sizeof(sdp),
                     "Content-Type: application/sdp\r\nContent-Length: 120\r\n\r\nv=0\r\n"
                     "o=- 1 1 IN IP4 %s\r\ns=Media Presentation\r\nm=video 0 RTP/AVP 96\r\n"
                     "a=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n",
                     ip);
    if (n < 0 || (size_t)n >= sizeof(sdp))
        return;
    sim_tcp_begin(s, &c, &d->h, sim_eph(s, d), &s->dev[cam].h, 554, s->now, SIM_BENIGN);
    sim_tcp_open(s, &c);
    rtsp_step(s, &c, "OPTIONS", url, 1, "",
              "Public: OPTIONS, DESCRIBE, PLAY, PAUSE, SETUP, TEARDOWN, SET_PARAMETER, GET_PARAMETER\r\n");
    rtsp_step(s, &c, "DESCRIBE", url, 2, "Accept: application/sdp\r\n", sdp);
    rtsp_step(s, &c, "SETUP", url, 3, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n",
              "Session: 1273222592;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");
    rtsp_step(s, &c, "PLAY", url, 4, "Session: 1273222592\r\nRange: npt=0.000-\r\n",
              "Session: 1273222592\r\nRTP-Info: url=trackID=1;seq=1\r\n");
    rtp_burst(s, &c, 30 + sim_range(s, 30));
    rtsp_step(s, &c, "TEARDOWN", url, 5, "Session: 1273222592\r\n", "");
    sim_tcp_close(s, &c);
}

/* ---- LAN control protocols of the phone apps ---- */

/* Kasa's "encryption": XOR autokey starting at 171. */
static size_t kasa_encode(const char *json, uint8_t *out, size_t cap)
{
    size_t n = strlen(json);
    uint8_t key = 171;
    if (n > cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = (uint8_t)(key ^ (uint8_t)json[i]);
        key = out[i];
    }
    return n;
}

static void act_kasa(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    static const char q[] = "{\"system\":{\"get_sysinfo\":{}}}";
    static const char r[] =
        "{\"system\":{\"get_sysinfo\":{\"sw_ver\":\"1.5.4 Build 180815 Rel.121440\","
        "\"hw_ver\":\"2.0\",\"model\":\"HS110(US)\",\"alias\":\"Living Room Lamp\","
        "\"relay_state\":1,\"rssi\":-52,\"led_off\":0,\"err_code\":0}}}";
    uint8_t buf[512];
    struct sim_host dst = dst_bcast();
    uint16_t port = sim_eph(s, d);
    IOT_UNUSED(a);
    size_t n = kasa_encode(q, buf, sizeof(buf));
    sim_udp(s, s->now, SIM_BENIGN, &d->h, port, &dst, 9999, buf, n);
    n = kasa_encode(r, buf, sizeof(buf));
    for (unsigned k = 0; k < 8; k++) {
        int p = sim_find_kind(s, "plug", k);
        if (p < 0)
            break;
        if (s->dev[p].joined)
            sim_udp(s, s->now + 3000 + sim_range(s, 30000), SIM_BENIGN, &s->dev[p].h, 9999, &d->h,
                    port, buf, n);
    }
}

static size_t lifx_header(uint8_t *b, uint16_t size, uint16_t type, uint32_t source,
                          const uint8_t *target, uint8_t seq)
{
    memset(b, 0, 36);
    b[0] = (uint8_t)size;
    b[1] = (uint8_t)(size >> 8);
    b[2] = 0x00;
    b[3] = target ? 0x14 : 0x34; /* protocol 1024, addressable, tagged when broadcast */
    memcpy(b + 4, &source, 4);
    if (target)
        memcpy(b + 8, target, 6);
    b[22] = 0x01; /* res_required */
    b[23] = seq;
    b[32] = (uint8_t)type;
    b[33] = (uint8_t)(type >> 8);
    return 36;
}

static void act_lifx(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    uint8_t buf[64];
    struct sim_host dst = dst_bcast();
    uint32_t source = (uint32_t)sim_rand(s);
    uint8_t seq = (uint8_t)d->counter++;
    IOT_UNUSED(a);
    size_t n = lifx_header(buf, 36, 2, source, NULL, seq); /* GetService */
    sim_udp(s, s->now, SIM_BENIGN, &d->h, 56700, &dst, 56700, buf, n);
    for (unsigned k = 0; k < 8; k++) {
        int b = sim_find_kind(s, "bulb", k);
        if (b < 0)
            break;
        if (!s->dev[b].joined)
            continue;
        n = lifx_header(buf, 41, 3, source, s->dev[b].h.mac, seq); /* StateService */
        buf[36] = 1;
        buf[37] = 0x7c;
        buf[38] = 0xdd;
        buf[39] = 0;
        buf[40] = 0;
        sim_udp(s, s->now + 2000 + sim_range(s, 20000), SIM_BENIGN, &s->dev[b].h, 56700, &d->h,
                56700, buf, 41);
    }
}

/* ---- long-lived sessions: MQTT to the cloud broker, Modbus/TCP from the HMI ---- */

static void mqtt_connect(struct sim *s, struct sim_dev *d)
{
    uint8_t buf[256];
    struct sim_host srv;
    char client[48];
    const struct sim_cloud *b = &sim_cloud_mqtt;
    uint32_t ip = sim_ip_parse(b->ip);
    uint64_t t = sim_dns_lookup(s, d, s->now, SIM_BENIGN, b->name, ip, SIM_GW_IP);
    const uint8_t *m = d->h.mac;
    if (snprintf(client, sizeof(client), "st-hub-%02x%02x%02x%02x%02x%02x", m[0], m[1], m[2], m[3],
                 m[4], m[5]) >= (int)sizeof(client))
        return;
    sim_remote(s, ip, &srv);
    sim_tcp_begin(s, &d->conn, &d->h, sim_eph(s, d), &srv, b->port, t, SIM_BENIGN);
    sim_tcp_open(s, &d->conn);
    size_t n = sim_mqtt_connect(buf, sizeof(buf), client, NULL, NULL);
    sim_tcp_send(s, &d->conn, false, buf, n);
    static const uint8_t connack[] = {0x20, 0x02, 0x00, 0x00};
    sim_tcp_send(s, &d->conn, true, connack, sizeof(connack));
    d->conn_open = true;
}

static void act_mqtt(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    uint8_t buf[256];
    char topic[64], msg[128];
    IOT_UNUSED(a);
    if (!d->conn_open) {
        mqtt_connect(s, d);
        return;
    }
    d->conn.t = IOT_MAX(d->conn.t, s->now);
    if (d->counter++ % 2 == 0) {
        static const uint8_t ping[] = {0xc0, 0x00}, pong[] = {0xd0, 0x00};
        sim_tcp_send(s, &d->conn, false, ping, sizeof(ping));
        sim_tcp_send(s, &d->conn, true, pong, sizeof(pong));
        return;
    }
    int n1 = snprintf(topic, sizeof(topic), "st/hub/%s/telemetry", d->hostname);
    int n2 = snprintf(msg, sizeof(msg), "{\"zigbee\":{\"devices\":7},\"uptime\":%u,\"temp\":%u}",
                      d->counter * 30, 20 + d->counter % 5);
    if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof(topic) || (size_t)n2 >= sizeof(msg))
        return;
    size_t n = sim_mqtt_publish(buf, sizeof(buf), topic, msg);
    sim_tcp_send(s, &d->conn, false, buf, n);
}

static void act_modbus(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    static const uint8_t fcs[] = {3, 3, 4, 1};
    uint8_t q[12], r[64];
    IOT_UNUSED(a);
    int plc = sim_find_kind(s, "plc", 0);
    if (plc < 0 || !s->dev[plc].joined)
        return;
    if (!d->conn_open) {
        sim_tcp_begin(s, &d->conn, &d->h, sim_eph(s, d), &s->dev[plc].h, 502, s->now, SIM_BENIGN);
        sim_tcp_open(s, &d->conn);
        d->conn_open = true;
    }
    d->conn.t = IOT_MAX(d->conn.t, s->now);
    uint16_t tid = (uint16_t)++d->counter;
    uint8_t fc = fcs[tid % sizeof(fcs)], count = fc == 1 ? 16 : 10;
    uint8_t q_[12] = {(uint8_t)(tid >> 8), (uint8_t)tid, 0, 0, 0, 6, 1, fc, 0, 0, 0, count};
    memcpy(q, q_, sizeof(q));
    size_t bytes = fc == 1 ? 2 : (size_t)count * 2;
    uint8_t r_[9] = {(uint8_t)(tid >> 8), (uint8_t)tid, 0, 0, 0, (uint8_t)(3 + bytes), 1, fc,
                     (uint8_t)bytes};
    memcpy(r, r_, sizeof(r_));
    for (size_t i = 0; i < bytes; i++)
        r[9 + i] = (uint8_t)((tid * 7 + i * 13) & (i % 2 ? 0xff : 0x03));
    sim_tcp_send(s, &d->conn, false, q, sizeof(q));
    sim_tcp_send(s, &d->conn, true, r, 9 + bytes);
}

/* HL7 v2 ORU^R01 vitals over MLLP (0x0b ... 0x1c 0x0d), acknowledged with ACK^R01. */
static void act_hl7(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    char msg[700];
    struct sim_tcp c;
    IOT_UNUSED(a);
    int cs = sim_find_flag(s, SIM_F_HL7, 0);
    if (cs < 0 || !s->dev[cs].joined)
        return;
    uint32_t id = ++d->counter;
    int n = snprintf(msg, sizeof(msg),
                     "\x0bMSH|^~\\&|%s|ICU|CIS|HOSP|20231114%06u||ORU^R01|MSG%08u|P|2.3\r"
                     "PID|||MRN%05u||DOE^JANE\r"
                     "OBR|1|||VITALS\r"
                     "OBX|1|NM|8867-4^HR||%u|bpm|||||F\r"
                     "OBX|2|NM|59408-5^SpO2||%u|%%|||||F\r"
                     "OBX|3|NM|8480-6^NIBPs||%u|mmHg|||||F\r\x1c\r",
                     d->hostname, id % 240000, id, 10000 + (unsigned)(d->h.ip & 255),
                     62 + sim_range(s, 25), 94 + sim_range(s, 6), 110 + sim_range(s, 25));
    if (n < 0 || (size_t)n >= sizeof(msg))
        return;
    sim_tcp_begin(s, &c, &d->h, sim_eph(s, d), &s->dev[cs].h, 2575, s->now, SIM_BENIGN);
    sim_tcp_open(s, &c);
    sim_tcp_send(s, &c, false, (const uint8_t *)msg, (size_t)n);
    n = snprintf(msg, sizeof(msg), "\x0bMSH|^~\\&|CIS|HOSP|%s|ICU|||ACK^R01|ACK%08u|P|2.3\r"
                                   "MSA|AA|MSG%08u\r\x1c\r",
                 d->hostname, id, id);
    if (n > 0 && (size_t)n < sizeof(msg))
        sim_tcp_send(s, &c, true, (const uint8_t *)msg, (size_t)n);
    sim_tcp_close(s, &c);
}

/* ---- people: browsing, streaming, and the camera's web UI ---- */

static void act_browse(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    IOT_UNUSED(a);
    const struct sim_cloud *cl = &sim_browse[sim_range(s, (uint32_t)sim_nbrowse)];
    uint64_t t = sim_dns_lookup(s, d, s->now, SIM_BENIGN, cl->name, sim_ip_parse(cl->ip),
                                SIM_GW_IP);
    sim_tls_session(s, d, cl, t, 8000 + sim_range(s, 120000), SIM_BENIGN);
}

static void act_stream(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    const struct sim_cloud *cl = d->p->cloud[a->arg];
    if (cl == NULL)
        return;
    uint64_t t = sim_dns_lookup(s, d, s->now, SIM_BENIGN, cl->name, sim_ip_parse(cl->ip),
                                SIM_GW_IP);
    sim_tls_session(s, d, cl, t, 400000 + sim_range(s, 800000), SIM_BENIGN);
}

static void act_web_ui(struct sim *s, struct sim_dev *d, const struct sim_act *a)
{
    static const char body[] = "<!DOCTYPE html><html><head><title>Login</title></head>"
                               "<body><div id=\"login\"></div></body></html>";
    char ip[16], req[700];
    struct sim_tcp c;
    IOT_UNUSED(a);
    int cam = sim_find_flag(s, SIM_F_HTTP_UI, d->counter++ % 3);
    if (cam < 0 || !s->dev[cam].joined)
        return;
    sim_ip_str(s->dev[cam].h.ip, ip, sizeof(ip));
    int n = snprintf(req, sizeof(req),
                     "GET /doc/page/login.asp HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\n"
                     "Accept: text/html\r\nConnection: keep-alive\r\n\r\n",
                     ip, d->p->ua);
    if (n < 0 || (size_t)n >= sizeof(req))
        return;
    sim_tcp_begin(s, &c, &d->h, sim_eph(s, d), &s->dev[cam].h, 80, s->now, SIM_BENIGN);
    sim_tcp_open(s, &c);
    sim_http(s, &c, req, "200 OK", s->dev[cam].p->server, (const uint8_t *)body, strlen(body));
    sim_tcp_close(s, &c);
}

typedef void (*act_fn)(struct sim *, struct sim_dev *, const struct sim_act *);
static const act_fn act_table[ACT_COUNT] = {
    [ACT_ARP] = act_arp,           [ACT_CLOUD_TLS] = act_cloud_tls,
    [ACT_NTP] = act_ntp,           [ACT_MDNS] = act_mdns,
    [ACT_MDNS_QUERY] = act_mdns_query, [ACT_SSDP_NOTIFY] = act_ssdp_notify,
    [ACT_SSDP_SEARCH] = act_ssdp_search, [ACT_HTTP_CHECK] = act_http_check,
    [ACT_RTSP_PULL] = act_rtsp,    [ACT_KASA_POLL] = act_kasa,
    [ACT_LIFX_POLL] = act_lifx,    [ACT_MQTT] = act_mqtt,
    [ACT_HL7] = act_hl7,           [ACT_MODBUS] = act_modbus,
    [ACT_BROWSE] = act_browse,     [ACT_STREAM] = act_stream,
    [ACT_WEB_UI] = act_web_ui,
};

void sim_dev_act(struct sim *s, uint32_t idx, uint32_t ai)
{
    struct sim_dev *d = &s->dev[idx];
    const struct sim_act *a = &d->p->acts[ai];
    if (a->kind > ACT_NONE && a->kind < ACT_COUNT && act_table[a->kind])
        act_table[a->kind](s, d, a);
    sim_sched(s, s->now + sim_jitter_us(s, a->period, a->jitter), EV_ACT, idx, ai);
}

/* The router announces itself over SSDP, as consumer gateways running miniupnpd do. */
void sim_router_tick(struct sim *s)
{
    ssdp_notify(s, &s->gw, s->now);
    s->gw.counter++;
    sim_sched(s, s->now + sim_jitter_us(s, 180, 5), EV_ROUTER, 0, 0);
}

static void make_mac(struct sim *s, const uint8_t *oui, uint32_t idx, uint8_t *mac)
{
    uint32_t low = ((uint32_t)sim_rand(s) & 0xffff00u) | (idx & 0xff);
    memcpy(mac, oui, 3);
    mac[3] = (uint8_t)(low >> 16);
    mac[4] = (uint8_t)(low >> 8);
    mac[5] = (uint8_t)low;
}

/* Devices take profiles round-robin; repeats get their own MAC, address and numbered hostname. */
void sim_devices_init(struct sim *s)
{
    s->gw.p = &sim_router_profile;
    make_mac(s, sim_router_profile.oui, 1, s->gw.h.mac);
    s->gw.h.ip = SIM_GW_IP;
    s->gw.h.ttl = 64;
    s->gw.joined = true;
    if (snprintf(s->gw.hostname, sizeof(s->gw.hostname), "router") < 0)
        sim_fatal("hostname");
    s->router = s->gw.h;
    s->dev = calloc(s->ndev, sizeof(*s->dev));
    if (s->dev == NULL)
        sim_fatal("out of memory (devices)");
    for (size_t i = 0; i < s->ndev; i++) {
        struct sim_dev *d = &s->dev[i];
        size_t round = i / sim_nprofiles;
        d->p = &sim_profiles[i % sim_nprofiles];
        make_mac(s, d->p->oui, (uint32_t)(SIM_FIRST_HOST + i), d->h.mac);
        d->h.ip = SIM_LAN_NET | (uint32_t)(SIM_FIRST_HOST + i);
        d->h.ttl = d->p->ttl;
        int n = round ? snprintf(d->hostname, sizeof(d->hostname), "%s-%zu", d->p->hostname,
                                 round + 1)
                      : snprintf(d->hostname, sizeof(d->hostname), "%s", d->p->hostname);
        if (n < 0 || (size_t)n >= sizeof(d->hostname))
            sim_fatal("hostname too long");
        d->eph = (uint16_t)(d->p->eph_lo + sim_range(s, 8000));
        sim_sched(s, s->start_us + sim_range(s, 30 * SIM_US), EV_JOIN, (uint32_t)i, 0);
    }
    sim_sched(s, s->start_us + 500000, EV_ROUTER, 0, 0);
}
