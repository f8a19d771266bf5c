/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for `iotsec fw info`, which reads an image's layout (header, padding, both
 * TLV areas) from a file without verifying it: whatever the bytes, it must report, not crash.
 * Target: src/firmware/fw-info.c
 * Input: the image file. */
#include "iotsec-common.h"

#include <sys/mman.h>
#include <unistd.h>

#include "firmware/fw-info.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (64u << 10))
        return 0;
    static FILE *devnull;
    if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
        return 0;
    int fd = memfd_create("fw-image", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) == (ssize_t)size) {
        char path[64];
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
        int rc = iot_fw_info_print(devnull, path);
        if (rc != 0 && rc != 1)
            abort();
    }
    close(fd);
    return 0;
}
