/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LLDP (IEEE 802.1AB) LLDPDU parser: what a device says about itself on its link (chassis and
 * port IDs, system name and description, capabilities, management addresses, MUD URL). */
#ifndef IOTSEC_APP_APP_LLDP_H
#define IOTSEC_APP_APP_LLDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_LLDP_ETHERTYPE 0x88CC
#define IOT_LLDP_ID_MAX 256  /* chassis/port ID value: 1..255 bytes (802.1AB 8.5.2), and NUL */
#define IOT_LLDP_STR_MAX 256 /* port description, system name/description: <= 255 bytes */
#define IOT_LLDP_URL_MAX 256 /* MUD URL: 1..255 bytes (RFC 8520), and the NUL */
#define IOT_LLDP_ORG_MAX 16  /* organizationally specific TLVs whose OUI/subtype are kept */

/* TLV types (802.1AB table 8-1). */
#define IOT_LLDP_TLV_END 0
#define IOT_LLDP_TLV_CHASSIS_ID 1
#define IOT_LLDP_TLV_PORT_ID 2
#define IOT_LLDP_TLV_TTL 3
#define IOT_LLDP_TLV_PORT_DESC 4
#define IOT_LLDP_TLV_SYS_NAME 5
#define IOT_LLDP_TLV_SYS_DESC 6
#define IOT_LLDP_TLV_SYS_CAP 7
#define IOT_LLDP_TLV_MGMT_ADDR 8
#define IOT_LLDP_TLV_ORG 127

/* Chassis ID subtypes (8.5.2.2) and port ID subtypes (8.5.3.2) that carry a MAC address. */
#define IOT_LLDP_CHASSIS_MAC 4
#define IOT_LLDP_PORT_MAC 3

/* System capability bits (8.5.8.1). */
#define IOT_LLDP_CAP_OTHER 0x0001
#define IOT_LLDP_CAP_REPEATER 0x0002
#define IOT_LLDP_CAP_BRIDGE 0x0004
#define IOT_LLDP_CAP_WLAN_AP 0x0008
#define IOT_LLDP_CAP_ROUTER 0x0010
#define IOT_LLDP_CAP_PHONE 0x0020
#define IOT_LLDP_CAP_DOCSIS 0x0040
#define IOT_LLDP_CAP_STATION 0x0080

/* Why an LLDPDU was rejected; each has a dotted counter name (iot_lldp_error_name). */
enum iot_lldp_error {
    IOT_LLDP_ERR_NONE = 0,
    IOT_LLDP_ERR_TRUNC,       /* empty, or a TLV header cut by the end of the bytes */
    IOT_LLDP_ERR_TLV_OVERRUN, /* a TLV's length runs past the end of the LLDPDU */
    IOT_LLDP_ERR_MANDATORY,   /* the first three TLVs are not chassis ID, port ID, TTL */
    IOT_LLDP_ERR_TLV_LEN,     /* a known TLV has a length its definition does not allow */
    IOT_LLDP_ERR_MAX
};

/* One organizationally specific TLV's owner: a 3-byte OUI and its subtype. */
struct iot_lldp_org {
    uint8_t oui[3];
    uint8_t subtype;
};

/* What one LLDPDU says. Strings hold the raw TLV bytes (any byte, NUL included; <field>_len
 * counts them), always NUL-terminated, with <field>_truncated set when the value did not fit.
 *
 * Mandatory TLVs: 802.1AB's LLDPDU validation has a receiver discard an LLDPDU whose first three
 * TLVs are not chassis ID, port ID and TTL, in that order. We do the same (IOT_LLDP_ERR_MANDATORY):
 * the switch the device talks to ignores such a frame, so the inventory should not learn from
 * it either. A later repeat of one of the three is kept out (the first wins) and flagged with
 * mandatory_repeated, as are repeats of the optional singletons (4..7) with repeated. */
struct iot_lldp_info {
    enum iot_lldp_error error; /* IOT_LLDP_ERR_NONE iff the parse returned IOT_OK */

