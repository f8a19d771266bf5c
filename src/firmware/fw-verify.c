/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Streaming firmware verifier: header, payload and protected TLVs are hashed (the digest TLV)
 * and fed to prehashed Ed25519 as they pass, the TLV areas are kept in fixed buffers, and every
 * decision waits for the end of the image. Allocates nothing (see include/iotsec/fw-verify.h). */
#include "iotsec/fw-verify.h"

#include <sodium.h>
#include <string.h>

#include "fw-format.h"
#include "fw-sig.h"

enum fw_phase { PH_HEADER, PH_PAD, PH_PAYLOAD, PH_PROT, PH_UNPROT_INFO, PH_UNPROT, PH_DONE };

struct fw_decrypt {
    crypto_secretstream_xchacha20poly1305_state ss;
    uint8_t ssheader[IOT_FW_ENC_HEADER_BYTES];
    uint8_t cbuf[IOT_FW_ENC_CHUNK + IOT_FW_ENC_ABYTES];
    uint8_t pbuf[IOT_FW_ENC_CHUNK];
    size_t have;       /* bytes in ssheader (before the stream starts) or cbuf */
    uint64_t consumed; /* payload bytes seen */
    uint64_t released; /* plaintext bytes handed to the sink */
    int started;
};

struct fw_state {
    struct iot_fw_sig sign; /* Ed25519ph: SHA-512 of the signed region */
    union {
        crypto_hash_sha256_state sha256;
        crypto_generichash_state blake2b;
    } digest;
    const struct iot_fw_trusted_key *keys;
    size_t nkeys;
    const struct iot_fw_store *store;
    struct fw_decrypt *dec;
    const uint8_t *dec_key;
    iot_fw_sink_fn sink;
    void *sink_ctx;
    struct iot_fw_header hdr;
    enum fw_phase phase;
    int error;
    int finalized; /* final returned IOT_FW_OK: commit may run */
    uint64_t left; /* bytes left in the current phase */
    size_t have;   /* bytes collected in the current buffer */
    uint8_t hbuf[IOT_FW_HDR_MIN];
    uint8_t prot[IOT_FW_TLV_AREA_MAX];
    uint8_t unprot[IOT_FW_TLV_AREA_MAX];
    uint16_t unprot_len;
    uint32_t counter;
};

_Static_assert(sizeof(struct fw_state) <= sizeof(struct iot_fw_verify_state),
               "iot_fw_verify_state too small");
_Static_assert(sizeof(struct fw_decrypt) <= sizeof(struct iot_fw_decrypt_state),
               "iot_fw_decrypt_state too small");

static struct fw_state *fw_state(struct iot_fw_verify_state *st)
{
    return (struct fw_state *)(void *)st->opaque;
}

void iot_fw_keyid(const uint8_t pk[IOT_FW_PUBLICKEY_BYTES], uint8_t keyid[IOT_FW_KEYID_BYTES])
{
    crypto_hash_sha256(keyid, pk, IOT_FW_PUBLICKEY_BYTES);
}

int iot_fw_verify_init(struct iot_fw_verify_state *st, const struct iot_fw_trusted_key *keys,
                       size_t nkeys, const struct iot_fw_store *store)
{
    if (st == NULL || (keys == NULL && nkeys > 0))
        return IOT_FW_E_USAGE;
    /* A store missing a callback would silently skip that check: refuse it instead. */
    if (store != NULL &&
        (store->read_counter == NULL || store->write_counter == NULL || store->is_revoked == NULL))
        return IOT_FW_E_USAGE;
    if (sodium_init() < 0)
        return IOT_FW_E_USAGE;
    struct fw_state *s = fw_state(st);
    memset(s, 0, sizeof(*s));
    s->keys = keys;
    s->nkeys = nkeys;
    s->store = store;
    s->phase = PH_HEADER;
    s->left = IOT_FW_HDR_MIN;
    iot_fw_sig_init(&s->sign);
    return IOT_FW_OK;
}

