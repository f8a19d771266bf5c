/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Firmware integrity: RFC 8032 vectors through our Ed25519ph wrapper; images signed in memory
 * and verified whole, byte by byte and in odd chunks; every flipped byte and every truncation
 * rejected; rollback, revocation, unknown keys, TLVs outside the signed region, encryption;
 * sealed key files; the file-backed counter store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "firmware/fw-format.h"
#include "firmware/fw-keys.h"
#include "firmware/fw-sig.h"
#include "firmware/fw-sign.h"
#include "firmware/fw-store-file.h"
#include "iotsec/fw-verify.h"
#include "iotsec/iotsec.h"
#include "testutil.h"

static void unhex(const char *hex, uint8_t *out, size_t len)
{
    size_t n = 0;
    assert_int_equal(sodium_hex2bin(out, len, hex, strlen(hex), NULL, &n, NULL), 0);
    assert_int_equal(n, len);
}

/* ---- RFC 8032 ---- */

/* Section 7.1, TESTs 1-3: the public key each secret key (seed) derives. */
static void test_rfc8032_public_keys(void **state)
{
    (void)state;
    static const char *const v[][2] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"},
        {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025"},
    };
    for (size_t i = 0; i < 3; i++) {
        uint8_t seed[32], pk[32];
        unhex(v[i][0], seed, 32);
        unhex(v[i][1], pk, 32);
        struct iot_fw_signing_key k = {0};
        assert_int_equal(iot_fw_signing_key_from_seed(&k, seed), IOT_OK);
        assert_memory_equal(k.pk, pk, 32);
        iot_fw_signing_key_free(&k);
    }
}

/* Section 7.3, TEST abc (Ed25519ph): our wrapper makes the RFC's signature, fed in pieces,
 * verifies it, and refuses it for another message or with one bit changed. */
static void test_rfc8032_ed25519ph(void **state)
{
    (void)state;
    uint8_t seed[32], pk[32], want[64], sig[64];
    unhex("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42", seed, 32);
    unhex("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf", pk, 32);
    unhex("98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
          "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406", want, 64);
    struct iot_fw_signing_key k = {0};
    assert_int_equal(iot_fw_signing_key_from_seed(&k, seed), IOT_OK);
    assert_memory_equal(k.pk, pk, 32);
    struct iot_fw_sig s;
    iot_fw_sig_init(&s);
    iot_fw_sig_update(&s, (const uint8_t *)"a", 1);
    iot_fw_sig_update(&s, (const uint8_t *)"bc", 2);
    iot_fw_sig_create(&s, sig, k.sk);
    assert_memory_equal(sig, want, 64);
    iot_fw_sig_init(&s);
    iot_fw_sig_update(&s, (const uint8_t *)"abc", 3);
    assert_int_equal(iot_fw_sig_verify(&s, want, pk), 0);
    iot_fw_sig_init(&s);
    iot_fw_sig_update(&s, (const uint8_t *)"abd", 3);
    assert_int_equal(iot_fw_sig_verify(&s, want, pk), -1);
    want[10] ^= 1;
    iot_fw_sig_init(&s);
    iot_fw_sig_update(&s, (const uint8_t *)"abc", 3);
    assert_int_equal(iot_fw_sig_verify(&s, want, pk), -1);
    iot_fw_signing_key_free(&k);
}

/* ---- images made in memory ---- */

struct fixture {
    struct iot_fw_signing_key key, other;
    struct iot_fw_trusted_key trusted[2];
    uint8_t enc_key[32];
};
static struct fixture F;

static int setup(void **state)
{
    (void)state;
    uint8_t seed[32];
    memset(seed, 7, sizeof(seed));
    if (sodium_init() < 0 || iot_fw_signing_key_from_seed(&F.key, seed) != IOT_OK)
        return -1;
    memset(seed, 9, sizeof(seed));
    if (iot_fw_signing_key_from_seed(&F.other, seed) != IOT_OK)
        return -1;
    memcpy(F.trusted[0].pk, F.key.pk, 32);
    memcpy(F.trusted[1].pk, F.other.pk, 32);
    memset(F.enc_key, 0x42, sizeof(F.enc_key));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    iot_fw_signing_key_free(&F.key);
    iot_fw_signing_key_free(&F.other);
    return 0;
}

