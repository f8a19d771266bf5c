/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passphrase input (see cli-passphrase.h). */
#include "iotsec-common.h"
#include "cli/cli-passphrase.h"

#include <fcntl.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include "util/util-misc.h"

/* Reads one line (without its end) from fd into buf; a line longer than the buffer is an
 * error rather than a silently shortened passphrase. */
static int read_line(int fd, char *buf, size_t cap, size_t *len)
{
    *len = 0;
    for (;;) {
        char c;
        ssize_t n = read(fd, &c, 1);
        if (n < 0)
            return -1;
        if (n == 0 || c == '\n')
            break;
        if (*len + 1 >= cap)
            return -1;
        buf[(*len)++] = c;
    }
    if (*len > 0 && buf[*len - 1] == '\r')
        (*len)--;
    buf[*len] = '\0';
    return 0;
}

static int prompt_tty(const char *question, char *buf, size_t cap, size_t *len)
{
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -1;
    struct termios old, quiet;
    int have_term = tcgetattr(fd, &old) == 0;
    if (have_term) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
        quiet.c_lflag |= ICANON;
        (void)tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    ssize_t w = write(fd, question, strlen(question));
    int rc = w < 0 ? -1 : read_line(fd, buf, cap, len);
    if (have_term)
        (void)tcsetattr(fd, TCSAFLUSH, &old);
    w = write(fd, "\n", 1);
    (void)w;
    close(fd);
    return rc;
}

static int from_tty(const char *verb, const char *what, bool confirm, char *buf, size_t *len)
{
    char question[256];
    snprintf(question, sizeof(question), "Passphrase for %s: ", what);
    if (prompt_tty(question, buf, IOT_PASSPHRASE_MAX, len) != 0) {
        fprintf(stderr, "iotsec %s: no passphrase: no terminal to ask on; use --passphrase-fd N "
                        "or IOTSEC_PASSPHRASE (IOTSEC_NEW_PASSPHRASE for a new one)\n", verb);
        return -1;
    }
    if (!confirm)
        return 0;
    char *again = sodium_malloc(IOT_PASSPHRASE_MAX);
    size_t alen = 0;
    int rc = -1;
    if (again != NULL && prompt_tty("Same passphrase again: ", again, IOT_PASSPHRASE_MAX, &alen) == 0)
        rc = alen == *len && sodium_memcmp(again, buf, alen) == 0 ? 0 : -2;
    sodium_free(again);
    if (rc == -2)
        fprintf(stderr, "iotsec %s: the two passphrases differ\n", verb);
    return rc;
}

char *iot_passphrase_get(const char *verb, int fd, const char *what, bool confirm, size_t *len)
{
    return iot_passphrase_get_env(verb, fd, "IOTSEC_PASSPHRASE", what, confirm, len);
}

char *iot_passphrase_get_env(const char *verb, int fd, const char *env_name, const char *what,
                             bool confirm, size_t *len)
{
    *len = 0;
    if (sodium_init() < 0)
        return NULL;
    char *buf = sodium_malloc(IOT_PASSPHRASE_MAX);
    if (buf == NULL) {
        fprintf(stderr, "iotsec %s: out of memory\n", verb);
        return NULL;
    }
    int rc = 0;
    const char *env = getenv(env_name);
    if (fd >= 0) {
        rc = read_line(fd, buf, IOT_PASSPHRASE_MAX, len);
        if (rc != 0)
            fprintf(stderr, "iotsec %s: cannot read a passphrase line (at most %d bytes) from "
                            "descriptor %d\n", verb, IOT_PASSPHRASE_MAX - 1, fd);
    } else if (env != NULL) {
        if (iot_strlcpy(buf, env, IOT_PASSPHRASE_MAX) >= IOT_PASSPHRASE_MAX) {
            fprintf(stderr, "iotsec %s: %s is too long\n", verb, env_name);
            rc = -1;
        }
        *len = strlen(buf);
        /* Read once: wiped and removed, so no child process inherits it. */
        sodium_memzero((char *)env, strlen(env));
        unsetenv(env_name);
    } else {
        rc = from_tty(verb, what, confirm, buf, len);
    }
    if (rc == 0 && *len == 0) {
        fprintf(stderr, "iotsec %s: an empty passphrase protects nothing\n", verb);
        rc = -1;
    }
    if (rc != 0) {
        sodium_free(buf);
        *len = 0;
        return NULL;
    }
    return buf;
}

void iot_passphrase_free(char *p)
{
    sodium_free(p);
}

int iot_passphrase_fd_parse(const char *s, int *fd)
{
    uint64_t v;
    if (iot_parse_u64(s, 0, 1023, &v) != IOT_OK)
        return IOT_ERR_INPUT;
    *fd = (int)v;
    return IOT_OK;
}
