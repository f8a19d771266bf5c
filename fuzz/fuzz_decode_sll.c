/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the same bytes as a Linux cooked v1 and v2 capture. */
/* Target: src/decode/decode-sll.c (reached through iot_decode_packet). */
#include "fuzz_decode_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_decode_with_prefix(IOT_LINK_LINUX_SLL, NULL, 0, data, size);
    fuzz_decode_with_prefix(IOT_LINK_LINUX_SLL2, NULL, 0, data, size);
    return 0;
}
