/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The MQTT exporter thread: queue -> spool -> broker, acknowledged events out of the spool. */
#include "iotsec-common.h"
#include "output/output-mqtt.h"

#include <errno.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sodium.h>
#include <time.h>

#include "output/output-spool.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

#define TYPE_MAX 32
#define WINDOW_MAX 1024
#define CONNACK_TIMEOUT 30 /* seconds from TCP connect to the broker's answer */
#define EVENT_MAX ((1u << 20) - 256) /* what the collector accepts, with our added fields */

struct queued {
    struct queued *next;
    size_t len;
    char type[TYPE_MAX];
    char line[];
};

struct inflight {
    int mid;
    uint64_t seq;
};

enum conn_state { DISCONNECTED, CONNECTING, CONNECTED };

struct iot_mqtt_exporter {
    struct iot_mqtt_export_config cfg; /* conn's secrets are our copies below */
    uint8_t *key_pem;                  /* sodium_malloc: wiped when freed */
    char *password;
    char types[16][TYPE_MAX];          /* exported event types; n_types 0: all */
    size_t n_types;

    pthread_mutex_t mu;                /* guards the queue, stopping and the queue counters */
    pthread_cond_t work, space;
    struct queued *head, *tail;
    uint64_t queue_bytes;
    bool stopping;
    bool thread_started;
    pthread_t thread;
    struct iot_mqtt_export_stats st;   /* queued/filtered/dropped under mu; the rest the thread's */

    /* The exporter thread's own. */
    struct iot_spool *spool;
    struct iot_mqtt_client client;
    enum conn_state state;
    struct inflight *inflight;
    size_t n_inflight;
    uint64_t *acked;
    size_t n_acked;
    uint64_t spool_dropped_run; /* events the spool refused in this run */
    double last_removal;        /* when acknowledged events last left the spool */
    double connect_started;
    bool connack_refused;   /* the broker said why: keep that reason over the loop's */
    bool event_refused;     /* a PUBACK refused an event: reconnect later, keep it spooled */
    bool refusal_sticky;    /* that reason stays the last error until an event gets through */
    uint64_t last_sent; /* highest sequence number published on this connection */
    double retry_at, backoff;
    char *msg;          /* reused message buffer */
    size_t msg_cap;
};

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void iot_mqtt_event_type(const char *line, size_t len, char *out, size_t outlen)
{
    static const char key[] = "\"event_type\":\"";
    const char *end = line + len, *p = line;
    size_t klen = sizeof(key) - 1;
    snprintf(out, outlen, "unknown");
    /* EVE writes event_type second, after the timestamp: look in the first 128 bytes only. */
    const char *lim = len > 128 ? line + 128 : end;
    for (; p + klen <= lim; p++)
        if (memcmp(p, key, klen) == 0)
            break;
    if (p + klen > lim)
        return;
    p += klen;
    size_t n = 0;
    while (p + n < end && n + 1 < outlen && n < TYPE_MAX - 1 &&
           ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_'))
        n++;
    if (n == 0 || p + n >= end || p[n] != '"')
        return;
    memcpy(out, p, n);
    out[n] = '\0';
}

static int parse_types(struct iot_mqtt_exporter *x, char *err, size_t errlen)
{
    const char *s = x->cfg.event_types;
    if (strcmp(s, "all") == 0)
        return IOT_OK;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n == 0 || n >= TYPE_MAX || x->n_types == IOT_ARRAY_LEN(x->types)) {
            snprintf(err, errlen, "export.mqtt.event-types: '%s': a comma-separated list of at "
                                  "most 16 event types, or all", x->cfg.event_types);
            return IOT_ERR_INPUT;
        }
        memcpy(x->types[x->n_types], s, n);
        x->types[x->n_types++][n] = '\0';
        s += n + (s[n] == ',');
    }
    return x->n_types ? IOT_OK : IOT_ERR_INPUT;
}

static bool type_exported(const struct iot_mqtt_exporter *x, const char *type)
{
    if (x->n_types == 0)
        return true;
    for (size_t i = 0; i < x->n_types; i++)
        if (strcmp(x->types[i], type) == 0)
            return true;
    return false;
}

