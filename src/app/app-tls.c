/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS ClientHello parser: record reassembly, hello fields, extensions, JA3 and JA4. */
#include "iotsec-common.h"
#include "app/app-tls.h"

#include <ndpi/ndpi_api.h>
#include <sodium.h>

#include "util/util-cursor.h"

#define TLS_CT_HANDSHAKE 22
#define TLS_HS_CLIENT_HELLO 1
#define TLS_HS_HDR 4
#define TLS_RANDOM_LEN 32
#define TLS_SESSION_ID_MAX 32

#define TLS_EXT_SNI 0x0000
#define TLS_EXT_GROUPS 0x000a
#define TLS_EXT_POINT_FORMATS 0x000b
#define TLS_EXT_SIGALGS 0x000d
#define TLS_EXT_ALPN 0x0010
#define TLS_EXT_VERSIONS 0x002b

/* Every record adds at least one byte to the handshake (empty ones are rejected), so this
 * many records always complete or overflow the ClientHello: the record loop's fixed bound. */
#define TLS_MAX_RECORD_WALK (TLS_HS_HDR + IOT_TLS_MAX_HELLO)
/* Item loops inside the hello: each item takes at least one byte of a body that is at most
 * IOT_TLS_MAX_HELLO long, so the bytes always run out first; this is the second bound (R6). */
#define TLS_MAX_ITEM_WALK IOT_TLS_MAX_HELLO

/* Worst-case JA3 string from the kept lists: "65535," then "65535-" per cipher, extension and
 * group and "255-" per point format, plus the commas and the NUL. */
#define TLS_JA3_SCRATCH                                                                            \
    (6 + 6 * IOT_MAX_TLS_CIPHERS + 6 * IOT_MAX_TLS_EXTENSIONS + 6 * IOT_TLS_MAX_GROUPS +           \
     4 * IOT_TLS_MAX_POINT_FORMATS + 8)

/* Bits of tls_ctx.seen: extensions whose body is parsed, so a second copy is spotted. */
enum {
    SEEN_SNI = 1u << 0,
    SEEN_ALPN = 1u << 1,
    SEEN_GROUPS = 1u << 2,
    SEEN_POINT_FORMATS = 1u << 3,
    SEEN_SIGALGS = 1u << 4,
    SEEN_VERSIONS = 1u << 5,
};

/* Parse state the fingerprints need beyond the kept lists: JA4 counts every non-GREASE
 * cipher and extension, even past a list's cap, so its first part is always exact. */
struct tls_ctx {
    unsigned seen;
    uint32_t ciphers_nongrease;
    uint32_t extensions_nongrease;
    bool sni_ext;
};

static const char *const tls_error_names[IOT_TLS_ERR_MAX] = {
    [IOT_TLS_ERR_NONE] = "app.tls.none",
    [IOT_TLS_ERR_INCOMPLETE] = "app.tls.incomplete",
    [IOT_TLS_ERR_NOT_HANDSHAKE] = "app.tls.not_handshake",
    [IOT_TLS_ERR_RECORD_VERSION] = "app.tls.record_version",
    [IOT_TLS_ERR_RECORD_EMPTY] = "app.tls.record_empty",
    [IOT_TLS_ERR_RECORD_TOO_LONG] = "app.tls.record_too_long",
    [IOT_TLS_ERR_NOT_CLIENT_HELLO] = "app.tls.not_client_hello",
    [IOT_TLS_ERR_HELLO_TOO_LONG] = "app.tls.hello_too_long",
    [IOT_TLS_ERR_TRUNC] = "app.tls.trunc",
    [IOT_TLS_ERR_SESSION_ID] = "app.tls.session_id",
    [IOT_TLS_ERR_CIPHERS] = "app.tls.ciphers",
    [IOT_TLS_ERR_COMPRESSION] = "app.tls.compression",
    [IOT_TLS_ERR_EXT_OVERRUN] = "app.tls.ext_overrun",
    [IOT_TLS_ERR_SNI] = "app.tls.sni",
    [IOT_TLS_ERR_ALPN] = "app.tls.alpn",
    [IOT_TLS_ERR_EXT_BODY] = "app.tls.ext_body",
    [IOT_TLS_ERR_TRAILING] = "app.tls.trailing",
};

