/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MQTT CONNECT parser (MQTT 3.1, 3.1.1 and 5.0): what a client says when it logs in to its
 * broker (protocol version, client identifier, username), without keeping its password. */
#ifndef IOTSEC_APP_APP_MQTT_H
#define IOTSEC_APP_APP_MQTT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_MQTT_STR_MAX 256 /* client identifier and username: bytes kept, and the NUL */
#define IOT_MQTT_PROTO_MAX 8 /* "MQTT" or "MQIsdp", and the NUL */

/* Protocol levels (the byte after the protocol name). */
#define IOT_MQTT_V31 3  /* "MQIsdp" */
#define IOT_MQTT_V311 4 /* "MQTT" */
#define IOT_MQTT_V5 5   /* "MQTT" */

/* CONNECT flag bits (MQTT 3.1.1 3.1.2.3, MQTT 5.0 3.1.2.3). */
#define IOT_MQTT_FLAG_RESERVED 0x01
#define IOT_MQTT_FLAG_CLEAN 0x02
#define IOT_MQTT_FLAG_WILL 0x04
#define IOT_MQTT_FLAG_WILL_QOS 0x18
#define IOT_MQTT_FLAG_WILL_RETAIN 0x20
#define IOT_MQTT_FLAG_PASSWORD 0x40
#define IOT_MQTT_FLAG_USERNAME 0x80

/* Why the bytes were rejected; each has a dotted counter name (iot_mqtt_error_name). */
enum iot_mqtt_error {
    IOT_MQTT_ERR_NONE = 0,
    IOT_MQTT_ERR_INCOMPLETE,        /* the packet is not all there yet: wait for more bytes */
    IOT_MQTT_ERR_NOT_CONNECT,       /* the first packet is not a CONNECT (type 1) */
    IOT_MQTT_ERR_BAD_FLAGS,         /* fixed-header flags of a CONNECT are not 0 */
    IOT_MQTT_ERR_BAD_VARINT,        /* a length varint runs past its 4 bytes */
    IOT_MQTT_ERR_BAD_PROTOCOL,      /* not "MQTT" level 4/5 nor "MQIsdp" level 3 */
    IOT_MQTT_ERR_BAD_CONNECT_FLAGS, /* reserved bit set, will QoS 3, will QoS/retain without
                                     * a will */
    IOT_MQTT_ERR_OVERRUN,           /* a field (name, string, properties) runs past the packet */
    IOT_MQTT_ERR_TRAILING,          /* bytes left inside the packet after its last field */
    IOT_MQTT_ERR_MAX
};

/* What one CONNECT says. Strings hold the raw bytes (any byte; <field>_len counts them),
 * always NUL-terminated, with <field>_truncated set when the value did not fit, and
 * <field>_bad_utf8 when they are not well-formed UTF-8 or hold U+0000 (MQTT 1.5.3 forbids
 * both; the bytes are kept either way).
 *
 * The password is never copied: only that it was there and its length. A later stage may
 * mask or hash it from the packet itself; nothing in this struct can leak it. */
struct iot_mqtt_info {
    enum iot_mqtt_error error; /* IOT_MQTT_ERR_NONE iff the parse returned IOT_OK */

    /* The packet's size: the fixed header and the remaining length. Set as soon as the
     * remaining length is known, so with IOT_MQTT_ERR_INCOMPLETE the caller knows how many
     * bytes to wait for (remaining_len can be up to 268435455: the caller caps its buffer). */
    uint32_t remaining_len;
    uint32_t packet_len;

    char protocol_name[IOT_MQTT_PROTO_MAX]; /* "MQTT" or "MQIsdp" */
    uint8_t protocol_level;                 /* IOT_MQTT_V31, _V311 or _V5 */
    uint8_t connect_flags;                  /* as sent; IOT_MQTT_FLAG_* */
    bool clean_session;
    uint16_t keepalive; /* seconds */

    uint32_t properties_len; /* MQTT 5 CONNECT properties (skipped) */

    char client_id[IOT_MQTT_STR_MAX]; /* may be empty (legal: the broker assigns one) */
    uint16_t client_id_len;
    bool client_id_truncated;
    bool client_id_bad_utf8;

    bool has_will;
    uint8_t will_qos;
    bool will_retain;
    uint32_t will_properties_len; /* MQTT 5 */
    uint16_t will_topic_len;      /* the will topic and message are skipped */
    uint16_t will_message_len;

    bool has_username; /* often names the vendor account or the device */
    char username[IOT_MQTT_STR_MAX];
    uint16_t username_len;
    bool username_truncated;
    bool username_bad_utf8;

    bool password_present;
    uint16_t password_len;
    /* The password's bytes where they lie in the parsed data: valid only while that buffer is,
     * for a check against default credentials and a keyed hash. Never copy them. */
    const uint8_t *password;
    bool password_without_username; /* MQTT 3.1.1 3.1.2-22 forbids it; 5.0 allows it */
};

/* Parses the CONNECT at the start of a client-to-server stream (data: the first len in-order
 * bytes; bytes after the CONNECT are ignored) into *out. Reads no byte outside data[0..len),
 * allocates nothing and keeps no state; safe from any thread.
 * Returns IOT_OK when a whole, well-formed CONNECT is there (some fields may be truncated),
 * IOT_ERR_INPUT when it is not (out->error says why: IOT_MQTT_ERR_INCOMPLETE means "call again
 * with more bytes", anything else that this is not an MQTT CONNECT; the rest of *out is
 * unspecified but safe to read), or IOT_ERR_USAGE when out is NULL. */
IOT_WARN_UNUSED int iot_mqtt_parse(const uint8_t *data, size_t len, struct iot_mqtt_info *out);

/* The dotted counter name of e ("app.mqtt.bad_varint"); "app.mqtt.unknown" when out of
 * range. */
const char *iot_mqtt_error_name(enum iot_mqtt_error e);

#endif
