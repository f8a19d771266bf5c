/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as one DHCPv4 message, with the info invariants checked. */
/* Target: src/app/app-dhcp.c (and src/app/app-strbuf.c, its string and wire-name helpers) */
#include "iotsec-common.h"

#include "fuzz_app_common.h"

#include "app/app-dhcp.h"
#include "util/limits.h"

/* A UDP payload cannot be larger. */
#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s[0..cap) holds a NUL at len and none is missing: the string is terminated in its array. */
static void check_str(const char *s, size_t cap, uint16_t len)
{
    if (len >= cap || s[len] != '\0' || memchr(s, '\0', cap) == NULL)
        abort();
}

static void check(const struct iot_dhcp_info *i, int rc)
{
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if ((unsigned)i->error >= IOT_DHCP_ERR_MAX)
        abort();
    /* error is set exactly when the parse failed. */
    if ((rc == IOT_OK) != (i->error == IOT_DHCP_ERR_NONE))
        abort();
    if (strncmp(iot_dhcp_error_name(i->error), "app.dhcp.", 9) != 0)
        abort();
    if (i->chaddr_len > IOT_DHCP_CHADDR_LEN || i->client_id_len > IOT_DHCP_CLIENT_ID_MAX ||
        i->prl_count > IOT_DHCP_PRL_MAX || i->opt_order_count > IOT_DHCP_OPT_ORDER_MAX ||
        i->opt_count > IOT_MAX_DHCP_OPTIONS || i->opt_order_count > i->opt_count)
        abort();
    check_str(i->hostname, sizeof(i->hostname), i->hostname_len);
    check_str(i->vendor_class, sizeof(i->vendor_class), i->vendor_class_len);
    check_str(i->user_class, sizeof(i->user_class), i->user_class_len);
    check_str(i->mud_url, sizeof(i->mud_url), i->mud_url_len);
    check_str(i->fqdn, sizeof(i->fqdn), i->fqdn_len);
    if (rc != IOT_OK)
        return;
    /* On success the derived fields agree with what they derive from. */
    if (memchr(i->prl_text, '\0', sizeof(i->prl_text)) == NULL || i->prl_text_truncated)
        abort();
    if ((i->prl_count == 0) != (i->prl_text[0] == '\0'))
        abort();
    if (i->prl_truncated && i->prl_count != IOT_DHCP_PRL_MAX)
        abort();
    if (i->opt_order_truncated && i->opt_order_count != IOT_DHCP_OPT_ORDER_MAX)
        abort();
    if (i->options_truncated && i->opt_count != IOT_MAX_DHCP_OPTIONS)
        abort();
    for (size_t k = i->chaddr_len; k < IOT_DHCP_CHADDR_LEN; k++)
        if (i->chaddr[k] != 0)
            abort();
    if (i->has_fqdn && !(i->fqdn_flags & IOT_DHCP_FQDN_E) && i->fqdn_malformed)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    IOT_FUZZ_PARSE_TWICE(iot_dhcp_info, iot_dhcp_parse, data, size, FUZZ_MAX_INPUT, check(&a, rc));
    return 0;
}