const char *iot_tls_error_name(enum iot_tls_error e)
{
    if ((unsigned)e >= IOT_TLS_ERR_MAX)
        return "app.tls.unknown";
    return tls_error_names[e];
}

bool iot_tls_is_grease(uint16_t v)
{
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

static int tls_fail(struct iot_tls_info *out, enum iot_tls_error e)
{
    out->error = e;
    return IOT_ERR_INPUT;
}

/* ---- Bounded string building for the fingerprints. ---- */

struct sbuf {
    char *p;
    size_t cap; /* > 0; len < cap always holds, so p[len] is the NUL */
    size_t len;
    bool trunc;
};

static void sb_init(struct sbuf *s, char *p, size_t cap)
{
    s->p = p;
    s->cap = cap;
    s->len = 0;
    s->trunc = false;
    p[0] = '\0';
}

static void sb_putc(struct sbuf *s, char ch)
{
    if (s->cap - s->len < 2) {
        s->trunc = true;
        return;
    }
    s->p[s->len++] = ch;
    s->p[s->len] = '\0';
}

static void sb_dec(struct sbuf *s, unsigned v)
{
    char d[10];
    size_t n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0 && n < sizeof(d));
    while (n > 0)
        sb_putc(s, d[--n]);
}

static const char tls_hex[] = "0123456789abcdef";

/* Lowercase 4-digit hex, as JA4 prints cipher, extension and signature values. */
static void hex4(uint16_t v, char h[4])
{
    h[0] = tls_hex[(v >> 12) & 15];
    h[1] = tls_hex[(v >> 8) & 15];
    h[2] = tls_hex[(v >> 4) & 15];
    h[3] = tls_hex[v & 15];
}

/* ---- Record layer. ---- */

/* Copies from a record fragment into the handshake buffer what the ClientHello still needs,
 * checking the handshake header as soon as its bytes arrive so garbage is refused early. */
static int tls_take(struct iot_cur *frag, uint8_t *hs, size_t *have, size_t *need,
                    struct iot_tls_info *out)
{
    /* Two rounds at most: one up to the end of the 4-byte header, one for the body. */
    for (int round = 0; round < 2 && iot_cur_left(frag) > 0 && *have < *need; round++) {
        size_t take = IOT_MIN(iot_cur_left(frag), *need - *have);
        if (!iot_cur_bytes(frag, &hs[*have], take))
            return tls_fail(out, IOT_TLS_ERR_TRUNC);
        *have += take;
        if (hs[0] != TLS_HS_CLIENT_HELLO)
            return tls_fail(out, IOT_TLS_ERR_NOT_CLIENT_HELLO);
        if (*have == TLS_HS_HDR && *need == TLS_HS_HDR) {
            uint32_t hl = (uint32_t)hs[1] << 16 | (uint32_t)hs[2] << 8 | hs[3];
            /* The 24-bit length is attacker-chosen (up to 16 MiB): cap it so the copy below
             * fits the fixed buffer and a peer cannot make the caller buffer without end. */
            if (hl > IOT_TLS_MAX_HELLO)
                return tls_fail(out, IOT_TLS_ERR_HELLO_TOO_LONG);
            out->hello_len = hl;
            *need = TLS_HS_HDR + hl;
        }
    }
    return IOT_OK;
}

/* Walks handshake records from the start of the stream and gathers the ClientHello's
 * handshake message (header included) into hs. */
