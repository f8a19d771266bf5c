/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the unit tests. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *tu_shared_data(void)
{
    const char *p = getenv("IOTSEC_SHARED_DATA");
    struct stat st;
    if (p == NULL || stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    return p;
}

uint8_t *tu_exact_copy(const uint8_t *data, size_t len)
{
    uint8_t *b = malloc(len ? len : 1);
    if (b != NULL && len)
        memcpy(b, data, len);
    return b;
}
