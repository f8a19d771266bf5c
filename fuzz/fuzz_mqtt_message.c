/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for what reaches iotsec from a broker or an operator: messages the
 * collector stores (anyone with publish rights on the broker writes them), broker URLs, and
 * the event type the exporter reads from a line.
 * Targets: src/store/store-central.c, src/output/output-mqtt-client.c (URL, names),
 *   src/output/output-mqtt.c (event type).
 * Input: first byte n, then n % 96 bytes of topic, the rest the payload. Properties: a message
 *   stored once is a duplicate the second time; a URL that parses names a host that is not
 *   empty and a port in 1..65535. */
#include "iotsec-common.h"

#include "output/output-mqtt-client.h"
#include "output/output-mqtt.h"
#include "store/store-central.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct iot_central *central;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    if (size == 0 || size > 8192)
        return 0;
    if (central == NULL && (central = iot_central_open(":memory:", err, sizeof(err))) == NULL)
        abort();
    size_t tlen = IOT_MIN((size_t)data[0] % 96, size - 1);
    char topic[96];
    memcpy(topic, data + 1, tlen);
    topic[tlen] = '\0';
    const uint8_t *payload = data + 1 + tlen;
    size_t plen = size - 1 - tlen;
    uint8_t *exact = malloc(plen ? plen : 1); /* exactly sized: a read past it trips ASan */
    if (exact == NULL)
        return 0;
    memcpy(exact, payload, plen);

    int rc = iot_central_add(central, topic, exact, plen, err, sizeof(err));
    if (rc == IOT_CENTRAL_ADDED &&
        iot_central_add(central, topic, exact, plen, err, sizeof(err)) != IOT_CENTRAL_DUPLICATE)
        abort();

    struct iot_mqtt_url u;
    if (iot_mqtt_url_parse(topic, &u, err, sizeof(err)) == IOT_OK &&
        (u.host[0] == '\0' || u.port < 1 || u.port > 65535))
        abort();
    iot_mqtt_name_ok(topic);

    char type[32];
    iot_mqtt_event_type((const char *)exact, plen, type, sizeof(type));
    if (strlen(type) == 0 || strlen(type) >= sizeof(type))
        abort();
    free(exact);
    return 0;
}
