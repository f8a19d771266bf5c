/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MQTT CONNECT parser (3.1, 3.1.1, 5.0): fixed header, variable header and payload, password
 * measured but never copied. */
#include "iotsec-common.h"

#include "app/app-mqtt.h"

#include "app/app-strbuf.h"
#include "util/limits.h"
#include "util/util-cursor.h"

#define MQTT_TYPE_CONNECT 1

static const char *const mqtt_error_names[IOT_MQTT_ERR_MAX] = {
    [IOT_MQTT_ERR_NONE] = "app.mqtt.none",
    [IOT_MQTT_ERR_INCOMPLETE] = "app.mqtt.incomplete",
    [IOT_MQTT_ERR_NOT_CONNECT] = "app.mqtt.not_connect",
    [IOT_MQTT_ERR_BAD_FLAGS] = "app.mqtt.bad_flags",
    [IOT_MQTT_ERR_BAD_VARINT] = "app.mqtt.bad_varint",
    [IOT_MQTT_ERR_BAD_PROTOCOL] = "app.mqtt.bad_protocol",
    [IOT_MQTT_ERR_BAD_CONNECT_FLAGS] = "app.mqtt.bad_connect_flags",
    [IOT_MQTT_ERR_OVERRUN] = "app.mqtt.overrun",
    [IOT_MQTT_ERR_TRAILING] = "app.mqtt.trailing",
};

const char *iot_mqtt_error_name(enum iot_mqtt_error e)
{
    if ((unsigned)e >= IOT_MQTT_ERR_MAX)
        return "app.mqtt.unknown";
    return mqtt_error_names[e];
}

/* A variable byte integer (MQTT 3.1.1 2.2.3, 5.0 1.5.5): 7 bits per byte, low first, at most
 * IOT_MAX_MQTT_VARINT_BYTES bytes. Capping the bytes stops both an endless continuation run
 * and a shift past 28 bits. Returns NONE, BAD_VARINT (a 5th byte would be needed) or the
 * caller's choice `short_err` when the bytes end mid-integer; the cursor then is unchanged. */
static enum iot_mqtt_error mqtt_varint(struct iot_cur *c, uint32_t *v,
                                       enum iot_mqtt_error short_err)
{
    struct iot_cur t = *c;
    uint32_t val = 0;

    for (unsigned k = 0; k < IOT_MAX_MQTT_VARINT_BYTES; k++) {
        uint8_t b;
        if (!iot_cur_u8(&t, &b))
            return short_err;
        val |= (uint32_t)(b & 0x7F) << (7 * k);
        if ((b & 0x80) == 0) {
            *v = val;
            *c = t;
            return IOT_MQTT_ERR_NONE;
        }
    }
    return IOT_MQTT_ERR_BAD_VARINT;
}

/* Well-formed UTF-8 without U+0000 (MQTT 1.5.3): no overlong forms, no surrogates, nothing
 * past U+10FFFF. Reads only s[0..n). */
static bool mqtt_utf8_ok(const uint8_t *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        uint8_t b = s[i];
        size_t more;
        uint32_t cp;

        if (b == 0)
            return false;
        if (b < 0x80) {
            i++;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            more = 1;
            cp = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            more = 2;
            cp = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            more = 3;
            cp = b & 0x07;
        } else {
            return false;
        }
        if (more > n - i - 1)
            return false;
        for (size_t k = 1; k <= more; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += more + 1;
    }
    return true;
}

/* A length-prefixed field (string or binary data): its 16-bit length, then a sub-cursor over
 * it. False when the length runs past the packet (an attacker-set length must not move reads
 * into the next packet or past the buffer). */
static bool mqtt_field(struct iot_cur *body, uint16_t *n, struct iot_cur *v)
{
    return iot_cur_u16be(body, n) && iot_cur_sub(body, *n, v);
}

