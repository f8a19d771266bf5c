/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mDNS / DNS-SD (RFC 6762/6763) parser on top of the shared DNS wire reader. */
#include "iotsec-common.h"

#include "app/app-mdns.h"
#include "util/limits.h"
#include "util/util-cursor.h"
#include "util/util-misc.h"

static const char *const mdns_error_names[IOT_MDNS_ERR_MAX] = {
    [IOT_MDNS_ERR_NONE] = "app.mdns.none",         [IOT_MDNS_ERR_TRUNC] = "app.mdns.trunc",
    [IOT_MDNS_ERR_BAD_NAME] = "app.mdns.bad_name", [IOT_MDNS_ERR_BAD_RDATA] = "app.mdns.bad_rdata",
    [IOT_MDNS_ERR_OPCODE] = "app.mdns.bad_opcode", [IOT_MDNS_ERR_RCODE] = "app.mdns.bad_rcode",
};

const char *iot_mdns_error_name(enum iot_mdns_error e)
{
    if ((unsigned)e >= IOT_MDNS_ERR_MAX)
        return "app.mdns.unknown";
    return mdns_error_names[e];
}

/* ---- ASCII helpers (DNS names and TXT keys compare case-insensitively, RFC 4343, RFC 6763
 * 6.4; only ASCII letters fold, never by locale) ----------------------------------------- */

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool ascii_eq_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
            return false;
    return true;
}

static bool ascii_eq(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && ascii_eq_n(a, b, n);
}

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && ascii_eq_n(s + (n - k), suffix, k);
}

/* "_x._tcp.local", "_sub._x._udp.local", ...: starts with '_' and has a "_tcp" or "_udp"
 * label (RFC 6763 7). */
static bool looks_like_service(const char *s)
{
    if (s[0] != '_')
        return false;
    size_t n = strlen(s);
    for (size_t i = 0; i + 5 <= n; i++) {
        if (s[i] != '.')
            continue;
        if ((ascii_eq_n(s + i + 1, "_tcp", 4) || ascii_eq_n(s + i + 1, "_udp", 4)) &&
            (s[i + 5] == '.' || s[i + 5] == '\0'))
            return true;
    }
    return false;
}

static bool is_reverse(const char *s)
{
    return ends_with_ci(s, ".in-addr.arpa") || ends_with_ci(s, ".ip6.arpa");
}

/* ---- collectors ------------------------------------------------------------------------- */

static struct iot_mdns_service *add_service(struct iot_mdns_info *m, const char *name,
                                            bool truncated, bool odd)
{
    for (unsigned i = 0; i < m->nservices; i++)
        if (ascii_eq(m->services[i].name, name))
            return &m->services[i];
    if (m->nservices >= IOT_MDNS_MAX_SERVICES) {
        m->services_truncated = true;
        return NULL;
    }
    struct iot_mdns_service *s = &m->services[m->nservices++];
    iot_strlcpy(s->name, name, sizeof(s->name));
    s->name_truncated = truncated;
    s->name_has_odd_bytes = odd;
    return s;
}

/* The instance named by the first label label (raw, label_len bytes) of a name whose rest is
 * service; its index, or IOT_MDNS_NO_INSTANCE when the table is full. */
static unsigned add_instance(struct iot_mdns_info *m, const char *label, size_t label_len,
                             const char *service, const struct iot_dns_name_status *st)
{
    for (unsigned i = 0; i < m->ninstances; i++) {
        const struct iot_mdns_instance *in = &m->instances[i];
        if (in->name_len == label_len && ascii_eq_n(in->name, label, label_len) &&
            ascii_eq(in->service, service))
            return i;
    }
    if (m->ninstances >= IOT_MDNS_MAX_INSTANCES) {
        m->instances_truncated = true;
        return IOT_MDNS_NO_INSTANCE;
    }
    struct iot_mdns_instance *in = &m->instances[m->ninstances];
    /* label_len <= 63 (the name reader's limit), so the label always fits its 64 bytes. */
    size_t k = IOT_MIN(label_len, sizeof(in->name) - 1);
    memcpy(in->name, label, k);
    in->name[k] = '\0';
    in->name_len = (uint8_t)k;
    in->name_truncated = k < label_len;
    in->name_has_odd_bytes = st->odd_bytes;
    iot_strlcpy(in->service, service, sizeof(in->service));
    in->service_truncated = st->truncated;
    return m->ninstances++;
}

