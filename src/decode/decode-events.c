/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names of the decoder events, in enum order. */
#include "iotsec-common.h"
#include "decode/decode-events.h"

static const char *const event_names[IOT_DE_MAX] = {
#define X(sym, name) name,
    IOT_DECODE_EVENT_LIST(X)
#undef X
};

const char *iot_decode_event_name(enum iot_decode_event ev)
{
    if ((unsigned)ev >= IOT_DE_MAX)
        return NULL;
    return event_names[ev];
}
