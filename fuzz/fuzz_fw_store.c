/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the anti-rollback store file parser (a file anyone with write access
 * to the host could have edited).
 * Target: src/firmware/fw-store-file.c
 * Input: the text of a store file. */
#include "iotsec-common.h"

#include "firmware/fw-store-file.h"
#include "util/util-mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (256u << 10))
        return 0;
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    uint64_t before = iot_mem_in_use();
    struct iot_fw_file_store fs;
    iot_fw_file_store_init(&fs);
    char err[256] = "";
    int rc = iot_fw_file_store_parse(&fs, text, err, sizeof(err));
    if (rc != IOT_OK && err[0] == '\0')
        abort(); /* every refusal says why */
    if (rc == IOT_OK && fs.nrevoked > IOT_FW_STORE_MAX_REVOKED)
        abort();
    iot_fw_file_store_close(&fs);
    if (iot_mem_in_use() != before)
        abort();
    free(text);
    return 0;
}
