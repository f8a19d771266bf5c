/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec vault init|put NAME|get NAME|list|rm NAME|rekey: iotsec's own secrets, encrypted
 * (docs/vault-format.md). A secret enters through standard input, never an argument. */
#include "iotsec-common.h"
#include "cli/cli.h"

#include <errno.h>
#include <sodium.h>
#include <unistd.h>

#include "cli/cli-passphrase.h"
#include "cli/cli-vault.h"
#include "util/util-file.h"
#include "util/util-misc.h"
#include "vault/vault.h"

struct vault_opts {
    const char *vault, *key_file, *new_key_file, *name;
    int pass_fd, new_pass_fd;
    bool binary;
    enum iot_kdf_preset kdf;
};

static const char *const vault_usage =
    "usage: iotsec vault init [--kdf interactive|moderate|sensitive]\n"
    "       iotsec vault put NAME [--binary]     (the secret is read from standard input)\n"
    "       iotsec vault get NAME | list | rm NAME\n"
    "       iotsec vault rekey [--new-key-file K] [--new-passphrase-fd N] [--kdf P]\n"
    "options: --vault FILE (default iotsec.vault), --key-file K (a 32-byte key, mode 0600)\n"
    "         instead of a passphrase, --passphrase-fd N. Passphrases: --passphrase-fd N, else\n"
    "         IOTSEC_PASSPHRASE (IOTSEC_NEW_PASSPHRASE for rekey), else a prompt.\n";

static int vault_usage_error(const char *msg)
{
    return iot_cli_usage_error("vault", vault_usage, msg);
}

static int parse_vault_opts(int argc, char **argv, struct vault_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->vault = "iotsec.vault";
    o->pass_fd = o->new_pass_fd = -1;
    o->kdf = IOT_KDF_MODERATE;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = true;
        if (strcmp(a, "--binary") == 0) {
            o->binary = true, takes = false;
        } else if (strncmp(a, "--", 2) != 0) {
            if (o->name != NULL)
                return vault_usage_error("too many arguments");
            o->name = a, takes = false;
        } else if (v == NULL) {
            return vault_usage_error("an option lacks its value");
        } else if (strcmp(a, "--vault") == 0) {
            o->vault = v;
        } else if (strcmp(a, "--key-file") == 0) {
            o->key_file = v;
        } else if (strcmp(a, "--new-key-file") == 0) {
            o->new_key_file = v;
        } else if (strcmp(a, "--passphrase-fd") == 0 || strcmp(a, "--new-passphrase-fd") == 0) {
            if (iot_passphrase_fd_parse(v, a[2] == 'n' ? &o->new_pass_fd : &o->pass_fd) != IOT_OK)
                return vault_usage_error("a passphrase descriptor is a number");
        } else if (strcmp(a, "--kdf") == 0) {
            if (iot_kdf_preset_parse(v, &o->kdf) != IOT_OK)
                return vault_usage_error("unknown --kdf");
        } else {
            fprintf(stderr, "iotsec vault: unknown option %s\n", a);
            return vault_usage_error(NULL);
        }
        if (takes)
            i++;
    }
    return 0;
}

/* Reads a secret from standard input into guarded memory: up to IOT_VAULT_VALUE_MAX bytes,
 * one trailing newline dropped unless binary. */
static uint8_t *read_secret(bool binary, size_t *len)
{
    uint8_t *buf = sodium_malloc(IOT_VAULT_VALUE_MAX + 1);
    *len = 0;
    while (buf != NULL && *len <= IOT_VAULT_VALUE_MAX) {
        ssize_t n = read(STDIN_FILENO, buf + *len, IOT_VAULT_VALUE_MAX + 1 - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) { /* a cut secret must not be stored as if whole */
            fprintf(stderr, "iotsec vault put: cannot read standard input\n");
            sodium_free(buf);
            return NULL;
        }
        if (n == 0)
            break;
        *len += (size_t)n;
    }
    if (buf != NULL && *len > IOT_VAULT_VALUE_MAX) {
        fprintf(stderr, "iotsec vault put: a secret holds at most %d bytes\n", IOT_VAULT_VALUE_MAX);
        sodium_free(buf);
        return NULL;
    }
    if (buf != NULL && !binary && *len > 0 && buf[*len - 1] == '\n')
        (*len)--;
    return buf;
}

