/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Behavioural anomaly stage of the engine. */
#include "iotsec-common.h"
#include "engine/engine-behaviour.h"

#include <errno.h>
#include <sodium.h>
#include <sys/stat.h>

#include "output/output-eve-behaviour.h"
#include "util/util-file.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

#define MODEL_MAX (256u << 20)

static struct iot_anomaly_config anomaly_config(const struct iot_config *cfg)
{
    const struct iot_behaviour_config *c = &cfg->behaviour;
    struct iot_anomaly_config a = {
        .memcap = c->memcap, .fm_grace = c->fm_grace, .ad_grace = c->ad_grace,
        .cal_grace = c->cal_grace, .max_ae = (int)c->max_ae, .fpr = (double)c->fpr_ppm / 1e6,
        .max_devices = c->max_devices, .window = (double)c->window, .seed = cfg->seed};
    return a;
}

static int load_model(struct iot_engine_behaviour *b, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    char ferr[512];
    if (iot_file_read_all(b->model, MODEL_MAX, &buf, &len, ferr, sizeof(ferr)) != IOT_OK) {
        snprintf(err, errlen, "%s", ferr);
        return IOT_ERR_IO;
    }
    if (buf == NULL) /* no model yet: learn one */
        return IOT_OK;
    char lerr[256];
    b->a = iot_anomaly_load(&b->ac, b->keyed ? b->key : NULL, (const uint8_t *)buf, len, lerr,
                            sizeof(lerr));
    iot_free(buf);
    if (b->a == NULL) {
        snprintf(err, errlen, "%s: %s", b->model, lerr);
        return IOT_ERR_INPUT;
    }
    b->loaded = true;
    return IOT_OK;
}

int iot_engine_behaviour_open(struct iot_engine_behaviour *b, const struct iot_config *cfg,
                              char *err, size_t errlen)
{
    memset(b, 0, sizeof(*b));
    if (!cfg->behaviour.enabled)
        return IOT_OK;
    b->ac = anomaly_config(cfg);
    b->fpr = b->ac.fpr;
    iot_strlcpy(b->model, cfg->behaviour.model, sizeof(b->model));
    if (b->model[0] == '\0' && (b->a = iot_anomaly_new(&b->ac, err, errlen)) == NULL)
        return IOT_ERR_NOMEM;
    /* A linear table: events are few; 4096 devices with an open incident at most. */
    uint32_t max = cfg->behaviour.max_devices < 4096 ? (uint32_t)cfg->behaviour.max_devices : 4096;
    b->incidents = iot_incidents_new(max, (double)cfg->behaviour.incident_window);
    if (b->incidents == NULL) {
        snprintf(err, errlen, "anomaly: out of memory");
        iot_engine_behaviour_close(b);
        return IOT_ERR_NOMEM;
    }
    if (cfg->behaviour.scores[0] != '\0' && (b->scores = fopen(cfg->behaviour.scores, "w")) == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->behaviour.scores, strerror(errno));
        iot_engine_behaviour_close(b);
        return IOT_ERR_IO;
    }
    return IOT_OK;
}

int iot_engine_behaviour_start(struct iot_engine_behaviour *b, const uint8_t *key, char *err,
                               size_t errlen)
{
    if (b->incidents == NULL || b->a != NULL) /* off, or learning without a model file */
        return IOT_OK;
    b->keyed = key != NULL;
    if (key != NULL)
        memcpy(b->key, key, sizeof(b->key));
    int rc = load_model(b, err, errlen);
    if (rc != IOT_OK)
        return rc;
    if (b->a == NULL && (b->a = iot_anomaly_new(&b->ac, err, errlen)) == NULL)
        return IOT_ERR_NOMEM;
    return IOT_OK;
}