struct image {
    uint8_t *data;
    size_t len;
};

static void payload_bytes(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 31 + 7);
}

/* Signs n payload bytes with params (key defaults to F.key) into a heap buffer. */
static struct image make_image(struct iot_fw_sign_params p, size_t n)
{
    uint8_t *payload = malloc(n + 1);
    payload_bytes(payload, n);
    if (p.key == NULL)
        p.key = &F.key;
    FILE *in = fmemopen(payload, n + 1, "rb");
    struct image img = {0};
    FILE *out = open_memstream((char **)&img.data, &img.len);
    char err[256];
    assert_int_equal(iot_fw_sign(&p, in, n, out, err, sizeof(err)), IOT_OK);
    fclose(out);
    fclose(in);
    free(payload);
    return img;
}

static struct iot_fw_sign_params basic(void)
{
    struct iot_fw_sign_params p = {.ver_major = 1, .ver_minor = 2, .ver_revision = 3,
                                   .build = 45, .security_counter = 7, .load_addr = 0x8000000};
    return p;
}

/* A store in memory: what a bootloader's OTP callbacks would be. */
struct mem_store {
    uint32_t counter;
    uint8_t revoked[32];
    int has_revoked, fail;
};
static int ms_read(void *ctx, uint32_t *v)
{
    struct mem_store *m = ctx;
    *v = m->counter;
    return m->fail ? -1 : 0;
}
static int ms_write(void *ctx, uint32_t v)
{
    ((struct mem_store *)ctx)->counter = v;
    return 0;
}
static int ms_revoked(void *ctx, const uint8_t id[32])
{
    struct mem_store *m = ctx;
    return m->has_revoked && memcmp(m->revoked, id, 32) == 0;
}

struct plain_sink {
    uint8_t *buf;
    size_t len, cap;
    int refuse;
};
static int sink(void *ctx, const uint8_t *p, size_t n)
{
    struct plain_sink *s = ctx;
    if (s->refuse || s->len + n > s->cap)
        return -1;
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    return 0;
}

/* Verifies data in chunks of chunk bytes (0: all at once). */
static int verify_with(const uint8_t *data, size_t len, size_t chunk, size_t nkeys,
                       struct mem_store *ms, const uint8_t *dec_key, struct plain_sink *ps,
                       struct iot_fw_image_info *info)
{
    struct iot_fw_store store = {ms, ms_read, ms_write, ms_revoked};
    struct iot_fw_verify_state st;
    struct iot_fw_decrypt_state ds;
    assert_int_equal(iot_fw_verify_init(&st, F.trusted, nkeys, ms != NULL ? &store : NULL),
                     IOT_FW_OK);
    if (dec_key != NULL)
        assert_int_equal(iot_fw_verify_set_decrypt(&st, &ds, dec_key, sink, ps), IOT_FW_OK);
    int rc = IOT_FW_OK;
    for (size_t off = 0; off < len && rc == IOT_FW_OK;) {
        size_t n = chunk == 0 || len - off < chunk ? len - off : chunk;
        rc = iot_fw_verify_update(&st, data + off, n);
        off += n;
    }
    int frc = iot_fw_verify_final(&st, info);
    if (rc != IOT_FW_OK)
        assert_int_equal(frc, rc); /* a failed state stays failed */
    if (frc == IOT_FW_OK && ms != NULL)
        assert_int_equal(iot_fw_verify_commit(&st), IOT_FW_OK);
    return frc;
}

static int verify(const struct image *img, struct iot_fw_image_info *info)
{
    uint8_t *copy = tu_exact_copy(img->data, img->len);
    int rc = verify_with(copy, img->len, 0, 1, NULL, NULL, NULL, info);
    free(copy);
    return rc;
}

