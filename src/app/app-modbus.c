/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Modbus/TCP parser: MBAP framing, the first function or exception, Read Device Identification. */
#include "iotsec-common.h"

#include "app/app-modbus.h"

#include "app/app-strbuf.h"
#include "util/limits.h"
#include "util/util-cursor.h"

#define MBAP_PROTOCOL_MODBUS 0
#define DEVID_REQ_LEN 2  /* read device id code, object id (after the MEI type) */
#define DEVID_RESP_MIN 5 /* code, conformity, more follows, next object id, number of objects */

/* An object value (a 1-byte length) always fits; counters are uint16_t. */
_Static_assert(IOT_MODBUS_OBJ_STR_MAX > 255, "object buffer");
_Static_assert(IOT_MAX_MODBUS_ADUS <= 65535 && IOT_MAX_MODBUS_OBJECTS <= 65535, "counters");

static const char *const modbus_error_names[IOT_MODBUS_ERR_MAX] = {
    [IOT_MODBUS_ERR_NONE] = "app.modbus.none",
    [IOT_MODBUS_ERR_TRUNC] = "app.modbus.trunc",
    [IOT_MODBUS_ERR_BAD_PROTO] = "app.modbus.bad_proto",
    [IOT_MODBUS_ERR_BAD_LEN] = "app.modbus.bad_len",
    [IOT_MODBUS_ERR_ADU_TRUNC] = "app.modbus.adu_trunc",
    [IOT_MODBUS_ERR_EXC_TRUNC] = "app.modbus.exc_trunc",
    [IOT_MODBUS_ERR_MEI_TRUNC] = "app.modbus.mei_trunc",
    [IOT_MODBUS_ERR_DEVID_LEN] = "app.modbus.devid_len",
    [IOT_MODBUS_ERR_OBJ_OVERRUN] = "app.modbus.obj_overrun",
    [IOT_MODBUS_ERR_OBJ_COUNT] = "app.modbus.obj_count",
};

static const char *const modbus_obj_names[IOT_MODBUS_OBJ_STD_COUNT] = {
    [IOT_MODBUS_OBJ_VENDOR_NAME] = "VendorName",
    [IOT_MODBUS_OBJ_PRODUCT_CODE] = "ProductCode",
    [IOT_MODBUS_OBJ_REVISION] = "MajorMinorRevision",
    [IOT_MODBUS_OBJ_VENDOR_URL] = "VendorUrl",
    [IOT_MODBUS_OBJ_PRODUCT_NAME] = "ProductName",
    [IOT_MODBUS_OBJ_MODEL_NAME] = "ModelName",
    [IOT_MODBUS_OBJ_USER_APP_NAME] = "UserApplicationName",
};

const char *iot_modbus_error_name(enum iot_modbus_error e)
{
    if ((unsigned)e >= IOT_MODBUS_ERR_MAX)
        return "app.modbus.unknown";
    return modbus_error_names[e];
}

const char *iot_modbus_obj_name(unsigned id)
{
    if (id >= IOT_MODBUS_OBJ_STD_COUNT)
        return NULL;
    return modbus_obj_names[id];
}

/* Reads an MBAP header and checks it. The length field bounds everything read from the ADU:
 * a value under 2 leaves no room for a function code, and one over 254 is larger than any
 * Modbus PDU (a sender using it to make a reader swallow the next ADU gains nothing). */
static enum iot_modbus_error mbap_read(struct iot_cur *c, uint16_t *tid, uint16_t *proto,
                                       uint16_t *alen, uint8_t *unit)
{
    if (!iot_cur_need(c, IOT_MODBUS_MBAP_LEN) || !iot_cur_u16be(c, tid) ||
        !iot_cur_u16be(c, proto) || !iot_cur_u16be(c, alen) || !iot_cur_u8(c, unit))
        return IOT_MODBUS_ERR_TRUNC;
    /* Any other protocol id is not Modbus: some other protocol on port 502. */
    if (*proto != MBAP_PROTOCOL_MODBUS)
        return IOT_MODBUS_ERR_BAD_PROTO;
    if (*alen < IOT_MODBUS_LEN_MIN || *alen > IOT_MODBUS_LEN_MAX)
        return IOT_MODBUS_ERR_BAD_LEN;
    return IOT_MODBUS_ERR_NONE;
}

/* The objects of a 43/14 response; p holds exactly what follows "number of objects". */
static enum iot_modbus_error devid_objects(struct iot_modbus_info *out, struct iot_cur *p)
{
    for (unsigned k = 0; k < out->num_objects; k++) {
        uint8_t id, olen;
        struct iot_cur v;

        if (k == IOT_MAX_MODBUS_OBJECTS) {
            out->objects_truncated = true;
            return IOT_MODBUS_ERR_NONE;
        }
        /* Fewer objects than announced: a cut or forged response. */
        if (!iot_cur_u8(p, &id) || !iot_cur_u8(p, &olen))
            return IOT_MODBUS_ERR_OBJ_COUNT;
        /* The device sets olen; the sub-cursor exists only if olen bytes are in this PDU, so
         * a value cannot be read from the next ADU or past the buffer. */
        if (!iot_cur_sub(p, olen, &v))
            return IOT_MODBUS_ERR_OBJ_OVERRUN;
        out->objects_read++;
        if (id >= IOT_MODBUS_OBJ_STD_COUNT) {
            out->other_objects++;
            continue;
        }
        if (out->obj[id].present) {
            out->obj_repeated = true;
            continue;
        }
        out->obj[id].present = true;
        iot_str_append(out->obj[id].value, sizeof(out->obj[id].value), &out->obj[id].len,
                       &out->obj[id].truncated, &v, olen);
    }
    /* Bytes after the announced objects would be hidden from anyone trusting the count. */
    if (iot_cur_left(p) != 0)
        return IOT_MODBUS_ERR_OBJ_COUNT;
    return IOT_MODBUS_ERR_NONE;
}

