/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the app-parser harnesses: an exactly sized copy of the input (so a read one byte
 * past the end trips ASan), one parse checked by the harness's invariants, and a second parse
 * into differently poisoned memory that must give the same result (the parser keeps no state
 * and leaves no field unwritten that it reports). */
#ifndef IOTSEC_FUZZ_FUZZ_APP_COMMON_H
#define IOTSEC_FUZZ_FUZZ_APP_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* In LLVMFuzzerTestOneInput: parses data with parse_fn into a struct info_type named a (the
 * result in rc, the copy in buf), runs check_stmt, then the second parse. */
#define IOT_FUZZ_PARSE_TWICE(info_type, parse_fn, data, size, max, check_stmt)                     \
    do {                                                                                           \
        static struct info_type a, b;                                                              \
        size_t n_ = (size) > (max) ? (max) : (size);                                               \
        uint8_t *buf = malloc(n_ ? n_ : 1);                                                        \
        if (buf == NULL)                                                                           \
            return 0;                                                                              \
        if (n_)                                                                                    \
            memcpy(buf, (data), n_);                                                               \
        size_t size_ = n_;                                                                         \
        memset(&a, 0xA5, sizeof(a));                                                               \
        int rc = parse_fn(buf, size_, &a);                                                         \
        check_stmt;                                                                                \
        memset(&b, 0x5A, sizeof(b));                                                               \
        if (parse_fn(buf, size_, &b) != rc || memcmp(&a, &b, sizeof(a)) != 0)                      \
            abort();                                                                               \
        free(buf);                                                                                 \
    } while (0)

#endif
