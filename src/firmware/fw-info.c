/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Image inspection for people (see fw-info.h). */
#include "iotsec-common.h"
#include "firmware/fw-info.h"

#include <errno.h>
#include <sodium.h>
#include <sys/stat.h>

#include "firmware/fw-format.h"
#include "iotsec/fw-verify.h"

struct info_walk {
    FILE *out;
    int prot;      /* walking the signed area */
    int problems;
    unsigned seen[256]; /* TLV types below 256 seen in this area, to call out duplicates */
};

static int allowed_unprotected(uint16_t type)
{
    return type == IOT_FW_TLV_KEYID || type == IOT_FW_TLV_SHA256 ||
           type == IOT_FW_TLV_BLAKE2B || type == IOT_FW_TLV_ED25519;
}

static int print_tlv(void *ctx, uint16_t type, const uint8_t *val, uint16_t len)
{
    struct info_walk *w = ctx;
    const char *name = iot_fw_tlv_name(type);
    char hex[2 * 64 + 1];
    size_t shown = len < 64 ? len : 64;
    sodium_bin2hex(hex, sizeof(hex), val, shown);
    fprintf(w->out, "  %-10s 0x%02x %3u bytes  ", name != NULL ? name : "unknown", type, len);
    if (type == IOT_FW_TLV_SEC_CNT && len == 4)
        fprintf(w->out, "%u\n", iot_fw_le32(val));
    else
        fprintf(w->out, "%s%s\n", hex, shown < len ? "..." : "");
    if (type < 256 && w->seen[type]++)
        fprintf(w->out, "  ! 0x%02x appears twice: refused by the verifier\n", type), w->problems++;
    if (!w->prot && !allowed_unprotected(type))
        fprintf(w->out, "  ! 0x%02x %s is outside the signed region and not on the allow-list: "
                "anyone could have changed it\n", type, name != NULL ? name : "(unknown)"),
            w->problems++;
    if (w->prot && (name == NULL || allowed_unprotected(type)))
        fprintf(w->out, "  ! 0x%02x does not belong in the signed region: refused by the "
                "verifier\n", type), w->problems++;
    return 0;
}

static int read_at(FILE *f, uint64_t off, uint8_t *buf, size_t n)
{
    return fseeko(f, (off_t)off, SEEK_SET) == 0 && fread(buf, 1, n, f) == n ? 0 : -1;
}

static void print_header(FILE *out, const struct iot_fw_header *h)
{
    fprintf(out, "header: format %u, %u bytes; payload %u bytes; flags 0x%x (%s%s)\n",
            h->format_version, h->hdr_size, h->img_size, h->flags,
            h->flags & IOT_FW_FLAG_ENCRYPTED ? "encrypted payload, " : "payload in clear, ",
            h->flags & IOT_FW_FLAG_BLAKE2B ? "BLAKE2b-256 digest" : "SHA-256 digest");
    fprintf(out, "version: %u.%u.%u+%u\nload address: 0x%08x\n", h->ver_major, h->ver_minor,
            h->ver_revision, h->build, h->load_addr);
    if (h->flags & IOT_FW_FLAG_ENCRYPTED)
        fprintf(out, "plaintext: %lld bytes\n", (long long)iot_fw_enc_plain_size(h->img_size));
}

/* What the header's flags require of the TLVs the walk saw. */
static void check_flags(struct info_walk *w, uint32_t flags)
{
    int enc = (flags & IOT_FW_FLAG_ENCRYPTED) != 0, blake = (flags & IOT_FW_FLAG_BLAKE2B) != 0;
    if (w->prot && enc != (w->seen[IOT_FW_TLV_ENC_KEYID] != 0))
        fprintf(w->out, "  ! ENC_KEYID %s: refused by the verifier\n",
                enc ? "missing for an encrypted payload" : "present for a payload in clear"),
            w->problems++;
    if (!w->prot && w->seen[blake ? IOT_FW_TLV_SHA256 : IOT_FW_TLV_BLAKE2B])
        fprintf(w->out, "  ! digest TLV of the other kind than the header's flags: refused by "
                "the verifier\n"), w->problems++;
}

