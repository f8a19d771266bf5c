/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passphrases, taken the same three ways by every iotsec verb that needs one: a line read from
 * the file descriptor given with --passphrase-fd N, else the IOTSEC_PASSPHRASE environment
 * variable (scripts and CI), else a prompt on the terminal with echo off. Never from an
 * argument: command lines are visible to every user of the machine. */
#ifndef IOTSEC_CLI_CLI_PASSPHRASE_H
#define IOTSEC_CLI_CLI_PASSPHRASE_H

#include <stdbool.h>
#include <stddef.h>

#define IOT_PASSPHRASE_MAX 1024

/* Returns the passphrase in a sodium_malloc'd, NUL-terminated buffer (free it with
 * iot_passphrase_free, which wipes it) and its length in *len; NULL with a message on stderr
 * when there is none. fd < 0: no --passphrase-fd. confirm: a prompt asks twice. */
char *iot_passphrase_get(const char *verb, int fd, const char *what, bool confirm, size_t *len);
/* The same with another environment variable than IOTSEC_PASSPHRASE (a second passphrase in
 * one command: IOTSEC_NEW_PASSPHRASE for a rekey). */
char *iot_passphrase_get_env(const char *verb, int fd, const char *env_name, const char *what,
                             bool confirm, size_t *len);
void iot_passphrase_free(char *p);

/* Parses the N of --passphrase-fd N. */
int iot_passphrase_fd_parse(const char *s, int *fd);

#endif
