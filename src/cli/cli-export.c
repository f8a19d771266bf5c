/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Broker settings and secrets for analyze, export and collect. */
#include "iotsec-common.h"
#include "cli/cli-export.h"

#include <sodium.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config/config.h"
#include "util/util-file.h"
#include "util/util-misc.h"

#define KEY_PEM_MAX (16u << 10)

static bool is_vault_ref(const char *s)
{
    return s != NULL && strncmp(s, "vault:", 6) == 0;
}

bool iot_cli_broker_needs_vault(const struct iot_cli_broker *b)
{
    return is_vault_ref(b->key) || is_vault_ref(b->password);
}

void iot_cli_broker_from_config(const struct iot_config *cfg, struct iot_cli_broker *b)
{
    const struct iot_export_config *e = &cfg->export;
    *b = (struct iot_cli_broker){e->url,      e->ca_file,  e->cert_file,       e->key,
                                 e->username, e->password, e->allow_plain != 0, (unsigned)e->keepalive};
}

/* A secret from the vault into new guarded memory (NUL-terminated, so a password works). */
static int vault_secret(const char *verb, struct iot_vault *v, const char *ref, uint8_t **out,
                        size_t *len)
{
    const uint8_t *val;
    if (v == NULL) {
        fprintf(stderr, "iotsec %s: '%s' needs --vault FILE\n", verb, ref);
        return IOT_EXIT_USAGE;
    }
    if (iot_vault_get(v, ref + 6, &val, len) != IOT_OK || *len == 0) {
        fprintf(stderr, "iotsec %s: the vault holds no secret named '%s'\n", verb, ref + 6);
        return IOT_EXIT_INPUT;
    }
    *out = sodium_malloc(*len + 1);
    if (*out == NULL) {
        fprintf(stderr, "iotsec %s: out of memory\n", verb);
        return IOT_EXIT_INPUT;
    }
    memcpy(*out, val, *len);
    (*out)[*len] = '\0';
    return IOT_EXIT_OK;
}

static int load_key(const char *verb, const char *ref, struct iot_vault *v, struct iot_cli_conn *c)
{
    size_t len = 0;
    if (is_vault_ref(ref)) {
        int rc = vault_secret(verb, v, ref, &c->key_pem, &len);
        c->conn.key_pem_len = len;
        c->conn.key_pem = c->key_pem;
        return rc;
    }
    c->key_pem = sodium_malloc(KEY_PEM_MAX);
    char err[512];
    if (c->key_pem == NULL ||
        iot_file_read_private(ref, c->key_pem, KEY_PEM_MAX, &len, err, sizeof(err)) != IOT_OK) {
        fprintf(stderr, "iotsec %s: client key: %s\n", verb, c->key_pem ? err : "out of memory");
        return IOT_EXIT_INPUT;
    }
    c->conn.key_pem = c->key_pem;
    c->conn.key_pem_len = len;
    return IOT_EXIT_OK;
}

int iot_cli_conn_get(const char *verb, const struct iot_cli_broker *b, struct iot_vault *v,
                     struct iot_cli_conn *c)
{
    memset(c, 0, sizeof(*c));
    char err[512];
    if (sodium_init() < 0) { /* guarded memory needs it */
        fprintf(stderr, "iotsec %s: libsodium cannot start\n", verb);
        return IOT_EXIT_INPUT;
    }
    if (iot_mqtt_url_parse(b->url, &c->conn.url, err, sizeof(err)) != IOT_OK) {
        fprintf(stderr, "iotsec %s: %s\n", verb, err);
        return IOT_EXIT_USAGE;
    }
    if (!c->conn.url.tls && !b->allow_plain) {
        fprintf(stderr, "iotsec %s: %s sends events in the clear: use mqtts://, or allow it in so "
                        "many words (export.mqtt.allow-plaintext=1, collect --allow-plaintext)\n",
                verb, b->url);
        return IOT_EXIT_USAGE;
    }
    c->conn.allow_plain = b->allow_plain;
    c->conn.ca_file = b->ca_file;
    c->conn.cert_file = b->cert_file;
    c->conn.username = b->username;
    c->conn.keepalive = b->keepalive;
    int rc = IOT_EXIT_OK;
    if (b->key != NULL && *b->key)
        rc = load_key(verb, b->key, v, c);
    if (rc == IOT_EXIT_OK && b->password != NULL && *b->password) {
        size_t len;
        if (!is_vault_ref(b->password)) {
            fprintf(stderr, "iotsec %s: the password must be vault:NAME\n", verb);
            rc = IOT_EXIT_USAGE;
        } else {
            rc = vault_secret(verb, v, b->password, (uint8_t **)&c->password, &len);
            c->conn.password = c->password;
        }
    }
    if (rc != IOT_EXIT_OK)
        iot_cli_conn_free(c);
    return rc;
}

