/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS (RFC 1035) message parser and the DNS wire reader shared with mDNS. */
#include "iotsec-common.h"

#include "app/app-dns.h"
#include "util/limits.h"
#include "util/util-cursor.h"

static const char *const dns_error_names[IOT_DNS_ERR_MAX] = {
    [IOT_DNS_ERR_NONE] = "app.dns.none",
    [IOT_DNS_ERR_TRUNC_HEADER] = "app.dns.trunc_header",
    [IOT_DNS_ERR_COUNTS] = "app.dns.counts_overrun",
    [IOT_DNS_ERR_NAME_TRUNC] = "app.dns.name_trunc",
    [IOT_DNS_ERR_BAD_LABEL] = "app.dns.bad_label",
    [IOT_DNS_ERR_PTR_FORWARD] = "app.dns.ptr_forward",
    [IOT_DNS_ERR_PTR_HOPS] = "app.dns.ptr_hops",
    [IOT_DNS_ERR_NAME_TOO_LONG] = "app.dns.name_too_long",
    [IOT_DNS_ERR_TOO_MANY_LABELS] = "app.dns.too_many_labels",
    [IOT_DNS_ERR_RR_TRUNC] = "app.dns.rr_trunc",
    [IOT_DNS_ERR_RDATA_OVERRUN] = "app.dns.rdata_overrun",
    [IOT_DNS_ERR_BAD_RDATA] = "app.dns.bad_rdata",
};

const char *iot_dns_error_name(enum iot_dns_error e)
{
    if ((unsigned)e >= IOT_DNS_ERR_MAX)
        return "app.dns.unknown";
    return dns_error_names[e];
}

/* A cursor over msg[0..len) positioned at off; false when off is past the end. */
static bool cur_at(const uint8_t *msg, size_t len, size_t off, struct iot_cur *c)
{
    *c = iot_cur_init(msg, len);
    return iot_cur_skip(c, off);
}

/* ---- names ------------------------------------------------------------------------------ */

/* Walks one name label by label, following compression pointers (RFC 1035 4.1.4). */
struct name_walk {
    const uint8_t *msg;
    size_t len;
    struct iot_cur c; /* next byte of the name */
    size_t seg_start; /* offset where the current run of in-place labels began */
    size_t end;       /* offset just past the name's bytes at its start (set once) */
    bool jumped;
    unsigned hops, labels, wire;
};

static bool walk_init(struct name_walk *w, const uint8_t *msg, size_t len, size_t off)
{
    memset(w, 0, sizeof(*w));
    w->msg = msg;
    w->len = len;
    w->seg_start = off;
    return cur_at(msg, len, off, &w->c);
}

/* The next label into *lab / *lablen: returns 0 for a label, 1 at the root, IOT_ERR_INPUT with
 * *err set on a malformed name. The loop runs once per label, plus once per pointer, and
 * pointers are capped at IOT_MAX_DNS_POINTERS: no input makes it spin. */