static int tls_reassemble(struct iot_cur *in, uint8_t *hs, size_t *hs_len, struct iot_tls_info *out)
{
    size_t have = 0, need = TLS_HS_HDR;

    for (unsigned r = 0; r < TLS_MAX_RECORD_WALK; r++) {
        uint8_t type, vmaj, vmin;
        uint16_t rlen;
        struct iot_cur frag;

        /* Each byte is checked as soon as it is there, so a caller holding a few bytes of a
         * non-TLS stream hears "no" at once instead of buffering for a ClientHello. */
        if (!iot_cur_u8(in, &type))
            return tls_fail(out, IOT_TLS_ERR_INCOMPLETE);
        /* Alerts, change_cipher_spec or application data before the hello is complete are
         * not a ClientHello; interleaving is forbidden (RFC 8446 5.1). */
        if (type != TLS_CT_HANDSHAKE)
            return tls_fail(out, IOT_TLS_ERR_NOT_HANDSHAKE);
        if (!iot_cur_u8(in, &vmaj))
            return tls_fail(out, IOT_TLS_ERR_INCOMPLETE);
        /* Major 3 is every SSLv3/TLS record; anything else is SSLv2 or not TLS at all. */
        if (vmaj != 3)
            return tls_fail(out, IOT_TLS_ERR_RECORD_VERSION);
        if (!iot_cur_u8(in, &vmin) || !iot_cur_u16be(in, &rlen))
            return tls_fail(out, IOT_TLS_ERR_INCOMPLETE);
        if (r == 0)
            out->record_version = (uint16_t)(vmaj << 8 | vmin);
        /* Empty handshake records are forbidden and would let a peer spin this loop on
         * headers alone without progressing. */
        if (rlen == 0)
            return tls_fail(out, IOT_TLS_ERR_RECORD_EMPTY);
        if (rlen > IOT_TLS_MAX_RECORD)
            return tls_fail(out, IOT_TLS_ERR_RECORD_TOO_LONG);
        if (!iot_cur_sub(in, rlen, &frag))
            return tls_fail(out, IOT_TLS_ERR_INCOMPLETE);
        out->records = (uint16_t)IOT_MIN(r + 1, UINT16_MAX);
        int rc = tls_take(&frag, hs, &have, &need, out);
        if (rc != IOT_OK)
            return rc;
        /* tls_take reads the header the moment its 4 bytes are in, so from then on need
         * is the whole message. */
        if (have >= TLS_HS_HDR && have == need) {
            out->consumed = in->off;
            *hs_len = have;
            return IOT_OK;
        }
    }
    /* Unreachable: each record adds a byte, so the hello completes within the bound. */
    return tls_fail(out, IOT_TLS_ERR_HELLO_TOO_LONG);
}

/* ---- Extension bodies. ---- */

/* Copies n bytes from c into a NUL-terminated array of size cap, keeping what fits. */
static bool tls_copy_str(struct iot_cur *c, size_t n, char *dst, size_t cap, bool *trunc)
{
    size_t keep = IOT_MIN(n, cap - 1);
    if (!iot_cur_bytes(c, dst, keep) || !iot_cur_skip(c, n - keep))
        return false;
    dst[keep] = '\0';
    if (keep < n)
        *trunc = true;
    return true;
}

/* A vector of u16 values behind a length of lenbytes (1 or 2) bytes that must fill the
 * extension exactly; an inner length that disagrees with the outer one is how parsers are
 * made to read different data than the server does, so it is refused. */
static bool tls_u16_list(struct iot_cur *c, unsigned lenbytes, uint16_t *dst, size_t max,
                         uint16_t *count, bool *trunc, bool *grease)
{
    size_t vlen;
    if (lenbytes == 1) {
        uint8_t l;
        if (!iot_cur_u8(c, &l))
            return false;
        vlen = l;
    } else {
        uint16_t l;
        if (!iot_cur_u16be(c, &l))
            return false;
        vlen = l;
    }
    if (vlen != iot_cur_left(c) || vlen % 2 != 0)
        return false;
    for (size_t i = 0; i < TLS_MAX_ITEM_WALK && iot_cur_left(c) > 0; i++) {
        uint16_t v;
        if (!iot_cur_u16be(c, &v))
            return false;
        if (iot_tls_is_grease(v))
            *grease = true;
        if (*count < max)
            dst[(*count)++] = v;
        else
            *trunc = true;
    }
    return true;
}

