/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared types of iotsec-sim: options, hosts, TCP sessions, devices, scheduler, writer, truth. */
#ifndef IOTSEC_TOOLS_SIM_SIM_H
#define IOTSEC_TOOLS_SIM_SIM_H

#include "iotsec-common.h"

#include <pcap/pcap.h>

#define SIM_US 1000000ULL
#define SIM_LAN_NET 0xC0A80100u /* 192.168.1.0/24 */
#define SIM_GW_IP 0xC0A80101u
#define SIM_FIRST_HOST 10u
#define SIM_MAX_DEVICES 240u /* .10 .. .249 */
#define SIM_FRAME_MAX 1514u
#define SIM_MSS 1460u
#define SIM_MAX_TARGETS 8u
#define SIM_FLOODS 4u     /* Mirai's udp, syn, greip and http attacks, in that order */
#define SIM_HTTP_CONNS 8u /* sockets of the http flood (its conns= option) */

/* Every attack phase the ground truth can list; the index doubles as the packet tag. */
enum sim_att {
    SIM_ATT_MIRAI_SCAN,
    SIM_ATT_TELNET_BRUTE,
    SIM_ATT_SSH_BRUTE,
    SIM_ATT_LOADER,
    SIM_ATT_C2,
    SIM_ATT_C2_CALLHOME,
    SIM_ATT_UDP_FLOOD,
    SIM_ATT_SYN_FLOOD,
    SIM_ATT_GRE_FLOOD,
    SIM_ATT_HTTP_FLOOD,
    SIM_ATT_CLEAR_HTTP,
    SIM_ATT_CLEAR_FTP,
    SIM_ATT_CLEAR_TELNET,
    SIM_ATT_CLEAR_MQTT,
    SIM_ATT_CLEAR_POP3,
    SIM_ATT_COUNT
};
#define SIM_BENIGN (-1)

enum sim_scenario { SIM_SC_BENIGN = 1, SIM_SC_MIRAI = 2, SIM_SC_CLEAR = 4 };

struct sim_opts {
    const char *out;
    const char *truth;
    const char *scenario_name;
    unsigned scenario; /* bit set of enum sim_scenario */
    uint64_t seed;
    uint64_t devices;
    uint64_t duration;
    uint64_t packets; /* 0: run for duration */
    uint64_t start;
    uint64_t flood_seconds;
    uint64_t flood_pps;
};

/* One end of a conversation as seen on the LAN: the L2 next hop's MAC, the IP and its TTL. */
struct sim_host {
    uint8_t mac[6];
    uint32_t ip;
    uint8_t ttl;
};

/* A TCP connection between a (client) and b (server); t is the session's time cursor. */
struct sim_tcp {
    struct sim_host a, b;
    uint16_t aport, bport;
    uint32_t aseq, bseq;
    uint16_t awin, bwin;
    uint64_t t;
    uint32_t rtt;
    int tag;
};

/* A device action kind; the handler table lives in sim-devices.c. */
enum sim_act_kind {
    ACT_NONE,
    ACT_ARP,
    ACT_CLOUD_TLS,
    ACT_NTP,
    ACT_MDNS,
    ACT_MDNS_QUERY,
    ACT_SSDP_NOTIFY,
    ACT_SSDP_SEARCH,
    ACT_HTTP_CHECK,
    ACT_RTSP_PULL,
    ACT_KASA_POLL,
    ACT_LIFX_POLL,
    ACT_MQTT,
    ACT_HL7,
    ACT_MODBUS,
    ACT_BROWSE,
    ACT_STREAM,
    ACT_WEB_UI,
    ACT_COUNT
};

struct sim_act {
    enum sim_act_kind kind;
    uint32_t period; /* seconds between runs */
    uint32_t jitter; /* percent of the period, either way */
    uint32_t arg;    /* which cloud, check or query the action uses */
};

struct sim_cloud {
    const char *name;
    const char *ip;
    uint16_t port;
    uint8_t tls13;
    const char *alpn; /* NULL: no ALPN extension, as many embedded TLS stacks */
};

