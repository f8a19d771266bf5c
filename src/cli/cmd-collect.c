/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec collect: subscribes to the events every gateway publishes and merges them into one
 * central store. A persistent session (fixed client id, clean session off, QoS 1): while the
 * collector is away the broker keeps what the gateways publish and hands it over when it is
 * back. Reconnects on its own; stops on SIGINT/SIGTERM or after --idle-exit seconds without a
 * message. */
#include "iotsec-common.h"
#include "cli/cli.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli-export.h"
#include "cli/cli-passphrase.h"
#include "cli/cli-vault.h"
#include "store/store-central.h"
#include "util/util-misc.h"

/* Set by the signal handler: the verb's only global mutable state. */
static volatile sig_atomic_t collect_stop;

static void on_collect_signal(int sig)
{
    IOT_UNUSED(sig);
    collect_stop = 1;
}

struct collect_opts {
    struct iot_cli_broker broker;
    const char *db, *client_id, *topic, *vault, *key_file;
    int pass_fd;
    uint64_t idle_exit;
    bool quiet;
};

struct collector {
    struct iot_central *store;
    const char *topic;
    bool connected, ever_connected, store_failed, subscribe_refused;
    unsigned backoff;
    uint64_t added, duplicates, conflicts, refused, failed;
    uint64_t batch; /* added in the current transaction */
    time_t last_message;
    char last_error[256];
};

static const char *const collect_usage =
    "usage: iotsec collect --broker mqtts://HOST[:PORT] [--db FILE] [--client-id ID]\n"
    "                      [--topic FILTER] [--ca-file F] [--cert-file F --key F|vault:NAME]\n"
    "                      [--username U --password vault:NAME] [--vault FILE]\n"
    "                      [--vault-key-file K] [--passphrase-fd N] [--allow-plaintext]\n"
    "                      [--idle-exit SECONDS] [-q]\n"
    "Merges the events gateways publish (analyze --export.mqtt.url=...) into FILE\n"
    "(default iotsec-central.db: table events, views alerts and gateways). The client id\n"
    "(default iotsec-collect) names the broker's persistent session: keep it.\n";

static int parse_collect(int argc, char **argv, struct collect_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->db = "iotsec-central.db";
    o->client_id = "iotsec-collect";
    o->topic = "iotsec/+/+";
    o->pass_fd = -1;
    o->broker.keepalive = 60;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(collect_usage, stdout);
            return -1;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--allow-plaintext") == 0) {
            o->quiet |= a[1] == 'q';
            o->broker.allow_plain |= a[1] == '-';
            continue;
        }
        if (v == NULL)
            return iot_cli_usage_error("collect", collect_usage, "an option lacks its value");
        const char **slot = strcmp(a, "--broker") == 0      ? &o->broker.url
                            : strcmp(a, "--ca-file") == 0   ? &o->broker.ca_file
                            : strcmp(a, "--cert-file") == 0 ? &o->broker.cert_file
                            : strcmp(a, "--key") == 0       ? &o->broker.key
                            : strcmp(a, "--username") == 0  ? &o->broker.username
                            : strcmp(a, "--password") == 0  ? &o->broker.password
                            : strcmp(a, "--db") == 0        ? &o->db
                            : strcmp(a, "--client-id") == 0 ? &o->client_id
                            : strcmp(a, "--topic") == 0     ? &o->topic
                            : strcmp(a, "--vault") == 0     ? &o->vault
                            : strcmp(a, "--vault-key-file") == 0 ? &o->key_file
                                                                 : NULL;
        if (slot != NULL)
            *slot = v;
        else if (strcmp(a, "--idle-exit") == 0 && iot_parse_u64(v, 1, 86400 * 365, &o->idle_exit) == IOT_OK)
            ;
        else if (strcmp(a, "--passphrase-fd") == 0 && iot_passphrase_fd_parse(v, &o->pass_fd) == IOT_OK)
            ;
        else
            return iot_cli_usage_error("collect", collect_usage, "unknown option or bad value");
        i++;
    }
    if (o->broker.url == NULL)
        return iot_cli_usage_error("collect", collect_usage, "--broker is required");
    if (strlen(o->client_id) == 0 || strlen(o->client_id) > 23 * 4)
        return iot_cli_usage_error("collect", collect_usage, "--client-id: 1..92 characters");
    return IOT_EXIT_OK;
}

