/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS parser and shared wire reader: real responses from public captures, their negative twins,
 * and hostile names (pointer loops, forward pointers, over-long names, lying counts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "app/app-dns.h"
#include "util/limits.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* ndpi-tests/pcap/dns.pcap packet 5: UDP payload, 161 bytes. */
static const uint8_t v_whatsapp[] = {
    0x78, 0x43, 0x81, 0x80, 0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x02, 0x65, 0x37,
    0x08, 0x77, 0x68, 0x61, 0x74, 0x73, 0x61, 0x70, 0x70, 0x03, 0x6e, 0x65, 0x74, 0x00, 0x00,
    0x01, 0x00, 0x01, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0xeb, 0x00, 0x04,
    0xa9, 0x2d, 0xdb, 0xeb, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0xeb, 0x00,
    0x04, 0xa9, 0x2f, 0x28, 0x8e, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0xeb,
    0x00, 0x04, 0xa9, 0x2d, 0xf8, 0x79, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01,
    0xeb, 0x00, 0x04, 0x6c, 0xa8, 0xb0, 0xea, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    0x01, 0xeb, 0x00, 0x04, 0xa9, 0x2d, 0xf8, 0xbd, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00, 0x01, 0xeb, 0x00, 0x04, 0xa9, 0x2d, 0xf8, 0xb4, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01,
    0x00, 0x00, 0x01, 0xeb, 0x00, 0x04, 0xa9, 0x35, 0x51, 0x4f, 0xc0, 0x0c, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x00, 0x01, 0xeb, 0x00, 0x04, 0xa9, 0x2d, 0xdb, 0xe8,
};

/* ndpi-tests/pcap/dns.pcap packet 2: UDP payload, 33 bytes. */
static const uint8_t v_aaaa_query[] = {
    0xbc, 0x1f, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x03, 0x77, 0x77, 0x77, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70,
    0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x1c, 0x00, 0x01,
};

/* ndpi-tests/pcap/malware.pcap packet 2: UDP payload, 68 bytes. */
static const uint8_t v_opt[] = {
    0x0b, 0xa4, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x03, 0x77,
    0x77, 0x77, 0x0f, 0x69, 0x6e, 0x74, 0x65, 0x72, 0x6e, 0x65, 0x74, 0x62, 0x61, 0x64,
    0x67, 0x75, 0x79, 0x73, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01, 0xc0,
    0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x04, 0x43, 0xd7, 0x5c,
    0xd2, 0x00, 0x00, 0x29, 0x05, 0xac, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* ndpi-tests/pcap/alexa-app.pcapng packet 63: UDP payload, 161 bytes. */
static const uint8_t v_cname[] = {
    0xa8, 0x8a, 0x81, 0x80, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x03, 0x77, 0x77,
    0x77, 0x06, 0x61, 0x6d, 0x61, 0x7a, 0x6f, 0x6e, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01,
    0x00, 0x01, 0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x04, 0xe8, 0x00, 0x0a, 0x03,
    0x77, 0x77, 0x77, 0x03, 0x63, 0x64, 0x6e, 0xc0, 0x10, 0xc0, 0x2c, 0x00, 0x05, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x06, 0x00, 0x1f, 0x0e, 0x64, 0x33, 0x61, 0x67, 0x34, 0x68, 0x75, 0x6b,
    0x6b, 0x68, 0x36, 0x32, 0x79, 0x6e, 0x0a, 0x63, 0x6c, 0x6f, 0x75, 0x64, 0x66, 0x72, 0x6f,
    0x6e, 0x74, 0x03, 0x6e, 0x65, 0x74, 0x00, 0xc0, 0x42, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x04, 0x00, 0x04, 0x34, 0x55, 0xd1, 0xc5, 0xc0, 0x42, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x04, 0x00, 0x04, 0x34, 0x55, 0xd1, 0x8f, 0xc0, 0x42, 0x00, 0x01, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x04, 0x34, 0x55, 0xd1, 0xd8, 0xc0, 0x42, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x04, 0x00, 0x04, 0x34, 0x55, 0xd1, 0x7a,
};

/* ---- helpers ---------------------------------------------------------------------------- */

static struct iot_dns_info g_info; /* ~45 KiB: kept off the test's stack */

/* Parses an exact-size heap copy, so any read past the end trips ASan. */
static int run(const uint8_t *bytes, size_t len, struct iot_dns_info *info)
{
    uint8_t *c = tu_exact_copy(bytes, len);
    assert_non_null(c);
    int rc = iot_dns_parse(c, len, info);
    free(c);
    return rc;
}

/* A message builder for the hostile cases. */
struct mb {
    uint8_t b[8192];
    size_t n;
};

static void mb_u8(struct mb *m, unsigned v)
{
    assert_true(m->n < sizeof(m->b));
    m->b[m->n++] = (uint8_t)v;
}

static void mb_u16(struct mb *m, unsigned v)
{
    mb_u8(m, v >> 8);
    mb_u8(m, v & 0xFF);
}

static void mb_u32(struct mb *m, uint32_t v)
{
    mb_u16(m, v >> 16);
    mb_u16(m, v & 0xFFFF);
}

static void mb_bytes(struct mb *m, const void *p, size_t n)
{
    assert_true(n <= sizeof(m->b) - m->n);
    memcpy(m->b + m->n, p, n);
    m->n += n;
}

/* Header with the given counts (id 0x1234, a standard response). */
static void mb_hdr(struct mb *m, unsigned qd, unsigned an, unsigned ns, unsigned ar)
{
    m->n = 0;
    mb_u16(m, 0x1234);
    mb_u16(m, 0x8180);
    mb_u16(m, qd);
    mb_u16(m, an);
    mb_u16(m, ns);
    mb_u16(m, ar);
}

/* "a.b.c" as uncompressed labels and the root. */
static void mb_name(struct mb *m, const char *dotted)
{
    const char *p = dotted;
    while (*p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        mb_u8(m, (unsigned)n);
        mb_bytes(m, p, n);
        p += n;
        if (*p == '.')
            p++;
    }
    mb_u8(m, 0);
}

static void mb_ptr(struct mb *m, unsigned off)
{
    mb_u16(m, 0xC000 | off);
}

/* Record header after the owner name; returns the offset of RDLENGTH. */
static size_t mb_rr(struct mb *m, unsigned type, unsigned rclass, uint32_t ttl, unsigned rdlen)
{
    mb_u16(m, type);
    mb_u16(m, rclass);
    mb_u32(m, ttl);
    size_t at = m->n;
    mb_u16(m, rdlen);
    return at;
}

/* ---- real vectors ----------------------------------------------------------------------- */

static void test_whatsapp_answer(void **state)
{
    (void)state;
    static const uint8_t want[8][4] = {
        {169, 45, 219, 235}, {169, 47, 40, 142},  {169, 45, 248, 121}, {108, 168, 176, 234},
        {169, 45, 248, 189}, {169, 45, 248, 180}, {169, 53, 81, 79},   {169, 45, 219, 232},
    };
    struct iot_dns_info *d = &g_info;
    assert_int_equal(run(v_whatsapp, sizeof(v_whatsapp), d), IOT_OK);
    assert_int_equal(d->error, IOT_DNS_ERR_NONE);
    assert_int_equal(d->hdr.id, 30787);
    assert_int_equal(d->hdr.flags, 0x8180);
    assert_true(d->hdr.qr);
    assert_true(d->hdr.rd);
    assert_true(d->hdr.ra);
    assert_false(d->hdr.aa);
    assert_false(d->hdr.tc);
    assert_int_equal(d->hdr.opcode, 0);
    assert_int_equal(d->hdr.rcode, 0);
    assert_int_equal(d->hdr.qdcount, 1);
    assert_int_equal(d->hdr.ancount, 8);
    assert_int_equal(d->nquestions, 1);
    assert_string_equal(d->questions[0].name, "e7.whatsapp.net");
    assert_int_equal(d->questions[0].type, IOT_DNS_TYPE_A);
    assert_int_equal(d->questions[0].qclass, IOT_DNS_CLASS_IN);
    assert_int_equal(d->nrecords, 8);
    for (unsigned i = 0; i < 8; i++) {
        const struct iot_dns_record *r = &d->records[i];
        assert_int_equal(r->section, IOT_DNS_SECTION_ANSWER);
        assert_string_equal(r->name, "e7.whatsapp.net");
        assert_int_equal(r->type, IOT_DNS_TYPE_A);
        assert_int_equal(r->rclass, IOT_DNS_CLASS_IN);
        assert_int_equal(r->ttl, 491);
        assert_int_equal(r->rdlength, 4);
        assert_true(r->decoded);
        assert_memory_equal(r->addr, want[i], 4);
    }
    assert_false(d->records_truncated);
    assert_false(d->has_trailing);
    assert_false(d->limited);
}

static void test_aaaa_query(void **state)
{
    (void)state;
    struct iot_dns_info *d = &g_info;
    assert_int_equal(run(v_aaaa_query, sizeof(v_aaaa_query), d), IOT_OK);
    assert_int_equal(d->hdr.id, 48159);
    assert_false(d->hdr.qr);
    assert_true(d->hdr.rd);
    assert_int_equal(d->nquestions, 1);
    assert_string_equal(d->questions[0].name, "www.example.com");
    assert_int_equal(d->questions[0].type, IOT_DNS_TYPE_AAAA);
    assert_int_equal(d->nrecords, 0);
}

/* An answer and an EDNS OPT record (root owner, class = UDP size) in the additional section. */
static void test_opt_additional(void **state)
{
    (void)state;
    static const uint8_t addr[4] = {67, 215, 92, 210};
    struct iot_dns_info *d = &g_info;
    assert_int_equal(run(v_opt, sizeof(v_opt), d), IOT_OK);
    assert_int_equal(d->hdr.id, 2980);
    assert_int_equal(d->hdr.arcount, 1);
    assert_string_equal(d->questions[0].name, "www.internetbadguys.com");
    assert_int_equal(d->nrecords, 2);
    assert_string_equal(d->records[0].name, "www.internetbadguys.com");
    assert_int_equal(d->records[0].ttl, 1);
    assert_memory_equal(d->records[0].addr, addr, 4);
    assert_int_equal(d->records[1].section, IOT_DNS_SECTION_ADDITIONAL);
    assert_string_equal(d->records[1].name, "");
    assert_int_equal(d->records[1].type, IOT_DNS_TYPE_OPT);
    assert_int_equal(d->records[1].rclass, 1452);
    assert_int_equal(d->records[1].rdlength, 0);
    assert_false(d->records[1].decoded);
}

/* A CNAME chain with compressed targets. */
static void test_cname_chain(void **state)
{
    (void)state;
    static const uint8_t a0[4] = {52, 85, 209, 197};
    struct iot_dns_info *d = &g_info;
    assert_int_equal(run(v_cname, sizeof(v_cname), d), IOT_OK);
    assert_int_equal(d->hdr.id, 43146);
    assert_string_equal(d->questions[0].name, "www.amazon.com");
    assert_int_equal(d->nrecords, 6);
    assert_int_equal(d->records[0].type, IOT_DNS_TYPE_CNAME);
    assert_int_equal(d->records[0].ttl, 1256);
    assert_string_equal(d->records[0].name, "www.amazon.com");
    assert_string_equal(d->records[0].target, "www.cdn.amazon.com");
    assert_string_equal(d->records[1].name, "www.cdn.amazon.com");
    assert_string_equal(d->records[1].target, "d3ag4hukkh62yn.cloudfront.net");
    assert_string_equal(d->records[2].name, "d3ag4hukkh62yn.cloudfront.net");
    assert_int_equal(d->records[2].type, IOT_DNS_TYPE_A);
    assert_memory_equal(d->records[2].addr, a0, 4);
}

/* ---- negative twins --------------------------------------------------------------------- */

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    int rc = run(b, n, &g_info);
    *err = (int)g_info.error;
    return rc;
}

static const char *twin_error_name(int err)
{
    return iot_dns_error_name((enum iot_dns_error)err);
}

/* A twin with one byte patched (o is NOPATCH or the byte to overwrite). */
#define NEG(nm, b, l, o, v, r, e) MUT(nm, b, l, o, v, -1, 0, r, e)
#define NOPATCH (-1)

static void test_negative_twins(void **state)
{
    (void)state;
    static const uint8_t garbage[64] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    /* whatsapp: first A record's RDLENGTH at 43..44, last one's at 155..156. */
    const struct mut_case cases[] = {
        NEG("whatsapp", v_whatsapp, sizeof(v_whatsapp), NOPATCH, 0, IOT_OK, IOT_DNS_ERR_NONE),
        NEG("whatsapp -1 byte", v_whatsapp, sizeof(v_whatsapp) - 1, NOPATCH, 0, IOT_ERR_INPUT,
            IOT_DNS_ERR_RDATA_OVERRUN),
        NEG("whatsapp ancount+1", v_whatsapp, sizeof(v_whatsapp), 7, 9, IOT_ERR_INPUT,
            IOT_DNS_ERR_NAME_TRUNC),
        NEG("whatsapp last rdlength+1", v_whatsapp, sizeof(v_whatsapp), 156, 5, IOT_ERR_INPUT,
            IOT_DNS_ERR_RDATA_OVERRUN),
        NEG("whatsapp first rdlength-1", v_whatsapp, sizeof(v_whatsapp), 44, 3, IOT_ERR_INPUT,
            IOT_DNS_ERR_BAD_RDATA),
        /* The question then reads as a record whose RDLENGTH (1) does not fit an A. */
        NEG("whatsapp qdcount 0", v_whatsapp, sizeof(v_whatsapp), 5, 0, IOT_ERR_INPUT,
            IOT_DNS_ERR_BAD_RDATA),
        NEG("query", v_aaaa_query, sizeof(v_aaaa_query), NOPATCH, 0, IOT_OK, IOT_DNS_ERR_NONE),
        NEG("query -1 byte", v_aaaa_query, sizeof(v_aaaa_query) - 1, NOPATCH, 0, IOT_ERR_INPUT,
            IOT_DNS_ERR_RR_TRUNC),
        /* "www" read as 4 bytes: the next length byte is 'e' (0x65), label type 01. */
        NEG("query label len+1", v_aaaa_query, sizeof(v_aaaa_query), 12, 4, IOT_ERR_INPUT,
            IOT_DNS_ERR_BAD_LABEL),
        /* "com" claiming 63 bytes: the label runs past the end. */
        NEG("query label past end", v_aaaa_query, sizeof(v_aaaa_query), 24, 63, IOT_ERR_INPUT,
            IOT_DNS_ERR_NAME_TRUNC),
        NEG("query label 0x40", v_aaaa_query, sizeof(v_aaaa_query), 12, 0x43, IOT_ERR_INPUT,
            IOT_DNS_ERR_BAD_LABEL),
        NEG("query label 0x80", v_aaaa_query, sizeof(v_aaaa_query), 12, 0x83, IOT_ERR_INPUT,
            IOT_DNS_ERR_BAD_LABEL),
        NEG("opt -1 byte", v_opt, sizeof(v_opt) - 1, NOPATCH, 0, IOT_ERR_INPUT,
            IOT_DNS_ERR_RR_TRUNC),
        NEG("cname -1 byte", v_cname, sizeof(v_cname) - 1, NOPATCH, 0, IOT_ERR_INPUT,
            IOT_DNS_ERR_RDATA_OVERRUN),
        NEG("zero length", v_whatsapp, 0, NOPATCH, 0, IOT_ERR_INPUT, IOT_DNS_ERR_TRUNC_HEADER),
        NEG("11 bytes", v_whatsapp, 11, NOPATCH, 0, IOT_ERR_INPUT, IOT_DNS_ERR_TRUNC_HEADER),
        NEG("header only", v_aaaa_query, 12, NOPATCH, 0, IOT_ERR_INPUT, IOT_DNS_ERR_COUNTS),
        NEG("garbage", garbage, sizeof(garbage), NOPATCH, 0, IOT_ERR_INPUT, IOT_DNS_ERR_COUNTS),
    };
    mut_check_cases(cases, sizeof(cases) / sizeof(cases[0]), twin_parse, twin_error_name);
}

/* ---- hostile names ---------------------------------------------------------------------- */

static int run_name(const uint8_t *bytes, size_t len, size_t off, char *out, size_t size,
                    struct iot_dns_name_status *st, size_t *end)
{
    uint8_t *c = tu_exact_copy(bytes, len);
    assert_non_null(c);
    size_t o = off;
    int rc = iot_dns_read_name(c, len, &o, out, size, st);
    free(c);
    if (end != NULL)
        *end = o;
    return rc;
}

static void test_pointer_to_itself(void **state)
{
    (void)state;
    struct mb m;
    mb_hdr(&m, 1, 0, 0, 0);
    mb_ptr(&m, 12); /* the question's name points at itself */
    mb_u16(&m, 1);
    mb_u16(&m, 1);
    assert_int_equal(run(m.b, m.n, &g_info), IOT_ERR_INPUT);
    assert_int_equal(g_info.error, IOT_DNS_ERR_PTR_FORWARD);
    assert_string_equal(iot_dns_error_name(g_info.error), "app.dns.ptr_forward");
}

static void test_pointers_at_each_other(void **state)
{
    (void)state;
    static const uint8_t b[] = {0xC0, 0x02, 0xC0, 0x00};
    struct iot_dns_name_status st;
    char out[IOT_DNS_NAME_SIZE];
    /* From either end: one of the two must point forwards of where its run began. */
    assert_int_equal(run_name(b, sizeof(b), 2, out, sizeof(out), &st, NULL), IOT_ERR_INPUT);
    assert_int_equal(st.error, IOT_DNS_ERR_PTR_FORWARD);
    assert_int_equal(st.pointers, 2);
    assert_string_equal(out, "");
    assert_int_equal(run_name(b, sizeof(b), 0, out, sizeof(out), &st, NULL), IOT_ERR_INPUT);
    assert_int_equal(st.error, IOT_DNS_ERR_PTR_FORWARD);

    /* A label between them does not help: "a" then a pointer back into the label's run. */
    static const uint8_t c[] = {0x01, 'a', 0xC0, 0x00};
    assert_int_equal(run_name(c, sizeof(c), 0, out, sizeof(out), &st, NULL), IOT_ERR_INPUT);
    assert_int_equal(st.error, IOT_DNS_ERR_PTR_FORWARD);

    /* And in a whole message: question 1 is "x" + pointer to question 2's name, which points
     * back at question 1. */
    struct mb m;
    mb_hdr(&m, 2, 0, 0, 0);
    mb_u8(&m, 1);
    mb_u8(&m, 'x');
    mb_ptr(&m, 20); /* forward: refused */
    mb_u16(&m, 1);
    mb_u16(&m, 1);
    mb_ptr(&m, 12);
    mb_u16(&m, 1);
    mb_u16(&m, 1);
    assert_int_equal(run(m.b, m.n, &g_info), IOT_ERR_INPUT);
    assert_int_equal(g_info.error, IOT_DNS_ERR_PTR_FORWARD);
}

static void test_forward_pointer(void **state)
{
    (void)state;
    struct mb m;
    mb_hdr(&m, 1, 0, 0, 0);
    mb_ptr(&m, 18); /* to a well-formed name after the question: still refused */
    mb_u16(&m, 1);
    mb_u16(&m, 1);
    mb_name(&m, "later.example");
    assert_int_equal(run(m.b, m.n, &g_info), IOT_ERR_INPUT);
    assert_int_equal(g_info.error, IOT_DNS_ERR_PTR_FORWARD);
}

/* A chain of backward pointers: IOT_MAX_DNS_POINTERS hops read, one more is refused. */
static void test_pointer_hops(void **state)
{
    (void)state;
    uint8_t b[2 * (IOT_MAX_DNS_POINTERS + 2) + 3];
    size_t n = 0;
    b[n++] = 1;
    b[n++] = 'z';
    b[n++] = 0;
    size_t prev = 0;
    for (unsigned i = 0; i < IOT_MAX_DNS_POINTERS + 1; i++) {
        b[n] = (uint8_t)(0xC0 | prev >> 8);
        b[n + 1] = (uint8_t)prev;
        prev = n;
        n += 2;
    }
    struct iot_dns_name_status st;
    char out[8];
    size_t end = 0;
    /* The pointer at offset 3 + 2 * (k - 1) needs k hops. */
    size_t at16 = 3 + 2 * (IOT_MAX_DNS_POINTERS - 1);
    assert_int_equal(run_name(b, n, at16, out, sizeof(out), &st, &end), IOT_OK);
    assert_string_equal(out, "z");
    assert_int_equal(st.pointers, IOT_MAX_DNS_POINTERS);
    assert_int_equal(end, at16 + 2);
    assert_int_equal(run_name(b, n, at16 + 2, out, sizeof(out), &st, &end), IOT_ERR_INPUT);
    assert_int_equal(st.error, IOT_DNS_ERR_PTR_HOPS);
    assert_int_equal(end, at16 + 2); /* unchanged on failure */
}

/* 127 one-byte labels make exactly 255 octets; 128 make 257. */
static void test_label_count_and_length(void **state)
{
    (void)state;
    uint8_t b[2 * 128 + 1];
    struct iot_dns_name_status st;
    char out[IOT_DNS_NAME_SIZE];
    size_t end = 0;
    for (size_t i = 0; i < 128; i++) {
        b[2 * i] = 1;
        b[2 * i + 1] = 'a';
    }
    b[256] = 0;
    /* Start at label 1: 127 labels. */
    assert_int_equal(run_name(b, sizeof(b), 2, out, sizeof(out), &st, &end), IOT_OK);
    assert_int_equal(st.labels, 127);
    assert_int_equal(st.wire_len, 255);
    assert_int_equal(strlen(out), 253);
    assert_false(st.truncated);
    assert_int_equal(end, sizeof(b));
    /* From label 0: 128 labels. */
    assert_int_equal(run_name(b, sizeof(b), 0, out, sizeof(out), &st, NULL), IOT_ERR_INPUT);
    assert_int_equal(st.error, IOT_DNS_ERR_NAME_TOO_LONG);
    assert_true(strlen(out) < sizeof(out)); /* still terminated */
}

/* Four 63-octet labels: 257 octets, reached only through a pointer. */
static void test_name_too_long_through_pointer(void **state)
{
    (void)state;
    struct mb m;
    char lab[64];
    memset(lab, 'q', 63);
    lab[63] = '\0';
    mb_hdr(&m, 2, 0, 0, 0);
    size_t first = m.n;
    mb_u8(&m, 63);
    mb_bytes(&m, lab, 63);
    mb_u8(&m, 63);
    mb_bytes(&m, lab, 63);
    mb_u8(&m, 0);
    mb_u16(&m, 1);
    mb_u16(&m, 1);
    mb_u8(&m, 63);
    mb_bytes(&m, lab, 63);
    mb_u8(&m, 63);
    mb_bytes(&m, lab, 63);
    mb_ptr(&m, (unsigned)first);
    mb_u16(&m, 1);
    mb_u16(&m, 1);
    assert_int_equal(run(m.b, m.n, &g_info), IOT_ERR_INPUT);
    assert_int_equal(g_info.error, IOT_DNS_ERR_NAME_TOO_LONG);

    /* Three labels and the pointer's two: 64 * 3 + 1 = 193 octets, fine. */
    m.b[5] = 1; /* qdcount 1: parse only the first, then a second with one label less */
    assert_int_equal(run(m.b, 12 + 129 + 4, &g_info), IOT_OK);
    assert_int_equal(strlen(g_info.questions[0].name), 127);
}

/* A 12-byte message whose counts claim 65535 of everything. */
static void test_counts_lie(void **state)
{
    (void)state;
    struct mb m;
    mb_hdr(&m, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF);
    assert_int_equal(run(m.b, m.n, &g_info), IOT_ERR_INPUT);
    assert_int_equal(g_info.error, IOT_DNS_ERR_COUNTS);
    mb_hdr(&m, 0, 0, 0, 0xFFFF);
    assert_int_equal(run(m.b, m.n, &g_info), IOT_ERR_INPUT);
    assert_int_equal(g_info.error, IOT_DNS_ERR_COUNTS);
    /* Exactly enough bytes for one minimal question: the count check passes. */
    mb_hdr(&m, 1, 0, 0, 0);
    mb_u8(&m, 0);
    mb_u16(&m, 255);
    mb_u16(&m, 1);
    assert_int_equal(run(m.b, m.n, &g_info), IOT_OK);
    assert_string_equal(g_info.questions[0].name, "");
    assert_int_equal(g_info.questions[0].type, IOT_DNS_TYPE_ANY);
}

static void test_rdlength_past_end(void **state)
{
    (void)state;
    struct mb m;
    mb_hdr(&m, 0, 1, 0, 0);
    mb_name(&m, "host");
    mb_rr(&m, 99, 1, 60, 0xFFFF); /* an unknown type, skipped by length: still checked */
    mb_u32(&m, 0);
    assert_int_equal(run(m.b, m.n, &g_info), IOT_ERR_INPUT);
    assert_int_equal(g_info.error, IOT_DNS_ERR_RDATA_OVERRUN);
}

/* Labels holding '.', a control byte and UTF-8 are kept raw and flagged; UTF-8 alone is not
 * odd (DNS-SD names use it). */
static void test_odd_bytes(void **state)
{
    (void)state;
    static const uint8_t b[] = {3, 'a', '.', 'b', 2, 'c', 0x01, 0};
    static const uint8_t u[] = {5, 'L', 0xE2, 0x80, 0x99, 's', 0};
    struct iot_dns_name_status st;
    char out[IOT_DNS_NAME_SIZE];
    assert_int_equal(run_name(b, sizeof(b), 0, out, sizeof(out), &st, NULL), IOT_OK);
    assert_true(st.odd_bytes);
    assert_memory_equal(out, "a.b.c\x01", 7);
    assert_int_equal(st.text_len, 6);
    assert_int_equal(run_name(u, sizeof(u), 0, out, sizeof(out), &st, NULL), IOT_OK);
    assert_false(st.odd_bytes);
    assert_string_equal(out, "L\xE2\x80\x99s");
}

static void test_small_buffer_and_split(void **state)
{
    (void)state;
    static const uint8_t b[] = {11, 'L', 'i', 'v', 'i', 'n', 'g', ' ', 'R', 'o', 'o', 'm',
                                11, '_', 'g', 'o', 'o', 'g', 'l', 'e', 'c', 'a', 's', 't',
                                4,  '_', 't', 'c', 'p', 5,   'l', 'o', 'c', 'a', 'l', 0};
    struct iot_dns_name_status st;
    char out[8], first[IOT_DNS_LABEL_SIZE], rest[IOT_DNS_NAME_SIZE];
    size_t end = 0;
    assert_int_equal(run_name(b, sizeof(b), 0, out, sizeof(out), &st, &end), IOT_OK);
    assert_true(st.truncated);
    assert_string_equal(out, "Living ");
    assert_int_equal(end, sizeof(b));
    uint8_t *c = tu_exact_copy(b, sizeof(b));
    assert_non_null(c);
    assert_int_equal(
        iot_dns_read_name_split(c, sizeof(b), 0, first, sizeof(first), rest, sizeof(rest), &st),
        IOT_OK);
    assert_string_equal(first, "Living Room");
    assert_int_equal(st.first_len, 11);
    assert_string_equal(rest, "_googlecast._tcp.local");
    assert_false(st.truncated);
    /* Validate only: no output, no truncation. */
    size_t o = 0;
    assert_int_equal(iot_dns_read_name(c, sizeof(b), &o, NULL, 0, &st), IOT_OK);
    assert_false(st.truncated);
    assert_int_equal(o, sizeof(b));
    /* An offset past the end. */
    o = sizeof(b) + 1;
    assert_int_equal(iot_dns_read_name(c, sizeof(b), &o, out, sizeof(out), &st), IOT_ERR_INPUT);
    assert_int_equal(st.error, IOT_DNS_ERR_NAME_TRUNC);
    free(c);
}

/* TXT, SRV, PTR, NS and AAAA records built by hand. */
static void test_record_types(void **state)
{
    (void)state;
    struct mb m;
    mb_hdr(&m, 0, 5, 0, 0);
    size_t owner = m.n;
    mb_name(&m, "dev.example");
    mb_rr(&m, IOT_DNS_TYPE_TXT, 1, 300, 22);
    mb_u8(&m, 10);
    mb_bytes(&m, "v=spf1 -al", 10);
    mb_u8(&m, 5);
    mb_bytes(&m, "hello", 5);
    mb_u8(&m, 4);
    mb_bytes(&m, "a=b=", 4);
    mb_ptr(&m, (unsigned)owner);
    mb_rr(&m, IOT_DNS_TYPE_SRV, 1, 120, 8);
    mb_u16(&m, 10);
    mb_u16(&m, 20);
    mb_u16(&m, 8080);
    mb_ptr(&m, (unsigned)owner);
    mb_ptr(&m, (unsigned)owner);
    mb_rr(&m, IOT_DNS_TYPE_PTR, 1, 1, 6);
    mb_u8(&m, 3);
    mb_bytes(&m, "www", 3);
    mb_ptr(&m, (unsigned)owner);
    mb_ptr(&m, (unsigned)owner);
    mb_rr(&m, IOT_DNS_TYPE_NS, 1, 1, 2);
    mb_ptr(&m, (unsigned)owner);
    mb_ptr(&m, (unsigned)owner);
    mb_rr(&m, IOT_DNS_TYPE_AAAA, 1, 1, 16);
    static const uint8_t v6[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    mb_bytes(&m, v6, 16);
    struct iot_dns_info *d = &g_info;
    assert_int_equal(run(m.b, m.n, d), IOT_OK);
    assert_int_equal(d->nrecords, 5);
    const struct iot_dns_record *r = &d->records[0];
    assert_int_equal(r->type, IOT_DNS_TYPE_TXT);
    assert_int_equal(r->txt_count, 3);
    assert_int_equal(r->txt_first, 0);
    assert_string_equal(iot_dns_txt_key(&d->txt[0]), "v");
    assert_string_equal(iot_dns_txt_value(&d->txt[0]), "spf1 -al");
    assert_int_equal(iot_dns_txt_value_len(&d->txt[0]), 8);
    assert_true(d->txt[0].has_value);
    assert_string_equal(iot_dns_txt_key(&d->txt[1]), "hello");
    assert_false(d->txt[1].has_value);
    assert_string_equal(iot_dns_txt_value(&d->txt[1]), "");
    assert_string_equal(iot_dns_txt_key(&d->txt[2]), "a");
    assert_string_equal(iot_dns_txt_value(&d->txt[2]), "b="); /* split at the first '=' */
    r = &d->records[1];
    assert_int_equal(r->type, IOT_DNS_TYPE_SRV);
    assert_int_equal(r->srv_priority, 10);
    assert_int_equal(r->srv_weight, 20);
    assert_int_equal(r->srv_port, 8080);
    assert_string_equal(r->target, "dev.example");
    assert_string_equal(d->records[2].target, "www.dev.example");
    assert_string_equal(d->records[3].target, "dev.example");
    assert_memory_equal(d->records[4].addr, v6, 16);
    assert_true(d->records[4].decoded);

    /* Negative twins of the hand-built records. */
    struct mb bad = m;
    bad.b[12 + 13 + 9] = 23; /* TXT RDLENGTH 22 -> 23 swallows the next byte */
    assert_int_equal(run(bad.b, bad.n, d), IOT_ERR_INPUT);
    assert_int_equal(d->error, IOT_DNS_ERR_BAD_RDATA);
    bad = m;
    bad.b[12 + 13 + 10] = 11; /* first string one longer: the walk lands mid-string */
    assert_int_equal(run(bad.b, bad.n, d), IOT_ERR_INPUT);
    assert_int_equal(d->error, IOT_DNS_ERR_BAD_RDATA);
}

/* More items than the stored arrays hold: the rest are read and checked, not stored. */
static void test_storage_caps(void **state)
{
    (void)state;
    struct mb m;
    mb_hdr(&m, 40, 60, 0, 0);
    for (unsigned i = 0; i < 40; i++) {
        mb_u8(&m, 0);
        mb_u16(&m, 1);
        mb_u16(&m, 1);
    }
    for (unsigned i = 0; i < 60; i++) {
        mb_u8(&m, 0);
        mb_rr(&m, IOT_DNS_TYPE_TXT, 1, 1, 2);
        mb_u8(&m, 1);
        mb_u8(&m, 'k');
    }
    struct iot_dns_info *d = &g_info;
    assert_int_equal(run(m.b, m.n, d), IOT_OK);
    assert_int_equal(d->nquestions, IOT_DNS_MAX_QUESTIONS);
    assert_true(d->questions_truncated);
    assert_int_equal(d->nrecords, IOT_DNS_MAX_STORED_RECORDS);
    assert_true(d->records_truncated);
    assert_int_equal(d->ntxt, IOT_DNS_MAX_TXT);
    assert_true(d->txt_truncated);
    assert_true(d->records[IOT_DNS_MAX_TXT].txt_truncated);
    assert_false(d->limited);
    /* A bad record after the caps is still caught. */
    m.b[m.n - 2] = 2;
    assert_int_equal(run(m.b, m.n, d), IOT_ERR_INPUT);
    assert_int_equal(d->error, IOT_DNS_ERR_BAD_RDATA);
}

/* More items than IOT_MAX_DNS_RECORDS: reading stops there, the message still parses. */
static void test_item_limit(void **state)
{
    (void)state;
    struct mb m;
    unsigned n = IOT_MAX_DNS_RECORDS + 20;
    mb_hdr(&m, n, 0, 0, 0);
    for (unsigned i = 0; i < n; i++) {
        mb_u8(&m, 0);
        mb_u16(&m, 1);
        mb_u16(&m, 1);
    }
    assert_int_equal(run(m.b, m.n, &g_info), IOT_OK);
    assert_true(g_info.limited);
    assert_false(g_info.has_trailing);
    assert_int_equal(g_info.nquestions, IOT_DNS_MAX_QUESTIONS);
}

static void test_trailing_and_usage(void **state)
{
    (void)state;
    uint8_t buf[sizeof(v_aaaa_query) + 3];
    memcpy(buf, v_aaaa_query, sizeof(v_aaaa_query));
    memset(buf + sizeof(v_aaaa_query), 0xEE, 3);
    assert_int_equal(run(buf, sizeof(buf), &g_info), IOT_OK);
    assert_true(g_info.has_trailing);
    assert_int_equal(iot_dns_parse(v_aaaa_query, sizeof(v_aaaa_query), NULL), IOT_ERR_USAGE);
    assert_int_equal(iot_dns_parse(NULL, 0, &g_info), IOT_ERR_INPUT);
    assert_int_equal(g_info.error, IOT_DNS_ERR_TRUNC_HEADER);
}

static void test_error_names(void **state)
{
    (void)state;
    for (int e = 0; e < IOT_DNS_ERR_MAX; e++) {
        const char *n = iot_dns_error_name((enum iot_dns_error)e);
        assert_non_null(n);
        assert_int_equal(strncmp(n, "app.dns.", 8), 0);
        for (int f = 0; f < e; f++)
            assert_string_not_equal(n, iot_dns_error_name((enum iot_dns_error)f));
    }
    assert_string_equal(iot_dns_error_name(IOT_DNS_ERR_MAX), "app.dns.unknown");
    assert_string_equal(iot_dns_error_name(IOT_DNS_ERR_COUNTS), "app.dns.counts_overrun");
}

/* The struct must stay small enough for a worker's stack. */
static void test_info_size(void **state)
{
    (void)state;
    assert_true(sizeof(struct iot_dns_info) < 48 * 1024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatsapp_answer),
        cmocka_unit_test(test_aaaa_query),
        cmocka_unit_test(test_opt_additional),
        cmocka_unit_test(test_cname_chain),
        cmocka_unit_test(test_negative_twins),
        cmocka_unit_test(test_pointer_to_itself),
        cmocka_unit_test(test_pointers_at_each_other),
        cmocka_unit_test(test_forward_pointer),
        cmocka_unit_test(test_pointer_hops),
        cmocka_unit_test(test_label_count_and_length),
        cmocka_unit_test(test_name_too_long_through_pointer),
        cmocka_unit_test(test_counts_lie),
        cmocka_unit_test(test_rdlength_past_end),
        cmocka_unit_test(test_odd_bytes),
        cmocka_unit_test(test_small_buffer_and_split),
        cmocka_unit_test(test_record_types),
        cmocka_unit_test(test_storage_caps),
        cmocka_unit_test(test_item_limit),
        cmocka_unit_test(test_trailing_and_usage),
        cmocka_unit_test(test_error_names),
        cmocka_unit_test(test_info_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