static void test_sign_verify_roundtrip(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 1000, 65537};
    for (size_t i = 0; i < 4; i++) {
        for (int blake = 0; blake < 2; blake++) {
            struct iot_fw_sign_params p = basic();
            p.digest = blake ? IOT_FW_DIGEST_BLAKE2B : IOT_FW_DIGEST_SHA256;
            p.hdr_size = blake ? 64 : 0;
            struct image img = make_image(p, sizes[i]);
            struct iot_fw_image_info info;
            assert_int_equal(verify(&img, &info), IOT_FW_OK);
            assert_int_equal(info.ver_major, 1);
            assert_int_equal(info.ver_minor, 2);
            assert_int_equal(info.ver_revision, 3);
            assert_int_equal(info.build, 45);
            assert_int_equal(info.load_addr, 0x8000000);
            assert_int_equal(info.security_counter, 7);
            assert_int_equal(info.plain_size, sizes[i]);
            assert_int_equal(info.total_size, img.len);
            assert_int_equal(info.hdr_size, blake ? 64 : 32);
            assert_int_equal(info.digest_alg, p.digest);
            uint8_t id[32];
            iot_fw_keyid(F.key.pk, id);
            assert_memory_equal(info.keyid, id, 32);
            free(img.data);
        }
    }
}

/* The verdict must not depend on how the bytes arrive. */
static void test_chunking(void **state)
{
    (void)state;
    struct iot_fw_sign_params p = basic();
    p.enc_key = F.enc_key;
    struct image img = make_image(p, 9000);
    static const size_t chunks[] = {1, 7, 4113, 4114, 65536};
    uint8_t want[9000];
    payload_bytes(want, sizeof(want));
    for (size_t i = 0; i < 5; i++) {
        uint8_t out[9000];
        struct plain_sink ps = {out, 0, sizeof(out), 0};
        struct iot_fw_image_info info;
        assert_int_equal(verify_with(img.data, img.len, chunks[i], 1, NULL, F.enc_key, &ps, &info),
                         IOT_FW_OK);
        assert_int_equal(ps.len, sizeof(want));
        assert_memory_equal(out, want, sizeof(want));
        assert_true(info.encrypted);
    }
    free(img.data);
}

/* Payloads at the chunk boundaries of the encryption decrypt to themselves. */
static void test_encrypted_sizes(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 4095, 4096, 4097, 8192, 8193};
    for (size_t i = 0; i < IOT_ARRAY_LEN(sizes); i++) {
        struct iot_fw_sign_params p = basic();
        p.enc_key = F.enc_key;
        struct image img = make_image(p, sizes[i]);
        uint8_t *out = malloc(sizes[i] + 1), *want = malloc(sizes[i] + 1);
        payload_bytes(want, sizes[i]);
        struct plain_sink ps = {out, 0, sizes[i], 0};
        struct iot_fw_image_info info;
        assert_int_equal(verify_with(img.data, img.len, 0, 1, NULL, F.enc_key, &ps, &info),
                         IOT_FW_OK);
        assert_int_equal(ps.len, sizes[i]);
        assert_int_equal(info.plain_size, sizes[i]);
        assert_memory_equal(out, want, sizes[i]);
        /* Without the key the signature still verifies; the payload stays sealed. */
        assert_int_equal(verify(&img, &info), IOT_FW_OK);
        free(out);
        free(want);
        free(img.data);
    }
}

static void test_wrong_payload_key(void **state)
{
    (void)state;
    struct iot_fw_sign_params p = basic();
    p.enc_key = F.enc_key;
    struct image img = make_image(p, 5000);
    uint8_t wrong[32], out[5000];
    memset(wrong, 0x43, sizeof(wrong));
    struct plain_sink ps = {out, 0, sizeof(out), 0};
    struct iot_fw_image_info info;
    assert_int_equal(verify_with(img.data, img.len, 0, 1, NULL, wrong, &ps, &info),
                     IOT_FW_E_DECRYPT);
    assert_int_equal(ps.len, 0);
    ps.refuse = 1;
    assert_int_equal(verify_with(img.data, img.len, 0, 1, NULL, F.enc_key, &ps, &info),
                     IOT_FW_E_SINK);
    free(img.data);
    /* A verifier told to decrypt must not accept an image in clear: its scratch slot would
     * keep whatever it held (an older image decrypted by a refused attempt). */
    img = make_image(basic(), 5000);
    ps.refuse = 0;
    assert_int_equal(verify_with(img.data, img.len, 0, 1, NULL, F.enc_key, &ps, &info),
                     IOT_FW_E_NOT_ENCRYPTED);
    assert_int_equal(ps.len, 0);
    free(img.data);
}

