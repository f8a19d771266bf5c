/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the SSDP datagram parser. */
/* Target: src/app/app-ssdp.c */
#include "iotsec-common.h"

#include "app/app-ssdp.h"
#include "util/limits.h"

#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TERMINATED(a) (memchr((a), '\0', sizeof(a)) != NULL)

static void check(int rc, const struct iot_ssdp_info *s)
{
    if ((rc == IOT_OK) != (s->error == IOT_SSDP_ERR_NONE) || s->error >= IOT_SSDP_ERR_MAX)
        abort();
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if (!TERMINATED(s->host) || !TERMINATED(s->nt) || !TERMINATED(s->usn) ||
        !TERMINATED(s->location) || !TERMINATED(s->server) || !TERMINATED(s->cache_control) ||
        !TERMINATED(s->st) || !TERMINATED(s->man) || !TERMINATED(s->user_agent))
        abort();
    if (s->nproducts > IOT_SSDP_MAX_PRODUCTS || s->header_count > IOT_MAX_HTTP_HEADERS)
        abort();
    for (unsigned i = 0; i < IOT_SSDP_MAX_PRODUCTS; i++)
        if (!TERMINATED(s->products[i].name) || !TERMINATED(s->products[i].version))
            abort();
    if (s->products_truncated && s->nproducts != IOT_SSDP_MAX_PRODUCTS)
        abort();
    if (rc == IOT_OK && (s->kind == IOT_SSDP_KIND_NONE ||
                         (s->kind == IOT_SSDP_KIND_RESPONSE) != (s->status == 200)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iot_ssdp_info s;
    uint8_t *buf;

    if (size > FUZZ_MAX_INPUT)
        size = FUZZ_MAX_INPUT;
    buf = malloc(size ? size : 1);
    if (buf == NULL)
        return 0;
    if (size)
        memcpy(buf, data, size);
    check(iot_ssdp_parse(buf, size, &s), &s);
    free(buf);
    return 0;
}
