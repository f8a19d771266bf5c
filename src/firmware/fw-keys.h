/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Key files of the firmware tools. A secret (an Ed25519 signing seed, or a payload encryption
 * key) only ever reaches the disk sealed: XChaCha20-Poly1305 under a key derived from a
 * passphrase with Argon2id, the whole header authenticated (docs/firmware-format.md). Public
 * keys are one text line. Secrets in memory live in sodium_malloc'd buffers. */
#ifndef IOTSEC_FIRMWARE_FW_KEYS_H
#define IOTSEC_FIRMWARE_FW_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "iotsec/fw-verify.h"

#define IOT_SEALED_MAGIC "IOTSEAL1"
#define IOT_SEALED_SIZE 140
#define IOT_SEALED_SECRET_BYTES 32

enum iot_sealed_kind { IOT_SEALED_SIGNING = 1, IOT_SEALED_PAYLOAD_KEY = 2 };

/* Argon2id cost presets, libsodium's: interactive (64 MiB), moderate (256 MiB), sensitive
 * (1 GiB). */
enum iot_kdf_preset { IOT_KDF_INTERACTIVE = 0, IOT_KDF_MODERATE, IOT_KDF_SENSITIVE };
int iot_kdf_preset_parse(const char *name, enum iot_kdf_preset *out);

/* A signing key in memory: the seed and the key pair derived from it (sodium_malloc'd). */
struct iot_fw_signing_key {
    uint8_t *sk; /* 64 bytes, locked and guarded */
    uint8_t pk[IOT_FW_PUBLICKEY_BYTES];
};
/* Derives the key pair from a 32-byte seed (RFC 8032 secret key). IOT_OK or IOT_ERR_NOMEM. */
int iot_fw_signing_key_from_seed(struct iot_fw_signing_key *k, const uint8_t seed[32]);
void iot_fw_signing_key_free(struct iot_fw_signing_key *k);

/* Seals secret (32 bytes) with pass into path, which must not exist (mode 0600). pub is the
 * 32-byte public part kept in clear but authenticated, or NULL. */
int iot_sealed_write(const char *path, enum iot_sealed_kind kind, const uint8_t *pub,
                     const uint8_t secret[IOT_SEALED_SECRET_BYTES], const char *pass,
                     size_t passlen, enum iot_kdf_preset kdf, char *err, size_t errlen);

/* Opens a sealed file of the given kind into secret (a sodium_malloc'd buffer of 32 bytes the
 * caller owns) and, when pub is not NULL, its public part. Errors: IOT_ERR_INPUT (not such a
 * file, or costs beyond the limits), IOT_ERR_CRYPTO (wrong passphrase or altered file). */
int iot_sealed_read_buf(const uint8_t *file, size_t len, enum iot_sealed_kind kind,
                        const char *pass, size_t passlen, uint8_t *secret, uint8_t *pub,
                        char *err, size_t errlen);
int iot_sealed_read(const char *path, enum iot_sealed_kind kind, const char *pass,
                    size_t passlen, uint8_t *secret, uint8_t *pub, char *err, size_t errlen);

/* Public key files: "iotsec-fw-ed25519-public <base64>\n". */
int iot_fw_pubkey_write(const char *path, const uint8_t pk[IOT_FW_PUBLICKEY_BYTES], char *err,
                        size_t errlen);
int iot_fw_pubkey_read(const char *path, uint8_t pk[IOT_FW_PUBLICKEY_BYTES], char *err,
                       size_t errlen);
/* The same from the file's text (len bytes, NUL-terminated). IOT_OK or IOT_ERR_INPUT. */
int iot_fw_pubkey_parse(const char *text, size_t len, uint8_t pk[IOT_FW_PUBLICKEY_BYTES]);

/* Hex of a key id (65 bytes with the NUL), and its strict parse (64 hex digits). */
void iot_fw_keyid_hex(const uint8_t id[IOT_FW_KEYID_BYTES], char out[2 * IOT_FW_KEYID_BYTES + 1]);
int iot_fw_keyid_parse(const char *hex, uint8_t id[IOT_FW_KEYID_BYTES]);

#endif