/* server_name (RFC 6066 3): a non-empty list of {type, name}; the first host_name is kept. */
static int tls_ext_sni(struct iot_cur *c, struct iot_tls_info *out)
{
    uint16_t list_len;
    if (!iot_cur_u16be(c, &list_len) || list_len != iot_cur_left(c) || list_len == 0)
        return tls_fail(out, IOT_TLS_ERR_SNI);
    for (size_t i = 0; i < TLS_MAX_ITEM_WALK && iot_cur_left(c) > 0; i++) {
        uint8_t type;
        uint16_t nlen;
        struct iot_cur name;
        if (!iot_cur_u8(c, &type) || !iot_cur_u16be(c, &nlen) || nlen == 0 ||
            !iot_cur_sub(c, nlen, &name))
            return tls_fail(out, IOT_TLS_ERR_SNI);
        if (type == 0 && !out->has_sni) {
            if (!tls_copy_str(&name, nlen, out->sni, sizeof(out->sni), &out->sni_truncated))
                return tls_fail(out, IOT_TLS_ERR_SNI);
            out->sni_len = (uint16_t)IOT_MIN(nlen, sizeof(out->sni) - 1);
            out->has_sni = true;
        }
    }
    return IOT_OK;
}

/* ALPN (RFC 7301 3.1): a non-empty list of non-empty names, each behind a 1-byte length. */
static int tls_ext_alpn(struct iot_cur *c, struct iot_tls_info *out)
{
    uint16_t list_len;
    if (!iot_cur_u16be(c, &list_len) || list_len != iot_cur_left(c) || list_len == 0)
        return tls_fail(out, IOT_TLS_ERR_ALPN);
    out->has_alpn = true;
    for (size_t i = 0; i < TLS_MAX_ITEM_WALK && iot_cur_left(c) > 0; i++) {
        uint8_t nlen;
        struct iot_cur name, again;
        if (!iot_cur_u8(c, &nlen) || nlen == 0 || !iot_cur_sub(c, nlen, &name))
            return tls_fail(out, IOT_TLS_ERR_ALPN);
        again = name;
        if (out->alpn_total == 0) {
            bool never = false; /* 255 bytes always fit the 256-byte array */
            if (!tls_copy_str(&again, nlen, out->alpn_first, sizeof(out->alpn_first), &never))
                return tls_fail(out, IOT_TLS_ERR_ALPN);
            out->alpn_first_len = nlen;
        }
        if (out->alpn_count < IOT_TLS_MAX_ALPN) {
            uint8_t k = out->alpn_count++;
            if (!tls_copy_str(&name, nlen, out->alpn[k], sizeof(out->alpn[k]),
                              &out->alpn_names_truncated))
                return tls_fail(out, IOT_TLS_ERR_ALPN);
            out->alpn_len[k] = (uint8_t)IOT_MIN(nlen, sizeof(out->alpn[k]) - 1);
        } else {
            out->alpn_truncated = true;
        }
        if (out->alpn_total < UINT16_MAX)
            out->alpn_total++;
    }
    return IOT_OK;
}

/* ec_point_formats (RFC 8422 5.1.2): u8 values behind a 1-byte length filling the body. */
static int tls_ext_point_formats(struct iot_cur *c, struct iot_tls_info *out)
{
    uint8_t vlen;
    if (!iot_cur_u8(c, &vlen) || vlen != iot_cur_left(c))
        return tls_fail(out, IOT_TLS_ERR_EXT_BODY);
    for (size_t i = 0; i < TLS_MAX_ITEM_WALK && iot_cur_left(c) > 0; i++) {
        uint8_t v;
        if (!iot_cur_u8(c, &v))
            return tls_fail(out, IOT_TLS_ERR_EXT_BODY);
        if (out->point_format_count < IOT_TLS_MAX_POINT_FORMATS)
            out->point_formats[out->point_format_count++] = v;
        else
            out->point_formats_truncated = true;
    }
    return IOT_OK;
}

