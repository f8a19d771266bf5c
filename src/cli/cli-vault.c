/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Vault access for the verbs that take secrets from it (see cli-vault.h). */
#include "iotsec-common.h"
#include "cli/cli-vault.h"

#include <sodium.h>

#include "cli/cli.h"
#include "cli/cli-passphrase.h"
#include "util/util-file.h"

void iot_cli_secret_free(struct iot_cli_secret *s)
{
    if (s->pass != NULL)
        iot_passphrase_free(s->pass);
    sodium_free(s->key);
    memset(s, 0, sizeof(*s));
}

int iot_cli_secret_get(struct iot_cli_secret *s, const char *key_file, int fd, const char *env_name,
                      const char *what, bool confirm, enum iot_kdf_preset kdf)
{
    memset(s, 0, sizeof(*s));
    s->k.kdf = kdf;
    if (sodium_init() < 0) { /* guarded memory needs it, whichever verb comes first */
        fprintf(stderr, "iotsec: libsodium cannot start\n");
        return IOT_EXIT_INPUT;
    }
    if (key_file != NULL) {
        char err[512];
        size_t len = 0;
        s->key = sodium_malloc(IOT_VAULT_KEY_BYTES + 1);
        int rc = s->key == NULL ? IOT_ERR_NOMEM
                                : iot_file_read_private(key_file, s->key, IOT_VAULT_KEY_BYTES + 1,
                                                        &len, err, sizeof(err));
        if (rc == IOT_OK && len != IOT_VAULT_KEY_BYTES)
            snprintf(err, sizeof(err), "%s: not a %d-byte key", key_file, IOT_VAULT_KEY_BYTES),
                rc = IOT_ERR_INPUT;
        if (rc != IOT_OK) {
            fprintf(stderr, "iotsec vault: %s\n", rc == IOT_ERR_NOMEM ? "out of memory" : err);
            iot_cli_secret_free(s);
            return IOT_EXIT_INPUT;
        }
        s->k.key = s->key;
        return IOT_EXIT_OK;
    }
    s->pass = iot_passphrase_get_env("vault", fd, env_name, what, confirm, &s->k.passlen);
    s->k.pass = s->pass;
    return s->pass != NULL ? IOT_EXIT_OK : IOT_EXIT_INPUT;
}


struct iot_vault *iot_cli_vault_open(const char *verb, const char *path, const char *key_file,
                                     int pass_fd)
{
    struct iot_cli_secret s;
    if (iot_cli_secret_get(&s, key_file, pass_fd, "IOTSEC_PASSPHRASE", path, false,
                           IOT_KDF_MODERATE) != IOT_EXIT_OK)
        return NULL;
    char err[512];
    struct iot_vault *v = NULL;
    if (iot_vault_open(&v, path, &s.k, err, sizeof(err)) != IOT_OK)
        fprintf(stderr, "iotsec %s: %s\n", verb, err);
    iot_cli_secret_free(&s);
    return v;
}

int iot_cli_vault_key(const char *verb, struct iot_vault *v, const char *name, bool create,
                      uint8_t out[32])
{
    char err[512];
    const uint8_t *val;
    size_t len = 0;
    if (iot_vault_get(v, name, &val, &len) == IOT_OK && len == 32) {
        memcpy(out, val, 32);
        return IOT_OK;
    }
    if (len != 0 || !create) {
        fprintf(stderr, "iotsec %s: the vault holds no 32-byte key named '%s'\n", verb, name);
        return IOT_ERR_INPUT;
    }
    randombytes_buf(out, 32);
    int rc = iot_vault_put(v, name, out, 32, err, sizeof(err));
    if (rc == IOT_OK)
        rc = iot_vault_save(v, err, sizeof(err));
    if (rc != IOT_OK) {
        sodium_memzero(out, 32);
        fprintf(stderr, "iotsec %s: %s\n", verb, err);
    }
    return rc;
}
