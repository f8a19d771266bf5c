/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ARP spoofing: unsolicited replies that claim someone else's address. */
#include "iotsec-common.h"
#include "detect/detect-arp-spoof.h"

#include <arpa/inet.h>

#define ARP_CLAIM_WINDOW 60
/* A reply this soon after a matching request answers it. */
#define ARP_ANSWER_SECONDS 10

static uint32_t ip4(const uint8_t b[4])
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void format_ip4(uint32_t v, char *buf, size_t len)
{
    struct in_addr a = {htonl(v)};
    if (inet_ntop(AF_INET, &a, buf, (socklen_t)len) == NULL)
        snprintf(buf, len, "?");
}

/* Requests remembered by (asker, asked-for address), so a reply can be told answered or not. */
static struct iot_track_entry *request_entry(struct iot_detect *d, const uint8_t asker[4],
                                             const uint8_t wanted[4], struct iot_ts ts, bool create)
{
    uint8_t k[9] = {'Q'};
    memcpy(k + 1, asker, 4);
    memcpy(k + 5, wanted, 4);
    return create ? iot_track_get(iot_detect_track(d), k, sizeof(k), ts, ARP_ANSWER_SECONDS)
                  : iot_track_find(iot_detect_track(d), k, sizeof(k));
}

/* The MAC that first claimed addr in the claim window (6 bytes in distinct[0..1]); binds it when
 * none did. Returns true, with *owner set, when another MAC holds it. */
static bool held_by_other(struct iot_detect *d, const struct iot_packet *p, uint8_t owner[6])
{
    uint8_t k[5] = {'M'};
    memcpy(k + 1, p->arp.spa, 4);
    struct iot_track_entry *e =
        iot_track_get(iot_detect_track(d), k, sizeof(k), p->ts, ARP_CLAIM_WINDOW);
    if (e->count == 0) {
        memcpy(&e->distinct[0], p->arp.sha, 4);
        memcpy(&e->distinct[1], p->arp.sha + 4, 2);
    }
    e->count++;
    memcpy(owner, &e->distinct[0], 4);
    memcpy(owner + 4, &e->distinct[1], 2);
    return memcmp(owner, p->arp.sha, 6) != 0;
}

static void raise_spoof(struct iot_detect *d, const struct iot_packet *p,
                        const struct iot_device *dev, struct iot_track_entry *e,
                        const char *why)
{
    e->alerted = true;
    struct iot_packet q = *p; /* with its addresses as the IP 5-tuple would show them */
    q.ip_ver = 4;
    memset(&q.src, 0, sizeof(q.src));
    memset(&q.dst, 0, sizeof(q.dst));
    memcpy(q.src.b, p->arp.spa, 4);
    memcpy(q.dst.b, p->arp.tpa, 4);
    struct iot_alert a = {.sig = IOT_SIG_SPOOF_ARP, .p = &q, .dev = dev, .ev = e,
                          .threshold = 1, .window_sec = ARP_CLAIM_WINDOW};
    snprintf(a.explain, sizeof(a.explain),
             "%02x:%02x:%02x:%02x:%02x:%02x %s: it is poisoning ARP caches to put itself in the "
             "middle (usually posing as the gateway); find that MAC's switch port.",
             p->arp.sha[0], p->arp.sha[1], p->arp.sha[2], p->arp.sha[3], p->arp.sha[4],
             p->arp.sha[5], why);
    iot_detect_raise(d, &a);
}

void iot_detect_arp_spoof(struct iot_detect *d, const struct iot_packet *p,
                          const struct iot_device *dev)
{
    uint32_t spa = ip4(p->arp.spa);
    if ((p->arp.op != 1 && p->arp.op != 2) || spa == 0)
        return;
    uint8_t owner[6];
    bool other = held_by_other(d, p, owner);
    if (p->arp.op == 1) {
        request_entry(d, p->arp.spa, p->arp.tpa, p->ts, true);
    }
    struct {
        uint8_t type;
        uint8_t mac[6];
    } k = {'S', {0}};
    memcpy(k.mac, p->arp.sha, 6);
    struct iot_track_entry *e =
        iot_track_get(iot_detect_track(d), &k, sizeof(k), p->ts, ARP_CLAIM_WINDOW);
    if (iot_track_distinct(e, spa))
        iot_track_sample(e, p);
    e->count++;
    /* A reply nobody asked for, not a gratuitous announcement of one's own address. */
    const struct iot_track_entry *req =
        p->arp.op == 2 ? request_entry(d, p->arp.tpa, p->arp.spa, p->ts, false) : NULL;
    bool unasked = p->arp.op == 2 && spa != ip4(p->arp.tpa) &&
                   (req == NULL || p->ts.sec - req->last.sec > ARP_ANSWER_SECONDS);
    e->aux |= unasked;
    if (e->alerted || !e->aux)
        return;
    char why[160], ip[16], victim[16];
    format_ip4(ip4(p->arp.tpa), victim, sizeof(victim));
    format_ip4(spa, ip, sizeof(ip));
    if (unasked && other) {
        snprintf(why, sizeof(why),
                 "told %s, unasked, that it is %s, which %02x:%02x:%02x:%02x:%02x:%02x announced "
                 "before",
                 victim, ip, owner[0], owner[1], owner[2], owner[3], owner[4], owner[5]);
        raise_spoof(d, p, dev, e, why);
        return;
    }
    /* Or: it also claims another address of the same /24 (its own): a device moving from its
     * factory address to a DHCP lease changes subnet. */
    for (unsigned i = 0; i < e->ndistinct; i++) {
        if (e->distinct[i] == spa || (e->distinct[i] >> 8) != (spa >> 8))
            continue;
        char other_ip[16];
        format_ip4(e->distinct[i], other_ip, sizeof(other_ip));
        snprintf(why, sizeof(why),
                 "claimed both %s and %s within %u s, in ARP replies nobody asked for among them",
                 other_ip, ip, ARP_CLAIM_WINDOW);
        raise_spoof(d, p, dev, e, why);
        return;
    }
}
