/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Broker connections through libmosquitto, TLS always verified. */
#include "iotsec-common.h"
#include "output/output-mqtt-client.h"

#include <errno.h>
#include <mosquitto.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_init_once(void)
{
    mosquitto_lib_init();
}

void iot_mqtt_lib_init(void)
{
    pthread_once(&lib_once, lib_init_once);
}

bool iot_mqtt_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= IOT_MQTT_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

static int parse_port(const char *s, int *port)
{
    if (*s == '\0' || strlen(s) > 5)
        return IOT_ERR_INPUT;
    int v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return IOT_ERR_INPUT;
        v = v * 10 + (*s - '0');
    }
    if (v < 1 || v > 65535)
        return IOT_ERR_INPUT;
    *port = v;
    return IOT_OK;
}

/* Splits "host[:port]" or "[v6]:port" into u. */
static int parse_authority(const char *a, struct iot_mqtt_url *u)
{
    const char *host = a, *host_end, *port = NULL;
    if (*a == '[') {
        host = a + 1;
        host_end = strchr(host, ']');
        if (host_end == NULL || (host_end[1] != '\0' && host_end[1] != ':'))
            return IOT_ERR_INPUT;
        if (host_end[1] == ':')
            port = host_end + 2;
    } else {
        host_end = strchr(a, ':');
        if (host_end != NULL)
            port = host_end + 1;
        else
            host_end = a + strlen(a);
    }
    size_t hlen = (size_t)(host_end - host);
    if (hlen == 0 || hlen >= sizeof(u->host))
        return IOT_ERR_INPUT;
    for (size_t i = 0; i < hlen; i++) {
        unsigned char c = (unsigned char)host[i];
        if (c <= ' ' || c >= 0x7f || c == '@' || c == '/' || c == '?' || c == '#' ||
            (c == '[' || c == ']'))
            return IOT_ERR_INPUT;
    }
    memcpy(u->host, host, hlen);
    u->host[hlen] = '\0';
    return port != NULL ? parse_port(port, &u->port) : IOT_OK;
}

int iot_mqtt_url_parse(const char *url, struct iot_mqtt_url *u, char *err, size_t errlen)
{
    memset(u, 0, sizeof(*u));
    const char *rest;
    if (strncmp(url, "mqtts://", 8) == 0) {
        u->tls = true;
        u->port = 8883;
        rest = url + 8;
    } else if (strncmp(url, "mqtt://", 7) == 0) {
        u->port = 1883;
        rest = url + 7;
    } else {
        snprintf(err, errlen, "broker URL '%.100s': give mqtts://HOST[:PORT]", url);
        return IOT_ERR_INPUT;
    }
    size_t n = strlen(rest);
    if (n > 0 && rest[n - 1] == '/')
        n--; /* "mqtts://host/" is common enough to accept */
    char auth[IOT_MQTT_HOST_MAX + 16];
    if (n == 0 || n >= sizeof(auth) || memchr(rest, '@', n) != NULL) {
        snprintf(err, errlen, "broker URL '%.100s': %s", url,
                 memchr(rest, '@', n) ? "no credentials in URLs: they come from the vault"
                                      : "host missing or too long");
        return IOT_ERR_INPUT;
    }
    memcpy(auth, rest, n);
    auth[n] = '\0';
    if (parse_authority(auth, u) != IOT_OK) {
        snprintf(err, errlen, "broker URL '%.100s': bad host or port", url);
        return IOT_ERR_INPUT;
    }
    return IOT_OK;
}

/* The client key goes into an anonymous memory file that OpenSSL (inside libmosquitto, which
 * only takes paths) reads through /proc/self/fd: the key is never written to a disk. */
static int key_memfd(const uint8_t *pem, size_t len, char *err, size_t errlen)
{
    int fd = memfd_create("iotsec-mqtt-key", MFD_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "client key: memfd_create: %s", strerror(errno));
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, pem + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            snprintf(err, errlen, "client key: write: %s", strerror(errno));
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    return fd;
}

