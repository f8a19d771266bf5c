/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DIR/inventory.json: the inventory at the end of a run, one object per device in discovery
 * order, with every attribute's confidence and evidence and every observation. */
#ifndef IOTSEC_OUTPUT_OUTPUT_INVENTORY_H
#define IOTSEC_OUTPUT_OUTPUT_INVENTORY_H

#include "inventory/inventory.h"

/* Writes the document to path. Returns IOT_OK or IOT_ERR_IO / IOT_ERR_NOMEM. */
int iot_inventory_write_json(const struct iot_inventory *inv, const char *path);

#endif
