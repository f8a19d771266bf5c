/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS (RFC 1035) message parser and the DNS wire reader it shares with mDNS: header, questions,
 * resource records, compressed names read iteratively with a hop limit. */
#ifndef IOTSEC_APP_APP_DNS_H
#define IOTSEC_APP_APP_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_DNS_PORT 53
#define IOT_DNS_HEADER_LEN 12
#define IOT_DNS_NAME_WIRE_MAX 255 /* octets of a wire name, length bytes and root included */
/* A name as dotted text: at most 253 characters (255 wire octets less the first length byte
 * and the root) and the NUL, so a valid name never truncates in this size. */
#define IOT_DNS_NAME_SIZE 256
#define IOT_DNS_LABEL_SIZE 64 /* one label (<= 63 octets) and the NUL */
#define IOT_DNS_TXT_SIZE 256  /* one TXT character-string (<= 255 octets) and the NUL */

/* Per-message storage caps. They keep struct iot_dns_info under 48 KiB so it can live on a
 * worker's stack; items past a cap are still read and bounds-checked, only not stored. */
#define IOT_DNS_MAX_QUESTIONS 32
#define IOT_DNS_MAX_STORED_RECORDS 48
#define IOT_DNS_MAX_TXT 32

/* Record types decoded here (others are kept as type, class, TTL and length only). */
#define IOT_DNS_TYPE_A 1
#define IOT_DNS_TYPE_NS 2
#define IOT_DNS_TYPE_CNAME 5
#define IOT_DNS_TYPE_PTR 12
#define IOT_DNS_TYPE_TXT 16
#define IOT_DNS_TYPE_AAAA 28
#define IOT_DNS_TYPE_SRV 33
#define IOT_DNS_TYPE_OPT 41
#define IOT_DNS_TYPE_NSEC 47
#define IOT_DNS_TYPE_ANY 255

#define IOT_DNS_CLASS_IN 1

/* Header flag bits (RFC 1035 4.1.1, RFC 2535 for AD and CD). */
#define IOT_DNS_FLAG_QR 0x8000
#define IOT_DNS_FLAG_AA 0x0400
#define IOT_DNS_FLAG_TC 0x0200
#define IOT_DNS_FLAG_RD 0x0100
#define IOT_DNS_FLAG_RA 0x0080

enum iot_dns_section {
    IOT_DNS_SECTION_QUESTION = 0,
    IOT_DNS_SECTION_ANSWER,
    IOT_DNS_SECTION_AUTHORITY,
    IOT_DNS_SECTION_ADDITIONAL,
};

/* Why a message (or a name) was rejected; each has a dotted counter name. */
enum iot_dns_error {
    IOT_DNS_ERR_NONE = 0,
    IOT_DNS_ERR_TRUNC_HEADER,    /* fewer than 12 bytes */
    IOT_DNS_ERR_COUNTS,          /* the four counts need more bytes than the message has */
    IOT_DNS_ERR_NAME_TRUNC,      /* a label or pointer runs past the end of the message */
    IOT_DNS_ERR_BAD_LABEL,       /* label type 01 or 10 (RFC 6891 extended, obsolete) */
    IOT_DNS_ERR_PTR_FORWARD,     /* a compression pointer not strictly backwards (loop) */
    IOT_DNS_ERR_PTR_HOPS,        /* more than IOT_MAX_DNS_POINTERS pointers in one name */
    IOT_DNS_ERR_NAME_TOO_LONG,   /* more than 255 wire octets */
    IOT_DNS_ERR_TOO_MANY_LABELS, /* more than IOT_MAX_DNS_LABELS labels */
    IOT_DNS_ERR_RR_TRUNC,        /* type, class, TTL or RDLENGTH cut off */
    IOT_DNS_ERR_RDATA_OVERRUN,   /* RDLENGTH runs past the end of the message */
    IOT_DNS_ERR_BAD_RDATA,       /* RDATA of a decoded type does not match its RDLENGTH */
    IOT_DNS_ERR_MAX
};

struct iot_dns_header {
    uint16_t id;
    uint16_t flags; /* as sent; the fields below are decoded from it */
    bool qr, aa, tc, rd, ra;
    uint8_t opcode; /* 4 bits */
    uint8_t rcode;  /* 4 bits (no EDNS extension) */
    uint16_t qdcount, ancount, nscount, arcount;
};

