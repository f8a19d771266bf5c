/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Output: a bounded reorder heap that writes frames to the pcap in time order, and the truth JSON. */
#include "iotsec-common.h"

#include <jansson.h>

#include "sim.h"

static const char *const att_names[SIM_ATT_COUNT] = {
    [SIM_ATT_MIRAI_SCAN] = "mirai_scan",
    [SIM_ATT_TELNET_BRUTE] = "telnet_bruteforce",
    [SIM_ATT_SSH_BRUTE] = "ssh_bruteforce",
    [SIM_ATT_LOADER] = "loader",
    [SIM_ATT_C2] = "c2",
    [SIM_ATT_C2_CALLHOME] = "c2_callhome",
    [SIM_ATT_UDP_FLOOD] = "udp_flood",
    [SIM_ATT_SYN_FLOOD] = "syn_flood",
    [SIM_ATT_GRE_FLOOD] = "gre_flood",
    [SIM_ATT_HTTP_FLOOD] = "http_flood",
    [SIM_ATT_CLEAR_HTTP] = "cleartext_http_basic",
    [SIM_ATT_CLEAR_FTP] = "cleartext_ftp",
    [SIM_ATT_CLEAR_TELNET] = "cleartext_telnet",
    [SIM_ATT_CLEAR_MQTT] = "cleartext_mqtt",
    [SIM_ATT_CLEAR_POP3] = "cleartext_pop3",
};

int sim_writer_open(struct sim *s)
{
    s->pd = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
    if (s->pd == NULL) {
        fprintf(stderr, "iotsec-sim: %s: cannot create pcap handle\n", s->opt.out);
        return -1;
    }
    s->dumper = pcap_dump_open(s->pd, s->opt.out);
    if (s->dumper == NULL) {
        fprintf(stderr, "iotsec-sim: %s: %s\n", s->opt.out, pcap_geterr(s->pd));
        pcap_close(s->pd);
        s->pd = NULL;
        return -1;
    }
    return 0;
}

static bool pkt_less(const struct sim_pkt *a, const struct sim_pkt *b)
{
    return a->ts < b->ts || (a->ts == b->ts && a->seq < b->seq);
}

