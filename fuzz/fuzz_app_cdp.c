/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as one CDP message, with the info invariants checked. */
/* Target: src/app/app-cdp.c */
#include "iotsec-common.h"

#include "fuzz_app_common.h"

#include "app/app-cdp.h"
#include "util/limits.h"

/* Larger than any Ethernet payload (jumbo frames included). */
#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s[0..cap) holds a NUL at len: the string is terminated in its array. */
static void check_str(const char *s, size_t cap, uint16_t len)
{
    if (len >= cap || s[len] != '\0')
        abort();
}

static void check(const struct iot_cdp_info *i, int rc)
{
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if ((unsigned)i->error >= IOT_CDP_ERR_MAX)
        abort();
    if ((rc == IOT_OK) != (i->error == IOT_CDP_ERR_NONE))
        abort();
    if (strncmp(iot_cdp_error_name(i->error), "app.cdp.", 8) != 0)
        abort();
    if (i->tlv_count > IOT_MAX_CDP_TLVS)
        abort();
    check_str(i->device_id, sizeof(i->device_id), i->device_id_len);
    check_str(i->port_id, sizeof(i->port_id), i->port_id_len);
    check_str(i->software_version, sizeof(i->software_version), i->software_version_len);
    check_str(i->platform, sizeof(i->platform), i->platform_len);
    if (rc != IOT_OK)
        return;
    if (i->version != 1 && i->version != 2)
        abort();
    if (i->tlvs_truncated && i->tlv_count != IOT_MAX_CDP_TLVS)
        abort();
    if (i->has_ipv4 && (!i->has_addresses || i->address_count == 0))
        abort();
    if ((i->device_id_len || i->device_id_truncated) && !i->has_device_id)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    IOT_FUZZ_PARSE_TWICE(iot_cdp_info, iot_cdp_parse, data, size, FUZZ_MAX_INPUT, check(&a, rc));
    return 0;
}
