/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as one mDNS message (a UDP payload on port 5353). */
/* Target: src/app/app-mdns.c */
#include "iotsec-common.h"

#include "app/app-mdns.h"
#include "util/limits.h"

#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s, size_t size)
{
    if (memchr(s, '\0', size) == NULL)
        abort();
}

static void check_info(const struct iot_mdns_info *m, int rc)
{
    if ((rc == IOT_ERR_INPUT) != (m->error != IOT_MDNS_ERR_NONE) ||
        (rc != IOT_OK && rc != IOT_ERR_INPUT))
        abort();
    if ((unsigned)m->error >= IOT_MDNS_ERR_MAX || (unsigned)m->dns_error >= IOT_DNS_ERR_MAX)
        abort();
    if (rc != IOT_OK)
        return;
    if (m->nservices > IOT_MDNS_MAX_SERVICES || m->ninstances > IOT_MDNS_MAX_INSTANCES ||
        m->nhosts > IOT_MDNS_MAX_HOSTS || m->ntxt > IOT_MDNS_MAX_TXT ||
        (unsigned)m->nquestions + m->nrecords > IOT_MAX_DNS_RECORDS)
        abort();
    for (unsigned i = 0; i < m->nservices; i++)
        check_str(m->services[i].name, sizeof(m->services[i].name));
    for (unsigned i = 0; i < m->ninstances; i++) {
        const struct iot_mdns_instance *in = &m->instances[i];
        check_str(in->name, sizeof(in->name));
        check_str(in->service, sizeof(in->service));
        check_str(in->target, sizeof(in->target));
        if (in->name_len >= sizeof(in->name) || in->name[in->name_len] != '\0' ||
            in->name_truncated)
            abort();
    }
    for (unsigned i = 0; i < m->nhosts; i++) {
        check_str(m->hosts[i].name, sizeof(m->hosts[i].name));
        if (m->hosts[i].family != 4 && m->hosts[i].family != 6)
            abort();
    }
    for (unsigned i = 0; i < m->ntxt; i++) {
        const struct iot_dns_txt *t = &m->txt[i];
        if (t->text[t->len] != '\0' || t->key_len > t->len || t->len == 0)
            abort();
        if (t->owner != IOT_MDNS_NO_INSTANCE && t->owner >= m->ninstances)
            abort();
        /* The lookup helper must find every stored key (or an earlier one equal to it). */
        const struct iot_dns_txt *f = iot_mdns_txt_find(m, t->owner, t->text);
        if (f == NULL && memchr(t->text, '\0', t->key_len) == NULL)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct iot_mdns_info info;
    if (size > FUZZ_MAX_INPUT)
        size = FUZZ_MAX_INPUT;
    uint8_t *buf = malloc(size ? size : 1);
    if (buf == NULL)
        return 0;
    if (size)
        memcpy(buf, data, size);
    int rc = iot_mdns_parse(buf, size, &info);
    check_info(&info, rc);
    free(buf);
    return 0;
}