/* Packets of one burst may lie in the future; the heap holds them until the scheduler passes them. */
void sim_emit(struct sim *s, uint64_t ts, int tag, const uint8_t *frame, size_t len)
{
    if (len > SIM_FRAME_MAX + 4)
        sim_fatal("frame too long");
    struct sim_pkt *p = malloc(sizeof(*p) + len);
    if (p == NULL)
        sim_fatal("out of memory (packet)");
    p->ts = ts < s->now ? s->now : ts;
    p->seq = s->pkt_seq++;
    p->tag = (int16_t)tag;
    p->len = (uint16_t)len;
    memcpy(p->data, frame, len);
    if (s->npq == s->cap_pq) {
        size_t cap = s->cap_pq ? s->cap_pq * 2 : 4096;
        struct sim_pkt **n = realloc(s->pq, cap * sizeof(*n));
        if (n == NULL)
            sim_fatal("out of memory (reorder heap)");
        s->pq = n;
        s->cap_pq = cap;
    }
    size_t i = s->npq++;
    while (i > 0 && pkt_less(p, s->pq[(i - 1) / 2])) {
        s->pq[i] = s->pq[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    s->pq[i] = p;
}

static struct sim_pkt *pq_pop(struct sim *s)
{
    struct sim_pkt *top = s->pq[0], *last = s->pq[--s->npq];
    size_t i = 0, n = s->npq;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        const struct sim_pkt *best = last;
        if (l < n && pkt_less(s->pq[l], best)) {
            m = l;
            best = s->pq[l];
        }
        if (l + 1 < n && pkt_less(s->pq[l + 1], best))
            m = l + 1;
        if (m == i)
            break;
        s->pq[i] = s->pq[m];
        i = m;
    }
    if (n > 0)
        s->pq[i] = last;
    return top;
}

bool sim_done(const struct sim *s)
{
    return s->io_error || (s->opt.packets && s->written >= s->opt.packets);
}

/* Truth counts are taken here, as frames are written, so they match the pcap exactly. */
static void write_one(struct sim *s, const struct sim_pkt *p)
{
    struct pcap_pkthdr h;
    memset(&h, 0, sizeof(h));
    h.ts.tv_sec = (time_t)(p->ts / SIM_US);
    h.ts.tv_usec = (suseconds_t)(p->ts % SIM_US);
    h.caplen = h.len = p->len;
    pcap_dump((u_char *)s->dumper, &h, p->data);
    s->written++;
    s->last_ts = p->ts;
    if (p->tag >= 0 && p->tag < SIM_ATT_COUNT) {
        struct sim_att_rec *r = &s->att[p->tag];
        if (r->packets++ == 0)
            r->first = p->ts;
        r->last = p->ts;
    }
}

void sim_writer_flush(struct sim *s, uint64_t upto)
{
    while (s->npq > 0 && s->pq[0]->ts <= upto && !sim_done(s)) {
        struct sim_pkt *p = pq_pop(s);
        write_one(s, p);
        free(p);
    }
}

int sim_writer_close(struct sim *s)
{
    int rc = 0;
    while (s->npq > 0)
        free(pq_pop(s));
    free(s->pq);
    s->pq = NULL;
    if (s->dumper) {
        if (pcap_dump_flush(s->dumper) != 0 || ferror(pcap_dump_file(s->dumper)))
            rc = -1;
        pcap_dump_close(s->dumper);
        s->dumper = NULL;
    }
    if (s->pd)
        pcap_close(s->pd);
    s->pd = NULL;
    if (rc != 0)
        fprintf(stderr, "iotsec-sim: %s: write failed\n", s->opt.out);
    return rc;
}

void sim_att_target(struct sim *s, enum sim_att a, uint32_t ip)
{
    struct sim_att_rec *r = &s->att[a];
    for (size_t i = 0; i < r->ntargets; i++)
        if (r->targets[i] == ip)
            return;
    if (r->ntargets < SIM_MAX_TARGETS)
        r->targets[r->ntargets++] = ip;
}

void sim_att_source(struct sim *s, enum sim_att a, const struct sim_host *h)
{
    s->att[a].src = h->ip;
    memcpy(s->att[a].src_mac, h->mac, 6);
}

static json_t *ip_json(uint32_t ip)
{
    char buf[16];
    sim_ip_str(ip, buf, sizeof(buf));
    return json_string(buf);
}

static json_t *mac_json(const uint8_t *mac)
{
    char buf[18];
    sim_mac_str(mac, buf, sizeof(buf));
    return json_string(buf);
}

/* Seconds with microseconds; printed with 16 significant digits so no binary noise shows. */
static json_t *ts_json(uint64_t us)
{
    return json_real((double)(us / SIM_US) + (double)(us % SIM_US) / 1e6);
}

static json_t *device_json(const struct sim_profile *p, const struct sim_host *h, const char *host)
{
    json_t *o = json_object();
    json_object_set_new(o, "mac", mac_json(h->mac));
    json_object_set_new(o, "ip", ip_json(h->ip));
    json_object_set_new(o, "kind", json_string(p->kind));
    json_object_set_new(o, "vendor", json_string(p->vendor));
    json_object_set_new(o, "model", json_string(p->model));
    json_object_set_new(o, "hostname", json_string(host));
    json_object_set_new(o, "os", json_string(p->os));
    json_object_set_new(o, "dhcp_fingerprint", p->dhcp_prl ? json_string(p->dhcp_prl) : json_null());
    json_object_set_new(o, "dhcp_vendor_class", p->dhcp_vc ? json_string(p->dhcp_vc) : json_null());
    return o;
}

static json_t *attack_json(const struct sim *s, size_t i)
{
    const struct sim_att_rec *r = &s->att[i];
    json_t *o = json_object(), *t = json_array();
    json_object_set_new(o, "kind", json_string(att_names[i]));
    json_object_set_new(o, "start", ts_json(r->first));
    json_object_set_new(o, "end", ts_json(r->last));
    json_object_set_new(o, "source", ip_json(r->src));
    json_object_set_new(o, "source_mac", mac_json(r->src_mac));
    for (size_t k = 0; k < r->ntargets; k++)
        json_array_append_new(t, ip_json(r->targets[k]));
    json_object_set_new(o, "targets", t);
    json_object_set_new(o, "packets", json_integer((json_int_t)r->packets));
    json_object_set_new(o, "details",
                        r->details ? json_incref((json_t *)r->details) : json_object());
    return o;
}

static json_t *truth_json(struct sim *s)
{
    json_t *o = json_object(), *devs = json_array(), *atts = json_array();
    uint64_t end = s->opt.packets ? s->last_ts / SIM_US + 1 : s->end_us / SIM_US;
    json_object_set_new(o, "generator", json_string("iotsec-sim"));
    json_object_set_new(o, "version", json_integer(1));
    json_object_set_new(o, "seed", json_integer((json_int_t)s->opt.seed));
    json_object_set_new(o, "scenario", json_string(s->opt.scenario_name));
    json_object_set_new(o, "start", json_integer((json_int_t)s->opt.start));
    json_object_set_new(o, "end", json_integer((json_int_t)end));
    json_object_set_new(o, "packets", json_integer((json_int_t)s->written));
    json_object_set_new(o, "network", json_string("192.168.1.0/24"));
    json_array_append_new(devs, device_json(&sim_router_profile, &s->router, "router"));
    for (size_t i = 0; i < s->ndev; i++)
        json_array_append_new(devs, device_json(s->dev[i].p, &s->dev[i].h, s->dev[i].hostname));
    json_object_set_new(o, "devices", devs);
    sim_attack_details(s);
    for (size_t i = 0; i < SIM_ATT_COUNT; i++)
        if (s->att[i].packets > 0)
            json_array_append_new(atts, attack_json(s, i));
    json_object_set_new(o, "attacks", atts);
    return o;
}

int sim_truth_write(struct sim *s)
{
    json_t *o = truth_json(s);
    int rc = json_dump_file(o, s->opt.truth,
                            JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(16));
    json_decref(o);
    for (size_t i = 0; i < SIM_ATT_COUNT; i++) {
        json_decref((json_t *)s->att[i].details);
        s->att[i].details = NULL;
    }
    if (rc != 0) {
        fprintf(stderr, "iotsec-sim: %s: cannot write ground truth\n", s->opt.truth);
        return -1;
    }
    return 0;
}
