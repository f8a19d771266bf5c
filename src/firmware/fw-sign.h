/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signer of firmware images (host side: `iotsec fw sign`, and the tests' image factory). */
#ifndef IOTSEC_FIRMWARE_FW_SIGN_H
#define IOTSEC_FIRMWARE_FW_SIGN_H

#include <stdint.h>
#include <stdio.h>

#include "firmware/fw-keys.h"
#include "iotsec/fw-verify.h"

struct iot_fw_sign_params {
    uint8_t ver_major, ver_minor;
    uint16_t ver_revision;
    uint32_t build;
    uint32_t load_addr;
    uint32_t security_counter;
    uint16_t hdr_size; /* 0: the minimum, 32 */
    enum iot_fw_digest_alg digest;
    const struct iot_fw_signing_key *key;
    const uint8_t *enc_key; /* IOT_FW_ENC_KEY_BYTES, or NULL for a payload in clear */
};

/* Parses "MAJOR.MINOR.REVISION[+BUILD]" into the version fields. IOT_OK or IOT_ERR_INPUT. */
int iot_fw_version_parse(const char *s, struct iot_fw_sign_params *p);

/* Reads exactly in_size payload bytes from in and writes the signed image to out. Returns
 * IOT_OK, or an error with err set (input shorter than in_size, too big, write failure). */
int iot_fw_sign(const struct iot_fw_sign_params *p, FILE *in, uint64_t in_size, FILE *out,
                char *err, size_t errlen);

#endif
