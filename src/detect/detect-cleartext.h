/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Insecure communication in protocols other than telnet (detect-telnet.c): HTTP Basic
 * credentials sent over plain HTTP, MQTT logins with a password, MQTT and CoAP sessions without
 * (D)TLS, IoT devices talking plain HTTP to the internet. Consumes HTTP heads, MQTT CONNECTs and
 * CONNACKs and CoAP messages from the app-layer parsers, which never copy the secret itself;
 * hands HTTP and MQTT logins and refusals to detect-login.c (brute force). */
#ifndef IOTSEC_DETECT_DETECT_CLEARTEXT_H
#define IOTSEC_DETECT_DETECT_CLEARTEXT_H

#include "app/app-http.h"
#include "app/app-mqtt.h"
#include "detect/detect.h"

void iot_detect_http(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev, const struct iot_http_info *m);
void iot_detect_mqtt(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev, const struct iot_mqtt_info *m);

/* The broker refused a CONNECT (CONNACK reason: 4/5 in MQTT 3, 0x86/0x87 in MQTT 5); p comes
 * from the broker. */
void iot_detect_mqtt_refused(struct iot_detect *d, const struct iot_packet *p,
                             const struct iot_flow *f, uint8_t reason);
/* A CoAP message sent by dev (plain CoAP: DTLS-protected CoAP is not parsed as CoAP). */
void iot_detect_coap(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev);

#endif
