/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sealed secret files and public key files (see fw-keys.h). */
#include "iotsec-common.h"
#include "firmware/fw-keys.h"

#include <sodium.h>

#include "firmware/fw-format.h"
#include "util/util-file.h"
#include "util/util-mem.h"

#define KDF_ARGON2ID13 1
/* Bounds on a file's Argon2id costs: a hostile key file must not make us spend minutes or
 * gigabytes before the passphrase is even checked. */
#define KDF_OPS_MAX crypto_pwhash_OPSLIMIT_SENSITIVE
#define KDF_MEM_KIB_MAX (1024u * 1024u)

enum { OFF_KIND = 8, OFF_ALG = 9, OFF_OPS = 12, OFF_MEM = 16, OFF_SALT = 20, OFF_NONCE = 36,
       OFF_PUB = 60, OFF_CT = 92 };
_Static_assert(OFF_SALT + crypto_pwhash_SALTBYTES == OFF_NONCE, "salt size");
_Static_assert(OFF_NONCE + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == OFF_PUB, "nonce");
_Static_assert(OFF_CT + IOT_SEALED_SECRET_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES ==
                   IOT_SEALED_SIZE, "sealed size");

int iot_kdf_preset_parse(const char *name, enum iot_kdf_preset *out)
{
    static const char *const names[] = {"interactive", "moderate", "sensitive"};
    for (size_t i = 0; i < IOT_ARRAY_LEN(names); i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum iot_kdf_preset)i;
            return IOT_OK;
        }
    return IOT_ERR_INPUT;
}

static void kdf_costs(enum iot_kdf_preset p, uint32_t *ops, uint32_t *mem_kib)
{
    switch (p) {
    case IOT_KDF_SENSITIVE:
        *ops = crypto_pwhash_OPSLIMIT_SENSITIVE;
        *mem_kib = (uint32_t)(crypto_pwhash_MEMLIMIT_SENSITIVE / 1024);
        break;
    case IOT_KDF_MODERATE:
        *ops = crypto_pwhash_OPSLIMIT_MODERATE;
        *mem_kib = (uint32_t)(crypto_pwhash_MEMLIMIT_MODERATE / 1024);
        break;
    default:
        *ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        *mem_kib = (uint32_t)(crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024);
        break;
    }
}

int iot_fw_signing_key_from_seed(struct iot_fw_signing_key *k, const uint8_t seed[32])
{
    k->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
    if (k->sk == NULL)
        return IOT_ERR_NOMEM;
    crypto_sign_seed_keypair(k->pk, k->sk, seed);
    return IOT_OK;
}

void iot_fw_signing_key_free(struct iot_fw_signing_key *k)
{
    sodium_free(k->sk); /* wipes before it frees */
    k->sk = NULL;
}

