/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The encrypted secrets file (see vault.h and docs/vault-format.md). */
#include "iotsec-common.h"
#include "vault/vault.h"

#include <sodium.h>
#include <unistd.h>

#include "firmware/fw-format.h" /* little-endian helpers */
#include "util/util-file.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

#define VAULT_MAGIC "IOTVAULT"
#define VAULT_VERSION 1
#define SRC_PASSPHRASE 1
#define SRC_KEYFILE 2
#define HDR_SIZE 80u
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define KDF_OPS_MAX crypto_pwhash_OPSLIMIT_SENSITIVE
#define KDF_MEM_KIB_MAX (1024u * 1024u)

enum { OFF_VER = 8, OFF_SRC = 9, OFF_OPS = 12, OFF_MEM = 16, OFF_SALT = 20, OFF_CHECK = 36,
       OFF_NONCE = 52, OFF_CTLEN = 76 };
_Static_assert(OFF_NONCE + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == OFF_CTLEN, "layout");

struct ent {
    uint32_t name_off, val_off, val_len;
    uint8_t name_len;
};

struct iot_vault {
    char path[512];
    uint8_t hdr[HDR_SIZE];
    uint8_t *mkey;  /* sodium_malloc: the master key */
    uint8_t *body;  /* sodium_malloc: the plaintext, serialized */
    size_t body_len;
    struct ent *ents;
    size_t n;
    int lock_fd; /* iot_file_lock of the file, held from open to close, or -1 */
};

int iot_vault_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > IOT_VAULT_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '/'))
            return 0;
    }
    return 1;
}

/* ---- keys ---- */

