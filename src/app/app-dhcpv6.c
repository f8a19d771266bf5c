/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DHCPv6 (RFC 8415) message parser: relay unwrapping and the options a device reveals. */
#include "iotsec-common.h"

#include "app/app-dhcpv6.h"

#include "app/app-strbuf.h"
#include "util/limits.h"
#include "util/util-cursor.h"

#define OPT_CLIENTID 1
#define OPT_ORO 6
#define OPT_ELAPSED_TIME 8
#define OPT_RELAY_MSG 9
#define OPT_VENDOR_CLASS 16
#define OPT_CLIENT_FQDN 39
#define OPT_MUD_URL 112

#define RELAY_HDR_ADDRS 32 /* link-address and peer-address */

/* The ORO text needs at most 5 digits for the first entry and 6 (",65535") for each other,
 * and a NUL: exactly 6 per entry. */
_Static_assert(IOT_DHCPV6_ORO_TEXT_MAX >= 5 + 6 * (IOT_DHCPV6_ORO_MAX - 1) + 1, "oro_text");
_Static_assert(IOT_MAX_DHCPV6_OPTIONS <= 65535 && IOT_MAX_DHCPV6_RELAY_DEPTH <= 255, "counters");
_Static_assert(IOT_DHCPV6_STR_MAX <= 65535, "string lengths are uint16_t");

static const char *const dhcpv6_error_names[IOT_DHCPV6_ERR_MAX] = {
    [IOT_DHCPV6_ERR_NONE] = "app.dhcpv6.none",
    [IOT_DHCPV6_ERR_TRUNC] = "app.dhcpv6.trunc",
    [IOT_DHCPV6_ERR_BAD_TYPE] = "app.dhcpv6.bad_type",
    [IOT_DHCPV6_ERR_OPT_TRUNC] = "app.dhcpv6.opt_trunc",
    [IOT_DHCPV6_ERR_OPT_OVERRUN] = "app.dhcpv6.opt_overrun",
    [IOT_DHCPV6_ERR_OPT_LEN] = "app.dhcpv6.opt_len",
    [IOT_DHCPV6_ERR_RELAY_DEPTH] = "app.dhcpv6.relay_depth",
    [IOT_DHCPV6_ERR_RELAY_NO_MSG] = "app.dhcpv6.relay_no_msg",
};

const char *iot_dhcpv6_error_name(enum iot_dhcpv6_error e)
{
    if ((unsigned)e >= IOT_DHCPV6_ERR_MAX)
        return "app.dhcpv6.unknown";
    return dhcpv6_error_names[e];
}

/* The ORO as "23,24,39". */
static void oro_format(struct iot_dhcpv6_info *out)
{
    size_t n = 0;

    out->oro_text[0] = '\0';
    for (uint16_t i = 0; i < out->oro_count; i++) {
        char tmp[8];
        int w = snprintf(tmp, sizeof(tmp), "%s%u", i ? "," : "", (unsigned)out->oro[i]);
        if (w < 0 || (size_t)w >= sizeof(out->oro_text) - n) {
            out->oro_text_truncated = true;
            break;
        }
        memcpy(out->oro_text + n, tmp, (size_t)w);
        n += (size_t)w;
        out->oro_text[n] = '\0';
    }
}

/* Interprets the first instance of one option of the innermost message. Returns false when a
 * known option's length does not fit its definition (a short fixed-size field would be read
 * from whatever follows; an inner length past the option would be an over-read). */