/* ---- the exporter thread ---- */

/* The last error, unless a broker's refusal of an event is standing: that one says what an
 * operator must fix, and a connection lost afterwards would only hide it. */
static void set_error(struct iot_mqtt_exporter *x, const char *msg)
{
    if (!x->refusal_sticky)
        iot_strlcpy(x->st.last_error, msg, sizeof(x->st.last_error));
}

static void on_connect(struct mosquitto *m, void *obj, int rc)
{
    IOT_UNUSED(m);
    struct iot_mqtt_exporter *x = obj;
    if (rc == 0) {
        x->state = CONNECTED;
        x->backoff = 1;
        x->st.connects++;
    } else {
        char msg[128];
        snprintf(msg, sizeof(msg), "broker refused the connection: %s", mosquitto_reason_string(rc));
        set_error(x, msg);
        x->connack_refused = true;
    }
}

/* MQTT 5: a PUBACK with a reason code of 0x80 or more means the broker did not take the event
 * (not authorised by its ACL, quota, ...): it stays in the spool and the connection is reset
 * after the backoff, so a broker that refuses everything is not hammered. */
static void on_publish(struct mosquitto *m, void *obj, int mid, int reason,
                       const mosquitto_property *props)
{
    IOT_UNUSED(m);
    IOT_UNUSED(props);
    struct iot_mqtt_exporter *x = obj;
    for (size_t i = 0; i < x->n_inflight; i++) {
        if (x->inflight[i].mid != mid)
            continue;
        if (reason >= 0x80) {
            char msg[160];
            snprintf(msg, sizeof(msg), "broker refused event %llu: %s",
                     (unsigned long long)x->inflight[i].seq, mosquitto_reason_string(reason));
            iot_strlcpy(x->st.last_error, msg, sizeof(x->st.last_error));
            x->event_refused = x->refusal_sticky = true;
        } else if (x->n_acked < 2 * (size_t)x->cfg.window) {
            x->acked[x->n_acked++] = x->inflight[i].seq;
            x->refusal_sticky = false;
        }
        x->inflight[i] = x->inflight[--x->n_inflight];
        return;
    }
}

static void on_log(struct mosquitto *m, void *obj, int level, const char *str)
{
    IOT_UNUSED(m);
    if (level == MOSQ_LOG_ERR) /* OpenSSL's reason for a failed handshake arrives here */
        set_error(obj, str);
}

static void remove_acked(struct iot_mqtt_exporter *x, bool now);

static void drop_connection(struct iot_mqtt_exporter *x)
{
    remove_acked(x, true); /* before everything unacknowledged is sent again */
    if (x->state == CONNECTED)
        mosquitto_disconnect(x->client.mosq);
    iot_mqtt_client_free(&x->client);
    x->state = DISCONNECTED;
    x->event_refused = false;
    /* Unacknowledged events are sent again on the next connection: at-least-once. */
    x->n_inflight = 0;
    x->last_sent = 0;
    x->retry_at = now_mono() + x->backoff;
    x->backoff = x->backoff * 2 > x->cfg.reconnect_max ? x->cfg.reconnect_max : x->backoff * 2;
}

static void try_connect(struct iot_mqtt_exporter *x)
{
    char err[256];
    /* The spool id in the client id: two gateways left with one default host name, or a flush
     * beside a run, must not keep disconnecting each other. */
    char id[IOT_MQTT_NAME_MAX + IOT_SPOOL_ID_LEN + 16];
    snprintf(id, sizeof(id), "iotsec-%s-%s", x->cfg.gateway, iot_spool_id(x->spool));
    x->connack_refused = false;
    if (iot_mqtt_client_new(&x->client, &x->cfg.conn, id, true, MQTT_PROTOCOL_V5, x, err,
                            sizeof(err)) != IOT_OK) {
        set_error(x, err);
        x->st.connect_failures++;
        drop_connection(x);
        return;
    }
    mosquitto_connect_callback_set(x->client.mosq, on_connect);
    mosquitto_publish_v5_callback_set(x->client.mosq, on_publish);
    mosquitto_log_callback_set(x->client.mosq, on_log);
    mosquitto_max_inflight_messages_set(x->client.mosq, x->cfg.window);
    if (iot_mqtt_client_connect(&x->client, &x->cfg.conn, true, err, sizeof(err)) != IOT_OK) {
        if (strstr(x->st.last_error, "SSL") == NULL) /* keep OpenSSL's more precise reason */
            set_error(x, err);
        x->st.connect_failures++;
        drop_connection(x);
        return;
    }
    x->state = CONNECTING;
    x->connect_started = now_mono();
}