/* A UTF-8 string field copied (bounded) into dst. */
static bool mqtt_string(struct iot_cur *body, char *dst, size_t cap, uint16_t *len, bool *trunc,
                        bool *bad_utf8)
{
    uint16_t n;
    struct iot_cur v;

    if (!mqtt_field(body, &n, &v))
        return false;
    *bad_utf8 = !mqtt_utf8_ok(iot_cur_ptr(&v), n);
    iot_str_append(dst, cap, len, trunc, &v, n);
    return true;
}

/* MQTT 5 properties: a variable byte length, then that many bytes, skipped whole. */
static enum iot_mqtt_error mqtt_skip_props(struct iot_cur *body, uint32_t *plen)
{
    enum iot_mqtt_error e = mqtt_varint(body, plen, IOT_MQTT_ERR_OVERRUN);

    if (e != IOT_MQTT_ERR_NONE)
        return e;
    return iot_cur_skip(body, *plen) ? IOT_MQTT_ERR_NONE : IOT_MQTT_ERR_OVERRUN;
}

/* Protocol name and level: "MQIsdp" goes with 3 (MQTT 3.1), "MQTT" with 4 or 5. Anything else
 * is another protocol, or a version whose layout we would misread. */
static enum iot_mqtt_error mqtt_protocol(struct iot_cur *body, struct iot_mqtt_info *out)
{
    uint16_t n;
    struct iot_cur v;
    bool trunc = false;
    uint16_t plen = 0;

    if (!mqtt_field(body, &n, &v) || !iot_cur_u8(body, &out->protocol_level))
        return IOT_MQTT_ERR_OVERRUN;
    if (n == 4 && memcmp(iot_cur_ptr(&v), "MQTT", 4) == 0) {
        if (out->protocol_level != IOT_MQTT_V311 && out->protocol_level != IOT_MQTT_V5)
            return IOT_MQTT_ERR_BAD_PROTOCOL;
    } else if (n == 6 && memcmp(iot_cur_ptr(&v), "MQIsdp", 6) == 0) {
        if (out->protocol_level != IOT_MQTT_V31)
            return IOT_MQTT_ERR_BAD_PROTOCOL;
    } else {
        return IOT_MQTT_ERR_BAD_PROTOCOL;
    }
    iot_str_append(out->protocol_name, sizeof(out->protocol_name), &plen, &trunc, &v, n);
    return IOT_MQTT_ERR_NONE;
}

/* Connect flags (3.1.2.3): the reserved bit must be 0, will QoS 3 does not exist, and will
 * QoS/retain without a will are malformed (3.1.2-11, -13, -15). A server closes such a
 * connection, so these bytes are not a CONNECT it accepted. */
static bool mqtt_flags_ok(uint8_t f)
{
    uint8_t qos = (uint8_t)((f & IOT_MQTT_FLAG_WILL_QOS) >> 3);

    if (f & IOT_MQTT_FLAG_RESERVED)
        return false;
    if (qos == 3)
        return false;
    if (!(f & IOT_MQTT_FLAG_WILL) && (qos != 0 || (f & IOT_MQTT_FLAG_WILL_RETAIN)))
        return false;
    return true;
}

static enum iot_mqtt_error mqtt_connect(struct iot_cur *body, struct iot_mqtt_info *out)
{
    enum iot_mqtt_error e;
    uint8_t f;
    uint16_t n;
    struct iot_cur v;

    e = mqtt_protocol(body, out);
    if (e != IOT_MQTT_ERR_NONE)
        return e;
    if (!iot_cur_u8(body, &out->connect_flags) || !iot_cur_u16be(body, &out->keepalive))
        return IOT_MQTT_ERR_OVERRUN;
    f = out->connect_flags;
    if (!mqtt_flags_ok(f))
        return IOT_MQTT_ERR_BAD_CONNECT_FLAGS;
    out->clean_session = (f & IOT_MQTT_FLAG_CLEAN) != 0;
    out->has_will = (f & IOT_MQTT_FLAG_WILL) != 0;
    out->will_qos = (uint8_t)((f & IOT_MQTT_FLAG_WILL_QOS) >> 3);
    out->will_retain = (f & IOT_MQTT_FLAG_WILL_RETAIN) != 0;
    out->has_username = (f & IOT_MQTT_FLAG_USERNAME) != 0;
    out->password_present = (f & IOT_MQTT_FLAG_PASSWORD) != 0;
    out->password_without_username = out->password_present && !out->has_username;

