/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing: header, payload (encrypted on the way if asked) and protected TLVs stream through
 * prehashed Ed25519 and the digest, then the unprotected TLVs carry the results. */
#include "iotsec-common.h"
#include "firmware/fw-sign.h"

#include <sodium.h>

#include "firmware/fw-format.h"
#include "firmware/fw-sig.h"
#include "util/util-misc.h"

struct signer {
    struct iot_fw_sig sign;
    crypto_hash_sha256_state sha256;
    crypto_generichash_state blake2b;
    int blake;
    FILE *out;
    int failed;
};

/* Writes bytes of the signed region: to the image, the signature and the digest. */
static void emit(struct signer *s, const uint8_t *p, size_t n)
{
    if (n == 0)
        return;
    iot_fw_sig_update(&s->sign, p, n);
    if (s->blake)
        crypto_generichash_update(&s->blake2b, p, n);
    else
        crypto_hash_sha256_update(&s->sha256, p, n);
    if (fwrite(p, 1, n, s->out) != n)
        s->failed = 1;
}

int iot_fw_version_parse(const char *s, struct iot_fw_sign_params *p)
{
    char buf[64];
    if (iot_strlcpy(buf, s, sizeof(buf)) >= sizeof(buf))
        return IOT_ERR_INPUT;
    char *parts[4] = {buf, NULL, NULL, NULL};
    char *plus = strchr(buf, '+');
    if (plus != NULL) {
        *plus = '\0';
        parts[3] = plus + 1;
    }
    for (int i = 1; i < 3; i++) {
        char *dot = strchr(parts[i - 1], '.');
        if (dot == NULL)
            return IOT_ERR_INPUT;
        *dot = '\0';
        parts[i] = dot + 1;
    }
    uint64_t maj, min, rev, build = 0;
    if (iot_parse_u64(parts[0], 0, UINT8_MAX, &maj) != IOT_OK ||
        iot_parse_u64(parts[1], 0, UINT8_MAX, &min) != IOT_OK ||
        iot_parse_u64(parts[2], 0, UINT16_MAX, &rev) != IOT_OK ||
        (parts[3] != NULL && iot_parse_u64(parts[3], 0, UINT32_MAX, &build) != IOT_OK))
        return IOT_ERR_INPUT;
    p->ver_major = (uint8_t)maj;
    p->ver_minor = (uint8_t)min;
    p->ver_revision = (uint16_t)rev;
    p->build = (uint32_t)build;
    return IOT_OK;
}

static uint64_t enc_img_size(uint64_t plain)
{
    uint64_t chunks = plain == 0 ? 1 : (plain + IOT_FW_ENC_CHUNK - 1) / IOT_FW_ENC_CHUNK;
    return IOT_FW_ENC_HEADER_BYTES + plain + chunks * IOT_FW_ENC_ABYTES;
}

static int read_exact(FILE *in, uint8_t *buf, size_t n)
{
    return fread(buf, 1, n, in) == n ? IOT_OK : IOT_ERR_INPUT;
}

static int sign_plain(struct signer *s, FILE *in, uint64_t size)
{
    uint8_t buf[65536];
    while (size > 0) {
        size_t n = size < sizeof(buf) ? (size_t)size : sizeof(buf);
        if (read_exact(in, buf, n) != IOT_OK)
            return IOT_ERR_INPUT;
        emit(s, buf, n);
        size -= n;
    }
    return IOT_OK;
}