/* Property: changing any one byte of a signed image makes it fail, and failing leaves no
 * verified facts behind. */
static void flip_every_byte(const struct image *img, const uint8_t *dec_key)
{
    uint8_t *copy = tu_exact_copy(img->data, img->len);
    uint8_t out[4096];
    for (size_t i = 0; i < img->len; i++) {
        for (int bit = 0; bit < 8; bit += 7) {
            copy[i] ^= (uint8_t)(1u << bit);
            struct plain_sink ps = {out, 0, sizeof(out), 0};
            struct iot_fw_image_info info;
            memset(&info, 0xa5, sizeof(info));
            int rc = verify_with(copy, img->len, 0, 1, NULL, dec_key, &ps, &info);
            if (rc == IOT_FW_OK)
                fail_msg("byte %zu bit %d flipped: still verifies", i, bit);
            struct iot_fw_image_info zero;
            memset(&zero, 0, sizeof(zero));
            assert_memory_equal(&info, &zero, sizeof(info));
            copy[i] ^= (uint8_t)(1u << bit);
        }
    }
    free(copy);
}

static void test_flip_every_byte(void **state)
{
    (void)state;
    struct image img = make_image(basic(), 200);
    flip_every_byte(&img, NULL);
    free(img.data);
    struct iot_fw_sign_params p = basic();
    p.enc_key = F.enc_key;
    p.digest = IOT_FW_DIGEST_BLAKE2B;
    p.hdr_size = 40;
    img = make_image(p, 300);
    flip_every_byte(&img, F.enc_key);
    free(img.data);
}

/* Property: every proper prefix is refused, and none is read past its end (ASan). */
static void test_truncate_every_length(void **state)
{
    (void)state;
    struct image img = make_image(basic(), 100);
    for (size_t n = 0; n < img.len; n++) {
        uint8_t *copy = tu_exact_copy(img.data, n);
        struct iot_fw_image_info info;
        int rc = verify_with(copy, n, 0, 1, NULL, NULL, NULL, &info);
        assert_int_equal(rc, IOT_FW_E_TRUNCATED);
        free(copy);
    }
    free(img.data);
}

static void test_trailing_and_magic(void **state)
{
    (void)state;
    struct image img = make_image(basic(), 100);
    uint8_t *longer = malloc(img.len + 1);
    memcpy(longer, img.data, img.len);
    longer[img.len] = 0;
    struct iot_fw_image_info info;
    assert_int_equal(verify_with(longer, img.len + 1, 0, 1, NULL, NULL, NULL, &info),
                     IOT_FW_E_TRAILING);
    longer[0] = 'X';
    assert_int_equal(verify_with(longer, img.len, 0, 1, NULL, NULL, NULL, &info), IOT_FW_E_MAGIC);
    assert_int_equal(verify_with(longer, 10, 0, 1, NULL, NULL, NULL, &info), IOT_FW_E_MAGIC);
    free(longer);
    free(img.data);
}

static void test_rollback_and_commit(void **state)
{
    (void)state;
    struct image img = make_image(basic(), 100); /* security counter 7 */
    struct iot_fw_image_info info;
    struct mem_store ms = {.counter = 8};
    assert_int_equal(verify_with(img.data, img.len, 0, 1, &ms, NULL, NULL, &info),
                     IOT_FW_E_ROLLBACK);
    assert_int_equal(ms.counter, 8);
    ms.counter = 7;
    assert_int_equal(verify_with(img.data, img.len, 0, 1, &ms, NULL, NULL, &info), IOT_FW_OK);
    ms.counter = 3;
    assert_int_equal(verify_with(img.data, img.len, 0, 1, &ms, NULL, NULL, &info), IOT_FW_OK);
    assert_int_equal(ms.counter, 7); /* raised by commit */
    ms.fail = 1;
    assert_int_equal(verify_with(img.data, img.len, 0, 1, &ms, NULL, NULL, &info), IOT_FW_E_STORE);
    free(img.data);
}

