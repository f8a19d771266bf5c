/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as one BACnet/IP datagram, with the info invariants
 * checked. */
/* Target: src/app/app-bacnet.c */
#include "iotsec-common.h"

#include "fuzz_app_common.h"

#include "app/app-bacnet.h"

/* A UDP payload cannot be larger. */
#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct iot_bacnet_info *i, int rc, size_t size)
{
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if ((unsigned)i->error >= IOT_BACNET_ERR_MAX)
        abort();
    /* error is set exactly when the parse failed. */
    if ((rc == IOT_OK) != (i->error == IOT_BACNET_ERR_NONE))
        abort();
    if (strncmp(iot_bacnet_error_name(i->error), "app.bacnet.", 11) != 0)
        abort();
    if (rc != IOT_OK)
        return;
    /* The BVLC length is the datagram length, and what it announces was checked. */
    if (i->bvlc_length != size)
        abort();
    if (i->has_apdu && (!i->has_npdu || i->is_network_msg || i->pdu_type > 7))
        abort();
    if (i->sadr_truncated != (i->slen > IOT_BACNET_ADDR_MAX) || (i->has_snet && i->slen == 0))
        abort();
    if (i->is_iam) {
        if (i->pdu_type != IOT_BACNET_PDU_UNCONFIRMED || i->service != IOT_BACNET_SVC_I_AM ||
            i->object_type != IOT_BACNET_OBJ_DEVICE ||
            i->device_instance > IOT_BACNET_INSTANCE_WILDCARD)
            abort();
        if (i->vendor_name != iot_bacnet_vendor_name(i->vendor_id))
            abort();
    } else if (i->vendor_name != NULL) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    IOT_FUZZ_PARSE_TWICE(iot_bacnet_info, iot_bacnet_parse, data, size, FUZZ_MAX_INPUT,
                         check(&a, rc, size_));
    return 0;
}