static int walk_next(struct name_walk *w, const uint8_t **lab, uint8_t *lablen,
                     enum iot_dns_error *err)
{
    for (;;) {
        uint8_t b;
        if (!iot_cur_u8(&w->c, &b)) {
            *err = IOT_DNS_ERR_NAME_TRUNC;
            return IOT_ERR_INPUT;
        }
        if ((b & 0xC0) == 0xC0) {
            uint8_t lo;
            if (!iot_cur_u8(&w->c, &lo)) {
                *err = IOT_DNS_ERR_NAME_TRUNC;
                return IOT_ERR_INPUT;
            }
            if (!w->jumped) {
                w->end = w->c.off;
                w->jumped = true;
            }
            /* A hop limit on top of the ordering rule below: even a legal chain of backward
             * pointers cannot make one name cost more than a few dozen steps. */
            if (++w->hops > IOT_MAX_DNS_POINTERS) {
                *err = IOT_DNS_ERR_PTR_HOPS;
                return IOT_ERR_INPUT;
            }
            size_t target = (size_t)(b & 0x3F) << 8 | lo;
            /* The target must lie before the start of the labels this pointer ends. Each jump
             * then lands strictly lower than the last, so a pointer to itself, two pointers
             * pointing at each other or any longer cycle are rejected at the first repeat,
             * and a forward pointer into bytes not yet validated is refused. */
            if (target >= w->seg_start) {
                *err = IOT_DNS_ERR_PTR_FORWARD;
                return IOT_ERR_INPUT;
            }
            if (!cur_at(w->msg, w->len, target, &w->c)) {
                *err = IOT_DNS_ERR_NAME_TRUNC; /* not reached: target < seg_start <= len */
                return IOT_ERR_INPUT;
            }
            w->seg_start = target;
            continue;
        }
        if ((b & 0xC0) != 0) {
            /* 01 (RFC 6891 extended labels, unused) and 10 (reserved): no safe length. */
            *err = IOT_DNS_ERR_BAD_LABEL;
            return IOT_ERR_INPUT;
        }
        if (b == 0) {
            w->wire += 1;
            if (!w->jumped)
                w->end = w->c.off;
            return 1;
        }
        /* RFC 1035 2.3.4: 255 octets at most, the root's byte included. Checked before the
         * label is used, so a long chain of labels is cut off early. */
        w->wire += 1u + b;
        if (w->wire + 1u > IOT_DNS_NAME_WIRE_MAX) {
            *err = IOT_DNS_ERR_NAME_TOO_LONG;
            return IOT_ERR_INPUT;
        }
        if (++w->labels > IOT_MAX_DNS_LABELS) {
            *err = IOT_DNS_ERR_TOO_MANY_LABELS;
            return IOT_ERR_INPUT;
        }
        *lab = iot_cur_ptr(&w->c);
        if (!iot_cur_skip(&w->c, b)) {
            *err = IOT_DNS_ERR_NAME_TRUNC;
            return IOT_ERR_INPUT;
        }
        *lablen = b;
        return 0;
    }
}

/* A bounded text sink: keeps the first size-1 bytes and always a NUL. */
struct text_out {
    char *buf;
    size_t size;
    size_t pos;
    bool truncated;
};

static void text_init(struct text_out *t, char *buf, size_t size)
{
    t->buf = buf;
    t->size = size;
    t->pos = 0;
    t->truncated = false;
    if (t->size > 0)
        t->buf[0] = '\0';
}

static void text_put(struct text_out *t, const uint8_t *p, size_t n)
{
    if (t->buf == NULL)
        return; /* validate-only: nothing to keep, nothing truncated */
    if (t->size == 0) {
        t->truncated = t->truncated || n > 0;
        return;
    }
    size_t room = t->size - 1 - t->pos;
    size_t k = IOT_MIN(n, room);
    if (k > 0)
        memcpy(t->buf + t->pos, p, k);
    t->pos += k;
    t->buf[t->pos] = '\0';
    if (k < n)
        t->truncated = true;
}

static bool label_is_odd(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == '.' || p[i] < 0x20 || p[i] == 0x7F)
            return true;
    return false;
}

/* Reads the name at off. With split the first label goes to first and the rest to rest;
 * otherwise everything goes to rest. first and rest may be NULL to discard that part. */
static int name_read(const uint8_t *msg, size_t len, size_t off, bool split, char *first,
                     size_t first_size, char *rest, size_t rest_size,
                     struct iot_dns_name_status *st, size_t *end)
{
    struct iot_dns_name_status dummy;
    struct name_walk w;
    struct text_out t1, t2;
    bool first_pending = split;
    unsigned in_rest = 0;

