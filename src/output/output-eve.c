/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The EVE writer and the formatting every EVE record shares. */
#include "iotsec-common.h"
#include "output/output-eve.h"

#include <arpa/inet.h>
#include <time.h>

#include "util/util-mem.h"

struct iot_eve {
    FILE *fp;
    bool own_fp;
    bool failed;
    uint64_t written;
    uint64_t failed_events;
    char *buf; /* reused line buffer: no allocation per event once it has grown */
    size_t cap;
    struct iot_jb jb;
    iot_eve_tap_fn tap; /* also gets every line written (the exporter) */
    void *tap_ctx;
    int64_t ts_cache_sec; /* the second whose text is in ts_cache */
    char ts_cache[24];
};

/* One record never exceeds this: a flow record is under 2 KiB even with every nDPI risk. */
#define EVE_RECORD_MAX (64u << 10)

struct iot_eve *iot_eve_open(const char *path, char *err, size_t errlen)
{
    struct iot_eve *e = iot_calloc(1, sizeof(*e));
    if (e == NULL) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        e->fp = stdout;
    } else {
        e->fp = fopen(path, "w");
        e->own_fp = true;
    }
    if (e->fp == NULL) {
        snprintf(err, errlen, "%s: cannot open for writing", path);
        iot_free(e);
        return NULL;
    }
    iot_jb_init(&e->jb, EVE_RECORD_MAX);
    e->ts_cache_sec = INT64_MIN;
    return e;
}

int iot_eve_close(struct iot_eve *e)
{
    if (e == NULL)
        return IOT_OK;
    bool failed = e->failed || fflush(e->fp) != 0 || ferror(e->fp);
    if (e->own_fp && fclose(e->fp) != 0)
        failed = true;
    iot_free(e->buf);
    iot_jb_free(&e->jb);
    iot_free(e);
    return failed ? IOT_ERR_IO : IOT_OK;
}

void iot_eve_format_ts(struct iot_ts ts, char *buf, size_t len)
{
    time_t t = (time_t)ts.sec;
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL) {
        snprintf(buf, len, "invalid");
        return;
    }
    size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
    if (n == 0) {
        snprintf(buf, len, "invalid");
        return;
    }
    snprintf(buf + n, len - n, ".%06u+0000", ts.nsec / 1000);
}

/* Dotted quad by hand: inet_ntop costs more than the rest of a flow record's tuple. */
static void format_ipv4(const uint8_t *a, char *buf, size_t len)
{
    char tmp[16];
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        unsigned v = a[i];
        if (v >= 100)
            tmp[n++] = (char)('0' + v / 100);
        if (v >= 10)
            tmp[n++] = (char)('0' + v / 10 % 10);
        tmp[n++] = (char)('0' + v % 10);
        tmp[n++] = i < 3 ? '.' : '\0';
    }
    if (len >= n)
        memcpy(buf, tmp, n);
    else if (len > 0)
        buf[0] = '\0';
}

void iot_eve_format_addr(const struct iot_addr *a, int ip_ver, char *buf, size_t len)
{
    if (ip_ver != 6) {
        format_ipv4(a->b, buf, len);
        return;
    }
    if (inet_ntop(AF_INET6, a->b, buf, (socklen_t)len) == NULL && len)
        buf[0] = '\0';
}

void iot_eve_format_mac(const uint8_t mac[6], char *buf, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (len < 18) {
        if (len > 0)
            buf[0] = '\0';
        return;
    }
    for (int i = 0; i < 6; i++) {
        buf[i * 3] = hex[mac[i] >> 4];
        buf[i * 3 + 1] = hex[mac[i] & 15];
        buf[i * 3 + 2] = i < 5 ? ':' : '\0';
    }
}

const char *iot_eve_proto_name(uint8_t proto, char *buf, size_t len)
{
    switch (proto) {
    case 6: return "TCP";
    case 17: return "UDP";
    case 1: return "ICMP";
    case 58: return "IPv6-ICMP";
    case 47: return "GRE";
    case 132: return "SCTP";
    default:
        snprintf(buf, len, "%u", proto);
        return buf;
    }
}

