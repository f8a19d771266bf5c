/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Streaming verifier of signed iotsec firmware images (docs/firmware-format.md), small enough
 * for a bootloader: it allocates nothing, its memory is the caller's state struct whatever the
 * image size, and it needs only libsodium.
 *
 * Use: iot_fw_verify_init(), iot_fw_verify_update() with the image bytes in order, in chunks of
 * any size, then iot_fw_verify_final(). Only a return of IOT_FW_OK from final means the image is
 * authentic, signed by a trusted key that is not revoked, and not older than the anti-rollback
 * counter. iot_fw_verify_commit() then raises the stored counter to the image's. Bytes handed to
 * a decryption sink before final returned IOT_FW_OK are not trusted: write them to a scratch
 * slot and discard them unless final succeeds.
 *
 * Thread safety: a state belongs to one thread at a time; distinct states are independent. */
#ifndef IOTSEC_FW_VERIFY_H
#define IOTSEC_FW_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IOT_FW_PUBLICKEY_BYTES 32
#define IOT_FW_KEYID_BYTES 32    /* SHA-256 of the public key */
#define IOT_FW_DIGEST_BYTES 32
#define IOT_FW_ENC_KEY_BYTES 32  /* XChaCha20-Poly1305 (secretstream) payload key */
#define IOT_FW_ENC_CHUNK 4096    /* plaintext bytes per encrypted chunk */

/* Results. Every failure is negative and names one reason, so a device can report it. */
enum iot_fw_status {
    IOT_FW_OK = 0,
    IOT_FW_E_USAGE = -100,       /* the caller broke the API contract (NULL, order of calls) */
    IOT_FW_E_MAGIC = -101,       /* not an iotsec firmware image */
    IOT_FW_E_TRUNCATED = -102,   /* the image ends before its header says it does */
    IOT_FW_E_HEADER = -103,      /* a header field is invalid (size, flags, format version) */
    IOT_FW_E_TLV = -104,         /* a TLV area is malformed: magic, length, duplicate, unknown */
    IOT_FW_E_TLV_UNSIGNED = -105, /* a TLV outside the signed region that is not allow-listed */
    IOT_FW_E_UNSIGNED = -106,    /* no signature, key id or digest */
    IOT_FW_E_TRAILING = -107,    /* bytes after the end of the image */
    IOT_FW_E_DIGEST = -108,      /* the digest of header, payload and protected TLVs differs */
    IOT_FW_E_UNKNOWN_KEY = -109, /* signed by a key that is not among the trusted ones */
    IOT_FW_E_REVOKED_KEY = -110, /* signed by a trusted key that has been revoked */
    IOT_FW_E_SIGNATURE = -111,   /* the Ed25519 signature does not verify */
    IOT_FW_E_ROLLBACK = -112,    /* security counter lower than the stored one */
    IOT_FW_E_STORE = -113,       /* the counter store could not be read or written */
    IOT_FW_E_DECRYPT = -114,     /* wrong payload key, or the encrypted payload is damaged */
    IOT_FW_E_NOT_ENCRYPTED = -115, /* a payload key was given for an image in clear */
    IOT_FW_E_SINK = -116,        /* the decryption sink refused the plaintext */
};

/* What a bootloader maps to its OTP or flash, or a host to a file (fw-store-file.h). */
struct iot_fw_store {
    void *ctx;
    /* Returns 0 and sets *value, or a negative number when the counter cannot be read. */
    int (*read_counter)(void *ctx, uint32_t *value);
    /* Stores value (never lower than the current one), durably; 0 or negative on failure. */
    int (*write_counter)(void *ctx, uint32_t value);
    /* 1 when the key id is revoked, 0 when not, negative when the store cannot tell. */
    int (*is_revoked)(void *ctx, const uint8_t keyid[IOT_FW_KEYID_BYTES]);
};

struct iot_fw_trusted_key {
    uint8_t pk[IOT_FW_PUBLICKEY_BYTES];
};

enum iot_fw_digest_alg { IOT_FW_DIGEST_SHA256 = 0, IOT_FW_DIGEST_BLAKE2B = 1 };

