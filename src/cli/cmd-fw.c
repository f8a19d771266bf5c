/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec fw keygen|sign|verify|info|revoke: signed firmware images (docs/firmware-format.md). */
#include "iotsec-common.h"
#include "cli/cli.h"

#include <errno.h>
#include <sodium.h>
#include <sys/stat.h>

#include "cli/cli-passphrase.h"
#include "cli/cli-vault.h"
#include "firmware/fw-format.h"
#include "firmware/fw-info.h"
#include "firmware/fw-keys.h"
#include "firmware/fw-sign.h"
#include "firmware/fw-store-file.h"
#include "util/util-file.h"
#include "util/util-mem.h"
#include "util/util-misc.h"
#include "vault/vault.h"

#define FW_MAX_PUBKEYS 16

struct fw_opts {
    const char *out, *key, *version, *store, *decrypt_key, *encrypt_key, *vault;
    const char *pubkeys[FW_MAX_PUBKEYS];
    size_t npub;
    const char *pos[2];
    int npos;
    uint64_t counter, load_addr, header_size;
    bool have_counter, check_only, payload_key, new_store;
    enum iot_kdf_preset kdf;
    enum iot_fw_digest_alg digest;
    int pass_fd;
};

static const char *const fw_usage =
    "usage: iotsec fw keygen --out PREFIX [--payload-key] [--kdf interactive|moderate|sensitive]\n"
    "       iotsec fw sign --key K --version MAJ.MIN.REV[+BUILD] --security-counter N\n"
    "                      [--digest sha256|blake2b] [--load-addr A] [--header-size N]\n"
    "                      [--encrypt-key K] IN OUT\n"
    "       iotsec fw verify --pubkey P [--pubkey P ...] [--counter-store F [--new-store]]\n"
    "                        [--check-only]\n"
    "                        [--decrypt-key K --out PLAIN] IMAGE\n"
    "       iotsec fw info IMAGE\n"
    "       iotsec fw revoke --counter-store F [--new-store] KEYID|PUBKEY-FILE\n"
    "Payload keys may live in the vault: --out / --encrypt-key / --decrypt-key vault:NAME\n"
    "(--vault FILE, default iotsec.vault).\n"
    "Passphrases: --passphrase-fd N, else IOTSEC_PASSPHRASE, else a prompt (one per command).\n";

static int usage_error(const char *msg)
{
    return iot_cli_usage_error("fw", fw_usage, msg);
}

static int parse_number(const char *name, const char *s, uint64_t max, uint64_t *out)
{
    /* Addresses read better in hex. */
    if (strncmp(s, "0x", 2) == 0) {
        char *end = NULL;
        errno = 0;
        unsigned long long v = strtoull(s + 2, &end, 16);
        if (errno == 0 && end != s + 2 && *end == '\0' && v <= max) {
            *out = v;
            return 0;
        }
    } else if (iot_parse_u64(s, 0, max, out) == IOT_OK) {
        return 0;
    }
    fprintf(stderr, "iotsec fw: %s: '%s' is not a number up to %llu\n", name, s,
            (unsigned long long)max);
    return -1;
}

