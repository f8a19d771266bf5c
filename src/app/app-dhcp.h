/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DHCPv4 (RFC 2131/2132) message parser: what a client reveals about itself (hostname, vendor
 * class, parameter request list, MUD URL...) for the passive device inventory. */
#ifndef IOTSEC_APP_APP_DHCP_H
#define IOTSEC_APP_APP_DHCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_DHCP_FIXED_LEN 236 /* op .. file (RFC 2131 figure 1) */
#define IOT_DHCP_MIN_LEN 240   /* the fixed part and the magic cookie 99.130.83.99 */
#define IOT_DHCP_CHADDR_LEN 16
#define IOT_DHCP_STR_MAX 256       /* one option value (<= 255 bytes) and the NUL */
#define IOT_DHCP_CLIENT_ID_MAX 254 /* option 61 bytes after its type byte */
#define IOT_DHCP_PRL_MAX 255       /* option 55 entries (more only through RFC 3396 splitting) */
/* "255," per entry: the last entry has no comma, which leaves room for the NUL. */
#define IOT_DHCP_PRL_TEXT_MAX (IOT_DHCP_PRL_MAX * 4)
#define IOT_DHCP_OPT_ORDER_MAX 64 /* option codes kept for the option-order fingerprint */

/* DHCP message types (option 53, RFC 2132 9.6 and later RFCs). */
#define IOT_DHCP_DISCOVER 1
#define IOT_DHCP_OFFER 2
#define IOT_DHCP_REQUEST 3
#define IOT_DHCP_DECLINE 4
#define IOT_DHCP_ACK 5
#define IOT_DHCP_NAK 6
#define IOT_DHCP_RELEASE 7
#define IOT_DHCP_INFORM 8

/* Client FQDN (option 81) flag bits, RFC 4702 2.1. */
#define IOT_DHCP_FQDN_S 0x01 /* the server should do the A RR update */
#define IOT_DHCP_FQDN_O 0x02 /* the server overrode the client's S bit */
#define IOT_DHCP_FQDN_E 0x04 /* the name is in DNS wire format (else deprecated ASCII) */
#define IOT_DHCP_FQDN_N 0x08 /* the server should do no DNS update */

/* Why a message was rejected; each has a dotted counter name (iot_dhcp_error_name). */
enum iot_dhcp_error {
    IOT_DHCP_ERR_NONE = 0,
    IOT_DHCP_ERR_TRUNC,       /* shorter than the fixed part and the magic cookie */
    IOT_DHCP_ERR_BAD_OP,      /* op is neither BOOTREQUEST (1) nor BOOTREPLY (2) */
    IOT_DHCP_ERR_BAD_HLEN,    /* hlen larger than the 16-byte chaddr field */
    IOT_DHCP_ERR_BAD_MAGIC,   /* no magic cookie at offset 236 */
    IOT_DHCP_ERR_OPT_TRUNC,   /* an option code with no room left for its length byte */
    IOT_DHCP_ERR_OPT_OVERRUN, /* an option's length runs past the end of the message */
    IOT_DHCP_ERR_OPT_LEN,     /* a known fixed-size option has an impossible length */
    IOT_DHCP_ERR_MAX
};

/* What one DHCPv4 message says. Strings hold the raw option bytes (any byte, including NUL;
 * <field>_len counts them), always NUL-terminated, with <field>_truncated set when the value
 * did not fit. A string option that appears more than once is concatenated (RFC 3396); any
 * other repeated option keeps its first instance, and opt_repeated is set either way. */
struct iot_dhcp_info {
    enum iot_dhcp_error error; /* IOT_DHCP_ERR_NONE iff the parse returned IOT_OK */

    /* The BOOTP fixed part. Addresses are in network byte order. */
    uint8_t op, htype, hlen, hops;
    uint32_t xid;
    uint16_t secs, flags;
    uint8_t ciaddr[4], yiaddr[4], siaddr[4], giaddr[4];
    uint8_t chaddr[IOT_DHCP_CHADDR_LEN]; /* the first chaddr_len bytes; the rest are zero */
    uint8_t chaddr_len;                  /* == hlen, which is at most 16 */