/* Parses the body of the extensions whose content iotsec keeps; others are only listed. */
static int tls_ext_body(uint16_t type, struct iot_cur *body, struct iot_tls_info *out,
                        struct tls_ctx *ctx)
{
    unsigned bit;
    switch (type) {
    case TLS_EXT_SNI:
        bit = SEEN_SNI;
        break;
    case TLS_EXT_ALPN:
        bit = SEEN_ALPN;
        break;
    case TLS_EXT_GROUPS:
        bit = SEEN_GROUPS;
        break;
    case TLS_EXT_POINT_FORMATS:
        bit = SEEN_POINT_FORMATS;
        break;
    case TLS_EXT_SIGALGS:
        bit = SEEN_SIGALGS;
        break;
    case TLS_EXT_VERSIONS:
        bit = SEEN_VERSIONS;
        break;
    default:
        return IOT_OK;
    }
    /* A repeated extension (RFC 8446 4.2 forbids it) could give an inspector one SNI and the
     * server another; keep the first, as most servers would, and flag the hello. */
    if (ctx->seen & bit) {
        out->duplicate_extension = true;
        return IOT_OK;
    }
    ctx->seen |= bit;

    bool ok = true;
    switch (type) {
    case TLS_EXT_SNI:
        return tls_ext_sni(body, out);
    case TLS_EXT_ALPN:
        return tls_ext_alpn(body, out);
    case TLS_EXT_POINT_FORMATS:
        return tls_ext_point_formats(body, out);
    case TLS_EXT_GROUPS:
        ok = tls_u16_list(body, 2, out->groups, IOT_TLS_MAX_GROUPS, &out->group_count,
                          &out->groups_truncated, &out->grease);
        break;
    case TLS_EXT_SIGALGS:
        ok = tls_u16_list(body, 2, out->sigalgs, IOT_TLS_MAX_SIGALGS, &out->sigalg_count,
                          &out->sigalgs_truncated, &out->grease);
        break;
    default: /* TLS_EXT_VERSIONS */
        out->has_supported_versions = true;
        ok = tls_u16_list(body, 1, out->versions, IOT_TLS_MAX_VERSIONS, &out->version_count,
                          &out->versions_truncated, &out->grease);
        break;
    }
    return ok ? IOT_OK : tls_fail(out, IOT_TLS_ERR_EXT_BODY);
}

static int tls_extensions(struct iot_cur *c, struct iot_tls_info *out, struct tls_ctx *ctx)
{
    uint16_t block_len;
    struct iot_cur block;

    if (!iot_cur_u16be(c, &block_len))
        return tls_fail(out, IOT_TLS_ERR_TRUNC);
    /* The block length is attacker-chosen: it must fit in what the handshake length left. */
    if (!iot_cur_sub(c, block_len, &block))
        return tls_fail(out, IOT_TLS_ERR_EXT_OVERRUN);
    out->has_extensions = true;
    for (size_t i = 0; i < TLS_MAX_ITEM_WALK && iot_cur_left(&block) > 0; i++) {
        uint16_t type, elen;
        struct iot_cur body;
        /* A header or a body past the block's end is an over-read attempt or a cut message;
         * either way the extension walk cannot be trusted. */
        if (!iot_cur_u16be(&block, &type) || !iot_cur_u16be(&block, &elen) ||
            !iot_cur_sub(&block, elen, &body))
            return tls_fail(out, IOT_TLS_ERR_EXT_OVERRUN);
        if (iot_tls_is_grease(type)) {
            out->grease = true;
        } else {
            ctx->extensions_nongrease++;
            if (type == TLS_EXT_SNI)
                ctx->sni_ext = true;
        }
        if (out->extension_count < IOT_MAX_TLS_EXTENSIONS)
            out->extensions[out->extension_count++] = type;
        else
            out->extensions_truncated = true;
        int rc = tls_ext_body(type, &body, out, ctx);
        if (rc != IOT_OK)
            return rc;
    }
    /* Bytes after the block inside the ClientHello: a smuggling spot a server rejects. */
    if (iot_cur_left(c) != 0)
        return tls_fail(out, IOT_TLS_ERR_TRAILING);
    return IOT_OK;
}