struct sim_mdns_svc {
    const char *service;  /* "_googlecast._tcp" */
    const char *instance; /* "Chromecast-4f2a" */
    uint16_t port;
    const char *txt[5];
};

#define SIM_F_TELNET 0x01u   /* answers telnet on 23 */
#define SIM_F_TELNET_OK 0x02u /* its telnet accepts a Mirai default credential */
#define SIM_F_HTTP_UI 0x04u  /* serves a web UI on 80 */
#define SIM_F_LAPTOP 0x08u   /* the user's laptop, client of the cleartext scenario */
#define SIM_F_FTP 0x10u      /* serves FTP on 21 */
#define SIM_F_HL7 0x20u      /* the HL7 central station medical devices report to */

struct sim_profile {
    const char *kind;
    const char *vendor;
    const char *model;
    const char *hostname;
    const char *os;
    uint8_t oui[3];
    const char *dhcp_prl;
    const char *dhcp_vc; /* NULL: option 60 not sent (Apple) */
    uint8_t ttl;
    uint16_t win;
    uint16_t eph_lo; /* first ephemeral port of its stack */
    const char *ua;
    const char *server; /* HTTP/SSDP Server header */
    const struct sim_cloud *cloud[3];
    const struct sim_mdns_svc *mdns[3];
    const char *ssdp_nt; /* NULL: no SSDP NOTIFY */
    const char *telnet_user, *telnet_pass;
    const char *ssh_banner; /* NULL: no SSH server; else its identification string, no CR LF */
    uint16_t ssh_port;
    unsigned flags;
    struct sim_act acts[8];
};

struct sim_dev {
    const struct sim_profile *p;
    struct sim_host h;
    char hostname[48];
    uint16_t eph;
    uint32_t counter; /* per-device message counter (Modbus transaction, MQTT id, HL7 id) */
    struct sim_tcp conn; /* its one long-lived session (MQTT, Modbus) */
    bool conn_open;
    bool joined;
};

/* A scheduled action: fn indexes the handler table in sim-main.c. */
struct sim_ev {
    uint64_t t;
    uint64_t seq;
    uint32_t fn;
    uint32_t dev;
    uint32_t arg;
};

enum sim_evfn {
    EV_JOIN,
    EV_ACT,
    EV_ROUTER,
    EV_MIRAI_INFECT,
    EV_MIRAI_C2,
    EV_MIRAI_SCAN,
    EV_MIRAI_BRUTE,
    EV_MIRAI_LOADER,
    EV_MIRAI_FLOOD,
    EV_MIRAI_CALLHOME,
    EV_MIRAI_SSH,
    EV_CLEAR,
    EV_COUNT
};

struct sim_pkt {
    uint64_t ts;
    uint64_t seq;
    int16_t tag;
    uint16_t len;
    uint8_t data[];
};

struct sim_att_rec {
    uint64_t first, last, packets;
    uint32_t src;
    uint8_t src_mac[6];
    uint32_t targets[SIM_MAX_TARGETS];
    size_t ntargets;
    void *details; /* json_t *, owned */
};

struct sim_mirai {
    int bot;       /* infected camera, -1 none */
    uint16_t scan_sport, scan_win;
    uint64_t scan_syn, scan_rst, scan_synack;
    uint32_t local_probe; /* next forced local probe */
    int brute_targets[3];
    size_t nbrute;
    size_t cred[3];       /* next credential index per target */
    uint64_t attempts;
    int victim;           /* target whose login succeeded, -1 the router */
    size_t success_cred;  /* index of the credential that worked, SIZE_MAX none */
    struct sim_tcp sess;  /* the successful telnet session, reused by the loader */
    struct sim_tcp c2;
    bool c2_up;
    struct sim_tcp home;  /* the victim's own C2 session once the loader has run the bot */
    bool home_up;
    uint32_t flood_target;
    uint64_t flood_end[SIM_FLOODS];
    struct sim_tcp http[SIM_HTTP_CONNS]; /* the http flood's keep-alive connections */
    uint8_t http_ua[SIM_HTTP_CONNS];
    uint32_t http_rtt;
    uint64_t http_requests;
    int ssh_target;       /* device whose SSH server the bot guesses at, -1 none */
    uint8_t ssh_hostkey[64];
    uint32_t ssh_sessions;
    uint64_t ssh_attempts;
};

