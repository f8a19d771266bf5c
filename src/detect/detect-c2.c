/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mirai's C2 hello. */
#include "iotsec-common.h"
#include "detect/detect-c2.h"

/* The client's first payloads only: the hello comes right after the handshake. */
#define C2_FIRST_PACKETS 4
#define MIRAI_ID_MAX 32

void iot_detect_c2(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                   enum iot_flow_dir dir, const struct iot_device *dev)
{
    const uint8_t *b = p->payload;
    uint32_t n = p->payload_len;
    if (dir != IOT_DIR_TOSERVER || f->pkts[dir] > C2_FIRST_PACKETS || n < 5 ||
        n > 5 + MIRAI_ID_MAX || b[0] != 0 || b[1] != 0 || b[2] != 0 || b[3] != 1 ||
        n != 5u + b[4])
        return;
    struct iot_alert a = {.sig = IOT_SIG_C2_MIRAI, .p = p, .f = f, .dev = dev, .threshold = 1};
    char who[160], c2[64];
    iot_detect_name_sender(p, dev, who, sizeof(who));
    iot_detect_format_addr(&p->dst, p->ip_ver, c2, sizeof(c2));
    snprintf(a.explain, sizeof(a.explain),
             "%s connected to %s:%u and sent Mirai's bot hello (00 00 00 01, an id of %u bytes): "
             "it reports to a botnet's command-and-control server; block %s and reset the device.",
             who, c2, p->dp, b[4], c2);
    iot_detect_raise(d, &a);
}
