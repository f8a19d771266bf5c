/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The vault from the command line: a key file or a passphrase resolved the usual three ways,
 * and keys that other verbs keep in the vault (the store's evidence and credential keys). */
#ifndef IOTSEC_CLI_CLI_VAULT_H
#define IOTSEC_CLI_CLI_VAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "vault/vault.h"

/* A key source resolved: a passphrase or a key file's bytes, both in guarded memory. */
struct iot_cli_secret {
    char *pass;
    uint8_t *key;
    struct iot_vault_key k;
};

/* Resolves key_file, or a passphrase from fd, env_name or a prompt (asked twice when confirm),
 * into s. IOT_EXIT_OK, or an exit code with the reason printed. */
int iot_cli_secret_get(struct iot_cli_secret *s, const char *key_file, int fd,
                       const char *env_name, const char *what, bool confirm,
                       enum iot_kdf_preset kdf);
void iot_cli_secret_free(struct iot_cli_secret *s);

/* Opens the vault at path with key_file or the command's passphrase; NULL with a message. */
struct iot_vault *iot_cli_vault_open(const char *verb, const char *path, const char *key_file,
                                     int pass_fd);

/* Copies the 32-byte key name into out; with create, makes a random one and saves the vault
 * when it is absent. IOT_OK or an error with the reason printed. */
int iot_cli_vault_key(const char *verb, struct iot_vault *v, const char *name, bool create,
                      uint8_t out[32]);

#endif
