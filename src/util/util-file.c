/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crash-safe and owner-only file helpers (see util-file.h). */
#include "iotsec-common.h"
#include "util/util-file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util-mem.h"
#include "util/util-misc.h"

static size_t crash_after = SIZE_MAX;

void iot_file_test_crash_after(size_t nbytes)
{
    crash_after = nbytes;
}

static int tmp_name(char *tmp, size_t cap, const char *path, char *err, size_t errlen)
{
    static unsigned seq; /* distinct names for several temporaries of one process */
    if ((size_t)snprintf(tmp, cap, "%s.%ld.%u.tmp", path, (long)getpid(), seq++) >= cap) {
        snprintf(err, errlen, "%s: path too long", path);
        return IOT_ERR_INPUT;
    }
    return IOT_OK;
}

/* Makes a rename durable: the directory entry itself must reach the disk. */
static void fsync_dir(const char *path)
{
    char copy[512];
    if (iot_strlcpy(copy, path, sizeof(copy)) >= sizeof(copy))
        return;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

static int write_tmp(const char *tmp, const void *data, size_t len, unsigned mode, char *err,
                     size_t errlen)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, (mode_t)mode);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        return IOT_ERR_IO;
    }
    const uint8_t *p = data;
    size_t off = 0;
    while (off < len) {
        if (off >= crash_after)
            _exit(86);
        size_t want = len - off;
        if (crash_after != SIZE_MAX && want > crash_after - off)
            want = crash_after - off;
        ssize_t n = write(fd, p + off, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    int ok = off == len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        snprintf(err, errlen, "%s: cannot write: %s", tmp, strerror(errno));
        unlink(tmp);
        return IOT_ERR_IO;
    }
    return IOT_OK;
}

int iot_file_create(const char *path, const void *data, size_t len, unsigned mode, char *err,
                    size_t errlen)
{
    char tmp[640];
    int rc = tmp_name(tmp, sizeof(tmp), path, err, errlen);
    if (rc != IOT_OK || (rc = write_tmp(tmp, data, len, mode, err, errlen)) != IOT_OK)
        return rc;
    /* link() refuses an existing target, which rename() would silently replace. */
    if (link(tmp, path) != 0) {
        rc = errno == EEXIST ? IOT_FILE_EXISTS : IOT_ERR_IO;
        if (rc == IOT_ERR_IO)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        else
            snprintf(err, errlen, "%s: already exists", path);
    } else {
        fsync_dir(path);
    }
    unlink(tmp);
    return rc;
}

