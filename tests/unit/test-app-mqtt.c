/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MQTT CONNECT parser: real CONNECTs (MQTT 3.1, 3.1.1, 5.0) from suricata-verify, nDPI, Arkime
 * and Zeek test captures with exact field values, their negative twins (short, lengths off by
 * one, zero length, garbage), the hostile cases (5-byte varint, remaining length past the end,
 * string past the packet, reserved flag) and the password that must never be copied. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "app/app-mqtt.h"
#include "util/limits.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* suricata-verify/mqtt311-pub-userpass/input.pcap packet 4 (test.yaml: protocol_version 4,
 * client_id myvoiceismypassport, username user, password pass). Offsets: 1 remaining length,
 * 2 name length, 8 level, 9 flags, 10 keepalive, 12 client id length, 33 username length,
 * 39 password length, 41 password. */
static const uint8_t sv_v311[] = {
    0x10, 0x2b, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0xc2, 0x00, 0x3c, 0x00, 0x13, 0x6d,
    0x79, 0x76, 0x6f, 0x69, 0x63, 0x65, 0x69, 0x73, 0x6d, 0x79, 0x70, 0x61, 0x73, 0x73, 0x70,
    0x6f, 0x72, 0x74, 0x00, 0x04, 0x75, 0x73, 0x65, 0x72, 0x00, 0x04, 0x70, 0x61, 0x73, 0x73,
};
/* suricata-verify/mqtt31-pub-userpass/input.pcap packet 4: "MQIsdp" level 3. */
static const uint8_t sv_v31[] = {
    0x10, 0x2d, 0x00, 0x06, 0x4d, 0x51, 0x49, 0x73, 0x64, 0x70, 0x03, 0xc2, 0x00, 0x3c, 0x00, 0x13,
    0x6d, 0x79, 0x76, 0x6f, 0x69, 0x63, 0x65, 0x69, 0x73, 0x6d, 0x79, 0x70, 0x61, 0x73, 0x73, 0x70,
    0x6f, 0x72, 0x74, 0x00, 0x04, 0x75, 0x73, 0x65, 0x72, 0x00, 0x04, 0x70, 0x61, 0x73, 0x73,
};
/* suricata-verify/mqtt5-pub-userpass/input.pcap packet 4: MQTT 5, properties of 3 bytes
 * (receive maximum 20) at 12. */
static const uint8_t sv_v5[] = {
    0x10, 0x2f, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x05, 0xc2, 0x00, 0x3c, 0x03,
    0x21, 0x00, 0x14, 0x00, 0x13, 0x6d, 0x79, 0x76, 0x6f, 0x69, 0x63, 0x65, 0x69,
    0x73, 0x6d, 0x79, 0x70, 0x61, 0x73, 0x73, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x04,
    0x75, 0x73, 0x65, 0x72, 0x00, 0x04, 0x70, 0x61, 0x73, 0x73,
};
/* suricata-verify/mqtt5-pub-mosquittoprops/input.pcap packet 4: MQTT 5 with 60 bytes of
 * properties, a will with 75 bytes of properties, topic "willtopic", message "willmessage". */