/* ---- The ClientHello body (RFC 8446 4.1.2, RFC 5246 7.4.1.2). ---- */

static int tls_hello(struct iot_cur *c, struct iot_tls_info *out, struct tls_ctx *ctx)
{
    uint8_t sid_len, comp_len;
    uint16_t cs_len;
    struct iot_cur cs, comp;

    if (!iot_cur_u16be(c, &out->client_version) || !iot_cur_skip(c, TLS_RANDOM_LEN) ||
        !iot_cur_u8(c, &sid_len))
        return tls_fail(out, IOT_TLS_ERR_TRUNC);
    if (sid_len > TLS_SESSION_ID_MAX)
        return tls_fail(out, IOT_TLS_ERR_SESSION_ID);
    if (!iot_cur_skip(c, sid_len))
        return tls_fail(out, IOT_TLS_ERR_TRUNC);
    out->session_id_len = sid_len;

    /* cipher_suites<2..2^16-2>: an empty or odd vector is malformed (RFC 8446 4.1.2). */
    if (!iot_cur_u16be(c, &cs_len))
        return tls_fail(out, IOT_TLS_ERR_TRUNC);
    if (cs_len == 0 || cs_len % 2 != 0 || !iot_cur_sub(c, cs_len, &cs))
        return tls_fail(out, IOT_TLS_ERR_CIPHERS);
    for (size_t i = 0; i < TLS_MAX_ITEM_WALK && iot_cur_left(&cs) > 0; i++) {
        uint16_t v;
        if (!iot_cur_u16be(&cs, &v))
            return tls_fail(out, IOT_TLS_ERR_CIPHERS);
        if (iot_tls_is_grease(v))
            out->grease = true;
        else
            ctx->ciphers_nongrease++;
        if (out->cipher_count < IOT_MAX_TLS_CIPHERS)
            out->ciphers[out->cipher_count++] = v;
        else
            out->ciphers_truncated = true;
    }

    /* legacy_compression_methods<1..2^8-1>. */
    if (!iot_cur_u8(c, &comp_len))
        return tls_fail(out, IOT_TLS_ERR_TRUNC);
    if (comp_len == 0 || !iot_cur_sub(c, comp_len, &comp))
        return tls_fail(out, IOT_TLS_ERR_COMPRESSION);
    for (size_t i = 0; i < TLS_MAX_ITEM_WALK && iot_cur_left(&comp) > 0; i++) {
        uint8_t m;
        if (!iot_cur_u8(&comp, &m))
            return tls_fail(out, IOT_TLS_ERR_COMPRESSION);
        if (out->compression_count < IOT_TLS_MAX_COMPRESSION)
            out->compression[out->compression_count++] = m;
        else
            out->compression_truncated = true;
    }

    /* SSLv3 and early TLS clients may end here: no extension block at all. */
    if (iot_cur_left(c) > 0) {
        int rc = tls_extensions(c, out, ctx);
        if (rc != IOT_OK)
            return rc;
    }

    out->version = out->client_version;
    bool found = false;
    for (size_t i = 0; i < out->version_count; i++) {
        uint16_t v = out->versions[i];
        if (!iot_tls_is_grease(v) && (!found || v > out->version)) {
            out->version = v;
            found = true;
        }
    }
    out->fingerprint_partial = out->ciphers_truncated || out->extensions_truncated ||
                               out->groups_truncated || out->point_formats_truncated ||
                               out->sigalgs_truncated || out->versions_truncated;
    return IOT_OK;
}

/* ---- JA3 (Salesforce): "version,ciphers,extensions,groups,point formats" in decimal. ---- */

static void ja3_list(struct sbuf *s, const uint16_t *v, size_t n)
{
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (iot_tls_is_grease(v[i]))
            continue;
        if (!first)
            sb_putc(s, '-');
        sb_dec(s, v[i]);
        first = false;
    }
}