static void test_keys(void **state)
{
    (void)state;
    struct iot_fw_sign_params p = basic();
    p.key = &F.other;
    struct image img = make_image(p, 100);
    struct iot_fw_image_info info;
    /* Trusting only the first key: the second's image is unknown. */
    assert_int_equal(verify_with(img.data, img.len, 0, 1, NULL, NULL, NULL, &info),
                     IOT_FW_E_UNKNOWN_KEY);
    assert_int_equal(verify_with(img.data, img.len, 0, 0, NULL, NULL, NULL, &info),
                     IOT_FW_E_UNKNOWN_KEY);
    assert_int_equal(verify_with(img.data, img.len, 0, 2, NULL, NULL, NULL, &info), IOT_FW_OK);
    assert_int_equal(info.key_index, 1);
    struct mem_store ms = {.has_revoked = 1};
    iot_fw_keyid(F.other.pk, ms.revoked);
    assert_int_equal(verify_with(img.data, img.len, 0, 2, &ms, NULL, NULL, &info),
                     IOT_FW_E_REVOKED_KEY);
    /* A signature by another key under the right key id is a bad signature. */
    struct image good = make_image(basic(), 100);
    memcpy(good.data + good.len - 64, img.data + img.len - 64, 64);
    assert_int_equal(verify(&good, &info), IOT_FW_E_SIGNATURE);
    free(good.data);
    free(img.data);
}

/* Appends a TLV to the unprotected area (fixing its total), as an attacker could. */
static struct image add_unprotected_tlv(const struct image *img, uint16_t type, uint16_t len)
{
    struct image out = {malloc(img->len + 4 + len), img->len + 4 + len};
    memcpy(out.data, img->data, img->len);
    uint8_t *tlv = out.data + img->len;
    iot_fw_put_le16(tlv, type);
    iot_fw_put_le16(tlv + 2, len);
    memset(tlv + 4, 0x11, len);
    size_t uoff = img->len - (4 + 36 + 36 + 68);
    iot_fw_put_le16(out.data + uoff + 2, (uint16_t)(iot_fw_le16(out.data + uoff + 2) + 4 + len));
    return out;
}

static void test_tlv_allow_list(void **state)
{
    (void)state;
    struct image img = make_image(basic(), 100);
    struct iot_fw_image_info info;
    struct image bad = add_unprotected_tlv(&img, IOT_FW_TLV_SEC_CNT, 4);
    assert_int_equal(verify(&bad, &info), IOT_FW_E_TLV_UNSIGNED);
    free(bad.data);
    bad = add_unprotected_tlv(&img, 0x77, 3);
    assert_int_equal(verify(&bad, &info), IOT_FW_E_TLV_UNSIGNED);
    free(bad.data);
    bad = add_unprotected_tlv(&img, IOT_FW_TLV_ED25519, 64); /* a second signature */
    assert_int_equal(verify(&bad, &info), IOT_FW_E_TLV);
    free(bad.data);
    bad = add_unprotected_tlv(&img, IOT_FW_TLV_BLAKE2B, 32); /* digest of the other kind */
    assert_int_equal(verify(&bad, &info), IOT_FW_E_TLV);
    free(bad.data);
    /* Without its signature TLV (area shortened by 68 bytes): unsigned. */
    struct image unsigned_img = {malloc(img.len - 68), img.len - 68};
    memcpy(unsigned_img.data, img.data, unsigned_img.len);
    size_t uoff = img.len - (4 + 36 + 36 + 68);
    iot_fw_put_le16(unsigned_img.data + uoff + 2, 4 + 36 + 36);
    assert_int_equal(verify(&unsigned_img, &info), IOT_FW_E_UNSIGNED);
    free(unsigned_img.data);
    free(img.data);
}

