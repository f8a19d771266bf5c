/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Known-good minimum firmware versions per vendor and model (data/firmware-minimum.txt, format
 * in its header and in docs/inventory.md), and the version comparison the inventory uses to
 * find devices that run something older. One entry per line:
 *
 *   VENDOR | MODEL | MINIMUM | ADVISORY
 *
 * VENDOR and MODEL are compared case-insensitively with the device's classification; MODEL may
 * end in '*' (a prefix) or be '*' alone (every model of the vendor). The loader is strict: the
 * first bad line fails the load with "NAME:LINE: reason". Read-only once loaded, so one
 * database can be shared by several inventories (threads). */
#ifndef IOTSEC_INVENTORY_INVENTORY_FIRMWARE_H
#define IOTSEC_INVENTORY_INVENTORY_FIRMWARE_H

#include <stdbool.h>
#include <stddef.h>

#include "inventory/inventory-rules.h"

/* A version string we are willing to compare: at most 63 bytes. */
#define IOT_FWMIN_VERSION_MAX 64
#define IOT_FWMIN_ADVISORY_MAX 192
#define IOT_FWMIN_NAME_MAX 128
#define IOT_FWMIN_MAX_ENTRIES 4096

struct iot_fwmin_entry {
    char vendor[IOT_RULE_VALUE_MAX];
    char model[IOT_RULE_VALUE_MAX]; /* without the trailing '*' when model_prefix */
    bool model_prefix;              /* "Model*" or "*" (model "" then matches every model) */
    char minimum[IOT_FWMIN_VERSION_MAX];
    char advisory[IOT_FWMIN_ADVISORY_MAX];
    unsigned line; /* 1-based line in the file, for the evidence */
};

struct iot_fwmin_db {
    struct iot_fwmin_entry *entries;
    size_t n, cap;
    char name[IOT_FWMIN_NAME_MAX]; /* the file's base name, as findings cite it */
};

/* Parses the data file's text; name is used in messages (and its base name in findings). The
 * first bad line fails the whole load with "NAME:LINE: reason" in err: an entry silently
 * skipped would silently hide an outdated device. On failure db holds nothing to free beyond
 * what iot_fwmin_free releases. */
int iot_fwmin_parse(struct iot_fwmin_db *db, const char *text, size_t len, const char *name,
                    char *err, size_t errlen);
int iot_fwmin_load(struct iot_fwmin_db *db, const char *path, char *err, size_t errlen);
void iot_fwmin_free(struct iot_fwmin_db *db);

/* Is v a version we compare: 1..63 bytes of letters, digits and . - _ + ( ) ~ or spaces, that
 * begins with a digit (or 'v'/'V' then a digit)? */
bool iot_fwmin_version_valid(const char *v);

/* Compares two valid versions: <0 when a is older than b, 0 when equal, >0 when newer. Numbers
 * compare numerically (1.10 > 1.9, 0124 = 124), whatever separates them; a word where the other
 * version has a number is older ("1.0a" < "1.0.1"); after equal parts, a version that goes on
 * with a pre-release word (dev, alpha, beta, pre, rc) is older than one that ends ("1.0rc1" <
 * "1.0"), one that goes on with anything else is newer ("1.0" < "1.0a" < "1.0.1"). */
int iot_fwmin_version_cmp(const char *a, const char *b);

/* The entry for a vendor and model: an exact model first, else the longest prefix. NULL when
 * the database has none (or vendor or model is empty). */
const struct iot_fwmin_entry *iot_fwmin_lookup(const struct iot_fwmin_db *db, const char *vendor,
                                               const char *model);

/* The entry that makes version outdated for vendor and model (version older than its minimum),
 * or NULL: no entry, an unparseable version (not compared rather than guessed), or recent
 * enough. */
const struct iot_fwmin_entry *iot_fwmin_check(const struct iot_fwmin_db *db, const char *vendor,
                                              const char *model, const char *version);

#endif