int iot_fw_verify_set_decrypt(struct iot_fw_verify_state *st, struct iot_fw_decrypt_state *ds,
                              const uint8_t key[IOT_FW_ENC_KEY_BYTES], iot_fw_sink_fn sink,
                              void *sink_ctx)
{
    if (st == NULL || ds == NULL || key == NULL || sink == NULL)
        return IOT_FW_E_USAGE;
    struct fw_state *s = fw_state(st);
    if (s->phase != PH_HEADER || s->have != 0)
        return IOT_FW_E_USAGE;
    s->dec = (struct fw_decrypt *)(void *)ds->opaque;
    memset(s->dec, 0, sizeof(*s->dec));
    s->dec_key = key;
    s->sink = sink;
    s->sink_ctx = sink_ctx;
    return IOT_FW_OK;
}

/* Everything up to the end of the protected TLVs is signed and digested. */
static void fw_hash(struct fw_state *s, const uint8_t *p, size_t n)
{
    iot_fw_sig_update(&s->sign, p, n);
    if (s->hdr.flags & IOT_FW_FLAG_BLAKE2B)
        crypto_generichash_update(&s->digest.blake2b, p, n);
    else
        crypto_hash_sha256_update(&s->digest.sha256, p, n);
}

static int fw_start_header(struct fw_state *s)
{
    int rc = iot_fw_header_parse(s->hbuf, &s->hdr);
    if (rc != IOT_FW_OK)
        return rc;
    if (s->hdr.flags & IOT_FW_FLAG_BLAKE2B)
        crypto_generichash_init(&s->digest.blake2b, NULL, 0, IOT_FW_DIGEST_BYTES);
    else
        crypto_hash_sha256_init(&s->digest.sha256);
    fw_hash(s, s->hbuf, IOT_FW_HDR_MIN);
    if (s->dec != NULL && !(s->hdr.flags & IOT_FW_FLAG_ENCRYPTED))
        return IOT_FW_E_NOT_ENCRYPTED;
    s->phase = PH_PAD;
    s->left = s->hdr.hdr_size - IOT_FW_HDR_MIN;
    return IOT_FW_OK;
}

/* Decrypts one whole chunk; the last one must carry FINAL and no other may. */
static int fw_decrypt_chunk(struct fw_state *s, int last)
{
    struct fw_decrypt *d = s->dec;
    unsigned long long plen = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&d->ss, d->pbuf, &plen, &tag, d->cbuf,
                                                   d->have, NULL, 0) != 0)
        return IOT_FW_E_DECRYPT;
    int is_final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (is_final != last || (!last && tag != 0)) {
        sodium_memzero(d->pbuf, sizeof(d->pbuf));
        return IOT_FW_E_DECRYPT;
    }
    d->have = 0;
    d->released += plen;
    int rc = s->sink(s->sink_ctx, d->pbuf, (size_t)plen);
    sodium_memzero(d->pbuf, sizeof(d->pbuf));
    if (last)
        sodium_memzero(&d->ss, sizeof(d->ss)); /* holds the stream's subkey */
    return rc == 0 ? IOT_FW_OK : IOT_FW_E_SINK;
}

static size_t fw_min(size_t a, uint64_t b)
{
    return b < a ? (size_t)b : a;
}

static int fw_decrypt_feed(struct fw_state *s, const uint8_t *p, size_t n)
{
    struct fw_decrypt *d = s->dec;
    const size_t full = IOT_FW_ENC_CHUNK + IOT_FW_ENC_ABYTES;
    while (n > 0) {
        if (!d->started) {
            size_t take = fw_min(n, IOT_FW_ENC_HEADER_BYTES - d->have);
            memcpy(d->ssheader + d->have, p, take);
            d->have += take, d->consumed += take, p += take, n -= take;
            if (d->have < IOT_FW_ENC_HEADER_BYTES)
                return IOT_FW_OK;
            if (crypto_secretstream_xchacha20poly1305_init_pull(&d->ss, d->ssheader,
                                                                s->dec_key) != 0)
                return IOT_FW_E_DECRYPT;
            d->started = 1;
            d->have = 0;
            continue;
        }
        /* A full chunk with payload still coming is not the last one. */
        if (d->have == full) {
            int rc = fw_decrypt_chunk(s, 0);
            if (rc != IOT_FW_OK)
                return rc;
        }
        size_t take = fw_min(n, full - d->have);
        memcpy(d->cbuf + d->have, p, take);
        d->have += take, d->consumed += take, p += take, n -= take;
        if (d->consumed == s->hdr.img_size)
            return fw_decrypt_chunk(s, 1);
    }
    return IOT_FW_OK;
}

