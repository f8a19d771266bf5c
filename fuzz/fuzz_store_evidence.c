/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the evidence blobs read back from the store (a database file anyone
 * with write access could have edited): version, length bounds and the AEAD.
 * Target: src/store/store-evidence.c
 * Input, first byte even: a blob opened with a fixed key. Odd: a packet sealed then opened,
 *   which must give back exactly its first IOT_EVIDENCE_PACKET_MAX bytes. */
#include "iotsec-common.h"

#include <sodium.h>

#include "store/store-evidence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t key[IOT_EVIDENCE_KEY_BYTES] = {3, 1, 4};
    if (size == 0 || size > 16384 || sodium_init() < 0)
        return 0;
    struct iot_evidence_id id = {"2023-01-01T00:00:00.000000+0000", "10.0.0.1", "10.0.0.2", 1, 9};
    uint8_t out[IOT_EVIDENCE_PACKET_MAX];
    int lt = 0;
    uint32_t wire = 0;
    size_t caplen = 0, len = size - 1;
    uint8_t *buf = malloc(len ? len : 1); /* exactly sized */
    if (buf == NULL)
        return 0;
    memcpy(buf, data + 1, len);
    if (data[0] & 1) {
        size_t blen = iot_evidence_sealed_size(len);
        uint8_t *blob = malloc(blen);
        if (blob == NULL) {
            free(buf);
            return 0;
        }
        iot_evidence_seal_packet(key, &id, 1, (uint32_t)len, buf, len, blob);
        if (iot_evidence_open_packet(key, &id, blob, blen, &lt, &wire, out, &caplen) != IOT_OK ||
            caplen != IOT_MIN(len, (size_t)IOT_EVIDENCE_PACKET_MAX) || wire != len || lt != 1 ||
            memcmp(out, buf, caplen) != 0)
            abort();
        free(blob);
    } else if (iot_evidence_open_packet(key, &id, buf, len, &lt, &wire, out, &caplen) != IOT_OK &&
               caplen != 0) {
        abort(); /* a refusal leaves nothing behind */
    }
    free(buf);
    return 0;
}