static int set_tls(struct iot_mqtt_client *c, const struct iot_mqtt_conn *conn, char *err,
                   size_t errlen)
{
    char key_path[64] = "";
    if ((conn->cert_file != NULL && *conn->cert_file) != (conn->key_pem != NULL)) {
        snprintf(err, errlen, "a client certificate needs its key, and a key its certificate");
        return IOT_ERR_USAGE;
    }
    if (conn->key_pem != NULL) {
        c->key_fd = key_memfd(conn->key_pem, conn->key_pem_len, err, errlen);
        if (c->key_fd < 0)
            return IOT_ERR_IO;
        snprintf(key_path, sizeof(key_path), "/proc/self/fd/%d", c->key_fd);
    }
    bool ca = conn->ca_file != NULL && *conn->ca_file;
    int rc = mosquitto_tls_set(c->mosq, ca ? conn->ca_file : NULL, ca ? NULL : "/etc/ssl/certs",
                               conn->key_pem ? conn->cert_file : NULL,
                               conn->key_pem ? key_path : NULL, NULL);
    if (rc == MOSQ_ERR_SUCCESS) /* verify the peer, TLS 1.2 or later */
        rc = mosquitto_tls_opts_set(c->mosq, 1, "tlsv1.2", NULL);
    if (rc != MOSQ_ERR_SUCCESS) {
        snprintf(err, errlen, "TLS setup (CA %s, certificate %s): %s",
                 ca ? conn->ca_file : "/etc/ssl/certs",
                 conn->cert_file && *conn->cert_file ? conn->cert_file : "none",
                 rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        return IOT_ERR_INPUT;
    }
    return IOT_OK;
}

int iot_mqtt_client_new(struct iot_mqtt_client *c, const struct iot_mqtt_conn *conn,
                        const char *client_id, bool clean_session, int protocol, void *obj,
                        char *err, size_t errlen)
{
    c->key_fd = -1;
    c->mosq = NULL;
    if (!conn->url.tls && !conn->allow_plain) {
        snprintf(err, errlen, "mqtt:// sends events in the clear: use mqtts://, or allow it "
                              "explicitly (--allow-plaintext / export.mqtt.allow-plaintext=1)");
        return IOT_ERR_USAGE;
    }
    iot_mqtt_lib_init();
    c->mosq = mosquitto_new(client_id, clean_session, obj);
    if (c->mosq == NULL) {
        snprintf(err, errlen, "mosquitto_new: %s", strerror(errno));
        return IOT_ERR_NOMEM;
    }
    mosquitto_int_option(c->mosq, MOSQ_OPT_PROTOCOL_VERSION, protocol);
    int rc = conn->url.tls ? set_tls(c, conn, err, errlen) : IOT_OK;
    if (rc == IOT_OK && conn->username != NULL && *conn->username &&
        mosquitto_username_pw_set(c->mosq, conn->username, conn->password) != MOSQ_ERR_SUCCESS) {
        snprintf(err, errlen, "username: out of memory");
        rc = IOT_ERR_NOMEM;
    }
    if (rc != IOT_OK)
        iot_mqtt_client_free(c);
    return rc;
}

/* A TCP connection to the broker within timeout_ms, then closed: mosquitto_connect's own TCP
 * connect waits as long as the kernel does (two minutes for a host that drops packets), so it is
 * only called once the broker just answered. (libmosquitto's asynchronous connect is no
 * better: with TLS it does not notice a refused connection.) */
static int probe_tcp(const struct iot_mqtt_conn *conn, int timeout_ms, char *err, size_t errlen)
{
    char port[8];
    snprintf(port, sizeof(port), "%d", conn->url.port);
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    int gai = getaddrinfo(conn->url.host, port, &hints, &res);
    if (gai != 0) {
        snprintf(err, errlen, "%s: %s", conn->url.host, gai_strerror(gai));
        return IOT_ERR_IO;
    }
    int rc = IOT_ERR_IO, e = ETIMEDOUT;
    for (struct addrinfo *ai = res; ai != NULL && rc != IOT_OK; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            rc = IOT_OK;
        } else if (errno == EINPROGRESS) {
            struct pollfd pfd = {fd, POLLOUT, 0};
            int soerr = 0;
            socklen_t sl = sizeof(soerr);
            if (poll(&pfd, 1, timeout_ms) == 1 &&
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0)
                rc = IOT_OK;
            else
                e = soerr ? soerr : ETIMEDOUT;
        } else {
            e = errno;
        }
        close(fd);
    }
    freeaddrinfo(res);
    if (rc != IOT_OK)
        snprintf(err, errlen, "%s:%d: %s", conn->url.host, conn->url.port, strerror(e));
    return rc;
}

int iot_mqtt_client_connect(struct iot_mqtt_client *c, const struct iot_mqtt_conn *conn,
                            bool probe, char *err, size_t errlen)
{
    int keepalive = (int)(conn->keepalive ? conn->keepalive : 60);
    if (probe && probe_tcp(conn, 5000, err, errlen) != IOT_OK)
        return IOT_ERR_IO;
    int rc = mosquitto_connect(c->mosq, conn->url.host, conn->url.port, keepalive);
    if (rc == MOSQ_ERR_SUCCESS)
        return IOT_OK;
    snprintf(err, errlen, "%s:%d: %s", conn->url.host, conn->url.port,
             rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
    return IOT_ERR_IO;
}

void iot_mqtt_client_free(struct iot_mqtt_client *c)
{
    if (c->mosq != NULL)
        mosquitto_destroy(c->mosq);
    c->mosq = NULL;
    if (c->key_fd >= 0)
        close(c->key_fd);
    c->key_fd = -1;
}
