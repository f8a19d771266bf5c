/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as the start of an MQTT client stream, with the info
 * invariants checked, including that the password bytes leave no trace in the info struct. */
/* Target: src/app/app-mqtt.c */
#include "iotsec-common.h"

#include "fuzz_app_common.h"

#include "app/app-mqtt.h"
#include "util/limits.h"

/* What a caller would buffer of a stream before giving up on a CONNECT. */
#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s[0..cap) holds a NUL at len: the string is terminated in its array. */
static void check_str(const char *s, size_t cap, uint16_t len)
{
    if (len >= cap || s[len] != '\0')
        abort();
}

/* The password is the packet's last field: its bytes end at packet_len. Flipping every one of
 * them must leave the info struct byte for byte the same but for the pointer to where they lie
 * (at the same offset); any other difference means some of the password reached it. */
static void check_password(const struct iot_mqtt_info *i, const uint8_t *buf, size_t size)
{
    static struct iot_mqtt_info c;
    uint8_t *flip;

    if (!i->password_present || i->password_len == 0)
        return;
    flip = malloc(size);
    if (flip == NULL)
        return;
    memcpy(flip, buf, size);
    for (size_t k = i->packet_len - i->password_len; k < i->packet_len; k++)
        flip[k] ^= 0xFF;
    memset(&c, 0x3C, sizeof(c));
    if (iot_mqtt_parse(flip, size, &c) != IOT_OK)
        abort();
    /* The one thing allowed to differ: where the password lies, in either buffer. */
    if (i->password == NULL || c.password - flip != i->password - buf)
        abort();
    c.password = i->password;
    if (memcmp(i, &c, sizeof(c)) != 0)
        abort();
    free(flip);
}

static void check(const struct iot_mqtt_info *i, int rc, const uint8_t *buf, size_t size)
{
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if ((unsigned)i->error >= IOT_MQTT_ERR_MAX)
        abort();
    if ((rc == IOT_OK) != (i->error == IOT_MQTT_ERR_NONE))
        abort();
    if (strncmp(iot_mqtt_error_name(i->error), "app.mqtt.", 9) != 0)
        abort();
    if (i->remaining_len > 268435455u)
        abort();
    check_str(i->client_id, sizeof(i->client_id), i->client_id_len);
    check_str(i->username, sizeof(i->username), i->username_len);
    if (memchr(i->protocol_name, '\0', sizeof(i->protocol_name)) == NULL)
        abort();
    if (rc != IOT_OK)
        return;
    if (i->packet_len > size || i->packet_len < 2 + i->remaining_len)
        abort();
    if (i->connect_flags & IOT_MQTT_FLAG_RESERVED)
        abort();
    if (i->protocol_level < IOT_MQTT_V31 || i->protocol_level > IOT_MQTT_V5)
        abort();
    if (i->will_qos > 2 || (i->password_len && !i->password_present))
        abort();
    if (i->password_len > i->remaining_len)
        abort();
    check_password(i, buf, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    IOT_FUZZ_PARSE_TWICE(iot_mqtt_info, iot_mqtt_parse, data, size, FUZZ_MAX_INPUT,
                         check(&a, rc, buf, size_));
    return 0;
}
