/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nDPI glue: per-flow detection state, give-up policy, verdict extraction. */
#include "iotsec-common.h"
#include "app/app-ndpi.h"

#include <ctype.h>
#include <ndpi/ndpi_api.h>

#include "util/util-mem.h"
#include "util/util-misc.h"

struct iot_ndpi {
    struct ndpi_detection_module_struct *mod;
    uint32_t max_tcp, max_udp;
    struct iot_ndpi_stats stats;
};

/* App state of one flow. nf is freed as soon as the verdict is final: it is most of the
 * per-flow memory (about 1 KiB) and a scan of a million one-packet flows must not keep it. */
struct ndpi_app {
    struct ndpi_flow_struct *nf;
    struct iot_ndpi_verdict v;
    uint32_t pkts;
    bool detected; /* nDPI named a protocol by inspection */
    bool final;    /* no more packets will be given */
    bool settled;  /* the verdict (give-up included) has been taken */
};

struct iot_ndpi *iot_ndpi_new(uint32_t max_tcp, uint32_t max_udp)
{
    struct iot_ndpi *n = iot_calloc(1, sizeof(*n));
    if (n == NULL)
        return NULL;
    n->mod = ndpi_init_detection_module(ndpi_no_prefs);
    if (n->mod == NULL) {
        iot_free(n);
        return NULL;
    }
    NDPI_PROTOCOL_BITMASK all;
    NDPI_BITMASK_SET_ALL(all);
    ndpi_set_protocol_detection_bitmask2(n->mod, &all);
    ndpi_finalize_initialization(n->mod);
    n->max_tcp = max_tcp;
    n->max_udp = max_udp;
    return n;
}

void iot_ndpi_free(struct iot_ndpi *n)
{
    if (n == NULL)
        return;
    ndpi_exit_detection_module(n->mod);
    iot_free(n);
}

static void app_release_nf(struct iot_flow_table *t, struct iot_flow *f, struct ndpi_app *a)
{
    if (a->nf == NULL)
        return;
    ndpi_free_flow(a->nf);
    a->nf = NULL;
    if (t != NULL)
        iot_flow_charge(t, f, -(int64_t)SIZEOF_FLOW_STRUCT);
}

static void app_take_verdict(struct ndpi_app *a, ndpi_protocol proto)
{
    a->v.master_id = proto.master_protocol;
    a->v.app_id = proto.app_protocol;
    a->v.category = (int)proto.category;
    a->v.risk = a->nf->risk;
    a->v.confidence = (int)a->nf->confidence;
    iot_strlcpy(a->v.hostname, a->nf->host_server_name, sizeof(a->v.hostname));
}

static struct ndpi_app *app_new(struct iot_ndpi *n, struct iot_flow_table *t, struct iot_flow *f)
{
    struct ndpi_app *a = iot_calloc(1, sizeof(*a));
    if (a == NULL)
        return NULL;
    a->nf = ndpi_flow_malloc(SIZEOF_FLOW_STRUCT);
    if (a->nf == NULL) {
        iot_free(a);
        return NULL;
    }
    memset(a->nf, 0, SIZEOF_FLOW_STRUCT);
    f->app = a;
    n->stats.flows++;
    iot_flow_charge(t, f, (int64_t)(sizeof(*a) + SIZEOF_FLOW_STRUCT));
    return a;
}

static void app_settle(struct iot_ndpi *n, struct iot_flow_table *t, struct iot_flow *f,
                       struct ndpi_app *a);

static bool app_budget_spent(const struct iot_ndpi *n, const struct iot_flow *f, uint32_t pkts)
{
    if (f->proto == 6)
        return pkts >= n->max_tcp;
    if (f->proto == 17)
        return pkts >= n->max_udp;
    /* ICMP and other protocols: nDPI decides on the first packets or never. */
    return pkts >= n->max_udp;
}

const struct iot_ndpi_verdict *iot_ndpi_process(struct iot_ndpi *n, struct iot_flow_table *t, struct iot_flow *f,
                      const struct iot_packet *p)
{
    struct ndpi_app *a = f->app;
    if (a == NULL) {
        a = app_new(n, t, f);
        if (a == NULL) {
            n->stats.alloc_failed++;
            return NULL;
        }
    }
    if (a->final)
        return NULL;
    if (p->l3_len > 0xFFFF) {
        n->stats.too_big++; /* nDPI takes a 16-bit length: a jumbogram is not for it */
        return NULL;
    }
    uint64_t ms = (uint64_t)(p->ts.sec * 1000 + p->ts.nsec / 1000000);
    ndpi_protocol proto =
        ndpi_detection_process_packet(n->mod, a->nf, p->l3, (unsigned short)p->l3_len, ms);
    a->pkts++;
    n->stats.pkts_inspected++;
    if (!a->detected && (proto.app_protocol != NDPI_PROTOCOL_UNKNOWN ||
                         proto.master_protocol != NDPI_PROTOCOL_UNKNOWN)) {
        a->detected = true;
        n->stats.detected++;
    }
    if (a->detected) {
        app_take_verdict(a, proto);
        if (!ndpi_extra_dissection_possible(n->mod, a->nf))
            a->final = true;
    }
    if (a->final && a->detected) {
        a->settled = true;
        app_release_nf(t, f, a);
    } else if (app_budget_spent(n, f, a->pkts)) {
        /* Settle now rather than at flow end: nDPI's per-flow buffers (a TLS record being
         * gathered can reach 64 KiB) must not outlive inspection for the flow's whole life. */
        app_settle(n, t, f, a);
    }
    return a->settled && a->detected ? &a->v : NULL;
}

