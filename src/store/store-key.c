/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The credential-fingerprint key file. */
#include "iotsec-common.h"
#include "store/store-key.h"

#include <errno.h>
#include <sodium.h>
#include <unistd.h>

#include "util/util-file.h"

/* A new random key, created only if the file is still absent: IOT_OK, IOT_FILE_EXISTS when
 * another analysis put its key there first (read theirs), or an error. */
static int create_key(const char *path, uint8_t key[IOT_CRED_KEY_LEN], char *err, size_t errlen)
{
    randombytes_buf(key, IOT_CRED_KEY_LEN);
    int rc = iot_file_create(path, key, IOT_CRED_KEY_LEN, 0600, err, errlen);
    if (rc != IOT_OK)
        sodium_memzero(key, IOT_CRED_KEY_LEN);
    return rc;
}

int iot_store_credential_key(const char *db_path, uint8_t key[IOT_CRED_KEY_LEN], char *err,
                             size_t errlen)
{
    char path[512];
    if ((size_t)snprintf(path, sizeof(path), "%s.key", db_path) >= sizeof(path)) {
        snprintf(err, errlen, "%s: path too long", db_path);
        return IOT_ERR_INPUT;
    }
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium cannot start");
        return IOT_ERR_IO;
    }
    if (access(path, F_OK) != 0 && errno == ENOENT) {
        int rc = create_key(path, key, err, errlen);
        if (rc != IOT_FILE_EXISTS)
            return rc;
    }
    uint8_t buf[IOT_CRED_KEY_LEN + 1];
    size_t len = 0;
    int rc = iot_file_read_private(path, buf, sizeof(buf), &len, err, errlen);
    if (rc == IOT_OK && len != IOT_CRED_KEY_LEN) {
        snprintf(err, errlen, "%s: not a %d-byte key", path, IOT_CRED_KEY_LEN);
        rc = IOT_ERR_INPUT;
    }
    if (rc == IOT_OK)
        memcpy(key, buf, IOT_CRED_KEY_LEN);
    sodium_memzero(buf, sizeof(buf));
    return rc;
}
