/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BACnet/IP datagram parser: BVLC, NPDU, APDU header and the I-Am service. */
#include "iotsec-common.h"

#include "app/app-bacnet.h"

#include "util/util-cursor.h"

#define NPDU_VERSION 1
#define NPDU_NETWORK_MSG 0x80 /* control bit 7: a network layer message, not an APDU */
#define NPDU_DNET 0x20        /* control bit 5: DNET, DLEN, DADR and a hop count follow */
#define NPDU_SNET 0x08        /* control bit 3: SNET, SLEN, SADR follow */
#define NPDU_VENDOR_MSG 0x80  /* network message types 0x80-0xFF carry a vendor id */

#define APDU_SEG 0x08 /* segmented-message bit of a confirmed request or complex ACK */

#define TAG_UNSIGNED 2
#define TAG_ENUMERATED 9
#define TAG_OBJECT_ID 12
#define TAG_CONTEXT 0x08
#define OBJECT_ID_LEN 4

/* Vendor ids from ASHRAE's BACnet vendor id list (as mirrored by Wireshark's BACnet
 * dissector). Only ids checked against that list are here; the rest stay numbers. */
static const struct {
    uint16_t id;
    const char *name;
} bacnet_vendors[] = {
    {0, "ASHRAE"},
    {1, "NIST"},
    {2, "The Trane Company"},
    {5, "Johnson Controls, Inc."},
    {7, "Siemens Building Technologies (Landis & Staefa Division Europe)"},
    {8, "Delta Controls"},
    {9, "Siemens Building Technologies, Inc."},
    {15, "Cornell University"},
    {17, "Honeywell Inc."},
    {24, "Automated Logic Corporation"},
    {28, "KMC Controls, Inc."},
    {35, "Reliable Controls Corporation"},
    {36, "Tridium Inc."},
    {245, "Contemporary Control Systems, Inc."},
    {260, "BACnet Stack at SourceForge"},
    {364, "Distech Controls Inc."},
};

static const char *const bacnet_error_names[IOT_BACNET_ERR_MAX] = {
    [IOT_BACNET_ERR_NONE] = "app.bacnet.none",
    [IOT_BACNET_ERR_TRUNC] = "app.bacnet.trunc",
    [IOT_BACNET_ERR_BAD_TYPE] = "app.bacnet.bad_type",
    [IOT_BACNET_ERR_BAD_LEN] = "app.bacnet.bad_len",
    [IOT_BACNET_ERR_BAD_FUNCTION] = "app.bacnet.bad_function",
    [IOT_BACNET_ERR_FWD_TRUNC] = "app.bacnet.fwd_trunc",
    [IOT_BACNET_ERR_NPDU_TRUNC] = "app.bacnet.npdu_trunc",
    [IOT_BACNET_ERR_BAD_VERSION] = "app.bacnet.bad_version",
    [IOT_BACNET_ERR_BAD_SLEN] = "app.bacnet.bad_slen",
    [IOT_BACNET_ERR_APDU_TRUNC] = "app.bacnet.apdu_trunc",
    [IOT_BACNET_ERR_BAD_PDU_TYPE] = "app.bacnet.bad_pdu_type",
    [IOT_BACNET_ERR_IAM_MALFORMED] = "app.bacnet.iam_malformed",
    [IOT_BACNET_ERR_IAM_NOT_DEVICE] = "app.bacnet.iam_not_device",
};

const char *iot_bacnet_error_name(enum iot_bacnet_error e)
{
    if ((unsigned)e >= IOT_BACNET_ERR_MAX)
        return "app.bacnet.unknown";
    return bacnet_error_names[e];
}

const char *iot_bacnet_vendor_name(uint32_t vendor_id)
{
    for (size_t k = 0; k < sizeof(bacnet_vendors) / sizeof(bacnet_vendors[0]); k++)
        if (bacnet_vendors[k].id == vendor_id)
            return bacnet_vendors[k].name;
    return NULL;
}

/* One application-tagged primitive of type want with a 1-4 byte value (clause 20.2.1): v
 * covers the value. A context tag, another type, or an extended length is refused: none of
 * the I-Am arguments needs them, and accepting them would let any byte pass as a value. */
static bool app_tag(struct iot_cur *c, uint8_t want, struct iot_cur *v)
{
    uint8_t t, lvt;

    if (!iot_cur_u8(c, &t))
        return false;
    lvt = (uint8_t)(t & 7);
    if (t >> 4 != want || (t & TAG_CONTEXT) || lvt == 0 || lvt > 4)
        return false;
    return iot_cur_sub(c, lvt, v);
}

