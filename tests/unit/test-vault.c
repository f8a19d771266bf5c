/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The vault: secrets round-trip (put, replace, remove, sorted names); a wrong passphrase or
 * key file and a tampered file are distinct errors, for every byte of a vault file; rekey;
 * no secret in the file in clear; a process killed in the middle of a save leaves the old
 * vault intact; names and sizes are bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <sodium.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/util-file.h"
#include "testutil.h"
#include "vault/vault.h"

static char dir[64], path[128];
static uint8_t key1[32], key2[32];

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0)
        return -1;
    snprintf(dir, sizeof(dir), "/tmp/iotsec-vault-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(path, sizeof(path), "%s/v", dir);
    memset(key1, 0x11, sizeof(key1));
    memset(key2, 0x22, sizeof(key2));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static struct iot_vault_key with_key(const uint8_t *k)
{
    struct iot_vault_key vk = {.key = k};
    return vk;
}

static struct iot_vault *fresh(const struct iot_vault_key *k)
{
    char err[256];
    unlink(path);
    assert_int_equal(iot_vault_create(path, k, err, sizeof(err)), IOT_OK);
    struct iot_vault *v = NULL;
    assert_int_equal(iot_vault_open(&v, path, k, err, sizeof(err)), IOT_OK);
    return v;
}

static void put(struct iot_vault *v, const char *name, const char *val)
{
    char err[256];
    assert_int_equal(iot_vault_put(v, name, (const uint8_t *)val, strlen(val), err, sizeof(err)),
                     IOT_OK);
}

static void expect(const struct iot_vault *v, const char *name, const char *val)
{
    const uint8_t *got;
    size_t len;
    assert_int_equal(iot_vault_get(v, name, &got, &len), IOT_OK);
    assert_int_equal(len, strlen(val));
    assert_memory_equal(got, val, len);
}

static size_t read_file(uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void test_roundtrip(void **state)
{
    (void)state;
    struct iot_vault_key k = with_key(key1);
    struct iot_vault *v = fresh(&k);
    char err[256];
    assert_int_equal(iot_vault_count(v), 0);
    put(v, "mqtt/password", "hunter2");
    put(v, "a.key", "");
    put(v, "z_token", "t0k3n");
    put(v, "mqtt/password", "hunter3"); /* replaced */
    assert_int_equal(iot_vault_save(v, err, sizeof(err)), IOT_OK);
    iot_vault_close(v);
    assert_int_equal(iot_vault_open(&v, path, &k, err, sizeof(err)), IOT_OK);
    assert_int_equal(iot_vault_count(v), 3);
    size_t len;
    assert_string_equal(iot_vault_name(v, 0, &len), "a.key");
    assert_int_equal(len, 0);
    assert_string_equal(iot_vault_name(v, 1, NULL), "mqtt/password");
    assert_string_equal(iot_vault_name(v, 2, NULL), "z_token");
    assert_null(iot_vault_name(v, 3, NULL));
    expect(v, "mqtt/password", "hunter3");
    expect(v, "z_token", "t0k3n");
    assert_int_equal(iot_vault_remove(v, "z_token"), IOT_OK);
    assert_int_equal(iot_vault_remove(v, "z_token"), IOT_ERR_INPUT);
    const uint8_t *got;
    assert_int_equal(iot_vault_get(v, "z_token", &got, &len), IOT_ERR_INPUT);
    assert_int_equal(iot_vault_count(v), 2);
    iot_vault_close(v);
    /* Never over an existing vault. */
    assert_int_not_equal(iot_vault_create(path, &k, err, sizeof(err)), IOT_OK);
}

static void test_bounds(void **state)
{
    (void)state;
    struct iot_vault_key k = with_key(key1);
    struct iot_vault *v = fresh(&k);
    char err[256];
    static const char *const bad[] = {"", "a b", "a\\nb", "x\"", "ü"};
    for (size_t i = 0; i < IOT_ARRAY_LEN(bad); i++)
        assert_int_equal(iot_vault_put(v, bad[i], (const uint8_t *)"x", 1, err, sizeof(err)),
                         IOT_ERR_USAGE);
    char longname[IOT_VAULT_NAME_MAX + 2];
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    assert_int_equal(iot_vault_put(v, longname, (const uint8_t *)"x", 1, err, sizeof(err)),
                     IOT_ERR_USAGE);
    longname[IOT_VAULT_NAME_MAX] = '\0';
    assert_int_equal(iot_vault_put(v, longname, (const uint8_t *)"x", 1, err, sizeof(err)),
                     IOT_OK);
    uint8_t *big = calloc(1, IOT_VAULT_VALUE_MAX + 1);
    assert_int_equal(iot_vault_put(v, "big", big, IOT_VAULT_VALUE_MAX + 1, err, sizeof(err)),
                     IOT_ERR_USAGE);
    assert_int_equal(iot_vault_put(v, "big", big, IOT_VAULT_VALUE_MAX, err, sizeof(err)), IOT_OK);
    free(big);
    iot_vault_close(v);
}

/* A wrong key and a changed file are told apart; every changed byte is refused. */
static void test_wrong_key_and_tamper(void **state)
{
    (void)state;
    struct iot_vault_key k = with_key(key1), wrong = with_key(key2);
    struct iot_vault *v = fresh(&k);
    char err[256];
    put(v, "s", "secret value");
    assert_int_equal(iot_vault_save(v, err, sizeof(err)), IOT_OK);
    iot_vault_close(v);
    assert_int_equal(iot_vault_open(&v, path, &wrong, err, sizeof(err)), IOT_VAULT_E_WRONG_KEY);
    assert_non_null(strstr(err, "wrong key file"));
    uint8_t file[512];
    size_t len = read_file(file, sizeof(file));
    for (size_t i = 0; i < len; i++) {
        uint8_t *copy = tu_exact_copy(file, len);
        copy[i] ^= 0x04;
        int rc = iot_vault_open_buf(&v, copy, len, "t", &k, err, sizeof(err));
        free(copy);
        assert_null(v);
        if (i >= 36 && i < 52)
            assert_int_equal(rc, IOT_VAULT_E_WRONG_KEY); /* the key check itself */
        else if (i < 36 || (i >= 76 && i < 80))
            assert_int_equal(rc, IOT_ERR_INPUT); /* header fields checked before any key */
        else
            assert_int_equal(rc, IOT_VAULT_E_TAMPERED);
    }
    /* Cut short and lengthened. */
    assert_int_equal(iot_vault_open_buf(&v, file, len - 1, "t", &k, err, sizeof(err)),
                     IOT_ERR_INPUT);
    assert_int_equal(iot_vault_open_buf(&v, file, 40, "t", &k, err, sizeof(err)), IOT_ERR_INPUT);
    /* The passphrase and key-file kinds are not interchangeable. */
    struct iot_vault_key pass = {.pass = "pw", .passlen = 2, .kdf = IOT_KDF_INTERACTIVE};
    assert_int_equal(iot_vault_open_buf(&v, file, len, "t", &pass, err, sizeof(err)),
                     IOT_ERR_INPUT);
}

static void test_passphrase_and_rekey(void **state)
{
    (void)state;
    struct iot_vault_key p1 = {.pass = "first phrase", .passlen = 12, .kdf = IOT_KDF_INTERACTIVE};
    struct iot_vault_key p2 = {.pass = "first phrasE", .passlen = 12, .kdf = IOT_KDF_INTERACTIVE};
    struct iot_vault *v = fresh(&p1);
    char err[256];
    put(v, "exporter/password", "Zq9-secret-Zq9");
    assert_int_equal(iot_vault_save(v, err, sizeof(err)), IOT_OK);
    iot_vault_close(v);
    assert_int_equal(iot_vault_open(&v, path, &p2, err, sizeof(err)), IOT_VAULT_E_WRONG_KEY);
    assert_non_null(strstr(err, "wrong passphrase"));
    assert_int_equal(iot_vault_open(&v, path, &p1, err, sizeof(err)), IOT_OK);
    /* Rekey to a key file: the old passphrase stops working, the secrets stay. */
    struct iot_vault_key k = with_key(key2);
    assert_int_equal(iot_vault_rekey(v, &k, err, sizeof(err)), IOT_OK);
    iot_vault_close(v);
    assert_int_equal(iot_vault_open(&v, path, &p1, err, sizeof(err)), IOT_ERR_INPUT);
    assert_int_equal(iot_vault_open(&v, path, &k, err, sizeof(err)), IOT_OK);
    expect(v, "exporter/password", "Zq9-secret-Zq9");
    iot_vault_close(v);
    /* Neither the name's value nor any 6-byte piece of it is in the file in clear. */
    uint8_t file[512];
    size_t len = read_file(file, sizeof(file));
    const char *secret = "Zq9-secret-Zq9";
    for (size_t off = 0; off + 6 <= strlen(secret); off++)
        for (size_t i = 0; i + 6 <= len; i++)
            assert_false(memcmp(file + i, secret + off, 6) == 0);
}

/* A process killed in the middle of a save leaves the old vault whole. */
static void test_crash_during_save(void **state)
{
    (void)state;
    struct iot_vault_key k = with_key(key1);
    struct iot_vault *v = fresh(&k);
    char err[256];
    put(v, "keep", "old value");
    assert_int_equal(iot_vault_save(v, err, sizeof(err)), IOT_OK);
    iot_vault_close(v);
    for (size_t cut = 0; cut < 120; cut += 17) { /* the new file is 136 bytes */
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            struct iot_vault *c = NULL;
            if (iot_vault_open(&c, path, &k, err, sizeof(err)) != IOT_OK)
                _exit(1);
            put(c, "keep", "new value that never lands");
            iot_file_test_crash_after(cut);
            (void)iot_vault_save(c, err, sizeof(err));
            _exit(0); /* not reached: the hook exits with 86 */
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 86);
        assert_int_equal(iot_vault_open(&v, path, &k, err, sizeof(err)), IOT_OK);
        expect(v, "keep", "old value");
        iot_vault_close(v);
    }
}

/* Two processes updating one vault: the second waits for the first to close it, so neither
 * update is lost (without the lock the second would rewrite the vault it read before). */
static void test_concurrent_updates(void **state)
{
    (void)state;
    struct iot_vault_key k = with_key(key1);
    struct iot_vault *v = fresh(&k);
    char err[256];
    iot_vault_close(v); /* a child must not inherit our lock's descriptor */
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char c = 0;
        if (read(ready[0], &c, 1) != 1)
            _exit(2);
        struct iot_vault *cv = NULL;
        if (iot_vault_open(&cv, path, &k, err, sizeof(err)) != IOT_OK)
            _exit(3);
        int rc = iot_vault_put(cv, "child", (const uint8_t *)"c", 1, err, sizeof(err));
        rc = rc == IOT_OK ? iot_vault_save(cv, err, sizeof(err)) : rc;
        iot_vault_close(cv);
        _exit(rc == IOT_OK ? 0 : 4);
    }
    /* The child tries to open while we hold the vault with an unsaved change. */
    assert_int_equal(iot_vault_open(&v, path, &k, err, sizeof(err)), IOT_OK);
    assert_int_equal(write(ready[1], "g", 1), 1);
    put(v, "parent", "p");
    assert_int_equal(iot_vault_save(v, err, sizeof(err)), IOT_OK);
    iot_vault_close(v);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    close(ready[0]);
    close(ready[1]);
    assert_int_equal(iot_vault_open(&v, path, &k, err, sizeof(err)), IOT_OK);
    expect(v, "parent", "p");
    expect(v, "child", "c");
    iot_vault_close(v);
}

