/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Packet sources through libpcap: pcap and pcapng files (micro- or nanosecond), standard input,
 * and live interfaces with a BPF filter. Timestamps always come from the capture. */
#ifndef IOTSEC_CAPTURE_CAPTURE_H
#define IOTSEC_CAPTURE_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "decode/decode.h"

struct iot_capture;

struct iot_capture_stats {
    uint64_t packets, bytes;   /* records read and their captured bytes */
    uint64_t kernel_drops;     /* live capture: packets the kernel dropped */
    uint64_t iface_drops;
};

/* Opens a capture file; path "-" reads standard input. Refuses link types the decoders do not
 * know. Returns IOT_OK, or IOT_ERR_INPUT / IOT_ERR_UNSUPPORTED / IOT_ERR_IO with err set to a
 * message that names the file. */
int iot_capture_open_file(struct iot_capture **out, const char *path, char *err, size_t errlen);

/* Same as iot_capture_open_file for an open stream (fmemopen in tests and fuzzers); the
 * capture takes ownership of fp and closes it. name is used in messages. */
int iot_capture_open_stream(struct iot_capture **out, FILE *fp, const char *name, char *err,
                            size_t errlen);

/* Opens a live interface (promiscuous, snaplen bytes) with an optional BPF filter (NULL: none). */
int iot_capture_open_live(struct iot_capture **out, const char *iface, const char *bpf,
                          int snaplen, char *err, size_t errlen);

/* Reads the next packet into p (data stays valid until the next call). Returns 1 for a packet,
 * 0 at the end of a file, IOT_ERR_INPUT when the file is damaged (err says how and at which
 * record), IOT_ERR_IO for a device error. Live captures return 0 only after iot_capture_stop. */
int iot_capture_next(struct iot_capture *c, struct iot_packet *p, char *err, size_t errlen);

/* Asks a live capture to return 0 from its next read (safe from a signal handler). */
void iot_capture_stop(struct iot_capture *c);

int iot_capture_linktype(const struct iot_capture *c);
const char *iot_capture_source(const struct iot_capture *c);
void iot_capture_get_stats(struct iot_capture *c, struct iot_capture_stats *st);
void iot_capture_close(struct iot_capture *c);

#endif