static int walk_area(FILE *out, FILE *f, uint64_t off, uint64_t size, int prot, uint32_t flags,
                     int *problems)
{
    uint8_t area[IOT_FW_TLV_AREA_MAX];
    uint16_t len = 0;
    if (prot) {
        len = (uint16_t)IOT_MIN(size, (uint64_t)IOT_FW_TLV_AREA_MAX);
    } else if (read_at(f, off, area, IOT_FW_TLV_INFO_SIZE) == 0) {
        len = iot_fw_le16(area + 2);
    }
    if (len < IOT_FW_TLV_INFO_SIZE || len > IOT_FW_TLV_AREA_MAX || read_at(f, off, area, len) != 0) {
        fprintf(out, "%s TLV area: missing or cut short\n", prot ? "protected" : "unprotected");
        (*problems)++;
        return -1;
    }
    fprintf(out, "%s TLVs (%s, %u bytes):\n", prot ? "protected" : "unprotected",
            prot ? "signed" : "not signed", len);
    struct info_walk w = {.out = out, .prot = prot};
    int rc = iot_fw_tlv_walk(area, len, prot ? IOT_FW_TLV_INFO_PROT : IOT_FW_TLV_INFO_UNPROT,
                             print_tlv, &w);
    if (rc != IOT_FW_OK) {
        fprintf(out, "  ! malformed area: %s\n", iot_fw_strerror(rc));
        w.problems++;
    }
    if (!prot && !w.seen[IOT_FW_TLV_ED25519])
        fprintf(out, "  ! no signature: the image is unsigned\n"), w.problems++;
    check_flags(&w, flags);
    if (prot && !w.seen[IOT_FW_TLV_SEC_CNT])
        fprintf(out, "  ! no security counter: refused by the verifier\n"), w.problems++;
    *problems += w.problems;
    return len;
}

int iot_fw_info_print(FILE *out, const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (f == NULL || fstat(fileno(f), &st) != 0) {
        fprintf(stderr, "iotsec fw info: %s: %s\n", path, strerror(errno));
        if (f != NULL)
            fclose(f);
        return 1;
    }
    uint8_t hb[IOT_FW_HDR_MIN];
    struct iot_fw_header h;
    int rc = read_at(f, 0, hb, sizeof(hb)) != 0 ? IOT_FW_E_TRUNCATED : iot_fw_header_parse(hb, &h);
    fprintf(out, "image: %s (%lld bytes)\n", path, (long long)st.st_size);
    if (rc != IOT_FW_OK) {
        fprintf(out, "! %s\n", iot_fw_strerror(rc));
        fclose(f);
        return 1;
    }
    print_header(out, &h);
    int problems = 0;
    uint64_t prot_off = (uint64_t)h.hdr_size + h.img_size;
    uint8_t pad[IOT_FW_HDR_MAX];
    size_t padlen = h.hdr_size - IOT_FW_HDR_MIN;
    if (padlen > 0 && read_at(f, IOT_FW_HDR_MIN, pad, padlen) == 0)
        for (size_t i = 0; i < padlen; i++)
            if (pad[i] != 0) {
                fprintf(out, "! header padding byte %zu is not zero: refused by the verifier\n",
                        IOT_FW_HDR_MIN + i);
                problems++;
                break;
            }
    int ulen = walk_area(out, f, prot_off, h.prot_tlv_size, 1, h.flags, &problems);
    if (ulen >= 0)
        ulen = walk_area(out, f, prot_off + h.prot_tlv_size, 0, 0, h.flags, &problems);
    uint64_t total = prot_off + h.prot_tlv_size + (uint64_t)(ulen > 0 ? ulen : 0);
    if (ulen > 0 && total != (uint64_t)st.st_size) {
        fprintf(out, "! the file is %lld bytes, the image %llu: %s\n", (long long)st.st_size,
                (unsigned long long)total, total < (uint64_t)st.st_size ? "trailing bytes" : "cut");
        problems++;
    }
    fclose(f);
    fprintf(out, "%s\n", problems == 0 ? "layout: well-formed (the signature is checked by "
                                         "`iotsec fw verify`)"
                                       : "layout: NOT acceptable (see the lines marked !)");
    return problems == 0 ? 0 : 1;
}