/* The master key into v->mkey, from the header's source and costs. */
static int derive_master(struct iot_vault *v, const struct iot_vault_key *k, char *err,
                         size_t errlen)
{
    int src = v->hdr[OFF_SRC];
    if ((src == SRC_KEYFILE) != (k->key != NULL)) {
        snprintf(err, errlen, "%s: this vault opens with %s", v->path,
                 src == SRC_KEYFILE ? "a key file (--key-file)" : "a passphrase");
        return IOT_ERR_INPUT;
    }
    if (v->mkey == NULL && (v->mkey = sodium_malloc(IOT_VAULT_KEY_BYTES)) == NULL) {
        snprintf(err, errlen, "out of memory");
        return IOT_ERR_NOMEM;
    }
    if (src == SRC_KEYFILE) {
        memcpy(v->mkey, k->key, IOT_VAULT_KEY_BYTES);
        return IOT_OK;
    }
    if (crypto_pwhash(v->mkey, IOT_VAULT_KEY_BYTES, k->pass, k->passlen, v->hdr + OFF_SALT,
                      iot_fw_le32(v->hdr + OFF_OPS), (size_t)iot_fw_le32(v->hdr + OFF_MEM) * 1024u,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        snprintf(err, errlen, "key derivation failed (out of memory?)");
        return IOT_ERR_NOMEM;
    }
    return IOT_OK;
}

/* Two independent keys from the master: one encrypts, one makes the key check, so the check
 * reveals nothing about the encryption key. */
static void subkey(const struct iot_vault *v, uint64_t id, uint8_t *out)
{
    crypto_kdf_derive_from_key(out, 32, id, "iotvault", v->mkey);
}

static void key_check(const struct iot_vault *v, uint8_t check[16])
{
    uint8_t k[32];
    static const char label[] = "iotsec vault key check";
    subkey(v, 2, k);
    crypto_generichash(check, 16, (const unsigned char *)label, sizeof(label) - 1, k, sizeof(k));
    sodium_memzero(k, sizeof(k));
}

/* A fresh header for key k (new salt), without nonce and length. */
static void new_header(struct iot_vault *v, const struct iot_vault_key *k)
{
    memset(v->hdr, 0, HDR_SIZE);
    memcpy(v->hdr, VAULT_MAGIC, 8);
    v->hdr[OFF_VER] = VAULT_VERSION;
    v->hdr[OFF_SRC] = k->key != NULL ? SRC_KEYFILE : SRC_PASSPHRASE;
    if (k->key == NULL) {
        uint32_t ops = crypto_pwhash_OPSLIMIT_MODERATE;
        size_t mem = crypto_pwhash_MEMLIMIT_MODERATE;
        if (k->kdf == IOT_KDF_INTERACTIVE)
            ops = crypto_pwhash_OPSLIMIT_INTERACTIVE, mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        else if (k->kdf == IOT_KDF_SENSITIVE)
            ops = crypto_pwhash_OPSLIMIT_SENSITIVE, mem = crypto_pwhash_MEMLIMIT_SENSITIVE;
        iot_fw_put_le32(v->hdr + OFF_OPS, ops);
        iot_fw_put_le32(v->hdr + OFF_MEM, (uint32_t)(mem / 1024));
        randombytes_buf(v->hdr + OFF_SALT, crypto_pwhash_SALTBYTES);
    }
}

/* ---- the plaintext body: u32 count, then per entry u8 name length, name, NUL, u32 value
 * length, value; names sorted and unique ---- */

static int body_index(struct iot_vault *v)
{
    const uint8_t *b = v->body;
    size_t len = v->body_len, off = 4;
    if (len < 4)
        return IOT_ERR_INPUT;
    uint32_t count = iot_fw_le32(b);
    if (count > IOT_VAULT_MAX_ENTRIES)
        return IOT_ERR_INPUT;
    struct ent *ents = count > 0 ? iot_calloc(count, sizeof(*ents)) : NULL;
    if (count > 0 && ents == NULL)
        return IOT_ERR_NOMEM;
    for (uint32_t i = 0; i < count; i++) {
        struct ent *e = &ents[i];
        if (len - off < 1 || (e->name_len = b[off]) == 0 || e->name_len > IOT_VAULT_NAME_MAX ||
            len - off - 1 < (size_t)e->name_len + 1 + 4)
            goto bad;
        e->name_off = (uint32_t)off + 1;
        off += 1 + e->name_len;
        if (b[off] != 0 || memchr(b + e->name_off, 0, e->name_len) != NULL ||
            !iot_vault_name_ok((const char *)b + e->name_off))
            goto bad;
        e->val_len = iot_fw_le32(b + off + 1);
        off += 5;
        if (e->val_len > IOT_VAULT_VALUE_MAX || e->val_len > len - off)
            goto bad;
        e->val_off = (uint32_t)off;
        off += e->val_len;
        if (i > 0 && strcmp((const char *)b + ents[i - 1].name_off,
                            (const char *)b + e->name_off) >= 0)
            goto bad; /* sorted and unique */
    }
    if (off != len)
        goto bad;
    iot_free(v->ents);
    v->ents = ents;
    v->n = count;
    return IOT_OK;
bad:
    iot_free(ents);
    return IOT_ERR_INPUT;
}

/* Replaces the body with its entries, name replaced by (or, val NULL, without) the given one. */
static int body_rebuild(struct iot_vault *v, const char *name, const uint8_t *val, size_t vlen)
{
    size_t nlen = strlen(name), size = 4, count = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (strcmp((const char *)v->body + v->ents[i].name_off, name) == 0)
            continue;
        size += 6u + v->ents[i].name_len + v->ents[i].val_len, count++;
    }
    if (val != NULL)
        size += 6u + nlen + vlen, count++;
    if (count > IOT_VAULT_MAX_ENTRIES || size > IOT_VAULT_BODY_MAX)
        return IOT_ERR_INPUT;
    uint8_t *nb = sodium_malloc(size);
    if (nb == NULL)
        return IOT_ERR_NOMEM;
    size_t off = 4, i = 0;
    int placed = val == NULL;
    iot_fw_put_le32(nb, (uint32_t)count);
    while (i < v->n || !placed) {
        const char *cur = i < v->n ? (const char *)v->body + v->ents[i].name_off : NULL;
        if (cur != NULL && strcmp(cur, name) == 0) {
            i++;
            continue;
        }
        const uint8_t *nm, *vp;
        size_t nl, vl;
        if (!placed && (cur == NULL || strcmp(name, cur) < 0)) {
            nm = (const uint8_t *)name, nl = nlen, vp = val, vl = vlen, placed = 1;
        } else {
            nm = (const uint8_t *)cur, nl = v->ents[i].name_len;
            vp = v->body + v->ents[i].val_off, vl = v->ents[i].val_len, i++;
        }
        nb[off] = (uint8_t)nl;
        memcpy(nb + off + 1, nm, nl);
        nb[off + 1 + nl] = 0;
        iot_fw_put_le32(nb + off + 2 + nl, (uint32_t)vl);
        if (vl > 0)
            memcpy(nb + off + 6 + nl, vp, vl);
        off += 6 + nl + vl;
    }
    uint8_t *old = v->body;
    size_t old_len = v->body_len;
    v->body = nb;
    v->body_len = size;
    int rc = body_index(v);
    if (rc != IOT_OK) {
        v->body = old, v->body_len = old_len;
        sodium_free(nb);
        return rc;
    }
    sodium_free(old);
    return IOT_OK;
}

