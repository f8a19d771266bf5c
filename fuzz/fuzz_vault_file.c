/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the vault file reader: the header checks, the key check and the body
 * parser behind the AEAD (a vault file is read from disk, where anyone with write access may
 * have changed it).
 * Target: src/vault/vault.c
 * Input, first byte even: a vault file opened with a fixed key file (passphrase vaults are
 *   refused before Argon2id runs). First byte odd: a plaintext body that is sealed with the
 *   fixed key into a well-formed file first, so the body parser sees arbitrary bytes. */
#include "iotsec-common.h"

#include <sodium.h>

#include "firmware/fw-format.h"
#include "util/util-mem.h"
#include "vault/vault.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t key[32] = {7, 7, 7};

/* Seals body the way vault.c does for a key-file vault (header as associated data). */
static uint8_t *seal(const uint8_t *body, size_t blen, size_t *flen)
{
    uint8_t mkey_enc[32], check_key[32], hdr[80] = {0};
    memcpy(hdr, "IOTVAULT", 8);
    hdr[8] = 1;
    hdr[9] = 2;
    crypto_kdf_derive_from_key(mkey_enc, 32, 1, "iotvault", key);
    crypto_kdf_derive_from_key(check_key, 32, 2, "iotvault", key);
    static const char label[] = "iotsec vault key check";
    crypto_generichash(hdr + 36, 16, (const unsigned char *)label, sizeof(label) - 1, check_key,
                       32);
    iot_fw_put_le32(hdr + 76, (uint32_t)(blen + 16));
    uint8_t *file = malloc(80 + blen + 16);
    if (file == NULL)
        return NULL;
    memcpy(file, hdr, 80);
    crypto_aead_xchacha20poly1305_ietf_encrypt(file + 80, NULL, body, blen, hdr, 80, NULL,
                                               hdr + 52, mkey_enc);
    *flen = 80 + blen + 16;
    return file;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > (256u << 10) || sodium_init() < 0)
        return 0;
    size_t len = size - 1;
    uint8_t *file = NULL;
    if (data[0] & 1) {
        file = seal(data + 1, len, &len);
    } else if ((file = malloc(len ? len : 1)) != NULL) { /* exactly sized */
        memcpy(file, data + 1, len);
    }
    if (file == NULL)
        return 0;
    uint64_t before = iot_mem_in_use();
    struct iot_vault_key k = {.key = key};
    struct iot_vault *v = NULL;
    char err[256] = "";
    int rc = iot_vault_open_buf(&v, file, len, "fuzz", &k, err, sizeof(err));
    if (rc == IOT_OK) {
        size_t vlen;
        for (size_t i = 0; i < iot_vault_count(v); i++) {
            const char *name = iot_vault_name(v, i, &vlen);
            const uint8_t *val;
            size_t glen;
            if (!iot_vault_name_ok(name) || iot_vault_get(v, name, &val, &glen) != IOT_OK ||
                glen != vlen)
                abort();
        }
        iot_vault_close(v);
    } else if (v != NULL || err[0] == '\0') {
        abort(); /* a refusal leaves no handle and says why */
    }
    if (iot_mem_in_use() != before)
        abort();
    free(file);
    return 0;
}
