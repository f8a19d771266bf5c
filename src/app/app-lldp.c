/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LLDP (IEEE 802.1AB) LLDPDU parser: the TLVs a device announces about itself on its link. */
#include "iotsec-common.h"

#include "app/app-lldp.h"

#include "app/app-strbuf.h"
#include "util/limits.h"
#include "util/util-cursor.h"

#define TLV_VALUE_MAX 511 /* the 9-bit length field */
#define ID_VALUE_MAX 255  /* chassis/port ID value without the subtype (8.5.2.1, 8.5.3.1) */
#define MGMT_ADDR_STR_MIN 2
#define MGMT_ADDR_STR_MAX 32 /* subtype + 1..31 address bytes (8.5.9.2) */
#define MGMT_OID_MAX 128     /* 8.5.9.6 */
#define AFI_IPV4 1
#define AFI_IPV6 2
#define IANA_SUBTYPE_MUD_URL 1

/* The ID arrays hold any valid value, so the mandatory TLVs are never cut. */
_Static_assert(IOT_LLDP_ID_MAX > ID_VALUE_MAX, "ID arrays");
/* Counters are uint16_t. */
_Static_assert(IOT_MAX_LLDP_TLVS <= 65535 && IOT_LLDP_ORG_MAX <= IOT_MAX_LLDP_TLVS, "counters");

static const char *const lldp_error_names[IOT_LLDP_ERR_MAX] = {
    [IOT_LLDP_ERR_NONE] = "app.lldp.none",
    [IOT_LLDP_ERR_TRUNC] = "app.lldp.trunc",
    [IOT_LLDP_ERR_TLV_OVERRUN] = "app.lldp.tlv_overrun",
    [IOT_LLDP_ERR_MANDATORY] = "app.lldp.mandatory",
    [IOT_LLDP_ERR_TLV_LEN] = "app.lldp.tlv_len",
};

/* The IANA OUI 00-00-5E, under which RFC 8520 registers the MUD URL subtype 1. */
static const uint8_t oui_iana[3] = {0x00, 0x00, 0x5E};

const char *iot_lldp_error_name(enum iot_lldp_error e)
{
    if ((unsigned)e >= IOT_LLDP_ERR_MAX)
        return "app.lldp.unknown";
    return lldp_error_names[e];
}

/* Chassis or port ID: a subtype byte and 1..255 value bytes. Returns false on a length the
 * definition does not allow, or a MAC subtype that is not exactly 6 bytes (a consumer keying
 * devices by that MAC would otherwise read a short or padded address). */
static bool lldp_id(struct iot_cur *v, uint8_t mac_subtype, uint8_t *subtype, char *dst, size_t cap,
                    uint16_t *len, bool *trunc, bool *has_mac, uint8_t mac[6])
{
    size_t n = iot_cur_left(v);

    if (n < 2 || n - 1 > ID_VALUE_MAX)
        return false;
    if (!iot_cur_u8(v, subtype))
        return false;
    n--;
    if (*subtype == mac_subtype) {
        if (n != 6)
            return false;
        struct iot_cur peek = *v; /* the value is copied below too, as the ID string */
        *has_mac = iot_cur_bytes(&peek, mac, 6);
    }
    iot_str_append(dst, cap, len, trunc, v, n);
    return true;
}

/* Management address (8.5.9): address string length, address subtype, address, interface
 * numbering subtype, interface number, OID length, OID. Every inner length is checked against
 * what the TLV holds, so a lying inner length cannot move the read past the TLV. */