/* Leaves no key material or plaintext in the caller's decryption state after a failure. */
static void fw_decrypt_wipe(struct fw_state *s)
{
    if (s->dec != NULL) {
        uint64_t released = s->dec->released;
        sodium_memzero(s->dec, sizeof(*s->dec));
        s->dec->released = released;
    }
}

static int fw_payload(struct fw_state *s, const uint8_t *p, size_t n)
{
    fw_hash(s, p, n);
    if (s->dec != NULL && (s->hdr.flags & IOT_FW_FLAG_ENCRYPTED))
        return fw_decrypt_feed(s, p, n);
    return IOT_FW_OK;
}

/* Moves to the next phase once the current one has all its bytes. */
static int fw_phase_done(struct fw_state *s)
{
    switch (s->phase) {
    case PH_HEADER:
        return fw_start_header(s);
    case PH_PAD:
        s->phase = PH_PAYLOAD;
        s->left = s->hdr.img_size;
        return IOT_FW_OK;
    case PH_PAYLOAD:
        s->phase = PH_PROT;
        s->left = s->hdr.prot_tlv_size;
        return IOT_FW_OK;
    case PH_PROT:
        s->phase = PH_UNPROT_INFO;
        s->left = IOT_FW_TLV_INFO_SIZE;
        return IOT_FW_OK;
    case PH_UNPROT_INFO: {
        uint16_t tot = iot_fw_le16(s->unprot + 2);
        if (iot_fw_le16(s->unprot) != IOT_FW_TLV_INFO_UNPROT || tot < IOT_FW_TLV_INFO_SIZE ||
            tot > IOT_FW_TLV_AREA_MAX)
            return IOT_FW_E_TLV;
        s->unprot_len = tot;
        s->phase = PH_UNPROT;
        s->left = tot - IOT_FW_TLV_INFO_SIZE;
        return IOT_FW_OK;
    }
    case PH_UNPROT:
        s->phase = PH_DONE;
        return IOT_FW_OK;
    case PH_DONE:
        break;
    }
    return IOT_FW_E_USAGE;
}

/* Consumes up to n bytes of the current phase, *took of them. IOT_FW_OK or an error. */
static int fw_consume(struct fw_state *s, const uint8_t *p, size_t n, size_t *took)
{
    size_t take = (size_t)(s->left < n ? s->left : n);
    int rc = IOT_FW_OK;
    switch (s->phase) {
    case PH_HEADER:
        memcpy(s->hbuf + s->have, p, take);
        break;
    case PH_PAD:
        /* Padding is signed, but nothing reads it: zero only, so it cannot smuggle data. */
        for (size_t i = 0; i < take; i++)
            if (p[i] != 0)
                return IOT_FW_E_HEADER;
        fw_hash(s, p, take);
        break;
    case PH_PAYLOAD:
        rc = fw_payload(s, p, take);
        break;
    case PH_PROT:
        memcpy(s->prot + s->have, p, take);
        fw_hash(s, p, take);
        break;
    case PH_UNPROT_INFO:
    case PH_UNPROT:
        memcpy(s->unprot + s->have, p, take);
        break;
    case PH_DONE:
        return IOT_FW_E_TRAILING;
    }
    if (rc != IOT_FW_OK)
        return rc;
    s->have += take;
    s->left -= take;
    if (s->left == 0) {
        /* The unprotected area keeps filling one buffer across its two phases. */
        if (s->phase != PH_UNPROT_INFO)
            s->have = 0;
        rc = fw_phase_done(s);
        if (rc != IOT_FW_OK)
            return rc;
        /* Phases of zero bytes (no padding, empty payload or TLVs) end at once. */
        while (s->left == 0 && s->phase != PH_DONE && s->phase != PH_UNPROT_INFO) {
            if ((rc = fw_phase_done(s)) != IOT_FW_OK)
                return rc;
        }
    }
    *took = take;
    return IOT_FW_OK;
}

int iot_fw_verify_update(struct iot_fw_verify_state *st, const uint8_t *data, size_t len)
{
    if (st == NULL || (data == NULL && len > 0))
        return IOT_FW_E_USAGE;
    struct fw_state *s = fw_state(st);
    if (s->finalized)
        return IOT_FW_E_USAGE;
    if (s->error != IOT_FW_OK)
        return s->error;
    while (len > 0) {
        size_t n = 0;
        int rc = fw_consume(s, data, len, &n);
        if (rc != IOT_FW_OK) {
            s->error = rc;
            fw_decrypt_wipe(s);
            return rc;
        }
        data += n;
        len -= n;
    }
    return IOT_FW_OK;
}

