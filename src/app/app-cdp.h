/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CDP (Cisco Discovery Protocol v1/v2) parser: what a Cisco device (switch, access point, IP
 * phone) announces on its link: device ID, address, port, capabilities, software, platform. */
#ifndef IOTSEC_APP_APP_CDP_H
#define IOTSEC_APP_APP_CDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_CDP_HDR_LEN 4       /* version, TTL, checksum */
#define IOT_CDP_TLV_HDR_LEN 4   /* type, length (the length counts these 4 bytes) */
#define IOT_CDP_STR_MAX 256     /* device ID, port ID, platform: bytes kept, and the NUL */
#define IOT_CDP_VERSION_MAX 512 /* software version (often 200+ bytes over several lines) */

/* TLV types (tcpdump print-cdp.c and Wireshark packet-cdp.c name the same numbers). */
#define IOT_CDP_TLV_DEVICE_ID 0x0001
#define IOT_CDP_TLV_ADDRESS 0x0002
#define IOT_CDP_TLV_PORT_ID 0x0003
#define IOT_CDP_TLV_CAPABILITIES 0x0004
#define IOT_CDP_TLV_VERSION 0x0005
#define IOT_CDP_TLV_PLATFORM 0x0006
#define IOT_CDP_TLV_NATIVE_VLAN 0x000a
#define IOT_CDP_TLV_DUPLEX 0x000b

/* Capability bits (TLV 4). */
#define IOT_CDP_CAP_ROUTER 0x0001
#define IOT_CDP_CAP_TB_BRIDGE 0x0002
#define IOT_CDP_CAP_SR_BRIDGE 0x0004
#define IOT_CDP_CAP_SWITCH 0x0008
#define IOT_CDP_CAP_HOST 0x0010
#define IOT_CDP_CAP_IGMP 0x0020
#define IOT_CDP_CAP_REPEATER 0x0040
#define IOT_CDP_CAP_PHONE 0x0080
#define IOT_CDP_CAP_REMOTE 0x0100

/* Why a message was rejected; each has a dotted counter name (iot_cdp_error_name). */
enum iot_cdp_error {
    IOT_CDP_ERR_NONE = 0,
    IOT_CDP_ERR_TRUNC,       /* shorter than the header, or a TLV header cut by the end */
    IOT_CDP_ERR_BAD_VERSION, /* version is neither 1 nor 2 */
    IOT_CDP_ERR_TLV_SHORT,   /* a TLV length below its own 4-byte header */
    IOT_CDP_ERR_TLV_OVERRUN, /* a TLV's length runs past the end of the message */
    IOT_CDP_ERR_TLV_LEN,     /* a known fixed-size TLV has another length */
    IOT_CDP_ERR_ADDR,        /* an address TLV whose entries do not fit in it */
    IOT_CDP_ERR_MAX
};

/* What one CDP message says. Strings hold the raw TLV bytes (any byte, NUL included;
 * <field>_len counts them), always NUL-terminated, with <field>_truncated set when the value
 * did not fit. A repeated TLV keeps its first instance and sets repeated. The checksum is
 * read but not verified (as tcpdump does): a wrong one is not a parsing question. */
struct iot_cdp_info {
    enum iot_cdp_error error; /* IOT_CDP_ERR_NONE iff the parse returned IOT_OK */

    uint8_t version; /* 1 or 2 */
    uint8_t ttl;     /* seconds */
    uint16_t checksum;

    bool has_device_id; /* 1 */
    char device_id[IOT_CDP_STR_MAX];
    uint16_t device_id_len;
    bool device_id_truncated;

    /* Addresses (2): the count the TLV claims, and the first IPv4 address among the entries
     * walked (at most IOT_MAX_CDP_ADDRESSES). Addresses are in network byte order. */
    bool has_addresses;
    uint32_t address_count;
    bool has_ipv4;
    uint8_t ipv4[4];

    bool has_port_id; /* 3 */
    char port_id[IOT_CDP_STR_MAX];
    uint16_t port_id_len;
    bool port_id_truncated;

    bool has_capabilities; /* 4: IOT_CDP_CAP_* bits */
    uint32_t capabilities;

    bool has_version; /* 5: software version string */
    char software_version[IOT_CDP_VERSION_MAX];
    uint16_t software_version_len;
    bool software_version_truncated;

    bool has_platform; /* 6 */
    char platform[IOT_CDP_STR_MAX];
    uint16_t platform_len;
    bool platform_truncated;

    bool has_native_vlan; /* 10 */
    uint16_t native_vlan;
    bool has_duplex; /* 11: 1 full, 0 half */
    uint8_t duplex;

    uint16_t tlv_count;  /* TLVs read, at most IOT_MAX_CDP_TLVS */
    bool tlvs_truncated; /* IOT_MAX_CDP_TLVS reached: the rest was not read */
    bool repeated;       /* a kept TLV type appeared more than once (the first is kept) */
};

/* Parses one CDP message (the bytes after the LLC/SNAP header AA AA 03 00-00-0C 2000, exactly
 * len bytes: the caller trims Ethernet padding with the 802.3 length) into *out. Reads no byte
 * outside data[0..len), allocates nothing and keeps no state; safe from any thread.
 * Returns IOT_OK when the message is well formed (some fields may be truncated), IOT_ERR_INPUT
 * when it is not (out->error says why; the rest of *out is unspecified but safe to read), or
 * IOT_ERR_USAGE when out is NULL. */
IOT_WARN_UNUSED int iot_cdp_parse(const uint8_t *data, size_t len, struct iot_cdp_info *out);

/* The dotted counter name of e ("app.cdp.tlv_short"); "app.cdp.unknown" when out of range. */
const char *iot_cdp_error_name(enum iot_cdp_error e);

#endif
