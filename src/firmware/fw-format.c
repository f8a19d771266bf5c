/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Header and TLV parsing of the firmware image format; no allocation, no crypto. */
#include "fw-format.h"

#include <string.h>

#include "iotsec/fw-verify.h"

int iot_fw_header_parse(const uint8_t b[IOT_FW_HDR_MIN], struct iot_fw_header *h)
{
    h->magic = iot_fw_le32(b);
    if (h->magic != IOT_FW_MAGIC)
        return IOT_FW_E_MAGIC;
    h->hdr_size = iot_fw_le16(b + 4);
    h->prot_tlv_size = iot_fw_le16(b + 6);
    h->img_size = iot_fw_le32(b + 8);
    h->flags = iot_fw_le32(b + 12);
    h->ver_major = b[16];
    h->ver_minor = b[17];
    h->ver_revision = iot_fw_le16(b + 18);
    h->build = iot_fw_le32(b + 20);
    h->load_addr = iot_fw_le32(b + 24);
    h->format_version = b[28];
    if (h->format_version != IOT_FW_FORMAT_VERSION || b[29] != 0 || b[30] != 0 || b[31] != 0)
        return IOT_FW_E_HEADER;
    if (h->hdr_size < IOT_FW_HDR_MIN || h->hdr_size > IOT_FW_HDR_MAX)
        return IOT_FW_E_HEADER;
    /* The protected area must at least hold its info and the security counter TLV. */
    if (h->prot_tlv_size < IOT_FW_TLV_INFO_SIZE + IOT_FW_TLV_HDR_SIZE + 4 ||
        h->prot_tlv_size > IOT_FW_TLV_AREA_MAX)
        return IOT_FW_E_HEADER;
    /* An unknown flag may change how the image must be read: refuse rather than guess. */
    if ((h->flags & ~IOT_FW_FLAGS_KNOWN) != 0)
        return IOT_FW_E_HEADER;
    if ((h->flags & IOT_FW_FLAG_ENCRYPTED) && iot_fw_enc_plain_size(h->img_size) < 0)
        return IOT_FW_E_HEADER;
    return IOT_FW_OK;
}

void iot_fw_header_write(const struct iot_fw_header *h, uint8_t b[IOT_FW_HDR_MIN])
{
    memset(b, 0, IOT_FW_HDR_MIN);
    iot_fw_put_le32(b, IOT_FW_MAGIC);
    iot_fw_put_le16(b + 4, h->hdr_size);
    iot_fw_put_le16(b + 6, h->prot_tlv_size);
    iot_fw_put_le32(b + 8, h->img_size);
    iot_fw_put_le32(b + 12, h->flags);
    b[16] = h->ver_major;
    b[17] = h->ver_minor;
    iot_fw_put_le16(b + 18, h->ver_revision);
    iot_fw_put_le32(b + 20, h->build);
    iot_fw_put_le32(b + 24, h->load_addr);
    b[28] = IOT_FW_FORMAT_VERSION;
}

int64_t iot_fw_enc_plain_size(uint64_t img_size)
{
    /* The secretstream header, full chunks of IOT_FW_ENC_CHUNK + ABYTES, then a last one of
     * ABYTES..CHUNK + ABYTES (always present: it carries the FINAL tag, so a cut at a chunk
     * boundary shows). */
    const uint64_t full = IOT_FW_ENC_CHUNK + IOT_FW_ENC_ABYTES;
    if (img_size < IOT_FW_ENC_HEADER_BYTES + IOT_FW_ENC_ABYTES)
        return -1;
    img_size -= IOT_FW_ENC_HEADER_BYTES;
    uint64_t n = (img_size - IOT_FW_ENC_ABYTES) / full;
    uint64_t last = img_size - n * full;
    /* One layout per size: the last chunk carries 1..CHUNK bytes, 0 only for an empty
     * payload (a full chunk followed by an empty FINAL one is not ours). */
    if (last < IOT_FW_ENC_ABYTES || last > full || (last == IOT_FW_ENC_ABYTES && n > 0))
        return -1;
    return (int64_t)(n * IOT_FW_ENC_CHUNK + (last - IOT_FW_ENC_ABYTES));
}

int iot_fw_tlv_walk(const uint8_t *area, size_t len, uint16_t magic, iot_fw_tlv_fn fn, void *ctx)
{
    if (len < IOT_FW_TLV_INFO_SIZE || len > IOT_FW_TLV_AREA_MAX)
        return IOT_FW_E_TLV;
    if (iot_fw_le16(area) != magic || iot_fw_le16(area + 2) != len)
        return IOT_FW_E_TLV;
    size_t off = IOT_FW_TLV_INFO_SIZE;
    while (off < len) {
        if (len - off < IOT_FW_TLV_HDR_SIZE)
            return IOT_FW_E_TLV;
        uint16_t type = iot_fw_le16(area + off);
        uint16_t vlen = iot_fw_le16(area + off + 2);
        off += IOT_FW_TLV_HDR_SIZE;
        if (vlen > len - off)
            return IOT_FW_E_TLV;
        int rc = fn(ctx, type, area + off, vlen);
        if (rc != 0)
            return rc;
        off += vlen;
    }
    return IOT_FW_OK;
}

const char *iot_fw_tlv_name(uint16_t type)
{
    switch (type) {
    case IOT_FW_TLV_KEYID:
        return "KEYID";
    case IOT_FW_TLV_SHA256:
        return "SHA256";
    case IOT_FW_TLV_BLAKE2B:
        return "BLAKE2B";
    case IOT_FW_TLV_ED25519:
        return "ED25519";
    case IOT_FW_TLV_SEC_CNT:
        return "SEC_CNT";
    case IOT_FW_TLV_ENC_KEYID:
        return "ENC_KEYID";
    default:
        return NULL;
    }
}
