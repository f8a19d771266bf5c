/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mutation twins for the parser suites. A twin is a real vector cut to a length, with up to two
 * bytes patched, that must give an exact return code and parser error. The app-layer suites each
 * carried their own copy of the same case struct, MUT macro and copy-patch-parse-compare loop;
 * this header holds that loop once, so a suite keeps only its table and two adapters: one that
 * parses a buffer with the suite's run() and reports the parser's error as an int, and one that
 * names such an error for the failure message. */
#ifndef IOTSEC_TESTS_MUTATION_TESTLIB_H
#define IOTSEC_TESTS_MUTATION_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* The buffer a twin is built in: its length and patched offsets must fit. */
#define MUT_BUF_SIZE 512

/* base[0..min(len, base_len)) in a zeroed buffer, then buf[off1] = val1 and buf[off2] = val2
 * (an offset < 0 patches nothing); parsing buf[0..len) must return rc with error err. */
struct mut_case {
    const char *name;
    const uint8_t *base;
    size_t base_len;
    size_t len;
    int off1, val1, off2, val2;
    int rc;
    int err;
};

/* A twin of the array b (a string literal's size counts its NUL, so pass len explicitly). */
#define MUT(nm, b, l, o1, v1, o2, v2, r, e)                                                        \
    {                                                                                              \
        nm, (const uint8_t *)(b), sizeof(b), l, o1, v1, o2, v2, r, e                               \
    }

/* Builds twin c and fails with its name when parse disagrees with its rc or error. */
static inline void mut_check(const struct mut_case *c,
                             int (*parse)(const uint8_t *buf, size_t len, int *err),
                             const char *(*err_name)(int err))
{
    uint8_t buf[MUT_BUF_SIZE] = {0};
    int err = 0;
    assert_true(c->len <= sizeof(buf));
    assert_true(c->off1 < (int)sizeof(buf) && c->off2 < (int)sizeof(buf));
    memcpy(buf, c->base, c->len < c->base_len ? c->len : c->base_len);
    if (c->off1 >= 0)
        buf[c->off1] = (uint8_t)c->val1;
    if (c->off2 >= 0)
        buf[c->off2] = (uint8_t)c->val2;
    int rc = parse(buf, c->len, &err);
    if (rc != c->rc || err != c->err)
        fail_msg("%s: rc %d error %s, want rc %d error %s", c->name, rc, err_name(err), c->rc,
                 err_name(c->err));
}

static inline void mut_check_cases(const struct mut_case *cases, size_t n,
                                   int (*parse)(const uint8_t *buf, size_t len, int *err),
                                   const char *(*err_name)(int err))
{
    for (size_t k = 0; k < n; k++)
        mut_check(&cases[k], parse, err_name);
}

#endif