/* Options that take a value, and where it goes. */
static int take_value(struct fw_opts *o, const char *name, const char *v)
{
    const char **slot = NULL;
    if (strcmp(name, "--out") == 0)
        slot = &o->out;
    else if (strcmp(name, "--key") == 0)
        slot = &o->key;
    else if (strcmp(name, "--version") == 0)
        slot = &o->version;
    else if (strcmp(name, "--counter-store") == 0)
        slot = &o->store;
    else if (strcmp(name, "--decrypt-key") == 0)
        slot = &o->decrypt_key;
    else if (strcmp(name, "--encrypt-key") == 0)
        slot = &o->encrypt_key;
    else if (strcmp(name, "--vault") == 0)
        slot = &o->vault;
    if (slot != NULL) {
        *slot = v;
        return 0;
    }
    if (strcmp(name, "--pubkey") == 0) {
        if (o->npub == FW_MAX_PUBKEYS)
            return usage_error("too many --pubkey");
        o->pubkeys[o->npub++] = v;
        return 0;
    }
    if (strcmp(name, "--security-counter") == 0) {
        o->have_counter = true;
        return parse_number(name, v, UINT32_MAX, &o->counter) == 0 ? 0 : IOT_EXIT_USAGE;
    }
    if (strcmp(name, "--load-addr") == 0)
        return parse_number(name, v, UINT32_MAX, &o->load_addr) == 0 ? 0 : IOT_EXIT_USAGE;
    if (strcmp(name, "--header-size") == 0)
        return parse_number(name, v, IOT_FW_HDR_MAX, &o->header_size) == 0 ? 0 : IOT_EXIT_USAGE;
    if (strcmp(name, "--passphrase-fd") == 0)
        return iot_passphrase_fd_parse(v, &o->pass_fd) == IOT_OK
                   ? 0 : usage_error("--passphrase-fd needs a descriptor number");
    if (strcmp(name, "--kdf") == 0)
        return iot_kdf_preset_parse(v, &o->kdf) == IOT_OK ? 0 : usage_error("unknown --kdf");
    if (strcmp(name, "--digest") == 0) {
        if (strcmp(v, "sha256") == 0 || strcmp(v, "blake2b") == 0) {
            o->digest = v[0] == 'b' ? IOT_FW_DIGEST_BLAKE2B : IOT_FW_DIGEST_SHA256;
            return 0;
        }
        return usage_error("--digest is sha256 or blake2b");
    }
    return -1;
}

static int parse_opts(int argc, char **argv, struct fw_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->pass_fd = -1;
    o->kdf = IOT_KDF_MODERATE;
    o->vault = "iotsec.vault";
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--check-only") == 0) {
            o->check_only = true;
        } else if (strcmp(a, "--payload-key") == 0) {
            o->payload_key = true;
        } else if (strcmp(a, "--new-store") == 0) {
            o->new_store = true;
        } else if (strncmp(a, "--", 2) == 0) {
            if (i + 1 >= argc)
                return usage_error("an option lacks its value");
            int rc = take_value(o, a, argv[i + 1]);
            if (rc < 0) {
                fprintf(stderr, "iotsec fw: unknown option %s\n", a);
                return usage_error(NULL);
            }
            if (rc > 0)
                return rc;
            i++;
        } else if (o->npos < 2) {
            o->pos[o->npos++] = a;
        } else {
            return usage_error("too many arguments");
        }
    }
    return 0;
}

#define VAULT_PREFIX "vault:"

static bool in_vault(const char *spec)
{
    return strncmp(spec, VAULT_PREFIX, strlen(VAULT_PREFIX)) == 0;
}

/* A new payload key straight into the vault (the vault's passphrase), never on disk alone. */
static int keygen_into_vault(const struct fw_opts *o)
{
    const char *name = o->out + strlen(VAULT_PREFIX);
    struct iot_vault *v = iot_cli_vault_open("fw keygen", o->vault, NULL, o->pass_fd);
    const uint8_t *old;
    size_t oldlen;
    uint8_t key[IOT_FW_ENC_KEY_BYTES];
    int rc = v == NULL ? IOT_ERR_INPUT : IOT_OK;
    if (rc == IOT_OK && iot_vault_get(v, name, &old, &oldlen) == IOT_OK) {
        fprintf(stderr, "iotsec fw keygen: %s: a secret named '%s' exists already\n", o->vault,
                name);
        rc = IOT_ERR_INPUT;
    }
    if (rc == IOT_OK)
        rc = iot_cli_vault_key("fw keygen", v, name, true, key); /* made and saved there */
    sodium_memzero(key, sizeof(key));
    iot_vault_close(v);
    if (rc != IOT_OK)
        return IOT_EXIT_INPUT;
    printf("payload key '%s' added to %s\n", name, o->vault);
    return IOT_EXIT_OK;
}

