/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Counted, overflow-checked allocation. */
#include "iotsec-common.h"
#include "util/util-mem.h"

#include <stdatomic.h>

/* A header in front of every block records its size so frees can keep the total exact.
 * 16 bytes keeps the user pointer aligned for any type. */
#define MEM_HDR 16

static _Atomic uint64_t mem_in_use;
static _Atomic uint64_t mem_peak;
static _Atomic uint64_t mem_fail_countdown;
static _Atomic uint64_t mem_injected;

static bool mem_should_fail(void)
{
    uint64_t n = atomic_load_explicit(&mem_fail_countdown, memory_order_relaxed);
    if (n == 0)
        return false;
    if (n == 1) {
        atomic_fetch_add_explicit(&mem_injected, 1, memory_order_relaxed);
        return true; /* stays at 1: every later allocation fails too */
    }
    atomic_store_explicit(&mem_fail_countdown, n - 1, memory_order_relaxed);
    return false;
}

static void mem_account(int64_t delta)
{
    uint64_t now = atomic_fetch_add_explicit(&mem_in_use, (uint64_t)delta, memory_order_relaxed) +
                   (uint64_t)delta;
    uint64_t peak = atomic_load_explicit(&mem_peak, memory_order_relaxed);
    while (now > peak &&
           !atomic_compare_exchange_weak_explicit(&mem_peak, &peak, now, memory_order_relaxed,
                                                  memory_order_relaxed))
        ;
}

void *iot_malloc(size_t size)
{
    if (size > SIZE_MAX - MEM_HDR || mem_should_fail())
        return NULL;
    unsigned char *b = malloc(size + MEM_HDR);
    if (b == NULL)
        return NULL;
    memcpy(b, &size, sizeof(size));
    mem_account((int64_t)size);
    return b + MEM_HDR;
}

void *iot_calloc(size_t nmemb, size_t size)
{
    if (size != 0 && nmemb > (SIZE_MAX - MEM_HDR) / size)
        return NULL;
    void *p = iot_malloc(nmemb * size);
    if (p != NULL)
        memset(p, 0, nmemb * size);
    return p;
}

void *iot_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return iot_malloc(size);
    if (size > SIZE_MAX - MEM_HDR || mem_should_fail())
        return NULL;
    unsigned char *b = (unsigned char *)ptr - MEM_HDR;
    size_t old;
    memcpy(&old, b, sizeof(old));
    unsigned char *nb = realloc(b, size + MEM_HDR);
    if (nb == NULL)
        return NULL;
    memcpy(nb, &size, sizeof(size));
    mem_account((int64_t)size - (int64_t)old);
    return nb + MEM_HDR;
}

void iot_free(void *ptr)
{
    if (ptr == NULL)
        return;
    unsigned char *b = (unsigned char *)ptr - MEM_HDR;
    size_t size;
    memcpy(&size, b, sizeof(size));
    mem_account(-(int64_t)size);
    free(b);
}

char *iot_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = iot_malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

void *iot_xcalloc(size_t nmemb, size_t size)
{
    void *p = iot_calloc(nmemb, size);
    if (p == NULL) {
        fprintf(stderr, "iotsec: out of memory\n");
        exit(1);
    }
    return p;
}

uint64_t iot_mem_in_use(void)
{
    return atomic_load_explicit(&mem_in_use, memory_order_relaxed);
}

uint64_t iot_mem_peak(void)
{
    return atomic_load_explicit(&mem_peak, memory_order_relaxed);
}

uint64_t iot_mem_injected_failures(void)
{
    return atomic_load_explicit(&mem_injected, memory_order_relaxed);
}

void iot_mem_fail_after(uint64_t nth)
{
    atomic_store_explicit(&mem_fail_countdown, nth, memory_order_relaxed);
}