static bool lldp_mgmt(struct iot_lldp_info *out, struct iot_cur *v)
{
    uint8_t slen, afi, ifsub, oidlen; /* ifsub (1 unknown, 2 ifIndex, 3 port) is not kept */
    uint32_t ifnum;
    struct iot_cur addr;

    if (!iot_cur_u8(v, &slen) || slen < MGMT_ADDR_STR_MIN || slen > MGMT_ADDR_STR_MAX)
        return false;
    if (!iot_cur_u8(v, &afi) || !iot_cur_sub(v, (size_t)slen - 1, &addr))
        return false;
    if (!iot_cur_u8(v, &ifsub) || !iot_cur_u32be(v, &ifnum) || !iot_cur_u8(v, &oidlen))
        return false;
    if (oidlen > MGMT_OID_MAX || !iot_cur_skip(v, oidlen))
        return false;
    /* Bytes after the OID would be hidden from a reader that trusts the inner lengths. */
    if (iot_cur_left(v) != 0)
        return false;
    out->mgmt_addr_count++;
    /* An address whose size does not match its family is counted but not kept. */
    if (afi == AFI_IPV4 && iot_cur_left(&addr) == 4 && !out->has_mgmt_ipv4) {
        out->has_mgmt_ipv4 = iot_cur_bytes(&addr, out->mgmt_ipv4, 4);
        out->mgmt_ipv4_ifindex = ifnum;
    } else if (afi == AFI_IPV6 && iot_cur_left(&addr) == 16 && !out->has_mgmt_ipv6) {
        out->has_mgmt_ipv6 = iot_cur_bytes(&addr, out->mgmt_ipv6, 16);
        out->mgmt_ipv6_ifindex = ifnum;
    }
    return true;
}

/* Organizationally specific TLV (8.6): OUI, subtype, then the owner's data. */
static bool lldp_org(struct iot_lldp_info *out, struct iot_cur *v)
{
    struct iot_lldp_org o;

    if (!iot_cur_bytes(v, o.oui, 3) || !iot_cur_u8(v, &o.subtype))
        return false;
    if (memcmp(o.oui, oui_iana, sizeof(oui_iana)) == 0 && o.subtype == IANA_SUBTYPE_MUD_URL) {
        /* RFC 8520 allows 1..255 URL bytes; an empty one says nothing and longer ones are
         * cut to the array (flagged), neither rejected: the rest of the LLDPDU stays useful. */
        if (!out->has_mud_url) {
            out->has_mud_url = true;
            iot_str_append(out->mud_url, sizeof(out->mud_url), &out->mud_url_len,
                           &out->mud_url_truncated, v, iot_cur_left(v));
        }
        return true;
    }
    out->org_count++;
    if (out->org_kept < IOT_LLDP_ORG_MAX)
        out->org[out->org_kept++] = o;
    else
        out->org_truncated = true;
    return true;
}

/* A string TLV (4, 5, 6): the first instance is kept, cut to the array past 255 bytes. */
static void lldp_str(struct iot_lldp_info *out, bool *has, char *dst, size_t cap, uint16_t *len,
                     bool *trunc, struct iot_cur *v)
{
    if (*has) {
        out->repeated = true;
        return;
    }
    *has = true;
    iot_str_append(dst, cap, len, trunc, v, iot_cur_left(v));
}

/* Interprets one optional TLV's value v. Returns false when a known TLV has a length its
 * definition does not allow. */
static bool lldp_tlv(struct iot_lldp_info *out, uint8_t type, struct iot_cur *v)
{
    switch (type) {
    case IOT_LLDP_TLV_CHASSIS_ID:
    case IOT_LLDP_TLV_PORT_ID:
    case IOT_LLDP_TLV_TTL:
        out->mandatory_repeated = true;
        return true;
    case IOT_LLDP_TLV_PORT_DESC:
        lldp_str(out, &out->has_port_desc, out->port_desc, sizeof(out->port_desc),
                 &out->port_desc_len, &out->port_desc_truncated, v);
        return true;
    case IOT_LLDP_TLV_SYS_NAME:
        lldp_str(out, &out->has_sys_name, out->sys_name, sizeof(out->sys_name), &out->sys_name_len,
                 &out->sys_name_truncated, v);
        return true;
    case IOT_LLDP_TLV_SYS_DESC:
        lldp_str(out, &out->has_sys_desc, out->sys_desc, sizeof(out->sys_desc), &out->sys_desc_len,
                 &out->sys_desc_truncated, v);
        return true;
    case IOT_LLDP_TLV_SYS_CAP:
        /* Exactly two 16-bit bitmaps (8.5.8): fewer bytes would read the next TLV as caps. */
        if (iot_cur_left(v) != 4)
            return false;
        if (out->has_sys_cap) {
            out->repeated = true;
            return true;
        }
        out->has_sys_cap = true;
        return iot_cur_u16be(v, &out->sys_cap) && iot_cur_u16be(v, &out->sys_cap_enabled);
    case IOT_LLDP_TLV_MGMT_ADDR:
        return lldp_mgmt(out, v);
    case IOT_LLDP_TLV_ORG:
        return lldp_org(out, v);
    default:
        out->unknown_count++;
        return true;
    }
}