static int file_lock(const char *path, bool wait, char *err, size_t errlen)
{
    char lock[600];
    if ((size_t)snprintf(lock, sizeof(lock), "%s.lock", path) >= sizeof(lock)) {
        snprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 || flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        snprintf(err, errlen, "%s: %s", lock,
                 errno == EWOULDBLOCK ? "in use by another iotsec process" : strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int iot_file_lock(const char *path, char *err, size_t errlen)
{
    return file_lock(path, true, err, errlen);
}

int iot_file_trylock(const char *path, char *err, size_t errlen)
{
    return file_lock(path, false, err, errlen);
}

int iot_file_replace(const char *path, const void *data, size_t len, unsigned mode, char *err,
                     size_t errlen)
{
    char tmp[640];
    struct stat st;
    /* rename() would replace a link with a file and leave its target stale: refuse it. */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        snprintf(err, errlen, "%s: a symbolic link; give the file it points to", path);
        return IOT_ERR_INPUT;
    }
    int rc = tmp_name(tmp, sizeof(tmp), path, err, errlen);
    if (rc != IOT_OK || (rc = write_tmp(tmp, data, len, mode, err, errlen)) != IOT_OK)
        return rc;
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return IOT_ERR_IO;
    }
    fsync_dir(path);
    return IOT_OK;
}

int iot_file_tmp_open(struct iot_file_tmp *t, const char *path, unsigned mode, char *err,
                      size_t errlen)
{
    memset(t, 0, sizeof(*t));
    if (iot_strlcpy(t->path, path, sizeof(t->path)) >= sizeof(t->path)) {
        snprintf(err, errlen, "%s: path too long", path);
        return IOT_ERR_INPUT;
    }
    int rc = tmp_name(t->tmp, sizeof(t->tmp), path, err, errlen);
    if (rc != IOT_OK)
        return rc;
    int fd = open(t->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, (mode_t)mode);
    if (fd < 0 || (t->f = fdopen(fd, "wb")) == NULL) {
        snprintf(err, errlen, "%s: %s", t->tmp, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(t->tmp);
        }
        return IOT_ERR_IO;
    }
    return IOT_OK;
}

int iot_file_tmp_close(struct iot_file_tmp *t, int commit, char *err, size_t errlen)
{
    if (t->f == NULL)
        return IOT_ERR_USAGE;
    int ok = fflush(t->f) == 0 && fsync(fileno(t->f)) == 0;
    ok = fclose(t->f) == 0 && ok;
    t->f = NULL;
    if (commit && !ok)
        snprintf(err, errlen, "%s: cannot write: %s", t->tmp, strerror(errno));
    if (commit && ok && rename(t->tmp, t->path) != 0) {
        snprintf(err, errlen, "%s: %s", t->path, strerror(errno));
        ok = 0;
    }
    if (!commit || !ok) {
        unlink(t->tmp);
        return commit ? IOT_ERR_IO : IOT_OK;
    }
    fsync_dir(t->path);
    return IOT_OK;
}

int iot_file_read_private(const char *path, uint8_t *buf, size_t cap, size_t *len, char *err,
                          size_t errlen)
{
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return IOT_ERR_IO;
    }
    struct stat st;
    int rc = IOT_OK;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
        snprintf(err, errlen, "%s: not a regular file of this user", path);
        rc = IOT_ERR_INPUT;
    } else if ((st.st_mode & 077) != 0) {
        /* A secret others could read has already leaked: refuse it rather than use it. */
        snprintf(err, errlen, "%s: readable by others than its owner (chmod 600 it)", path);
        rc = IOT_ERR_INPUT;
    } else if ((uint64_t)st.st_size > cap) {
        snprintf(err, errlen, "%s: %lld bytes, more than a key file holds", path,
                 (long long)st.st_size);
        rc = IOT_ERR_INPUT;
    }
    while (rc == IOT_OK && *len < cap) {
        ssize_t n = read(fd, buf + *len, cap - *len);
        if (n < 0) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            rc = IOT_ERR_IO;
        } else if (n == 0) {
            break;
        } else {
            *len += (size_t)n;
        }
    }
    close(fd);
    return rc;
}

int iot_file_read_all(const char *path, size_t cap, char **out, size_t *len, char *err,
                      size_t errlen)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT)
            return IOT_OK;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return IOT_ERR_IO;
    }
    /* The buffer grows with what is read (from the file's size when it has one): a cap of
     * hundreds of MiB must not cost that much memory for a small file. */
    struct stat st;
    size_t size = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0
                      ? (size_t)st.st_size
                      : 4096;
    size_t alloc = (size < cap ? size : cap) + 1, n = 0;
    char *buf = iot_malloc(alloc + 1);
    int rc = buf != NULL ? IOT_OK : IOT_ERR_NOMEM;
    while (rc == IOT_OK) {
        n += fread(buf + n, 1, alloc - n, f);
        if (ferror(f))
            rc = IOT_ERR_IO;
        else if (n > cap)
            rc = IOT_ERR_INPUT;
        else if (n < alloc)
            break; /* end of file */
        else { /* full: the file grew, or had no size */
            size_t na = alloc * 2 > cap + 1 ? cap + 1 : alloc * 2;
            char *nb = iot_realloc(buf, na + 1);
            if (nb == NULL)
                rc = IOT_ERR_NOMEM;
            else {
                buf = nb;
                alloc = na;
            }
        }
    }
    fclose(f);
    if (rc == IOT_ERR_INPUT)
        snprintf(err, errlen, "%s: larger than %zu bytes", path, cap);
    else if (rc != IOT_OK)
        snprintf(err, errlen, "%s: %s", path, rc == IOT_ERR_IO ? "read error" : "out of memory");
    if (rc != IOT_OK) {
        iot_free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return IOT_OK;
}