static bool dhcpv6_option(struct iot_dhcpv6_info *out, uint16_t code, struct iot_cur *v)
{
    switch (code) {
    case OPT_CLIENTID: {
        size_t n = iot_cur_left(v);
        /* A DUID has at least its 2-byte type (RFC 8415 11.1). */
        if (n < 2 || out->has_client_id)
            return n >= 2;
        out->has_client_id = true;
        if (n > sizeof(out->client_id)) {
            n = sizeof(out->client_id);
            out->client_id_truncated = true;
        }
        out->duid_type = iot_be16(iot_cur_ptr(v));
        out->client_id_len = (uint16_t)n;
        return iot_cur_bytes(v, out->client_id, n);
    }
    case OPT_ORO:
        /* A list of 16-bit codes: an odd length would leave half a code. */
        if (iot_cur_left(v) % 2 != 0)
            return false;
        if (out->has_oro)
            return true;
        out->has_oro = true;
        while (iot_cur_left(v) > 0) {
            if (out->oro_count == IOT_DHCPV6_ORO_MAX) {
                out->oro_truncated = true;
                break;
            }
            if (!iot_cur_u16be(v, &out->oro[out->oro_count]))
                return false;
            out->oro_count++;
        }
        return true;
    case OPT_ELAPSED_TIME:
        if (iot_cur_left(v) != 2)
            return false;
        if (out->has_elapsed_time)
            return true;
        out->has_elapsed_time = true;
        return iot_cur_u16be(v, &out->elapsed_time);
    case OPT_VENDOR_CLASS: {
        /* enterprise-number, then (vendor-class-len, vendor-class-data)* (RFC 8415 21.16). */
        uint32_t ent;
        uint16_t slen;
        if (!iot_cur_u32be(v, &ent))
            return false;
        if (iot_cur_left(v) > 0) {
            /* The inner length is attacker-set too: it must fit in the option. */
            if (!iot_cur_u16be(v, &slen) || !iot_cur_need(v, slen))
                return false;
        } else {
            slen = 0;
        }
        if (out->has_vendor_class)
            return true;
        out->has_vendor_class = true;
        out->vendor_enterprise = ent;
        iot_str_append(out->vendor_class, sizeof(out->vendor_class), &out->vendor_class_len,
                       &out->vendor_class_truncated, v, slen);
        return true;
    }
    case OPT_CLIENT_FQDN:
        /* RFC 4704 4.1: one flags byte, then the name (possibly empty). */
        if (iot_cur_left(v) < 1)
            return false;
        if (out->has_fqdn)
            return true;
        out->has_fqdn = true;
        if (!iot_cur_u8(v, &out->fqdn_flags))
            return false;
        out->fqdn_malformed =
            !iot_wire_name(v, out->fqdn, sizeof(out->fqdn), &out->fqdn_len, &out->fqdn_truncated);
        return true;
    case OPT_MUD_URL:
        if (out->has_mud_url)
            return true;
        out->has_mud_url = true;
        iot_str_append(out->mud_url, sizeof(out->mud_url), &out->mud_url_len,
                       &out->mud_url_truncated, v, iot_cur_left(v));
        return true;
    default:
        return true;
    }
}

/* Reads the next option header and value from c. Returns 0 with *code and *v set, 1 at the end
 * of c, or a negative enum iot_dhcpv6_error. */
static int next_option(struct iot_cur *c, uint16_t *code, struct iot_cur *v)
{
    uint16_t olen;

    if (iot_cur_left(c) == 0)
        return 1;
    if (!iot_cur_u16be(c, code) || !iot_cur_u16be(c, &olen))
        return -IOT_DHCPV6_ERR_OPT_TRUNC;
    /* The attacker sets olen; the sub-cursor exists only if olen bytes are really left. */
    if (!iot_cur_sub(c, olen, v))
        return -IOT_DHCPV6_ERR_OPT_OVERRUN;
    return 0;
}

/* Reads a relay header and finds its Relay Message option; *msg becomes the inner message.
 * Every option of the relay is framing-checked, bounded by bytes and IOT_MAX_DHCPV6_OPTIONS. */
static enum iot_dhcpv6_error relay_unwrap(struct iot_dhcpv6_info *out, struct iot_cur *msg)
{
    struct iot_cur inner = {0};
    bool found = false;
    unsigned nopts = 0;

