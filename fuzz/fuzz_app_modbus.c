/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as the first bytes of a Modbus/TCP stream direction,
 * with the info invariants checked. */
/* Target: src/app/app-modbus.c (and src/app/app-strbuf.c, its string helpers) */
#include "iotsec-common.h"

#include "fuzz_app_common.h"

#include "app/app-modbus.h"
#include "util/limits.h"

/* The first bytes of a stream the engine would hand over; larger inputs add nothing. */
#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct iot_modbus_info *i, int rc)
{
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if ((unsigned)i->error >= IOT_MODBUS_ERR_MAX)
        abort();
    /* error is set exactly when the parse failed. */
    if ((rc == IOT_OK) != (i->error == IOT_MODBUS_ERR_NONE))
        abort();
    if (strncmp(iot_modbus_error_name(i->error), "app.modbus.", 11) != 0)
        abort();
    if (i->adu_count > IOT_MAX_MODBUS_ADUS || i->objects_read > IOT_MAX_MODBUS_OBJECTS ||
        i->other_objects > i->objects_read)
        abort();
    for (unsigned k = 0; k < IOT_MODBUS_OBJ_STD_COUNT; k++) {
        const struct iot_modbus_obj_str *o = &i->obj[k];
        if (o->len >= sizeof(o->value) || o->value[o->len] != '\0' || o->truncated)
            abort();
        if (!o->present && o->len != 0)
            abort();
    }
    if (rc != IOT_OK)
        return;
    if (i->protocol_id != 0 || i->length < IOT_MODBUS_LEN_MIN || i->length > IOT_MODBUS_LEN_MAX)
        abort();
    if (i->adu_count < 1 || (i->adus_truncated && i->adu_count != IOT_MAX_MODBUS_ADUS))
        abort();
    if (i->is_exception != ((i->function_code & IOT_MODBUS_EXCEPTION) != 0) ||
        i->function != (i->function_code & 0x7F))
        abort();
    if ((i->is_devid_request || i->is_devid_response) &&
        (i->function_code != IOT_MODBUS_FC_MEI || i->mei_type != IOT_MODBUS_MEI_DEVICE_ID))
        abort();
    if (i->is_devid_response && !i->objects_truncated && i->objects_read != i->num_objects)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    IOT_FUZZ_PARSE_TWICE(iot_modbus_info, iot_modbus_parse, data, size, FUZZ_MAX_INPUT,
                         check(&a, rc));
    return 0;
}