static void on_connect(struct mosquitto *m, void *obj, int rc)
{
    struct collector *c = obj;
    if (rc != 0) {
        snprintf(c->last_error, sizeof(c->last_error), "broker refused the connection: %s",
                 mosquitto_connack_string(rc));
        return;
    }
    c->connected = c->ever_connected = true;
    c->backoff = 1;
    /* Every (re)connection subscribes again: harmless on a kept session, needed on a new one. */
    mosquitto_subscribe(m, NULL, c->topic, 1);
}

static void on_subscribe(struct mosquitto *m, void *obj, int mid, int n, const int *granted)
{
    IOT_UNUSED(m);
    IOT_UNUSED(mid);
    struct collector *c = obj;
    if (n < 1 || granted[0] > 2) /* 0x80: the broker's ACL said no */
        c->subscribe_refused = true;
}

/* At most ten lines per kind of trouble on stderr: a hostile publisher must not flood it. */
static void report(uint64_t count, const char *what, const char *err)
{
    if (count <= 10)
        fprintf(stderr, "iotsec collect: %s: %s%s\n", what, err,
                count == 10 ? " (further ones only counted)" : "");
}

static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg)
{
    IOT_UNUSED(m);
    struct collector *c = obj;
    char err[512];
    if (c->store_failed)
        return;
    int rc = iot_central_add(c->store, msg->topic, msg->payload,
                             msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0, err, sizeof(err));
    if (rc == IOT_CENTRAL_ADDED) {
        c->added++;
        c->batch++;
        c->last_message = time(NULL);
    } else if (rc == IOT_CENTRAL_DUPLICATE) {
        c->duplicates++;
    } else if (rc == IOT_CENTRAL_CONFLICT) {
        c->conflicts++;
        report(c->conflicts, "conflict (same id, other content: a forged or replayed event?)", err);
    } else if (rc == IOT_ERR_INPUT) {
        c->refused++;
        report(c->refused, "refused", err);
    } else {
        /* The store cannot take it: stop, so the broker keeps the rest of the session. */
        c->failed++;
        c->store_failed = true;
        fprintf(stderr, "iotsec collect: cannot store: %s; stopping\n", err);
    }
}

static void on_log(struct mosquitto *m, void *obj, int level, const char *str)
{
    IOT_UNUSED(m);
    struct collector *c = obj;
    if (level == MOSQ_LOG_ERR)
        iot_strlcpy(c->last_error, str, sizeof(c->last_error));
}

/* Runs the session until a signal, the idle limit or a store failure. */
static void collect_loop(struct iot_mqtt_client *cl, const struct iot_mqtt_conn *conn,
                         struct collector *c, const struct collect_opts *o)
{
    char err[256];
    c->backoff = 1;
    bool socket_up = iot_mqtt_client_connect(cl, conn, false, err, sizeof(err)) == IOT_OK;
    if (!socket_up) {
        iot_strlcpy(c->last_error, err, sizeof(c->last_error));
        fprintf(stderr, "iotsec collect: cannot connect: %s; retrying\n", err);
    }
    c->last_message = time(NULL);
    while (!collect_stop && !c->store_failed && !c->subscribe_refused) {
        if (o->idle_exit > 0 && (uint64_t)(time(NULL) - c->last_message) >= o->idle_exit)
            break;
        if (socket_up) {
            /* One transaction per read from the socket, synchronous: a commit per message would
             * bound the rate by the disk's fsync time. */
            bool tx = iot_central_begin(c->store) == IOT_OK;
            int rc = mosquitto_loop(cl->mosq, 200, 1);
            /* libmosquitto reads one packet per call: take what is already waiting. */
            for (int i = 0; rc == MOSQ_ERR_SUCCESS && i < 1000 && !c->store_failed; i++) {
                uint64_t before = c->added + c->duplicates + c->conflicts + c->refused;
                rc = mosquitto_loop(cl->mosq, 0, 1);
                if (c->added + c->duplicates + c->conflicts + c->refused == before)
                    break;
            }
            if (tx && iot_central_commit(c->store) != IOT_OK && !c->store_failed) {
                c->failed += c->batch; /* the batch is gone: stop, the broker keeps the rest */
                c->added -= c->batch < c->added ? c->batch : c->added;
                c->store_failed = true;
                fprintf(stderr, "iotsec collect: cannot commit to the store; stopping\n");
            }
            c->batch = 0;
            if (rc == MOSQ_ERR_SUCCESS)
                continue;
        }
        if (socket_up && !o->quiet)
            fprintf(stderr, "iotsec collect: connection lost%s%s; reconnecting\n",
                    c->last_error[0] ? ": " : "", c->last_error);
        socket_up = false;
        c->connected = false;
        sleep(c->backoff);
        c->backoff = c->backoff < 16 ? c->backoff * 2 : 30;
        /* mosquitto_reconnect keeps the session state (unacknowledged messages) of this handle. */
        socket_up = mosquitto_reconnect(cl->mosq) == MOSQ_ERR_SUCCESS;
    }
    if (c->subscribe_refused)
        fprintf(stderr, "iotsec collect: the broker refused the subscription to %s\n", c->topic);
}