static void test_header_fields(void **state)
{
    (void)state;
    struct image img = make_image(basic(), 10);
    struct iot_fw_header h;
    assert_int_equal(iot_fw_header_parse(img.data, &h), IOT_FW_OK);
    static const struct { size_t off; uint8_t val; int rc; } cases[] = {
        {0, 'X', IOT_FW_E_MAGIC},  {4, 31, IOT_FW_E_HEADER},   /* header smaller than 32 */
        {5, 0x20, IOT_FW_E_HEADER}, /* 8224 > 4096 */            {6, 11, IOT_FW_E_HEADER},
        {7, 1, IOT_FW_E_HEADER},   /* protected area 268 > 256 */ {12, 4, IOT_FW_E_HEADER},
        {28, 2, IOT_FW_E_HEADER},  {29, 1, IOT_FW_E_HEADER},     {31, 1, IOT_FW_E_HEADER},
    };
    for (size_t i = 0; i < IOT_ARRAY_LEN(cases); i++) {
        uint8_t b[32];
        memcpy(b, img.data, 32);
        b[cases[i].off] = cases[i].val;
        assert_int_equal(iot_fw_header_parse(b, &h), cases[i].rc);
    }
    /* Encrypted flag with a payload size no chunk sequence has. */
    uint8_t b[32];
    memcpy(b, img.data, 32);
    iot_fw_put_le32(b + 12, IOT_FW_FLAG_ENCRYPTED);
    iot_fw_put_le32(b + 8, 24 + 16);
    assert_int_equal(iot_fw_header_parse(b, &h), IOT_FW_E_HEADER);
    assert_int_equal(iot_fw_enc_plain_size(24 + 17), 0);
    assert_int_equal(iot_fw_enc_plain_size(24 + 4113), 4096);
    assert_int_equal(iot_fw_enc_plain_size(24 + 4113 + 18), 4097);
    /* One layout per plaintext size: a full chunk then an empty FINAL one is refused. */
    assert_int_equal(iot_fw_enc_plain_size(24 + 4113 + 17), -1);
    assert_int_equal(iot_fw_enc_plain_size(24 + 4113 + 16), -1);
    free(img.data);
}

static void test_api_misuse(void **state)
{
    (void)state;
    struct iot_fw_verify_state st;
    struct iot_fw_image_info info;
    assert_int_equal(iot_fw_verify_init(NULL, F.trusted, 1, NULL), IOT_FW_E_USAGE);
    assert_int_equal(iot_fw_verify_init(&st, F.trusted, 1, NULL), IOT_FW_OK);
    assert_int_equal(iot_fw_verify_commit(&st), IOT_FW_E_USAGE); /* before a good final */
    assert_int_equal(iot_fw_verify_final(&st, &info), IOT_FW_E_TRUNCATED);
    assert_int_equal(iot_fw_verify_update(&st, (const uint8_t *)"x", 1), IOT_FW_E_TRUNCATED);
    /* Nothing may follow a good final, and commit is refused after it. */
    struct image img = make_image(basic(), 10);
    assert_int_equal(iot_fw_verify_init(&st, F.trusted, 1, NULL), IOT_FW_OK);
    assert_int_equal(iot_fw_verify_update(&st, img.data, img.len), IOT_FW_OK);
    assert_int_equal(iot_fw_verify_final(&st, &info), IOT_FW_OK);
    assert_int_equal(iot_fw_verify_update(&st, img.data, 1), IOT_FW_E_USAGE);
    assert_int_equal(iot_fw_verify_final(&st, &info), IOT_FW_E_USAGE);
    free(img.data);
    /* A store without one of its callbacks would skip that check: refused. */
    struct mem_store ms = {0};
    struct iot_fw_store partial = {&ms, ms_read, ms_write, NULL};
    assert_int_equal(iot_fw_verify_init(&st, F.trusted, 1, &partial), IOT_FW_E_USAGE);
    assert_string_equal(iot_fw_strerror(IOT_FW_E_ROLLBACK),
                        "rollback: security counter lower than the stored one");
}

