/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The credential-fingerprint key file. */
#include "iotsec-common.h"
#include "store/store-key.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_key(int fd, const char *path, uint8_t key[IOT_CRED_KEY_LEN], char *err,
                    size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
        snprintf(err, errlen, "%s: readable by others than its owner (chmod 600 it)", path);
        return IOT_ERR_INPUT;
    }
    uint8_t extra;
    ssize_t n = read(fd, key, IOT_CRED_KEY_LEN);
    if (n != IOT_CRED_KEY_LEN || read(fd, &extra, 1) != 0) {
        sodium_memzero(key, IOT_CRED_KEY_LEN);
        snprintf(err, errlen, "%s: not a %d-byte key", path, IOT_CRED_KEY_LEN);
        return IOT_ERR_INPUT;
    }
    return IOT_OK;
}

static int create_key(int fd, const char *path, uint8_t key[IOT_CRED_KEY_LEN], char *err,
                      size_t errlen)
{
    randombytes_buf(key, IOT_CRED_KEY_LEN);
    if (write(fd, key, IOT_CRED_KEY_LEN) != IOT_CRED_KEY_LEN || fsync(fd) != 0) {
        sodium_memzero(key, IOT_CRED_KEY_LEN);
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(path);
        return IOT_ERR_IO;
    }
    return IOT_OK;
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
    /* O_EXCL: of two analyses starting at once, one creates and the other reads. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        int rc = create_key(fd, path, key, err, errlen);
        close(fd);
        return rc;
    }
    if (errno != EEXIST || (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return IOT_ERR_IO;
    }
    int rc = read_key(fd, path, key, err, errlen);
    close(fd);
    return rc;
}
