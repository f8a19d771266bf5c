/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GRE version 0 (RFC 2784/2890) and version 1, the enhanced GRE of PPTP (RFC 2637). */
#include "iotsec-common.h"
#include "decode/decode-gre.h"

#define GRE_MIN_LEN 4
#define GRE_F_CSUM 0x8000u
#define GRE_F_ROUTING 0x4000u
#define GRE_F_KEY 0x2000u
#define GRE_F_SEQ 0x1000u
#define GRE_F_ACK 0x0080u /* version 1 only */
#define GRE_VER_MASK 0x0007u

/* Header length from the flags, or 0 when the flags are not a header we accept. */
static uint32_t gre_hdr_len(struct iot_decoder *d, struct iot_packet *p, uint16_t fl)
{
    uint32_t hl = GRE_MIN_LEN;
    switch (fl & GRE_VER_MASK) {
    case 0:
        /* The RFC 1701 routing bit brings the checksum/offset word; its SRE list is not walked:
         * RFC 2784 deprecated it and walking it would be an attacker-driven loop. */
        if (fl & (GRE_F_CSUM | GRE_F_ROUTING))
            hl += 4;
        if (fl & GRE_F_KEY)
            hl += 4;
        if (fl & GRE_F_SEQ)
            hl += 4;
        return hl;
    case 1:
        /* PPTP always carries the key (payload length and call id); C and R must be clear. */
        if (!(fl & GRE_F_KEY) || (fl & (GRE_F_CSUM | GRE_F_ROUTING))) {
            iot_decode_invalid(d, p, IOT_DE_GRE_V1_MALFORMED);
            return 0;
        }
        hl += 4;
        if (fl & GRE_F_SEQ)
            hl += 4;
        if (fl & GRE_F_ACK)
            hl += 4;
        return hl;
    default:
        iot_decode_invalid(d, p, IOT_DE_GRE_VERSION_UNKNOWN);
        return 0;
    }
}

int iot_decode_gre(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len)
{
    if (len < GRE_MIN_LEN) {
        iot_decode_invalid(d, p, IOT_DE_GRE_TRUNC);
        return IOT_ERR_INPUT;
    }
    uint32_t hl = gre_hdr_len(d, p, iot_be16(data));
    if (hl == 0)
        return IOT_ERR_INPUT;
    /* The optional words are all-or-nothing: a header that promises a key it does not carry
     * would make us take payload bytes for header fields. */
    if (hl > len) {
        iot_decode_invalid(d, p, IOT_DE_GRE_TRUNC);
        return IOT_ERR_INPUT;
    }
    d->stats.gre++;
    p->flags |= IOT_PKT_HAS_GRE;
    p->gre_proto = iot_be16(data + 2);
    /* Flows are keyed on the outer packet, so the inner one is left as payload. */
    p->payload = data + hl;
    p->payload_len = len - hl;
    return IOT_OK;
}
