/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File-backed anti-rollback counter and revocation list (see fw-store-file.h). */
#include "iotsec-common.h"
#include "firmware/fw-store-file.h"

#include <unistd.h>

#include "firmware/fw-keys.h"
#include "util/util-file.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

#define STORE_FILE_MAX (IOT_FW_STORE_MAX_REVOKED * 80 + 4096)
#define STORE_HEADER "# iotsec firmware state: anti-rollback counter and revoked signing keys\n"

static int store_save(struct iot_fw_file_store *fs, char *err, size_t errlen)
{
    size_t cap = 256 + fs->nrevoked * 80;
    char *text = iot_malloc(cap);
    if (text == NULL) {
        snprintf(err, errlen, "out of memory");
        return IOT_ERR_NOMEM;
    }
    size_t off = (size_t)snprintf(text, cap, STORE_HEADER "security-counter %u\n", fs->counter);
    for (size_t i = 0; i < fs->nrevoked; i++) {
        char hex[2 * IOT_FW_KEYID_BYTES + 1];
        iot_fw_keyid_hex(fs->revoked[i], hex);
        off += (size_t)snprintf(text + off, cap - off, "revoked %s\n", hex);
    }
    int rc = iot_file_replace(fs->path, text, off, 0644, err, errlen);
    iot_free(text);
    return rc;
}

static int cb_read(void *ctx, uint32_t *value)
{
    *value = ((struct iot_fw_file_store *)ctx)->counter;
    return 0;
}

static int cb_write(void *ctx, uint32_t value)
{
    struct iot_fw_file_store *fs = ctx;
    char err[256];
    uint32_t old = fs->counter;
    if (value < old)
        return -1;
    fs->counter = value;
    if (store_save(fs, err, sizeof(err)) != IOT_OK) {
        fs->counter = old;
        fprintf(stderr, "iotsec: %s\n", err);
        return -1;
    }
    return 0;
}

static int is_listed(const struct iot_fw_file_store *fs, const uint8_t id[IOT_FW_KEYID_BYTES])
{
    for (size_t i = 0; i < fs->nrevoked; i++)
        if (memcmp(fs->revoked[i], id, IOT_FW_KEYID_BYTES) == 0)
            return 1;
    return 0;
}

static int cb_revoked(void *ctx, const uint8_t id[IOT_FW_KEYID_BYTES])
{
    return is_listed(ctx, id);
}

static int add_revoked(struct iot_fw_file_store *fs, const uint8_t id[IOT_FW_KEYID_BYTES])
{
    if (fs->nrevoked >= IOT_FW_STORE_MAX_REVOKED)
        return IOT_ERR_INPUT;
    void *grown = iot_realloc(fs->revoked, (fs->nrevoked + 1) * IOT_FW_KEYID_BYTES);
    if (grown == NULL)
        return IOT_ERR_NOMEM;
    fs->revoked = grown;
    memcpy(fs->revoked[fs->nrevoked++], id, IOT_FW_KEYID_BYTES);
    return IOT_OK;
}

void iot_fw_file_store_init(struct iot_fw_file_store *fs)
{
    memset(fs, 0, sizeof(*fs));
    fs->lock_fd = -1;
    fs->store.ctx = fs;
    fs->store.read_counter = cb_read;
    fs->store.write_counter = cb_write;
    fs->store.is_revoked = cb_revoked;
}

/* One line: "security-counter N" (exactly once) or "revoked HEX". */
static int parse_line(struct iot_fw_file_store *fs, const char *line, int *seen_counter)
{
    uint8_t id[IOT_FW_KEYID_BYTES];
    if (strncmp(line, "security-counter ", 17) == 0) {
        uint64_t v;
        if (*seen_counter || iot_parse_u64(line + 17, 0, UINT32_MAX, &v) != IOT_OK)
            return IOT_ERR_INPUT;
        fs->counter = (uint32_t)v;
        *seen_counter = 1;
        return IOT_OK;
    }
    if (strncmp(line, "revoked ", 8) == 0) {
        if (iot_fw_keyid_parse(line + 8, id) != IOT_OK || is_listed(fs, id))
            return IOT_ERR_INPUT;
        return add_revoked(fs, id);
    }
    return IOT_ERR_INPUT;
}

