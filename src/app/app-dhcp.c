/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DHCPv4 (RFC 2131/2132) message parser: the BOOTP fixed part and the options a device reveals. */
#include "iotsec-common.h"

#include "app/app-dhcp.h"

#include "app/app-strbuf.h"
#include "util/limits.h"
#include "util/util-cursor.h"

#define DHCP_OP_REQUEST 1
#define DHCP_OP_REPLY 2

#define OPT_PAD 0
#define OPT_HOSTNAME 12
#define OPT_REQUESTED_IP 50
#define OPT_LEASE_TIME 51
#define OPT_OVERLOAD 52
#define OPT_MSG_TYPE 53
#define OPT_SERVER_ID 54
#define OPT_PRL 55
#define OPT_MAX_MSG_SIZE 57
#define OPT_VENDOR_CLASS 60
#define OPT_CLIENT_ID 61
#define OPT_USER_CLASS 77
#define OPT_FQDN 81
#define OPT_MUD_URL 161
#define OPT_END 255

/* The option-55 text needs at most 3 digits for the first entry and 4 (",255") for each other,
 * and a NUL: exactly 4 per entry. */
_Static_assert(IOT_DHCP_PRL_TEXT_MAX >= 3 + 4 * (IOT_DHCP_PRL_MAX - 1) + 1, "prl_text too small");
/* One option value (at most 255 bytes) always fits a string or the client-id array. */
_Static_assert(IOT_DHCP_STR_MAX > 255 && IOT_DHCP_CLIENT_ID_MAX >= 254, "option buffers");
/* opt_count and the order index are uint16_t. */
_Static_assert(IOT_MAX_DHCP_OPTIONS <= 65535 && IOT_DHCP_OPT_ORDER_MAX <= 65535, "counters");

static const char *const dhcp_error_names[IOT_DHCP_ERR_MAX] = {
    [IOT_DHCP_ERR_NONE] = "app.dhcp.none",
    [IOT_DHCP_ERR_TRUNC] = "app.dhcp.trunc",
    [IOT_DHCP_ERR_BAD_OP] = "app.dhcp.bad_op",
    [IOT_DHCP_ERR_BAD_HLEN] = "app.dhcp.bad_hlen",
    [IOT_DHCP_ERR_BAD_MAGIC] = "app.dhcp.bad_magic",
    [IOT_DHCP_ERR_OPT_TRUNC] = "app.dhcp.opt_trunc",
    [IOT_DHCP_ERR_OPT_OVERRUN] = "app.dhcp.opt_overrun",
    [IOT_DHCP_ERR_OPT_LEN] = "app.dhcp.opt_len",
};

const char *iot_dhcp_error_name(enum iot_dhcp_error e)
{
    if ((unsigned)e >= IOT_DHCP_ERR_MAX)
        return "app.dhcp.unknown";
    return dhcp_error_names[e];
}

/* Option 55 as "1,3,6,15", the form fingerprint databases use. */
static void prl_format(struct iot_dhcp_info *out)
{
    size_t n = 0;

    out->prl_text[0] = '\0';
    for (uint16_t i = 0; i < out->prl_count; i++) {
        char tmp[8];
        int w = snprintf(tmp, sizeof(tmp), "%s%u", i ? "," : "", (unsigned)out->prl[i]);
        if (w < 0 || (size_t)w >= sizeof(out->prl_text) - n) {
            out->prl_text_truncated = true;
            break;
        }
        memcpy(out->prl_text + n, tmp, (size_t)w);
        n += (size_t)w;
        out->prl_text[n] = '\0';
    }
}

/* Reads a 4-byte address option; false when the length is not exactly 4. */
static bool opt_addr(struct iot_cur *v, bool *has, uint8_t dst[4])
{
    if (iot_cur_left(v) != 4)
        return false;
    if (*has)
        return true;
    *has = true;
    return iot_cur_bytes(v, dst, 4);
}

/* Interprets one option's value v. Returns false when a known option has a length its
 * definition does not allow (a fixed-size field read from fewer bytes would read whatever
 * follows, and a longer one would let garbage ride along unnoticed). */
