/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the HTTP/1.x head parser on the first bytes of a TCP stream direction. */
/* Target: src/app/app-http.c */
#include "iotsec-common.h"

#include "app/app-http.h"
#include "app/app-httphdr.h"

#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TERMINATED(a) (memchr((a), '\0', sizeof(a)) != NULL)

static void check(size_t len, int rc, const struct iot_http_info *h)
{
    if ((rc == IOT_OK) != (h->error == IOT_HTTP_ERR_NONE) || h->error >= IOT_HTTP_ERR_MAX)
        abort();
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if (!TERMINATED(h->method_str) || !TERMINATED(h->target) || !TERMINATED(h->host) ||
        !TERMINATED(h->user_agent) || !TERMINATED(h->auth_scheme) || !TERMINATED(h->reason) ||
        !TERMINATED(h->server) || !TERMINATED(h->www_auth_scheme) || !TERMINATED(h->content_type))
        abort();
    if (h->header_count > IOT_MAX_HTTP_HEADERS || h->head_len > len ||
        h->method >= IOT_HTTP_METHOD_MAX)
        abort();
    if (rc == IOT_OK) {
        if (h->kind == IOT_HTTP_KIND_REQUEST && (h->method == IOT_HTTP_METHOD_NONE || h->status))
            abort();
        if (h->kind == IOT_HTTP_KIND_RESPONSE &&
            (h->method != IOT_HTTP_METHOD_NONE || h->status < 100 || h->status > 599))
            abort();
        if (h->kind == IOT_HTTP_KIND_NONE || h->version_major != 1 || h->head_len == 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iot_http_info h, g;
    uint8_t *buf;
    int rc;

    if (size > FUZZ_MAX_INPUT)
        size = FUZZ_MAX_INPUT;
    buf = malloc(size ? size : 1);
    if (buf == NULL)
        return 0;
    if (size)
        memcpy(buf, data, size);
    rc = iot_http_parse(buf, size, &h);
    check(size, rc, &h);
    /* A parsed head does not depend on the bytes after it: parsing just the head agrees. */
    if (rc == IOT_OK && h.head_len < size) {
        if (iot_http_parse(buf, h.head_len, &g) != IOT_OK || g.head_len != h.head_len ||
            g.header_count != h.header_count || strcmp(g.host, h.host) != 0)
            abort();
    }
    /* Any proper prefix of a parsed head is INCOMPLETE, never a different verdict. */
    if (rc == IOT_OK && h.head_len > 1) {
        int r2 = iot_http_parse(buf, h.head_len - 1, &g);
        if (r2 != IOT_ERR_INPUT || g.error != IOT_HTTP_ERR_INCOMPLETE)
            abort();
    }
    free(buf);
    return 0;
}