static int fw_keygen(const struct fw_opts *o)
{
    if (o->out != NULL && in_vault(o->out)) {
        if (!o->payload_key)
            return usage_error("only payload keys go to the vault (--payload-key)");
        return keygen_into_vault(o);
    }
    if (o->out == NULL || o->npos != 0)
        return usage_error("keygen needs --out PREFIX");
    char pubpath[600], err[512] = "out of memory";
    snprintf(pubpath, sizeof(pubpath), "%s.pub", o->out);
    size_t plen = 0;
    char *pass = iot_passphrase_get("fw keygen", o->pass_fd, o->out, true, &plen);
    uint8_t *secret = sodium_malloc(IOT_SEALED_SECRET_BYTES);
    if (pass == NULL || secret == NULL) {
        iot_passphrase_free(pass);
        sodium_free(secret);
        return IOT_EXIT_INPUT;
    }
    randombytes_buf(secret, IOT_SEALED_SECRET_BYTES);
    struct iot_fw_signing_key k = {0};
    int rc = o->payload_key ? IOT_OK : iot_fw_signing_key_from_seed(&k, secret);
    if (rc == IOT_OK)
        rc = iot_sealed_write(o->out, o->payload_key ? IOT_SEALED_PAYLOAD_KEY : IOT_SEALED_SIGNING,
                              o->payload_key ? NULL : k.pk, secret, pass, plen, o->kdf, err,
                              sizeof(err));
    if (rc == IOT_OK && !o->payload_key && (rc = iot_fw_pubkey_write(pubpath, k.pk, err,
                                                                      sizeof(err))) != IOT_OK)
        remove(o->out); /* a secret key without its public half is of no use */
    iot_passphrase_free(pass);
    sodium_free(secret);
    if (rc != IOT_OK) {
        iot_fw_signing_key_free(&k);
        fprintf(stderr, "iotsec fw keygen: %s\n", err);
        return IOT_EXIT_INPUT;
    }
    if (o->payload_key) {
        printf("payload key sealed in %s\n", o->out);
    } else {
        uint8_t id[IOT_FW_KEYID_BYTES];
        char hex[2 * IOT_FW_KEYID_BYTES + 1];
        iot_fw_keyid(k.pk, id);
        iot_fw_keyid_hex(id, hex);
        printf("secret key sealed in %s, public key in %s\nkey id %s\n", o->out, pubpath, hex);
    }
    iot_fw_signing_key_free(&k);
    return IOT_EXIT_OK;
}

/* A payload key from the vault ("vault:NAME") into a new guarded buffer, or NULL. */
static uint8_t *vault_payload_key(const char *verb, const char *spec, const char *vault,
                                  const char *pass, size_t plen)
{
    char err[512];
    struct iot_vault_key vk = {.pass = pass, .passlen = plen};
    struct iot_vault *v = NULL;
    uint8_t *key = sodium_malloc(IOT_FW_ENC_KEY_BYTES);
    if (key != NULL && iot_vault_open(&v, vault, &vk, err, sizeof(err)) != IOT_OK)
        fprintf(stderr, "iotsec %s: %s\n", verb, err);
    if (v == NULL ||
        iot_cli_vault_key(verb, v, spec + strlen(VAULT_PREFIX), false, key) != IOT_OK) {
        sodium_free(key);
        key = NULL;
    }
    iot_vault_close(v);
    return key;
}

/* Opens a sealed file into a new guarded 32-byte buffer, or NULL with a message. */
static uint8_t *open_sealed(const char *verb, const char *path, enum iot_sealed_kind kind,
                            const char *pass, size_t plen, uint8_t *pub)
{
    char err[512];
    uint8_t *secret = sodium_malloc(IOT_SEALED_SECRET_BYTES);
    if (secret == NULL)
        return NULL;
    if (iot_sealed_read(path, kind, pass, plen, secret, pub, err, sizeof(err)) != IOT_OK) {
        fprintf(stderr, "iotsec %s: %s\n", verb, err);
        sodium_free(secret);
        return NULL;
    }
    return secret;
}