    if (st == NULL)
        st = &dummy;
    memset(st, 0, sizeof(*st));
    text_init(&t1, first, first_size);
    text_init(&t2, rest, rest_size);
    if (msg == NULL || !walk_init(&w, msg, len, off)) {
        st->error = IOT_DNS_ERR_NAME_TRUNC;
        return IOT_ERR_INPUT;
    }
    /* Bounded by walk_next: at most IOT_MAX_DNS_LABELS labels and IOT_MAX_DNS_POINTERS
     * pointers before it returns the root or an error. */
    for (;;) {
        const uint8_t *lab = NULL;
        uint8_t n = 0;
        enum iot_dns_error err = IOT_DNS_ERR_NONE;
        int rc = walk_next(&w, &lab, &n, &err);
        if (rc < 0) {
            st->error = err;
            st->labels = (uint8_t)IOT_MIN(w.labels, 255u);
            st->pointers = (uint8_t)IOT_MIN(w.hops, 255u);
            return IOT_ERR_INPUT;
        }
        if (rc == 1)
            break;
        if (label_is_odd(lab, n))
            st->odd_bytes = true;
        if (first_pending) {
            text_put(&t1, lab, n);
            first_pending = false;
            continue;
        }
        if (in_rest++ > 0)
            text_put(&t2, (const uint8_t *)".", 1);
        text_put(&t2, lab, n);
    }
    st->truncated = t1.truncated || t2.truncated;
    st->labels = (uint8_t)w.labels;
    st->pointers = (uint8_t)w.hops;
    st->wire_len = (uint16_t)w.wire;
    st->text_len = (uint16_t)(t1.pos + t2.pos);
    st->first_len = (uint8_t)t1.pos;
    *end = w.end;
    return IOT_OK;
}

int iot_dns_read_name(const uint8_t *msg, size_t msg_len, size_t *off, char *out, size_t out_size,
                      struct iot_dns_name_status *st)
{
    size_t end = 0;
    if (off == NULL) {
        if (out != NULL && out_size > 0)
            out[0] = '\0';
        if (st != NULL) {
            memset(st, 0, sizeof(*st));
            st->error = IOT_DNS_ERR_NAME_TRUNC;
        }
        return IOT_ERR_INPUT;
    }
    int rc = name_read(msg, msg_len, *off, false, NULL, 0, out, out_size, st, &end);
    if (rc == IOT_OK)
        *off = end;
    return rc;
}

int iot_dns_read_name_split(const uint8_t *msg, size_t msg_len, size_t off, char *first,
                            size_t first_size, char *rest, size_t rest_size,
                            struct iot_dns_name_status *st)
{
    size_t end = 0;
    return name_read(msg, msg_len, off, true, first, first_size, rest, rest_size, st, &end);
}

/* ---- the wire reader -------------------------------------------------------------------- */

int iot_dns_reader_init(struct iot_dns_reader *r, const uint8_t *msg, size_t len,
                        enum iot_dns_error *err)
{
    struct iot_cur c;
    struct iot_dns_header *h = &r->hdr;

    memset(r, 0, sizeof(*r));
    r->msg = msg;
    r->len = len;
    c = iot_cur_init(msg, len);
    if (msg == NULL || !iot_cur_u16be(&c, &h->id) || !iot_cur_u16be(&c, &h->flags) ||
        !iot_cur_u16be(&c, &h->qdcount) || !iot_cur_u16be(&c, &h->ancount) ||
        !iot_cur_u16be(&c, &h->nscount) || !iot_cur_u16be(&c, &h->arcount)) {
        *err = IOT_DNS_ERR_TRUNC_HEADER;
        return IOT_ERR_INPUT;
    }
    h->qr = (h->flags & IOT_DNS_FLAG_QR) != 0;
    h->opcode = (uint8_t)((h->flags >> 11) & 0x0F);
    h->aa = (h->flags & IOT_DNS_FLAG_AA) != 0;
    h->tc = (h->flags & IOT_DNS_FLAG_TC) != 0;
    h->rd = (h->flags & IOT_DNS_FLAG_RD) != 0;
    h->ra = (h->flags & IOT_DNS_FLAG_RA) != 0;
    h->rcode = (uint8_t)(h->flags & 0x0F);