    if (!iot_cur_u8(msg, &out->relay_hop_count) || !iot_cur_bytes(msg, out->relay_link_addr, 16) ||
        !iot_cur_bytes(msg, out->relay_peer_addr, 16))
        return IOT_DHCPV6_ERR_TRUNC;
    while (nopts < IOT_MAX_DHCPV6_OPTIONS) {
        uint16_t code;
        struct iot_cur v;
        int r = next_option(msg, &code, &v);
        if (r == 1)
            break;
        if (r < 0)
            return (enum iot_dhcpv6_error) - r;
        nopts++;
        if (code == OPT_RELAY_MSG && !found) {
            inner = v;
            found = true;
        }
    }
    if (!found)
        return IOT_DHCPV6_ERR_RELAY_NO_MSG;
    *msg = inner;
    return IOT_DHCPV6_ERR_NONE;
}

static bool code_seen(const struct iot_dhcpv6_info *out, uint16_t code)
{
    for (uint16_t i = 0; i < out->opt_order_count; i++)
        if (out->opt_order[i] == code)
            return true;
    return false;
}

int iot_dhcpv6_parse(const uint8_t *data, size_t len, struct iot_dhcpv6_info *out)
{
    struct iot_cur c;
    enum iot_dhcpv6_error err = IOT_DHCPV6_ERR_TRUNC;
    int rc = IOT_ERR_INPUT;
    uint8_t type = 0;
    uint8_t x[3];

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (data == NULL)
        len = 0;
    c = iot_cur_init(data, len);

    /* Relays nest one message per hop; the loop follows them inward, and the depth limit
     * stops a packet of nested relays from costing more than a few header reads. */
    for (;;) {
        if (!iot_cur_u8(&c, &type)) {
            err = IOT_DHCPV6_ERR_TRUNC;
            goto out;
        }
        if (type != IOT_DHCPV6_RELAY_FORW && type != IOT_DHCPV6_RELAY_REPL)
            break;
        if (out->relay_depth == IOT_MAX_DHCPV6_RELAY_DEPTH) {
            err = IOT_DHCPV6_ERR_RELAY_DEPTH;
            goto out;
        }
        if (out->relay_depth++ == 0)
            out->relay_msg_type = type;
        err = relay_unwrap(out, &c);
        if (err != IOT_DHCPV6_ERR_NONE)
            goto out;
    }
    /* 0 is reserved; the types above 13 (leasequery, DHCPv4-over-DHCPv6, bulk leasequery,
     * failover...) have other formats or transports and are not parsed. */
    if (type == 0 || type > IOT_DHCPV6_INFORMATION_REQUEST) {
        err = IOT_DHCPV6_ERR_BAD_TYPE;
        goto out;
    }
    out->msg_type = type;
    if (!iot_cur_bytes(&c, x, sizeof(x))) {
        err = IOT_DHCPV6_ERR_TRUNC;
        goto out;
    }
    out->xid = (uint32_t)x[0] << 16 | (uint32_t)x[1] << 8 | x[2];

    /* Options: bounded by the bytes left (each takes at least 4) and IOT_MAX_DHCPV6_OPTIONS. */
    for (;;) {
        uint16_t code;
        struct iot_cur v;
        int r;

        if (out->opt_count == IOT_MAX_DHCPV6_OPTIONS) {
            out->options_truncated = iot_cur_left(&c) > 0;
            break;
        }
        r = next_option(&c, &code, &v);
        if (r == 1)
            break;
        if (r < 0) {
            err = (enum iot_dhcpv6_error) - r;
            goto out;
        }
        out->opt_count++;
        if (code_seen(out, code))
            out->opt_repeated = true;
        if (out->opt_order_count < IOT_DHCPV6_OPT_ORDER_MAX)
            out->opt_order[out->opt_order_count++] = code;
        else
            out->opt_order_truncated = true;
        if (!dhcpv6_option(out, code, &v)) {
            err = IOT_DHCPV6_ERR_OPT_LEN;
            goto out;
        }
    }
    oro_format(out);
    err = IOT_DHCPV6_ERR_NONE;
    rc = IOT_OK;
out:
    out->error = err;
    return rc;
}