static void add_host(struct iot_mdns_info *m, const char *name,
                     const struct iot_dns_name_status *st, uint8_t family, const uint8_t *addr)
{
    size_t alen = family == 4 ? 4 : 16;
    for (unsigned i = 0; i < m->nhosts; i++) {
        const struct iot_mdns_host *h = &m->hosts[i];
        if (h->family == family && memcmp(h->addr, addr, alen) == 0 && ascii_eq(h->name, name))
            return;
    }
    if (m->nhosts >= IOT_MDNS_MAX_HOSTS) {
        m->hosts_truncated = true;
        return;
    }
    struct iot_mdns_host *h = &m->hosts[m->nhosts++];
    iot_strlcpy(h->name, name, sizeof(h->name));
    h->name_truncated = st->truncated;
    h->name_has_odd_bytes = st->odd_bytes;
    h->family = family;
    memcpy(h->addr, addr, alen);
}

static void add_txt(struct iot_mdns_info *m, const struct iot_dns_txt *t)
{
    for (unsigned i = 0; i < m->ntxt; i++) {
        const struct iot_dns_txt *o = &m->txt[i];
        if (o->owner == t->owner && o->len == t->len && memcmp(o->text, t->text, t->len) == 0)
            return;
    }
    if (m->ntxt >= IOT_MDNS_MAX_TXT) {
        m->txt_truncated = true;
        return;
    }
    m->txt[m->ntxt++] = *t;
}

/* ---- per item --------------------------------------------------------------------------- */

/* Space for one name read in two parts: the first label and the rest. */
struct split_name {
    char first[IOT_DNS_LABEL_SIZE];
    char rest[IOT_DNS_NAME_SIZE];
    struct iot_dns_name_status st;
    size_t first_len;
};

static bool read_split(const struct iot_dns_reader *r, size_t off, struct split_name *sn)
{
    if (iot_dns_read_name_split(r->msg, r->len, off, sn->first, sizeof(sn->first), sn->rest,
                                sizeof(sn->rest), &sn->st) != IOT_OK)
        return false;
    sn->first_len = sn->st.first_len;
    return true;
}

static bool read_full(const struct iot_dns_reader *r, size_t off, char *out, size_t size,
                      struct iot_dns_name_status *st)
{
    return iot_dns_read_name(r->msg, r->len, &off, out, size, st) == IOT_OK;
}

static void on_question(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                        struct iot_mdns_info *m)
{
    struct split_name sn;
    char name[IOT_DNS_NAME_SIZE];
    struct iot_dns_name_status st;

    if (rr->rclass & IOT_MDNS_CLASS_TOP_BIT)
        m->unicast_query = true;
    if (!read_full(r, rr->name_off, name, sizeof(name), &st))
        return;
    if (rr->type == IOT_DNS_TYPE_PTR) {
        /* A browse: the name is a service type (or subtype), or the meta-query. */
        if (ascii_eq(name, IOT_MDNS_ENUM_NAME))
            m->enumeration_query = true;
        else if (!is_reverse(name)) {
            struct iot_mdns_service *s = add_service(m, name, st.truncated, st.odd_bytes);
            if (s != NULL)
                s->queried = true;
        }
        return;
    }
    /* ANY, SRV or TXT for "<instance>.<service>": a device probing for its own instance
     * name (RFC 6762 8.1) or a client resolving one. */
    if (!read_split(r, rr->name_off, &sn) || !looks_like_service(sn.rest))
        return;
    unsigned i = add_instance(m, sn.first, sn.first_len, sn.rest, &sn.st);
    if (i != IOT_MDNS_NO_INSTANCE)
        m->instances[i].queried = true;
}