static const uint8_t sv_v5_will[] = {
    0x10, 0xcc, 0x01, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x05, 0xc6, 0x00, 0x3c, 0x3c, 0x27, 0x00,
    0x00, 0x2b, 0x67, 0x21, 0x00, 0xde, 0x11, 0x00, 0x00, 0x02, 0x2b, 0x22, 0x02, 0x9a, 0x26, 0x00,
    0x09, 0x75, 0x73, 0x65, 0x72, 0x70, 0x72, 0x6f, 0x70, 0x31, 0x00, 0x08, 0x75, 0x73, 0x65, 0x72,
    0x76, 0x61, 0x6c, 0x31, 0x26, 0x00, 0x09, 0x75, 0x73, 0x65, 0x72, 0x70, 0x72, 0x6f, 0x70, 0x32,
    0x00, 0x08, 0x75, 0x73, 0x65, 0x72, 0x76, 0x61, 0x6c, 0x32, 0x00, 0x13, 0x6d, 0x79, 0x76, 0x6f,
    0x69, 0x63, 0x65, 0x69, 0x73, 0x6d, 0x79, 0x70, 0x61, 0x73, 0x73, 0x70, 0x6f, 0x72, 0x74, 0x4b,
    0x03, 0x00, 0x0a, 0x6d, 0x79, 0x77, 0x69, 0x6c, 0x6c, 0x74, 0x79, 0x70, 0x65, 0x09, 0x00, 0x07,
    0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x02, 0x00, 0x00, 0x00, 0x85, 0x01, 0x90, 0x08, 0x00,
    0x0f, 0x72, 0x65, 0x73, 0x70, 0x6f, 0x6e, 0x73, 0x65, 0x5f, 0x74, 0x6f, 0x70, 0x69, 0x63, 0x31,
    0x26, 0x00, 0x09, 0x75, 0x73, 0x65, 0x72, 0x70, 0x72, 0x6f, 0x70, 0x35, 0x00, 0x08, 0x75, 0x73,
    0x65, 0x72, 0x76, 0x61, 0x6c, 0x35, 0x18, 0x00, 0x00, 0x00, 0xc8, 0x00, 0x09, 0x77, 0x69, 0x6c,
    0x6c, 0x74, 0x6f, 0x70, 0x69, 0x63, 0x00, 0x0b, 0x77, 0x69, 0x6c, 0x6c, 0x6d, 0x65, 0x73, 0x73,
    0x61, 0x67, 0x65, 0x00, 0x04, 0x75, 0x73, 0x65, 0x72, 0x00, 0x04, 0x70, 0x61, 0x73, 0x73,
};
/* suricata-verify/mqtt-connect-rules/mqtt5_pub_jpeg.pcap packet 4: MQTT 5, empty client id. */
static const uint8_t sv_v5_empty_id[] = {
    0x10, 0x1c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x05, 0xc2, 0x00, 0x3c, 0x03, 0x21, 0x00,
    0x14, 0x00, 0x00, 0x00, 0x04, 0x75, 0x73, 0x65, 0x72, 0x00, 0x04, 0x70, 0x61, 0x73, 0x73,
};
/* arkime-tests/mqtt_big.pcap packet 4 (mqtt_big.test: clientId test-client-123, flags
 * cleanSession, hasWill): a username without a password. */
static const uint8_t arkime_will[] = {
    0x10, 0x3a, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x86, 0x00, 0x3c, 0x00, 0x0f, 0x74,
    0x65, 0x73, 0x74, 0x2d, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x2d, 0x31, 0x32, 0x33, 0x00,
    0x0a, 0x77, 0x69, 0x6c, 0x6c, 0x2f, 0x74, 0x6f, 0x70, 0x69, 0x63, 0x00, 0x07, 0x67, 0x6f,
    0x6f, 0x64, 0x62, 0x79, 0x65, 0x00, 0x08, 0x74, 0x65, 0x73, 0x74, 0x75, 0x73, 0x65, 0x72,
};
/* ndpi-tests/pcap/mqtt.pcap packet 9: an Azure IoT Hub device; the password (the last 176
 * bytes) is a SharedAccessSignature token. Remaining length 282 takes two varint bytes. */