/* Moves the in-memory queue into the spool, one transaction. An event the spool refuses
 * (full, or a write error) is counted as dropped there. */
static void spool_queue(struct iot_mqtt_exporter *x, struct queued *list)
{
    if (list == NULL)
        return;
    struct iot_spool_stats before, after;
    iot_spool_get_stats(x->spool, &before);
    bool tx = iot_spool_begin(x->spool) == IOT_OK;
    uint64_t spooled = 0, n = 0;
    while (list != NULL) {
        struct queued *q = list;
        list = q->next;
        n++;
        if (tx && iot_spool_add(x->spool, q->type, q->line, q->len) == IOT_OK)
            spooled++;
        iot_free(q);
    }
    if (!tx || iot_spool_commit(x->spool) != IOT_OK) {
        set_error(x, "spool: cannot write (disk full?)");
        iot_spool_count_dropped(x->spool, spooled + (tx ? 0 : n));
        spooled = 0;
    }
    iot_spool_get_stats(x->spool, &after);
    x->st.spooled += spooled;
    x->spool_dropped_run += after.dropped - before.dropped;
}

static int publish_one(void *ctx, uint64_t seq, const char *type, const char *payload, size_t len)
{
    struct iot_mqtt_exporter *x = ctx;
    char topic[3 * IOT_MQTT_NAME_MAX + 8];
    char head[IOT_MQTT_NAME_MAX + IOT_SPOOL_ID_LEN + 80];
    if (len < 3 || payload[0] != '{') { /* not an EVE object (a damaged spool): removed */
        if (x->n_acked >= x->cfg.window)
            return 1; /* room stays for the acknowledgements of a full window */
        x->acked[x->n_acked++] = seq;
        x->last_sent = seq;
        return 0;
    }
    snprintf(topic, sizeof(topic), "%s/%s/%s", x->cfg.topic_prefix, x->cfg.gateway, type);
    int hlen = snprintf(head, sizeof(head),
                        "{\"host\":\"%s\",\"export_spool\":\"%s\",\"export_seq\":%llu,",
                        x->cfg.gateway, iot_spool_id(x->spool), (unsigned long long)seq);
    size_t body = len - 1, need = (size_t)hlen + body;
    if (payload[len - 1] == '\n')
        need--, body--;
    if (need > x->msg_cap) {
        char *nb = iot_realloc(x->msg, need);
        if (nb == NULL)
            return 1;
        x->msg = nb;
        x->msg_cap = need;
    }
    memcpy(x->msg, head, (size_t)hlen);
    memcpy(x->msg + hlen, payload + 1, body);
    int mid = 0;
    int rc = mosquitto_publish(x->client.mosq, &mid, topic, (int)need, x->msg, 1, false);
    if (rc != MOSQ_ERR_SUCCESS) {
        char msg[128];
        snprintf(msg, sizeof(msg), "publishing event %llu: %s", (unsigned long long)seq,
                 mosquitto_strerror(rc));
        set_error(x, msg);
        return 1;
    }
    x->inflight[x->n_inflight++] = (struct inflight){mid, seq};
    x->last_sent = seq;
    x->st.published++;
    return x->n_inflight >= x->cfg.window;
}

