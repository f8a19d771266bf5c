/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MAC vendor lookup from the IEEE registries as Debian's ieee-data ships them: MA-L (24-bit
 * prefixes, oui.csv), MA-M (28-bit, mam.csv), MA-S (36-bit, oui36.csv) and the old IAB
 * (36-bit, iab.csv). The longest registered prefix wins. Also classifies the address bits
 * (locally administered: randomised or self-assigned; group: multicast/broadcast). */
#ifndef IOTSEC_INVENTORY_INVENTORY_OUI_H
#define IOTSEC_INVENTORY_INVENTORY_OUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOT_IEEE_DATA_DIR "/usr/share/ieee-data"

struct iot_oui_db;

enum iot_mac_kind {
    IOT_MAC_UNIVERSAL = 0, /* globally unique, vendor-assigned */
    IOT_MAC_LOCAL,         /* locally administered: randomised (phones) or self-assigned */
    IOT_MAC_GROUP,         /* multicast or broadcast: never a device */
};

/* Loads the registries from dir (IOT_IEEE_DATA_DIR when NULL). Files that are absent are
 * skipped (a registry not installed); a file that is present must parse: the first bad line
 * fails the load with "FILE:LINE: reason" in err. Returns NULL on failure. */
struct iot_oui_db *iot_oui_db_load(const char *dir, char *err, size_t errlen);

/* Parses one registry file's text (the loader's core; exposed for tests and the fuzzer).
 * name is used in messages. Returns IOT_OK or IOT_ERR_INPUT / IOT_ERR_NOMEM. */
int iot_oui_db_add_csv(struct iot_oui_db *db, const char *text, size_t len, const char *name,
                       char *err, size_t errlen);

/* An empty database, to fill with iot_oui_db_add_csv; then iot_oui_db_finish. */
struct iot_oui_db *iot_oui_db_new(void);
/* Sorts what was added so lookups work; call once after the last add. */
void iot_oui_db_finish(struct iot_oui_db *db);
void iot_oui_db_free(struct iot_oui_db *db);

/* The organisation registered for mac's longest matching prefix, or NULL. prefix_bits (may be
 * NULL) gets 24, 28 or 36. The string lives as long as the database. */
const char *iot_oui_lookup(const struct iot_oui_db *db, const uint8_t mac[6],
                           unsigned *prefix_bits);

enum iot_mac_kind iot_mac_kind(const uint8_t mac[6]);

/* Entries loaded per prefix length, for the summary and tests. */
size_t iot_oui_db_count(const struct iot_oui_db *db, unsigned prefix_bits);

#endif
