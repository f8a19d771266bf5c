/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS ClientHello parser: what a client reveals before encryption (SNI, ALPN, JA3, JA4). */
#ifndef IOTSEC_APP_APP_TLS_H
#define IOTSEC_APP_APP_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"
#include "util/limits.h"

/* Largest ClientHello body reassembled from the record layer. A real one is 200 bytes to
 * 2 KiB (post-quantum key shares included); 16 KiB is one full TLS record, the most any
 * client needs, and keeps the parser's stack buffer fixed. */
#define IOT_TLS_MAX_HELLO 16384u
/* Longest TLS plaintext record (RFC 8446 5.1: length MUST NOT exceed 2^14). */
#define IOT_TLS_MAX_RECORD 16384u

#define IOT_TLS_SNI_MAX 256          /* a DNS name is at most 255 bytes, plus the NUL */
#define IOT_TLS_MAX_ALPN 8           /* ALPN names kept (all are counted) */
#define IOT_TLS_ALPN_NAME_MAX 64     /* bytes kept per ALPN name, plus the NUL */
#define IOT_TLS_ALPN_FIRST_MAX 256   /* the first ALPN name, whole (at most 255 bytes) */
#define IOT_TLS_MAX_GROUPS 64        /* supported_groups entries kept */
#define IOT_TLS_MAX_POINT_FORMATS 16 /* ec_point_formats entries kept */
#define IOT_TLS_MAX_SIGALGS 64       /* signature_algorithms entries kept */
#define IOT_TLS_MAX_VERSIONS 16      /* supported_versions entries kept */
#define IOT_TLS_MAX_COMPRESSION 8    /* compression methods kept */
#define IOT_TLS_JA3_MAX 1024         /* JA3 string kept (the hash covers the whole string) */
#define IOT_TLS_JA3_HASH_LEN 32      /* hex MD5 */
#define IOT_TLS_JA4_LEN 36           /* "t13d1516h2_8daaf6152771_02713d6af862" */
#define IOT_TLS_JA4_R_MAX 1024       /* raw JA4 (ja4_r) kept */

/* Why a ClientHello was rejected; each has a dotted counter name (iot_tls_error_name). */
enum iot_tls_error {
    IOT_TLS_ERR_NONE = 0,
    IOT_TLS_ERR_INCOMPLETE,       /* the bytes end before the ClientHello does: retry with more */
    IOT_TLS_ERR_NOT_HANDSHAKE,    /* a record's content type is not handshake (22) */
    IOT_TLS_ERR_RECORD_VERSION,   /* a record's version major is not 3 (SSLv2, garbage) */
    IOT_TLS_ERR_RECORD_EMPTY,     /* a zero-length handshake record (RFC 8446 5.1 forbids) */
    IOT_TLS_ERR_RECORD_TOO_LONG,  /* a record longer than 2^14 */
    IOT_TLS_ERR_NOT_CLIENT_HELLO, /* the first handshake message is not a ClientHello (1) */
    IOT_TLS_ERR_HELLO_TOO_LONG,   /* the handshake length exceeds IOT_TLS_MAX_HELLO */
    IOT_TLS_ERR_TRUNC,            /* a fixed field runs past the end of the ClientHello */
    IOT_TLS_ERR_SESSION_ID,       /* session id longer than 32 */
    IOT_TLS_ERR_CIPHERS,          /* cipher suite vector empty, odd or past the end */
    IOT_TLS_ERR_COMPRESSION,      /* compression method vector empty or past the end */
    IOT_TLS_ERR_EXT_OVERRUN,      /* the extension block or one extension runs past its end */
    IOT_TLS_ERR_SNI,              /* server_name inner lengths disagree with the extension */
    IOT_TLS_ERR_ALPN,             /* ALPN inner lengths disagree, or an empty protocol name */
    IOT_TLS_ERR_EXT_BODY,         /* a list extension's inner length disagrees or is odd */
    IOT_TLS_ERR_TRAILING,         /* bytes after the extension block inside the ClientHello */
    IOT_TLS_ERR_MAX
};

/* One parsed ClientHello. Lists hold values in wire order, GREASE included (the fingerprints
 * drop GREASE themselves); each list has a count bounded by its maximum and a truncated flag.
 * Strings are NUL-terminated raw bytes (any byte may occur; the output layer escapes), with
 * their length kept beside them. */
struct iot_tls_info {
    enum iot_tls_error error; /* why IOT_ERR_INPUT was returned, else IOT_TLS_ERR_NONE */