static int sign_file(const struct fw_opts *o, struct iot_fw_sign_params *p)
{
    char err[512];
    FILE *in = fopen(o->pos[0], "rb");
    struct stat st;
    if (in == NULL || fstat(fileno(in), &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "iotsec fw sign: %s: %s\n", o->pos[0],
                in == NULL ? strerror(errno) : "not a regular file");
        if (in != NULL)
            fclose(in);
        return IOT_EXIT_INPUT;
    }
    struct iot_file_tmp t;
    int rc = iot_file_tmp_open(&t, o->pos[1], 0644, err, sizeof(err));
    if (rc == IOT_OK) {
        rc = iot_fw_sign(p, in, (uint64_t)st.st_size, t.f, err, sizeof(err));
        int crc = iot_file_tmp_close(&t, rc == IOT_OK, err, sizeof(err));
        rc = rc == IOT_OK ? crc : rc;
    }
    fclose(in);
    if (rc != IOT_OK) {
        fprintf(stderr, "iotsec fw sign: %s\n", err);
        return IOT_EXIT_INPUT;
    }
    printf("signed %s -> %s: version %u.%u.%u+%u, security counter %u%s\n", o->pos[0], o->pos[1],
           p->ver_major, p->ver_minor, p->ver_revision, p->build, p->security_counter,
           p->enc_key != NULL ? ", payload encrypted" : "");
    return IOT_EXIT_OK;
}

static int fw_sign(const struct fw_opts *o)
{
    struct iot_fw_sign_params p = {0};
    if (o->key == NULL || o->version == NULL || !o->have_counter || o->npos != 2)
        return usage_error("sign needs --key, --version, --security-counter, IN and OUT");
    if (iot_fw_version_parse(o->version, &p) != IOT_OK)
        return usage_error("--version is MAJOR.MINOR.REVISION[+BUILD] (255.255.65535+4294967295)");
    if (o->header_size != 0 && o->header_size < IOT_FW_HDR_MIN)
        return usage_error("--header-size is 32 to 4096");
    p.security_counter = (uint32_t)o->counter;
    p.load_addr = (uint32_t)o->load_addr;
    p.hdr_size = (uint16_t)o->header_size;
    p.digest = o->digest;
    size_t plen = 0;
    char *pass = iot_passphrase_get("fw sign", o->pass_fd, o->key, false, &plen);
    if (pass == NULL)
        return IOT_EXIT_INPUT;
    uint8_t pub[32];
    struct iot_fw_signing_key k = {0};
    uint8_t *seed = open_sealed("fw sign", o->key, IOT_SEALED_SIGNING, pass, plen, pub);
    uint8_t *enc = NULL;
    int rc = IOT_EXIT_INPUT;
    if (seed != NULL && o->encrypt_key != NULL)
        enc = in_vault(o->encrypt_key)
                  ? vault_payload_key("fw sign", o->encrypt_key, o->vault, pass, plen)
                  : open_sealed("fw sign", o->encrypt_key, IOT_SEALED_PAYLOAD_KEY, pass, plen,
                                NULL);
    if (seed != NULL && (o->encrypt_key == NULL || enc != NULL) &&
        iot_fw_signing_key_from_seed(&k, seed) == IOT_OK) {
        p.key = &k;
        p.enc_key = enc;
        /* The public half is kept beside the sealed seed: they must agree. */
        rc = sodium_memcmp(pub, k.pk, 32) == 0 ? sign_file(o, &p) : IOT_EXIT_INPUT;
        if (rc == IOT_EXIT_INPUT && sodium_memcmp(pub, k.pk, 32) != 0)
            fprintf(stderr, "iotsec fw sign: %s: public key does not match the secret\n", o->key);
    }
    iot_fw_signing_key_free(&k);
    sodium_free(seed);
    sodium_free(enc);
    iot_passphrase_free(pass);
    return rc;
}

static long read_file(void *ctx, uint8_t *buf, size_t cap)
{
    FILE *f = ctx;
    size_t n = fread(buf, 1, cap, f);
    return ferror(f) ? -1 : (long)n;
}