/* The instance a record's owner names, or IOT_MDNS_NO_INSTANCE. */
static unsigned owner_instance(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                               struct iot_mdns_info *m)
{
    struct split_name sn;
    if (!read_split(r, rr->name_off, &sn) || !looks_like_service(sn.rest))
        return IOT_MDNS_NO_INSTANCE;
    unsigned i = add_instance(m, sn.first, sn.first_len, sn.rest, &sn.st);
    if (i != IOT_MDNS_NO_INSTANCE)
        m->instances[i].announced = true;
    return i;
}

static void on_ptr(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                   struct iot_mdns_info *m)
{
    char owner[IOT_DNS_NAME_SIZE];
    char target[IOT_DNS_NAME_SIZE];
    struct iot_dns_name_status ost, tst;
    struct split_name sn;
    struct iot_mdns_service *s;

    if (!read_full(r, rr->name_off, owner, sizeof(owner), &ost) ||
        !read_full(r, rr->rdata_off, target, sizeof(target), &tst))
        return;
    if (is_reverse(owner))
        return; /* "51.10.10.10.in-addr.arpa PTR localcam.local": its A record says more */
    if (ascii_eq(owner, IOT_MDNS_ENUM_NAME)) {
        /* RFC 6763 9: the target is a service type the device offers. */
        s = add_service(m, target, tst.truncated, tst.odd_bytes);
        if (s != NULL)
            s->announced = true;
        return;
    }
    /* "<service> PTR <instance>.<service>" (RFC 6763 4.1). */
    s = add_service(m, owner, ost.truncated, ost.odd_bytes);
    if (s != NULL)
        s->announced = true;
    if (!read_split(r, rr->rdata_off, &sn) || !looks_like_service(sn.rest))
        return;
    unsigned i = add_instance(m, sn.first, sn.first_len, sn.rest, &sn.st);
    if (i != IOT_MDNS_NO_INSTANCE)
        m->instances[i].announced = true;
}

static void on_srv(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                   struct iot_mdns_info *m)
{
    struct iot_cur c = iot_cur_init(r->msg, r->len);
    struct iot_dns_name_status st;
    uint16_t prio, weight, port;

    unsigned i = owner_instance(r, rr, m);
    if (i == IOT_MDNS_NO_INSTANCE)
        return;
    struct iot_mdns_instance *in = &m->instances[i];
    if (in->has_srv)
        return; /* the first SRV wins; a repeat in the same message adds nothing */
    if (!iot_cur_skip(&c, rr->rdata_off) || !iot_cur_u16be(&c, &prio) ||
        !iot_cur_u16be(&c, &weight) || !iot_cur_u16be(&c, &port))
        return;
    if (!read_full(r, c.off, in->target, sizeof(in->target), &st))
        return;
    in->has_srv = true;
    in->target_truncated = st.truncated;
    in->target_has_odd_bytes = st.odd_bytes;
    in->priority = prio;
    in->weight = weight;
    in->port = port;
}

static void on_txt(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                   struct iot_mdns_info *m)
{
    unsigned i = owner_instance(r, rr, m);
    size_t pos = 0;

    if (i != IOT_MDNS_NO_INSTANCE)
        m->instances[i].has_txt = true;
    /* Bounded twice: by the RDATA length and by IOT_MAX_DNS_TXT_STRINGS. */
    for (unsigned k = 0; k < IOT_MAX_DNS_TXT_STRINGS; k++) {
        struct iot_dns_txt t;
        if (iot_dns_txt_next(r->msg, r->len, rr, &pos, &t) != 0)
            return;
        if (t.len == 0)
            continue; /* the empty string of an empty TXT record (RFC 6763 6.1) */
        t.owner = (uint8_t)i;
        add_txt(m, &t);
    }
}

static void on_addr(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                    struct iot_mdns_info *m)
{
    char name[IOT_DNS_NAME_SIZE];
    struct iot_dns_name_status st;
    struct iot_cur c = iot_cur_init(r->msg, r->len);
    uint8_t addr[16];
    uint8_t family = rr->type == IOT_DNS_TYPE_A ? 4 : 6;

    memset(addr, 0, sizeof(addr));
    if (!iot_cur_skip(&c, rr->rdata_off) || !iot_cur_bytes(&c, addr, family == 4 ? 4 : 16))
        return;
    if (!read_full(r, rr->name_off, name, sizeof(name), &st))
        return;
    add_host(m, name, &st, family, addr);
}