/* What the two TLV areas hold, each TLV at most once. */
struct fw_tlvs {
    const uint8_t *digest, *keyid, *sig, *enc_keyid;
    const uint8_t *counter;
    uint32_t flags;
};

static int fw_take(const uint8_t **slot, const uint8_t *val, uint16_t len, uint16_t want)
{
    if (len != want || *slot != NULL)
        return IOT_FW_E_TLV;
    *slot = val;
    return IOT_FW_OK;
}

/* Signed TLVs: the security counter, and the payload key id of an encrypted image. Unknown
 * ones are refused: a field this verifier cannot honour must not be silently ignored. */
static int fw_prot_tlv(void *ctx, uint16_t type, const uint8_t *val, uint16_t len)
{
    struct fw_tlvs *t = ctx;
    if (type == IOT_FW_TLV_SEC_CNT)
        return fw_take(&t->counter, val, len, 4);
    if (type == IOT_FW_TLV_ENC_KEYID && (t->flags & IOT_FW_FLAG_ENCRYPTED))
        return fw_take(&t->enc_keyid, val, len, IOT_FW_ENC_KEYID_BYTES);
    return IOT_FW_E_TLV;
}

/* Outside the signed region: only what cannot be signed (the signature, the key id that picks
 * the key, the digest over what is signed). Anything else could be changed by anyone. */
static int fw_unprot_tlv(void *ctx, uint16_t type, const uint8_t *val, uint16_t len)
{
    struct fw_tlvs *t = ctx;
    int blake = (t->flags & IOT_FW_FLAG_BLAKE2B) != 0;
    switch (type) {
    case IOT_FW_TLV_KEYID:
        return fw_take(&t->keyid, val, len, IOT_FW_KEYID_BYTES);
    case IOT_FW_TLV_ED25519:
        return fw_take(&t->sig, val, len, IOT_FW_ED25519_SIG_BYTES);
    case IOT_FW_TLV_SHA256:
        return blake ? IOT_FW_E_TLV : fw_take(&t->digest, val, len, IOT_FW_DIGEST_BYTES);
    case IOT_FW_TLV_BLAKE2B:
        return blake ? fw_take(&t->digest, val, len, IOT_FW_DIGEST_BYTES) : IOT_FW_E_TLV;
    default:
        return IOT_FW_E_TLV_UNSIGNED;
    }
}

static void fw_enc_keyid(const uint8_t key[IOT_FW_ENC_KEY_BYTES], uint8_t id[IOT_FW_ENC_KEYID_BYTES])
{
    static const char label[] = "iotsec fw payload key id";
    crypto_generichash(id, IOT_FW_ENC_KEYID_BYTES, (const unsigned char *)label,
                       sizeof(label) - 1, key, IOT_FW_ENC_KEY_BYTES);
}

static int fw_parse_tlvs(struct fw_state *s, struct fw_tlvs *t)
{
    memset(t, 0, sizeof(*t));
    t->flags = s->hdr.flags;
    int rc = iot_fw_tlv_walk(s->prot, s->hdr.prot_tlv_size, IOT_FW_TLV_INFO_PROT, fw_prot_tlv, t);
    if (rc != IOT_FW_OK)
        return rc;
    if (t->counter == NULL || ((s->hdr.flags & IOT_FW_FLAG_ENCRYPTED) && t->enc_keyid == NULL))
        return IOT_FW_E_TLV;
    rc = iot_fw_tlv_walk(s->unprot, s->unprot_len, IOT_FW_TLV_INFO_UNPROT, fw_unprot_tlv, t);
    if (rc != IOT_FW_OK)
        return rc;
    if (t->digest == NULL || t->keyid == NULL || t->sig == NULL)
        return IOT_FW_E_UNSIGNED;
    return IOT_FW_OK;
}

static int fw_check_digest(struct fw_state *s, const struct fw_tlvs *t, uint8_t out[32])
{
    if (s->hdr.flags & IOT_FW_FLAG_BLAKE2B)
        crypto_generichash_final(&s->digest.blake2b, out, IOT_FW_DIGEST_BYTES);
    else
        crypto_hash_sha256_final(&s->digest.sha256, out);
    return sodium_memcmp(out, t->digest, IOT_FW_DIGEST_BYTES) == 0 ? IOT_FW_OK : IOT_FW_E_DIGEST;
}

