/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Horizontal and vertical scans. A browser also opens connections to many hosts on port 443,
 * but they answer; a scan mostly meets silence or resets. So probes are counted per window
 * with the answers (SYN-ACK, or a UDP reply) they got, and only a mostly unanswered burst of
 * distinct targets alerts. */
#include "iotsec-common.h"
#include "detect/detect-scan.h"

#include <inttypes.h>

#define TH_SYN 0x02
#define TH_ACK 0x10

enum { KEY_HORIZONTAL = 'H', KEY_VERTICAL = 'V', KEY_PING = 'P', KEY_ARP = 'A' };

#define ICMP4_ECHO 8
#define ICMP4_REPLY 0
#define ICMP6_ECHO 128
#define ICMP6_REPLY 129

#define SCAN_UDP_PROBE_MAX 64

/* (type, version, scanner address, port or target address). */
struct scan_key {
    uint8_t type, ver;
    uint8_t scanner[16];
    uint8_t target[16];
};

static size_t key_make(struct scan_key *k, uint8_t type, uint8_t ver, const struct iot_addr *scanner,
                       const struct iot_addr *target, uint16_t port)
{
    memset(k, 0, sizeof(*k));
    k->type = type;
    k->ver = ver;
    memcpy(k->scanner, scanner->b, 16);
    if (type == KEY_VERTICAL || type == KEY_ARP) {
        memcpy(k->target, target->b, 16);
        return sizeof(*k);
    }
    k->target[0] = (uint8_t)(port >> 8);
    k->target[1] = (uint8_t)port;
    return offsetof(struct scan_key, target) + 2;
}

static bool unicast_target(const struct iot_packet *p)
{
    if (p->ip_ver == 4)
        return p->dst.b[0] < 224 && !(p->dst.b[0] == 255);
    return p->dst.b[0] != 0xFF;
}

/* An answer from a target: its scanner's entries (by port and by target) count one more. */
static void note_answer(struct iot_detect *d, const struct iot_packet *p)
{
    struct scan_key k;
    size_t n = key_make(&k, KEY_HORIZONTAL, p->ip_ver, &p->dst, NULL, p->sp);
    struct iot_track_entry *e = iot_track_find(iot_detect_track(d), &k, n);
    if (e != NULL)
        e->aux++;
    n = key_make(&k, KEY_VERTICAL, p->ip_ver, &p->dst, &p->src, 0);
    if ((e = iot_track_find(iot_detect_track(d), &k, n)) != NULL)
        e->aux++;
}

static void raise_scan(struct iot_detect *d, enum iot_sig sig, struct iot_track_entry *e,
                       const struct iot_packet *p, const struct iot_device *dev, uint64_t threshold,
                       uint32_t window)
{
    e->alerted = true;
    struct iot_alert a = {.sig = sig, .p = p, .dev = dev, .ev = e, .threshold = threshold,
                          .window_sec = window};
    char who[160], target[64];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, target, sizeof(target));
    const char *proto = p->ip_proto == 6 ? "TCP" : "UDP";
    if (sig == IOT_SIG_SWEEP_PING)
        snprintf(a.explain, sizeof(a.explain),
                 "%s sent ICMP echo requests (pings) to %u different hosts within %u s and %" PRIu64
                 " answered: it is sweeping the network for live hosts.",
                 who, e->ndistinct, window, e->aux);
    else if (sig == IOT_SIG_SWEEP_ARP)
        snprintf(a.explain, sizeof(a.explain),
                 "%s asked ARP for %u different addresses within %u s and %" PRIu64
                 " answered: it is sweeping the local network for live hosts.",
                 who, e->ndistinct, window, e->aux);
    else if (sig == IOT_SIG_SCAN_HORIZONTAL)
        snprintf(a.explain, sizeof(a.explain),
                 "%s probed %s port %u on %u different hosts within %u s and %" PRIu64
                 " answered: it is scanning the network, which an IoT device has no reason to do.",
                 who, proto, p->dp, e->ndistinct, window, e->aux);
    else
        snprintf(a.explain, sizeof(a.explain),
                 "%s probed %u different %s ports of %s within %u s and %" PRIu64
                 " answered: it is looking for services to attack on that host.",
                 who, e->ndistinct, proto, target, window, e->aux);
    iot_detect_raise(d, &a);
}

/* Alert once the distinct targets reach the threshold while fewer than half answered. */
static void count_probe(struct iot_detect *d, enum iot_sig sig, struct scan_key *k, size_t klen,
                        uint32_t value, const struct iot_packet *p, const struct iot_device *dev,
                        uint64_t threshold, uint32_t window)
{
    struct iot_track_entry *e = iot_track_get(iot_detect_track(d), k, klen, p->ts, window);
    e->count++;
    if (iot_track_distinct(e, value))
        iot_track_sample(e, p);
    if (!e->alerted && e->ndistinct >= threshold && e->aux * 2 < e->ndistinct)
        raise_scan(d, sig, e, p, dev, threshold, window);
}