    /* Record layer. */
    uint16_t record_version; /* legacy_record_version of the first record */
    uint16_t records;        /* records the ClientHello spanned */
    size_t consumed;         /* input bytes up to the end of the last record used */
    uint32_t hello_len;      /* handshake body length (without the 4-byte header) */

    /* Fixed fields. */
    uint16_t client_version; /* legacy_version, what JA3 reports */
    uint16_t version;        /* highest non-GREASE supported_versions, else client_version */
    uint8_t session_id_len;
    uint16_t cipher_count;
    bool ciphers_truncated;
    uint16_t ciphers[IOT_MAX_TLS_CIPHERS];
    uint8_t compression_count;
    bool compression_truncated;
    uint8_t compression[IOT_TLS_MAX_COMPRESSION];

    /* Extensions: types in wire order. */
    bool has_extensions; /* the ClientHello carries an extension block (SSLv3 ones do not) */
    uint16_t extension_count;
    bool extensions_truncated;
    uint16_t extensions[IOT_MAX_TLS_EXTENSIONS];
    bool duplicate_extension; /* a parsed extension seen twice; the first one is kept */
    bool grease;              /* any GREASE value (RFC 8701) in a list */

    /* server_name: the first host_name entry. */
    bool has_sni;
    uint16_t sni_len; /* bytes kept in sni */
    bool sni_truncated;
    char sni[IOT_TLS_SNI_MAX];

    /* application_layer_protocol_negotiation. */
    bool has_alpn;
    uint16_t alpn_total; /* names in the extension, all counted */
    uint8_t alpn_first_len;
    char alpn_first[IOT_TLS_ALPN_FIRST_MAX]; /* always whole: a name is at most 255 bytes */
    uint8_t alpn_count;                      /* names kept in alpn[] */
    bool alpn_truncated;                     /* alpn_total > alpn_count */
    uint8_t alpn_len[IOT_TLS_MAX_ALPN];
    bool alpn_names_truncated; /* some kept name was cut to IOT_TLS_ALPN_NAME_MAX - 1 bytes */
    char alpn[IOT_TLS_MAX_ALPN][IOT_TLS_ALPN_NAME_MAX];

    uint16_t group_count;
    bool groups_truncated;
    uint16_t groups[IOT_TLS_MAX_GROUPS];
    uint16_t point_format_count;
    bool point_formats_truncated;
    uint8_t point_formats[IOT_TLS_MAX_POINT_FORMATS];
    uint16_t sigalg_count;
    bool sigalgs_truncated;
    uint16_t sigalgs[IOT_TLS_MAX_SIGALGS];
    bool has_supported_versions;
    uint16_t version_count;
    bool versions_truncated;
    uint16_t versions[IOT_TLS_MAX_VERSIONS];

    /* Fingerprints. They are computed over the kept lists; fingerprint_partial says some list
     * was truncated, so the hashes may differ from another tool's. */
    bool fingerprint_partial;
    bool ja3_truncated; /* ja3 holds a prefix; ja3_hash still covers the whole string */
    char ja3[IOT_TLS_JA3_MAX];
    char ja3_hash[IOT_TLS_JA3_HASH_LEN + 1];
    char ja4[IOT_TLS_JA4_LEN + 1];
    bool ja4_r_truncated;
    char ja4_r[IOT_TLS_JA4_R_MAX];
};

/* True for the 16 GREASE values of RFC 8701 (0x0a0a, 0x1a1a, ..., 0xfafa). */
bool iot_tls_is_grease(uint16_t v);

/* Parses the ClientHello at the start of a client-to-server TCP stream: data holds the first
 * len in-order bytes of that direction (exactly sized; nothing past len is read). A ClientHello
 * split over several records is reassembled, up to IOT_TLS_MAX_HELLO bytes. No allocation,
 * no global state (thread-safe); about 21 KiB of stack (reassembly buffer, JA3 scratch).
 * Returns IOT_OK with *out filled (fields may be truncated), IOT_ERR_INPUT with out->error set
 * when the bytes are not a ClientHello (IOT_TLS_ERR_INCOMPLETE: not yet, give more bytes), or
 * IOT_ERR_USAGE when out is NULL or data is NULL with len > 0. */
IOT_WARN_UNUSED int iot_tls_parse(const uint8_t *data, size_t len, struct iot_tls_info *out);

/* Dotted counter name of an error ("app.tls.ext_overrun"); "app.tls.unknown" if out of range. */
const char *iot_tls_error_name(enum iot_tls_error e);

#endif
