/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes start right after an 802.1Q TPID. */
/* Target: src/decode/decode-vlan.c (reached through iot_decode_packet). */
#include "fuzz_decode_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t eth[14] = {0, 0x11, 0x22, 0x33, 0x44, 0x55, 2, 0, 0, 0, 0, 1, 0x81, 0x00};
    fuzz_decode_with_prefix(IOT_LINK_EN10MB, eth, sizeof(eth), data, size);
    return 0;
}
