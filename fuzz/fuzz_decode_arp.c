/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as the body of an ARP frame. */
/* Target: src/decode/decode-arp.c (reached through iot_decode_packet). */
#include "fuzz_decode_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t eth[14] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06};
    fuzz_decode_with_prefix(IOT_LINK_EN10MB, eth, sizeof(eth), data, size);
    return 0;
}