/* Gives up on a flow nDPI has not named: its guess by port and IP, as ndpiReader does, then
 * nDPI's state goes. Called when the packet budget runs out and, for flows that end inside
 * their budget, at flow end. */
static void app_settle(struct iot_ndpi *n, struct iot_flow_table *t, struct iot_flow *f,
                       struct ndpi_app *a)
{
    uint8_t guessed = 0;
    ndpi_protocol proto = ndpi_detection_giveup(n->mod, a->nf, 1, &guessed);
    app_take_verdict(a, proto);
    a->v.guessed = guessed != 0;
    if (a->detected) {
        /* already counted when inspection named it */
    } else if (proto.app_protocol != NDPI_PROTOCOL_UNKNOWN ||
               proto.master_protocol != NDPI_PROTOCOL_UNKNOWN) {
        n->stats.guessed++;
    } else {
        n->stats.unknown++;
    }
    a->settled = true;
    a->final = true;
    app_release_nf(t, f, a);
}

const struct iot_ndpi_verdict *iot_ndpi_flow_verdict(struct iot_ndpi *n, struct iot_flow_table *t,
                                                     struct iot_flow *f)
{
    struct ndpi_app *a = f->app;
    if (a == NULL)
        return NULL;
    if (!a->settled && a->nf != NULL)
        app_settle(n, t, f, a);
    return &a->v;
}

void iot_ndpi_flow_free(struct iot_flow *f)
{
    struct ndpi_app *a = f->app;
    if (a == NULL)
        return;
    if (a->nf != NULL)
        ndpi_free_flow(a->nf);
    iot_free(a);
    f->app = NULL;
}

static ndpi_protocol verdict_proto(const struct iot_ndpi_verdict *v)
{
    ndpi_protocol p = NDPI_PROTOCOL_NULL;
    p.master_protocol = v->master_id;
    p.app_protocol = v->app_id;
    p.category = (ndpi_protocol_category_t)v->category;
    return p;
}

void iot_ndpi_proto_name(struct iot_ndpi *n, const struct iot_ndpi_verdict *v, char *buf,
                         size_t len)
{
    ndpi_protocol2name(n->mod, verdict_proto(v), buf, (u_int)len);
}

const char *iot_ndpi_id_name(struct iot_ndpi *n, uint16_t id)
{
    return ndpi_get_proto_name(n->mod, id);
}

const char *iot_ndpi_category_name(struct iot_ndpi *n, const struct iot_ndpi_verdict *v)
{
    return ndpi_category_get_name(n->mod, (ndpi_protocol_category_t)v->category);
}

const char *iot_ndpi_confidence_name(const struct iot_ndpi_verdict *v)
{
    return ndpi_confidence_get_name((ndpi_confidence_t)v->confidence);
}

void iot_ndpi_app_proto(struct iot_ndpi *n, const struct iot_ndpi_verdict *v, char *buf,
                        size_t len)
{
    /* EVE's app_proto names the protocol spoken (the master when there is one: TLS, not
     * Amazon), in lower case as Suricata writes it. */
    uint16_t id = v->master_id != NDPI_PROTOCOL_UNKNOWN ? v->master_id : v->app_id;
    const char *name = id == NDPI_PROTOCOL_UNKNOWN ? "failed" : ndpi_get_proto_name(n->mod, id);
    size_t i = 0;
    for (; name[i] != '\0' && i + 1 < len; i++)
        buf[i] = (char)tolower((unsigned char)name[i]);
    if (len > 0)
        buf[i] = '\0';
}

const char *iot_ndpi_risk_name(unsigned i)
{
    if (i == NDPI_NO_RISK || i >= NDPI_MAX_RISK)
        return NULL;
    return ndpi_risk2str((ndpi_risk_enum)i);
}

const struct iot_ndpi_stats *iot_ndpi_get_stats(const struct iot_ndpi *n)
{
    return &n->stats;
}
