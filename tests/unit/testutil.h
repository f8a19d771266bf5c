/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the unit tests. */
#ifndef IOTSEC_TESTS_TESTUTIL_H
#define IOTSEC_TESTS_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Path of ../shared/data (IOTSEC_SHARED_DATA), or NULL when it is not there. */
const char *tu_shared_data(void);

/* A heap copy of exactly len bytes, so a read past the end trips ASan. Free with free(). */
uint8_t *tu_exact_copy(const uint8_t *data, size_t len);

#endif
