/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the p0f signature database loader (a data loader reads a file we do
 * not write) and the SYN matcher run against whatever loaded: two fixed SYNs from decoded
 * fields, and one whose raw TCP option bytes are the first bytes of the input.
 * Target: src/inventory/inventory-p0f.c */
#include "iotsec-common.h"

#include "decode/decode.h"
#include "inventory/inventory-p0f.h"
#include "util/util-mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool nul_within(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static void check_result(const struct iot_p0f_db *db, const struct iot_packet *p)
{
    struct iot_p0f_result r;
    const struct iot_p0f_match *m = iot_p0f_match_syn(db, p, &r);
    if (!r.fingerprinted) {
        if (m != NULL)
            abort();
        return;
    }
    if (!nul_within(r.sig, sizeof(r.sig)) || r.sig_truncated)
        abort(); /* the longest signature fits the buffer */
    if ((m != NULL) != r.matched || m != r.match)
        abort();
    if (r.ittl < r.ttl || r.distance != (uint8_t)(r.ittl - r.ttl))
        abort();
    if (m != NULL) {
        const struct iot_p0f_label *l = m->label;
        if (l == NULL || !nul_within(l->name, sizeof(l->name)) ||
            !nul_within(l->flavor, sizeof(l->flavor)) || !nul_within(l->cls, sizeof(l->cls)) ||
            !nul_within(l->sys, sizeof(l->sys)) || !nul_within(m->sig, sizeof(m->sig)) ||
            l->name[0] == '\0' || r.generic != l->generic || (r.fuzzy && l->userland))
            abort();
    }
}

static struct iot_packet fixed_syn(uint8_t ttl, uint16_t win, const uint8_t *kinds, uint8_t nk)
{
    struct iot_packet p;
    memset(&p, 0, sizeof(p));
    p.flags = IOT_PKT_HAS_IPV4 | IOT_PKT_HAS_TCP;
    p.ip_ver = 4;
    p.ttl = ttl;
    p.ip_df = true;
    p.ip_id = 1234;
    p.l3_hlen = 20;
    p.tcp_flags = 0x02;
    p.tcp_seq = 1;
    p.tcp_win = win;
    memcpy(p.tcp_opts.kinds, kinds, nk);
    p.tcp_opts.count = nk;
    p.tcp_opts.has_mss = true;
    p.tcp_opts.mss = 1460;
    p.tcp_opts.has_wscale = true;
    p.tcp_opts.wscale = 7;
    p.tcp_opts.has_ts = true;
    p.tcp_opts.ts_val = 99;
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (256u << 10))
        return 0;
    char *copy = malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    uint64_t before = iot_mem_in_use();

    struct iot_p0f_db *db = iot_p0f_new();
    if (db != NULL) {
        char err[128];
        err[0] = '\0';
        int rc = iot_p0f_parse(db, copy, size, "fuzz", err, sizeof(err));
        if (rc != IOT_OK && rc != IOT_ERR_INPUT && rc != IOT_ERR_NOMEM)
            abort();
        if (rc != IOT_OK && (!nul_within(err, sizeof(err)) || strncmp(err, "fuzz:", 5) != 0))
            abort();
        if (iot_p0f_sig_count(db) > IOT_P0F_MAX_SIGS)
            abort();

        static const uint8_t linux_k[] = {2, 4, 8, 1, 3};
        static const uint8_t mac_k[] = {2, 1, 3, 1, 1, 8, 4, 0};
        struct iot_packet p = fixed_syn(61, 29200, linux_k, sizeof(linux_k));
        check_result(db, &p);
        p = fixed_syn(64, 65535, mac_k, sizeof(mac_k));
        check_result(db, &p);

        /* Raw header path: up to 40 input bytes as the option area of a TCP header. */
        size_t olen = IOT_MIN(size, 40) & ~(size_t)3;
        uint8_t *tcp = malloc(20 + olen);
        if (tcp != NULL) {
            memset(tcp, 0, 20);
            memcpy(tcp + 20, data, olen);
            tcp[12] = (uint8_t)(((20 + olen) / 4) << 4);
            tcp[13] = 0x02;
            tcp[18] = size > 0 ? data[0] : 0;
            p = fixed_syn(128, 8192, linux_k, 0);
            p.l4 = tcp;
            p.l4_len = (uint32_t)(20 + olen);
            check_result(db, &p);
            free(tcp);
        }
        iot_p0f_free(db);
    }
    if (iot_mem_in_use() != before)
        abort();
    free(copy);
    return 0;
}