static int fw_find_key(struct fw_state *s, const struct fw_tlvs *t, size_t *idx)
{
    size_t i;
    for (i = 0; i < s->nkeys; i++) {
        uint8_t id[IOT_FW_KEYID_BYTES];
        iot_fw_keyid(s->keys[i].pk, id);
        if (sodium_memcmp(id, t->keyid, IOT_FW_KEYID_BYTES) == 0)
            break;
    }
    if (i == s->nkeys)
        return IOT_FW_E_UNKNOWN_KEY;
    *idx = i;
    if (s->store != NULL) {
        int r = s->store->is_revoked(s->store->ctx, t->keyid);
        if (r < 0)
            return IOT_FW_E_STORE;
        if (r > 0)
            return IOT_FW_E_REVOKED_KEY;
    }
    return IOT_FW_OK;
}

static int fw_check_counter(struct fw_state *s)
{
    if (s->store == NULL)
        return IOT_FW_OK;
    uint32_t stored = 0;
    if (s->store->read_counter(s->store->ctx, &stored) != 0)
        return IOT_FW_E_STORE;
    return s->counter < stored ? IOT_FW_E_ROLLBACK : IOT_FW_OK;
}

static void fw_fill_info(const struct fw_state *s, const struct fw_tlvs *t, const uint8_t *digest,
                         size_t key_index, struct iot_fw_image_info *info)
{
    const struct iot_fw_header *h = &s->hdr;
    info->ver_major = h->ver_major;
    info->ver_minor = h->ver_minor;
    info->ver_revision = h->ver_revision;
    info->build = h->build;
    info->load_addr = h->load_addr;
    info->flags = h->flags;
    info->hdr_size = h->hdr_size;
    info->img_size = h->img_size;
    info->total_size = (uint64_t)h->hdr_size + h->img_size + h->prot_tlv_size + s->unprot_len;
    info->encrypted = (h->flags & IOT_FW_FLAG_ENCRYPTED) != 0;
    info->plain_size = info->encrypted ? (uint64_t)iot_fw_enc_plain_size(h->img_size) : h->img_size;
    info->security_counter = s->counter;
    info->digest_alg = (h->flags & IOT_FW_FLAG_BLAKE2B) ? IOT_FW_DIGEST_BLAKE2B : IOT_FW_DIGEST_SHA256;
    memcpy(info->digest, digest, IOT_FW_DIGEST_BYTES);
    memcpy(info->keyid, t->keyid, IOT_FW_KEYID_BYTES);
    info->key_index = key_index;
}

static int fw_final(struct fw_state *s, struct iot_fw_image_info *info)
{
    if (s->error != IOT_FW_OK)
        return s->error;
    if (s->phase != PH_DONE) {
        /* A short file that does not even start like an image is not a cut image. */
        if (s->phase == PH_HEADER && s->have >= 4 && iot_fw_le32(s->hbuf) != IOT_FW_MAGIC)
            return IOT_FW_E_MAGIC;
        return IOT_FW_E_TRUNCATED;
    }
    struct fw_tlvs t;
    int rc = fw_parse_tlvs(s, &t);
    if (rc != IOT_FW_OK)
        return rc;
    s->counter = iot_fw_le32(t.counter);
    uint8_t digest[IOT_FW_DIGEST_BYTES];
    size_t key_index = 0;
    if ((rc = fw_check_digest(s, &t, digest)) != IOT_FW_OK ||
        (rc = fw_find_key(s, &t, &key_index)) != IOT_FW_OK)
        return rc;
    if (iot_fw_sig_verify(&s->sign, t.sig, s->keys[key_index].pk) != 0)
        return IOT_FW_E_SIGNATURE;
    if ((rc = fw_check_counter(s)) != IOT_FW_OK)
        return rc;
    if (s->dec != NULL) {
        uint8_t id[IOT_FW_ENC_KEYID_BYTES];
        fw_enc_keyid(s->dec_key, id);
        /* Every plaintext byte must have reached the sink, under the key the image names. */
        if (t.enc_keyid == NULL || sodium_memcmp(id, t.enc_keyid, sizeof(id)) != 0 ||
            (int64_t)s->dec->released != iot_fw_enc_plain_size(s->hdr.img_size))
            return IOT_FW_E_DECRYPT;
    }
    fw_fill_info(s, &t, digest, key_index, info);
    return IOT_FW_OK;
}

