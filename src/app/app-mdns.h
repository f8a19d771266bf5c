/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mDNS / DNS-SD (RFC 6762/6763) parser: the services, instance names, hostnames, addresses and
 * TXT key=value pairs a device announces or asks for on UDP 5353. */
#ifndef IOTSEC_APP_APP_MDNS_H
#define IOTSEC_APP_APP_MDNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iotsec/export.h"
#include "app/app-dns.h"

#define IOT_MDNS_PORT 5353
/* The top bit of a question's class asks for a unicast reply (QU, RFC 6762 5.4); of a
 * record's class it is the cache-flush bit (RFC 6762 10.2). */
#define IOT_MDNS_CLASS_TOP_BIT 0x8000
#define IOT_MDNS_ENUM_NAME "_services._dns-sd._udp.local" /* RFC 6763 9 */

/* Per-message storage caps (struct iot_mdns_info stays under 48 KiB). */
#define IOT_MDNS_MAX_SERVICES 32
#define IOT_MDNS_MAX_INSTANCES 16
#define IOT_MDNS_MAX_HOSTS 16
#define IOT_MDNS_MAX_TXT 48
#define IOT_MDNS_NO_INSTANCE 0xFF    /* owner of a TXT string whose record names no instance */
#define IOT_MDNS_ANY_INSTANCE 0x100u /* iot_mdns_txt_find: search every owner */

/* Why a message was rejected. The wire-level reason is in info->dns_error. */
enum iot_mdns_error {
    IOT_MDNS_ERR_NONE = 0,
    IOT_MDNS_ERR_TRUNC,     /* header, counts or a record cut off (dns_error has which) */
    IOT_MDNS_ERR_BAD_NAME,  /* a name with a bad label, a bad pointer, or too long */
    IOT_MDNS_ERR_BAD_RDATA, /* RDATA past the end or not matching its type */
    IOT_MDNS_ERR_OPCODE,    /* opcode not 0: RFC 6762 18.3 says ignore the message */
    IOT_MDNS_ERR_RCODE,     /* rcode not 0: RFC 6762 18.11 says ignore the message */
    IOT_MDNS_ERR_MAX
};

/* A service type (or subtype) browsed for or announced, as dotted text ("_hap._tcp.local"). */
struct iot_mdns_service {
    char name[IOT_DNS_NAME_SIZE];
    bool name_truncated;
    bool name_has_odd_bytes;
    bool queried;   /* a PTR question for it */
    bool announced; /* a PTR record for it: in _services._dns-sd._udp.local or to an instance */
};

/* A service instance ("Living Room" of "_googlecast._tcp.local"). */
struct iot_mdns_instance {
    char name[IOT_DNS_LABEL_SIZE]; /* the first label, raw (may hold dots, UTF-8, any byte) */
    bool name_truncated;           /* cannot happen: a label is at most 63 octets; R7 */
    bool name_has_odd_bytes;       /* '.', a control byte or DEL in the label */
    uint8_t name_len;
    char service[IOT_DNS_NAME_SIZE]; /* the rest of the name: "_googlecast._tcp.local" */
    bool service_truncated;
    bool queried;   /* named by a question (probing or resolving) */
    bool announced; /* named by a record */
    bool has_srv;
    char target[IOT_DNS_NAME_SIZE]; /* SRV target host ("Philips-hue.local") */
    bool target_truncated;
    bool target_has_odd_bytes;
    uint16_t port, priority, weight;
    bool has_txt;
};

/* A hostname and one of its addresses (A or AAAA record). */
struct iot_mdns_host {
    char name[IOT_DNS_NAME_SIZE];
    bool name_truncated;
    bool name_has_odd_bytes;
    uint8_t family;   /* 4 or 6 */
    uint8_t addr[16]; /* network byte order; IPv4 in the first 4 bytes */
};

/* What one mDNS message reveals. Questions and records of every section count (a probing
 * device puts its records in the authority section). Duplicates are kept once. */
struct iot_mdns_info {
    enum iot_mdns_error error;    /* IOT_MDNS_ERR_NONE iff the parse returned IOT_OK */
    enum iot_dns_error dns_error; /* the wire-level reason when error is a wire error */
    struct iot_dns_header hdr;
    uint16_t nquestions, nrecords; /* items read (all sections, at most IOT_MAX_DNS_RECORDS) */
    bool limited;                  /* IOT_MAX_DNS_RECORDS reached: the rest was not read */
    bool has_trailing;             /* bytes after the last record (some devices pad; ignored) */
    bool unicast_query;            /* some question had the QU bit */
    bool cache_flush;              /* some record had the cache-flush bit */
    bool enumeration_query;        /* a PTR question for _services._dns-sd._udp.local */

    struct iot_mdns_service services[IOT_MDNS_MAX_SERVICES];
    uint8_t nservices;
    bool services_truncated;

    struct iot_mdns_instance instances[IOT_MDNS_MAX_INSTANCES];
    uint8_t ninstances;
    bool instances_truncated;

    struct iot_mdns_host hosts[IOT_MDNS_MAX_HOSTS];
    uint8_t nhosts;
    bool hosts_truncated;

    /* TXT strings of every TXT record; owner is the index in instances[] or
     * IOT_MDNS_NO_INSTANCE. Use iot_dns_txt_key() / iot_dns_txt_value() to read one. */
    struct iot_dns_txt txt[IOT_MDNS_MAX_TXT];
    uint8_t ntxt;
    bool txt_truncated;
};

/* Parses one mDNS message (a whole UDP payload, exactly len bytes) into *out. Reads no byte
 * outside data[0..len), allocates nothing and keeps no state; safe from any thread.
 * Returns IOT_OK when the message is well formed (some items may not be stored), IOT_ERR_INPUT
 * when it is not (out->error says why; the rest of *out is unspecified but safe to read), or
 * IOT_ERR_USAGE when out is NULL. */
IOT_WARN_UNUSED int iot_mdns_parse(const uint8_t *data, size_t len, struct iot_mdns_info *out);

/* The first TXT string whose key equals key (ASCII case-insensitive, RFC 6763 6.4), of
 * instance inst (an index in instances[] or IOT_MDNS_NO_INSTANCE) or of any owner when inst
 * is IOT_MDNS_ANY_INSTANCE; NULL when none. */
const struct iot_dns_txt *iot_mdns_txt_find(const struct iot_mdns_info *m, unsigned inst,
                                            const char *key);

/* The service whose name equals name (ASCII case-insensitive); NULL when none. */
const struct iot_mdns_service *iot_mdns_service_find(const struct iot_mdns_info *m,
                                                     const char *name);

/* The dotted counter name of e ("app.mdns.bad_name"); "app.mdns.unknown" when out of range. */
const char *iot_mdns_error_name(enum iot_mdns_error e);

#endif
