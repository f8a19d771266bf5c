/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The passive device inventory. Devices are keyed by MAC (by IP when the link carries no MAC),
 * found through a SipHash-keyed table under a hard memory cap. Facts arrive as observations
 * ("dhcp.hostname" = "HS110", seen in packet N) from the app-layer parsers; each new distinct
 * observation re-runs the classification rules for that device. Every attribute keeps the rules
 * and observations that support it, so a verdict can be checked in Wireshark.
 *
 * Facts in (packets, observations), events out (the event callback). One inventory per thread. */
#ifndef IOTSEC_INVENTORY_INVENTORY_H
#define IOTSEC_INVENTORY_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"
#include "inventory/inventory-firmware.h"
#include "inventory/inventory-oui.h"
#include "inventory/inventory-rules.h"

#define IOT_INV_MAX_ADDRS 8
#define IOT_INV_MAX_OBS 64
#define IOT_INV_MAX_PEERS 32
#define IOT_INV_MAX_EVIDENCE 8
#define IOT_INV_NO_MATCH 0xFFFFu
/* The longest observation kept (a browser User-Agent, an LLDP system description); longer
 * values are cut with a flag. Values take their own length in memory, charged to the memcap. */
#define IOT_INV_VALUE_MAX 512
/* Room a new device leaves under the cap for observation values (a typical device's facts take
 * 1-3 KiB), so that at the cap a newcomer is still classified. */
#define IOT_INV_OBS_HEADROOM (8u << 10)

/* How an address became a device's (bits of iot_inv_addr.via). */
#define IOT_INV_VIA_IP 0x01u   /* source of its packets, with an unrouted TTL */
#define IOT_INV_VIA_ARP 0x02u  /* claimed in its ARP (sender address) */
#define IOT_INV_VIA_DHCP 0x04u /* leased to it (DHCP ACK) */
#define IOT_INV_VIA_FWD 0x08u  /* source of unicast packets whose TTL a router decremented */

struct iot_inv_addr {
    struct iot_addr addr;
    uint8_t ver;
    uint8_t via; /* IOT_INV_VIA_* */
    struct iot_ts first, last;
};

/* One distinct fact about a device: field, value, where it was first seen, how often. */
struct iot_inv_obs {
    char field[IOT_RULE_FIELD_MAX];
    char *value; /* NUL-terminated, owned by the device */
    bool truncated;
    struct iot_ts first;
    uint64_t pcap_cnt; /* packet of first sighting */
    uint64_t count;
};

struct iot_inv_evidence {
    uint16_t rule;     /* index into the rule set */
    uint16_t obs;      /* index into the device's observations (first condition) */
};

/* The classification of one attribute: the winning value, its confidence, and its evidence. */
struct iot_inv_verdict {
    char value[IOT_RULE_VALUE_MAX];
    double confidence; /* 1 - prod(1 - weight) over the distinct rules that voted for it */
    struct iot_inv_evidence ev[IOT_INV_MAX_EVIDENCE];
    unsigned nev;
};

/* An outdated-firmware finding: the device's firmware is older than the known-good minimum for
 * its vendor and model. The version's evidence is the firmware verdict's. */
struct iot_inv_fw_finding {
    bool active;                         /* the finding stands now */
    char firmware[IOT_RULE_VALUE_MAX];   /* the version last reported ("" before any) */
    const struct iot_fwmin_entry *entry; /* from the firmware database; valid while active */
    struct iot_ts ts;                    /* packet time when it was reported */
    uint64_t pcap_cnt;                   /* packet that completed it */
};

struct iot_inv_peer {
    struct iot_addr addr;
    uint8_t ver;
    uint64_t pkts;
};

struct iot_device {
    uint64_t id; /* 1-based, in order of discovery */
    bool has_mac;
    uint8_t mac[6];
    /* A MAC that forwards routed traffic: hosts behind it get devices keyed by IP. */
    bool router;
    /* For a device keyed by IP seen through a router: that router's MAC. */
    bool behind_router;
    uint8_t router_mac[6];
    enum iot_mac_kind mac_kind;
    const char *oui_vendor; /* from the IEEE registry, or NULL */
    unsigned oui_bits;
    struct iot_ts first_seen, last_seen;
    struct iot_inv_addr addrs[IOT_INV_MAX_ADDRS];
    unsigned naddrs;
    bool addrs_truncated;
    struct iot_inv_obs obs[IOT_INV_MAX_OBS];
    unsigned nobs;
    uint64_t obs_dropped; /* distinct facts over the per-device cap */
    struct iot_inv_peer peers[IOT_INV_MAX_PEERS];
    unsigned npeers;
    uint64_t peers_dropped;
    uint64_t pkts_sent, bytes_sent, pkts_recv, bytes_recv;
    struct iot_inv_verdict attr[IOT_ATTR_MAX];
    struct iot_inv_fw_finding fw;
    /* Per rule: the observation that satisfied its first condition, or IOT_INV_NO_MATCH. A rule
     * once satisfied stays so (observations are only added), so a new observation needs only
     * the rules that name its field checked. Allocated with the device, nrules entries. */
    uint16_t *rule_obs;
    size_t mem; /* bytes charged to inventory.memcap: the device and its observation values */