int iot_fw_verify_final(struct iot_fw_verify_state *st, struct iot_fw_image_info *info)
{
    if (info != NULL)
        memset(info, 0, sizeof(*info));
    if (st == NULL || info == NULL)
        return IOT_FW_E_USAGE;
    struct fw_state *s = fw_state(st);
    if (s->finalized)
        return IOT_FW_E_USAGE;
    int rc = fw_final(s, info);
    if (rc != IOT_FW_OK) {
        memset(info, 0, sizeof(*info));
        s->error = rc;
        fw_decrypt_wipe(s);
        return rc;
    }
    s->finalized = 1;
    return IOT_FW_OK;
}

int iot_fw_verify_commit(struct iot_fw_verify_state *st)
{
    if (st == NULL)
        return IOT_FW_E_USAGE;
    struct fw_state *s = fw_state(st);
    if (!s->finalized || s->error != IOT_FW_OK)
        return IOT_FW_E_USAGE;
    if (s->store == NULL)
        return IOT_FW_OK;
    uint32_t stored = 0;
    if (s->store->read_counter(s->store->ctx, &stored) != 0)
        return IOT_FW_E_STORE;
    if (s->counter > stored && s->store->write_counter(s->store->ctx, s->counter) != 0)
        return IOT_FW_E_STORE;
    return IOT_FW_OK;
}

int iot_fw_verify_stream(struct iot_fw_verify_state *st, iot_fw_read_fn read, void *read_ctx,
                         uint8_t *buf, size_t buflen, struct iot_fw_image_info *info)
{
    if (info != NULL)
        memset(info, 0, sizeof(*info));
    if (st == NULL || read == NULL || buf == NULL || buflen == 0 || info == NULL)
        return IOT_FW_E_USAGE;
    for (;;) {
        long n = read(read_ctx, buf, buflen);
        if (n < 0 || (size_t)n > buflen)
            return IOT_FW_E_TRUNCATED;
        if (n == 0)
            break;
        int rc = iot_fw_verify_update(st, buf, (size_t)n);
        if (rc != IOT_FW_OK)
            return rc;
    }
    return iot_fw_verify_final(st, info);
}

const char *iot_fw_strerror(int rc)
{
    switch (rc) {
    case IOT_FW_OK:
        return "verified";
    case IOT_FW_E_USAGE:
        return "verifier misused (arguments or order of calls)";
    case IOT_FW_E_MAGIC:
        return "bad magic: not an iotsec firmware image";
    case IOT_FW_E_TRUNCATED:
        return "truncated: the image ends before its header says it does";
    case IOT_FW_E_HEADER:
        return "invalid header (size, flags, padding or format version)";
    case IOT_FW_E_TLV:
        return "malformed TLV area (magic, length, duplicate or unknown TLV)";
    case IOT_FW_E_TLV_UNSIGNED:
        return "a TLV outside the signed region is not on the allow-list";
    case IOT_FW_E_UNSIGNED:
        return "unsigned: no signature, key id or digest";
    case IOT_FW_E_TRAILING:
        return "trailing bytes after the end of the image";
    case IOT_FW_E_DIGEST:
        return "digest mismatch: header, payload or protected TLVs changed";
    case IOT_FW_E_UNKNOWN_KEY:
        return "unknown key: signed by a key that is not trusted";
    case IOT_FW_E_REVOKED_KEY:
        return "revoked key: signed by a key that has been revoked";
    case IOT_FW_E_SIGNATURE:
        return "bad signature";
    case IOT_FW_E_ROLLBACK:
        return "rollback: security counter lower than the stored one";
    case IOT_FW_E_STORE:
        return "the anti-rollback counter store failed";
    case IOT_FW_E_DECRYPT:
        return "decryption failed: wrong payload key or damaged payload";
    case IOT_FW_E_NOT_ENCRYPTED:
        return "a payload key was given but the image's payload is not encrypted";
    case IOT_FW_E_SINK:
        return "the output refused the decrypted payload";
    default:
        return "unknown error";
    }
}