static const uint8_t azure_sas[] = {
    0x10, 0x9a, 0x02, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0xc0, 0x02, 0x58, 0x00, 0x10, 0x50,
    0x34, 0x37, 0x37, 0x37, 0x35, 0x49, 0x44, 0x31, 0x37, 0x30, 0x57, 0x32, 0x31, 0x32, 0x30, 0x00,
    0x4a, 0x69, 0x6f, 0x74, 0x61, 0x7a, 0x65, 0x77, 0x70, 0x6d, 0x6c, 0x69, 0x74, 0x68, 0x75, 0x62,
    0x2e, 0x61, 0x7a, 0x75, 0x72, 0x65, 0x2d, 0x64, 0x65, 0x76, 0x69, 0x63, 0x65, 0x73, 0x2e, 0x6e,
    0x65, 0x74, 0x2f, 0x50, 0x34, 0x37, 0x37, 0x37, 0x35, 0x49, 0x44, 0x31, 0x37, 0x30, 0x57, 0x32,
    0x31, 0x32, 0x30, 0x2f, 0x3f, 0x61, 0x70, 0x69, 0x2d, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e,
    0x3d, 0x32, 0x30, 0x31, 0x38, 0x2d, 0x30, 0x36, 0x2d, 0x33, 0x30, 0x00, 0xb0, 0x53, 0x68, 0x61,
    0x72, 0x65, 0x64, 0x41, 0x63, 0x63, 0x65, 0x73, 0x73, 0x53, 0x69, 0x67, 0x6e, 0x61, 0x74, 0x75,
    0x72, 0x65, 0x20, 0x73, 0x69, 0x67, 0x3d, 0x4b, 0x55, 0x34, 0x55, 0x69, 0x42, 0x54, 0x66, 0x57,
    0x65, 0x25, 0x32, 0x46, 0x78, 0x73, 0x25, 0x32, 0x42, 0x67, 0x54, 0x47, 0x35, 0x57, 0x51, 0x44,
    0x4c, 0x76, 0x7a, 0x72, 0x50, 0x78, 0x34, 0x55, 0x36, 0x32, 0x48, 0x54, 0x70, 0x53, 0x6c, 0x66,
    0x6b, 0x66, 0x78, 0x72, 0x66, 0x51, 0x25, 0x33, 0x44, 0x26, 0x73, 0x65, 0x3d, 0x31, 0x36, 0x34,
    0x33, 0x30, 0x31, 0x37, 0x39, 0x34, 0x37, 0x26, 0x73, 0x72, 0x3d, 0x69, 0x6f, 0x74, 0x61, 0x7a,
    0x65, 0x77, 0x70, 0x6d, 0x6c, 0x69, 0x74, 0x68, 0x75, 0x62, 0x2e, 0x61, 0x7a, 0x75, 0x72, 0x65,
    0x2d, 0x64, 0x65, 0x76, 0x69, 0x63, 0x65, 0x73, 0x2e, 0x6e, 0x65, 0x74, 0x25, 0x32, 0x46, 0x50,
    0x34, 0x37, 0x37, 0x37, 0x35, 0x49, 0x44, 0x31, 0x37, 0x30, 0x57, 0x32, 0x31, 0x32, 0x30, 0x25,
    0x32, 0x46, 0x25, 0x33, 0x46, 0x61, 0x70, 0x69, 0x2d, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e,
    0x25, 0x33, 0x44, 0x32, 0x30, 0x31, 0x38, 0x2d, 0x30, 0x36, 0x2d, 0x33, 0x30,
};
/* ndpi-tests/pcap/coap_mqtt.pcap packet 31: client "Bus41", no username. */
static const uint8_t ndpi_bus41[] = {
    0x10, 0x11, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02,
    0x00, 0x3c, 0x00, 0x05, 0x42, 0x75, 0x73, 0x34, 0x31,
};
/* zeek-traces/mqtt.pcap packet 1: an Eclipse Paho client speaking MQTT 3.1. */
static const uint8_t zeek_paho[] = {
    0x10, 0x25, 0x00, 0x06, 0x4d, 0x51, 0x49, 0x73, 0x64, 0x70, 0x03, 0x02, 0x00,
    0x05, 0x00, 0x17, 0x70, 0x61, 0x68, 0x6f, 0x2f, 0x33, 0x34, 0x41, 0x41, 0x45,
    0x35, 0x34, 0x41, 0x37, 0x35, 0x44, 0x38, 0x33, 0x39, 0x35, 0x36, 0x36, 0x45,
};

/* Parses an exactly sized heap copy of b[0..n), so any over-read trips ASan. */
static int run(const uint8_t *b, size_t n, struct iot_mqtt_info *info)
{
    uint8_t *copy = tu_exact_copy(b, n);
    assert_non_null(copy);
    int rc = iot_mqtt_parse(copy, n, info);
    free(copy);
    if (rc == IOT_OK)
        assert_int_equal(info->error, IOT_MQTT_ERR_NONE);
    else
        assert_int_not_equal(info->error, IOT_MQTT_ERR_NONE);
    return rc;
}

