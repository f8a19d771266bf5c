/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Umbrella header: version and the error codes every module returns. */
#ifndef IOTSEC_IOTSEC_H
#define IOTSEC_IOTSEC_H

#include "iotsec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes: 0 is success, every failure is negative so "rc < 0" is the one test callers need. */
enum iot_err {
    IOT_OK = 0,
    IOT_ERR_NOMEM = -1,    /* an allocation failed or a memory cap refused it */
    IOT_ERR_INPUT = -2,    /* the input (file, packet, config) is malformed */
    IOT_ERR_IO = -3,       /* reading or writing a file or device failed */
    IOT_ERR_USAGE = -4,    /* the caller passed an invalid argument */
    IOT_ERR_UNSUPPORTED = -5, /* valid but not handled (e.g. an unknown link type) */
    IOT_ERR_CRYPTO = -6,   /* a cryptographic operation or check failed */
};

IOTSEC_API const char *iot_version(void);
IOTSEC_API const char *iot_strerror(int rc);

#ifdef __cplusplus
}
#endif
#endif
