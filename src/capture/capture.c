/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libpcap wrapper for files, standard input and live interfaces. */
#include "iotsec-common.h"
#include "capture/capture.h"

#include <pcap/pcap.h>
#include <signal.h>

#include "util/util-mem.h"
#include "util/util-misc.h"

struct iot_capture {
    pcap_t *pc;
    int linktype;
    bool live;
    volatile sig_atomic_t stop;
    uint64_t packets, bytes;
    char source[256];
};

static int capture_check_link(struct iot_capture *c, char *err, size_t errlen)
{
    c->linktype = pcap_datalink(c->pc);
    if (iot_linktype_supported(c->linktype))
        return IOT_OK;
    const char *name = pcap_datalink_val_to_name(c->linktype);
    snprintf(err, errlen, "%s: unsupported link type %d (%s); iotsec reads EN10MB, LINUX_SLL, "
             "LINUX_SLL2, RAW, IPV4, IPV6, NULL and LOOP", c->source, c->linktype,
             name ? name : "unknown");
    return IOT_ERR_UNSUPPORTED;
}

/* Shared tail of the two offline openers: c->pc is set or perr says why not. */
static int capture_finish_offline(struct iot_capture **out, struct iot_capture *c,
                                  const char *perr, char *err, size_t errlen)
{
    if (c->pc == NULL) {
        snprintf(err, errlen, "%s: not a readable pcap or pcapng capture: %s", c->source, perr);
        iot_free(c);
        return IOT_ERR_INPUT;
    }
    int rc = capture_check_link(c, err, errlen);
    if (rc != IOT_OK) {
        iot_capture_close(c);
        return rc;
    }
    *out = c;
    return IOT_OK;
}

static struct iot_capture *capture_alloc(const char *name, char *err, size_t errlen)
{
    struct iot_capture *c = iot_calloc(1, sizeof(*c));
    if (c == NULL)
        snprintf(err, errlen, "%s: out of memory", name);
    else
        iot_strlcpy(c->source, name, sizeof(c->source));
    return c;
}

int iot_capture_open_file(struct iot_capture **out, const char *path, char *err, size_t errlen)
{
    *out = NULL;
    struct iot_capture *c = capture_alloc(strcmp(path, "-") == 0 ? "<stdin>" : path, err, errlen);
    if (c == NULL)
        return IOT_ERR_NOMEM;
    char perr[PCAP_ERRBUF_SIZE] = "";
    /* Nanosecond precision for every file: microsecond files convert exactly, and nanosecond
     * pcapng keeps its resolution. */
    c->pc = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, perr);
    return capture_finish_offline(out, c, perr, err, errlen);
}

int iot_capture_open_stream(struct iot_capture **out, FILE *fp, const char *name, char *err,
                            size_t errlen)
{
    *out = NULL;
    struct iot_capture *c = capture_alloc(name, err, errlen);
    if (c == NULL) {
        fclose(fp);
        return IOT_ERR_NOMEM;
    }
    char perr[PCAP_ERRBUF_SIZE] = "";
    c->pc = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, perr);
    if (c->pc == NULL)
        fclose(fp); /* on failure libpcap leaves the stream to us */
    return capture_finish_offline(out, c, perr, err, errlen);
}

int iot_capture_open_live(struct iot_capture **out, const char *iface, const char *bpf,
                          int snaplen, char *err, size_t errlen)
{
    *out = NULL;
    struct iot_capture *c = iot_calloc(1, sizeof(*c));
    if (c == NULL) {
        snprintf(err, errlen, "%s: out of memory", iface);
        return IOT_ERR_NOMEM;
    }
    c->live = true;
    iot_strlcpy(c->source, iface, sizeof(c->source));
    char perr[PCAP_ERRBUF_SIZE] = "";
    int rc = IOT_ERR_IO;
    c->pc = pcap_create(iface, perr);
    if (c->pc == NULL) {
        snprintf(err, errlen, "%s: %s", iface, perr);
        goto out;
    }
    /* A short buffer timeout keeps latency low on a quiet network and lets stop requests in. */
    if (pcap_set_snaplen(c->pc, snaplen) != 0 || pcap_set_promisc(c->pc, 1) != 0 ||
        pcap_set_timeout(c->pc, 100) != 0 ||
        pcap_set_tstamp_precision(c->pc, PCAP_TSTAMP_PRECISION_NANO) != 0) {
        /* Nanosecond stamps are optional: fall back to microseconds. */
        pcap_set_tstamp_precision(c->pc, PCAP_TSTAMP_PRECISION_MICRO);
    }
    int arc = pcap_activate(c->pc);
    if (arc < 0) {
        snprintf(err, errlen, "%s: cannot capture: %s", iface, pcap_geterr(c->pc));
        goto out;
    }
    if (bpf != NULL && bpf[0] != '\0') {
        struct bpf_program prog;
        if (pcap_compile(c->pc, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) != 0) {
            snprintf(err, errlen, "%s: bad BPF filter '%s': %s", iface, bpf, pcap_geterr(c->pc));
            rc = IOT_ERR_USAGE;
            goto out;
        }
        int frc = pcap_setfilter(c->pc, &prog);
        pcap_freecode(&prog);
        if (frc != 0) {
            snprintf(err, errlen, "%s: cannot set BPF filter: %s", iface, pcap_geterr(c->pc));
            goto out;
        }
    }
    rc = capture_check_link(c, err, errlen);
    if (rc != IOT_OK)
        goto out;
    *out = c;
    return IOT_OK;
out:
    iot_capture_close(c);
    return rc;
}

