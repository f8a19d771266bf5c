/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DHCPv6 (RFC 8415) message parser: the client's DUID, option request list, vendor class, FQDN
 * and MUD URL, for the passive device inventory. */
#ifndef IOTSEC_APP_APP_DHCPV6_H
#define IOTSEC_APP_APP_DHCPV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_DHCPV6_DUID_MAX 130 /* 2-byte DUID type and up to 128 bytes (RFC 8415 11.1) */
#define IOT_DHCPV6_STR_MAX 256
#define IOT_DHCPV6_ORO_MAX 128 /* option codes kept from the option request option */
/* "65535," per entry: the last entry has no comma, which leaves room for the NUL. */
#define IOT_DHCPV6_ORO_TEXT_MAX (IOT_DHCPV6_ORO_MAX * 6)
#define IOT_DHCPV6_OPT_ORDER_MAX 64

/* Message types (RFC 8415 7.3). Types 1..11 are client/server messages, 12/13 relay. */
#define IOT_DHCPV6_SOLICIT 1
#define IOT_DHCPV6_ADVERTISE 2
#define IOT_DHCPV6_REQUEST 3
#define IOT_DHCPV6_CONFIRM 4
#define IOT_DHCPV6_RENEW 5
#define IOT_DHCPV6_REBIND 6
#define IOT_DHCPV6_REPLY 7
#define IOT_DHCPV6_RELEASE 8
#define IOT_DHCPV6_DECLINE 9
#define IOT_DHCPV6_RECONFIGURE 10
#define IOT_DHCPV6_INFORMATION_REQUEST 11
#define IOT_DHCPV6_RELAY_FORW 12
#define IOT_DHCPV6_RELAY_REPL 13

/* Why a message was rejected; each has a dotted counter name (iot_dhcpv6_error_name). */
enum iot_dhcpv6_error {
    IOT_DHCPV6_ERR_NONE = 0,
    IOT_DHCPV6_ERR_TRUNC,        /* shorter than the 4-byte (or 34-byte relay) header */
    IOT_DHCPV6_ERR_BAD_TYPE,     /* message type 0 or above 13 (not an RFC 8415 message) */
    IOT_DHCPV6_ERR_OPT_TRUNC,    /* fewer than 4 bytes left for an option header */
    IOT_DHCPV6_ERR_OPT_OVERRUN,  /* an option's length runs past the end of its container */
    IOT_DHCPV6_ERR_OPT_LEN,      /* a known option's length does not fit its contents */
    IOT_DHCPV6_ERR_RELAY_DEPTH,  /* more than IOT_MAX_DHCPV6_RELAY_DEPTH nested relays */
    IOT_DHCPV6_ERR_RELAY_NO_MSG, /* a relay message without a Relay Message option (9) */
    IOT_DHCPV6_ERR_MAX
};

/* What one DHCPv6 message says. Relay messages (12/13) are unwrapped: the relay headers are
 * read, the Relay Message option (9) is followed inward, and every other field describes the
 * innermost client/server message. Strings hold raw bytes (<field>_len counts them), always
 * NUL-terminated, with <field>_truncated set when the value did not fit. A repeated option
 * keeps its first instance and sets opt_repeated. */
struct iot_dhcpv6_info {
    enum iot_dhcpv6_error error; /* IOT_DHCPV6_ERR_NONE iff the parse returned IOT_OK */

    uint8_t msg_type; /* the innermost message's type, 1..11 */
    uint32_t xid;     /* 24-bit transaction id */

    /* Relay encapsulation: 0 when the message was not relayed. link/peer come from the
     * innermost relay header, so relay_peer_addr is the client's (link-local) address. */
    uint8_t relay_depth;
    uint8_t relay_msg_type;  /* the outermost message's type (12 or 13) */
    uint8_t relay_hop_count; /* of the innermost relay header */
    uint8_t relay_link_addr[16];
    uint8_t relay_peer_addr[16];

    /* Client identifier (1): the DUID, type included. */
    bool has_client_id;
    uint16_t duid_type;
    uint8_t client_id[IOT_DHCPV6_DUID_MAX];
    uint16_t client_id_len;
    bool client_id_truncated;

    /* Option request option (6) in order: the DHCPv6 fingerprint; also as "23,24,39". */
    bool has_oro;
    uint16_t oro[IOT_DHCPV6_ORO_MAX];
    uint16_t oro_count;
    bool oro_truncated;
    char oro_text[IOT_DHCPV6_ORO_TEXT_MAX];
    bool oro_text_truncated; /* cannot happen: sized for oro_count entries; kept for R7 */

    /* Vendor class (16): the enterprise number and the first vendor-class-data string. */
    bool has_vendor_class;
    uint32_t vendor_enterprise;
    char vendor_class[IOT_DHCPV6_STR_MAX];
    uint16_t vendor_class_len;
    bool vendor_class_truncated;

    /* Client FQDN (39, RFC 4704): flags and the wire-format name as dotted text (no trailing
     * dot). fqdn_malformed: a compression pointer, an extended label type, a label past the
     * option's end or bytes after the root label; fqdn holds what was decoded before that. */
    bool has_fqdn;
    uint8_t fqdn_flags;
    char fqdn[IOT_DHCPV6_STR_MAX];
    uint16_t fqdn_len;
    bool fqdn_truncated;
    bool fqdn_malformed;

    /* MUD URL (112, RFC 8520). */
    bool has_mud_url;
    char mud_url[IOT_DHCPV6_STR_MAX];
    uint16_t mud_url_len;
    bool mud_url_truncated;

    /* Elapsed time (8), in hundredths of a second. */
    bool has_elapsed_time;
    uint16_t elapsed_time;

    /* Option codes of the innermost message in the order they appear. */
    uint16_t opt_order[IOT_DHCPV6_OPT_ORDER_MAX];
    uint16_t opt_order_count;
    bool opt_order_truncated;
    uint16_t opt_count;     /* options read, at most IOT_MAX_DHCPV6_OPTIONS */
    bool options_truncated; /* IOT_MAX_DHCPV6_OPTIONS reached: the rest was not read */
    bool opt_repeated;      /* a code repeated one among the first IOT_DHCPV6_OPT_ORDER_MAX */
};

/* Parses one DHCPv6 message (a whole UDP payload, exactly len bytes) into *out. Reads no byte
 * outside data[0..len), allocates nothing and keeps no state; safe from any thread.
 * Returns IOT_OK when the message is well formed (some fields may be truncated), IOT_ERR_INPUT
 * when it is not (out->error says why; the rest of *out is unspecified but safe to read), or
 * IOT_ERR_USAGE when out is NULL. */
IOT_WARN_UNUSED int iot_dhcpv6_parse(const uint8_t *data, size_t len, struct iot_dhcpv6_info *out);

/* The dotted counter name of e ("app.dhcpv6.opt_overrun"); "app.dhcpv6.unknown" if out of range. */
const char *iot_dhcpv6_error_name(enum iot_dhcpv6_error e);

#endif