static void test_version_parse(void **state)
{
    (void)state;
    struct iot_fw_sign_params p = {0};
    assert_int_equal(iot_fw_version_parse("1.2.3", &p), IOT_OK);
    assert_int_equal(p.ver_revision, 3);
    assert_int_equal(p.build, 0);
    assert_int_equal(iot_fw_version_parse("255.0.65535+4294967295", &p), IOT_OK);
    assert_int_equal(p.build, 4294967295u);
    static const char *const bad[] = {"", "1", "1.2", "1.2.3.4", "256.0.0", "1.2.65536",
                                      "1.2.3+", "1.2.3+x", "a.b.c", "1..3", "-1.2.3"};
    for (size_t i = 0; i < IOT_ARRAY_LEN(bad); i++)
        assert_int_equal(iot_fw_version_parse(bad[i], &p), IOT_ERR_INPUT);
}

/* ---- sealed key files ---- */

static void test_sealed_roundtrip(void **state)
{
    (void)state;
    char dir[] = "/tmp/iotsec-fw-XXXXXX", path[64], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/key", dir);
    uint8_t secret[32], pub[32], got[32], gotpub[32];
    memset(secret, 0x5c, sizeof(secret));
    memset(pub, 0x33, sizeof(pub));
    assert_int_equal(iot_sealed_write(path, IOT_SEALED_SIGNING, pub, secret, "pw", 2,
                                      IOT_KDF_INTERACTIVE, err, sizeof(err)), IOT_OK);
    /* Never overwrites a key. */
    assert_int_not_equal(iot_sealed_write(path, IOT_SEALED_SIGNING, pub, secret, "pw", 2,
                                          IOT_KDF_INTERACTIVE, err, sizeof(err)), IOT_OK);
    assert_int_equal(iot_sealed_read(path, IOT_SEALED_SIGNING, "pw", 2, got, gotpub, err,
                                     sizeof(err)), IOT_OK);
    assert_memory_equal(got, secret, 32);
    assert_memory_equal(gotpub, pub, 32);
    assert_int_equal(iot_sealed_read(path, IOT_SEALED_SIGNING, "pW", 2, got, NULL, err,
                                     sizeof(err)), IOT_ERR_CRYPTO);
    assert_int_equal(iot_sealed_read(path, IOT_SEALED_PAYLOAD_KEY, "pw", 2, got, NULL, err,
                                     sizeof(err)), IOT_ERR_INPUT);
    /* The secret is not in the file in clear. */
    FILE *f = fopen(path, "rb");
    uint8_t file[IOT_SEALED_SIZE];
    assert_int_equal(fread(file, 1, sizeof(file), f), sizeof(file));
    fclose(f);
    for (size_t i = 0; i + 8 <= sizeof(file); i++)
        assert_false(memcmp(file + i, secret, 8) == 0);
    /* One changed byte anywhere that is authenticated: refused. */
    static const size_t where[] = {0, 8, 9, 12, 16, 20, 36, 60, 92, 139};
    for (size_t i = 0; i < IOT_ARRAY_LEN(where); i++) {
        uint8_t t[IOT_SEALED_SIZE];
        memcpy(t, file, sizeof(t));
        t[where[i]] ^= (uint8_t)(where[i] == 16 ? 0x01 : 0x80);
        assert_int_not_equal(iot_sealed_read_buf(t, sizeof(t), IOT_SEALED_SIGNING, "pw", 2, got,
                                                 NULL, err, sizeof(err)), IOT_OK);
    }
    /* Costs beyond the limits are refused before any work. */
    uint8_t t[IOT_SEALED_SIZE];
    memcpy(t, file, sizeof(t));
    iot_fw_put_le32(t + 16, 0x7fffffff);
    assert_int_equal(iot_sealed_read_buf(t, sizeof(t), IOT_SEALED_SIGNING, "pw", 2, got, NULL, err,
                                         sizeof(err)), IOT_ERR_INPUT);
    assert_int_equal(iot_sealed_read_buf(file, sizeof(file) - 1, IOT_SEALED_SIGNING, "pw", 2, got,
                                         NULL, err, sizeof(err)), IOT_ERR_INPUT);
    /* A key file others may read is refused. */
    assert_int_equal(chmod(path, 0644), 0);
    assert_int_equal(iot_sealed_read(path, IOT_SEALED_SIGNING, "pw", 2, got, NULL, err,
                                     sizeof(err)), IOT_ERR_INPUT);
    unlink(path);
    rmdir(dir);
}

