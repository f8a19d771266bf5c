/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ARP spoofing: one MAC, several claimed addresses. */
#include "iotsec-common.h"
#include "detect/detect-arp-spoof.h"

#include <arpa/inet.h>

#define ARP_CLAIM_WINDOW 60

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

void iot_detect_arp_spoof(struct iot_detect *d, const struct iot_packet *p,
                          const struct iot_device *dev)
{
    uint32_t spa = ip4(p->arp.spa);
    if ((p->arp.op != 1 && p->arp.op != 2) || spa == 0)
        return;
    struct {
        uint8_t type;
        uint8_t mac[6];
    } k = {'S', {0}};
    memcpy(k.mac, p->arp.sha, 6);
    struct iot_track_entry *e =
        iot_track_get(iot_detect_track(d), &k, sizeof(k), p->ts, ARP_CLAIM_WINDOW);
    struct iot_packet q = *p; /* with its addresses as the IP 5-tuple would show them */
    q.ip_ver = 4;
    memset(&q.src, 0, sizeof(q.src));
    memset(&q.dst, 0, sizeof(q.dst));
    memcpy(q.src.b, p->arp.spa, 4);
    memcpy(q.dst.b, p->arp.tpa, 4);
    static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    bool directed = p->arp.op == 2 || memcmp(p->dst_mac, bcast, 6) != 0;
    /* A claim of a second address in the same /24 as an earlier one: a device that moved from
     * its factory address (192.168.0.20) to its DHCP lease (10.10.10.37) is not spoofing. */
    uint32_t other = 0;
    for (unsigned i = 0; i < e->ndistinct && other == 0; i++)
        if (e->distinct[i] != spa && (e->distinct[i] >> 8) == (spa >> 8))
            other = e->distinct[i];
    if (iot_track_distinct(e, spa))
        iot_track_sample(e, &q);
    e->count++;
    e->aux |= directed;
    if (e->alerted || other == 0 || !e->aux)
        return;
    e->alerted = true;
    struct iot_alert a = {.sig = IOT_SIG_SPOOF_ARP, .p = &q, .dev = dev, .ev = e,
                          .threshold = 2, .window_sec = ARP_CLAIM_WINDOW};
    char first[16], second[16];
    format_ip4(other, first, sizeof(first));
    format_ip4(spa, second, sizeof(second));
    snprintf(a.explain, sizeof(a.explain),
             "%02x:%02x:%02x:%02x:%02x:%02x claimed both %s and %s in its ARP packets within "
             "%u s, some told to a single host: it is poisoning ARP caches to put itself in "
             "the middle (usually posing as the gateway); find that MAC's switch port.",
             p->arp.sha[0], p->arp.sha[1], p->arp.sha[2], p->arp.sha[3], p->arp.sha[4],
             p->arp.sha[5], first, second, ARP_CLAIM_WINDOW);
    iot_detect_raise(d, &a);
}