void iot_cli_conn_free(struct iot_cli_conn *c)
{
    sodium_free(c->key_pem);
    sodium_free(c->password);
    c->key_pem = NULL;
    c->password = NULL;
    c->conn.key_pem = NULL;
    c->conn.password = NULL;
}

int iot_cli_export_config(const char *verb, const struct iot_config *cfg,
                          const struct iot_cli_conn *c, bool wait_when_full,
                          struct iot_mqtt_export_config *x)
{
    const struct iot_export_config *e = &cfg->export;
    memset(x, 0, sizeof(*x));
    x->conn = c->conn;
    if (e->gateway[0] != '\0') {
        iot_strlcpy(x->gateway, e->gateway, sizeof(x->gateway));
    } else if (gethostname(x->gateway, sizeof(x->gateway)) != 0) {
        x->gateway[0] = '\0';
    }
    x->gateway[sizeof(x->gateway) - 1] = '\0';
    if (!iot_mqtt_name_ok(x->gateway)) {
        fprintf(stderr, "iotsec %s: gateway name '%s' is not 1-63 characters of A-Z a-z 0-9 . _ -:"
                        " set export.mqtt.gateway\n", verb, x->gateway);
        return IOT_EXIT_USAGE;
    }
    iot_strlcpy(x->topic_prefix, e->topic_prefix, sizeof(x->topic_prefix));
    iot_strlcpy(x->event_types, e->event_types, sizeof(x->event_types));
    if (e->spool_dir[0] != '\0')
        iot_strlcpy(x->spool_dir, e->spool_dir, sizeof(x->spool_dir));
    else if (snprintf(x->spool_dir, sizeof(x->spool_dir), "%s/spool", cfg->output_dir) >=
             (int)sizeof(x->spool_dir)) {
        fprintf(stderr, "iotsec %s: output.dir too long for the spool\n", verb);
        return IOT_EXIT_USAGE;
    }
    x->spool_max_bytes = e->spool_max;
    x->queue_max_bytes = e->queue_max;
    x->reconnect_max = (unsigned)e->reconnect_max;
    x->drain_timeout = (unsigned)e->drain_timeout;
    x->window = (unsigned)e->window;
    x->wait_when_full = wait_when_full;
    return IOT_EXIT_OK;
}

int iot_cli_export_start(const char *verb, const struct iot_config *cfg, struct iot_vault *v,
                         bool wait_when_full, _Atomic int *abort_drain,
                         struct iot_mqtt_exporter **out)
{
    *out = NULL;
    struct iot_cli_broker b;
    struct iot_cli_conn c;
    struct iot_mqtt_export_config xc;
    iot_cli_broker_from_config(cfg, &b);
    int rc = iot_cli_conn_get(verb, &b, v, &c);
    if (rc != IOT_EXIT_OK)
        return rc;
    rc = iot_cli_export_config(verb, cfg, &c, wait_when_full, &xc);
    xc.abort_drain = abort_drain;
    char err[512];
    if (rc == IOT_EXIT_OK && (*out = iot_mqtt_export_new(&xc, err, sizeof(err))) == NULL) {
        fprintf(stderr, "iotsec %s: %s\n", verb, err);
        rc = IOT_EXIT_INPUT;
    }
    iot_cli_conn_free(&c); /* the exporter keeps its own copies of the secrets */
    return rc;
}

void iot_cli_export_print(FILE *out, const char *url, const struct iot_mqtt_export_stats *st)
{
    fprintf(out, "  export     %s: %llu events delivered, %llu waiting in the spool, %llu dropped"
                 " (spool or queue full)",
            url, (unsigned long long)st->delivered, (unsigned long long)st->pending,
            (unsigned long long)st->dropped);
    if (st->pending > 0 && st->last_error[0] != '\0')
        fprintf(out, "; last error: %s", st->last_error);
    fputc('\n', out);
}