static void publish_more(struct iot_mqtt_exporter *x)
{
    while (x->state == CONNECTED && x->n_inflight < x->cfg.window) {
        size_t before = x->n_inflight;
        uint64_t from = x->last_sent;
        int n = iot_spool_read(x->spool, from, (int)(x->cfg.window - x->n_inflight), publish_one, x);
        if (n <= 0 || (x->n_inflight == before && x->last_sent == from))
            break;
    }
}

/* Acknowledged events leave the spool in batches (a window's worth, or every 250 ms): each
 * removal is a synchronous commit, and one per loop turn would bound the rate by the disk's
 * fsync time. An event acknowledged but not yet removed when the process dies is sent again. */
static void remove_acked(struct iot_mqtt_exporter *x, bool now)
{
    if (x->n_acked == 0)
        return;
    double t = now_mono();
    if (!now && x->n_acked < x->cfg.window && t - x->last_removal < 0.25)
        return;
    x->last_removal = t;
    if (iot_spool_remove(x->spool, x->acked, x->n_acked) == IOT_OK)
        x->st.delivered += x->n_acked;
    x->n_acked = 0;
}

static bool take_queue(struct iot_mqtt_exporter *x, struct queued **list, double wait)
{
    pthread_mutex_lock(&x->mu);
    if (x->head == NULL && wait > 0) { /* stopping too: a drain must not spin */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        long ns = ts.tv_nsec + (long)(wait * 1e9);
        ts.tv_sec += ns / 1000000000L;
        ts.tv_nsec = ns % 1000000000L;
        pthread_cond_timedwait(&x->work, &x->mu, &ts);
    }
    *list = x->head;
    x->head = x->tail = NULL;
    x->queue_bytes = 0;
    bool stopping = x->stopping;
    pthread_cond_broadcast(&x->space);
    pthread_mutex_unlock(&x->mu);
    return stopping;
}

/* One turn of the connection: connect when due, publish, read acknowledgements; a broker that
 * does not answer, refused an event or dropped the line is left for the next attempt. */
static void connection_turn(struct iot_mqtt_exporter *x, uint64_t pending)
{
    if (x->state == DISCONNECTED && pending > 0 && now_mono() >= x->retry_at)
        try_connect(x);
    publish_more(x);
    if (x->state == DISCONNECTED)
        return;
    int rc = mosquitto_loop(x->client.mosq, 50, 1);
    /* libmosquitto reads one packet per call: take the acknowledgements already waiting before
     * the next turn's spool work. */
    for (int i = 0; rc == MOSQ_ERR_SUCCESS && i < 4096 && x->n_inflight > 0; i++) {
        size_t before = x->n_inflight;
        rc = mosquitto_loop(x->client.mosq, 0, 1);
        if (x->n_inflight == before)
            break;
    }
    if (rc != MOSQ_ERR_SUCCESS) {
        int e = errno;
        char msg[256];
        if (x->state == CONNECTING)
            x->st.connect_failures++;
        if (rc == MOSQ_ERR_ERRNO) {
            snprintf(msg, sizeof(msg), "%.180s:%d: %.60s", x->cfg.conn.url.host, x->cfg.conn.url.port,
                     strerror(e));
            set_error(x, msg);
        } else if (rc == MOSQ_ERR_TLS && strstr(x->st.last_error, "SSL") == NULL) {
            set_error(x, "TLS handshake failed");
        } else if (rc != MOSQ_ERR_TLS && !x->connack_refused) {
            set_error(x, mosquitto_strerror(rc));
        }
        drop_connection(x);
    } else if (x->state == CONNECTING && now_mono() - x->connect_started > CONNACK_TIMEOUT) {
        x->st.connect_failures++;
        set_error(x, "the broker did not answer the connection within 30 s");
        drop_connection(x);
    } else if (x->event_refused) {
        drop_connection(x);
    }
}