/* ---- file ---- */

static int vault_write(struct iot_vault *v, int create, char *err, size_t errlen)
{
    size_t ctlen = v->body_len + TAG_BYTES;
    uint8_t *file = iot_malloc(HDR_SIZE + ctlen);
    if (file == NULL) {
        snprintf(err, errlen, "out of memory");
        return IOT_ERR_NOMEM;
    }
    key_check(v, v->hdr + OFF_CHECK);
    randombytes_buf(v->hdr + OFF_NONCE, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    iot_fw_put_le32(v->hdr + OFF_CTLEN, (uint32_t)ctlen);
    memcpy(file, v->hdr, HDR_SIZE);
    uint8_t k[32];
    subkey(v, 1, k);
    crypto_aead_xchacha20poly1305_ietf_encrypt(file + HDR_SIZE, NULL, v->body, v->body_len,
                                               v->hdr, HDR_SIZE, NULL, v->hdr + OFF_NONCE, k);
    sodium_memzero(k, sizeof(k));
    int rc = create ? iot_file_create(v->path, file, HDR_SIZE + ctlen, 0600, err, errlen)
                    : iot_file_replace(v->path, file, HDR_SIZE + ctlen, 0600, err, errlen);
    iot_free(file);
    return rc == IOT_FILE_EXISTS ? IOT_ERR_IO : rc;
}

static struct iot_vault *vault_new(const char *path)
{
    if (strlen(path) >= sizeof(((struct iot_vault *)NULL)->path))
        return NULL; /* a cut path would write somewhere else */
    struct iot_vault *v = iot_calloc(1, sizeof(*v));
    if (v != NULL) {
        iot_strlcpy(v->path, path, sizeof(v->path));
        v->lock_fd = -1;
    }
    return v;
}

int iot_vault_create(const char *path, const struct iot_vault_key *k, char *err, size_t errlen)
{
    if (k->key == NULL && k->passlen == 0) {
        snprintf(err, errlen, "an empty passphrase protects nothing");
        return IOT_ERR_USAGE;
    }
    struct iot_vault *v = vault_new(path);
    if (v == NULL || (v->body = sodium_malloc(4)) == NULL) {
        iot_vault_close(v);
        snprintf(err, errlen, "%s: path too long, or out of memory", path);
        return IOT_ERR_NOMEM;
    }
    v->body_len = 4;
    memset(v->body, 0, 4);
    new_header(v, k);
    int rc = derive_master(v, k, err, errlen);
    if (rc == IOT_OK)
        rc = vault_write(v, 1, err, errlen);
    iot_vault_close(v);
    return rc;
}

static int check_header(const uint8_t *file, size_t len, char *err, size_t errlen,
                        const char *path)
{
    const char *why = NULL;
    if (len < HDR_SIZE || memcmp(file, VAULT_MAGIC, 8) != 0)
        why = "not an iotsec vault";
    else if (file[OFF_VER] != VAULT_VERSION)
        why = "a vault format this iotsec does not know";
    else if ((file[OFF_SRC] != SRC_PASSPHRASE && file[OFF_SRC] != SRC_KEYFILE) || file[10] != 0 ||
             file[11] != 0)
        why = "unknown key source";
    else if (iot_fw_le32(file + OFF_CTLEN) != len - HDR_SIZE || len - HDR_SIZE < TAG_BYTES + 4 ||
             len - HDR_SIZE > IOT_VAULT_BODY_MAX + TAG_BYTES)
        why = "cut short or with bytes after its end";
    if (why == NULL && file[OFF_SRC] == SRC_KEYFILE) {
        static const uint8_t zero[OFF_CHECK - OFF_OPS];
        if (memcmp(file + OFF_OPS, zero, sizeof(zero)) != 0)
            why = "key derivation fields set in a key-file vault";
    }
    if (why == NULL && file[OFF_SRC] == SRC_PASSPHRASE) {
        uint32_t ops = iot_fw_le32(file + OFF_OPS), mem = iot_fw_le32(file + OFF_MEM);
        /* A hostile file must not make us spend minutes or gigabytes before any check. */
        if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > KDF_OPS_MAX ||
            mem < crypto_pwhash_MEMLIMIT_MIN / 1024 || mem > KDF_MEM_KIB_MAX)
            why = "key derivation costs beyond the limits";
    }
    if (why != NULL) {
        snprintf(err, errlen, "%s: %s", path, why);
        return IOT_ERR_INPUT;
    }
    return IOT_OK;
}

