/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CDP (Cisco Discovery Protocol v1/v2) parser: the header and the TLVs a device reveals. */
#include "iotsec-common.h"

#include "app/app-cdp.h"

#include "app/app-strbuf.h"
#include "util/limits.h"
#include "util/util-cursor.h"

/* An address entry's protocol: NLPID (type 1) 0xCC is IPv4. */
#define ADDR_PTYPE_NLPID 1
#define ADDR_NLPID_IPV4 0xCC

_Static_assert(IOT_MAX_CDP_TLVS <= 65535, "tlv_count is uint16_t");

static const char *const cdp_error_names[IOT_CDP_ERR_MAX] = {
    [IOT_CDP_ERR_NONE] = "app.cdp.none",
    [IOT_CDP_ERR_TRUNC] = "app.cdp.trunc",
    [IOT_CDP_ERR_BAD_VERSION] = "app.cdp.bad_version",
    [IOT_CDP_ERR_TLV_SHORT] = "app.cdp.tlv_short",
    [IOT_CDP_ERR_TLV_OVERRUN] = "app.cdp.tlv_overrun",
    [IOT_CDP_ERR_TLV_LEN] = "app.cdp.tlv_len",
    [IOT_CDP_ERR_ADDR] = "app.cdp.addr",
};

const char *iot_cdp_error_name(enum iot_cdp_error e)
{
    if ((unsigned)e >= IOT_CDP_ERR_MAX)
        return "app.cdp.unknown";
    return cdp_error_names[e];
}

/* The address TLV: a 32-bit count, then entries of protocol type, protocol length, protocol,
 * 16-bit address length, address. Walks at most IOT_MAX_CDP_ADDRESSES entries whatever the
 * count says (a count of 2^32 - 1 must not become a 4-billion-turn loop). Returns false when
 * an entry does not fit in the TLV. */
static bool cdp_addresses(struct iot_cdp_info *out, struct iot_cur *v)
{
    uint32_t count;

    if (!iot_cur_u32be(v, &count))
        return false;
    out->address_count = count;
    for (uint32_t k = 0; k < count && k < IOT_MAX_CDP_ADDRESSES; k++) {
        uint8_t ptype, plen, proto = 0;
        uint16_t alen;
        struct iot_cur p, a;

        if (!iot_cur_u8(v, &ptype) || !iot_cur_u8(v, &plen) || !iot_cur_sub(v, plen, &p) ||
            !iot_cur_u16be(v, &alen) || !iot_cur_sub(v, alen, &a))
            return false;
        if (plen == 1 && !iot_cur_u8(&p, &proto))
            return false;
        if (ptype == ADDR_PTYPE_NLPID && plen == 1 && proto == ADDR_NLPID_IPV4 && alen == 4 &&
            !out->has_ipv4)
            out->has_ipv4 = iot_cur_bytes(&a, out->ipv4, 4);
    }
    return true;
}

/* A string TLV: the first instance is kept, cut to the array. */
static void cdp_str(struct iot_cdp_info *out, bool *has, char *dst, size_t cap, uint16_t *len,
                    bool *trunc, struct iot_cur *v)
{
    if (*has) {
        out->repeated = true;
        return;
    }
    *has = true;
    iot_str_append(dst, cap, len, trunc, v, iot_cur_left(v));
}

/* Marks a fixed-size TLV as seen; false (keep the first, flag the repeat) if it already was. */
static bool cdp_first(struct iot_cdp_info *out, bool *has)
{
    if (*has) {
        out->repeated = true;
        return false;
    }
    *has = true;
    return true;
}

/* Interprets one TLV's value v; returns the error that rejects the message, or NONE. A fixed-
 * size TLV of another size is rejected: fewer bytes would read the next TLV as its value. */
static enum iot_cdp_error cdp_tlv(struct iot_cdp_info *out, uint16_t type, struct iot_cur *v)
{
    size_t n = iot_cur_left(v);

