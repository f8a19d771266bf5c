/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the same bytes as BSD DLT_NULL (host order) and DLT_LOOP (network order). */
/* Target: src/decode/decode-null.c (reached through iot_decode_packet). */
#include "fuzz_decode_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_decode_with_prefix(IOT_LINK_NULL, NULL, 0, data, size);
    fuzz_decode_with_prefix(IOT_LINK_LOOP, NULL, 0, data, size);
    return 0;
}
