/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mirai's stateless scanner sets each SYN's sequence number to the target's IPv4 address. */
#include "iotsec-common.h"
#include "detect/detect-mirai-scan.h"

#include <inttypes.h>

static double span_seconds(const struct iot_track_entry *e)
{
    return (double)(e->last.sec - e->start.sec) + ((double)e->last.nsec - (double)e->start.nsec) / 1e9;
}

void iot_detect_mirai_scan(struct iot_detect *d, const struct iot_packet *p,
                           const struct iot_device *dev)
{
    if (p->ip_ver != 4)
        return;
    uint32_t dst = (uint32_t)p->dst.b[0] << 24 | (uint32_t)p->dst.b[1] << 16 |
                   (uint32_t)p->dst.b[2] << 8 | p->dst.b[3];
    if (p->tcp_seq != dst)
        return;
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    uint8_t key[5] = {'M', p->src.b[0], p->src.b[1], p->src.b[2], p->src.b[3]};
    struct iot_track_entry *e = iot_track_get(iot_detect_track(d), key, sizeof(key), p->ts,
                                              cfg->mirai_window);
    e->count++;
    iot_track_distinct(e, dst);
    iot_track_sample(e, p);
    if (e->alerted || e->count < cfg->mirai_min_syns)
        return;
    e->alerted = true;
    struct iot_alert a = {.sig = IOT_SIG_MIRAI_SCAN, .p = p, .dev = dev, .ev = e,
                          .threshold = cfg->mirai_min_syns, .window_sec = cfg->mirai_window};
    char who[160];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    snprintf(a.explain, sizeof(a.explain),
             "%s sent %" PRIu64 " TCP SYNs to %u hosts (port %u and others) in %.3f s, each with "
             "the target's address as sequence number, as Mirai's scanner does: the device is "
             "probably infected; isolate it, reset it and change its password.",
             who, e->count, e->ndistinct, p->dp, span_seconds(e));
    iot_detect_raise(d, &a);
}
