/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sealing and opening evidence blobs (see store-evidence.h). */
#include "iotsec-common.h"
#include "store/store-evidence.h"

#include <sodium.h>

#define EVIDENCE_VERSION 1
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
_Static_assert(1 + NONCE_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES ==
                   IOT_EVIDENCE_OVERHEAD, "overhead");

static size_t evidence_ad(const struct iot_evidence_id *id, char *ad, size_t cap)
{
    int n = snprintf(ad, cap, "iotsec evidence v1|%s|%u|%s|%s|%llu", id->ts, id->sid, id->src_ip,
                     id->dest_ip, (unsigned long long)id->pcap_cnt);
    return n < 0 ? 0 : IOT_MIN((size_t)n, cap - 1);
}

static void evidence_seal(const uint8_t key[IOT_EVIDENCE_KEY_BYTES], const struct iot_evidence_id *id,
                       const uint8_t *plain, size_t len, uint8_t *out)
{
    char ad[256];
    size_t adlen = evidence_ad(id, ad, sizeof(ad));
    out[0] = EVIDENCE_VERSION;
    randombytes_buf(out + 1, NONCE_BYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + NONCE_BYTES, NULL, plain, len,
                                               (const unsigned char *)ad, adlen, NULL, out + 1,
                                               key);
}

static int evidence_open(const uint8_t key[IOT_EVIDENCE_KEY_BYTES], const struct iot_evidence_id *id,
                      const uint8_t *blob, size_t blen, uint8_t *plain, size_t *len)
{
    *len = 0;
    if (blen < IOT_EVIDENCE_OVERHEAD || blen > IOT_EVIDENCE_PLAIN_MAX + IOT_EVIDENCE_OVERHEAD ||
        blob[0] != EVIDENCE_VERSION)
        return IOT_ERR_INPUT;
    char ad[256];
    size_t adlen = evidence_ad(id, ad, sizeof(ad));
    unsigned long long n = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &n, NULL, blob + 1 + NONCE_BYTES,
                                                   blen - 1 - NONCE_BYTES,
                                                   (const unsigned char *)ad, adlen, blob + 1,
                                                   key) != 0)
        return IOT_ERR_CRYPTO;
    *len = (size_t)n;
    return IOT_OK;
}

size_t iot_evidence_sealed_size(size_t caplen)
{
    return 8 + IOT_MIN(caplen, (size_t)IOT_EVIDENCE_PACKET_MAX) + IOT_EVIDENCE_OVERHEAD;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void iot_evidence_seal_packet(const uint8_t key[IOT_EVIDENCE_KEY_BYTES],
                              const struct iot_evidence_id *id, int linktype, uint32_t wirelen,
                              const uint8_t *data, size_t caplen, uint8_t *out)
{
    uint8_t plain[IOT_EVIDENCE_PLAIN_MAX];
    size_t n = IOT_MIN(caplen, (size_t)IOT_EVIDENCE_PACKET_MAX);
    put_le32(plain, (uint32_t)linktype);
    put_le32(plain + 4, wirelen);
    memcpy(plain + 8, data, n);
    evidence_seal(key, id, plain, 8 + n, out);
    sodium_memzero(plain, 8 + n);
}

int iot_evidence_open_packet(const uint8_t key[IOT_EVIDENCE_KEY_BYTES],
                             const struct iot_evidence_id *id, const uint8_t *blob, size_t blen,
                             int *linktype, uint32_t *wirelen, uint8_t *data, size_t *caplen)
{
    uint8_t plain[IOT_EVIDENCE_PLAIN_MAX];
    size_t n = 0;
    *caplen = 0;
    int rc = evidence_open(key, id, blob, blen, plain, &n);
    if (rc == IOT_OK && n < 8)
        rc = IOT_ERR_INPUT;
    if (rc == IOT_OK) {
        *linktype = (int)le32(plain);
        *wirelen = le32(plain + 4);
        *caplen = n - 8;
        memcpy(data, plain + 8, n - 8);
    }
    sodium_memzero(plain, sizeof(plain));
    return rc;
}
