/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The host's anti-rollback store: a small text file holding the security counter and the
 * revoked key ids, replaced atomically on every change (write, fsync, rename), so a crash
 * leaves the old state or the new one. A bootloader maps the same callbacks to OTP or flash. */
#ifndef IOTSEC_FIRMWARE_FW_STORE_FILE_H
#define IOTSEC_FIRMWARE_FW_STORE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "iotsec/fw-verify.h"

#define IOT_FW_STORE_MAX_REVOKED 4096

struct iot_fw_file_store {
    char path[512];
    uint32_t counter;
    uint8_t (*revoked)[IOT_FW_KEYID_BYTES]; /* owned */
    int lock_fd; /* flock(LOCK_EX) on PATH.lock while open, or -1 */
    size_t nrevoked;
    struct iot_fw_store store; /* the callbacks the verifier uses; ctx is this struct */
};

/* Locks and loads path. A missing file is an error unless create (then it is a fresh store:
 * counter 0, nothing revoked): a mistyped path must not turn anti-rollback off. The lock
 * (flock on PATH.lock, held until close) serialises every iotsec process using the store, so
 * a verify and a revoke cannot undo each other's update. Errors name the file and line. The
 * caller closes the store whatever the result. */
int iot_fw_file_store_open(struct iot_fw_file_store *fs, const char *path, int create, char *err,
                           size_t errlen);
/* Adds a key id to the revoked ones and saves (revoking twice is not an error). */
int iot_fw_file_store_revoke(struct iot_fw_file_store *fs, const uint8_t id[IOT_FW_KEYID_BYTES],
                             char *err, size_t errlen);
void iot_fw_file_store_close(struct iot_fw_file_store *fs);

/* An empty, unlocked store (counter 0, nothing revoked) with its callbacks set. */
void iot_fw_file_store_init(struct iot_fw_file_store *fs);

/* Parses the text of a store file (for tests and the fuzzer). */
int iot_fw_file_store_parse(struct iot_fw_file_store *fs, const char *text, char *err,
                            size_t errlen);

#endif