/* How many times needle appears in this process's writable memory, outside skip: what a core
 * dump would hold. Read through /proc/self/mem, so ASan's poisoned bytes are read like the
 * rest; ASan's shadow (regions over 1 GiB) holds no data of ours and is skipped. */
static unsigned count_in_memory(const uint8_t *needle, size_t nlen, const void *skip)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    int mem = open("/proc/self/mem", O_RDONLY);
    assert_non_null(maps);
    assert_true(mem >= 0);
    unsigned found = 0;
    char line[512];
    uint8_t *buf = malloc(1 << 20);
    while (fgets(line, sizeof(line), maps) != NULL) {
        unsigned long lo, hi;
        char perms[5];
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3 || perms[0] != 'r' ||
            perms[1] != 'w' || hi - lo > (1ul << 30) || strstr(line, "[vvar") != NULL ||
            (uintptr_t)skip - lo < hi - lo)
            continue;
        for (unsigned long at = lo; at < hi; at += (1 << 20) - nlen) {
            size_t want = hi - at < (1 << 20) ? hi - at : (1 << 20);
            ssize_t n = pread(mem, buf, want, (off_t)at);
            for (const uint8_t *p = buf; n > 0 && (size_t)(buf + n - p) >= nlen;) {
                p = memmem(p, (size_t)(buf + n - p), needle, nlen);
                if (p == NULL)
                    break;
                found++, p++;
            }
            if (want < (1 << 20))
                break;
        }
    }
    free(buf);
    close(mem);
    fclose(maps);
    return found;
}