struct sim {
    struct sim_opts opt;
    uint64_t rng[4];
    struct sim_dev *dev;
    size_t ndev;
    struct sim_dev gw;
    struct sim_host router;
    uint16_t ipid;
    uint64_t start_us, end_us;

    struct sim_ev *ev;
    size_t nev, cap_ev;
    uint64_t ev_seq;
    uint64_t now;

    struct sim_pkt **pq;
    size_t npq, cap_pq;
    uint64_t pkt_seq;
    pcap_t *pd;
    pcap_dumper_t *dumper;
    uint64_t written;
    uint64_t last_ts;
    bool io_error;

    struct sim_att_rec att[SIM_ATT_COUNT];
    struct sim_mirai mirai;
};

/* sim-util.c */
void sim_rng_seed(struct sim *s, uint64_t seed);
uint64_t sim_rand(struct sim *s);
uint32_t sim_range(struct sim *s, uint32_t n);
uint64_t sim_jitter_us(struct sim *s, uint32_t period_s, uint32_t pct);
void sim_fill(struct sim *s, uint8_t *p, size_t n);
uint32_t sim_ip_parse(const char *dotted);
void sim_ip_str(uint32_t ip, char *buf, size_t len);
void sim_mac_str(const uint8_t *mac, char *buf, size_t len);
size_t sim_base64(const char *in, char *out, size_t outlen);
void sim_remote(const struct sim *s, uint32_t ip, struct sim_host *h);
uint16_t sim_eph(struct sim *s, struct sim_dev *d);
int sim_find_kind(const struct sim *s, const char *kind, unsigned nth);
int sim_find_flag(const struct sim *s, unsigned flag, unsigned nth);
void sim_fatal(const char *what);

/* sim-sched.c */
void sim_sched(struct sim *s, uint64_t t, enum sim_evfn fn, uint32_t dev, uint32_t arg);
bool sim_sched_pop(struct sim *s, struct sim_ev *out);

/* sim-packet.c: frame builders; all emit into the writer's reorder heap. */
void sim_udp(struct sim *s, uint64_t ts, int tag, const struct sim_host *src, uint16_t sport,
             const struct sim_host *dst, uint16_t dport, const uint8_t *pl, size_t n);
void sim_tcp_seg(struct sim *s, uint64_t ts, int tag, const struct sim_host *src, uint16_t sport,
                 const struct sim_host *dst, uint16_t dport, uint32_t seq, uint32_t ack,
                 uint8_t flags, uint16_t win, const uint8_t *opt, size_t optlen,
                 const uint8_t *pl, size_t n);
void sim_ip_raw(struct sim *s, uint64_t ts, int tag, const struct sim_host *src,
                const struct sim_host *dst, uint8_t proto, const uint8_t *pl, size_t n);
void sim_arp(struct sim *s, uint64_t ts, int tag, const struct sim_host *asker, uint32_t target,
             const struct sim_host *answer);
void sim_tcp_begin(struct sim *s, struct sim_tcp *c, const struct sim_host *a, uint16_t aport,
                   const struct sim_host *b, uint16_t bport, uint64_t t, int tag);
void sim_tcp_open(struct sim *s, struct sim_tcp *c);
void sim_tcp_send(struct sim *s, struct sim_tcp *c, bool from_b, const uint8_t *d, size_t n);
void sim_tcp_close(struct sim *s, struct sim_tcp *c);
void sim_tcp_wait(struct sim_tcp *c, uint32_t us);
size_t sim_ipv4_header(uint8_t *p, uint16_t id, uint8_t ttl, uint8_t proto, uint32_t src,
                       uint32_t dst, size_t l4len);
uint16_t sim_csum_fold(uint32_t sum);
uint32_t sim_csum_add(uint32_t sum, const uint8_t *p, size_t n);

#define SIM_TCP_FIN 0x01u
#define SIM_TCP_SYN 0x02u
#define SIM_TCP_RST 0x04u
#define SIM_TCP_PSH 0x08u
#define SIM_TCP_ACK 0x10u