static int run_collect(const struct collect_opts *o, const struct iot_cli_conn *cc)
{
    char err[512];
    struct collector c = {.topic = o->topic};
    c.store = iot_central_open(o->db, err, sizeof(err));
    if (c.store == NULL) {
        fprintf(stderr, "iotsec collect: %s\n", err);
        return IOT_EXIT_INPUT;
    }
    struct iot_mqtt_client cl;
    if (iot_mqtt_client_new(&cl, &cc->conn, o->client_id, false, MQTT_PROTOCOL_V311, &c, err,
                            sizeof(err)) != IOT_OK) {
        fprintf(stderr, "iotsec collect: %s\n", err);
        iot_central_close(c.store);
        return IOT_EXIT_USAGE;
    }
    mosquitto_connect_callback_set(cl.mosq, on_connect);
    mosquitto_message_callback_set(cl.mosq, on_message);
    mosquitto_subscribe_callback_set(cl.mosq, on_subscribe);
    mosquitto_log_callback_set(cl.mosq, on_log);
    signal(SIGINT, on_collect_signal);
    signal(SIGTERM, on_collect_signal);
    collect_loop(&cl, &cc->conn, &c, o);
    if (c.connected)
        mosquitto_disconnect(cl.mosq);
    iot_mqtt_client_free(&cl);
    if (!o->quiet)
        printf("iotsec collect: %llu events added to %s (%llu duplicates dropped, %llu "
               "conflicts, %llu refused, %llu not stored); %llu in the store\n",
               (unsigned long long)c.added, o->db, (unsigned long long)c.duplicates,
               (unsigned long long)c.conflicts, (unsigned long long)c.refused,
               (unsigned long long)c.failed, (unsigned long long)iot_central_count(c.store, NULL));
    iot_central_close(c.store);
    if (!c.ever_connected)
        fprintf(stderr, "iotsec collect: never connected to the broker%s%s\n",
                c.last_error[0] ? ": " : "", c.last_error);
    return c.failed > 0 || !c.ever_connected || c.subscribe_refused ? IOT_EXIT_INPUT : IOT_EXIT_OK;
}

static int cmd_collect(int argc, char **argv)
{
    struct collect_opts o;
    int rc = parse_collect(argc, argv, &o);
    if (rc != IOT_EXIT_OK)
        return rc < 0 ? IOT_EXIT_OK : rc;
    struct iot_vault *v = NULL;
    if (o.vault != NULL && (v = iot_cli_vault_open("collect", o.vault, o.key_file, o.pass_fd)) == NULL)
        return IOT_EXIT_INPUT;
    struct iot_cli_conn cc;
    rc = iot_cli_conn_get("collect", &o.broker, v, &cc);
    iot_vault_close(v);
    if (rc != IOT_EXIT_OK)
        return rc;
    rc = run_collect(&o, &cc);
    iot_cli_conn_free(&cc);
    return rc;
}

const struct iot_cmd_entry iot_cmd_collect = {
    "collect", "merge the events of several gateways from an MQTT broker into one store",
    cmd_collect};
