/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files that must never be seen half-written (keys, counters, signed images): written to a
 * temporary file beside the target, flushed to disk, then linked or renamed into place. */
#ifndef IOTSEC_UTIL_UTIL_FILE_H
#define IOTSEC_UTIL_UTIL_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Result of iot_file_create when the target already exists (nothing was written). */
#define IOT_FILE_EXISTS 1

/* Creates path with data (mode, e.g. 0600) only if it does not exist yet. Returns IOT_OK,
 * IOT_FILE_EXISTS, or IOT_ERR_IO with err set. */
int iot_file_create(const char *path, const void *data, size_t len, unsigned mode, char *err,
                    size_t errlen);

/* Replaces path with data atomically: after a crash the old or the new content is there,
 * never a mix (write, fsync, rename, fsync of the directory). */
int iot_file_replace(const char *path, const void *data, size_t len, unsigned mode, char *err,
                     size_t errlen);

/* Takes an exclusive flock on PATH.lock (created 0600 if needed), waiting for other holders:
 * every iotsec process that reads, changes and rewrites a file holds it from the read to the
 * rewrite, so two updates cannot silently undo each other. Returns the descriptor to close
 * when done, or -1 with err set. A child forked meanwhile shares the lock until it closes the
 * descriptor too. */
int iot_file_lock(const char *path, char *err, size_t errlen);
/* The same without waiting: -1 with "in use by another iotsec process" when it is held. */
int iot_file_trylock(const char *path, char *err, size_t errlen);

/* Test hook: the next write of a temporary file stops after nbytes and the process exits at
 * once (status 86), as if killed mid-write. SIZE_MAX (the default) disables it. This and the
 * temporary-name counter are the module's only global state. */
void iot_file_test_crash_after(size_t nbytes);

/* An open temporary file beside a target, for outputs too big to hold in memory. */
struct iot_file_tmp {
    FILE *f;
    char tmp[640];
    char path[512];
};
int iot_file_tmp_open(struct iot_file_tmp *t, const char *path, unsigned mode, char *err,
                      size_t errlen);
/* Flushes, fsyncs and renames into place (commit != 0), or removes the temporary file. */
int iot_file_tmp_close(struct iot_file_tmp *t, int commit, char *err, size_t errlen);

/* Reads a whole secret file into buf (at most cap bytes): it must be a regular file of this
 * user that nobody else may read. Sets *len. IOT_OK, IOT_ERR_IO, or IOT_ERR_INPUT (too big,
 * wrong owner or mode). */
int iot_file_read_private(const char *path, uint8_t *buf, size_t cap, size_t *len, char *err,
                          size_t errlen);

/* Reads a whole file of at most cap bytes into a new NUL-terminated buffer the caller frees.
 * A missing file gives IOT_OK with *out NULL. */
int iot_file_read_all(const char *path, size_t cap, char **out, size_t *len, char *err,
                      size_t errlen);

#endif
