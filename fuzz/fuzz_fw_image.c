/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the firmware image verifier (what a bootloader runs on whatever sits
 * in its update slot) and the image layout parsers.
 * Target: src/firmware/fw-verify.c, fw-format.c (and fw-sign.c in mode 1)
 * Input, mode 0 (first byte even): byte 1 picks the feeding chunk size, the rest is an image,
 *   verified against a fixed trusted key, with decryption on when byte 1 is odd; nothing may
 *   crash or hang.
 * Input, mode 1 (first byte odd): options, then a payload that is signed in memory with the
 *   fixed key, changed at one place, and verified: the unchanged image must verify and decrypt
 *   to the payload, a changed one must be refused (abort otherwise). */
#include "iotsec-common.h"

#include <sodium.h>

#include "firmware/fw-format.h"
#include "firmware/fw-sign.h"
#include "iotsec/fw-verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct iot_fw_signing_key key;
static struct iot_fw_trusted_key trusted;
static uint8_t enc_key[IOT_FW_ENC_KEY_BYTES];

struct sink {
    const uint8_t *want;
    size_t len, off;
    int mismatch;
};

static int on_plain(void *ctx, const uint8_t *p, size_t n)
{
    struct sink *s = ctx;
    if (s->want != NULL && (s->off + n > s->len || memcmp(s->want + s->off, p, n) != 0))
        s->mismatch = 1;
    s->off += n;
    return 0;
}

static int store_read(void *ctx, uint32_t *v)
{
    (void)ctx;
    *v = 5;
    return 0;
}

static int store_revoked(void *ctx, const uint8_t id[IOT_FW_KEYID_BYTES])
{
    (void)ctx;
    return id[0] == 0xee; /* some key ids count as revoked, to reach that path */
}

static int store_write(void *ctx, uint32_t v)
{
    (void)ctx;
    (void)v;
    return 0;
}

static int verify(const uint8_t *img, size_t len, size_t chunk, int decrypt, struct sink *s,
                  struct iot_fw_image_info *info)
{
    static const struct iot_fw_store store = {NULL, store_read, store_write, store_revoked};
    struct iot_fw_verify_state st;
    struct iot_fw_decrypt_state ds;
    if (iot_fw_verify_init(&st, &trusted, 1, &store) != IOT_FW_OK ||
        (decrypt && iot_fw_verify_set_decrypt(&st, &ds, enc_key, on_plain, s) != IOT_FW_OK))
        abort();
    for (size_t off = 0; off < len;) {
        size_t n = len - off < chunk ? len - off : chunk;
        (void)iot_fw_verify_update(&st, img + off, n);
        off += n;
    }
    int rc = iot_fw_verify_final(&st, info);
    if (rc == IOT_FW_OK && info->total_size != len)
        abort();
    if (rc != IOT_FW_OK && info->total_size != 0)
        abort(); /* a refusal leaves no facts */
    return rc;
}

static void mode_raw(const uint8_t *data, size_t size)
{
    if (size == 0)
        return;
    size_t chunk = (size_t)data[0] * 97 + 1;
    int decrypt = data[0] & 1;
    data++, size--;
    uint8_t *img = malloc(size ? size : 1); /* exactly sized: ASan sees any overread */
    if (img == NULL)
        return;
    memcpy(img, data, size);
    struct sink s = {0};
    struct iot_fw_image_info info;
    (void)verify(img, size, chunk, decrypt, &s, &info);
    struct iot_fw_header h;
    if (size >= IOT_FW_HDR_MIN)
        (void)iot_fw_header_parse(img, &h);
    free(img);
}

/* Options: flags (1 encrypt, 2 BLAKE2b, 4 change a byte), position (2 bytes), xor, header
 * padding in 8-byte steps, feeding chunk size. */
static void mode_sign(const uint8_t *data, size_t size)
{
    if (size < 6)
        return;
    uint8_t flags = data[0], xor = data[3];
    size_t pos = iot_fw_le16(data + 1), chunk = (size_t)data[5] * 31 + 1;
    struct iot_fw_sign_params p = {.ver_major = 1, .security_counter = 5, .key = &key};
    p.enc_key = (flags & 1) ? enc_key : NULL;
    p.digest = (flags & 2) ? IOT_FW_DIGEST_BLAKE2B : IOT_FW_DIGEST_SHA256;
    p.hdr_size = (uint16_t)(IOT_FW_HDR_MIN + 8u * (data[4] & 31));
    const uint8_t *payload = data + 6;
    size_t plen = size - 6;
    char *img = NULL;
    size_t len = 0;
    FILE *in = fmemopen((void *)(uintptr_t)payload, plen ? plen : 1, "rb");
    FILE *out = open_memstream(&img, &len);
    char err[128];
    if (in == NULL || out == NULL || iot_fw_sign(&p, in, plen, out, err, sizeof(err)) != IOT_OK)
        abort();
    fclose(in);
    fclose(out);
    int changed = (flags & 4) && xor != 0 && len > 0;
    if (changed)
        img[pos % len] ^= (char)xor;
    struct sink s = {payload, plen, 0, 0};
    struct iot_fw_image_info info;
    int rc = verify((const uint8_t *)img, len, chunk, p.enc_key != NULL, &s, &info);
    if (!changed && rc != IOT_FW_OK)
        abort();
    if (!changed && p.enc_key != NULL && (s.mismatch || s.off != plen))
        abort(); /* decryption must give back exactly the payload */
    if (changed && rc == IOT_FW_OK)
        abort();
    free(img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > (64u << 10))
        return 0;
    if (key.sk == NULL) {
        uint8_t seed[32] = {1, 2, 3};
        if (sodium_init() < 0 || iot_fw_signing_key_from_seed(&key, seed) != IOT_OK)
            abort();
        memcpy(trusted.pk, key.pk, sizeof(trusted.pk));
        memset(enc_key, 0x3c, sizeof(enc_key));
    }
    if (data[0] & 1)
        mode_sign(data + 1, size - 1);
    else
        mode_raw(data + 1, size - 1);
    return 0;
}
