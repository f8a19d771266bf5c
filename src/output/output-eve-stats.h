/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE "stats" records in Suricata's shape: stats.capture, stats.decoder (with every event
 * counter under stats.decoder.event), stats.flow, stats.tcp, stats.defrag, stats.app_layer. */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_STATS_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_STATS_H

#include "app/app-ndpi.h"
#include "capture/capture.h"
#include "detect/detect.h"
#include "engine/engine-app.h"
#include "flow/flow.h"
#include "inventory/inventory.h"
#include "output/output-eve.h"

#define IOT_APP_COUNT_MAX 1024 /* nDPI protocol ids counted per app protocol */

struct iot_stats_snapshot {
    struct iot_ts ts;
    int64_t uptime; /* seconds of capture time since the first packet */
    struct iot_capture_stats capture;
    const struct iot_decode_stats *decoder;
    const struct iot_flow_stats *flow;
    const struct iot_ndpi_stats *ndpi;
    struct iot_ndpi *ndpi_mod;              /* for protocol names */
    const uint64_t *app_flows;              /* ended flows per nDPI master (or app) id */
    uint64_t anomaly_written, anomaly_suppressed;
    const struct iot_inventory_stats *inventory;
    const struct iot_app_stats *app;
    const struct iot_detect_stats *detect;     /* NULL when detection is off */
    const struct iot_track_stats *detect_track;
};

void iot_eve_log_stats(struct iot_eve *e, const struct iot_stats_snapshot *s);

#endif
