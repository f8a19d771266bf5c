/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as one CoAP message, with the info invariants checked. */
/* Target: src/app/app-coap.c (and src/app/app-strbuf.c, its string helpers) */
#include "iotsec-common.h"

#include "fuzz_app_common.h"

#include "app/app-coap.h"
#include "util/limits.h"

/* A UDP payload cannot be larger. */
#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s[0..cap) holds a NUL at len: the string is terminated in its array. */
static void check_str(const char *s, size_t cap, uint16_t len)
{
    if (len >= cap || s[len] != '\0')
        abort();
}

static void check(const struct iot_coap_info *i, int rc, size_t size)
{
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if ((unsigned)i->error >= IOT_COAP_ERR_MAX)
        abort();
    /* error is set exactly when the parse failed. */
    if ((rc == IOT_OK) != (i->error == IOT_COAP_ERR_NONE))
        abort();
    if (strncmp(iot_coap_error_name(i->error), "app.coap.", 9) != 0)
        abort();
    if (i->token_len > IOT_COAP_TOKEN_MAX || i->opt_count > IOT_MAX_COAP_OPTIONS ||
        i->link_count > IOT_MAX_COAP_LINKS || i->payload_len > size)
        abort();
    check_str(i->uri_host, sizeof(i->uri_host), i->uri_host_len);
    check_str(i->uri_path, sizeof(i->uri_path), i->uri_path_len);
    check_str(i->uri_query, sizeof(i->uri_query), i->uri_query_len);
    for (uint16_t k = 0; k < IOT_MAX_COAP_LINKS; k++) {
        const struct iot_coap_link *l = &i->links[k];
        check_str(l->target, sizeof(l->target), l->target_len);
        check_str(l->rt, sizeof(l->rt), l->rt_len);
        check_str(l->ifd, sizeof(l->ifd), l->ifd_len);
        if (k >= i->link_count && (l->target_len || l->has_rt || l->has_if))
            abort();
    }
    if (rc != IOT_OK)
        return;
    if (i->version != 1 || i->code_class != i->code >> 5 || i->code_detail != (i->code & 31))
        abort();
    if (i->options_truncated && i->opt_count != IOT_MAX_COAP_OPTIONS)
        abort();
    if (i->uri_path_segments + i->uri_query_segments > i->opt_count)
        abort();
    if (i->link_count > 0 && !i->has_links)
        abort();
    if (i->has_links && !i->is_discovery &&
        !(i->code == IOT_COAP_CONTENT && i->content_format == IOT_COAP_CF_LINK_FORMAT))
        abort();
    if (i->code == IOT_COAP_EMPTY && (size != 4 || i->token_len != 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    IOT_FUZZ_PARSE_TWICE(iot_coap_info, iot_coap_parse, data, size, FUZZ_MAX_INPUT,
                         check(&a, rc, size_));
    return 0;
}