static int vault_decrypt(struct iot_vault *v, const uint8_t *file, size_t len, char *err,
                         size_t errlen)
{
    uint8_t check[16];
    key_check(v, check);
    if (sodium_memcmp(check, v->hdr + OFF_CHECK, sizeof(check)) != 0) {
        snprintf(err, errlen, "%s: wrong %s", v->path,
                 v->hdr[OFF_SRC] == SRC_KEYFILE ? "key file" : "passphrase");
        return IOT_VAULT_E_WRONG_KEY;
    }
    v->body_len = len - HDR_SIZE - TAG_BYTES;
    if ((v->body = sodium_malloc(v->body_len)) == NULL) {
        snprintf(err, errlen, "out of memory");
        return IOT_ERR_NOMEM;
    }
    uint8_t k[32];
    subkey(v, 1, k);
    int bad = crypto_aead_xchacha20poly1305_ietf_decrypt(v->body, NULL, NULL, file + HDR_SIZE,
                                                         len - HDR_SIZE, v->hdr, HDR_SIZE,
                                                         v->hdr + OFF_NONCE, k);
    sodium_memzero(k, sizeof(k));
    if (bad != 0 || body_index(v) != IOT_OK) {
        snprintf(err, errlen, "%s: the key is right but the file was altered or damaged", v->path);
        return IOT_VAULT_E_TAMPERED;
    }
    return IOT_OK;
}

int iot_vault_open_buf(struct iot_vault **out, const uint8_t *file, size_t len, const char *path,
                       const struct iot_vault_key *k, char *err, size_t errlen)
{
    *out = NULL;
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium cannot start");
        return IOT_ERR_IO;
    }
    int rc = check_header(file, len, err, errlen, path);
    if (rc != IOT_OK)
        return rc;
    struct iot_vault *v = vault_new(path);
    if (v == NULL) {
        snprintf(err, errlen, "%s: path too long, or out of memory", path);
        return IOT_ERR_NOMEM;
    }
    memcpy(v->hdr, file, HDR_SIZE);
    rc = derive_master(v, k, err, errlen);
    if (rc == IOT_OK)
        rc = vault_decrypt(v, file, len, err, errlen);
    if (rc != IOT_OK) {
        iot_vault_close(v);
        return rc;
    }
    *out = v;
    return IOT_OK;
}