    /* Chassis ID (1): subtype and raw value (1..255 bytes, so never truncated). */
    uint8_t chassis_id_subtype;
    char chassis_id[IOT_LLDP_ID_MAX];
    uint16_t chassis_id_len;
    bool chassis_id_truncated; /* cannot happen: the array holds any valid value; kept for R7 */
    bool has_chassis_mac;      /* subtype 4 with exactly 6 bytes (anything else is rejected) */
    uint8_t chassis_mac[6];

    /* Port ID (2): the same shape. */
    uint8_t port_id_subtype;
    char port_id[IOT_LLDP_ID_MAX];
    uint16_t port_id_len;
    bool port_id_truncated; /* cannot happen; kept for R7 */
    bool has_port_mac;      /* subtype 3 with exactly 6 bytes */
    uint8_t port_mac[6];

    uint16_t ttl; /* TTL (3), seconds; 0 means "forget me" (a shutdown LLDPDU) */

    bool has_port_desc; /* 4 */
    char port_desc[IOT_LLDP_STR_MAX];
    uint16_t port_desc_len;
    bool port_desc_truncated;
    bool has_sys_name; /* 5 */
    char sys_name[IOT_LLDP_STR_MAX];
    uint16_t sys_name_len;
    bool sys_name_truncated;
    bool has_sys_desc; /* 6 */
    char sys_desc[IOT_LLDP_STR_MAX];
    uint16_t sys_desc_len;
    bool sys_desc_truncated;

    bool has_sys_cap; /* 7: IOT_LLDP_CAP_* bitmaps */
    uint16_t sys_cap;
    uint16_t sys_cap_enabled;

    /* Management addresses (8): the first IPv4 and the first IPv6 one (IANA address family 1
     * and 2), each with the interface number that came with it. All are counted. */
    uint16_t mgmt_addr_count;
    bool has_mgmt_ipv4;
    uint8_t mgmt_ipv4[4];
    uint32_t mgmt_ipv4_ifindex;
    bool has_mgmt_ipv6;
    uint8_t mgmt_ipv6[16];
    uint32_t mgmt_ipv6_ifindex;

    /* RFC 8520 MUD URL: organizationally specific TLV with the IANA OUI 00-00-5E, subtype 1.
     * The first one is kept. */
    bool has_mud_url;
    char mud_url[IOT_LLDP_URL_MAX];
    uint16_t mud_url_len;
    bool mud_url_truncated;

    /* Other organizationally specific TLVs (127), in order: all are counted, the first
     * IOT_LLDP_ORG_MAX owners kept. The MUD URL TLV is not among them. */
    uint16_t org_count;
    struct iot_lldp_org org[IOT_LLDP_ORG_MAX];
    uint16_t org_kept;
    bool org_truncated;

    uint16_t tlv_count;      /* TLVs read, End excluded; at most IOT_MAX_LLDP_TLVS */
    bool tlvs_truncated;     /* IOT_MAX_LLDP_TLVS reached: the rest was not read */
    uint16_t unknown_count;  /* TLVs of reserved types (9..126) */
    bool mandatory_repeated; /* a chassis ID, port ID or TTL TLV after the first three */
    bool repeated;           /* a port description, system name/description or capabilities
                              * TLV appeared more than once (the first is kept) */
    bool end_seen;           /* the End of LLDPDU TLV was present (802.1AB requires it) */
};

/* Parses one LLDPDU (the Ethernet payload after ethertype 0x88CC, exactly len bytes; trailing
 * Ethernet padding after the End TLV is ignored) into *out. Reads no byte outside
 * data[0..len), allocates nothing and keeps no state; safe from any thread.
 * Returns IOT_OK when the LLDPDU is well formed (some fields may be truncated), IOT_ERR_INPUT
 * when it is not (out->error says why; the rest of *out is unspecified but safe to read), or
 * IOT_ERR_USAGE when out is NULL. */
IOT_WARN_UNUSED int iot_lldp_parse(const uint8_t *data, size_t len, struct iot_lldp_info *out);

/* The dotted counter name of e ("app.lldp.tlv_overrun"); "app.lldp.unknown" when out of
 * range. */
const char *iot_lldp_error_name(enum iot_lldp_error e);

#endif
