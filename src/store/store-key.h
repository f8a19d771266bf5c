/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The key of a store's credential fingerprints. A password a detector saw (a clear-text login)
 * is stored only as a keyed BLAKE2b hash, so an operator can see that two devices were logged
 * into with the same password without the store ever holding it; the key lives in its own
 * file beside the database (DB.key, mode 0600, 32 random bytes), so a copy of the database
 * alone does not allow even a dictionary attack on those hashes. */
#ifndef IOTSEC_STORE_STORE_KEY_H
#define IOTSEC_STORE_STORE_KEY_H

#include <stddef.h>
#include <stdint.h>

#define IOT_CRED_KEY_LEN 32

/* Reads db_path's key file, creating it when absent. Refuses a key file that others than its
 * owner may read, or that is not exactly IOT_CRED_KEY_LEN bytes. Returns IOT_OK or an error
 * with err set. */
int iot_store_credential_key(const char *db_path, uint8_t key[IOT_CRED_KEY_LEN], char *err,
                             size_t errlen);

#endif
