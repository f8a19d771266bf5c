/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ELF executables in downloads. */
#include "iotsec-common.h"
#include "detect/detect-download.h"

#include <arpa/inet.h>

#include "detect/detect-c2.h"

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

/* Host: "1.2.3.4", "1.2.3.4:8080", "[2001:db8::1]", or nothing. */
static bool bare_address(const char *host)
{
    if (host[0] == '\0' || host[0] == '[')
        return true;
    char buf[64];
    size_t n = strcspn(host, ":");
    if (n >= sizeof(buf))
        return false;
    memcpy(buf, host, n);
    buf[n] = '\0';
    struct in_addr a;
    return inet_pton(AF_INET, buf, &a) == 1;
}

static size_t flow_key(uint8_t k[9], const struct iot_flow *f)
{
    k[0] = 'X';
    memcpy(k + 1, &f->id, sizeof(f->id));
    return 1 + sizeof(f->id);
}

void iot_detect_download_request(struct iot_detect *d, const struct iot_packet *p,
                                 const struct iot_flow *f, const char *host)
{
    uint8_t k[9];
    if (f != NULL && bare_address(host))
        iot_track_get(iot_detect_track(d), k, flow_key(k, f), p->ts, UINT32_MAX);
}

/* A loader's download: TFTP, a bare-address host, or a device a loader just logged in to. */
static bool loader_download(struct iot_detect *d, const struct iot_packet *p,
                            const struct iot_flow *f, const char *via)
{
    uint8_t k[9];
    if (strcmp(via, "TFTP") == 0 || f == NULL ||
        iot_track_find(iot_detect_track(d), k, flow_key(k, f)) != NULL)
        return true;
    return iot_detect_c2_compromised(d, &p->dst, p->ip_ver, p->ts);
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
    if (loader_download(d, p, f, via))
        snprintf(a.explain, sizeof(a.explain),
                 "%s downloaded an executable built for %s from %s:%u over %s, the way a "
                 "malware loader installs its bot. Treat it as compromised.",
                 who, cpu, srv, p->sp, via);
    else {
        a.sig = IOT_SIG_ELF_PLAIN_HTTP;
        snprintf(a.explain, sizeof(a.explain),
                 "%s downloaded an executable built for %s from %s:%u over plain HTTP, from a "
                 "named host (a vendor's update, most likely): code fetched without TLS can be "
                 "swapped on the way; ask the vendor for signed updates over HTTPS.",
                 who, cpu, srv, p->sp);
    }
    iot_detect_raise(d, &a);
}
