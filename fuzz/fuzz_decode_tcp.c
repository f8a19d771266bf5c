/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as a TCP segment behind valid IPv4 and IPv6 headers. */
/* Target: src/decode/decode-tcp.c (reached through iot_decode_packet). */
#include "fuzz_decode_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_l4(6, data, size);
    return 0;
}