static int sign_encrypted(struct signer *s, FILE *in, uint64_t size, const uint8_t *key)
{
    crypto_secretstream_xchacha20poly1305_state st;
    uint8_t header[IOT_FW_ENC_HEADER_BYTES];
    uint8_t plain[IOT_FW_ENC_CHUNK], cipher[IOT_FW_ENC_CHUNK + IOT_FW_ENC_ABYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
    emit(s, header, sizeof(header));
    int rc = IOT_OK;
    do {
        size_t n = size < IOT_FW_ENC_CHUNK ? (size_t)size : IOT_FW_ENC_CHUNK;
        if (read_exact(in, plain, n) != IOT_OK) {
            rc = IOT_ERR_INPUT;
            break;
        }
        size -= n;
        uint8_t tag = size == 0 ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(&st, cipher, &clen, plain, n, NULL, 0, tag);
        emit(s, cipher, (size_t)clen);
    } while (size > 0);
    sodium_memzero(plain, sizeof(plain));
    sodium_memzero(&st, sizeof(st));
    return rc;
}

static size_t put_tlv(uint8_t *area, size_t off, uint16_t type, const uint8_t *val, uint16_t len)
{
    iot_fw_put_le16(area + off, type);
    iot_fw_put_le16(area + off + 2, len);
    memcpy(area + off + 4, val, len);
    return off + 4 + len;
}

static size_t prot_area(const struct iot_fw_sign_params *p, uint8_t *area)
{
    uint8_t cnt[4];
    iot_fw_put_le32(cnt, p->security_counter);
    size_t off = put_tlv(area, IOT_FW_TLV_INFO_SIZE, IOT_FW_TLV_SEC_CNT, cnt, 4);
    if (p->enc_key != NULL) {
        static const char label[] = "iotsec fw payload key id";
        uint8_t id[IOT_FW_ENC_KEYID_BYTES];
        crypto_generichash(id, sizeof(id), (const unsigned char *)label, sizeof(label) - 1,
                           p->enc_key, IOT_FW_ENC_KEY_BYTES);
        off = put_tlv(area, off, IOT_FW_TLV_ENC_KEYID, id, sizeof(id));
    }
    iot_fw_put_le16(area, IOT_FW_TLV_INFO_PROT);
    iot_fw_put_le16(area + 2, (uint16_t)off);
    return off;
}

static void unprot_area(struct signer *s, const struct iot_fw_sign_params *p, uint8_t *area,
                        size_t *len)
{
    uint8_t digest[IOT_FW_DIGEST_BYTES], keyid[IOT_FW_KEYID_BYTES], sig[64];
    if (s->blake)
        crypto_generichash_final(&s->blake2b, digest, sizeof(digest));
    else
        crypto_hash_sha256_final(&s->sha256, digest);
    iot_fw_sig_create(&s->sign, sig, p->key->sk);
    iot_fw_keyid(p->key->pk, keyid);
    size_t off = put_tlv(area, IOT_FW_TLV_INFO_SIZE,
                         s->blake ? IOT_FW_TLV_BLAKE2B : IOT_FW_TLV_SHA256, digest, 32);
    off = put_tlv(area, off, IOT_FW_TLV_KEYID, keyid, sizeof(keyid));
    off = put_tlv(area, off, IOT_FW_TLV_ED25519, sig, sizeof(sig));
    iot_fw_put_le16(area, IOT_FW_TLV_INFO_UNPROT);
    iot_fw_put_le16(area + 2, (uint16_t)off);
    *len = off;
}

int iot_fw_sign(const struct iot_fw_sign_params *p, FILE *in, uint64_t in_size, FILE *out,
                char *err, size_t errlen)
{
    uint64_t img = p->enc_key != NULL ? enc_img_size(in_size) : in_size;
    uint16_t hdr_size = p->hdr_size != 0 ? p->hdr_size : IOT_FW_HDR_MIN;
    if (img > UINT32_MAX || hdr_size < IOT_FW_HDR_MIN || hdr_size > IOT_FW_HDR_MAX ||
        p->key == NULL || p->key->sk == NULL) {
        snprintf(err, errlen, img > UINT32_MAX ? "payload larger than 4 GiB"
                                               : "invalid header size or no key");
        return IOT_ERR_INPUT;
    }
    uint8_t prot[IOT_FW_TLV_AREA_MAX], unprot[IOT_FW_TLV_AREA_MAX];
    struct iot_fw_header h = {0};
    h.hdr_size = hdr_size;
    h.prot_tlv_size = (uint16_t)prot_area(p, prot);
    h.img_size = (uint32_t)img;
    h.flags = (p->enc_key != NULL ? IOT_FW_FLAG_ENCRYPTED : 0) |
              (p->digest == IOT_FW_DIGEST_BLAKE2B ? IOT_FW_FLAG_BLAKE2B : 0);
    h.ver_major = p->ver_major;
    h.ver_minor = p->ver_minor;
    h.ver_revision = p->ver_revision;
    h.build = p->build;
    h.load_addr = p->load_addr;
    struct signer s = {.blake = p->digest == IOT_FW_DIGEST_BLAKE2B, .out = out};
    iot_fw_sig_init(&s.sign);
    crypto_hash_sha256_init(&s.sha256);
    crypto_generichash_init(&s.blake2b, NULL, 0, IOT_FW_DIGEST_BYTES);
    uint8_t hb[IOT_FW_HDR_MAX] = {0};
    iot_fw_header_write(&h, hb);
    emit(&s, hb, hdr_size);
    int rc = p->enc_key != NULL ? sign_encrypted(&s, in, in_size, p->enc_key)
                                : sign_plain(&s, in, in_size);
    if (rc != IOT_OK) {
        snprintf(err, errlen, "the payload is shorter than %llu bytes", (unsigned long long)in_size);
        return rc;
    }
    emit(&s, prot, h.prot_tlv_size);
    size_t ulen = 0;
    unprot_area(&s, p, unprot, &ulen);
    if (s.failed || fwrite(unprot, 1, ulen, out) != ulen || fflush(out) != 0) {
        snprintf(err, errlen, "cannot write the image");
        return IOT_ERR_IO;
    }
    return IOT_OK;
}
