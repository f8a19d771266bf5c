/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BACnet/IP (ASHRAE 135 Annex J) datagram parser: BVLC, NPDU routing fields and the APDU type
 * and service, with the I-Am announcement (device instance, vendor) decoded for the passive
 * device inventory. */
#ifndef IOTSEC_APP_APP_BACNET_H
#define IOTSEC_APP_APP_BACNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_BACNET_BVLC_TYPE 0x81 /* BACnet/IP (Annex J) */
#define IOT_BACNET_BVLC_LEN 4     /* type, function, 16-bit length */
#define IOT_BACNET_ADDR_MAX 8     /* SADR bytes kept (MS/TP 1, B/IP 6, ...); more sets a flag */

/* BVLC functions (Annex J.2). */
#define IOT_BACNET_BVLC_RESULT 0x00
#define IOT_BACNET_BVLC_FORWARDED_NPDU 0x04
#define IOT_BACNET_BVLC_DISTRIBUTE_BROADCAST 0x09
#define IOT_BACNET_BVLC_UNICAST_NPDU 0x0A
#define IOT_BACNET_BVLC_BROADCAST_NPDU 0x0B
#define IOT_BACNET_BVLC_SECURE_BVLL 0x0C

/* APDU types (clause 20.1). */
#define IOT_BACNET_PDU_CONFIRMED 0
#define IOT_BACNET_PDU_UNCONFIRMED 1
#define IOT_BACNET_PDU_SIMPLE_ACK 2
#define IOT_BACNET_PDU_COMPLEX_ACK 3
#define IOT_BACNET_PDU_SEGMENT_ACK 4
#define IOT_BACNET_PDU_ERROR 5
#define IOT_BACNET_PDU_REJECT 6
#define IOT_BACNET_PDU_ABORT 7

/* Unconfirmed services (clause 21, BACnetUnconfirmedServiceChoice). */
#define IOT_BACNET_SVC_I_AM 0
#define IOT_BACNET_SVC_I_HAVE 1
#define IOT_BACNET_SVC_WHO_HAS 7
#define IOT_BACNET_SVC_WHO_IS 8

#define IOT_BACNET_OBJ_DEVICE 8                /* BACnetObjectType device */
#define IOT_BACNET_INSTANCE_WILDCARD 0x3FFFFFu /* 4194303: "this device" */

/* Why a datagram was rejected; each has a dotted counter name (iot_bacnet_error_name). */
enum iot_bacnet_error {
    IOT_BACNET_ERR_NONE = 0,
    IOT_BACNET_ERR_TRUNC,          /* shorter than the 4-byte BVLC header */
    IOT_BACNET_ERR_BAD_TYPE,       /* BVLC type is not 0x81 */
    IOT_BACNET_ERR_BAD_LEN,        /* BVLC length differs from the datagram length */
    IOT_BACNET_ERR_BAD_FUNCTION,   /* a BVLC function code no standard defines */
    IOT_BACNET_ERR_FWD_TRUNC,      /* Forwarded-NPDU without its 6-byte address */
    IOT_BACNET_ERR_NPDU_TRUNC,     /* the NPDU header or its addresses run past the end */
    IOT_BACNET_ERR_BAD_VERSION,    /* NPDU version is not 1 */
    IOT_BACNET_ERR_BAD_SLEN,       /* SNET present with SLEN 0 (clause 6.2.2 calls it invalid) */
    IOT_BACNET_ERR_APDU_TRUNC,     /* no APDU, or its fixed header is cut */
    IOT_BACNET_ERR_BAD_PDU_TYPE,   /* APDU type 8-15 */
    IOT_BACNET_ERR_IAM_MALFORMED,  /* I-Am arguments missing or not the four application tags */
    IOT_BACNET_ERR_IAM_NOT_DEVICE, /* I-Am object identifier is not a device object */
    IOT_BACNET_ERR_MAX
};

/* What one BACnet/IP datagram says. */
struct iot_bacnet_info {
    enum iot_bacnet_error error; /* IOT_BACNET_ERR_NONE iff the parse returned IOT_OK */

    /* BVLC. */
    uint8_t bvlc_function;
    uint16_t bvlc_length;
    bool has_forwarded_addr; /* Forwarded-NPDU: the original source's IPv4 address and port */
    uint8_t forwarded_addr[6];

    /* NPDU (clause 6.2). Only functions that carry one have it. */
    bool has_npdu;
    uint8_t npdu_control;
    bool is_network_msg; /* a network layer message: no APDU */
    uint8_t network_msg_type;
    bool has_dnet;
    uint16_t dnet; /* 0xFFFF: global broadcast */
    uint8_t dlen;  /* 0: broadcast on dnet */
    bool has_snet;
    uint16_t snet;
    uint8_t slen;
    uint8_t sadr[IOT_BACNET_ADDR_MAX]; /* the first min(slen, IOT_BACNET_ADDR_MAX) bytes */
    bool sadr_truncated;
    uint8_t hop_count; /* when has_dnet */

    /* APDU. */
    bool has_apdu;
    uint8_t pdu_type; /* IOT_BACNET_PDU_... */
    bool has_service; /* confirmed/unconfirmed request, simple/complex ACK */
    uint8_t service;  /* the service choice of that PDU type */

    /* I-Am (unconfirmed service 0). */
    bool is_iam;
    uint32_t device_instance; /* low 22 bits of the object identifier */
    uint16_t object_type;     /* high 10 bits; always IOT_BACNET_OBJ_DEVICE when accepted */
    uint32_t max_apdu;
    uint32_t segmentation; /* 0 both, 1 transmit, 2 receive, 3 none */
    uint32_t vendor_id;
    const char *vendor_name; /* from a small static table, or NULL when not in it */
};

/* Parses one BACnet/IP datagram (a whole UDP payload, exactly len bytes) into *out. Reads no
 * byte outside data[0..len), allocates nothing and keeps no state; safe from any thread.
 * Returns IOT_OK when the datagram is well formed as far as it is decoded (BVLC, NPDU, the
 * APDU header and an I-Am's arguments), IOT_ERR_INPUT when it is not (out->error says why;
 * the rest of *out is unspecified but safe to read), or IOT_ERR_USAGE when out is NULL. */
IOT_WARN_UNUSED int iot_bacnet_parse(const uint8_t *data, size_t len, struct iot_bacnet_info *out);

/* The dotted counter name of e ("app.bacnet.bad_len"); "app.bacnet.unknown" when out of
 * range. */
const char *iot_bacnet_error_name(enum iot_bacnet_error e);

/* The name of a BACnet vendor id from a small table of well-known ids (ASHRAE's vendor id
 * list), or NULL when the id is not in it. */
const char *iot_bacnet_vendor_name(uint32_t vendor_id);

#endif