static bool dhcp_option(struct iot_dhcp_info *out, uint8_t code, struct iot_cur *v)
{
    switch (code) {
    case OPT_MSG_TYPE:
        if (iot_cur_left(v) != 1)
            return false;
        if (!out->has_msg_type) {
            out->has_msg_type = true;
            return iot_cur_u8(v, &out->msg_type);
        }
        return true;
    case OPT_REQUESTED_IP:
        return opt_addr(v, &out->has_requested_ip, out->requested_ip);
    case OPT_SERVER_ID:
        return opt_addr(v, &out->has_server_id, out->server_id);
    case OPT_LEASE_TIME:
        if (iot_cur_left(v) != 4)
            return false;
        if (!out->has_lease_time) {
            out->has_lease_time = true;
            return iot_cur_u32be(v, &out->lease_time);
        }
        return true;
    case OPT_MAX_MSG_SIZE:
        if (iot_cur_left(v) != 2)
            return false;
        if (!out->has_max_msg_size) {
            out->has_max_msg_size = true;
            return iot_cur_u16be(v, &out->max_msg_size);
        }
        return true;
    case OPT_OVERLOAD:
        if (iot_cur_left(v) != 1)
            return false;
        if (!out->has_overload) {
            out->has_overload = true;
            return iot_cur_u8(v, &out->overload);
        }
        return true;
    case OPT_HOSTNAME:
        out->has_hostname = true;
        iot_str_append(out->hostname, sizeof(out->hostname), &out->hostname_len,
                       &out->hostname_truncated, v, iot_cur_left(v));
        return true;
    case OPT_VENDOR_CLASS:
        out->has_vendor_class = true;
        iot_str_append(out->vendor_class, sizeof(out->vendor_class), &out->vendor_class_len,
                       &out->vendor_class_truncated, v, iot_cur_left(v));
        return true;
    case OPT_USER_CLASS:
        out->has_user_class = true;
        iot_str_append(out->user_class, sizeof(out->user_class), &out->user_class_len,
                       &out->user_class_truncated, v, iot_cur_left(v));
        return true;
    case OPT_MUD_URL:
        out->has_mud_url = true;
        iot_str_append(out->mud_url, sizeof(out->mud_url), &out->mud_url_len,
                       &out->mud_url_truncated, v, iot_cur_left(v));
        return true;
    case OPT_PRL:
        out->has_prl = true;
        while (iot_cur_left(v) > 0) {
            if (out->prl_count == IOT_DHCP_PRL_MAX) {
                out->prl_truncated = true;
                break;
            }
            if (!iot_cur_u8(v, &out->prl[out->prl_count]))
                return false;
            out->prl_count++;
        }
        return true;
    case OPT_CLIENT_ID: {
        /* RFC 2132 9.14: a type byte and at least one byte of identifier. */
        size_t n = iot_cur_left(v);
        if (n < 2)
            return false;
        if (out->has_client_id)
            return true;
        out->has_client_id = true;
        if (!iot_cur_u8(v, &out->client_id_type))
            return false;
        n--;
        if (n > sizeof(out->client_id))
            return false; /* cannot happen: an option holds at most 255 bytes */
        out->client_id_len = (uint8_t)n;
        return iot_cur_bytes(v, out->client_id, n);
    }
    case OPT_FQDN:
        /* RFC 4702 2: flags, RCODE1, RCODE2, then the name (possibly empty). */
        if (iot_cur_left(v) < 3)
            return false;
        if (out->has_fqdn)
            return true;
        out->has_fqdn = true;
        if (!iot_cur_u8(v, &out->fqdn_flags) || !iot_cur_u8(v, &out->fqdn_rcode1) ||
            !iot_cur_u8(v, &out->fqdn_rcode2))
            return false;
        if (out->fqdn_flags & IOT_DHCP_FQDN_E)
            out->fqdn_malformed = !iot_wire_name(v, out->fqdn, sizeof(out->fqdn), &out->fqdn_len,
                                                 &out->fqdn_truncated);
        else
            iot_str_append(out->fqdn, sizeof(out->fqdn), &out->fqdn_len, &out->fqdn_truncated, v,
                           iot_cur_left(v));
        return true;
    default:
        return true;
    }
}

/* Marks code in a 256-bit set and says whether it was already there; exact even after the
 * order list is full. */