/* True when the n bytes of needle occur anywhere in the n bytes of hay. */
static bool contains(const void *hay, size_t hn, const uint8_t *needle, size_t nn)
{
    const uint8_t *h = hay;
    for (size_t k = 0; nn <= hn && k <= hn - nn; k++)
        if (memcmp(h + k, needle, nn) == 0)
            return true;
    return false;
}

/* No 8-byte window of the password is anywhere in the info struct. */
static void assert_no_password(const struct iot_mqtt_info *i, const uint8_t *pw, size_t n)
{
    assert_true(n >= 8);
    for (size_t k = 0; k + 8 <= n; k++)
        assert_false(contains(i, sizeof(*i), pw + k, 8));
}

static void test_v311(void **state)
{
    (void)state;
    struct iot_mqtt_info i;

    assert_int_equal(run(sv_v311, sizeof(sv_v311), &i), IOT_OK);
    assert_int_equal(i.remaining_len, 43);
    assert_int_equal(i.packet_len, 45);
    assert_string_equal(i.protocol_name, "MQTT");
    assert_int_equal(i.protocol_level, IOT_MQTT_V311);
    assert_int_equal(i.connect_flags, 0xc2);
    assert_true(i.clean_session);
    assert_int_equal(i.keepalive, 60);
    assert_string_equal(i.client_id, "myvoiceismypassport");
    assert_int_equal(i.client_id_len, 19);
    assert_false(i.client_id_truncated);
    assert_false(i.client_id_bad_utf8);
    assert_false(i.has_will);
    assert_true(i.has_username);
    assert_string_equal(i.username, "user");
    assert_int_equal(i.username_len, 4);
    assert_true(i.password_present);
    assert_int_equal(i.password_len, 4);
    assert_false(i.password_without_username);
    assert_int_equal(i.properties_len, 0);
}

static void test_v31(void **state)
{
    (void)state;
    struct iot_mqtt_info i;

    assert_int_equal(run(sv_v31, sizeof(sv_v31), &i), IOT_OK);
    assert_string_equal(i.protocol_name, "MQIsdp");
    assert_int_equal(i.protocol_level, IOT_MQTT_V31);
    assert_string_equal(i.client_id, "myvoiceismypassport");
    assert_string_equal(i.username, "user");
    assert_int_equal(i.password_len, 4);

    assert_int_equal(run(zeek_paho, sizeof(zeek_paho), &i), IOT_OK);
    assert_int_equal(i.protocol_level, IOT_MQTT_V31);
    assert_int_equal(i.keepalive, 5);
    assert_string_equal(i.client_id, "paho/34AAE54A75D839566E");
    assert_false(i.has_username);
    assert_false(i.password_present);
    assert_true(i.clean_session);
}

static void test_v5(void **state)
{
    (void)state;
    struct iot_mqtt_info i;

    assert_int_equal(run(sv_v5, sizeof(sv_v5), &i), IOT_OK);
    assert_int_equal(i.protocol_level, IOT_MQTT_V5);
    assert_int_equal(i.properties_len, 3);
    assert_string_equal(i.client_id, "myvoiceismypassport");
    assert_string_equal(i.username, "user");
    assert_int_equal(i.password_len, 4);

    assert_int_equal(run(sv_v5_will, sizeof(sv_v5_will), &i), IOT_OK);
    assert_int_equal(i.remaining_len, 204);
    assert_int_equal(i.packet_len, 207);
    assert_int_equal(i.properties_len, 60);
    assert_string_equal(i.client_id, "myvoiceismypassport");
    assert_true(i.has_will);
    assert_int_equal(i.will_qos, 0);
    assert_false(i.will_retain);
    assert_int_equal(i.will_properties_len, 75);
    assert_int_equal(i.will_topic_len, 9);
    assert_int_equal(i.will_message_len, 11);
    assert_string_equal(i.username, "user");
    assert_int_equal(i.password_len, 4);
}

/* A zero-length client id is legal (the broker assigns one). */
static void test_empty_client_id(void **state)
{
    (void)state;
    struct iot_mqtt_info i;

    assert_int_equal(run(sv_v5_empty_id, sizeof(sv_v5_empty_id), &i), IOT_OK);
    assert_int_equal(i.client_id_len, 0);
    assert_string_equal(i.client_id, "");
    assert_false(i.client_id_bad_utf8);
    assert_string_equal(i.username, "user");
    assert_true(i.password_present);
    assert_int_equal(i.properties_len, 3);
}