/* Once a vault is closed no copy of a secret is left in memory; while open it is there (so
 * the scan can find what it looks for). */
static void test_no_secret_left_in_memory(void **state)
{
    (void)state;
    uint8_t *secret = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(secret != MAP_FAILED);
    randombytes_buf(secret, 24);
    assert_int_equal(mprotect(secret, 4096, PROT_READ), 0); /* not writable: not scanned */
    struct iot_vault_key k = with_key(key1);
    struct iot_vault *v = fresh(&k);
    char err[256];
    assert_int_equal(iot_vault_put(v, "s", secret, 24, err, sizeof(err)), IOT_OK);
    assert_int_equal(iot_vault_save(v, err, sizeof(err)), IOT_OK);
    iot_vault_close(v);
    assert_int_equal(iot_vault_open(&v, path, &k, err, sizeof(err)), IOT_OK);
    const uint8_t *got;
    size_t len;
    assert_int_equal(iot_vault_get(v, "s", &got, &len), IOT_OK);
    assert_true(count_in_memory(secret, 24, secret) >= 1);
    iot_vault_close(v);
    assert_int_equal(count_in_memory(secret, 24, secret), 0);
    munmap(secret, 4096);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_wrong_key_and_tamper),
        cmocka_unit_test(test_passphrase_and_rekey),
        cmocka_unit_test(test_crash_during_save),
        cmocka_unit_test(test_no_secret_left_in_memory),
        cmocka_unit_test(test_concurrent_updates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