/* Function 43: the MEI type and, for type 14, the request or the response. The two differ
 * only in length (the function code is the same both ways): a request is 2 bytes after the
 * MEI type, a response at least 5. Requests of 3-4 bytes are taken as requests with padding:
 * real clients send them (suricata-verify's modbus.pcap has one), and the extra bytes are
 * not read as anything. */
static enum iot_modbus_error mei_pdu(struct iot_modbus_info *out, struct iot_cur *p)
{
    if (!iot_cur_u8(p, &out->mei_type))
        return IOT_MODBUS_ERR_MEI_TRUNC;
    out->has_mei = true;
    if (out->mei_type != IOT_MODBUS_MEI_DEVICE_ID)
        return IOT_MODBUS_ERR_NONE; /* 13 is CANopen General Reference: not parsed */
    if (iot_cur_left(p) >= DEVID_REQ_LEN && iot_cur_left(p) < DEVID_RESP_MIN) {
        out->is_devid_request = true;
        if (!iot_cur_u8(p, &out->req_device_id_code) || !iot_cur_u8(p, &out->req_object_id))
            return IOT_MODBUS_ERR_DEVID_LEN;
        return IOT_MODBUS_ERR_NONE;
    }
    if (iot_cur_left(p) < DEVID_REQ_LEN)
        return IOT_MODBUS_ERR_DEVID_LEN;
    out->is_devid_response = true;
    if (!iot_cur_u8(p, &out->device_id_code) || !iot_cur_u8(p, &out->conformity_level) ||
        !iot_cur_u8(p, &out->more_follows) || !iot_cur_u8(p, &out->next_object_id) ||
        !iot_cur_u8(p, &out->num_objects))
        return IOT_MODBUS_ERR_DEVID_LEN;
    return devid_objects(out, p);
}

int iot_modbus_parse(const uint8_t *data, size_t len, struct iot_modbus_info *out)
{
    struct iot_cur c, pdu;
    enum iot_modbus_error err = IOT_MODBUS_ERR_TRUNC;
    int rc = IOT_ERR_INPUT;

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (data == NULL)
        len = 0;
    c = iot_cur_init(data, len);

    err = mbap_read(&c, &out->transaction_id, &out->protocol_id, &out->length, &out->unit_id);
    if (err != IOT_MODBUS_ERR_NONE)
        goto out;
    /* The first ADU must be whole: its PDU is what the caller records. */
    if (!iot_cur_sub(&c, (size_t)out->length - 1, &pdu)) {
        err = IOT_MODBUS_ERR_ADU_TRUNC;
        goto out;
    }
    out->adu_count = 1;
    if (!iot_cur_u8(&pdu, &out->function_code)) {
        err = IOT_MODBUS_ERR_TRUNC; /* cannot happen: length >= 2 */
        goto out;
    }
    out->function = (uint8_t)(out->function_code & ~IOT_MODBUS_EXCEPTION);
    if (out->function_code & IOT_MODBUS_EXCEPTION) {
        out->is_exception = true;
        if (!iot_cur_u8(&pdu, &out->exception_code)) {
            err = IOT_MODBUS_ERR_EXC_TRUNC;
            goto out;
        }
    } else if (out->function_code == IOT_MODBUS_FC_MEI) {
        err = mei_pdu(out, &pdu);
        if (err != IOT_MODBUS_ERR_NONE)
            goto out;
    }

    /* Later ADUs are only framed: how many whole ones the buffer holds, and whether the
     * framing breaks (a stream that stops being Modbus). */
    while (iot_cur_left(&c) > 0) {
        uint16_t tid, proto, alen;
        uint8_t unit;
        enum iot_modbus_error e;

        if (out->adu_count == IOT_MAX_MODBUS_ADUS) {
            out->adus_truncated = true;
            break;
        }
        e = mbap_read(&c, &tid, &proto, &alen, &unit);
        if (e == IOT_MODBUS_ERR_TRUNC) {
            out->trailing_partial = true;
            break;
        }
        if (e != IOT_MODBUS_ERR_NONE) {
            out->trailing_invalid = true;
            break;
        }
        if (!iot_cur_skip(&c, (size_t)alen - 1)) {
            out->trailing_partial = true;
            break;
        }
        out->adu_count++;
    }
    err = IOT_MODBUS_ERR_NONE;
    rc = IOT_OK;
out:
    out->error = err;
    return rc;
}
