/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passive TCP SYN fingerprinting in the manner of p0f v3, driven by p0f's own signature
 * database (p0f.fp, as Debian's p0f package ships it in /etc/p0f). Only the [tcp:request]
 * section (client SYNs) is kept; the other sections are checked and skipped.
 *
 * THREAD SAFETY: a loaded database is read-only; any number of threads may match against it
 * at once. Loading and freeing are not thread-safe with respect to the same database. */
#ifndef IOTSEC_INVENTORY_INVENTORY_P0F_H
#define IOTSEC_INVENTORY_INVENTORY_P0F_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

struct iot_packet;

#define IOT_P0F_DEFAULT_PATH "/etc/p0f/p0f.fp"

/* Bounds on what a database may hold. The shipped file has about 100 SYN signatures, lines of
 * at most 227 characters and at most 15 options in one layout; the caps stop a corrupt or
 * hostile file from growing tables without bound. */
#define IOT_P0F_MAX_SIGS 4096       /* [tcp:request] signatures kept */
#define IOT_P0F_MAX_LINES 200000    /* lines read from one file, all sections */
#define IOT_P0F_MAX_LINE 1024       /* characters in one line, excluding the newline */
#define IOT_P0F_MAX_FILE (4u << 20) /* bytes in one database file */
#define IOT_P0F_MAX_OPTS 40         /* items in one olayout (40 option bytes, 1 byte each) */
#define IOT_P0F_MAX_CLASSES 32      /* names in the 'classes' directive */
/* p0f's largest believable hop count between a host and the sensor (MAX_DIST in p0f 3.09b's
 * config.h; the database does not state it). A TTL further below the signature's is a fuzzy
 * match only. */
#define IOT_P0F_MAX_DIST 35

#define IOT_P0F_CLASS_LEN 16
#define IOT_P0F_NAME_LEN 64
#define IOT_P0F_FLAVOR_LEN 64
#define IOT_P0F_SYS_LEN 128
#define IOT_P0F_SIG_LEN 512 /* observed signature text; the longest possible is under 400 */

struct iot_p0f_db;

/* A label line: "label = type:class:name:flavor". */
struct iot_p0f_label {
    bool generic;  /* type 'g': a catch-all, used only when no specific signature matches */
    bool userland; /* class '!': a user-space tool (NMap), never matched fuzzily */
    char cls[IOT_P0F_CLASS_LEN];     /* "win", "unix", "other" or "!" */
    char name[IOT_P0F_NAME_LEN];     /* "Linux", "Windows", "NMap" */
    char flavor[IOT_P0F_FLAVOR_LEN]; /* "3.11 and newer"; may be empty */
    char sys[IOT_P0F_SYS_LEN];       /* the "sys =" line of a userland label, else empty */
};

/* One [tcp:request] signature as the database states it. Lives as long as the database. */
struct iot_p0f_match {
    const struct iot_p0f_label *label;
    unsigned line;                  /* its line in the file, for evidence */
    char sig[IOT_P0F_MAX_LINE + 1]; /* the signature text as written after "sig =" */
};

/* Quirk bits, in p0f's order (README section 5). */
enum iot_p0f_quirk {
    IOT_P0F_Q_DF = 1u << 0,      /* df: IPv4 don't-fragment set */
    IOT_P0F_Q_ID_NZ = 1u << 1,   /* id+: DF set and IP ID non-zero */
    IOT_P0F_Q_ID_Z = 1u << 2,    /* id-: DF clear and IP ID zero */
    IOT_P0F_Q_ECN = 1u << 3,     /* ecn: ECN bits in IP, or ECE/CWR/NS in TCP */
    IOT_P0F_Q_MBZ = 1u << 4,     /* 0+: IPv4 reserved flag bit set */
    IOT_P0F_Q_FLOW = 1u << 5,    /* flow: non-zero IPv6 flow label */
    IOT_P0F_Q_SEQ_Z = 1u << 6,   /* seq-: sequence number zero */
    IOT_P0F_Q_ACK_NZ = 1u << 7,  /* ack+: ACK number non-zero without the ACK flag */
    IOT_P0F_Q_ACK_Z = 1u << 8,   /* ack-: ACK number zero with the ACK flag */
    IOT_P0F_Q_UPTR = 1u << 9,    /* uptr+: urgent pointer non-zero without URG */
    IOT_P0F_Q_URG = 1u << 10,    /* urgf+: URG flag set */
    IOT_P0F_Q_PUSH = 1u << 11,   /* pushf+: PSH flag set */
    IOT_P0F_Q_TS1_Z = 1u << 12,  /* ts1-: own timestamp zero */
    IOT_P0F_Q_TS2_NZ = 1u << 13, /* ts2+: peer timestamp non-zero on a SYN */
    IOT_P0F_Q_OPT_NZ = 1u << 14, /* opt+: non-zero bytes after the end-of-options option */
    IOT_P0F_Q_EXWS = 1u << 15,   /* exws: window scale over 14 */
    IOT_P0F_Q_BAD = 1u << 16,    /* bad: malformed TCP options */
    IOT_P0F_Q_ALL = (1u << 17) - 1,
};

/* What matching one SYN produced. */
struct iot_p0f_result {
    bool fingerprinted; /* the packet was an IPv4/IPv6 TCP SYN without ACK */
    bool matched;       /* a signature matched (then match points to it) */
    bool generic;       /* the match is a 'g' signature */
    bool fuzzy;         /* the match needed p0f's tolerance (TTL out of range, quirks drifted) */
    bool random_ttl;    /* the signature's TTL is randomised ("64-"): distance is an upper bound */
    bool excess_dist;   /* the guessed distance exceeds IOT_P0F_MAX_DIST (shown as "+?") */
    uint8_t ttl;        /* observed TTL or hop limit */
    uint8_t ittl;       /* initial TTL: the matched signature's, else the guessed one */
    uint8_t distance;   /* ittl - ttl */
    uint32_t quirks;    /* quirks observed */
    uint32_t quirks_known; /* quirks that could be computed (others: no raw headers to read) */
    const struct iot_p0f_match *match;
    /* The SYN written as p0f writes raw_sig, "4:61+3:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0",
     * so a person can compare it with p0f's own output. */
    char sig[IOT_P0F_SIG_LEN];
    bool sig_truncated;
};

/* Reads a database file (IOT_P0F_DEFAULT_PATH when path is NULL). The load is strict: the
 * first malformed line fails it with "FILE:LINE: reason" in err, as p0f's own reader does.
 * Returns IOT_OK with *out set, IOT_ERR_IO (cannot read), IOT_ERR_INPUT (malformed or over a
 * cap) or IOT_ERR_NOMEM; *out is NULL on failure. Free with iot_p0f_free. */
IOT_WARN_UNUSED int iot_p0f_load(struct iot_p0f_db **out, const char *path, char *err,
                                 size_t errlen);

/* An empty database, to fill with iot_p0f_parse. NULL when memory runs out. */
struct iot_p0f_db *iot_p0f_new(void);

/* Parses the text of one database file into db (the loader's core; exposed for tests and the
 * fuzzer). name is used in messages. Returns IOT_OK, IOT_ERR_INPUT or IOT_ERR_NOMEM; on failure
 * signatures from this text that were already added stay in db (free it). */
IOT_WARN_UNUSED int iot_p0f_parse(struct iot_p0f_db *db, const char *text, size_t len,
                                  const char *name, char *err, size_t errlen);

void iot_p0f_free(struct iot_p0f_db *db);

/* [tcp:request] signatures and labels loaded. */
size_t iot_p0f_sig_count(const struct iot_p0f_db *db);
size_t iot_p0f_label_count(const struct iot_p0f_db *db);

/* Fingerprints a decoded SYN. Fills r (always) and returns the matching signature or NULL.
 * With p->l3 and p->l4 set (a packet from the decoder) every quirk and the exact option layout
 * are read from the headers; a packet built from decoded fields alone lacks the IPv4 reserved
 * bit, ECN bits of the TOS byte, the IPv6 flow label, the urgent pointer and the option bytes
 * after EOL, so those quirks are unknown (not compared) and EOL padding is inferred from the
 * option sizes. */
/* A 64-bit digest of everything in p's SYN that matching reads (TTL, window, options, quirks,
 * IP options, payload presence): two SYNs with the same key get the same result. False when p
 * is not a SYN to fingerprint. Costs a fraction of a match: callers cache results by it. */
bool iot_p0f_syn_key(const struct iot_packet *p, uint64_t *key);

const struct iot_p0f_match *iot_p0f_match_syn(const struct iot_p0f_db *db,
                                              const struct iot_packet *p, struct iot_p0f_result *r);

#endif
