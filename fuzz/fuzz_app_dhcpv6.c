/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as one DHCPv6 message, with the info invariants checked. */
/* Target: src/app/app-dhcpv6.c */
#include "iotsec-common.h"

#include "fuzz_app_common.h"

#include "app/app-dhcpv6.h"
#include "util/limits.h"

/* A UDP payload cannot be larger. */
#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s[0..cap) holds a NUL at len: the string is terminated in its array. */
static void check_str(const char *s, size_t cap, uint16_t len)
{
    if (len >= cap || s[len] != '\0' || memchr(s, '\0', cap) == NULL)
        abort();
}

static void check(const struct iot_dhcpv6_info *i, int rc)
{
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if ((unsigned)i->error >= IOT_DHCPV6_ERR_MAX)
        abort();
    /* error is set exactly when the parse failed. */
    if ((rc == IOT_OK) != (i->error == IOT_DHCPV6_ERR_NONE))
        abort();
    if (strncmp(iot_dhcpv6_error_name(i->error), "app.dhcpv6.", 11) != 0)
        abort();
    if (i->client_id_len > IOT_DHCPV6_DUID_MAX || i->oro_count > IOT_DHCPV6_ORO_MAX ||
        i->opt_order_count > IOT_DHCPV6_OPT_ORDER_MAX || i->opt_count > IOT_MAX_DHCPV6_OPTIONS ||
        i->opt_order_count > i->opt_count || i->relay_depth > IOT_MAX_DHCPV6_RELAY_DEPTH)
        abort();
    check_str(i->vendor_class, sizeof(i->vendor_class), i->vendor_class_len);
    check_str(i->fqdn, sizeof(i->fqdn), i->fqdn_len);
    check_str(i->mud_url, sizeof(i->mud_url), i->mud_url_len);
    if (rc != IOT_OK)
        return;
    if (i->msg_type < IOT_DHCPV6_SOLICIT || i->msg_type > IOT_DHCPV6_INFORMATION_REQUEST ||
        i->xid > 0xFFFFFF)
        abort();
    if ((i->relay_depth == 0) != (i->relay_msg_type == 0))
        abort();
    if (memchr(i->oro_text, '\0', sizeof(i->oro_text)) == NULL || i->oro_text_truncated)
        abort();
    if ((i->oro_count == 0) != (i->oro_text[0] == '\0'))
        abort();
    if (i->oro_truncated && i->oro_count != IOT_DHCPV6_ORO_MAX)
        abort();
    if (i->opt_order_truncated && i->opt_order_count != IOT_DHCPV6_OPT_ORDER_MAX)
        abort();
    if (i->has_client_id && (i->client_id_len < 2 ||
                             i->duid_type != (uint16_t)(i->client_id[0] << 8 | i->client_id[1])))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    IOT_FUZZ_PARSE_TWICE(iot_dhcpv6_info, iot_dhcpv6_parse, data, size, FUZZ_MAX_INPUT,
                         check(&a, rc));
    return 0;
}
