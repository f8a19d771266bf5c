/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as one LLDPDU, with the info invariants checked. */
/* Target: src/app/app-lldp.c */
#include "iotsec-common.h"

#include "fuzz_app_common.h"

#include "app/app-lldp.h"
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

static void check(const struct iot_lldp_info *i, int rc)
{
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if ((unsigned)i->error >= IOT_LLDP_ERR_MAX)
        abort();
    if ((rc == IOT_OK) != (i->error == IOT_LLDP_ERR_NONE))
        abort();
    if (strncmp(iot_lldp_error_name(i->error), "app.lldp.", 9) != 0)
        abort();
    if (i->tlv_count > IOT_MAX_LLDP_TLVS || i->org_kept > IOT_LLDP_ORG_MAX ||
        i->org_kept > i->org_count || i->org_count > i->tlv_count ||
        i->mgmt_addr_count > i->tlv_count || i->unknown_count > i->tlv_count)
        abort();
    check_str(i->chassis_id, sizeof(i->chassis_id), i->chassis_id_len);
    check_str(i->port_id, sizeof(i->port_id), i->port_id_len);
    check_str(i->port_desc, sizeof(i->port_desc), i->port_desc_len);
    check_str(i->sys_name, sizeof(i->sys_name), i->sys_name_len);
    check_str(i->sys_desc, sizeof(i->sys_desc), i->sys_desc_len);
    check_str(i->mud_url, sizeof(i->mud_url), i->mud_url_len);
    if (rc != IOT_OK)
        return;
    /* On success the mandatory TLVs were there and the flags agree with the counts. */
    if (i->tlv_count < 3 || i->chassis_id_len == 0 || i->port_id_len == 0)
        abort();
    if (i->chassis_id_truncated || i->port_id_truncated)
        abort();
    if (i->has_chassis_mac && (i->chassis_id_subtype != IOT_LLDP_CHASSIS_MAC ||
                               memcmp(i->chassis_mac, i->chassis_id, 6) != 0))
        abort();
    if (i->org_truncated != (i->org_count > IOT_LLDP_ORG_MAX))
        abort();
    if (i->tlvs_truncated && i->tlv_count != IOT_MAX_LLDP_TLVS)
        abort();
    if (i->tlvs_truncated && i->end_seen)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    IOT_FUZZ_PARSE_TWICE(iot_lldp_info, iot_lldp_parse, data, size, FUZZ_MAX_INPUT, check(&a, rc));
    return 0;
}
