/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The vault: iotsec's own secrets (exporter credentials, payload keys, client certificates'
 * keys) in one encrypted file (docs/vault-format.md). XChaCha20-Poly1305 under a master key
 * derived with Argon2id from a passphrase, or read from a key file; every byte of the file is
 * authenticated; the file is replaced atomically on every change. In memory, names and values
 * live only in sodium_malloc'd buffers (guarded, locked, wiped when freed).
 *
 * Thread safety: a vault handle belongs to one thread at a time. */
#ifndef IOTSEC_VAULT_VAULT_H
#define IOTSEC_VAULT_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include "firmware/fw-keys.h" /* enum iot_kdf_preset */

#define IOT_VAULT_KEY_BYTES 32
#define IOT_VAULT_NAME_MAX 128     /* name bytes: A-Z a-z 0-9 . _ - / */
#define IOT_VAULT_VALUE_MAX 65536  /* bytes per secret */
#define IOT_VAULT_MAX_ENTRIES 1024
#define IOT_VAULT_BODY_MAX (4u << 20)

/* Results beyond enum iot_err: the two failures a person must tell apart. */
#define IOT_VAULT_E_WRONG_KEY (-20) /* wrong passphrase or key file */
#define IOT_VAULT_E_TAMPERED (-21)  /* the right key, but the file was altered or damaged */

/* How the master key is made: from a passphrase (Argon2id with the preset's costs), or taken
 * from a 32-byte key file (key != NULL). */
struct iot_vault_key {
    const char *pass;
    size_t passlen;
    const uint8_t *key;
    enum iot_kdf_preset kdf;
};

struct iot_vault;

/* Writes a new, empty vault at path; refuses an existing file. */
int iot_vault_create(const char *path, const struct iot_vault_key *k, char *err, size_t errlen);

/* Opens path. IOT_OK with *out set; IOT_VAULT_E_WRONG_KEY; IOT_VAULT_E_TAMPERED; IOT_ERR_INPUT
 * (not a vault, an unsupported version, costs beyond the limits, the wrong kind of key);
 * IOT_ERR_IO. The caller closes *out. */
int iot_vault_open(struct iot_vault **out, const char *path, const struct iot_vault_key *k,
                   char *err, size_t errlen);
/* The same from the bytes of a vault file (tests and the fuzzer). */
int iot_vault_open_buf(struct iot_vault **out, const uint8_t *file, size_t len, const char *path,
                       const struct iot_vault_key *k, char *err, size_t errlen);

/* The value of name, pointing into guarded memory that stays valid until the next change or
 * close; IOT_ERR_INPUT when there is no such secret. */
int iot_vault_get(const struct iot_vault *v, const char *name, const uint8_t **val, size_t *len);
/* Adds or replaces a secret (in memory: iot_vault_save writes it). */
int iot_vault_put(struct iot_vault *v, const char *name, const uint8_t *val, size_t len,
                  char *err, size_t errlen);
int iot_vault_remove(struct iot_vault *v, const char *name);
size_t iot_vault_count(const struct iot_vault *v);
/* The i-th name (sorted), and its value's size. */
const char *iot_vault_name(const struct iot_vault *v, size_t i, size_t *value_len);

/* Re-encrypts everything under a fresh nonce and replaces the file atomically. */
int iot_vault_save(struct iot_vault *v, char *err, size_t errlen);
/* Changes the master key (new salt, new passphrase or key file) and saves. The plaintext never
 * leaves guarded memory. */
int iot_vault_rekey(struct iot_vault *v, const struct iot_vault_key *k, char *err, size_t errlen);

/* Wipes and frees everything. */
void iot_vault_close(struct iot_vault *v);

/* True when name is a valid secret name. */
int iot_vault_name_ok(const char *name);

#endif
