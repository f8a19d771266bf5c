/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the firmware key files: sealed secrets (header, cost limits, AEAD)
 * and public key lines.
 * Target: src/firmware/fw-keys.c
 * Input: first byte even, a sealed key file opened with a fixed passphrase (inputs asking
 *   Argon2id for more than 64 KiB are skipped: they are refused or slow by design, and the
 *   limits on costs are unit-tested); odd, the text of a public key file. */
#include "iotsec-common.h"

#include <sodium.h>

#include "firmware/fw-format.h"
#include "firmware/fw-keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096 || sodium_init() < 0)
        return 0;
    size_t len = size - 1;
    char *buf = malloc(len + 1); /* exactly sized, plus the NUL the text form needs */
    if (buf == NULL)
        return 0;
    memcpy(buf, data + 1, len);
    buf[len] = '\0';
    char err[256] = "";
    if (data[0] & 1) {
        uint8_t pk[IOT_FW_PUBLICKEY_BYTES];
        (void)iot_fw_pubkey_parse(buf, len, pk);
    } else if (len < IOT_SEALED_SIZE || iot_fw_le32((const uint8_t *)buf + 16) <= 64) {
        uint8_t *secret = sodium_malloc(IOT_SEALED_SECRET_BYTES);
        uint8_t pub[32];
        if (secret != NULL) {
            int rc = iot_sealed_read_buf((const uint8_t *)buf, len, IOT_SEALED_SIGNING, "fuzz", 4,
                                         secret, pub, err, sizeof(err));
            if (rc != IOT_OK && err[0] == '\0')
                abort(); /* every refusal says why */
            sodium_free(secret);
        }
    }
    free(buf);
    return 0;
}
