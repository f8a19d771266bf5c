/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: raw IPv6 datagrams (extension chain, jumbograms, L4). */
/* Target: src/decode/decode-ipv6.c (reached through iot_decode_packet). */
#include "fuzz_decode_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_decode_with_prefix(IOT_LINK_IPV6, NULL, 0, data, size);
    return 0;
}