static void *exporter_main(void *arg)
{
    struct iot_mqtt_exporter *x = arg;
    double deadline = 0;
    for (;;) {
        struct queued *list;
        bool stopping = take_queue(x, &list, x->state == DISCONNECTED ? 0.1 : 0);
        spool_queue(x, list);
        if (stopping && deadline == 0)
            deadline = now_mono() + x->cfg.drain_timeout;
        struct iot_spool_stats ss;
        iot_spool_get_stats(x->spool, &ss);
        if (stopping && (ss.pending <= x->n_acked || now_mono() >= deadline ||
                         (x->cfg.abort_drain != NULL && atomic_load(x->cfg.abort_drain))))
            break;
        connection_turn(x, ss.pending);
        remove_acked(x, false);
    }
    remove_acked(x, true);
    return NULL;
}


/* ---- the packet path ---- */

void iot_mqtt_export_push(struct iot_mqtt_exporter *x, const char *line, size_t len)
{
    char type[TYPE_MAX];
    iot_mqtt_event_type(line, len, type, sizeof(type));
    if (len > 0 && line[len - 1] == '\n')
        len--;
    /* Decided and copied outside the lock (the type list never changes): one short critical
     * section per event. */
    bool keep = type_exported(x, type);
    bool fits = len >= 3 && len <= EVENT_MAX && line[0] == '{'; /* else no collector takes it */
    struct queued *q = keep && fits ? iot_malloc(sizeof(*q) + len) : NULL;
    if (q != NULL) {
        q->next = NULL;
        q->len = len;
        memcpy(q->type, type, sizeof(type));
        memcpy(q->line, line, len);
    }
    pthread_mutex_lock(&x->mu);
    x->st.queued++;
    x->st.filtered += !keep;
    while (q != NULL && x->queue_bytes + len > x->cfg.queue_max_bytes && x->head != NULL &&
           x->cfg.wait_when_full && !x->stopping)
        pthread_cond_wait(&x->space, &x->mu);
    if (keep && (q == NULL || x->stopping ||
                 (x->queue_bytes + len > x->cfg.queue_max_bytes && x->head != NULL))) {
        x->st.dropped++;
        pthread_mutex_unlock(&x->mu);
        iot_free(q);
        return;
    }
    if (q != NULL) {
        if (x->tail != NULL)
            x->tail->next = q;
        else
            x->head = q;
        x->tail = q;
        x->queue_bytes += len;
        pthread_cond_signal(&x->work);
    }
    pthread_mutex_unlock(&x->mu);
}

/* ---- life cycle ---- */

static int copy_secrets(struct iot_mqtt_exporter *x, const struct iot_mqtt_conn *c, char *err,
                        size_t errlen)
{
    if (c->key_pem != NULL) {
        x->key_pem = sodium_malloc(c->key_pem_len ? c->key_pem_len : 1);
        if (x->key_pem == NULL)
            goto nomem;
        memcpy(x->key_pem, c->key_pem, c->key_pem_len);
        x->cfg.conn.key_pem = x->key_pem;
    }
    if (c->password != NULL) {
        size_t n = strlen(c->password) + 1;
        x->password = sodium_malloc(n);
        if (x->password == NULL)
            goto nomem;
        memcpy(x->password, c->password, n);
        x->cfg.conn.password = x->password;
    }
    /* The paths and the username point into the caller's config: keep our own copies. */
    x->cfg.conn.ca_file = c->ca_file ? iot_strdup(c->ca_file) : NULL;
    x->cfg.conn.cert_file = c->cert_file ? iot_strdup(c->cert_file) : NULL;
    x->cfg.conn.username = c->username ? iot_strdup(c->username) : NULL;
    if ((c->ca_file && !x->cfg.conn.ca_file) || (c->cert_file && !x->cfg.conn.cert_file) ||
        (c->username && !x->cfg.conn.username))
        goto nomem;
    return IOT_OK;
nomem:
    snprintf(err, errlen, "exporter: out of memory");
    return IOT_ERR_NOMEM;
}

static void free_exporter(struct iot_mqtt_exporter *x)
{
    struct queued *q = x->head;
    while (q != NULL) {
        struct queued *n = q->next;
        iot_free(q);
        q = n;
    }
    iot_mqtt_client_free(&x->client);
    iot_spool_close(x->spool);
    sodium_free(x->key_pem);
    sodium_free(x->password);
    iot_free((void *)x->cfg.conn.ca_file);
    iot_free((void *)x->cfg.conn.cert_file);
    iot_free((void *)x->cfg.conn.username);
    iot_free(x->inflight);
    iot_free(x->acked);
    iot_free(x->msg);
    pthread_mutex_destroy(&x->mu);
    pthread_cond_destroy(&x->work);
    pthread_cond_destroy(&x->space);
    iot_free(x);
}