int iot_fw_file_store_parse(struct iot_fw_file_store *fs, const char *text, char *err,
                            size_t errlen)
{
    int seen_counter = 0;
    unsigned lineno = 0;
    while (*text != '\0') {
        const char *nl = strchr(text, '\n');
        size_t len = nl != NULL ? (size_t)(nl - text) : strlen(text);
        char line[160];
        lineno++;
        if (len >= sizeof(line)) {
            snprintf(err, errlen, "%s:%u: line too long", fs->path, lineno);
            return IOT_ERR_INPUT;
        }
        memcpy(line, text, len);
        line[len] = '\0';
        text += len + (nl != NULL);
        if (len == 0 || line[0] == '#')
            continue;
        int rc = parse_line(fs, line, &seen_counter);
        if (rc != IOT_OK) {
            snprintf(err, errlen, "%s:%u: expected \"security-counter N\" once or \"revoked "
                     "<64 hex digits>\" (each key once), got \"%.60s\"", fs->path, lineno, line);
            return rc;
        }
    }
    if (!seen_counter) {
        snprintf(err, errlen, "%s: no security-counter line", fs->path);
        return IOT_ERR_INPUT;
    }
    return IOT_OK;
}

static int store_lock(struct iot_fw_file_store *fs, char *err, size_t errlen)
{
    fs->lock_fd = iot_file_lock(fs->path, err, errlen);
    return fs->lock_fd >= 0 ? IOT_OK : IOT_ERR_IO;
}

int iot_fw_file_store_open(struct iot_fw_file_store *fs, const char *path, int create, char *err,
                           size_t errlen)
{
    iot_fw_file_store_init(fs);
    if (iot_strlcpy(fs->path, path, sizeof(fs->path)) >= sizeof(fs->path)) {
        snprintf(err, errlen, "%s: path too long", path);
        return IOT_ERR_INPUT;
    }
    int rc = store_lock(fs, err, errlen);
    if (rc != IOT_OK)
        return rc;
    char *text = NULL;
    size_t len = 0;
    rc = iot_file_read_all(path, STORE_FILE_MAX, &text, &len, err, errlen);
    if (rc != IOT_OK)
        return rc;
    if (text == NULL) {
        if (create)
            return IOT_OK;
        snprintf(err, errlen, "%s: no such counter store (--new-store creates one, for a "
                 "device's first verify)", path);
        return IOT_ERR_INPUT;
    }
    if (strlen(text) != len) {
        snprintf(err, errlen, "%s: contains a NUL byte", path);
        rc = IOT_ERR_INPUT;
    } else {
        rc = iot_fw_file_store_parse(fs, text, err, errlen);
    }
    iot_free(text);
    return rc;
}

int iot_fw_file_store_revoke(struct iot_fw_file_store *fs, const uint8_t id[IOT_FW_KEYID_BYTES],
                             char *err, size_t errlen)
{
    if (is_listed(fs, id))
        return IOT_OK;
    int rc = add_revoked(fs, id);
    if (rc != IOT_OK) {
        snprintf(err, errlen, "%s: cannot add a revoked key (at most %d)", fs->path,
                 IOT_FW_STORE_MAX_REVOKED);
        return rc;
    }
    rc = store_save(fs, err, errlen);
    if (rc != IOT_OK)
        fs->nrevoked--;
    return rc;
}

void iot_fw_file_store_close(struct iot_fw_file_store *fs)
{
    iot_free(fs->revoked);
    fs->revoked = NULL;
    fs->nrevoked = 0;
    if (fs->lock_fd >= 0)
        close(fs->lock_fd);
    fs->lock_fd = -1;
}
