/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Insecure communication in protocols other than telnet (detect-telnet.c): HTTP Basic
 * credentials sent over plain HTTP, MQTT logins with a password and MQTT sessions without TLS.
 * Consumes HTTP heads and MQTT CONNECTs from the app-layer parsers, which never copy the
 * secret itself; raises IOT_SIG_HTTP_BASIC_CLEARTEXT, _MQTT_PASSWORD_CLEARTEXT and
 * _MQTT_UNENCRYPTED on the client. */
#ifndef IOTSEC_DETECT_DETECT_CLEARTEXT_H
#define IOTSEC_DETECT_DETECT_CLEARTEXT_H

#include "app/app-http.h"
#include "app/app-mqtt.h"
#include "detect/detect.h"

void iot_detect_http(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev, const struct iot_http_info *m);
void iot_detect_mqtt(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                     const struct iot_device *dev, const struct iot_mqtt_info *m);

#endif