static void on_record(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                      struct iot_mdns_info *m)
{
    if (rr->rclass & IOT_MDNS_CLASS_TOP_BIT)
        m->cache_flush = true;
    switch (rr->type) {
    case IOT_DNS_TYPE_PTR:
        on_ptr(r, rr, m);
        break;
    case IOT_DNS_TYPE_SRV:
        on_srv(r, rr, m);
        break;
    case IOT_DNS_TYPE_TXT:
        on_txt(r, rr, m);
        break;
    case IOT_DNS_TYPE_A:
    case IOT_DNS_TYPE_AAAA:
        on_addr(r, rr, m);
        break;
    default:
        break; /* NSEC, OPT, HINFO...: skipped by RDLENGTH */
    }
}

static enum iot_mdns_error map_dns_error(enum iot_dns_error e)
{
    switch (e) {
    case IOT_DNS_ERR_BAD_LABEL:
    case IOT_DNS_ERR_PTR_FORWARD:
    case IOT_DNS_ERR_PTR_HOPS:
    case IOT_DNS_ERR_NAME_TOO_LONG:
    case IOT_DNS_ERR_TOO_MANY_LABELS:
        return IOT_MDNS_ERR_BAD_NAME;
    case IOT_DNS_ERR_RDATA_OVERRUN:
    case IOT_DNS_ERR_BAD_RDATA:
        return IOT_MDNS_ERR_BAD_RDATA;
    default:
        return IOT_MDNS_ERR_TRUNC;
    }
}

int iot_mdns_parse(const uint8_t *data, size_t len, struct iot_mdns_info *out)
{
    struct iot_dns_reader r;
    struct iot_dns_rr rr;
    enum iot_dns_error err = IOT_DNS_ERR_NONE;
    int rc;

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (iot_dns_reader_init(&r, data, len, &err) != IOT_OK)
        goto bad_wire;
    out->hdr = r.hdr;
    if (r.hdr.opcode != 0) {
        out->error = IOT_MDNS_ERR_OPCODE;
        return IOT_ERR_INPUT;
    }
    if (r.hdr.rcode != 0) {
        out->error = IOT_MDNS_ERR_RCODE;
        return IOT_ERR_INPUT;
    }
    /* Bounded by the reader: at most IOT_MAX_DNS_RECORDS items, then it reports the end. */
    while ((rc = iot_dns_reader_next(&r, &rr, &err)) == 0) {
        if (rr.section == IOT_DNS_SECTION_QUESTION) {
            out->nquestions++;
            on_question(&r, &rr, out);
        } else {
            out->nrecords++;
            on_record(&r, &rr, out);
        }
    }
    if (rc < 0)
        goto bad_wire;
    out->limited = r.limited;
    out->has_trailing = !r.limited && r.off < r.len;
    return IOT_OK;

bad_wire:
    out->dns_error = err != IOT_DNS_ERR_NONE ? err : IOT_DNS_ERR_TRUNC_HEADER;
    out->error = map_dns_error(out->dns_error);
    return IOT_ERR_INPUT;
}

const struct iot_dns_txt *iot_mdns_txt_find(const struct iot_mdns_info *m, unsigned inst,
                                            const char *key)
{
    if (m == NULL || key == NULL)
        return NULL;
    size_t n = strlen(key);
    for (unsigned i = 0; i < m->ntxt && i < IOT_MDNS_MAX_TXT; i++) {
        const struct iot_dns_txt *t = &m->txt[i];
        if (inst != IOT_MDNS_ANY_INSTANCE && t->owner != inst)
            continue;
        if (t->key_len == n && ascii_eq_n(t->text, key, n))
            return t;
    }
    return NULL;
}

const struct iot_mdns_service *iot_mdns_service_find(const struct iot_mdns_info *m,
                                                     const char *name)
{
    if (m == NULL || name == NULL)
        return NULL;
    for (unsigned i = 0; i < m->nservices && i < IOT_MDNS_MAX_SERVICES; i++)
        if (ascii_eq(m->services[i].name, name))
            return &m->services[i];
    return NULL;
}
