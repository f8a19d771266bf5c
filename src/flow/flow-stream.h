/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounded TCP stream reassembly, private to the flow layer. */
#ifndef IOTSEC_FLOW_FLOW_STREAM_H
#define IOTSEC_FLOW_FLOW_STREAM_H

#include <stdint.h>

#include "flow/flow-private.h"

/* An out-of-order segment copied out of its packet; the list is sorted by seq. */
struct iot_stream_seg {
    struct iot_stream_seg *next;
    uint32_t seq;
    uint32_t len;
    uint8_t data[];
};

/* Feeds one TCP packet of direction dir to f's stream: learns the ISN, delivers in-order bytes
 * through cb.stream_data (at most stream_depth per direction), queues or drops the rest. The
 * callback must not free f nor call back into the table except iot_flow_charge. */
void iot_stream_packet(struct iot_flow_table *t, struct iot_flow *f, enum iot_flow_dir dir,
                       const struct iot_packet *p);

/* Frees the queued segments of one direction and credits stream_memuse. */
void iot_stream_free(struct iot_flow_table *t, struct iot_stream *s);

#endif
