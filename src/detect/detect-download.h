/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Executables downloaded by devices: the first bytes of an HTTP response body or of TFTP
 * block 1 carry the ELF magic (7f 45 4c 46) — the binaries Mirai's loader and its descendants
 * fetch for each CPU (mirai.arm7, mirai.mips, ...). Raises IOT_SIG_ELF_DOWNLOAD on the
 * downloading device, naming the CPU the binary is built for. */
#ifndef IOTSEC_DETECT_DETECT_DOWNLOAD_H
#define IOTSEC_DETECT_DETECT_DOWNLOAD_H

#include "detect/detect.h"

void iot_detect_download(struct iot_detect *d, const struct iot_packet *p,
                         const struct iot_flow *f, const struct iot_device *client,
                         const char *via, const uint8_t *data, size_t len);

#endif
