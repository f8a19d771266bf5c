/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: whole Ethernet frames through every decoder above them. */
/* Target: src/decode/decode-ethernet.c (reached through iot_decode_packet). */
#include "fuzz_decode_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_decode_with_prefix(IOT_LINK_EN10MB, NULL, 0, data, size);
    return 0;
}