/* A big-endian value of the 1-4 bytes in v. */
static uint32_t be_uint(struct iot_cur *v)
{
    uint32_t x = 0;
    uint8_t b;

    while (iot_cur_u8(v, &b))
        x = x << 8 | b;
    return x;
}

/* I-Am-Request (clause 16.10.2): object identifier, max APDU length accepted, segmentation
 * supported, vendor id, each application-tagged, in that order. */
static enum iot_bacnet_error iam(struct iot_bacnet_info *out, struct iot_cur *c)
{
    struct iot_cur v;
    uint32_t oid;

    out->is_iam = true;
    if (!app_tag(c, TAG_OBJECT_ID, &v) || iot_cur_left(&v) != OBJECT_ID_LEN)
        return IOT_BACNET_ERR_IAM_MALFORMED;
    oid = be_uint(&v);
    out->object_type = (uint16_t)(oid >> 22);
    out->device_instance = oid & IOT_BACNET_INSTANCE_WILDCARD;
    /* Only a device announces itself; another object type here is a forged or broken
     * message whose "instance" must not name a device in the inventory. */
    if (out->object_type != IOT_BACNET_OBJ_DEVICE)
        return IOT_BACNET_ERR_IAM_NOT_DEVICE;
    if (!app_tag(c, TAG_UNSIGNED, &v))
        return IOT_BACNET_ERR_IAM_MALFORMED;
    out->max_apdu = be_uint(&v);
    if (!app_tag(c, TAG_ENUMERATED, &v))
        return IOT_BACNET_ERR_IAM_MALFORMED;
    out->segmentation = be_uint(&v);
    if (!app_tag(c, TAG_UNSIGNED, &v))
        return IOT_BACNET_ERR_IAM_MALFORMED;
    out->vendor_id = be_uint(&v);
    out->vendor_name = iot_bacnet_vendor_name(out->vendor_id);
    return IOT_BACNET_ERR_NONE;
}

/* The APDU's fixed header (clause 20.1) up to its service choice, and an I-Am. */
static enum iot_bacnet_error apdu(struct iot_bacnet_info *out, struct iot_cur *c)
{
    uint8_t b0, skip = 0;

    if (!iot_cur_u8(c, &b0))
        return IOT_BACNET_ERR_APDU_TRUNC;
    out->has_apdu = true;
    out->pdu_type = (uint8_t)(b0 >> 4);
    switch (out->pdu_type) {
    case IOT_BACNET_PDU_CONFIRMED:
        /* Max segments/max APDU, invoke id, then sequence number and window when SEG. */
        skip = (b0 & APDU_SEG) ? 4 : 2;
        break;
    case IOT_BACNET_PDU_UNCONFIRMED:
        skip = 0;
        break;
    case IOT_BACNET_PDU_SIMPLE_ACK:
        skip = 1; /* invoke id */
        break;
    case IOT_BACNET_PDU_COMPLEX_ACK:
        skip = (b0 & APDU_SEG) ? 3 : 1;
        break;
    case IOT_BACNET_PDU_SEGMENT_ACK:
    case IOT_BACNET_PDU_ERROR:
    case IOT_BACNET_PDU_REJECT:
    case IOT_BACNET_PDU_ABORT:
        return IOT_BACNET_ERR_NONE;
    default:
        return IOT_BACNET_ERR_BAD_PDU_TYPE; /* 8-15 are reserved */
    }
    if (!iot_cur_skip(c, skip) || !iot_cur_u8(c, &out->service))
        return IOT_BACNET_ERR_APDU_TRUNC;
    out->has_service = true;
    if (out->pdu_type == IOT_BACNET_PDU_UNCONFIRMED && out->service == IOT_BACNET_SVC_I_AM)
        return iam(out, c);
    return IOT_BACNET_ERR_NONE;
}

/* The NPDU header (clause 6.2): version, control, the addresses the control bits announce and
 * the hop count. Every length comes from the sender and is checked against what is left. */
static enum iot_bacnet_error npdu(struct iot_bacnet_info *out, struct iot_cur *c)
{
    uint8_t version;