static void device_label(const struct iot_packet *p, const struct iot_device *dev, char *buf,
                         size_t len)
{
    char ip[64];
    iot_eve_format_addr(&p->src, p->ip_ver, ip, sizeof(ip));
    const char *kind = dev != NULL && dev->attr[IOT_ATTR_KIND].value[0] ? dev->attr[IOT_ATTR_KIND].value
                                                                         : "device";
    snprintf(buf, len, "%.60s %.64s", kind, ip);
}

void iot_engine_behaviour_packet(struct iot_engine_behaviour *b, struct iot_eve *eve,
                                 const struct iot_packet *p, const struct iot_device *dev,
                                 const char *dns_query, bool odd)
{
    const uint32_t need = IOT_PKT_HAS_ETH;
    if (b->a == NULL || (p->flags & need) != need ||
        !(p->flags & (IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_IPV6)) ||
        (p->flags & (IOT_PKT_INVALID | IOT_PKT_FRAGMENT)))
        return;
    struct iot_feat_packet fp = {0};
    fp.t = iot_ts_seconds(p->ts);
    fp.len = p->wirelen;
    memcpy(fp.src_mac, p->src_mac, 6);
    fp.ip_ver = p->ip_ver;
    fp.proto = p->ip_proto;
    memcpy(fp.src_ip, p->src.b, 16);
    memcpy(fp.dst_ip, p->dst.b, 16);
    if (p->flags & (IOT_PKT_HAS_TCP | IOT_PKT_HAS_UDP)) {
        fp.sp = p->sp;
        fp.dp = p->dp;
    }
    const char *kind = dev != NULL ? dev->attr[IOT_ATTR_KIND].value : NULL;
    struct iot_anomaly_context ctx = {kind, dns_query, odd};
    iot_anomaly_packet(b->a, &fp, &ctx, &b->v);
    const struct iot_anomaly_verdict *v = &b->v;
    if (b->scores != NULL && v->phase >= IOT_ANOMALY_CALIBRATE) {
        char mac[18];
        iot_eve_format_mac(p->src_mac, mac, sizeof(mac));
        fprintf(b->scores, "%llu %lld.%06u %.6g %.6g %s\n", (unsigned long long)p->num,
                (long long)p->ts.sec, p->ts.nsec / 1000, v->score,
                v->phase == IOT_ANOMALY_DETECT ? v->threshold : 0.0, mac);
    }
    if (!v->report)
        return;
    char who[128], text[2048];
    device_label(p, dev, who, sizeof(who));
    iot_anomaly_explain(v, b->fpr, who, text, sizeof(text));
    iot_eve_log_behaviour(eve, p, dev, v,
                          iot_engine_behaviour_incident(b, dev, p->ts, IOT_INCIDENT_ANOMALY), text);
}

const struct iot_incident *iot_engine_behaviour_incident(struct iot_engine_behaviour *b,
                                                         const struct iot_device *dev,
                                                         struct iot_ts ts,
                                                         enum iot_incident_kind kind)
{
    if (b->incidents == NULL || dev == NULL)
        return NULL;
    return iot_incident_note(b->incidents, dev->id, iot_ts_seconds(ts), kind);
}

int iot_engine_behaviour_save(const struct iot_engine_behaviour *b, char *err, size_t errlen)
{
    if (b->a == NULL || b->model[0] == '\0')
        return IOT_OK;
    size_t len = 0;
    uint8_t *m = iot_anomaly_save(b->a, b->keyed ? b->key : NULL, &len);
    if (m == NULL) /* still learning which features go together: nothing worth keeping */
        return IOT_OK;
    int rc = iot_file_replace(b->model, m, len, 0600, err, errlen);
    iot_free(m);
    return rc;
}

void iot_engine_behaviour_close(struct iot_engine_behaviour *b)
{
    sodium_memzero(b->key, sizeof(b->key));
    iot_anomaly_free(b->a);
    b->a = NULL;
    iot_incidents_free(b->incidents);
    b->incidents = NULL;
    if (b->scores != NULL)
        fclose(b->scores);
    b->scores = NULL;
}
