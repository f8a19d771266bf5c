/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals shared by store.c (schema, saving) and store-query.c (the query verbs). */
#ifndef IOTSEC_STORE_STORE_PRIVATE_H
#define IOTSEC_STORE_STORE_PRIVATE_H

#include <sqlite3.h>

struct iot_store {
    sqlite3 *db;
};

#endif
