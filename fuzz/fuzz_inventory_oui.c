/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the IEEE registry loader (a data loader reads files we do not write).
 * Target: src/inventory/inventory-oui.c */
#include "iotsec-common.h"

#include "inventory/inventory-oui.h"
#include "util/util-mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    char *copy = malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    uint64_t before = iot_mem_in_use();
    struct iot_oui_db *db = iot_oui_db_new();
    char err[256];
    if (db != NULL) {
        (void)iot_oui_db_add_csv(db, copy, size, "fuzz", err, sizeof(err));
        iot_oui_db_finish(db);
        uint8_t mac[6] = {0};
        memcpy(mac, data, size < 6 ? size : 6);
        const char *v = iot_oui_lookup(db, mac, NULL);
        if (v != NULL && strlen(v) >= 128)
            abort();
        iot_oui_db_free(db);
    }
    if (iot_mem_in_use() != before)
        abort();
    free(copy);
    return 0;
}