    switch (type) {
    case IOT_CDP_TLV_DEVICE_ID:
        cdp_str(out, &out->has_device_id, out->device_id, sizeof(out->device_id),
                &out->device_id_len, &out->device_id_truncated, v);
        break;
    case IOT_CDP_TLV_PORT_ID:
        cdp_str(out, &out->has_port_id, out->port_id, sizeof(out->port_id), &out->port_id_len,
                &out->port_id_truncated, v);
        break;
    case IOT_CDP_TLV_VERSION:
        cdp_str(out, &out->has_version, out->software_version, sizeof(out->software_version),
                &out->software_version_len, &out->software_version_truncated, v);
        break;
    case IOT_CDP_TLV_PLATFORM:
        cdp_str(out, &out->has_platform, out->platform, sizeof(out->platform), &out->platform_len,
                &out->platform_truncated, v);
        break;
    case IOT_CDP_TLV_ADDRESS:
        if (cdp_first(out, &out->has_addresses) && !cdp_addresses(out, v))
            return IOT_CDP_ERR_ADDR;
        break;
    case IOT_CDP_TLV_CAPABILITIES:
        if (n != 4)
            return IOT_CDP_ERR_TLV_LEN;
        if (cdp_first(out, &out->has_capabilities) && !iot_cur_u32be(v, &out->capabilities))
            return IOT_CDP_ERR_TLV_LEN;
        break;
    case IOT_CDP_TLV_NATIVE_VLAN:
        if (n != 2)
            return IOT_CDP_ERR_TLV_LEN;
        if (cdp_first(out, &out->has_native_vlan) && !iot_cur_u16be(v, &out->native_vlan))
            return IOT_CDP_ERR_TLV_LEN;
        break;
    case IOT_CDP_TLV_DUPLEX:
        if (n != 1)
            return IOT_CDP_ERR_TLV_LEN;
        if (cdp_first(out, &out->has_duplex) && !iot_cur_u8(v, &out->duplex))
            return IOT_CDP_ERR_TLV_LEN;
        break;
    default:
        break;
    }
    return IOT_CDP_ERR_NONE;
}

int iot_cdp_parse(const uint8_t *data, size_t len, struct iot_cdp_info *out)
{
    struct iot_cur c;
    enum iot_cdp_error err = IOT_CDP_ERR_TRUNC;
    int rc = IOT_ERR_INPUT;

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (data == NULL)
        len = 0;
    c = iot_cur_init(data, len);

    if (!iot_cur_u8(&c, &out->version) || !iot_cur_u8(&c, &out->ttl) ||
        !iot_cur_u16be(&c, &out->checksum))
        goto out;
    if (out->version != 1 && out->version != 2) {
        err = IOT_CDP_ERR_BAD_VERSION;
        goto out;
    }

    /* Each turn consumes at least the 4-byte TLV header (the length is checked to cover it),
     * and the count is capped: the loop ends. */
    while (iot_cur_left(&c) > 0) {
        uint16_t type, tlen;
        struct iot_cur v;

        if (!iot_cur_u16be(&c, &type) || !iot_cur_u16be(&c, &tlen)) {
            err = IOT_CDP_ERR_TRUNC;
            goto out;
        }
        /* The length counts the header itself: below 4 it would make the value size wrap
         * (tlen - 4) into a huge read, or with 0 loop in place forever in a naive walker. */
        if (tlen < IOT_CDP_TLV_HDR_LEN) {
            err = IOT_CDP_ERR_TLV_SHORT;
            goto out;
        }
        if (!iot_cur_sub(&c, (size_t)tlen - IOT_CDP_TLV_HDR_LEN, &v)) {
            err = IOT_CDP_ERR_TLV_OVERRUN;
            goto out;
        }
        if (out->tlv_count == IOT_MAX_CDP_TLVS) {
            out->tlvs_truncated = true;
            break;
        }
        out->tlv_count++;
        err = cdp_tlv(out, type, &v);
        if (err != IOT_CDP_ERR_NONE)
            goto out;
    }
    err = IOT_CDP_ERR_NONE;
    rc = IOT_OK;
out:
    out->error = err;
    return rc;
}
