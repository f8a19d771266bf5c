/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SSDP (UPnP Device Architecture 1.1/2.0) parser: NOTIFY announcements, M-SEARCH queries and
 * their HTTP/1.1 200 responses, as one UDP datagram (port 1900).
 *
 * Decisions (the line-level policy is in app-httphdr.h):
 * - The datagram is the message: its end also ends the head (IOT_HTTPHDR_F_EOF_ENDS), so a
 *   datagram without the final empty line is accepted with unterminated = true (nDPI's
 *   ssdp-m-search.pcap sends just "M-SEARCH * HTTP/1.1\r\n"). Bytes after the empty line are
 *   ignored (Android stacks append a NUL).
 * - Start lines: "NOTIFY * HTTP/1.x", "M-SEARCH * HTTP/1.x" (methods case-sensitive, target
 *   exactly "*"), or "HTTP/1.x 200 <any reason>". Anything else is rejected; no header is
 *   required, because byebye and third-party stacks omit some and inventory wants the rest.
 * - Duplicate headers: the first one wins.
 * - products[] splits SERVER (NOTIFY, response) or USER-AGENT (M-SEARCH) syntactically: tokens
 *   separated by SP, HT or ',' (UDA 1.0 stacks use commas), each "name[/version]", comments
 *   in parentheses skipped. "Mac OS X" therefore gives three names: the split does not guess.
 * - Numbers (max-age, MX, BOOTID.UPNP.ORG) that are not plain decimals in range leave their
 *   *_present flag false; the message is still accepted. */
#ifndef IOTSEC_APP_APP_SSDP_H
#define IOTSEC_APP_APP_SSDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"

#define IOT_SSDP_MAX_PRODUCTS 4
#define IOT_SSDP_PRODUCT_MAX 32
#define IOT_SSDP_HOST_MAX 64
#define IOT_SSDP_NT_MAX 128
#define IOT_SSDP_USN_MAX 192
#define IOT_SSDP_LOCATION_MAX 256
#define IOT_SSDP_SERVER_MAX 256
#define IOT_SSDP_CC_MAX 64
#define IOT_SSDP_MAN_MAX 32

enum iot_ssdp_kind {
    IOT_SSDP_KIND_NONE = 0,
    IOT_SSDP_KIND_NOTIFY,
    IOT_SSDP_KIND_MSEARCH,
    IOT_SSDP_KIND_RESPONSE,
};

enum iot_ssdp_nts {
    IOT_SSDP_NTS_NONE = 0, /* no NTS header */
    IOT_SSDP_NTS_ALIVE,
    IOT_SSDP_NTS_BYEBYE,
    IOT_SSDP_NTS_UPDATE,
    IOT_SSDP_NTS_OTHER,
};

enum iot_ssdp_error {
    IOT_SSDP_ERR_NONE = 0,
    IOT_SSDP_ERR_TRUNC,            /* zero bytes, or the start line is cut */
    IOT_SSDP_ERR_BAD_START_LINE,   /* not three parts / empty */
    IOT_SSDP_ERR_BAD_METHOD,       /* not NOTIFY or M-SEARCH */
    IOT_SSDP_ERR_BAD_TARGET,       /* request target not "*" */
    IOT_SSDP_ERR_BAD_VERSION,      /* not HTTP/1.x */
    IOT_SSDP_ERR_BAD_STATUS,       /* a response other than 200 */
    IOT_SSDP_ERR_LINE_TOO_LONG,    /* a line over IOT_HTTPHDR_MAX_LINE */
    IOT_SSDP_ERR_TOO_MANY_HEADERS, /* over IOT_MAX_HTTP_HEADERS */
    IOT_SSDP_ERR_OBS_FOLD,         /* a folded header line */
    IOT_SSDP_ERR_BAD_HEADER,       /* no colon, space before colon, bad name */
    IOT_SSDP_ERR_MAX
};

/* One "name/version" product token; version is empty when the token has no '/'. */
struct iot_ssdp_product {
    char name[IOT_SSDP_PRODUCT_MAX];
    bool name_truncated;
    char version[IOT_SSDP_PRODUCT_MAX];
    bool version_truncated;
};

struct iot_ssdp_info {
    enum iot_ssdp_kind kind;
    uint8_t version_minor; /* HTTP/1.<minor> */
    uint16_t status;       /* 200 for a response, else 0 */

    char host[IOT_SSDP_HOST_MAX]; /* HOST */
    bool host_truncated;
    char nt[IOT_SSDP_NT_MAX]; /* NT (NOTIFY) */
    bool nt_truncated;
    enum iot_ssdp_nts nts;      /* NTS (NOTIFY) */
    char usn[IOT_SSDP_USN_MAX]; /* USN (NOTIFY, response) */
    bool usn_truncated;
    char location[IOT_SSDP_LOCATION_MAX]; /* LOCATION (NOTIFY alive/update, response) */
    bool location_truncated;
    char server[IOT_SSDP_SERVER_MAX]; /* SERVER (NOTIFY, response) */
    bool server_truncated;
    char cache_control[IOT_SSDP_CC_MAX]; /* CACHE-CONTROL, raw */
    bool cache_control_truncated;
    bool max_age_present;
    uint32_t max_age; /* seconds, from CACHE-CONTROL max-age= */
    bool bootid_present;
    uint32_t bootid; /* BOOTID.UPNP.ORG */

    char st[IOT_SSDP_NT_MAX]; /* ST (M-SEARCH, response) */
    bool st_truncated;
    char man[IOT_SSDP_MAN_MAX]; /* MAN (M-SEARCH), quotes kept: "\"ssdp:discover\"" */
    bool man_truncated;
    bool mx_present;
    uint32_t mx;                          /* MX (M-SEARCH), seconds */
    char user_agent[IOT_SSDP_SERVER_MAX]; /* USER-AGENT (M-SEARCH) */
    bool user_agent_truncated;

    /* SERVER for NOTIFY and responses, USER-AGENT for M-SEARCH, split into products. */
    struct iot_ssdp_product products[IOT_SSDP_MAX_PRODUCTS];
    unsigned nproducts;
    bool products_truncated; /* more tokens than IOT_SSDP_MAX_PRODUCTS */

    unsigned header_count;
    bool unterminated; /* the datagram ended without the empty line */
    enum iot_ssdp_error error;
};

/* Parses one SSDP datagram (the UDP payload, exactly len bytes). Returns IOT_OK with *out
 * filled, or IOT_ERR_INPUT with out->error set. No allocation, no global state. */
IOT_WARN_UNUSED int iot_ssdp_parse(const uint8_t *data, size_t len, struct iot_ssdp_info *out);

/* Splits a SERVER / USER-AGENT value (raw bytes) into at most IOT_SSDP_MAX_PRODUCTS products;
 * sets *nproducts and returns true when tokens were left over. */
bool iot_ssdp_split_products(const uint8_t *value, size_t len,
                             struct iot_ssdp_product products[IOT_SSDP_MAX_PRODUCTS],
                             unsigned *nproducts);

const char *iot_ssdp_kind_name(enum iot_ssdp_kind k);
const char *iot_ssdp_nts_name(enum iot_ssdp_nts n);

/* Dotted counter name, e.g. "app.ssdp.bad_method". */
const char *iot_ssdp_error_name(enum iot_ssdp_error e);

#endif
