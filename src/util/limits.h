/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fixed maximums for loops over attacker-controlled counts (style rule R6). Every parser loop
 * is bounded by the bytes left and by one of these. */
#ifndef IOTSEC_UTIL_LIMITS_H
#define IOTSEC_UTIL_LIMITS_H

#define IOT_MAX_DNS_LABELS 128        /* labels in one name (RFC 1035 allows 127 in 255 bytes) */
#define IOT_MAX_DNS_POINTERS 16       /* compression pointers followed for one name */
#define IOT_MAX_DNS_RECORDS 256       /* records parsed per message */
#define IOT_MAX_DHCP_OPTIONS 255      /* options per DHCP message */
#define IOT_MAX_TLS_EXTENSIONS 128    /* extensions per ClientHello */
#define IOT_MAX_TLS_CIPHERS 512       /* cipher suites per ClientHello */
#define IOT_MAX_HTTP_HEADERS 64       /* header lines per HTTP/SSDP message */
#define IOT_MAX_MQTT_VARINT_BYTES 4   /* MQTT remaining-length bytes (MQTT 3.1.1, 2.2.3) */
#define IOT_MAX_COAP_OPTIONS 64       /* options per CoAP message */
#define IOT_MAX_LLDP_TLVS 128         /* TLVs per LLDPDU */
#define IOT_MAX_DHCPV6_OPTIONS 255    /* options per DHCPv6 message (and per relay level) */
#define IOT_MAX_DHCPV6_RELAY_DEPTH 8  /* nested relay messages (RFC 8415 HOP_COUNT_LIMIT) */
#define IOT_MAX_DNS_TXT_STRINGS 256  /* character-strings walked per DNS TXT record */
#define IOT_MAX_CDP_TLVS 128          /* TLVs per CDP message */
#define IOT_MAX_CDP_ADDRESSES 32      /* entries walked in one CDP address TLV */
#define IOT_MAX_COAP_LINKS 32         /* link-format entries kept per CoAP payload (RFC 6690) */
#define IOT_MAX_COAP_LINK_PARAMS 32   /* ";name=value" parameters walked per link-format entry */
#define IOT_MAX_MODBUS_ADUS 64        /* MBAP-framed ADUs walked in one buffer of stream bytes */
#define IOT_MAX_MODBUS_OBJECTS 128    /* objects walked in one Read Device Identification reply */

#endif