static bool seen_before(uint8_t seen[32], uint8_t code)
{
    bool was = (seen[code >> 3] >> (code & 7)) & 1;
    seen[code >> 3] = (uint8_t)(seen[code >> 3] | 1u << (code & 7));
    return was;
}

int iot_dhcp_parse(const uint8_t *data, size_t len, struct iot_dhcp_info *out)
{
    static const uint8_t magic[4] = {99, 130, 83, 99};
    struct iot_cur c;
    uint8_t cookie[4];
    uint8_t seen[32] = {0};
    enum iot_dhcp_error err = IOT_DHCP_ERR_TRUNC;
    int rc = IOT_ERR_INPUT;

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (data == NULL)
        len = 0;
    c = iot_cur_init(data, len);

    /* The fixed part and the cookie must all be there before any field is trusted. */
    if (!iot_cur_need(&c, IOT_DHCP_MIN_LEN))
        goto out;
    if (!iot_cur_u8(&c, &out->op) || !iot_cur_u8(&c, &out->htype) || !iot_cur_u8(&c, &out->hlen) ||
        !iot_cur_u8(&c, &out->hops) || !iot_cur_u32be(&c, &out->xid) ||
        !iot_cur_u16be(&c, &out->secs) || !iot_cur_u16be(&c, &out->flags) ||
        !iot_cur_bytes(&c, out->ciaddr, 4) || !iot_cur_bytes(&c, out->yiaddr, 4) ||
        !iot_cur_bytes(&c, out->siaddr, 4) || !iot_cur_bytes(&c, out->giaddr, 4))
        goto out;
    if (out->op != DHCP_OP_REQUEST && out->op != DHCP_OP_REPLY) {
        err = IOT_DHCP_ERR_BAD_OP;
        goto out;
    }
    /* hlen says how much of chaddr is the address; trusting a larger value would copy sname
     * bytes as a MAC address (or, with a careless memcpy, read past chaddr). */
    if (out->hlen > IOT_DHCP_CHADDR_LEN) {
        err = IOT_DHCP_ERR_BAD_HLEN;
        goto out;
    }
    out->chaddr_len = out->hlen;
    if (!iot_cur_bytes(&c, out->chaddr, out->hlen) ||
        !iot_cur_skip(&c, IOT_DHCP_CHADDR_LEN - out->hlen) || !iot_cur_skip(&c, 64 + 128))
        goto out;
    /* Without the cookie the bytes are plain BOOTP or not DHCP at all: options would be
     * read from whatever sits there. */
    if (!iot_cur_bytes(&c, cookie, 4))
        goto out;
    if (memcmp(cookie, magic, sizeof(magic)) != 0) {
        err = IOT_DHCP_ERR_BAD_MAGIC;
        goto out;
    }

    /* Options: bounded by the bytes left (each turn consumes at least one) and, for options
     * other than PAD, by IOT_MAX_DHCP_OPTIONS. */
    while (iot_cur_left(&c) > 0) {
        uint8_t code, olen;
        struct iot_cur v;

        if (!iot_cur_u8(&c, &code))
            goto out;
        if (code == OPT_PAD)
            continue;
        if (code == OPT_END) {
            out->end_seen = true;
            break;
        }
        if (out->opt_count == IOT_MAX_DHCP_OPTIONS) {
            out->options_truncated = true;
            break;
        }
        out->opt_count++;
        if (!iot_cur_u8(&c, &olen)) {
            err = IOT_DHCP_ERR_OPT_TRUNC;
            goto out;
        }
        /* The attacker sets olen; the sub-cursor exists only if olen bytes are really left. */
        if (!iot_cur_sub(&c, olen, &v)) {
            err = IOT_DHCP_ERR_OPT_OVERRUN;
            goto out;
        }
        if (out->opt_order_count < IOT_DHCP_OPT_ORDER_MAX)
            out->opt_order[out->opt_order_count++] = code;
        else
            out->opt_order_truncated = true;
        if (seen_before(seen, code))
            out->opt_repeated = true;
        if (!dhcp_option(out, code, &v)) {
            err = IOT_DHCP_ERR_OPT_LEN;
            goto out;
        }
    }
    prl_format(out);
    err = IOT_DHCP_ERR_NONE;
    rc = IOT_OK;
out:
    out->error = err;
    return rc;
}