static void test_will_no_password(void **state)
{
    (void)state;
    struct iot_mqtt_info i;

    assert_int_equal(run(arkime_will, sizeof(arkime_will), &i), IOT_OK);
    assert_string_equal(i.client_id, "test-client-123");
    assert_true(i.clean_session);
    assert_true(i.has_will);
    assert_int_equal(i.will_topic_len, 10);
    assert_int_equal(i.will_message_len, 7);
    assert_string_equal(i.username, "testuser");
    assert_false(i.password_present);
    assert_int_equal(i.password_len, 0);

    assert_int_equal(run(ndpi_bus41, sizeof(ndpi_bus41), &i), IOT_OK);
    assert_string_equal(i.client_id, "Bus41");
    assert_false(i.has_username);
    assert_int_equal(i.username_len, 0);
}

/* The password is measured, never copied: no piece of the SAS token is in the struct. */
static void test_password_not_kept(void **state)
{
    (void)state;
    const uint8_t *pw = azure_sas + sizeof(azure_sas) - 176;
    struct iot_mqtt_info i;

    assert_memory_equal(pw, "SharedAccessSignature sig=", 26);
    memset(&i, 0, sizeof(i));
    assert_int_equal(run(azure_sas, sizeof(azure_sas), &i), IOT_OK);
    assert_int_equal(i.remaining_len, 282);
    assert_int_equal(i.packet_len, 285);
    assert_int_equal(i.keepalive, 600);
    assert_false(i.clean_session);
    assert_string_equal(i.client_id, "P47775ID170W2120");
    assert_string_equal(i.username, "iotazewpmlithub.azure-devices.net/P47775ID170W2120/"
                                    "?api-version=2018-06-30");
    assert_int_equal(i.username_len, 74);
    assert_true(i.password_present);
    assert_int_equal(i.password_len, 176);
    /* The token repeats the hub and device names that the username carries, so only its
     * secret part, the signature, is searched for (in every 8-byte window); the whole token
     * must not be there either. */
    static const char sig[] = "KU4UiBTfWe%2Fxs%2BgTG5WQDLvzrPx4U62HTpSlfkfxrfQ%3D";
    assert_true(contains(pw, 176, (const uint8_t *)sig, sizeof(sig) - 1));
    assert_no_password(&i, (const uint8_t *)sig, sizeof(sig) - 1);
    assert_false(contains(&i, sizeof(i), pw, 176));

    /* The same with a distinctive password in a 3.1.1 frame, and a struct prefilled with
     * garbage: the parse must clear it and write nothing of the password. */
    static const uint8_t pkt[] = {0x10, 0x1f, 0x00, 0x04, 'M', 'Q',  'T',  'T', 0x04, 0xc2, 0x00,
                                  0x3c, 0x00, 0x02, 'i',  'd', 0x00, 0x01, 'u', 0x00, 0x0c, 'S',
                                  '3',  'c',  'r',  '3',  't', '-',  'P',  '@', '5',  '5',  '!'};
    memset(&i, 0x41, sizeof(i));
    assert_int_equal(run(pkt, sizeof(pkt), &i), IOT_OK);
    assert_int_equal(i.password_len, 12);
    assert_no_password(&i, pkt + sizeof(pkt) - 12, 12);
    assert_false(contains(&i, sizeof(i), (const uint8_t *)"S3cr", 4));
}

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    struct iot_mqtt_info i;
    int rc = run(b, n, &i);
    *err = (int)i.error;
    return rc;
}

static const char *twin_error_name(int err)
{
    return iot_mqtt_error_name((enum iot_mqtt_error)err);
}