/* Derives the file key from the passphrase into a guarded buffer the caller frees. */
static uint8_t *derive(const uint8_t *hdr, const char *pass, size_t passlen)
{
    uint8_t *key = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    if (key == NULL)
        return NULL;
    unsigned long long ops = iot_fw_le32(hdr + OFF_OPS);
    size_t mem = (size_t)iot_fw_le32(hdr + OFF_MEM) * 1024u;
    if (crypto_pwhash(key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES, pass, passlen,
                      hdr + OFF_SALT, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        sodium_free(key);
        return NULL;
    }
    return key;
}

int iot_sealed_write(const char *path, enum iot_sealed_kind kind, const uint8_t *pub,
                     const uint8_t secret[IOT_SEALED_SECRET_BYTES], const char *pass,
                     size_t passlen, enum iot_kdf_preset kdf, char *err, size_t errlen)
{
    if (passlen == 0) {
        snprintf(err, errlen, "an empty passphrase protects nothing");
        return IOT_ERR_USAGE;
    }
    uint8_t file[IOT_SEALED_SIZE] = {0};
    memcpy(file, IOT_SEALED_MAGIC, 8);
    file[OFF_KIND] = (uint8_t)kind;
    file[OFF_ALG] = KDF_ARGON2ID13;
    uint32_t ops, mem_kib;
    kdf_costs(kdf, &ops, &mem_kib);
    iot_fw_put_le32(file + OFF_OPS, ops);
    iot_fw_put_le32(file + OFF_MEM, mem_kib);
    randombytes_buf(file + OFF_SALT, crypto_pwhash_SALTBYTES);
    randombytes_buf(file + OFF_NONCE, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    if (pub != NULL)
        memcpy(file + OFF_PUB, pub, 32);
    uint8_t *key = derive(file, pass, passlen);
    if (key == NULL) {
        snprintf(err, errlen, "key derivation failed (out of memory?)");
        return IOT_ERR_NOMEM;
    }
    crypto_aead_xchacha20poly1305_ietf_encrypt(file + OFF_CT, NULL, secret,
                                               IOT_SEALED_SECRET_BYTES, file, OFF_CT, NULL,
                                               file + OFF_NONCE, key);
    sodium_free(key);
    int rc = iot_file_create(path, file, sizeof(file), 0600, err, errlen);
    return rc == IOT_FILE_EXISTS ? IOT_ERR_IO : rc;
}

int iot_sealed_read_buf(const uint8_t *file, size_t len, enum iot_sealed_kind kind,
                        const char *pass, size_t passlen, uint8_t *secret, uint8_t *pub,
                        char *err, size_t errlen)
{
    if (len != IOT_SEALED_SIZE || memcmp(file, IOT_SEALED_MAGIC, 8) != 0) {
        snprintf(err, errlen, "not an iotsec sealed key file");
        return IOT_ERR_INPUT;
    }
    if (file[OFF_KIND] != kind) {
        snprintf(err, errlen, "holds a %s, not a %s",
                 file[OFF_KIND] == IOT_SEALED_SIGNING ? "signing key" : "payload key",
                 kind == IOT_SEALED_SIGNING ? "signing key" : "payload key");
        return IOT_ERR_INPUT;
    }
    uint32_t ops = iot_fw_le32(file + OFF_OPS), mem_kib = iot_fw_le32(file + OFF_MEM);
    if (file[OFF_ALG] != KDF_ARGON2ID13 || file[10] != 0 || file[11] != 0 ||
        ops < crypto_pwhash_OPSLIMIT_MIN || ops > KDF_OPS_MAX ||
        mem_kib < crypto_pwhash_MEMLIMIT_MIN / 1024 || mem_kib > KDF_MEM_KIB_MAX) {
        snprintf(err, errlen, "unsupported key derivation or costs beyond the limits");
        return IOT_ERR_INPUT;
    }
    uint8_t *key = derive(file, pass, passlen);
    if (key == NULL) {
        snprintf(err, errlen, "key derivation failed (out of memory?)");
        return IOT_ERR_NOMEM;
    }
    int bad = crypto_aead_xchacha20poly1305_ietf_decrypt(
        secret, NULL, NULL, file + OFF_CT, len - OFF_CT, file, OFF_CT, file + OFF_NONCE, key);
    sodium_free(key);
    if (bad != 0) {
        sodium_memzero(secret, IOT_SEALED_SECRET_BYTES);
        snprintf(err, errlen, "wrong passphrase, or the key file was altered");
        return IOT_ERR_CRYPTO;
    }
    if (pub != NULL)
        memcpy(pub, file + OFF_PUB, 32);
    return IOT_OK;
}

int iot_sealed_read(const char *path, enum iot_sealed_kind kind, const char *pass,
                    size_t passlen, uint8_t *secret, uint8_t *pub, char *err, size_t errlen)
{
    uint8_t file[IOT_SEALED_SIZE + 1];
    size_t len = 0;
    char why[256];
    int rc = iot_file_read_private(path, file, sizeof(file), &len, err, errlen);
    if (rc != IOT_OK)
        return rc;
    rc = iot_sealed_read_buf(file, len, kind, pass, passlen, secret, pub, why, sizeof(why));
    if (rc != IOT_OK)
        snprintf(err, errlen, "%s: %s", path, why);
    return rc;
}

#define PUB_TAG "iotsec-fw-ed25519-public "

int iot_fw_pubkey_write(const char *path, const uint8_t pk[IOT_FW_PUBLICKEY_BYTES], char *err,
                        size_t errlen)
{
    char b64[sodium_base64_ENCODED_LEN(IOT_FW_PUBLICKEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof(b64), pk, IOT_FW_PUBLICKEY_BYTES,
                      sodium_base64_VARIANT_ORIGINAL);
    char line[128];
    int n = snprintf(line, sizeof(line), PUB_TAG "%s\n", b64);
    int rc = iot_file_create(path, line, (size_t)n, 0644, err, errlen);
    return rc == IOT_FILE_EXISTS ? IOT_ERR_IO : rc;
}

int iot_fw_pubkey_parse(const char *text, size_t len, uint8_t pk[IOT_FW_PUBLICKEY_BYTES])
{
    size_t binlen = 0;
    const char *end = NULL;
    const size_t tag = strlen(PUB_TAG);
    if (len > tag && strncmp(text, PUB_TAG, tag) == 0 &&
        sodium_base642bin(pk, IOT_FW_PUBLICKEY_BYTES, text + tag, len - tag, NULL, &binlen,
                          &end, sodium_base64_VARIANT_ORIGINAL) == 0 &&
        binlen == IOT_FW_PUBLICKEY_BYTES && (strcmp(end, "\n") == 0 || *end == '\0'))
        return IOT_OK;
    return IOT_ERR_INPUT;
}

int iot_fw_pubkey_read(const char *path, uint8_t pk[IOT_FW_PUBLICKEY_BYTES], char *err,
                       size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    int rc = iot_file_read_all(path, 256, &text, &len, err, errlen);
    if (rc != IOT_OK)
        return rc;
    if (text == NULL) {
        snprintf(err, errlen, "%s: no such file", path);
        return IOT_ERR_IO;
    }
    rc = iot_fw_pubkey_parse(text, len, pk);
    if (rc != IOT_OK)
        snprintf(err, errlen, "%s: not an iotsec Ed25519 public key file", path);
    iot_free(text);
    return rc;
}

void iot_fw_keyid_hex(const uint8_t id[IOT_FW_KEYID_BYTES], char out[2 * IOT_FW_KEYID_BYTES + 1])
{
    sodium_bin2hex(out, 2 * IOT_FW_KEYID_BYTES + 1, id, IOT_FW_KEYID_BYTES);
}

int iot_fw_keyid_parse(const char *hex, uint8_t id[IOT_FW_KEYID_BYTES])
{
    size_t n = 0;
    const char *end = NULL;
    if (strlen(hex) != 2 * IOT_FW_KEYID_BYTES ||
        sodium_hex2bin(id, IOT_FW_KEYID_BYTES, hex, strlen(hex), NULL, &n, &end) != 0 ||
        n != IOT_FW_KEYID_BYTES || *end != '\0')
        return IOT_ERR_INPUT;
    return IOT_OK;
}