static void tls_ja3(struct iot_tls_info *out)
{
    char full[TLS_JA3_SCRATCH];
    struct sbuf s;
    unsigned char md5[16];

    sb_init(&s, full, sizeof(full));
    sb_dec(&s, out->client_version);
    sb_putc(&s, ',');
    ja3_list(&s, out->ciphers, out->cipher_count);
    sb_putc(&s, ',');
    ja3_list(&s, out->extensions, out->extension_count);
    sb_putc(&s, ',');
    ja3_list(&s, out->groups, out->group_count);
    sb_putc(&s, ',');
    for (size_t i = 0; i < out->point_format_count; i++) {
        if (i > 0)
            sb_putc(&s, '-');
        sb_dec(&s, out->point_formats[i]);
    }
    IOT_DEBUG_VALIDATE(!s.trunc); /* the scratch is sized for the kept lists */

    ndpi_md5((const u_char *)full, s.len, md5);
    for (size_t i = 0; i < sizeof(md5); i++) {
        out->ja3_hash[2 * i] = tls_hex[md5[i] >> 4];
        out->ja3_hash[2 * i + 1] = tls_hex[md5[i] & 15];
    }
    out->ja3_hash[IOT_TLS_JA3_HASH_LEN] = '\0';

    size_t keep = IOT_MIN(s.len, sizeof(out->ja3) - 1);
    memcpy(out->ja3, full, keep);
    out->ja3[keep] = '\0';
    out->ja3_truncated = keep < s.len;
}

/* ---- JA4 (FoxIO, TLS client). ---- */

/* One hashed section of JA4 (b or c): fed to SHA-256 and to the raw ja4_r string at once. */
struct ja4_part {
    crypto_hash_sha256_state st;
    struct sbuf *raw;
    bool any;
};

static void ja4_put(struct ja4_part *h, const char *p, size_t n)
{
    crypto_hash_sha256_update(&h->st, (const unsigned char *)p, n);
    h->any = h->any || n > 0;
    for (size_t i = 0; i < n; i++)
        sb_putc(h->raw, p[i]);
}

/* Comma-joined 4-hex-digit values; GREASE skipped, optionally SNI and ALPN too. */
static void ja4_list(struct ja4_part *h, const uint16_t *v, size_t n, bool skip_sni_alpn)
{
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        char hx[4];
        if (iot_tls_is_grease(v[i]))
            continue;
        if (skip_sni_alpn && (v[i] == TLS_EXT_SNI || v[i] == TLS_EXT_ALPN))
            continue;
        if (!first)
            ja4_put(h, ",", 1);
        hex4(v[i], hx);
        ja4_put(h, hx, sizeof(hx));
        first = false;
    }
}

/* The first 12 hex digits of the SHA-256, or twelve zeros when nothing was hashed. */
static void ja4_finish(struct ja4_part *h, char dst[12])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h->st, d);
    for (size_t i = 0; i < 6; i++) {
        dst[2 * i] = h->any ? tls_hex[d[i] >> 4] : '0';
        dst[2 * i + 1] = h->any ? tls_hex[d[i] & 15] : '0';
    }
}

static int cmp_u16(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    return (x > y) - (x < y);
}

static const char *ja4_version(uint16_t v)
{
    switch (v) {
    case 0x0304:
        return "13";
    case 0x0303:
        return "12";
    case 0x0302:
        return "11";
    case 0x0301:
        return "10";
    case 0x0300:
        return "s3";
    case 0x0200:
    case 0x0002:
        return "s2";
    case 0x0100:
        return "s1";
    default:
        return "00";
    }
}

