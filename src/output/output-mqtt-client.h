/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the exporter and the collector share about reaching a broker: the URL, TLS (the broker's
 * certificate verified against a CA file or the system store, always, hostname included), a
 * client certificate whose key never touches the disk (it lives in an anonymous memory file),
 * and a username with a password from the vault. libmosquitto does the protocol. */
#ifndef IOTSEC_OUTPUT_OUTPUT_MQTT_CLIENT_H
#define IOTSEC_OUTPUT_OUTPUT_MQTT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mosquitto;

#define IOT_MQTT_HOST_MAX 256
#define IOT_MQTT_NAME_MAX 64 /* gateway names, client ids, topic prefixes */

struct iot_mqtt_url {
    bool tls;
    char host[IOT_MQTT_HOST_MAX];
    int port;
};

/* Parses mqtts://HOST[:PORT] (8883) or mqtt://HOST[:PORT] (1883); HOST may be [v6-address].
 * No user, path or query: credentials come from the vault, never from a URL. */
int iot_mqtt_url_parse(const char *url, struct iot_mqtt_url *u, char *err, size_t errlen);

/* True for 1..63 characters of [A-Za-z0-9._-]: safe as one MQTT topic level. */
bool iot_mqtt_name_ok(const char *name);

/* How to reach the broker. The secrets are borrowed; iot_mqtt_client_new copies what it needs. */
struct iot_mqtt_conn {
    struct iot_mqtt_url url;
    bool allow_plain;        /* mqtt:// (no TLS) only when asked for in so many words */
    const char *ca_file;     /* NULL or "": the system store (/etc/ssl/certs) */
    const char *cert_file;   /* client certificate (PEM), with key_pem */
    const uint8_t *key_pem;  /* client private key (PEM) */
    size_t key_pem_len;
    const char *username;
    const char *password;
    unsigned keepalive;      /* seconds */
};

/* One client: a mosquitto handle configured from conn, plus the memory file holding the key. */
struct iot_mqtt_client {
    struct mosquitto *mosq;
    int key_fd;
};

/* Initialises libmosquitto once per process (thread-safe). */
void iot_mqtt_lib_init(void);

/* Configures a new handle; obj goes to the callbacks. clean_session false asks the broker to
 * keep the subscription and queued messages while the client is away (needs a client id).
 * protocol: MQTT_PROTOCOL_V311 or MQTT_PROTOCOL_V5 (whose PUBACK says when the broker refused a
 * message, e.g. by ACL). */
int iot_mqtt_client_new(struct iot_mqtt_client *c, const struct iot_mqtt_conn *conn,
                        const char *client_id, bool clean_session, int protocol, void *obj,
                        char *err, size_t errlen);
/* Connects the TCP socket; the TLS handshake and CONNACK come through the loop. probe: first
 * checks within 5 s that the broker accepts a TCP connection, so a broker that drops packets
 * costs 5 s instead of the kernel's two minutes (the name is still resolved here). */
int iot_mqtt_client_connect(struct iot_mqtt_client *c, const struct iot_mqtt_conn *conn,
                            bool probe, char *err, size_t errlen);
void iot_mqtt_client_free(struct iot_mqtt_client *c);

#endif
