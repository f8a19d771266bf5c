/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decoder entry point: link-type dispatch, the ethertype and IP-protocol switches, events. */
#include "iotsec-common.h"
#include "decode/decode.h"

#include "decode/decode-arp.h"
#include "decode/decode-defrag.h"
#include "decode/decode-dispatch.h"
#include "decode/decode-ethernet.h"
#include "decode/decode-gre.h"
#include "decode/decode-icmpv4.h"
#include "decode/decode-icmpv6.h"
#include "decode/decode-ipv4.h"
#include "decode/decode-ipv6.h"
#include "decode/decode-null.h"
#include "decode/decode-sll.h"
#include "decode/decode-tcp.h"
#include "decode/decode-udp.h"
#include "decode/decode-vlan.h"
#include "util/util-mem.h"

int iot_decoder_init(struct iot_decoder *d, const struct iot_defrag_config *cfg)
{
    memset(d, 0, sizeof(*d));
    d->defrag = iot_defrag_new(cfg);
    return d->defrag != NULL ? IOT_OK : IOT_ERR_NOMEM;
}

void iot_decoder_deinit(struct iot_decoder *d)
{
    iot_defrag_free(d->defrag);
    d->defrag = NULL;
}

void iot_decode_set_event(struct iot_decoder *d, struct iot_packet *p, enum iot_decode_event ev)
{
    IOT_DEBUG_VALIDATE((unsigned)ev < IOT_DE_MAX);
    d->stats.events[ev]++;
    if (p->nevents < IOT_PKT_MAX_EVENTS)
        p->events[p->nevents++] = (uint16_t)ev;
    else
        d->stats.too_many_events++;
}

bool iot_linktype_supported(int linktype)
{
    switch (linktype) {
    case IOT_LINK_NULL:
    case IOT_LINK_EN10MB:
    case IOT_LINK_RAW:
    case IOT_LINK_RAW_OPENBSD:
    case IOT_LINK_RAW_LINKTYPE:
    case IOT_LINK_LOOP:
    case IOT_LINK_LINUX_SLL:
    case IOT_LINK_IPV4:
    case IOT_LINK_IPV6:
    case IOT_LINK_LINUX_SLL2:
        return true;
    default:
        return false;
    }
}

/* Raw IP links carry no link header: the version nibble says which IP it is. */
static int decode_raw_ip(struct iot_decoder *d, struct iot_packet *p, const uint8_t *data,
                         uint32_t len)
{
    if (len == 0) {
        iot_decode_invalid(d, p, IOT_DE_IPV4_TRUNC_HDR);
        return IOT_ERR_INPUT;
    }
    if ((data[0] >> 4) == 6)
        return iot_decode_ipv6(d, p, data, len);
    return iot_decode_ipv4(d, p, data, len);
}

int iot_decode_packet(struct iot_decoder *d, struct iot_packet *p)
{
    d->stats.pkts++;
    d->stats.bytes += p->wirelen;
    if (p->caplen == 0) {
        iot_decode_invalid(d, p, IOT_DE_PKT_CAPLEN_ZERO);
        d->stats.invalid++;
        return IOT_OK;
    }
    if (p->flags & IOT_PKT_TS_INVALID)
        iot_decode_set_event(d, p, IOT_DE_PKT_TS_INVALID);
    if (p->wirelen > p->caplen) {
        iot_decode_set_event(d, p, IOT_DE_PKT_TRUNCATED_BY_SNAPLEN);
        p->flags |= IOT_PKT_SNAPLEN_CUT;
    }

    int rc;
    switch (p->linktype) {
    case IOT_LINK_EN10MB:
        rc = iot_decode_ethernet(d, p, p->data, p->caplen);
        break;
    case IOT_LINK_LINUX_SLL:
        rc = iot_decode_sll(d, p, p->data, p->caplen);
        break;
    case IOT_LINK_LINUX_SLL2:
        rc = iot_decode_sll2(d, p, p->data, p->caplen);
        break;
    case IOT_LINK_NULL:
        rc = iot_decode_null(d, p, p->data, p->caplen, false);
        break;
    case IOT_LINK_LOOP:
        rc = iot_decode_null(d, p, p->data, p->caplen, true);
        break;
    case IOT_LINK_RAW:
    case IOT_LINK_RAW_OPENBSD:
    case IOT_LINK_RAW_LINKTYPE:
        rc = decode_raw_ip(d, p, p->data, p->caplen);
        break;
    case IOT_LINK_IPV4:
        rc = iot_decode_ipv4(d, p, p->data, p->caplen);
        break;
    case IOT_LINK_IPV6:
        rc = iot_decode_ipv6(d, p, p->data, p->caplen);
        break;
    default:
        iot_decode_invalid(d, p, IOT_DE_LINK_UNSUPPORTED);
        d->stats.invalid++;
        return IOT_ERR_UNSUPPORTED;
    }
    IOT_UNUSED(rc);
    if (p->flags & IOT_PKT_INVALID)
        d->stats.invalid++;
    return IOT_OK;
}

