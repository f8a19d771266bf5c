/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ed25519ph (RFC 8032 section 5.1, prehashed with SHA-512, empty context) over a message that
 * arrives in pieces: libsodium's crypto_sign_init/update/final_*, behind one small interface
 * that the verifier, the signer and the RFC test vectors share. */
#ifndef IOTSEC_FIRMWARE_FW_SIG_H
#define IOTSEC_FIRMWARE_FW_SIG_H

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

struct iot_fw_sig {
    crypto_sign_state st;
};

void iot_fw_sig_init(struct iot_fw_sig *s);
void iot_fw_sig_update(struct iot_fw_sig *s, const uint8_t *p, size_t n);
/* 0 when sig is pk's signature of everything updated, -1 otherwise. Ends the state. */
int iot_fw_sig_verify(struct iot_fw_sig *s, const uint8_t sig[64], const uint8_t pk[32])
    __attribute__((warn_unused_result));
/* Signs everything updated with the 64-byte libsodium secret key. Ends the state. */
void iot_fw_sig_create(struct iot_fw_sig *s, uint8_t sig[64], const uint8_t sk[64]);

#endif
