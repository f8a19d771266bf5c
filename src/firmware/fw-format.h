/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The iotsec firmware image layout (docs/firmware-format.md): constants, the header, and a
 * bounds-checked TLV walker shared by the verifier, the signer and `iotsec fw info`. */
#ifndef IOTSEC_FIRMWARE_FW_FORMAT_H
#define IOTSEC_FIRMWARE_FW_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define IOT_FW_MAGIC 0x46544f49u /* "IOTF" in file order */
#define IOT_FW_FORMAT_VERSION 1
#define IOT_FW_HDR_MIN 32u
#define IOT_FW_HDR_MAX 4096u

#define IOT_FW_FLAG_ENCRYPTED 0x1u
#define IOT_FW_FLAG_BLAKE2B 0x2u /* the digest TLV is BLAKE2b-256, not SHA-256 */
#define IOT_FW_FLAGS_KNOWN (IOT_FW_FLAG_ENCRYPTED | IOT_FW_FLAG_BLAKE2B)

#define IOT_FW_TLV_INFO_PROT 0x6908u
#define IOT_FW_TLV_INFO_UNPROT 0x6907u
#define IOT_FW_TLV_INFO_SIZE 4u
#define IOT_FW_TLV_HDR_SIZE 4u
/* Both areas are small by construction; a larger one is hostile or broken. */
#define IOT_FW_TLV_AREA_MAX 256u

/* TLV types. Outside the signed region only the digest, key id and signature may appear. */
#define IOT_FW_TLV_KEYID 0x01u
#define IOT_FW_TLV_SHA256 0x10u
#define IOT_FW_TLV_BLAKE2B 0x14u
#define IOT_FW_TLV_ED25519 0x24u
#define IOT_FW_TLV_SEC_CNT 0x50u
#define IOT_FW_TLV_ENC_KEYID 0x61u /* which payload key: a BLAKE2b-128 of it (names, never reveals) */

#define IOT_FW_ED25519_SIG_BYTES 64u
#define IOT_FW_ENC_HEADER_BYTES 24u /* secretstream header, first bytes of an encrypted payload */
#define IOT_FW_ENC_KEYID_BYTES 16u
#define IOT_FW_ENC_ABYTES 17u /* secretstream overhead per chunk */

struct iot_fw_header {
    uint32_t magic;
    uint16_t hdr_size;
    uint16_t prot_tlv_size; /* the whole protected area, its 4-byte info included */
    uint32_t img_size;
    uint32_t flags;
    uint8_t ver_major, ver_minor;
    uint16_t ver_revision;
    uint32_t build;
    uint32_t load_addr;
    uint8_t format_version;
};

static inline uint16_t iot_fw_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static inline uint32_t iot_fw_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void iot_fw_put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void iot_fw_put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Parses the first IOT_FW_HDR_MIN bytes. Returns IOT_FW_OK, IOT_FW_E_MAGIC or IOT_FW_E_HEADER
 * (a size, flag or version the format does not allow). */
int iot_fw_header_parse(const uint8_t b[IOT_FW_HDR_MIN], struct iot_fw_header *h);
void iot_fw_header_write(const struct iot_fw_header *h, uint8_t b[IOT_FW_HDR_MIN]);

/* Plaintext size of an encrypted payload of img_size bytes, or -1 when no sequence of chunks
 * has that size. */
int64_t iot_fw_enc_plain_size(uint64_t img_size);

/* Calls fn for each TLV of an area (info header included, len bytes). Checks the info magic,
 * that its total equals len, that every TLV fits. Returns IOT_FW_OK, IOT_FW_E_TLV, or the
 * first non-zero value fn returns. */
typedef int (*iot_fw_tlv_fn)(void *ctx, uint16_t type, const uint8_t *val, uint16_t len);
int iot_fw_tlv_walk(const uint8_t *area, size_t len, uint16_t magic, iot_fw_tlv_fn fn, void *ctx);

/* Printable name of a TLV type, or NULL for an unknown one. */
const char *iot_fw_tlv_name(uint16_t type);

#endif
