/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `iotsec fw info`: what an image says about itself, with everything outside the signed
 * region or out of place called out. It checks the layout, not the signature. */
#ifndef IOTSEC_FIRMWARE_FW_INFO_H
#define IOTSEC_FIRMWARE_FW_INFO_H

#include <stdio.h>

/* Prints the header and TLVs of the image at path. Returns 0 for a well-formed image with
 * nothing unsigned out of place, 1 otherwise (the reasons are printed). */
int iot_fw_info_print(FILE *out, const char *path);

#endif