/* An 802.3 frame (the "ethertype" is a length <= 1500) carrying CDP over LLC/SNAP. Other LLC
 * frames (STP, ...) and unknown ethertypes are not ours to decode: the packet still counts. */
static int decode_llc(struct iot_decoder *d, struct iot_packet *p, uint16_t type,
                      const uint8_t *data, uint32_t len)
{
    static const uint8_t snap_cdp[8] = {0xAA, 0xAA, 0x03, 0x00, 0x00, 0x0C, 0x20, 0x00};
    if (type > 1500)
        return IOT_OK;
    uint32_t n = IOT_MIN(len, (uint32_t)type); /* the length field bounds the frame: padding */
    if (n < sizeof(snap_cdp) || memcmp(data, snap_cdp, sizeof(snap_cdp)) != 0)
        return IOT_OK;
    d->stats.cdp++;
    p->flags |= IOT_PKT_HAS_CDP;
    p->payload = data + sizeof(snap_cdp);
    p->payload_len = n - (uint32_t)sizeof(snap_cdp);
    return IOT_OK;
}

int iot_decode_ethertype(struct iot_decoder *d, struct iot_packet *p, uint16_t ethertype,
                         const uint8_t *data, uint32_t len)
{
    p->ethertype = ethertype;
    switch (ethertype) {
    case 0x0800:
        return iot_decode_ipv4(d, p, data, len);
    case 0x86DD:
        return iot_decode_ipv6(d, p, data, len);
    case 0x0806:
        return iot_decode_arp(d, p, data, len);
    case 0x8100:
    case 0x88A8:
    case 0x9100:
        return iot_decode_vlan(d, p, data, len);
    case 0x88CC:
        /* LLDP: the app layer parses the LLDPDU (system name, description, MUD URL). */
        d->stats.lldp++;
        p->flags |= IOT_PKT_HAS_LLDP;
        p->payload = data;
        p->payload_len = len;
        return IOT_OK;
    default:
        return decode_llc(d, p, ethertype, data, len);
    }
}

int iot_decode_ip_payload(struct iot_decoder *d, struct iot_packet *p, uint8_t proto,
                          const uint8_t *data, uint32_t len)
{
    p->ip_proto = proto;
    p->l4 = data;
    p->l4_len = len;
    switch (proto) {
    case 6:
        return iot_decode_tcp(d, p, data, len);
    case 17:
        return iot_decode_udp(d, p, data, len);
    case 1:
        return iot_decode_icmpv4(d, p, data, len);
    case 58:
        return iot_decode_icmpv6(d, p, data, len);
    case 47:
        return iot_decode_gre(d, p, data, len);
    default:
        d->stats.other_ip++;
        p->payload = data;
        p->payload_len = len;
        return IOT_OK;
    }
}

void iot_packet_release(struct iot_packet *p)
{
    iot_free(p->owned);
    p->owned = NULL;
}
