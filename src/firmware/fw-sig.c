/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ed25519ph through libsodium (see fw-sig.h). */
#include "fw-sig.h"

void iot_fw_sig_init(struct iot_fw_sig *s)
{
    crypto_sign_init(&s->st);
}

void iot_fw_sig_update(struct iot_fw_sig *s, const uint8_t *p, size_t n)
{
    crypto_sign_update(&s->st, p, n);
}

int iot_fw_sig_verify(struct iot_fw_sig *s, const uint8_t sig[64], const uint8_t pk[32])
{
    return crypto_sign_final_verify(&s->st, sig, pk) == 0 ? 0 : -1;
}

void iot_fw_sig_create(struct iot_fw_sig *s, uint8_t sig[64], const uint8_t sk[64])
{
    crypto_sign_final_create(&s->st, sig, NULL, sk);
}