    /* Options with a fixed size. */
    bool has_msg_type;     /* 53 */
    uint8_t msg_type;      /* any value, as sent; IOT_DHCP_DISCOVER... */
    bool has_requested_ip; /* 50 */
    uint8_t requested_ip[4];
    bool has_server_id; /* 54 */
    uint8_t server_id[4];
    bool has_lease_time; /* 51, seconds */
    uint32_t lease_time;
    bool has_max_msg_size; /* 57 */
    uint16_t max_msg_size;
    bool has_overload; /* 52: sname and/or file hold more options, which are not parsed */
    uint8_t overload;

    /* String options (12, 60, 77, 161). User class (77) is kept raw: RFC 3004 wants
     * length-prefixed instances, but Windows sends one plain string. */
    bool has_hostname;
    char hostname[IOT_DHCP_STR_MAX];
    uint16_t hostname_len;
    bool hostname_truncated;
    bool has_vendor_class;
    char vendor_class[IOT_DHCP_STR_MAX];
    uint16_t vendor_class_len;
    bool vendor_class_truncated;
    bool has_user_class;
    char user_class[IOT_DHCP_STR_MAX];
    uint16_t user_class_len;
    bool user_class_truncated;
    bool has_mud_url; /* RFC 8520 */
    char mud_url[IOT_DHCP_STR_MAX];
    uint16_t mud_url_len;
    bool mud_url_truncated;

    /* Client identifier (61): a type byte (1 = Ethernet) and at least one byte. Its 254-byte
     * array holds any single option, so it cannot be truncated. */
    bool has_client_id;
    uint8_t client_id_type;
    uint8_t client_id[IOT_DHCP_CLIENT_ID_MAX];
    uint8_t client_id_len;

    /* Client FQDN (81). The name is decoded from wire format when the E flag is set (labels
     * joined by '.', no trailing dot), else copied as sent. fqdn_malformed: the wire-format
     * name had a compression pointer, an extended label type, a label past the option's end or
     * bytes after the root label; fqdn holds what was decoded before that. */
    bool has_fqdn;
    uint8_t fqdn_flags, fqdn_rcode1, fqdn_rcode2;
    char fqdn[IOT_DHCP_STR_MAX];
    uint16_t fqdn_len;
    bool fqdn_truncated;
    bool fqdn_malformed;

    /* Parameter request list (55) in the order sent: the classic DHCP fingerprint, and the
     * same as text ("1,3,6,15"). */
    bool has_prl;
    uint8_t prl[IOT_DHCP_PRL_MAX];
    uint16_t prl_count;
    bool prl_truncated;
    char prl_text[IOT_DHCP_PRL_TEXT_MAX];
    bool prl_text_truncated; /* cannot happen: the array holds prl_count entries; kept for R7 */

    /* Option codes in the order they appear, without PAD and END. */
    uint8_t opt_order[IOT_DHCP_OPT_ORDER_MAX];
    uint16_t opt_order_count;
    bool opt_order_truncated;
    uint16_t opt_count;     /* options read (without PAD and END), at most IOT_MAX_DHCP_OPTIONS */
    bool options_truncated; /* IOT_MAX_DHCP_OPTIONS reached: the rest was not read */
    bool opt_repeated;      /* some option code appeared more than once */
    bool end_seen;          /* the END option was present (RFC 2131 requires it) */
};

/* Parses one DHCPv4 message (a whole UDP payload, exactly len bytes) into *out. Reads no byte
 * outside data[0..len), allocates nothing and keeps no state; safe from any thread.
 * Returns IOT_OK when the message is well formed (some fields may be truncated), IOT_ERR_INPUT
 * when it is not (out->error says why; the rest of *out is unspecified but safe to read), or
 * IOT_ERR_USAGE when out is NULL. */
IOT_WARN_UNUSED int iot_dhcp_parse(const uint8_t *data, size_t len, struct iot_dhcp_info *out);

/* The dotted counter name of e ("app.dhcp.bad_magic"); "app.dhcp.unknown" when out of range. */
const char *iot_dhcp_error_name(enum iot_dhcp_error e);

#endif
