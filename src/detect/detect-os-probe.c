/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OS fingerprinting by odd ICMP queries. */
#include "iotsec-common.h"
#include "detect/detect-os-probe.h"

#define ICMP_ECHO 8
#define ICMP_TIMESTAMP 13
#define ICMP_INFO 15
#define ICMP_MASK 17
#define PROBE_KINDS 2

/* The probe's kind (1..4), or 0 for ordinary ICMP. */
static unsigned probe_kind(const struct iot_packet *p)
{
    switch (p->icmp_type) {
    case ICMP_ECHO:
        return p->icmp_code != 0 ? 1 : 0;
    case ICMP_TIMESTAMP:
        return 2;
    case ICMP_INFO:
        return 3;
    case ICMP_MASK:
        return 4;
    default:
        return 0;
    }
}

static const char *const kind_names[] = {"", "echo with a non-zero code", "timestamp",
                                         "information", "address mask"};

void iot_detect_os_probe(struct iot_detect *d, const struct iot_packet *p,
                         const struct iot_device *dev)
{
    if (p->ip_ver != 4 || p->ip_proto != 1)
        return;
    unsigned kind = probe_kind(p);
    if (kind == 0)
        return;
    const struct iot_detect_config *cfg = iot_detect_cfg(d);
    struct {
        uint8_t type;
        uint8_t addr[4];
    } k = {'O', {p->src.b[0], p->src.b[1], p->src.b[2], p->src.b[3]}};
    struct iot_track_entry *e =
        iot_track_get(iot_detect_track(d), &k, sizeof(k), p->ts, cfg->scan_window);
    e->count++;
    if (iot_track_distinct(e, kind))
        iot_track_sample(e, p);
    if (e->alerted || e->ndistinct < PROBE_KINDS)
        return;
    e->alerted = true;
    struct iot_alert a = {.sig = IOT_SIG_OS_PROBE, .p = p, .dev = dev, .ev = e,
                          .threshold = PROBE_KINDS, .window_sec = cfg->scan_window};
    char who[160], target[64];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, target, sizeof(target));
    snprintf(a.explain, sizeof(a.explain),
             "%s sent ICMP %s and %s requests to %s within %u s: queries no modern system "
             "needs, sent to fingerprint the target's operating system (xprobe, nmap -O) before "
             "an attack.",
             who, kind_names[e->distinct[0]], kind_names[e->distinct[1]], target,
             cfg->scan_window);
    iot_detect_raise(d, &a);
}
