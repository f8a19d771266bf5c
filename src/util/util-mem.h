/* SPDX-License-Identifier: GPL-3.0-or-later */
/* All allocation goes through here: overflow-checked sizes, a live byte total, and a test hook
 * that fails the Nth allocation so error paths can be exercised. */
#ifndef IOTSEC_UTIL_UTIL_MEM_H
#define IOTSEC_UTIL_UTIL_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Return NULL on failure (overflow, out of memory, or the failure hook). Memory from
 * iot_calloc is zeroed. Free with iot_free only. */
void *iot_malloc(size_t size);
void *iot_calloc(size_t nmemb, size_t size);
void *iot_realloc(void *ptr, size_t size);
void iot_free(void *ptr);
char *iot_strdup(const char *s);

/* For the CLI and tools only: exits with a message when memory runs out. */
void *iot_xcalloc(size_t nmemb, size_t size);

/* Bytes currently allocated through this module, and the highest value seen. The process-wide
 * counters are the module's only global state; they are atomic. */
uint64_t iot_mem_in_use(void);
uint64_t iot_mem_peak(void);

/* Test hook: the nth allocation from now (1-based) and every later one fail; 0 disables. */
void iot_mem_fail_after(uint64_t nth);
/* Allocations the hook has failed since the process started (tests: was a failure reached?). */
uint64_t iot_mem_injected_failures(void);

#endif