/* Packet time from the record. A file can hold any 64-bit second (pcapng's if_tsoffset) and any
 * sub-second field (libpcap checks neither), and arithmetic on such values overflows: times
 * are normalised, then clamped to 1970..9999, and the packet is flagged so the decoder counts
 * decoder.pkt.ts_invalid. */
static void capture_set_ts(const struct iot_capture *c, struct iot_packet *p,
                           const struct pcap_pkthdr *h)
{
    const int64_t max_sec = 253402300799; /* 9999-12-31T23:59:59Z */
    int64_t sec = (int64_t)h->ts.tv_sec;
    int64_t sub = (int64_t)h->ts.tv_usec;
    /* With nanosecond precision libpcap puts nanoseconds in tv_usec. */
    bool micro = c->live && pcap_get_tstamp_precision(c->pc) == PCAP_TSTAMP_PRECISION_MICRO;
    int64_t per_sec = micro ? 1000000 : 1000000000;
    bool bad = false;
    if (sub < 0 || sub >= per_sec) {
        bad = true;
        if (sub < 0 || sec > max_sec)
            sub = 0;
        sec += sub / per_sec;
        sub %= per_sec;
    }
    if (sec < 0 || sec > max_sec) {
        bad = true;
        sec = sec < 0 ? 0 : max_sec;
    }
    p->ts.sec = sec;
    p->ts.nsec = (uint32_t)(micro ? sub * 1000 : sub);
    if (bad)
        p->flags |= IOT_PKT_TS_INVALID;
}

int iot_capture_next(struct iot_capture *c, struct iot_packet *p, char *err, size_t errlen)
{
    for (;;) {
        if (c->stop)
            return 0;
        struct pcap_pkthdr *h;
        const u_char *data;
        int rc = pcap_next_ex(c->pc, &h, &data);
        if (rc == 0)
            continue; /* live timeout: nothing arrived, check for a stop request */
        if (rc == PCAP_ERROR_BREAK)
            return 0;
        if (rc < 0) {
            snprintf(err, errlen, "%s: damaged capture after %llu packets: %s", c->source,
                     (unsigned long long)c->packets, pcap_geterr(c->pc));
            return c->live ? IOT_ERR_IO : IOT_ERR_INPUT;
        }
        memset(p, 0, sizeof(*p));
        p->data = data;
        p->caplen = h->caplen;
        p->wirelen = h->len < h->caplen ? h->caplen : h->len;
        p->linktype = c->linktype;
        capture_set_ts(c, p, h);
        c->packets++;
        c->bytes += h->caplen;
        p->num = c->packets;
        return 1;
    }
}

void iot_capture_stop(struct iot_capture *c)
{
    c->stop = 1;
    if (c->pc != NULL)
        pcap_breakloop(c->pc);
}

int iot_capture_linktype(const struct iot_capture *c)
{
    return c->linktype;
}

const char *iot_capture_source(const struct iot_capture *c)
{
    return c->source;
}

void iot_capture_get_stats(struct iot_capture *c, struct iot_capture_stats *st)
{
    memset(st, 0, sizeof(*st));
    st->packets = c->packets;
    st->bytes = c->bytes;
    struct pcap_stat ps;
    if (c->live && pcap_stats(c->pc, &ps) == 0) {
        st->kernel_drops = ps.ps_drop;
        st->iface_drops = ps.ps_ifdrop;
    }
}

void iot_capture_close(struct iot_capture *c)
{
    if (c == NULL)
        return;
    if (c->pc != NULL)
        pcap_close(c->pc);
    iot_free(c);
}
