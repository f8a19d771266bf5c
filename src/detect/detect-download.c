/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ELF executables in downloads. */
#include "iotsec-common.h"
#include "detect/detect-download.h"

/* e_machine (ELF header offset 18) of the CPUs IoT malware is built for. */
static const char *cpu_name(unsigned machine)
{
    switch (machine) {
    case 2: return "SPARC";
    case 3: return "x86";
    case 4: return "m68k";
    case 8: return "MIPS";
    case 20: return "PowerPC";
    case 40: return "ARM";
    case 42: return "SuperH";
    case 62: return "x86-64";
    case 183: return "AArch64";
    default: return NULL;
    }
}

void iot_detect_download(struct iot_detect *d, const struct iot_packet *p,
                         const struct iot_flow *f, const struct iot_device *client,
                         const char *via, const uint8_t *data, size_t len)
{
    if (len < 4 || memcmp(data, "\x7f" "ELF", 4) != 0)
        return;
    char cpu[48] = "an unknown CPU";
    if (len >= 20 && (data[5] == 1 || data[5] == 2)) { /* EI_DATA: 1 little, 2 big endian */
        unsigned m = data[5] == 1 ? (unsigned)(data[18] | data[19] << 8)
                                  : (unsigned)(data[18] << 8 | data[19]);
        const char *name = cpu_name(m);
        if (name != NULL)
            snprintf(cpu, sizeof(cpu), "%s", name);
        else
            snprintf(cpu, sizeof(cpu), "machine %u", m);
    }
    /* The packet carries the file from the server: the alert is about its receiver. */
    struct iot_packet q = *p;
    q.src = p->dst;
    q.dst = p->src;
    q.sp = p->dp;
    q.dp = p->sp;
    char who[160], srv[64];
    iot_detect_name_sender(&q, client, who, sizeof(who));
    iot_detect_format_addr(&p->src, p->ip_ver, srv, sizeof(srv));
    struct iot_alert a = {.sig = IOT_SIG_ELF_DOWNLOAD, .p = p, .f = f, .dev = client,
                          .subject = &p->dst, .threshold = 1};
    snprintf(a.explain, sizeof(a.explain),
             "%s downloaded an executable built for %s from %s:%u over %s: IoT devices do not "
             "fetch programs; a loader is installing malware on it. Treat it as compromised.",
             who, cpu, srv, p->sp, via);
    iot_detect_raise(d, &a);
}