void iot_detect_arp_sweep(struct iot_detect *d, const struct iot_packet *p,
                          const struct iot_device *dev)
{
    /* Keyed by the asking MAC, in the key's address bytes (an ARP sender's IP may be 0.0.0.0). */
    struct iot_addr mac = {{0}}, target = {{0}};
    struct scan_key k;
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    if (p->arp.op == 2) { /* a reply answers whoever asked */
        memcpy(mac.b, p->arp.tha, 6);
        size_t n = key_make(&k, KEY_ARP, 0, &mac, &target, 0);
        struct iot_track_entry *e = iot_track_find(iot_detect_track(d), &k, n);
        if (e != NULL)
            e->aux++;
        return;
    }
    if (p->arp.op != 1 || memcmp(p->arp.spa, p->arp.tpa, 4) == 0)
        return; /* not a request, or a gratuitous one */
    memcpy(mac.b, p->arp.sha, 6);
    size_t n = key_make(&k, KEY_ARP, 0, &mac, &target, 0);
    struct iot_track_entry *e = iot_track_get(iot_detect_track(d), &k, n, p->ts, cfg->scan_window);
    e->count++;
    uint32_t tpa = (uint32_t)p->arp.tpa[0] << 24 | (uint32_t)p->arp.tpa[1] << 16 |
                   (uint32_t)p->arp.tpa[2] << 8 | p->arp.tpa[3];
    iot_track_distinct(e, tpa);
    if (e->alerted || e->ndistinct < cfg->scan_arp_hosts || e->aux * 2 >= e->ndistinct)
        return;
    /* The alert's packet: the request, with its addresses as the IP 5-tuple would show them. */
    struct iot_packet q = *p;
    q.ip_ver = 4;
    memset(&q.src, 0, sizeof(q.src));
    memset(&q.dst, 0, sizeof(q.dst));
    memcpy(q.src.b, p->arp.spa, 4);
    memcpy(q.dst.b, p->arp.tpa, 4);
    raise_scan(d, IOT_SIG_SWEEP_ARP, e, &q, dev, cfg->scan_arp_hosts, cfg->scan_window);
}

static bool icmp_echo(const struct iot_packet *p, bool reply)
{
    if (p->ip_ver == 4 && p->ip_proto == 1)
        return p->icmp_type == (reply ? ICMP4_REPLY : ICMP4_ECHO);
    if (p->ip_ver == 6 && p->ip_proto == 58)
        return p->icmp_type == (reply ? ICMP6_REPLY : ICMP6_ECHO);
    return false;
}

static void ping_sweep(struct iot_detect *d, const struct iot_packet *p,
                       const struct iot_device *dev)
{
    struct scan_key k;
    size_t n;
    if (icmp_echo(p, true)) {
        n = key_make(&k, KEY_PING, p->ip_ver, &p->dst, NULL, 0);
        struct iot_track_entry *e = iot_track_find(iot_detect_track(d), &k, n);
        if (e != NULL)
            e->aux++;
        return;
    }
    if (!icmp_echo(p, false) || !unicast_target(p))
        return;
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    n = key_make(&k, KEY_PING, p->ip_ver, &p->src, NULL, 0);
    count_probe(d, IOT_SIG_SWEEP_PING, &k, n, iot_detect_addr_fold(&p->dst), p, dev,
                cfg->scan_hosts, cfg->scan_window);
}

void iot_detect_scan(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     enum iot_flow_dir dir, const struct iot_device *dev)
{
    if (p->flags & (IOT_PKT_HAS_ICMPV4 | IOT_PKT_HAS_ICMPV6)) {
        ping_sweep(d, p, dev);
        return;
    }
    bool tcp = (p->flags & IOT_PKT_HAS_TCP) != 0, udp = (p->flags & IOT_PKT_HAS_UDP) != 0;
    uint8_t fl = p->tcp_flags & (TH_SYN | TH_ACK);
    if ((tcp && fl == (TH_SYN | TH_ACK)) ||
        (udp && f != NULL && dir == IOT_DIR_TOCLIENT && f->pkts[dir] == 1)) {
        note_answer(d, p);
        return;
    }
    /* A UDP probe is small (nmap's are empty or a protocol's minimal request); a datagram with
     * a large payload to a random port is a flood, which detect-flood reports as such. */
    bool probe = (tcp && fl == TH_SYN) ||
                 (udp && f != NULL && dir == IOT_DIR_TOSERVER && f->pkts[dir] == 1 &&
                  p->payload_len <= SCAN_UDP_PROBE_MAX);
    if (!probe || !unicast_target(p))
        return;
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    struct scan_key k;
    size_t n = key_make(&k, KEY_HORIZONTAL, p->ip_ver, &p->src, NULL, p->dp);
    count_probe(d, IOT_SIG_SCAN_HORIZONTAL, &k, n, iot_detect_addr_fold(&p->dst), p, dev, cfg->scan_hosts,
                cfg->scan_window);
    n = key_make(&k, KEY_VERTICAL, p->ip_ver, &p->src, &p->dst, 0);
    count_probe(d, IOT_SIG_SCAN_VERTICAL, &k, n, p->dp, p, dev, cfg->scan_ports, cfg->scan_window);
}