    /* A question takes at least 5 bytes (root name, type, class) and a record 11. Counts that
     * cannot fit (a 12-byte message claiming 65535 records) are rejected here, in O(1), rather
     * than by failing item after item. */
    uint64_t need =
        (uint64_t)h->qdcount * 5u + ((uint64_t)h->ancount + h->nscount + h->arcount) * 11u;
    if (need > iot_cur_left(&c)) {
        *err = IOT_DNS_ERR_COUNTS;
        return IOT_ERR_INPUT;
    }
    r->left[IOT_DNS_SECTION_QUESTION] = h->qdcount;
    r->left[IOT_DNS_SECTION_ANSWER] = h->ancount;
    r->left[IOT_DNS_SECTION_AUTHORITY] = h->nscount;
    r->left[IOT_DNS_SECTION_ADDITIONAL] = h->arcount;
    r->off = c.off;
    return IOT_OK;
}

/* The name at rdata offset off must read and end exactly at end: a name that stops short or
 * runs on into the next record would desynchronise every consumer of this record. */
static bool rdata_name_ok(const uint8_t *msg, size_t len, size_t off, size_t end)
{
    size_t o = off;
    if (iot_dns_read_name(msg, len, &o, NULL, 0, NULL) != IOT_OK)
        return false;
    return o == end;
}

int iot_dns_txt_next(const uint8_t *msg, size_t msg_len, const struct iot_dns_rr *rr, size_t *pos,
                     struct iot_dns_txt *t)
{
    struct iot_cur c, sub;
    uint8_t n;

    memset(t, 0, sizeof(*t));
    if (!cur_at(msg, msg_len, rr->rdata_off, &c) || !iot_cur_sub(&c, rr->rdlength, &sub) ||
        !iot_cur_skip(&sub, *pos))
        return IOT_ERR_INPUT;
    if (iot_cur_left(&sub) == 0)
        return 1;
    /* Each string is a length byte and that many bytes, all inside this RDATA. */
    if (!iot_cur_u8(&sub, &n) || !iot_cur_bytes(&sub, t->text, n))
        return IOT_ERR_INPUT;
    t->text[n] = '\0';
    t->len = n;
    t->key_len = n;
    const char *eq = memchr(t->text, '=', n);
    if (eq != NULL) {
        t->key_len = (uint8_t)(eq - t->text);
        t->text[t->key_len] = '\0';
        t->has_value = true;
    }
    *pos = sub.off;
    return 0;
}

/* Checks the RDATA of the types consumers decode, so they can trust what they read. */
static bool rdata_ok(const uint8_t *msg, size_t len, struct iot_dns_rr *rr)
{
    size_t end = rr->rdata_off + rr->rdlength; /* inside msg: checked by the caller */

    switch (rr->type) {
    case IOT_DNS_TYPE_A:
        return rr->rdlength == 4;
    case IOT_DNS_TYPE_AAAA:
        return rr->rdlength == 16;
    case IOT_DNS_TYPE_NS:
    case IOT_DNS_TYPE_CNAME:
    case IOT_DNS_TYPE_PTR:
        return rr->rdlength >= 1 && rdata_name_ok(msg, len, rr->rdata_off, end);
    case IOT_DNS_TYPE_SRV:
        /* priority, weight, port, then the target name. */
        return rr->rdlength >= 7 && rdata_name_ok(msg, len, rr->rdata_off + 6, end);
    case IOT_DNS_TYPE_TXT: {
        /* An empty RDATA is not legal (RFC 6763 6.1 wants one empty string) but harmless
         * and seen in the wild; it decodes as no strings. */
        size_t pos = 0;
        struct iot_dns_txt t;
        for (unsigned i = 0; i < IOT_MAX_DNS_TXT_STRINGS; i++) {
            int rc = iot_dns_txt_next(msg, len, rr, &pos, &t);
            if (rc == 1)
                return true;
            if (rc < 0)
                return false;
        }
        /* More strings than the walk limit: RDLENGTH already keeps the rest inside the
         * message, so stop checking and tell consumers not to read further. */
        rr->txt_limited = true;
        return true;
    }
    default:
        return true;
    }
}