/* sim-proto.c: application payloads; each returns the length written (0 if it did not fit). */
size_t sim_dhcp(uint8_t *p, size_t cap, const struct sim_dev *d, uint8_t type, uint32_t xid,
                uint32_t yiaddr);
size_t sim_dns_query(uint8_t *p, size_t cap, uint16_t id, const char *name, uint16_t qtype);
size_t sim_dns_answer(uint8_t *p, size_t cap, uint16_t id, const char *name, uint32_t ip);
size_t sim_mdns_announce(uint8_t *p, size_t cap, const struct sim_dev *d);
size_t sim_mdns_query(uint8_t *p, size_t cap, const char *service);
size_t sim_ssdp_notify(uint8_t *p, size_t cap, const struct sim_dev *d, uint32_t boot);
size_t sim_ssdp_search(uint8_t *p, size_t cap, const char *st, const char *ua);
size_t sim_ntp(uint8_t *p, size_t cap, uint64_t ts_us, bool server);
size_t sim_tls_client_hello(struct sim *s, uint8_t *p, size_t cap, const struct sim_cloud *c);
size_t sim_tls_server_hello(struct sim *s, uint8_t *p, size_t cap, bool tls13);
size_t sim_tls_record(struct sim *s, uint8_t *p, size_t cap, uint8_t type, size_t n);
size_t sim_mqtt_connect(uint8_t *p, size_t cap, const char *client, const char *user,
                        const char *pass);
size_t sim_mqtt_publish(uint8_t *p, size_t cap, const char *topic, const char *msg);
size_t sim_str(uint8_t *p, size_t cap, const char *s);
/* SSH: lists are the ten KEXINIT name-lists in wire order (kex, host key, ciphers c2s and s2c,
 * MACs c2s and s2c, compression c2s and s2c, languages c2s and s2c). */
size_t sim_ssh_kexinit(struct sim *s, uint8_t *p, size_t cap, const char *const lists[10]);
size_t sim_ssh_ecdh_init(struct sim *s, uint8_t *p, size_t cap);
size_t sim_ssh_ecdh_reply(struct sim *s, uint8_t *p, size_t cap, const uint8_t hostkey[64]);
size_t sim_ssh_newkeys(struct sim *s, uint8_t *p, size_t cap);
size_t sim_ssh_sealed(struct sim *s, uint8_t *p, size_t cap, size_t n);

/* sim-devices.c */
extern const struct sim_profile sim_profiles[];
extern const size_t sim_nprofiles;
extern const struct sim_profile sim_router_profile;
extern const struct sim_cloud sim_browse[];
extern const size_t sim_nbrowse;
extern const struct sim_cloud sim_cloud_mqtt;
void sim_devices_init(struct sim *s);
void sim_dev_join(struct sim *s, uint32_t dev);
void sim_dev_act(struct sim *s, uint32_t dev, uint32_t act);
void sim_router_tick(struct sim *s);
uint64_t sim_dns_lookup(struct sim *s, struct sim_dev *d, uint64_t t, int tag, const char *name,
                        uint32_t ip, uint32_t resolver);
uint64_t sim_tls_session(struct sim *s, struct sim_dev *d, const struct sim_cloud *c, uint64_t t,
                         size_t down, int tag);
uint64_t sim_http(struct sim *s, struct sim_tcp *c, const char *req, const char *status,
                  const char *server, const uint8_t *body, size_t blen);

/* sim-attack.c */
void sim_attacks_init(struct sim *s);
void sim_attack_event(struct sim *s, const struct sim_ev *ev);
void sim_attack_details(struct sim *s);

/* sim-writer.c */
int sim_writer_open(struct sim *s);
void sim_emit(struct sim *s, uint64_t ts, int tag, const uint8_t *frame, size_t len);
void sim_writer_flush(struct sim *s, uint64_t upto);
int sim_writer_close(struct sim *s);
int sim_truth_write(struct sim *s);
void sim_att_target(struct sim *s, enum sim_att a, uint32_t ip);
void sim_att_source(struct sim *s, enum sim_att a, const struct sim_host *h);
bool sim_done(const struct sim *s);

#endif