static void test_twins(void **state)
{
    (void)state;
    const size_t V = sizeof(sv_v311), A = sizeof(azure_sas), F = sizeof(sv_v5);
    const struct mut_case cases[] = {
        MUT("whole", sv_v311, V, -1, 0, -1, 0, IOT_OK, IOT_MQTT_ERR_NONE),
        MUT("next packet after", sv_v311, V + 2, V, 0xc0, V + 1, 0, IOT_OK, IOT_MQTT_ERR_NONE),
        MUT("one short", sv_v311, V - 1, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_INCOMPLETE),
        MUT("first byte only", sv_v311, 1, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_INCOMPLETE),
        MUT("fixed header only", sv_v311, 2, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_INCOMPLETE),
        MUT("zero length", sv_v311, 0, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_INCOMPLETE),
        MUT("remaining +1", sv_v311, V, 1, 0x2c, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_INCOMPLETE),
        MUT("remaining +1 with a byte", sv_v311, V + 1, 1, 0x2c, -1, 0, IOT_ERR_INPUT,
            IOT_MQTT_ERR_TRAILING),
        MUT("remaining -1", sv_v311, V, 1, 0x2a, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN),
        MUT("remaining 0", sv_v311, V, 1, 0, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN),
        MUT("password len +1", sv_v311, V, 40, 5, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN),
        MUT("password len -1", sv_v311, V, 40, 3, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_TRAILING),
        MUT("username len +1", sv_v311, V, 34, 5, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN),
        MUT("client id len +1", sv_v311, V, 13, 20, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN),
        MUT("client id len 65535", sv_v311, V, 12, 0xff, 13, 0xff, IOT_ERR_INPUT,
            IOT_MQTT_ERR_OVERRUN),
        MUT("name len 65535", sv_v311, V, 2, 0xff, 3, 0xff, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN),
        MUT("reserved flag", sv_v311, V, 9, 0xc3, -1, 0, IOT_ERR_INPUT,
            IOT_MQTT_ERR_BAD_CONNECT_FLAGS),
        MUT("will QoS without will", sv_v311, V, 9, 0xca, -1, 0, IOT_ERR_INPUT,
            IOT_MQTT_ERR_BAD_CONNECT_FLAGS),
        MUT("will retain without will", sv_v311, V, 9, 0xe2, -1, 0, IOT_ERR_INPUT,
            IOT_MQTT_ERR_BAD_CONNECT_FLAGS),
        MUT("will QoS 3", sv_v311, V, 9, 0xde, -1, 0, IOT_ERR_INPUT,
            IOT_MQTT_ERR_BAD_CONNECT_FLAGS),
        MUT("fixed flags 2", sv_v311, V, 0, 0x12, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_BAD_FLAGS),
        MUT("CONNACK", sv_v311, V, 0, 0x20, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_NOT_CONNECT),
        MUT("PUBLISH", sv_v311, V, 0, 0x30, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_NOT_CONNECT),
        MUT("type 0", sv_v311, V, 0, 0x00, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_NOT_CONNECT),
        MUT("MQTT level 3", sv_v311, V, 8, 3, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_BAD_PROTOCOL),
        MUT("MQTT level 6", sv_v311, V, 8, 6, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_BAD_PROTOCOL),
        MUT("MQIsdp level 4", sv_v31, sizeof(sv_v31), 10, 4, -1, 0, IOT_ERR_INPUT,
            IOT_MQTT_ERR_BAD_PROTOCOL),
        MUT("name MQTX", sv_v311, V, 7, 'X', -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_BAD_PROTOCOL),
        MUT("name len 5", sv_v311, V, 3, 5, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_BAD_PROTOCOL),
        /* Level 5 in a 3.1.1 packet: the client id length is read as properties. */
        MUT("3.1.1 read as 5", sv_v311, V, 8, 5, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN),
        MUT("v5 whole", sv_v5, F, -1, 0, -1, 0, IOT_OK, IOT_MQTT_ERR_NONE),
        MUT("v5 props past the end", sv_v5, F, 12, 0x7f, -1, 0, IOT_ERR_INPUT,
            IOT_MQTT_ERR_OVERRUN),
        MUT("v5 props len +1", sv_v5, F, 12, 4, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN),
        MUT("v5 props len -1", sv_v5, F, 12, 2, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN),
        MUT("azure whole", azure_sas, A, -1, 0, -1, 0, IOT_OK, IOT_MQTT_ERR_NONE),
        MUT("azure one short", azure_sas, A - 1, -1, 0, -1, 0, IOT_ERR_INPUT,
            IOT_MQTT_ERR_INCOMPLETE),
        MUT("azure mid-varint", azure_sas, 2, -1, 0, -1, 0, IOT_ERR_INPUT, IOT_MQTT_ERR_INCOMPLETE),
        MUT("azure password len +1", azure_sas, A, 108, 0xb1, -1, 0, IOT_ERR_INPUT,
            IOT_MQTT_ERR_OVERRUN),
    };
    mut_check_cases(cases, sizeof(cases) / sizeof(cases[0]), twin_parse, twin_error_name);
}

