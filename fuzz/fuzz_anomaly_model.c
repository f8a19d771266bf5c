/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for saved anomaly models (a file a gateway reads back at start).
 * Targets: src/anomaly/anomaly-kitnet.c (iot_kitnet_load), src/anomaly/anomaly.c
 *   (iot_anomaly_load, the wrapper with thresholds and baselines).
 * Input: first byte bit 0: append a valid checksum, so the parser behind it is reached;
 *   bit 1: the bytes are a whole anomaly model, else a KitNET network; bit 2: the anomaly model
 *   is keyed (a fixed key). A network that loads must save back to the same bytes and then take
 *   a vector; an anomaly model that loads must take packets (a known and an unknown kind, a DNS
 *   name) and save. */
#include "iotsec-common.h"

#include <sodium.h>

#include "anomaly/anomaly-kitnet.h"
#include "anomaly/anomaly.h"
#include "util/util-mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 262144 || sodium_init() < 0)
        return 0;
    size_t len = size - 1 + ((data[0] & 1) ? 32 : 0);
    uint8_t *buf = malloc(len ? len : 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data + 1, size - 1);
    static const uint8_t key[IOT_ANOMALY_KEY_BYTES] = {1, 2, 3};
    bool keyed = (data[0] & 6) == 6;
    if (data[0] & 1)
        crypto_generichash(buf + size - 1, 32, buf, size - 1, keyed ? key : NULL,
                           keyed ? sizeof(key) : 0);
    char err[256];
    if (data[0] & 2) {
        static const struct iot_anomaly_config c = {.memcap = 64 << 10, .fm_grace = 1,
                                                    .ad_grace = 1, .cal_grace = 1, .max_ae = 10,
                                                    .fpr = 0.001, .max_devices = 16, .window = 10,
                                                    .seed = 1};
        struct iot_anomaly *a = iot_anomaly_load(&c, keyed ? key : NULL, buf, len, err, sizeof(err));
        if (a != NULL) {
            struct iot_feat_packet p = {.t = 1, .len = 60, .ip_ver = 4};
            static struct iot_anomaly_verdict v;
            const struct iot_anomaly_context ctx[3] = {
                {NULL, NULL, false}, {"camera", "x.example", false}, {"z", "y.example", true}};
            for (int i = 0; i < 6; i++) {
                p.src_mac[5] = (uint8_t)(i % 2);
                p.t += 1;
                iot_anomaly_packet(a, &p, &ctx[i % 3], &v);
            }
            size_t olen;
            iot_free(iot_anomaly_save(a, keyed ? key : NULL, &olen));
            iot_anomaly_free(a);
        }
        free(buf);
        return 0;
    }
    struct iot_kitnet *k = iot_kitnet_load(buf, len, err, sizeof(err));
    if (k != NULL) {
        size_t olen = 0;
        uint8_t *again = iot_kitnet_save(k, &olen);
        if (again == NULL || olen != len || memcmp(again, buf, len) != 0)
            abort();
        iot_free(again);
        static const double x[1024];
        iot_kitnet_process(k, x);
        iot_kitnet_free(k);
    }
    free(buf);
    return 0;
}
