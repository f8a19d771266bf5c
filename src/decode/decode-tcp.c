/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TCP header and options (RFC 9293, 7323, 2018), options kept in wire order for fingerprints. */
#include "iotsec-common.h"
#include "decode/decode-tcp.h"

#define TCP_HDR_LEN 20
enum { OPT_EOL = 0, OPT_NOP = 1, OPT_MSS = 2, OPT_WS = 3, OPT_SACKOK = 4, OPT_SACK = 5,
       OPT_TS = 8 };

static void opt_record(struct iot_tcp_opts *o, uint8_t kind)
{
    if (o->count < IOT_TCP_MAX_OPTS)
        o->kinds[o->count++] = kind;
}

/* The fixed-size options must have exactly their size: a short one would make the field reads
 * below run into the next option, a long one hides bytes from the fingerprint. */
static bool opt_len_ok(uint8_t kind, uint8_t olen)
{
    switch (kind) {
    case OPT_MSS:
        return olen == 4;
    case OPT_WS:
        return olen == 3;
    case OPT_SACKOK:
        return olen == 2;
    case OPT_SACK:
        return olen >= 10 && (olen - 2) % 8 == 0;
    case OPT_TS:
        return olen == 10;
    default:
        return olen >= 2;
    }
}

/* Stores one option whose length was checked; repeats of the single-valued ones keep the first
 * value, since a second MSS or timestamp is how evasion tricks disagree with the receiver. */
static void opt_store(struct iot_decoder *d, struct iot_packet *p, const uint8_t *o)
{
    struct iot_tcp_opts *t = &p->tcp_opts;
    bool dup = false;

    switch (o[0]) {
    case OPT_MSS:
        dup = t->has_mss;
        if (!dup)
            t->mss = iot_be16(o + 2);
        t->has_mss = true;
        break;
    case OPT_WS:
        dup = t->has_wscale;
        if (!dup)
            t->wscale = o[2];
        t->has_wscale = true;
        break;
    case OPT_SACKOK:
        t->sack_permitted = true;
        break;
    case OPT_SACK:
        t->sack_blocks = (uint8_t)((o[1] - 2) / 8);
        break;
    case OPT_TS:
        dup = t->has_ts;
        if (!dup) {
            t->ts_val = iot_be32(o + 2);
            t->ts_ecr = iot_be32(o + 6);
        }
        t->has_ts = true;
        break;
    default:
        break;
    }
    if (dup)
        iot_decode_set_event(d, p, IOT_DE_TCP_OPT_DUPLICATE);
}

/* Walks at most 40 bytes. A bad length ends the walk (an event, the packet stands): after it we
 * no longer know where the next option starts. */
static void tcp_options(struct iot_decoder *d, struct iot_packet *p, const uint8_t *opt,
                        uint32_t len)
{
    uint32_t off = 0;
    while (off < len) {
        uint8_t kind = opt[off];
        if (kind == OPT_EOL || kind == OPT_NOP) {
            opt_record(&p->tcp_opts, kind);
            if (kind == OPT_EOL)
                return;
            off++;
            continue;
        }
        /* Subtractive checks: the length byte must exist, and the option must fit. */
        if (len - off < 2 || opt[off + 1] > len - off || !opt_len_ok(kind, opt[off + 1])) {
            iot_decode_set_event(d, p, IOT_DE_TCP_OPT_INVALID_LEN);
            return;
        }
        opt_record(&p->tcp_opts, kind);
        opt_store(d, p, opt + off);
        off += opt[off + 1];
    }
}

int iot_decode_tcp(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data, uint32_t len)
{
    if (len < TCP_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_TCP_TRUNC_HDR);
        return IOT_ERR_INPUT;
    }
    uint32_t hlen = (uint32_t)(data[12] >> 4) * 4;
    /* A data offset under 5 would put the payload inside the fixed header. */
    if (hlen < TCP_HDR_LEN) {
        iot_decode_invalid(d, p, IOT_DE_TCP_HLEN_TOO_SMALL);
        return IOT_ERR_INPUT;
    }
    if (hlen > len) {
        iot_decode_invalid(d, p, IOT_DE_TCP_TRUNC_HDR);
        return IOT_ERR_INPUT;
    }
    d->stats.tcp++;
    p->flags |= IOT_PKT_HAS_TCP;
    p->sp = iot_be16(data);
    p->dp = iot_be16(data + 2);
    p->tcp_seq = iot_be32(data + 4);
    p->tcp_ack = iot_be32(data + 8);
    p->tcp_flags = data[13];
    p->tcp_win = iot_be16(data + 14);
    memset(&p->tcp_opts, 0, sizeof(p->tcp_opts));
    tcp_options(d, p, data + TCP_HDR_LEN, hlen - TCP_HDR_LEN);
    p->payload = data + hlen;
    p->payload_len = len - hlen;
    p->payload_wire_len = p->payload_len;
    /* Cut by the snaplen: stream reassembly must advance by what was sent, not what was kept,
     * or every later segment would look out of order. */
    if ((p->flags & IOT_PKT_SNAPLEN_CUT) && p->l3_wire_len > p->l3_len &&
        p->l3_wire_len - p->l3_hlen > hlen && p->l3_wire_len - p->l3_hlen - hlen > p->payload_len)
        p->payload_wire_len = p->l3_wire_len - p->l3_hlen - hlen;
    return IOT_OK;
}