int iot_dns_reader_next(struct iot_dns_reader *r, struct iot_dns_rr *rr, enum iot_dns_error *err)
{
    struct iot_cur c;
    struct iot_dns_name_status st;

    memset(rr, 0, sizeof(*rr));
    while (r->section <= IOT_DNS_SECTION_ADDITIONAL && r->left[r->section] == 0)
        r->section++;
    if (r->section > IOT_DNS_SECTION_ADDITIONAL)
        return 1;
    /* The counts were checked against the message size, but a 64 KiB message still holds
     * thousands of minimal items: cap the work per message. */
    if (r->items >= IOT_MAX_DNS_RECORDS) {
        r->limited = true;
        return 1;
    }
    r->left[r->section]--;
    r->items++;
    rr->section = (enum iot_dns_section)r->section;
    rr->name_off = r->off;

    size_t off = r->off;
    if (iot_dns_read_name(r->msg, r->len, &off, NULL, 0, &st) != IOT_OK) {
        *err = st.error;
        return IOT_ERR_INPUT;
    }
    if (!cur_at(r->msg, r->len, off, &c) || !iot_cur_u16be(&c, &rr->type) ||
        !iot_cur_u16be(&c, &rr->rclass)) {
        *err = IOT_DNS_ERR_RR_TRUNC;
        return IOT_ERR_INPUT;
    }
    if (rr->section == IOT_DNS_SECTION_QUESTION) {
        rr->rdata_off = c.off;
        r->off = c.off;
        return 0;
    }
    if (!iot_cur_u32be(&c, &rr->ttl) || !iot_cur_u16be(&c, &rr->rdlength)) {
        *err = IOT_DNS_ERR_RR_TRUNC;
        return IOT_ERR_INPUT;
    }
    rr->rdata_off = c.off;
    /* RDLENGTH is attacker-controlled: it must fit in what is left of the message. */
    if (!iot_cur_skip(&c, rr->rdlength)) {
        *err = IOT_DNS_ERR_RDATA_OVERRUN;
        return IOT_ERR_INPUT;
    }
    if (!rdata_ok(r->msg, r->len, rr)) {
        *err = IOT_DNS_ERR_BAD_RDATA;
        return IOT_ERR_INPUT;
    }
    r->off = c.off;
    return 0;
}

/* ---- the DNS parser --------------------------------------------------------------------- */

static void store_question(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                           struct iot_dns_question *q)
{
    struct iot_dns_name_status st;
    size_t off = rr->name_off;
    /* Cannot fail: the reader has read this name. */
    if (iot_dns_read_name(r->msg, r->len, &off, q->name, sizeof(q->name), &st) != IOT_OK)
        q->name[0] = '\0';
    q->name_truncated = st.truncated;
    q->name_has_odd_bytes = st.odd_bytes;
    q->type = rr->type;
    q->qclass = rr->rclass;
}

static void store_txt(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                      struct iot_dns_info *out, struct iot_dns_record *rec)
{
    size_t pos = 0;
    rec->txt_first = (uint8_t)IOT_MIN(out->ntxt, IOT_DNS_MAX_TXT);
    /* Bounded by the strings the reader checked (IOT_MAX_DNS_TXT_STRINGS). */
    for (unsigned i = 0; i < IOT_MAX_DNS_TXT_STRINGS; i++) {
        struct iot_dns_txt t;
        if (iot_dns_txt_next(r->msg, r->len, rr, &pos, &t) != 0)
            return;
        if (out->ntxt >= IOT_DNS_MAX_TXT) {
            rec->txt_truncated = true;
            out->txt_truncated = true;
            return;
        }
        t.owner = (uint8_t)out->nrecords;
        out->txt[out->ntxt++] = t;
        rec->txt_count++;
    }
    if (rr->txt_limited)
        rec->txt_truncated = true;
}