/* What reading one name found. error is set iff the read failed. */
struct iot_dns_name_status {
    enum iot_dns_error error;
    bool truncated;    /* the text did not fit out_size */
    bool odd_bytes;    /* a label holds '.', a control byte (< 0x20) or DEL: the dotted text
                        * is ambiguous or unprintable, the output layer must escape it */
    uint8_t labels;    /* labels read, root excluded */
    uint8_t pointers;  /* compression pointers followed */
    uint16_t wire_len; /* octets of the uncompressed name, root included */
    uint16_t text_len; /* characters written (excluding NULs), both parts when split */
    uint8_t first_len; /* iot_dns_read_name_split: characters written to first */
};

/* Reads the (possibly compressed) name at msg[*off] into out as dotted text without a trailing
 * dot (the root name is ""). Labels are copied as raw bytes (any byte, even NUL; st->odd_bytes
 * says so). out may be NULL with out_size 0 to validate only; otherwise it is always
 * NUL-terminated, also on failure. On success *off moves past the name's bytes at *off (past
 * the first pointer, if any) and IOT_OK is returned; on failure *off is unchanged, st->error
 * says why and IOT_ERR_INPUT is returned. Pointers are followed iteratively, at most
 * IOT_MAX_DNS_POINTERS, and each must land before the start of the run of labels it ends,
 * which rules out loops. st may be NULL. */
IOT_WARN_UNUSED int iot_dns_read_name(const uint8_t *msg, size_t msg_len, size_t *off, char *out,
                                      size_t out_size, struct iot_dns_name_status *st);

/* As iot_dns_read_name at msg[off], but splits the name: its first label (raw, which for a
 * DNS-SD instance may hold dots and UTF-8) goes to first and the rest, as dotted text, to rest.
 * A root name gives "" and "". first or rest may be NULL (with size 0) to drop that part. st
 * may be NULL; st->odd_bytes and st->truncated cover both parts. */
IOT_WARN_UNUSED int iot_dns_read_name_split(const uint8_t *msg, size_t msg_len, size_t off,
                                            char *first, size_t first_size, char *rest,
                                            size_t rest_size, struct iot_dns_name_status *st);

/* One question or resource record as found on the wire, before decoding. Offsets index the
 * message given to the reader. */
struct iot_dns_rr {
    enum iot_dns_section section;
    size_t name_off;
    uint16_t type;
    uint16_t rclass; /* as sent (mDNS callers mask the top bit) */
    uint32_t ttl;    /* 0 for questions */
    size_t rdata_off;
    uint16_t rdlength;
    bool txt_limited; /* TXT with more than IOT_MAX_DNS_TXT_STRINGS strings: the rest unchecked */
};

/* The shared wire reader: a cursor over one message and the counts left in each section.
 * Every item it returns has been bounds-checked: its owner name (and any name in its RDATA
 * for NS, CNAME, PTR and SRV) reads without error, its RDATA lies inside the message and
 * matches RDLENGTH for A, AAAA, NS, CNAME, PTR, SRV and TXT. */
struct iot_dns_reader {
    const uint8_t *msg;
    size_t len;
    size_t off; /* next unread byte */
    struct iot_dns_header hdr;
    uint32_t left[4]; /* items still to read per section */
    unsigned section; /* section being read */
    unsigned items;   /* items returned so far */
    bool limited;     /* IOT_MAX_DNS_RECORDS items returned: the rest was not read */
};

/* Reads the header of msg[0..len). Returns IOT_OK, or IOT_ERR_INPUT with *err set. */
IOT_WARN_UNUSED int iot_dns_reader_init(struct iot_dns_reader *r, const uint8_t *msg, size_t len,
                                        enum iot_dns_error *err);

/* The next question or record into *rr: returns 0 for an item, 1 at the end (all counts read,
 * or IOT_MAX_DNS_RECORDS items returned, then r->limited is set), or IOT_ERR_INPUT with *err
 * set when the message is malformed. */
IOT_WARN_UNUSED int iot_dns_reader_next(struct iot_dns_reader *r, struct iot_dns_rr *rr,
                                        enum iot_dns_error *err);

/* One TXT character-string, raw. When it holds '=' (RFC 6763 6.3 key=value), the first '=' is
 * replaced by NUL in text, so text is the key and text + key_len + 1 the value; otherwise the
 * whole string is the key (a boolean attribute) and has_value is false. text[len] is NUL. */