static int check_config(const struct iot_mqtt_export_config *cfg, char *err, size_t errlen)
{
    if (!iot_mqtt_name_ok(cfg->gateway) || !iot_mqtt_name_ok(cfg->topic_prefix)) {
        snprintf(err, errlen, "gateway '%s' and topic prefix '%s' must be 1-63 characters of "
                              "A-Z a-z 0-9 . _ -", cfg->gateway, cfg->topic_prefix);
        return IOT_ERR_INPUT;
    }
    if (cfg->window == 0 || cfg->window > WINDOW_MAX || cfg->queue_max_bytes == 0) {
        snprintf(err, errlen, "exporter: window 1..%d and a queue of at least one byte", WINDOW_MAX);
        return IOT_ERR_INPUT;
    }
    return IOT_OK;
}

struct iot_mqtt_exporter *iot_mqtt_export_new(const struct iot_mqtt_export_config *cfg,
                                              char *err, size_t errlen)
{
    if (check_config(cfg, err, errlen) != IOT_OK || sodium_init() < 0)
        return NULL;
    struct iot_mqtt_exporter *x = iot_calloc(1, sizeof(*x));
    if (x == NULL) {
        snprintf(err, errlen, "exporter: out of memory");
        return NULL;
    }
    x->cfg = *cfg;
    x->cfg.conn.key_pem = NULL;
    x->cfg.conn.password = NULL;
    x->cfg.conn.ca_file = x->cfg.conn.cert_file = x->cfg.conn.username = NULL;
    x->client.key_fd = -1;
    x->backoff = 1;
    pthread_mutex_init(&x->mu, NULL);
    pthread_cond_init(&x->work, NULL);
    pthread_cond_init(&x->space, NULL);
    x->inflight = iot_calloc(cfg->window, sizeof(*x->inflight));
    x->acked = iot_calloc(2 * (size_t)cfg->window, sizeof(*x->acked));
    if (x->inflight == NULL || x->acked == NULL) {
        snprintf(err, errlen, "exporter: out of memory");
        free_exporter(x);
        return NULL;
    }
    if (copy_secrets(x, &cfg->conn, err, errlen) != IOT_OK || parse_types(x, err, errlen) != IOT_OK ||
        (x->spool = iot_spool_open(cfg->spool_dir, cfg->spool_max_bytes, false, err, errlen)) == NULL) {
        free_exporter(x);
        return NULL;
    }
    /* Signals go to the packet thread: the CLI's handlers are not written for two threads. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&x->thread, NULL, exporter_main, x);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(err, errlen, "exporter: cannot start its thread");
        free_exporter(x);
        return NULL;
    }
    x->thread_started = true;
    return x;
}

void iot_mqtt_export_close(struct iot_mqtt_exporter *x, struct iot_mqtt_export_stats *st)
{
    if (x == NULL)
        return;
    pthread_mutex_lock(&x->mu);
    x->stopping = true;
    pthread_cond_broadcast(&x->work);
    pthread_cond_broadcast(&x->space);
    pthread_mutex_unlock(&x->mu);
    if (x->thread_started)
        pthread_join(x->thread, NULL);
    if (x->state == CONNECTED)
        mosquitto_disconnect(x->client.mosq);
    /* Events the full queue refused count in the spool's lifetime total too. */
    iot_spool_count_dropped(x->spool, x->st.dropped);
    struct iot_spool_stats ss;
    iot_spool_get_stats(x->spool, &ss);
    x->st.pending = ss.pending;
    x->st.spool_dropped = ss.dropped;
    x->st.dropped += x->spool_dropped_run;
    if (st != NULL)
        *st = x->st;
    free_exporter(x);
}