/* The verified facts of an image; all zero unless final returned IOT_FW_OK. */
struct iot_fw_image_info {
    uint8_t ver_major, ver_minor;
    uint16_t ver_revision;
    uint32_t build;
    uint32_t load_addr;
    uint32_t flags;
    uint32_t hdr_size, img_size; /* img_size: payload bytes as stored (ciphertext if encrypted) */
    uint64_t total_size;
    uint64_t plain_size;         /* payload bytes after decryption */
    uint32_t security_counter;
    int encrypted;
    enum iot_fw_digest_alg digest_alg;
    uint8_t digest[IOT_FW_DIGEST_BYTES];
    uint8_t keyid[IOT_FW_KEYID_BYTES];
    size_t key_index; /* which of the trusted keys signed it */
};

/* Receives decrypted payload in order; returns 0, or non-zero to stop verification. */
typedef int (*iot_fw_sink_fn)(void *ctx, const uint8_t *plain, size_t len);

/* Opaque, caller-owned. Sizes are upper bounds checked at compile time by fw-verify.c. */
struct iot_fw_verify_state {
    _Alignas(64) unsigned char opaque[1536];
};
struct iot_fw_decrypt_state {
    _Alignas(64) unsigned char opaque[2 * IOT_FW_ENC_CHUNK + 256];
};

/* Starts verifying against nkeys trusted public keys. store may be NULL (no anti-rollback and
 * no revocation: a host checking an image's signature only); a store given must have all three
 * callbacks. keys and store must outlive the state. Returns IOT_FW_OK or IOT_FW_E_USAGE. */
int iot_fw_verify_init(struct iot_fw_verify_state *st, const struct iot_fw_trusted_key *keys,
                       size_t nkeys, const struct iot_fw_store *store)
    __attribute__((warn_unused_result));

/* Decrypts an encrypted payload as it streams, handing plaintext to sink. Call after init and
 * before the first update; ds and key must outlive the state (the key is not copied). With a
 * key set, an image whose payload is in clear is refused (IOT_FW_E_NOT_ENCRYPTED): a
 * bootloader expecting to decrypt into its scratch slot must not accept an image that leaves
 * the slot as it was. The decryption state is wiped when the stream ends or fails. */
int iot_fw_verify_set_decrypt(struct iot_fw_verify_state *st, struct iot_fw_decrypt_state *ds,
                              const uint8_t key[IOT_FW_ENC_KEY_BYTES], iot_fw_sink_fn sink,
                              void *sink_ctx) __attribute__((warn_unused_result));

/* Feeds the next len bytes of the image. Returns IOT_FW_OK, or the first error found so far
 * (the state then stays failed and every later call returns the same error). */
int iot_fw_verify_update(struct iot_fw_verify_state *st, const uint8_t *data, size_t len)
    __attribute__((warn_unused_result));

/* Ends the image. Returns IOT_FW_OK and fills *info only for an image that passes every check;
 * on failure *info is zeroed. */
int iot_fw_verify_final(struct iot_fw_verify_state *st, struct iot_fw_image_info *info)
    __attribute__((warn_unused_result));

/* After a successful final (and no call since): raises the store's counter to the image's if
 * it is higher. IOT_FW_E_USAGE otherwise. */
int iot_fw_verify_commit(struct iot_fw_verify_state *st) __attribute__((warn_unused_result));

/* Reads the image through read(ctx, buf, cap) (returns bytes read, 0 at the end, negative on
 * error) into the caller's buffer and runs update and final. */
typedef long (*iot_fw_read_fn)(void *ctx, uint8_t *buf, size_t cap);
int iot_fw_verify_stream(struct iot_fw_verify_state *st, iot_fw_read_fn read, void *read_ctx,
                         uint8_t *buf, size_t buflen, struct iot_fw_image_info *info)
    __attribute__((warn_unused_result));

/* The key id of a public key (SHA-256 of its 32 bytes). */
void iot_fw_keyid(const uint8_t pk[IOT_FW_PUBLICKEY_BYTES], uint8_t keyid[IOT_FW_KEYID_BYTES]);

const char *iot_fw_strerror(int rc);

#ifdef __cplusplus
}
#endif
#endif
