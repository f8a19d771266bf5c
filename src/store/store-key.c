/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The credential-fingerprint key file. */
#include "iotsec-common.h"
#include "store/store-key.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_key(int fd, const char *path, uint8_t key[IOT_CRED_KEY_LEN], char *err,
                    size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
        snprintf(err, errlen, "%s: not a regular file of this user", path);
        return IOT_ERR_INPUT;
    }
    if ((st.st_mode & 077) != 0) {
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

/* Writes a new key to a temporary file and links it into place, so nobody ever reads a
 * half-written key: IOT_OK, or 1 when another analysis put its key there first. */
static int create_key(const char *path, uint8_t key[IOT_CRED_KEY_LEN], char *err, size_t errlen)
{
    char tmp[600];
    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        return IOT_ERR_IO;
    }
    randombytes_buf(key, IOT_CRED_KEY_LEN);
    bool ok = write(fd, key, IOT_CRED_KEY_LEN) == IOT_CRED_KEY_LEN && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    int rc = IOT_OK;
    if (!ok) {
        snprintf(err, errlen, "%s: cannot write the key", tmp);
        rc = IOT_ERR_IO;
    } else if (link(tmp, path) != 0) {
        rc = errno == EEXIST ? 1 : IOT_ERR_IO;
        if (rc != 1)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
    }
    unlink(tmp);
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
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0 && errno == ENOENT) {
        int rc = create_key(path, key, err, errlen);
        if (rc != 1)
            return rc;
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK); /* theirs */
    }
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return IOT_ERR_IO;
    }
    int rc = read_key(fd, path, key, err, errlen);
    close(fd);
    return rc;
}