/* The remaining-length varint: hostile and edge encodings, rows that differ only in bytes. */
struct varint_case {
    const char *name;
    uint8_t b[8];
    size_t len;
    int rc;
    enum iot_mqtt_error err;
    uint32_t remaining; /* checked when the varint was read */
};

static void test_varint(void **state)
{
    (void)state;
    const struct varint_case cases[] = {
        {"5 bytes",
         {0x10, 0xff, 0xff, 0xff, 0xff, 0x01},
         6,
         IOT_ERR_INPUT,
         IOT_MQTT_ERR_BAD_VARINT,
         0},
        {"4 continuation bytes, then the end",
         {0x10, 0x80, 0x80, 0x80, 0x80},
         5,
         IOT_ERR_INPUT,
         IOT_MQTT_ERR_BAD_VARINT,
         0},
        {"3 continuation bytes, then the end",
         {0x10, 0x80, 0x80, 0x80},
         4,
         IOT_ERR_INPUT,
         IOT_MQTT_ERR_INCOMPLETE,
         0},
        {"largest",
         {0x10, 0xff, 0xff, 0xff, 0x7f},
         5,
         IOT_ERR_INPUT,
         IOT_MQTT_ERR_INCOMPLETE,
         268435455},
        {"two bytes 128", {0x10, 0x80, 0x01}, 3, IOT_ERR_INPUT, IOT_MQTT_ERR_INCOMPLETE, 128},
        {"zero", {0x10, 0x00}, 2, IOT_ERR_INPUT, IOT_MQTT_ERR_OVERRUN, 0},
        {"garbage",
         {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
         8,
         IOT_ERR_INPUT,
         IOT_MQTT_ERR_NOT_CONNECT,
         0},
        {"HTTP",
         {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T'},
         8,
         IOT_ERR_INPUT,
         IOT_MQTT_ERR_NOT_CONNECT,
         0},
        {"zeros", {0}, 8, IOT_ERR_INPUT, IOT_MQTT_ERR_NOT_CONNECT, 0},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct varint_case *c = &cases[k];
        struct iot_mqtt_info i;
        int rc = run(c->b, c->len, &i);
        if (rc != c->rc || i.error != c->err || i.remaining_len != c->remaining)
            fail_msg("%s: rc %d error %s remaining %u", c->name, rc, iot_mqtt_error_name(i.error),
                     (unsigned)i.remaining_len);
    }
    /* packet_len tells the caller how much to wait for, even for the largest packet. */
    static const uint8_t big[] = {0x10, 0xff, 0xff, 0xff, 0x7f};
    struct iot_mqtt_info i;
    assert_int_equal(run(big, sizeof(big), &i), IOT_ERR_INPUT);
    assert_int_equal(i.packet_len, 268435460u);
    assert_int_equal(iot_mqtt_parse(NULL, 0, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_MQTT_ERR_INCOMPLETE);
    assert_int_equal(iot_mqtt_parse(sv_v311, sizeof(sv_v311), NULL), IOT_ERR_USAGE);
}

/* Builds a 3.1.1 CONNECT with flags, client id cid (n bytes) and the strings that the flags
 * ask for; returns its length. */
static size_t build(uint8_t *buf, size_t cap, uint8_t flags, const void *cid, size_t n)
{
    size_t at = 0, rl = 10 + 2 + n;
    assert_true(rl < 16384 && cap >= 3 + rl + 20);
    buf[at++] = 0x10;
    buf[at++] = (uint8_t)(0x80 | (rl & 0x7f));
    buf[at++] = (uint8_t)(rl >> 7);
    memcpy(buf + at, "\x00\x04MQTT\x04", 7);
    at += 7;
    buf[at++] = flags;
    buf[at++] = 0;
    buf[at++] = 30;
    buf[at++] = (uint8_t)(n >> 8);
    buf[at++] = (uint8_t)n;
    if (n)
        memcpy(buf + at, cid, n);
    return at + n;
}

/* Bounded copies, UTF-8 checks, a password without a username. */
static void test_strings(void **state)
{
    (void)state;
    uint8_t cid[400], buf[512];
    struct iot_mqtt_info i;

    memset(cid, 'c', sizeof(cid));
    assert_int_equal(run(buf, build(buf, sizeof(buf), 0x02, cid, 300), &i), IOT_OK);
    assert_int_equal(i.client_id_len, IOT_MQTT_STR_MAX - 1);
    assert_true(i.client_id_truncated);
    assert_int_equal(strlen(i.client_id), IOT_MQTT_STR_MAX - 1);
    assert_int_equal(run(buf, build(buf, sizeof(buf), 0x02, cid, 255), &i), IOT_OK);
    assert_false(i.client_id_truncated);

    /* Invalid UTF-8 is kept as bytes and flagged, not rejected. */
    static const uint8_t bad[][4] = {
        {0xff, 'a', 'b', 'c'},   {'a', 0x00, 'b', 'c'},    {0xc0, 0x80, 'a', 'b'},
        {0xed, 0xa0, 0x80, 'a'}, {0xf4, 0x90, 0x80, 0x80}, {'a', 'b', 'c', 0xe2},
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        assert_int_equal(run(buf, build(buf, sizeof(buf), 0x02, bad[k], 4), &i), IOT_OK);
        assert_true(i.client_id_bad_utf8);
        assert_int_equal(i.client_id_len, 4);
        assert_memory_equal(i.client_id, bad[k], 4);
    }
    static const uint8_t good[] = {'d', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x92, 0xa1};
    assert_int_equal(run(buf, build(buf, sizeof(buf), 0x02, good, sizeof(good)), &i), IOT_OK);
    assert_false(i.client_id_bad_utf8);

    /* A password without a username: 3.1.1 forbids it, 5.0 allows it; flagged, kept. */
    size_t n = build(buf, sizeof(buf), 0x42, "x", 1);
    buf[n++] = 0;
    buf[n++] = 2;
    buf[n++] = 'p';
    buf[n++] = 'w';
    buf[1] = (uint8_t)(buf[1] + 4);
    assert_int_equal(run(buf, n, &i), IOT_OK);
    assert_true(i.password_without_username);
    assert_int_equal(i.password_len, 2);
    assert_false(i.has_username);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_string_equal(iot_mqtt_error_name(IOT_MQTT_ERR_NONE), "app.mqtt.none");
    assert_string_equal(iot_mqtt_error_name(IOT_MQTT_ERR_INCOMPLETE), "app.mqtt.incomplete");
    assert_string_equal(iot_mqtt_error_name(IOT_MQTT_ERR_BAD_VARINT), "app.mqtt.bad_varint");
    assert_string_equal(iot_mqtt_error_name(IOT_MQTT_ERR_BAD_CONNECT_FLAGS),
                        "app.mqtt.bad_connect_flags");
    assert_string_equal(iot_mqtt_error_name(IOT_MQTT_ERR_TRAILING), "app.mqtt.trailing");
    assert_string_equal(iot_mqtt_error_name(IOT_MQTT_ERR_MAX), "app.mqtt.unknown");
    for (int e = 0; e < IOT_MQTT_ERR_MAX; e++)
        assert_non_null(iot_mqtt_error_name((enum iot_mqtt_error)e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v311),
        cmocka_unit_test(test_v31),
        cmocka_unit_test(test_v5),
        cmocka_unit_test(test_empty_client_id),
        cmocka_unit_test(test_will_no_password),
        cmocka_unit_test(test_password_not_kept),
        cmocka_unit_test(test_twins),
        cmocka_unit_test(test_varint),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
