/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as the first bytes of a client-to-server TCP stream. */
/* Target: src/app/app-tls.c */
#include "iotsec-common.h"
#include "app/app-tls.h"

/* Room for a largest hello framed in many small records, small enough to stay fast. */
#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A string must end with a NUL inside its array. */
static void check_str(const char *s, size_t cap)
{
    if (memchr(s, '\0', cap) == NULL)
        abort();
}

static bool is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* What the parser must guarantee whatever the input. */
static void check(int rc, const struct iot_tls_info *t, size_t size)
{
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    /* error is set exactly when the input is refused, and always names a known reason. */
    if ((rc == IOT_ERR_INPUT) != (t->error != IOT_TLS_ERR_NONE) || t->error >= IOT_TLS_ERR_MAX)
        abort();
    if (strncmp(iot_tls_error_name(t->error), "app.tls.", 8) != 0)
        abort();
    if (rc != IOT_OK)
        return;

    if (t->consumed > size || t->hello_len > IOT_TLS_MAX_HELLO || t->records == 0)
        abort();
    if (t->session_id_len > 32 || t->cipher_count == 0)
        abort();
    if (t->cipher_count > IOT_MAX_TLS_CIPHERS || t->extension_count > IOT_MAX_TLS_EXTENSIONS ||
        t->compression_count > IOT_TLS_MAX_COMPRESSION || t->alpn_count > IOT_TLS_MAX_ALPN ||
        t->group_count > IOT_TLS_MAX_GROUPS || t->point_format_count > IOT_TLS_MAX_POINT_FORMATS ||
        t->sigalg_count > IOT_TLS_MAX_SIGALGS || t->version_count > IOT_TLS_MAX_VERSIONS)
        abort();
    if (t->alpn_count > t->alpn_total || t->alpn_truncated != (t->alpn_total > t->alpn_count))
        abort();

    check_str(t->sni, sizeof(t->sni));
    check_str(t->alpn_first, sizeof(t->alpn_first));
    check_str(t->ja3, sizeof(t->ja3));
    check_str(t->ja3_hash, sizeof(t->ja3_hash));
    check_str(t->ja4, sizeof(t->ja4));
    check_str(t->ja4_r, sizeof(t->ja4_r));
    for (size_t i = 0; i < IOT_TLS_MAX_ALPN; i++)
        check_str(t->alpn[i], sizeof(t->alpn[i]));
    /* Kept lengths describe what is in the arrays (raw bytes may contain NULs). */
    if (t->sni_len >= sizeof(t->sni) || (!t->has_sni && t->sni_len != 0))
        abort();
    for (size_t i = 0; i < t->alpn_count; i++)
        if (t->alpn_len[i] >= sizeof(t->alpn[i]) || t->alpn_len[i] == 0)
            abort();
    if (t->has_alpn != (t->alpn_first_len > 0) || t->has_alpn != (t->alpn_total > 0))
        abort();

    /* Fingerprint shapes: 32 hex digits; a_b_c of 10 + 1 + 12 + 1 + 12. */
    if (strlen(t->ja3_hash) != IOT_TLS_JA3_HASH_LEN || !is_hex(t->ja3_hash, 32))
        abort();
    if (strlen(t->ja4) != IOT_TLS_JA4_LEN || t->ja4[0] != 't' || t->ja4[10] != '_' ||
        t->ja4[23] != '_' || !is_hex(&t->ja4[11], 12) || !is_hex(&t->ja4[24], 12))
        abort();
    if (strncmp(t->ja4, t->ja4_r, 10) != 0)
        abort();
    if (t->ja3_truncated && strlen(t->ja3) != IOT_TLS_JA3_MAX - 1)
        abort();
    if (t->ja4_r_truncated && strlen(t->ja4_r) != IOT_TLS_JA4_R_MAX - 1)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct iot_tls_info info;

    if (size > FUZZ_MAX_INPUT)
        size = FUZZ_MAX_INPUT;
    /* An exact-size heap copy: one byte read past the end trips ASan. */
    uint8_t *buf = malloc(size ? size : 1);
    if (buf == NULL)
        return 0;
    if (size)
        memcpy(buf, data, size);

    memset(&info, 0xa5, sizeof(info)); /* stale contents must not leak through */
    int rc = iot_tls_parse(buf, size, &info);
    check(rc, &info, size);

    /* Every proper prefix of an accepted stream is incomplete (the caller's retry contract);
     * checking the one-byte-short prefix keeps the run fast. */
    if (rc == IOT_OK && info.consumed > 0) {
        size_t want = info.consumed;
        rc = iot_tls_parse(buf, want - 1, &info);
        check(rc, &info, want - 1);
        if (rc != IOT_ERR_INPUT || info.error != IOT_TLS_ERR_INCOMPLETE)
            abort();
    }
    free(buf);
    return 0;
}