static bool is_alnum(uint8_t ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

/* ja4_a: t, version, d/i, counts, ALPN first and last characters (their hex digits if
 * either is not alphanumeric, as the spec says). */
static void ja4_a(const struct iot_tls_info *out, const struct tls_ctx *ctx, char a[11])
{
    const char *ver = ja4_version(out->version);
    unsigned nc = (unsigned)IOT_MIN(ctx->ciphers_nongrease, 99u);
    unsigned ne = (unsigned)IOT_MIN(ctx->extensions_nongrease, 99u);

    a[0] = 't';
    a[1] = ver[0];
    a[2] = ver[1];
    a[3] = ctx->sni_ext ? 'd' : 'i';
    a[4] = (char)('0' + nc / 10);
    a[5] = (char)('0' + nc % 10);
    a[6] = (char)('0' + ne / 10);
    a[7] = (char)('0' + ne % 10);
    a[8] = a[9] = '0';
    if (out->alpn_first_len > 0) {
        uint8_t f = (uint8_t)out->alpn_first[0];
        uint8_t l = (uint8_t)out->alpn_first[out->alpn_first_len - 1];
        if (is_alnum(f) && is_alnum(l)) {
            a[8] = (char)f;
            a[9] = (char)l;
        } else {
            a[8] = tls_hex[f >> 4];
            a[9] = tls_hex[l & 15];
        }
    }
    a[10] = '\0';
}

static void tls_ja4(struct iot_tls_info *out, const struct tls_ctx *ctx)
{
    uint16_t sorted[IOT_MAX_TLS_CIPHERS];
    char a[11];
    struct sbuf raw;
    struct ja4_part h;

    ja4_a(out, ctx, a);
    memcpy(out->ja4, a, 10);
    out->ja4[10] = '_';
    out->ja4[23] = '_';
    out->ja4[IOT_TLS_JA4_LEN] = '\0';
    sb_init(&raw, out->ja4_r, sizeof(out->ja4_r));
    for (size_t i = 0; i < 10; i++)
        sb_putc(&raw, a[i]);
    sb_putc(&raw, '_');

    /* ja4_b: the ciphers sorted. */
    h.raw = &raw;
    h.any = false;
    crypto_hash_sha256_init(&h.st);
    memcpy(sorted, out->ciphers, out->cipher_count * sizeof(sorted[0]));
    qsort(sorted, out->cipher_count, sizeof(sorted[0]), cmp_u16);
    ja4_list(&h, sorted, out->cipher_count, false);
    ja4_finish(&h, &out->ja4[11]);
    sb_putc(&raw, '_');

    /* ja4_c: extensions sorted without SNI and ALPN, then the signature algorithms in wire
     * order after '_' (no '_' when there are none). */
    h.any = false;
    crypto_hash_sha256_init(&h.st);
    IOT_DEBUG_VALIDATE(out->extension_count <= IOT_ARRAY_LEN(sorted));
    memcpy(sorted, out->extensions, out->extension_count * sizeof(sorted[0]));
    qsort(sorted, out->extension_count, sizeof(sorted[0]), cmp_u16);
    ja4_list(&h, sorted, out->extension_count, true);
    bool sig = false;
    for (size_t i = 0; i < out->sigalg_count && !sig; i++)
        sig = !iot_tls_is_grease(out->sigalgs[i]);
    if (sig) {
        ja4_put(&h, "_", 1);
        ja4_list(&h, out->sigalgs, out->sigalg_count, false);
    }
    ja4_finish(&h, &out->ja4[24]);
    out->ja4_r_truncated = raw.trunc;
}

int iot_tls_parse(const uint8_t *data, size_t len, struct iot_tls_info *out)
{
    /* The ClientHello is gathered here even when one record holds it all: one code path for
     * split and whole hellos, and the copy is bounded by IOT_TLS_MAX_HELLO. */
    uint8_t hs[TLS_HS_HDR + IOT_TLS_MAX_HELLO];
    struct tls_ctx ctx;
    size_t hs_len = 0;
    int rc;

    if (out == NULL || (data == NULL && len > 0))
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    memset(&ctx, 0, sizeof(ctx));

    struct iot_cur in = iot_cur_init(data, len);
    rc = tls_reassemble(&in, hs, &hs_len, out);
    if (rc != IOT_OK)
        return rc;

    struct iot_cur c = iot_cur_init(hs, hs_len);
    if (!iot_cur_skip(&c, TLS_HS_HDR))
        return tls_fail(out, IOT_TLS_ERR_TRUNC);
    rc = tls_hello(&c, out, &ctx);
    if (rc != IOT_OK)
        return rc;
    tls_ja3(out);
    tls_ja4(out, &ctx);
    return IOT_OK;
}
