/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Modbus/TCP parser: the MBAP framing of one direction's first stream bytes, the first ADU's
 * function (or exception), and what a device says about itself in a Read Device
 * Identification response (function 43, MEI type 14) for the passive device inventory. */
#ifndef IOTSEC_APP_APP_MODBUS_H
#define IOTSEC_APP_APP_MODBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_MODBUS_MBAP_LEN 7       /* transaction id, protocol id, length, unit id */
#define IOT_MODBUS_LEN_MIN 2        /* the length field counts the unit id and the PDU */
#define IOT_MODBUS_LEN_MAX 254      /* unit id and the 253-byte maximum PDU */
#define IOT_MODBUS_FC_MEI 43        /* Encapsulated Interface Transport */
#define IOT_MODBUS_MEI_DEVICE_ID 14 /* Read Device Identification */
#define IOT_MODBUS_EXCEPTION 0x80   /* set in the function code of an exception response */
#define IOT_MODBUS_OBJ_STR_MAX 256  /* one object value (at most 255 bytes) and the NUL */

/* Standard objects (Modbus Application Protocol V1.1b3 6.21): basic 0-2, regular 3-6. */
enum iot_modbus_obj {
    IOT_MODBUS_OBJ_VENDOR_NAME = 0,
    IOT_MODBUS_OBJ_PRODUCT_CODE = 1,
    IOT_MODBUS_OBJ_REVISION = 2, /* MajorMinorRevision */
    IOT_MODBUS_OBJ_VENDOR_URL = 3,
    IOT_MODBUS_OBJ_PRODUCT_NAME = 4,
    IOT_MODBUS_OBJ_MODEL_NAME = 5,
    IOT_MODBUS_OBJ_USER_APP_NAME = 6,
    IOT_MODBUS_OBJ_STD_COUNT
};

/* Why the bytes were rejected; each has a dotted counter name (iot_modbus_error_name). */
enum iot_modbus_error {
    IOT_MODBUS_ERR_NONE = 0,
    IOT_MODBUS_ERR_TRUNC,       /* shorter than an MBAP header and a function code */
    IOT_MODBUS_ERR_BAD_PROTO,   /* protocol id is not 0 */
    IOT_MODBUS_ERR_BAD_LEN,     /* length field outside 2..254 */
    IOT_MODBUS_ERR_ADU_TRUNC,   /* the first ADU's length runs past the bytes given */
    IOT_MODBUS_ERR_EXC_TRUNC,   /* an exception response without its exception code */
    IOT_MODBUS_ERR_MEI_TRUNC,   /* a function 43 PDU without its MEI type */
    IOT_MODBUS_ERR_DEVID_LEN,   /* a 43/14 PDU too short for a request */
    IOT_MODBUS_ERR_OBJ_OVERRUN, /* a device id object's length runs past the PDU */
    IOT_MODBUS_ERR_OBJ_COUNT,   /* fewer objects than "number of objects", or bytes after them */
    IOT_MODBUS_ERR_MAX
};

/* One device identification object value: raw bytes, NUL-terminated. An object is at most 255
 * bytes, so truncated stays false; it is kept for the string contract (R7). */
struct iot_modbus_obj_str {
    bool present;
    char value[IOT_MODBUS_OBJ_STR_MAX];
    uint16_t len;
    bool truncated;
};

/* What the first bytes of one direction of a Modbus/TCP stream say. */
struct iot_modbus_info {
    enum iot_modbus_error error; /* IOT_MODBUS_ERR_NONE iff the parse returned IOT_OK */

    /* The first ADU: its MBAP header and function. */
    uint16_t transaction_id;
    uint16_t protocol_id; /* always 0 when accepted */
    uint16_t length;      /* unit id + PDU bytes */
    uint8_t unit_id;
    uint8_t function_code; /* as sent, with the exception bit */
    uint8_t function;      /* function_code without the exception bit */
    bool is_exception;
    uint8_t exception_code;

    /* ADUs framed in the buffer (the first included), at most IOT_MAX_MODBUS_ADUS. */
    uint16_t adu_count;
    bool adus_truncated;   /* IOT_MAX_MODBUS_ADUS reached: the rest was not framed */
    bool trailing_partial; /* a later ADU is cut by the end of the buffer (normal for a stream) */
    bool trailing_invalid; /* a later ADU has a bad protocol id or length: framing stopped */

    /* Function 43 (or its exception 0xAB): the MEI type. */
    bool has_mei;
    uint8_t mei_type;

    /* A 43/14 request (a 4-byte PDU, or 5-6 with padding): what was asked. */
    bool is_devid_request;
    uint8_t req_device_id_code; /* 1 basic, 2 regular, 3 extended, 4 one object */
    uint8_t req_object_id;

    /* A 43/14 response. */
    bool is_devid_response;
    uint8_t device_id_code;
    uint8_t conformity_level; /* 0x01-0x03, or 0x81-0x83 with individual access */
    uint8_t more_follows;     /* 0x00 or 0xFF, as sent */
    uint8_t next_object_id;
    uint8_t num_objects; /* as announced */
    uint16_t objects_read;
    bool objects_truncated; /* IOT_MAX_MODBUS_OBJECTS reached: the rest unread */
    bool obj_repeated;      /* a standard object id appeared twice; the first is kept */
    uint16_t other_objects; /* reserved (7-0x7F) and private (0x80-0xFF) objects seen */
    struct iot_modbus_obj_str obj[IOT_MODBUS_OBJ_STD_COUNT]; /* indexed by enum iot_modbus_obj */
};

/* Parses the first bytes of one direction of a Modbus/TCP stream (exactly len bytes, starting
 * at an ADU boundary) into *out. The first ADU must be whole; later ones are only framed.
 * Reads no byte outside data[0..len), allocates nothing and keeps no state; safe from any
 * thread. Returns IOT_OK when the first ADU is well formed, IOT_ERR_INPUT when it is not
 * (out->error says why; the rest of *out is unspecified but safe to read), or IOT_ERR_USAGE
 * when out is NULL. */
IOT_WARN_UNUSED int iot_modbus_parse(const uint8_t *data, size_t len, struct iot_modbus_info *out);

/* The dotted counter name of e ("app.modbus.bad_proto"); "app.modbus.unknown" when out of
 * range. */
const char *iot_modbus_error_name(enum iot_modbus_error e);

/* A short name of standard object id ("VendorName"), or NULL when id is not 0-6. */
const char *iot_modbus_obj_name(unsigned id);

#endif
