/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: a train of raw IP fragments through one decoder, so trackers accumulate,
 * expire and get evicted; every byte must be freed again with the decoder. */
/* Target: src/decode/decode-defrag.c (reached through iot_decode_packet). */
#include "fuzz_decode_common.h"

/* Small caps so the memcap, tracker and timeout paths are reachable from short inputs. */
static const struct iot_defrag_config cfg = {.memcap = 4096, .max_trackers = 4, .timeout_sec = 2};

/* Layout: count byte, then per packet a length byte, a time step byte and the packet bytes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iot_decoder d;
    uint64_t before = iot_mem_in_use();
    int64_t sec = 0;

    if (size < 1 || size > FUZZ_MAX_INPUT)
        return 0;
    if (iot_decoder_init(&d, &cfg) != IOT_OK)
        return 0;
    unsigned count = data[0];
    size_t off = 1;
    for (unsigned i = 0; i < count && size - off >= 2; i++) {
        size_t len = data[off] * 4u; /* up to 1020 bytes: room for several fragments */
        sec += data[off + 1] & 3;
        off += 2;
        if (len > size - off)
            len = size - off;
        fuzz_decode_one(&d, IOT_LINK_RAW, NULL, 0, data + off, len, sec);
        off += len;
    }
    iot_decoder_deinit(&d);
    if (iot_mem_in_use() != before)
        abort();
    return 0;
}
