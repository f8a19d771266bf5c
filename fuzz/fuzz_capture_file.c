/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the capture reader and the whole pipeline behind it: the input is a
 * capture file (pcap or pcapng), analysed end to end with EVE written to /dev/null. */
#include "iotsec-common.h"

#include "capture/capture.h"
#include "config/config.h"
#include "engine/engine.h"
#include "output/output-eve.h"
#include "app/app-ndpi.h"
#include "inventory/inventory-firmware.h"
#include "inventory/inventory-oui.h"
#include "inventory/inventory-p0f.h"
#include "inventory/inventory-rules.h"
#include "util/util-mem.h"

#define FUZZ_MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* nDPI's set-up takes about 0.1 s: one module for the whole run, engines borrow it. Its
 * per-flow state lives in the engine's flows, so nothing carries over between inputs. */
static struct iot_ndpi *shared_ndpi;
static struct iot_oui_db *shared_oui;
static struct iot_ruleset shared_rules;
static struct iot_p0f_db *shared_p0f; /* stays NULL without Debian's p0f */
static struct iot_fwmin_db shared_fw;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    /* An exactly sized copy, so reads past the end trip ASan. */
    uint8_t *copy = malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    if (shared_ndpi == NULL && (shared_ndpi = iot_ndpi_new(80, 24)) == NULL)
        abort();
    if (shared_oui == NULL) {
        char e2[256];
        struct iot_config dcfg;
        iot_config_default(&dcfg);
        shared_oui = iot_oui_db_load(dcfg.ieee_data_dir, e2, sizeof(e2));
        char path[512];
        if (shared_oui == NULL || !iot_engine_rules_path(&dcfg, path, sizeof(path), e2, sizeof(e2)) ||
            iot_rules_load(&shared_rules, path, e2, sizeof(e2)) != IOT_OK ||
            !iot_engine_firmware_path(&dcfg, path, sizeof(path), e2, sizeof(e2)) ||
            iot_fwmin_load(&shared_fw, path, e2, sizeof(e2)) != IOT_OK) {
            fprintf(stderr, "fuzz_capture_file: %s\n", e2);
            abort();
        }
        FILE *pf = fopen(dcfg.p0f_db, "r");
        if (pf != NULL) {
            fclose(pf);
            if (iot_p0f_load(&shared_p0f, dcfg.p0f_db, e2, sizeof(e2)) != IOT_OK)
                abort();
        }
    }
    struct iot_engine_shared shared = {shared_ndpi, shared_oui, &shared_rules, shared_p0f,
                                       &shared_fw};
    uint64_t mem_before = iot_mem_in_use();
    FILE *fp = fmemopen(copy, size ? size : 1, "rb");
    if (fp == NULL) {
        free(copy);
        return 0;
    }
    char err[512];
    struct iot_capture *cap = NULL;
    if (iot_capture_open_stream(&cap, fp, "fuzz", err, sizeof(err)) == IOT_OK) {
        struct iot_config cfg;
        iot_config_default(&cfg);
        cfg.flow.memcap = 1u << 20; /* small caps so eviction paths run */
        cfg.flow.hash_size = 64;
        cfg.flow.stream_memcap = 64u << 10;
        cfg.defrag.memcap = 64u << 10;
        cfg.defrag.max_trackers = 16;
        cfg.detect.memcap = 64u << 10; /* a few buckets: eviction runs, and no 16 MiB calloc per input */
        cfg.stats_interval = 1;
        struct iot_eve *eve = iot_eve_open("/dev/null", err, sizeof(err));
        struct iot_engine *e = eve != NULL ? iot_engine_new_shared(&cfg, eve, &shared, err, sizeof(err)) : NULL;
        if (e != NULL) {
            struct iot_packet p;
            unsigned n = 0;
            while (n++ < 100000 && iot_capture_next(cap, &p, err, sizeof(err)) == 1)
                iot_engine_process(e, &p);
            iot_engine_finish(e);
        }
        iot_engine_free(e);
        if (iot_eve_close(eve) != IOT_OK)
            abort();
        iot_capture_close(cap);
        /* Every table must give back what it took. */
        if (iot_mem_in_use() != mem_before)
            abort();
    }
    free(copy);
    return 0;
}