    if (!iot_cur_u8(c, &version) || !iot_cur_u8(c, &out->npdu_control))
        return IOT_BACNET_ERR_NPDU_TRUNC;
    /* Any other version is not a BACnet NPDU: an APDU sent bare, or another protocol. */
    if (version != NPDU_VERSION)
        return IOT_BACNET_ERR_BAD_VERSION;
    out->has_npdu = true;
    if (out->npdu_control & NPDU_DNET) {
        out->has_dnet = true;
        if (!iot_cur_u16be(c, &out->dnet) || !iot_cur_u8(c, &out->dlen) ||
            !iot_cur_skip(c, out->dlen))
            return IOT_BACNET_ERR_NPDU_TRUNC;
    }
    if (out->npdu_control & NPDU_SNET) {
        size_t keep;
        out->has_snet = true;
        if (!iot_cur_u16be(c, &out->snet) || !iot_cur_u8(c, &out->slen))
            return IOT_BACNET_ERR_NPDU_TRUNC;
        /* A source address of no bytes cannot be answered; clause 6.2.2 calls it invalid. */
        if (out->slen == 0)
            return IOT_BACNET_ERR_BAD_SLEN;
        keep = out->slen < IOT_BACNET_ADDR_MAX ? out->slen : IOT_BACNET_ADDR_MAX;
        out->sadr_truncated = out->slen > IOT_BACNET_ADDR_MAX;
        if (!iot_cur_need(c, out->slen) || !iot_cur_bytes(c, out->sadr, keep) ||
            !iot_cur_skip(c, out->slen - keep))
            return IOT_BACNET_ERR_NPDU_TRUNC;
    }
    if (out->has_dnet && !iot_cur_u8(c, &out->hop_count))
        return IOT_BACNET_ERR_NPDU_TRUNC;
    if (out->npdu_control & NPDU_NETWORK_MSG) {
        uint16_t vendor;
        out->is_network_msg = true;
        if (!iot_cur_u8(c, &out->network_msg_type))
            return IOT_BACNET_ERR_NPDU_TRUNC;
        if (out->network_msg_type >= NPDU_VENDOR_MSG && !iot_cur_u16be(c, &vendor))
            return IOT_BACNET_ERR_NPDU_TRUNC;
        return IOT_BACNET_ERR_NONE;
    }
    return apdu(out, c);
}

int iot_bacnet_parse(const uint8_t *data, size_t len, struct iot_bacnet_info *out)
{
    struct iot_cur c;
    uint8_t type;
    enum iot_bacnet_error err = IOT_BACNET_ERR_TRUNC;
    int rc = IOT_ERR_INPUT;

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (data == NULL)
        len = 0;
    c = iot_cur_init(data, len);

    if (!iot_cur_u8(&c, &type) || !iot_cur_u8(&c, &out->bvlc_function) ||
        !iot_cur_u16be(&c, &out->bvlc_length))
        goto out;
    if (type != IOT_BACNET_BVLC_TYPE) {
        err = IOT_BACNET_ERR_BAD_TYPE;
        goto out;
    }
    /* Annex J.2: the length covers the whole datagram. A mismatch is a cut or padded
     * datagram, or another protocol on the port; either way nothing after it is trusted. */
    if (out->bvlc_length != len) {
        err = IOT_BACNET_ERR_BAD_LEN;
        goto out;
    }
    switch (out->bvlc_function) {
    case IOT_BACNET_BVLC_FORWARDED_NPDU:
        if (!iot_cur_bytes(&c, out->forwarded_addr, sizeof(out->forwarded_addr))) {
            err = IOT_BACNET_ERR_FWD_TRUNC;
            goto out;
        }
        out->has_forwarded_addr = true;
        err = npdu(out, &c);
        break;
    case IOT_BACNET_BVLC_DISTRIBUTE_BROADCAST:
    case IOT_BACNET_BVLC_UNICAST_NPDU:
    case IOT_BACNET_BVLC_BROADCAST_NPDU:
        err = npdu(out, &c);
        break;
    default:
        /* BBMD and foreign-device management (0x00-0x08 but 0x04) and Secure-BVLL carry no
         * NPDU to decode; anything above 0x0C is not defined. */
        err = out->bvlc_function <= IOT_BACNET_BVLC_SECURE_BVLL ? IOT_BACNET_ERR_NONE
                                                                : IOT_BACNET_ERR_BAD_FUNCTION;
        break;
    }
    if (err != IOT_BACNET_ERR_NONE)
        goto out;
    rc = IOT_OK;
out:
    out->error = err;
    return rc;
}