void iot_eve_jb_tuple(struct iot_jb *jb, const struct iot_addr *src, const struct iot_addr *dst,
                      uint16_t sp, uint16_t dp, uint8_t ver, uint8_t proto)
{
    char buf[64];
    iot_eve_format_addr(src, ver, buf, sizeof(buf));
    iot_jb_lit(jb, "src_ip", buf);
    if (proto == 6 || proto == 17)
        iot_jb_u64(jb, "src_port", sp);
    iot_eve_format_addr(dst, ver, buf, sizeof(buf));
    iot_jb_lit(jb, "dest_ip", buf);
    if (proto == 6 || proto == 17)
        iot_jb_u64(jb, "dest_port", dp);
    iot_jb_lit(jb, "proto", iot_eve_proto_name(proto, buf, sizeof(buf)));
}

void iot_eve_set(json_t *obj, const char *key, json_t *value)
{
    /* json_object_set_new takes ownership even on failure, so a NULL value is safe here. */
    if (obj != NULL && value != NULL)
        json_object_set_new(obj, key, value);
    else
        json_decref(value);
}

json_t *iot_eve_event_new(struct iot_ts ts, const char *event_type)
{
    char tbuf[40];
    json_t *ev = json_object();
    if (ev == NULL)
        return NULL;
    iot_eve_format_ts(ts, tbuf, sizeof(tbuf));
    iot_eve_set(ev, "timestamp", json_string(tbuf));
    iot_eve_set(ev, "event_type", json_string(event_type));
    return ev;
}

struct iot_jb *iot_eve_jb(struct iot_eve *e)
{
    return &e->jb;
}

void iot_eve_emit_jb(struct iot_eve *e)
{
    if (!iot_jb_end(&e->jb)) {
        e->failed_events++;
        return;
    }
    if (fwrite(e->jb.buf, 1, e->jb.len, e->fp) != e->jb.len)
        e->failed = true;
    else
        e->written++;
    if (e->tap != NULL)
        e->tap(e->tap_ctx, e->jb.buf, e->jb.len);
}

void iot_eve_set_tap(struct iot_eve *e, iot_eve_tap_fn fn, void *ctx)
{
    e->tap = fn;
    e->tap_ctx = ctx;
}

void iot_eve_jb_ts(struct iot_eve *e, const char *key, struct iot_ts ts)
{
    if (ts.sec != e->ts_cache_sec) {
        char full[64];
        iot_eve_format_ts((struct iot_ts){ts.sec, 0}, full, sizeof(full));
        if (strlen(full) != 31) { /* years outside 0000-9999 (pcapng allows them): no cache */
            iot_eve_format_ts(ts, full, sizeof(full));
            iot_jb_str(&e->jb, key, full);
            return;
        }
        memcpy(e->ts_cache, full, 19); /* "YYYY-MM-DDTHH:MM:SS" */
        e->ts_cache[19] = '\0';
        e->ts_cache_sec = ts.sec;
    }
    char buf[40];
    uint32_t us = ts.nsec / 1000;
    memcpy(buf, e->ts_cache, 19);
    buf[19] = '.';
    for (int i = 25; i >= 20; i--) {
        buf[i] = (char)('0' + us % 10);
        us /= 10;
    }
    memcpy(buf + 26, "+0000", 5);
    buf[31] = '\0';
    iot_jb_lit(&e->jb, key, buf);
}

void iot_eve_emit(struct iot_eve *e, json_t *ev)
{
    if (ev == NULL) {
        e->failed_events++;
        return;
    }
    for (;;) {
        size_t n = json_dumpb(ev, e->buf, e->cap, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (n == 0) {
            e->failed_events++;
            break;
        }
        if (n < e->cap) {
            e->buf[n] = '\n';
            if (fwrite(e->buf, 1, n + 1, e->fp) != n + 1)
                e->failed = true;
            else
                e->written++;
            if (e->tap != NULL)
                e->tap(e->tap_ctx, e->buf, n + 1);
            break;
        }
        size_t ncap = n + 1 > 4096 ? n + 1 : 4096;
        char *nb = iot_realloc(e->buf, ncap);
        if (nb == NULL) {
            e->failed_events++;
            break;
        }
        e->buf = nb;
        e->cap = ncap;
    }
    json_decref(ev);
}

uint64_t iot_eve_events_written(const struct iot_eve *e)
{
    return e->written;
}

uint64_t iot_eve_events_failed(const struct iot_eve *e)
{
    return e->failed_events;
}
