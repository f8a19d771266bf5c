/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for saved anomaly models (a file a gateway reads back at start).
 * Target: src/anomaly/anomaly-kitnet.c (iot_kitnet_load).
 * Input, first byte even: the bytes as a model. Odd: the bytes with a valid checksum appended,
 *   so the parser behind the checksum is reached; a model that loads must save back to the
 *   same bytes and then take a vector. */
#include "iotsec-common.h"

#include <sodium.h>

#include "anomaly/anomaly-kitnet.h"
#include "util/util-mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 65536 || sodium_init() < 0)
        return 0;
    size_t len = size - 1 + ((data[0] & 1) ? 32 : 0);
    uint8_t *buf = malloc(len ? len : 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data + 1, size - 1);
    if (data[0] & 1)
        crypto_generichash(buf + size - 1, 32, buf, size - 1, NULL, 0);
    char err[256];
    struct iot_kitnet *k = iot_kitnet_load(buf, len, err, sizeof(err));
    if (k != NULL) {
        size_t olen = 0;
        uint8_t *again = iot_kitnet_save(k, &olen);
        if (again == NULL || olen != len || memcmp(again, buf, len) != 0)
            abort();
        iot_free(again);
        static const double x[1024];
        iot_kitnet_process(k, x);
        iot_kitnet_free(k);
    }
    free(buf);
    return 0;
}
