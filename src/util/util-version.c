/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Version string and error names for the public API. */
#include "iotsec-common.h"

const char *iot_version(void)
{
    return IOT_VERSION;
}

const char *iot_strerror(int rc)
{
    switch (rc) {
    case IOT_OK: return "success";
    case IOT_ERR_NOMEM: return "out of memory or over a memory cap";
    case IOT_ERR_INPUT: return "malformed input";
    case IOT_ERR_IO: return "input/output error";
    case IOT_ERR_USAGE: return "invalid argument";
    case IOT_ERR_UNSUPPORTED: return "unsupported";
    case IOT_ERR_CRYPTO: return "cryptographic check failed";
    default: return "unknown error";
    }
}
