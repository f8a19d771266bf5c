/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EVE "flow" records, written when a flow ends, with nDPI's verdict and risks. */
#ifndef IOTSEC_OUTPUT_OUTPUT_EVE_FLOW_H
#define IOTSEC_OUTPUT_OUTPUT_EVE_FLOW_H

#include "app/app-ndpi.h"
#include "flow/flow.h"
#include "output/output-eve.h"

/* v may be NULL (the flow never reached nDPI). */
void iot_eve_log_flow(struct iot_eve *e, struct iot_ndpi *n, const struct iot_flow *f,
                      enum iot_flow_end_reason reason, const struct iot_ndpi_verdict *v);

/* The 5-tuple fields shared by flow-scoped events: src_ip, src_port, dest_ip, dest_port, proto. */
void iot_eve_jb_flow_tuple(struct iot_jb *jb, const struct iot_flow *f);

#endif