struct iot_dns_txt {
    char text[IOT_DNS_TXT_SIZE];
    uint8_t len;     /* octets of the string (a TXT string cannot exceed 255, so never cut) */
    uint8_t key_len; /* octets before the first '=' (== len without '=') */
    bool has_value;
    uint8_t owner; /* index of the record (DNS) or instance (mDNS) it belongs to */
};

static inline const char *iot_dns_txt_key(const struct iot_dns_txt *t)
{
    return t->text;
}

/* "" when the string had no '='. */
static inline const char *iot_dns_txt_value(const struct iot_dns_txt *t)
{
    return t->has_value ? t->text + t->key_len + 1 : t->text + t->len;
}

static inline unsigned iot_dns_txt_value_len(const struct iot_dns_txt *t)
{
    return t->has_value ? (unsigned)t->len - t->key_len - 1u : 0u;
}

/* The next character-string of the TXT RDATA at rr into *t (owner is left 0). *pos is the
 * offset inside the RDATA, 0 to start. Returns 0 for a string, 1 at the end of the RDATA,
 * IOT_ERR_INPUT if a string runs past the RDATA. */
IOT_WARN_UNUSED int iot_dns_txt_next(const uint8_t *msg, size_t msg_len,
                                     const struct iot_dns_rr *rr, size_t *pos,
                                     struct iot_dns_txt *t);

struct iot_dns_question {
    char name[IOT_DNS_NAME_SIZE];
    bool name_truncated;
    bool name_has_odd_bytes;
    uint16_t type;
    uint16_t qclass; /* as sent */
};

struct iot_dns_record {
    uint8_t section; /* enum iot_dns_section */
    char name[IOT_DNS_NAME_SIZE];
    bool name_truncated;
    bool name_has_odd_bytes;
    uint16_t type;
    uint16_t rclass; /* as sent */
    uint32_t ttl;
    uint16_t rdlength;
    bool decoded;     /* a type this parser decodes (below); others were skipped by RDLENGTH */
    uint8_t addr[16]; /* A (first 4 bytes) or AAAA, network byte order */
    uint16_t srv_priority, srv_weight, srv_port;
    /* NS, CNAME, PTR or SRV target. */
    char target[IOT_DNS_NAME_SIZE];
    bool target_truncated;
    bool target_has_odd_bytes;
    /* TXT strings: txt[txt_first .. txt_first + txt_count) of the info. */
    uint8_t txt_first, txt_count;
    bool txt_truncated; /* some strings of this record did not fit the pool */
};

/* What one DNS message says. */
struct iot_dns_info {
    enum iot_dns_error error; /* IOT_DNS_ERR_NONE iff the parse returned IOT_OK */
    struct iot_dns_header hdr;

    struct iot_dns_question questions[IOT_DNS_MAX_QUESTIONS];
    uint16_t nquestions;
    bool questions_truncated; /* more questions than IOT_DNS_MAX_QUESTIONS */

    /* Answer, authority and additional records, in that order. */
    struct iot_dns_record records[IOT_DNS_MAX_STORED_RECORDS];
    uint16_t nrecords;
    bool records_truncated; /* more records than IOT_DNS_MAX_STORED_RECORDS */

    struct iot_dns_txt txt[IOT_DNS_MAX_TXT];
    uint16_t ntxt;
    bool txt_truncated; /* more TXT strings than IOT_DNS_MAX_TXT */

    bool limited;      /* IOT_MAX_DNS_RECORDS items read: the rest of the counts was not read */
    bool has_trailing; /* bytes after the last record (ignored) */
};

/* Parses one DNS message (a whole UDP payload, exactly len bytes) into *out. Reads no byte
 * outside data[0..len), allocates nothing and keeps no state; safe from any thread.
 * Returns IOT_OK when the message is well formed (some items may not be stored), IOT_ERR_INPUT
 * when it is not (out->error says why; the rest of *out is unspecified but safe to read), or
 * IOT_ERR_USAGE when out is NULL. */
IOT_WARN_UNUSED int iot_dns_parse(const uint8_t *data, size_t len, struct iot_dns_info *out);

/* The dotted counter name of e ("app.dns.ptr_forward"); "app.dns.unknown" when out of range. */
const char *iot_dns_error_name(enum iot_dns_error e);

#endif