static int vault_do(struct iot_vault *v, const char *verb, const struct vault_opts *o)
{
    char err[512];
    const uint8_t *val;
    size_t len;
    if (strcmp(verb, "list") == 0) {
        for (size_t i = 0; i < iot_vault_count(v); i++) {
            const char *name = iot_vault_name(v, i, &len);
            printf("%s\t%zu bytes\n", name, len);
        }
        return IOT_EXIT_OK;
    }
    if (strcmp(verb, "get") == 0) {
        if (iot_vault_get(v, o->name, &val, &len) != IOT_OK) {
            fprintf(stderr, "iotsec vault get: no secret named '%s'\n", o->name);
            return IOT_EXIT_INPUT;
        }
        /* write(2), not stdio: no copy of the secret in a buffer nobody wipes. */
        for (size_t off = 0; off < len;) {
            ssize_t n = write(STDOUT_FILENO, val + off, len - off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return IOT_EXIT_INPUT;
            off += (size_t)n;
        }
        return IOT_EXIT_OK;
    }
    int rc;
    if (strcmp(verb, "put") == 0) {
        uint8_t *secret = read_secret(o->binary, &len);
        if (secret == NULL)
            return IOT_EXIT_INPUT;
        rc = iot_vault_put(v, o->name, secret, len, err, sizeof(err));
        sodium_free(secret);
    } else {
        rc = iot_vault_remove(v, o->name);
        if (rc != IOT_OK)
            snprintf(err, sizeof(err), "no secret named '%s'", o->name);
    }
    if (rc == IOT_OK)
        rc = iot_vault_save(v, err, sizeof(err));
    if (rc != IOT_OK) {
        fprintf(stderr, "iotsec vault %s: %s\n", verb, err);
        return rc == IOT_ERR_USAGE ? IOT_EXIT_USAGE : IOT_EXIT_INPUT;
    }
    return IOT_EXIT_OK;
}

static int vault_rekey(struct iot_vault *v, const struct vault_opts *o)
{
    struct iot_cli_secret ns;
    char err[512];
    int rc = iot_cli_secret_get(&ns, o->new_key_file, o->new_pass_fd, "IOTSEC_NEW_PASSPHRASE",
                        "the vault (new)", true, o->kdf);
    if (rc != IOT_EXIT_OK)
        return rc;
    if (iot_vault_rekey(v, &ns.k, err, sizeof(err)) != IOT_OK) {
        fprintf(stderr, "iotsec vault rekey: %s\n", err);
        rc = IOT_EXIT_INPUT;
    } else {
        printf("%s: re-encrypted under the new %s\n", o->vault,
               o->new_key_file != NULL ? "key file" : "passphrase");
    }
    iot_cli_secret_free(&ns);
    return rc;
}

static int cmd_vault(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(vault_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? IOT_EXIT_USAGE : IOT_EXIT_OK;
    }
    if (sodium_init() < 0) { /* sodium_malloc needs it first */
        fprintf(stderr, "iotsec vault: libsodium cannot start\n");
        return IOT_EXIT_INPUT;
    }
    const char *verb = argv[1];
    struct vault_opts o;
    int rc = parse_vault_opts(argc, argv, &o);
    if (rc != 0)
        return rc;
    bool needs_name = strcmp(verb, "put") == 0 || strcmp(verb, "get") == 0 ||
                      strcmp(verb, "rm") == 0;
    bool known = needs_name || strcmp(verb, "init") == 0 || strcmp(verb, "list") == 0 ||
                 strcmp(verb, "rekey") == 0;
    if (!known || needs_name != (o.name != NULL))
        return vault_usage_error(known ? "NAME is needed by put, get and rm only" : "unknown verb");
    bool init = strcmp(verb, "init") == 0;
    struct iot_cli_secret s;
    rc = iot_cli_secret_get(&s, o.key_file, o.pass_fd, "IOTSEC_PASSPHRASE", "the vault", init, o.kdf);
    if (rc != IOT_EXIT_OK)
        return rc;
    char err[512];
    struct iot_vault *v = NULL;
    if (init) {
        rc = iot_vault_create(o.vault, &s.k, err, sizeof(err)) == IOT_OK ? IOT_EXIT_OK
                                                                          : IOT_EXIT_INPUT;
        if (rc == IOT_EXIT_OK)
            printf("%s: new empty vault\n", o.vault);
    } else if (iot_vault_open(&v, o.vault, &s.k, err, sizeof(err)) != IOT_OK) {
        rc = IOT_EXIT_INPUT;
    } else {
        rc = strcmp(verb, "rekey") == 0 ? vault_rekey(v, &o) : vault_do(v, verb, &o);
    }
    if (rc == IOT_EXIT_INPUT && v == NULL)
        fprintf(stderr, "iotsec vault %s: %s\n", verb, err);
    iot_vault_close(v);
    iot_cli_secret_free(&s);
    return rc;
}

const struct iot_cmd_entry iot_cmd_vault = {
    "vault", "iotsec's secrets, encrypted: init, put, get, list, rm, rekey", cmd_vault};