static int write_plain(void *ctx, const uint8_t *plain, size_t len)
{
    return fwrite(plain, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

struct verify_ctx {
    struct iot_fw_trusted_key keys[FW_MAX_PUBKEYS];
    struct iot_fw_file_store fs;
    bool have_store;
    uint8_t *dec_key;
    struct iot_file_tmp plain;
    bool have_plain;
};

static int verify_setup(const struct fw_opts *o, struct verify_ctx *v)
{
    char err[512];
    for (size_t i = 0; i < o->npub; i++)
        if (iot_fw_pubkey_read(o->pubkeys[i], v->keys[i].pk, err, sizeof(err)) != IOT_OK) {
            fprintf(stderr, "iotsec fw verify: %s\n", err);
            return IOT_EXIT_INPUT;
        }
    if (o->store != NULL) {
        v->have_store = true;
        if (iot_fw_file_store_open(&v->fs, o->store, o->new_store, err, sizeof(err)) != IOT_OK) {
            fprintf(stderr, "iotsec fw verify: %s\n", err);
            return IOT_EXIT_INPUT;
        }
    }
    if (o->decrypt_key != NULL) {
        size_t plen = 0;
        char *pass = iot_passphrase_get("fw verify", o->pass_fd, o->decrypt_key, false, &plen);
        if (pass != NULL)
            v->dec_key = in_vault(o->decrypt_key)
                             ? vault_payload_key("fw verify", o->decrypt_key, o->vault, pass, plen)
                             : open_sealed("fw verify", o->decrypt_key, IOT_SEALED_PAYLOAD_KEY,
                                           pass, plen, NULL);
        iot_passphrase_free(pass);
        if (v->dec_key == NULL)
            return IOT_EXIT_INPUT;
        /* The plaintext goes to a temporary file that becomes OUT only if the image verifies. */
        if (iot_file_tmp_open(&v->plain, o->out, 0600, err, sizeof(err)) != IOT_OK) {
            fprintf(stderr, "iotsec fw verify: %s\n", err);
            return IOT_EXIT_INPUT;
        }
        v->have_plain = true;
    }
    return IOT_EXIT_OK;
}

/* Moves the verified plaintext to OUT; IOT_OK or an error already reported. */
static int verify_output(struct verify_ctx *v)
{
    char err[512];
    v->have_plain = false;
    int rc = iot_file_tmp_close(&v->plain, 1, err, sizeof(err));
    if (rc != IOT_OK)
        fprintf(stderr, "iotsec fw verify: %s\n", err);
    return rc;
}

static void verify_teardown(struct verify_ctx *v, bool ok)
{
    char err[512];
    if (v->have_plain && iot_file_tmp_close(&v->plain, ok, err, sizeof(err)) != IOT_OK)
        fprintf(stderr, "iotsec fw verify: %s\n", err);
    if (v->have_store)
        iot_fw_file_store_close(&v->fs);
    sodium_free(v->dec_key);
}

static void print_verified(const char *path, const struct iot_fw_image_info *info,
                           const char *pubkey)
{
    char hex[2 * IOT_FW_KEYID_BYTES + 1];
    iot_fw_keyid_hex(info->keyid, hex);
    printf("%s: verified: version %u.%u.%u+%u, security counter %u, %llu payload bytes%s,\n"
           "  signed by %s (key id %s)\n", path, info->ver_major, info->ver_minor,
           info->ver_revision, info->build, info->security_counter,
           (unsigned long long)info->plain_size, info->encrypted ? " (encrypted)" : "", pubkey, hex);
}

static int fw_verify(const struct fw_opts *o)
{
    if (o->npub == 0 || o->npos != 1)
        return usage_error("verify needs at least one --pubkey and an IMAGE");
    if ((o->decrypt_key != NULL) != (o->out != NULL))
        return usage_error("--decrypt-key and --out go together");
    struct verify_ctx *v = iot_calloc(1, sizeof(*v));
    FILE *img = fopen(o->pos[0], "rb");
    if (v == NULL || img == NULL) {
        fprintf(stderr, "iotsec fw verify: %s: %s\n", o->pos[0], strerror(errno));
        iot_free(v);
        if (img != NULL)
            fclose(img);
        return IOT_EXIT_INPUT;
    }
    int rc = verify_setup(o, v);
    struct iot_fw_verify_state st;
    struct iot_fw_decrypt_state ds;
    struct iot_fw_image_info info;
    uint8_t buf[65536];
    int vrc = IOT_FW_E_USAGE;
    if (rc == IOT_EXIT_OK) {
        vrc = iot_fw_verify_init(&st, v->keys, o->npub, v->have_store ? &v->fs.store : NULL);
        if (vrc == IOT_FW_OK && v->dec_key != NULL)
            vrc = iot_fw_verify_set_decrypt(&st, &ds, v->dec_key, write_plain, v->plain.f);
        if (vrc == IOT_FW_OK)
            vrc = iot_fw_verify_stream(&st, read_file, img, buf, sizeof(buf), &info);
        /* The plaintext is in place before the counter moves: the store must never record an
         * update whose payload did not reach the disk. */
        if (vrc == IOT_FW_OK && v->have_plain && verify_output(v) != IOT_OK)
            rc = IOT_EXIT_INPUT;
        if (vrc == IOT_FW_OK && rc == IOT_EXIT_OK && !o->check_only)
            vrc = iot_fw_verify_commit(&st);
        if (rc != IOT_EXIT_OK) {
            /* the output failure is already reported */
        } else if (vrc != IOT_FW_OK) {
            fprintf(stderr, "iotsec fw verify: %s: %s\n", o->pos[0], iot_fw_strerror(vrc));
            if (vrc == IOT_FW_E_ROLLBACK)
                fprintf(stderr, "  (%s holds security counter %u)\n", o->store, v->fs.counter);
            rc = IOT_EXIT_INPUT;
        } else {
            print_verified(o->pos[0], &info, o->pubkeys[info.key_index]);
        }
    }
    sodium_memzero(&ds, sizeof(ds));
    verify_teardown(v, rc == IOT_EXIT_OK && vrc == IOT_FW_OK);
    fclose(img);
    iot_free(v);
    return rc;
}

static int fw_revoke(const struct fw_opts *o)
{
    if (o->store == NULL || o->npos != 1)
        return usage_error("revoke needs --counter-store F and a KEYID (or a public key file)");
    uint8_t id[IOT_FW_KEYID_BYTES], pk[IOT_FW_PUBLICKEY_BYTES];
    char err[512];
    if (iot_fw_keyid_parse(o->pos[0], id) != IOT_OK) {
        if (iot_fw_pubkey_read(o->pos[0], pk, err, sizeof(err)) != IOT_OK) {
            fprintf(stderr, "iotsec fw revoke: '%s' is neither a key id (64 hex digits) nor a "
                            "public key file\n", o->pos[0]);
            return IOT_EXIT_USAGE;
        }
        iot_fw_keyid(pk, id);
    }
    struct iot_fw_file_store fs;
    int rc = iot_fw_file_store_open(&fs, o->store, o->new_store, err, sizeof(err));
    if (rc == IOT_OK)
        rc = iot_fw_file_store_revoke(&fs, id, err, sizeof(err));
    iot_fw_file_store_close(&fs);
    if (rc != IOT_OK) {
        fprintf(stderr, "iotsec fw revoke: %s\n", err);
        return IOT_EXIT_INPUT;
    }
    char hex[2 * IOT_FW_KEYID_BYTES + 1];
    iot_fw_keyid_hex(id, hex);
    printf("key %s revoked in %s\n", hex, o->store);
    return IOT_EXIT_OK;
}

static int cmd_fw(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(fw_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? IOT_EXIT_USAGE : IOT_EXIT_OK;
    }
    if (sodium_init() < 0) { /* sodium_malloc needs it first */
        fprintf(stderr, "iotsec fw: libsodium cannot start\n");
        return IOT_EXIT_INPUT;
    }
    struct fw_opts o;
    int rc = parse_opts(argc, argv, &o);
    if (rc != 0)
        return rc;
    const char *sub = argv[1];
    if (strcmp(sub, "keygen") == 0)
        return fw_keygen(&o);
    if (strcmp(sub, "sign") == 0)
        return fw_sign(&o);
    if (strcmp(sub, "verify") == 0)
        return fw_verify(&o);
    if (strcmp(sub, "revoke") == 0)
        return fw_revoke(&o);
    if (strcmp(sub, "info") == 0) {
        if (o.npos != 1)
            return usage_error("info needs an IMAGE");
        return iot_fw_info_print(stdout, o.pos[0]);
    }
    return usage_error("unknown fw command");
}

const struct iot_cmd_entry iot_cmd_fw = {
    "fw", "signed firmware: keygen, sign, verify, info, revoke (docs/firmware-format.md)", cmd_fw};