    if (out->protocol_level == IOT_MQTT_V5) {
        e = mqtt_skip_props(body, &out->properties_len);
        if (e != IOT_MQTT_ERR_NONE)
            return e;
    }
    /* Payload, in this order (3.1.3): client id, will (properties, topic, message), username,
     * password. */
    if (!mqtt_string(body, out->client_id, sizeof(out->client_id), &out->client_id_len,
                     &out->client_id_truncated, &out->client_id_bad_utf8))
        return IOT_MQTT_ERR_OVERRUN;
    if (out->has_will) {
        if (out->protocol_level == IOT_MQTT_V5) {
            e = mqtt_skip_props(body, &out->will_properties_len);
            if (e != IOT_MQTT_ERR_NONE)
                return e;
        }
        if (!mqtt_field(body, &out->will_topic_len, &v) ||
            !mqtt_field(body, &out->will_message_len, &v))
            return IOT_MQTT_ERR_OVERRUN;
    }
    if (out->has_username &&
        !mqtt_string(body, out->username, sizeof(out->username), &out->username_len,
                     &out->username_truncated, &out->username_bad_utf8))
        return IOT_MQTT_ERR_OVERRUN;
    if (out->password_present) {
        /* Only the length and where the bytes lie are kept: they are never copied anywhere. */
        if (!mqtt_field(body, &n, &v))
            return IOT_MQTT_ERR_OVERRUN;
        out->password_len = n;
        out->password = v.base + v.off;
    }
    /* Bytes after the last field would ride inside an accepted CONNECT unseen. */
    if (iot_cur_left(body) != 0)
        return IOT_MQTT_ERR_TRAILING;
    return IOT_MQTT_ERR_NONE;
}

int iot_mqtt_parse(const uint8_t *data, size_t len, struct iot_mqtt_info *out)
{
    struct iot_cur c, body;
    uint8_t b0;
    uint32_t rl;
    enum iot_mqtt_error err = IOT_MQTT_ERR_INCOMPLETE;
    int rc = IOT_ERR_INPUT;

    if (out == NULL)
        return IOT_ERR_USAGE;
    memset(out, 0, sizeof(*out));
    if (data == NULL)
        len = 0;
    c = iot_cur_init(data, len);

    if (!iot_cur_u8(&c, &b0))
        goto out;
    if (b0 >> 4 != MQTT_TYPE_CONNECT) {
        err = IOT_MQTT_ERR_NOT_CONNECT;
        goto out;
    }
    /* 3.1.1 2.2.2: CONNECT's fixed-header flags are reserved and 0. */
    if ((b0 & 0x0F) != 0) {
        err = IOT_MQTT_ERR_BAD_FLAGS;
        goto out;
    }
    /* Bytes ending mid-varint are a stream not yet all here, not a malformed one. */
    err = mqtt_varint(&c, &rl, IOT_MQTT_ERR_INCOMPLETE);
    if (err != IOT_MQTT_ERR_NONE)
        goto out;
    out->remaining_len = rl;
    /* At most 1 + 4 + 268435455: no overflow. */
    out->packet_len = (uint32_t)c.off + rl;
    /* The packet is all there or the caller waits: it is never parsed from a prefix. */
    if (!iot_cur_sub(&c, rl, &body)) {
        err = IOT_MQTT_ERR_INCOMPLETE;
        goto out;
    }
    err = mqtt_connect(&body, out);
    if (err != IOT_MQTT_ERR_NONE)
        goto out;
    rc = IOT_OK;
out:
    out->error = err;
    return rc;
}