static void store_target(const struct iot_dns_reader *r, size_t off, struct iot_dns_record *rec)
{
    struct iot_dns_name_status st;
    rec->decoded =
        iot_dns_read_name(r->msg, r->len, &off, rec->target, sizeof(rec->target), &st) == IOT_OK;
    rec->target_truncated = st.truncated;
    rec->target_has_odd_bytes = st.odd_bytes;
}

static void store_record(const struct iot_dns_reader *r, const struct iot_dns_rr *rr,
                         struct iot_dns_info *out, struct iot_dns_record *rec)
{
    struct iot_dns_name_status st;
    struct iot_cur c;
    size_t off = rr->name_off;

    if (iot_dns_read_name(r->msg, r->len, &off, rec->name, sizeof(rec->name), &st) != IOT_OK)
        rec->name[0] = '\0';
    rec->name_truncated = st.truncated;
    rec->name_has_odd_bytes = st.odd_bytes;
    rec->section = (uint8_t)rr->section;
    rec->type = rr->type;
    rec->rclass = rr->rclass;
    rec->ttl = rr->ttl;
    rec->rdlength = rr->rdlength;
    if (!cur_at(r->msg, r->len, rr->rdata_off, &c))
        return;

    switch (rr->type) {
    case IOT_DNS_TYPE_A:
        rec->decoded = iot_cur_bytes(&c, rec->addr, 4);
        break;
    case IOT_DNS_TYPE_AAAA:
        rec->decoded = iot_cur_bytes(&c, rec->addr, 16);
        break;
    case IOT_DNS_TYPE_SRV:
        /* priority, weight, port, then the target name. */
        if (iot_cur_u16be(&c, &rec->srv_priority) && iot_cur_u16be(&c, &rec->srv_weight) &&
            iot_cur_u16be(&c, &rec->srv_port))
            store_target(r, c.off, rec);
        break;
    case IOT_DNS_TYPE_NS:
    case IOT_DNS_TYPE_CNAME:
    case IOT_DNS_TYPE_PTR:
        store_target(r, c.off, rec);
        break;
    case IOT_DNS_TYPE_TXT:
        store_txt(r, rr, out, rec);
        rec->decoded = true;
        break;
    default:
        break;
    }
}

int iot_dns_parse(const uint8_t *data, size_t len, struct iot_dns_info *out)
{
    struct iot_dns_reader r;
    struct iot_dns_rr rr;
    enum iot_dns_error err = IOT_DNS_ERR_NONE;
    int rc;

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (iot_dns_reader_init(&r, data, len, &err) != IOT_OK)
        goto bad;
    out->hdr = r.hdr;
    /* Bounded by the reader: at most IOT_MAX_DNS_RECORDS items, then it reports the end. */
    while ((rc = iot_dns_reader_next(&r, &rr, &err)) == 0) {
        if (rr.section == IOT_DNS_SECTION_QUESTION) {
            if (out->nquestions < IOT_DNS_MAX_QUESTIONS)
                store_question(&r, &rr, &out->questions[out->nquestions++]);
            else
                out->questions_truncated = true;
        } else {
            if (out->nrecords < IOT_DNS_MAX_STORED_RECORDS) {
                store_record(&r, &rr, out, &out->records[out->nrecords]);
                out->nrecords++;
            } else {
                out->records_truncated = true;
            }
        }
    }
    if (rc < 0)
        goto bad;
    out->limited = r.limited;
    out->has_trailing = !r.limited && r.off < r.len;
    out->error = IOT_DNS_ERR_NONE;
    return IOT_OK;

bad:
    out->error = err != IOT_DNS_ERR_NONE ? err : IOT_DNS_ERR_TRUNC_HEADER;
    return IOT_ERR_INPUT;
}