    /* Private to the table. */
    struct iot_device *hnext;
    struct iot_device *lru_prev, *lru_next;
    struct iot_addr key_ip;
    uint8_t key_ver;
    uint32_t hash;
};

enum iot_inv_event_type {
    IOT_INV_NEW = 0,   /* first packet of a device */
    IOT_INV_CHANGE,    /* an attribute's winning value changed (old may be "") */
    IOT_INV_FINDING,   /* an outdated-firmware finding was raised (d->fw), once per version */
};

struct iot_inventory_config {
    uint64_t memcap;      /* inventory.memcap: bytes for devices (default 64 MiB) */
    uint32_t hash_size;   /* buckets (default 4096) */
    /* inventory.router-hosts: distinct local sources with routed TTLs that make a MAC a
     * router (default 2; 0 keys every device by MAC). */
    uint32_t router_hosts;
};

struct iot_inventory_callbacks {
    void *user;
    void (*event)(void *user, const struct iot_device *d, enum iot_inv_event_type type,
                  enum iot_attr attr, const char *old_value, struct iot_ts ts);
};

struct iot_inventory_stats {
    uint64_t devices, devices_peak, evicted, memcap_refused;
    uint64_t routers; /* MACs found forwarding for hosts behind them */
    uint64_t observations, obs_dropped, classifications;
    uint64_t memuse;
};

struct iot_inventory;

void iot_inventory_config_default(struct iot_inventory_config *cfg);

/* Creates an inventory. oui and rules are borrowed (they must outlive it; either may be NULL).
 * seed_key: 16 bytes for tests, or NULL for a random SipHash key. */
struct iot_inventory *iot_inventory_new(const struct iot_inventory_config *cfg,
                                        const struct iot_oui_db *oui,
                                        const struct iot_ruleset *rules,
                                        const struct iot_inventory_callbacks *cb,
                                        const uint8_t *seed_key);
void iot_inventory_free(struct iot_inventory *inv);

/* Compares each device's firmware with db's minimum for its vendor and model from now on
 * (borrowed: it must outlive the inventory; NULL turns the check off). Set it before the first
 * packet: devices classified earlier are not re-checked. */
void iot_inventory_set_firmware_db(struct iot_inventory *inv, const struct iot_fwmin_db *db);

/* Attributes a decoded packet to its sender (created on first sight) and receiver: counters,
 * addresses, peers. Returns the sender's device, or NULL (no usable address, or memcap). */
struct iot_device *iot_inventory_packet(struct iot_inventory *inv, const struct iot_packet *p);

/* The device a packet is addressed to (its destination MAC, or the host behind a router),
 * or NULL when unknown. Never creates one. */
struct iot_device *iot_inventory_receiver(struct iot_inventory *inv, const struct iot_packet *p);

/* Records that d owns an address, learnt as via says (IOT_INV_VIA_ARP, _DHCP...). Link-local
 * and local-network addresses only; public and unspecified ones are ignored. */
void iot_inventory_note_addr(struct iot_inventory *inv, struct iot_device *d,
                             const struct iot_addr *a, uint8_t ver, uint8_t via, struct iot_ts ts);

/* Finds the device that owns mac (has_mac) or ip, or NULL. */
struct iot_device *iot_inventory_find_mac(struct iot_inventory *inv, const uint8_t mac[6]);
struct iot_device *iot_inventory_find_ip(struct iot_inventory *inv, const struct iot_addr *ip,
                                         uint8_t ver);

/* Records a fact about d; value is len bytes of packet data (any bytes; kept NUL-terminated,
 * cut to IOT_INV_VALUE_MAX - 1 with a flag). A new distinct fact re-runs the rules and may
 * emit CHANGE events. field must be a short constant ("dhcp.hostname"). */
void iot_inventory_observe(struct iot_inventory *inv, struct iot_device *d, const char *field,
                           const char *value, size_t len, const struct iot_packet *p);

/* Calls fn for every device in discovery order (deterministic). */
void iot_inventory_foreach(const struct iot_inventory *inv,
                           void (*fn)(void *arg, const struct iot_device *d), void *arg);

/* Bytes one device costs against inventory.memcap with this rule set, before its observation
 * values (each charged its length plus one). */
size_t iot_inventory_device_size(const struct iot_ruleset *rules);

const struct iot_inventory_stats *iot_inventory_stats(const struct iot_inventory *inv);
const struct iot_ruleset *iot_inventory_rules(const struct iot_inventory *inv);
/* The firmware database set with iot_inventory_set_firmware_db, or NULL. */
const struct iot_fwmin_db *iot_inventory_firmware_db(const struct iot_inventory *inv);

#endif