int iot_vault_open(struct iot_vault **out, const char *path, const struct iot_vault_key *k,
                   char *err, size_t errlen)
{
    *out = NULL;
    char *file = NULL;
    size_t len = 0;
    /* Held until close: a put or a new key of another process cannot be lost between our read
     * and our rewrite. */
    int lock = iot_file_lock(path, err, errlen);
    if (lock < 0)
        return IOT_ERR_IO;
    int rc = iot_file_read_all(path, HDR_SIZE + IOT_VAULT_BODY_MAX + TAG_BYTES, &file, &len, err,
                               errlen);
    if (rc == IOT_OK && file == NULL) {
        snprintf(err, errlen, "%s: no such vault (iotsec vault init creates one)", path);
        rc = IOT_ERR_IO;
    }
    if (rc == IOT_OK)
        rc = iot_vault_open_buf(out, (const uint8_t *)file, len, path, k, err, errlen);
    iot_free(file); /* ciphertext only */
    if (rc == IOT_OK)
        (*out)->lock_fd = lock;
    else
        close(lock);
    return rc;
}

static const struct ent *find(const struct iot_vault *v, const char *name)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp((const char *)v->body + v->ents[i].name_off, name) == 0)
            return &v->ents[i];
    return NULL;
}

int iot_vault_get(const struct iot_vault *v, const char *name, const uint8_t **val, size_t *len)
{
    const struct ent *e = find(v, name);
    if (e == NULL)
        return IOT_ERR_INPUT;
    *val = v->body + e->val_off;
    *len = e->val_len;
    return IOT_OK;
}

int iot_vault_put(struct iot_vault *v, const char *name, const uint8_t *val, size_t len,
                  char *err, size_t errlen)
{
    if (!iot_vault_name_ok(name)) {
        snprintf(err, errlen, "'%.40s': a name is 1-%d of A-Z a-z 0-9 . _ - /", name,
                 IOT_VAULT_NAME_MAX);
        return IOT_ERR_USAGE;
    }
    if (len > IOT_VAULT_VALUE_MAX) {
        snprintf(err, errlen, "a secret holds at most %d bytes", IOT_VAULT_VALUE_MAX);
        return IOT_ERR_USAGE;
    }
    int rc = body_rebuild(v, name, val != NULL ? val : (const uint8_t *)"", len);
    if (rc != IOT_OK)
        snprintf(err, errlen, rc == IOT_ERR_NOMEM ? "out of memory"
                                                  : "the vault is full (entries or size)");
    return rc;
}

int iot_vault_remove(struct iot_vault *v, const char *name)
{
    if (find(v, name) == NULL)
        return IOT_ERR_INPUT;
    return body_rebuild(v, name, NULL, 0);
}

size_t iot_vault_count(const struct iot_vault *v)
{
    return v->n;
}

const char *iot_vault_name(const struct iot_vault *v, size_t i, size_t *value_len)
{
    if (i >= v->n)
        return NULL;
    if (value_len != NULL)
        *value_len = v->ents[i].val_len;
    return (const char *)v->body + v->ents[i].name_off;
}

int iot_vault_save(struct iot_vault *v, char *err, size_t errlen)
{
    return vault_write(v, 0, err, errlen);
}

int iot_vault_rekey(struct iot_vault *v, const struct iot_vault_key *k, char *err, size_t errlen)
{
    if (k->key == NULL && k->passlen == 0) {
        snprintf(err, errlen, "an empty passphrase protects nothing");
        return IOT_ERR_USAGE;
    }
    uint8_t old[HDR_SIZE];
    memcpy(old, v->hdr, HDR_SIZE);
    uint8_t *old_key = v->mkey;
    v->mkey = NULL;
    new_header(v, k);
    int rc = derive_master(v, k, err, errlen);
    if (rc == IOT_OK)
        rc = vault_write(v, 0, err, errlen);
    if (rc != IOT_OK) { /* keep the vault usable with its old key */
        sodium_free(v->mkey);
        v->mkey = old_key;
        memcpy(v->hdr, old, HDR_SIZE);
        return rc;
    }
    sodium_free(old_key);
    return IOT_OK;
}

void iot_vault_close(struct iot_vault *v)
{
    if (v == NULL)
        return;
    sodium_free(v->mkey); /* sodium_free wipes */
    sodium_free(v->body);
    iot_free(v->ents);
    if (v->lock_fd >= 0)
        close(v->lock_fd);
    sodium_memzero(v, sizeof(*v));
    iot_free(v);
}