int iot_lldp_parse(const uint8_t *data, size_t len, struct iot_lldp_info *out)
{
    struct iot_cur c;
    enum iot_lldp_error err = IOT_LLDP_ERR_TRUNC;
    int rc = IOT_ERR_INPUT;

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (data == NULL)
        len = 0;
    c = iot_cur_init(data, len);

    /* Each turn consumes at least the 2-byte header, and the count is capped: the loop ends. */
    while (iot_cur_left(&c) > 0) {
        uint16_t hdr;
        uint8_t type;
        size_t vlen;
        struct iot_cur v;

        if (!iot_cur_u16be(&c, &hdr)) {
            err = IOT_LLDP_ERR_TRUNC;
            goto out;
        }
        type = (uint8_t)(hdr >> 9);
        vlen = hdr & TLV_VALUE_MAX;
        /* The sender sets vlen; the sub-cursor exists only if vlen bytes are really left. */
        if (!iot_cur_sub(&c, vlen, &v)) {
            err = IOT_LLDP_ERR_TLV_OVERRUN;
            goto out;
        }
        if (type == IOT_LLDP_TLV_END) {
            /* What follows End is Ethernet padding, never TLVs (802.1AB 8.5.1). */
            out->end_seen = true;
            break;
        }
        if (out->tlv_count == IOT_MAX_LLDP_TLVS) {
            out->tlvs_truncated = true;
            break;
        }
        out->tlv_count++;
        /* The first three TLVs must be chassis ID, port ID and TTL, in that order: a frame
         * that skips them names no device, and 802.1AB receivers discard it. */
        if (out->tlv_count <= 3 && type != out->tlv_count) {
            err = IOT_LLDP_ERR_MANDATORY;
            goto out;
        }
        err = IOT_LLDP_ERR_TLV_LEN;
        if (type == IOT_LLDP_TLV_CHASSIS_ID && out->tlv_count == 1) {
            if (!lldp_id(&v, IOT_LLDP_CHASSIS_MAC, &out->chassis_id_subtype, out->chassis_id,
                         sizeof(out->chassis_id), &out->chassis_id_len, &out->chassis_id_truncated,
                         &out->has_chassis_mac, out->chassis_mac))
                goto out;
        } else if (type == IOT_LLDP_TLV_PORT_ID && out->tlv_count == 2) {
            if (!lldp_id(&v, IOT_LLDP_PORT_MAC, &out->port_id_subtype, out->port_id,
                         sizeof(out->port_id), &out->port_id_len, &out->port_id_truncated,
                         &out->has_port_mac, out->port_mac))
                goto out;
        } else if (type == IOT_LLDP_TLV_TTL && out->tlv_count == 3) {
            if (iot_cur_left(&v) != 2 || !iot_cur_u16be(&v, &out->ttl))
                goto out;
        } else if (!lldp_tlv(out, type, &v)) {
            goto out;
        }
    }
    /* An LLDPDU that ended before its TTL TLV never named a whole device. */
    if (out->tlv_count < 3) {
        err = out->tlv_count == 0 && !out->end_seen ? IOT_LLDP_ERR_TRUNC : IOT_LLDP_ERR_MANDATORY;
        goto out;
    }
    err = IOT_LLDP_ERR_NONE;
    rc = IOT_OK;
out:
    out->error = err;
    return rc;
}