/* ---- the file-backed store ---- */

static void test_store_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/iotsec-fw-XXXXXX", path[64], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/state", dir);
    struct iot_fw_file_store fs;
    /* A missing store is an error unless asked to create it: a typo must not disable it. */
    assert_int_equal(iot_fw_file_store_open(&fs, path, 0, err, sizeof(err)), IOT_ERR_INPUT);
    iot_fw_file_store_close(&fs);
    assert_int_equal(iot_fw_file_store_open(&fs, path, 1, err, sizeof(err)), IOT_OK);
    assert_int_equal(fs.counter, 0);
    assert_int_equal(fs.store.write_counter(fs.store.ctx, 9), 0);
    assert_int_equal(fs.store.write_counter(fs.store.ctx, 8), -1); /* never lowered */
    uint8_t id[32];
    memset(id, 0xab, sizeof(id));
    assert_int_equal(iot_fw_file_store_revoke(&fs, id, err, sizeof(err)), IOT_OK);
    assert_int_equal(iot_fw_file_store_revoke(&fs, id, err, sizeof(err)), IOT_OK);
    iot_fw_file_store_close(&fs);
    assert_int_equal(iot_fw_file_store_open(&fs, path, 0, err, sizeof(err)), IOT_OK);
    assert_int_equal(fs.counter, 9);
    assert_int_equal(fs.nrevoked, 1);
    assert_int_equal(fs.store.is_revoked(fs.store.ctx, id), 1);
    id[0] = 0;
    assert_int_equal(fs.store.is_revoked(fs.store.ctx, id), 0);
    iot_fw_file_store_close(&fs);
    unlink(path);
    snprintf(path, sizeof(path), "%s/state.lock", dir);
    unlink(path);
    rmdir(dir);
}

static void test_store_parse_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "revoked abab\n",
        "security-counter 1\nsecurity-counter 2\n",
        "security-counter -1\n",
        "security-counter 4294967296\n",
        "security-counter 1x\n",
        "security-counter 1\nrevoked "
        "abababababababababababababababababababababababababababababababab\nrevoked "
        "abababababababababababababababababababababababababababababababab\n",
        "security-counter 1\nrevoked "
        "zbababababababababababababababababababababababababababababababab\n",
        "security-counter 1\nrevoke x\n",
    };
    for (size_t i = 0; i < IOT_ARRAY_LEN(bad); i++) {
        struct iot_fw_file_store fs;
        iot_fw_file_store_init(&fs);
        char err[256];
        assert_int_equal(iot_fw_file_store_parse(&fs, bad[i], err, sizeof(err)), IOT_ERR_INPUT);
        iot_fw_file_store_close(&fs);
    }
    struct iot_fw_file_store fs;
    iot_fw_file_store_init(&fs);
    char err[256];
    assert_int_equal(iot_fw_file_store_parse(&fs, "# c\n\nsecurity-counter 12", err, sizeof(err)),
                     IOT_OK);
    assert_int_equal(fs.counter, 12);
    iot_fw_file_store_close(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc8032_public_keys),
        cmocka_unit_test(test_rfc8032_ed25519ph),
        cmocka_unit_test(test_sign_verify_roundtrip),
        cmocka_unit_test(test_chunking),
        cmocka_unit_test(test_encrypted_sizes),
        cmocka_unit_test(test_wrong_payload_key),
        cmocka_unit_test(test_flip_every_byte),
        cmocka_unit_test(test_truncate_every_length),
        cmocka_unit_test(test_trailing_and_magic),
        cmocka_unit_test(test_rollback_and_commit),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_tlv_allow_list),
        cmocka_unit_test(test_header_fields),
        cmocka_unit_test(test_api_misuse),
        cmocka_unit_test(test_version_parse),
        cmocka_unit_test(test_sealed_roundtrip),
        cmocka_unit_test(test_store_file),
        cmocka_unit_test(test_store_parse_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
