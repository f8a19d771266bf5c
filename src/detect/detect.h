/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Threat detection: facts in (decoded packets with their flow and sending device), alerts out.
 * Each detector is one file (detect-mirai-scan.c, detect-scan.c, ...) with its own state in a
 * bounded tracker table; this module owns the signature table, the configuration, and the
 * alert path every detector goes through: the suppression list, then deduplication per
 * (device, signature, window) with a count of what was held back, then the alert callback.
 *
 * One detection engine per thread; deterministic for a fixed seed key. */
#ifndef IOTSEC_DETECT_DETECT_H
#define IOTSEC_DETECT_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"
#include "detect/detect-track.h"
#include "flow/flow.h"
#include "inventory/inventory.h"

/* Signatures: id, EVE name, Suricata-style category, severity (1 high .. 3 low), MITRE ATT&CK
 * technique (ICS matrix where it fits) and its name. Ids are stable: documented in
 * docs/alerts.md and used by detect.suppress. */
#define IOT_SIGNATURES(X)                                                                          \
    X(MIRAI_SCAN, 1000001, "IOTSEC Mirai-style scan: TCP sequence number equals the target address", \
      "Attempted Information Leak", 1, "T1046", "Network Service Discovery")                        \
    X(SCAN_HORIZONTAL, 1000002, "IOTSEC horizontal scan: one port probed on many hosts",            \
      "Attempted Information Leak", 2, "T1046", "Network Service Discovery")                        \
    X(SCAN_VERTICAL, 1000003, "IOTSEC vertical scan: many ports probed on one host",                \
      "Attempted Information Leak", 2, "T1046", "Network Service Discovery")                        \
    X(SWEEP_ARP, 1000004, "IOTSEC ARP sweep: many addresses of the LAN probed",                    \
      "Attempted Information Leak", 2, "T1018", "Remote System Discovery")                         \
    X(SPOOF_ARP, 1000006, "IOTSEC ARP spoofing: one MAC claims several IP addresses",             \
      "Attempted Information Leak", 1, "T1557.002", "Adversary-in-the-Middle: ARP Cache Poisoning") \
    X(OS_PROBE, 1000007, "IOTSEC OS fingerprinting: obsolete ICMP queries",                       \
      "Attempted Information Leak", 2, "T1595", "Active Scanning")                                 \
    X(SWEEP_PING, 1000005, "IOTSEC ping sweep: ICMP echo to many hosts",                            \
      "Attempted Information Leak", 2, "T1018", "Remote System Discovery")                         \
    X(FLOOD_SYN, 1000041, "IOTSEC outbound TCP SYN flood: the device takes part in a DoS attack",   \
      "Attempted Denial of Service", 1, "T1498.001", "Direct Network Flood")                        \
    X(FLOOD_ACK, 1000042, "IOTSEC outbound TCP ACK flood: the device takes part in a DoS attack",   \
      "Attempted Denial of Service", 1, "T1498.001", "Direct Network Flood")                        \
    X(FLOOD_UDP, 1000043, "IOTSEC outbound UDP flood: the device takes part in a DoS attack",       \
      "Attempted Denial of Service", 1, "T1498.001", "Direct Network Flood")                        \
    X(FLOOD_GRE, 1000044, "IOTSEC outbound GRE flood: the device takes part in a DoS attack",       \
      "Attempted Denial of Service", 1, "T1498.001", "Direct Network Flood")                        \
    X(FLOOD_DNS, 1000045, "IOTSEC outbound DNS query flood: the device takes part in a DoS attack", \
      "Attempted Denial of Service", 1, "T1498.001", "Direct Network Flood")                        \
    X(BRUTE_TELNET, 1000020, "IOTSEC telnet brute force: repeated failed logins",                   \
      "Attempted Administrator Privilege Gain", 1, "T1110.001", "Brute Force: Password Guessing")   \
    X(BRUTE_FTP, 1000021, "IOTSEC FTP brute force: repeated failed logins",                         \
      "Attempted Administrator Privilege Gain", 1, "T1110.001", "Brute Force: Password Guessing")   \
    X(BRUTE_SSH, 1000023, "IOTSEC SSH brute force: bursts of login sessions",                      \
      "Attempted Administrator Privilege Gain", 1, "T1110.001", "Brute Force: Password Guessing")   \
    X(BRUTE_HTTP, 1000024, "IOTSEC HTTP brute force: repeated refused authentications",            \
      "Attempted Administrator Privilege Gain", 1, "T1110.001", "Brute Force: Password Guessing")   \
    X(BRUTE_MQTT, 1000025, "IOTSEC MQTT brute force: repeated refused broker logins",              \
      "Attempted Administrator Privilege Gain", 1, "T1110.001", "Brute Force: Password Guessing")   \
    X(BRUTE_MAIL, 1000026, "IOTSEC POP3/IMAP/SMTP brute force: repeated failed logins",            \
      "Attempted Administrator Privilege Gain", 1, "T1110.001", "Brute Force: Password Guessing")   \
    X(DEFAULT_CRED, 1000022, "IOTSEC login with a well-known default credential (Mirai list)",      \
      "Attempted Administrator Privilege Gain", 1, "T1078.001", "Valid Accounts: Default Accounts") \
    X(ELF_DOWNLOAD, 1000031, "IOTSEC executable (ELF) downloaded over HTTP or TFTP",               \
      "A Network Trojan was Detected", 1, "T1105", "Ingress Tool Transfer")                        \
    X(EXPLOIT_WEB, 1000032, "IOTSEC exploit attempt: command injection or Log4Shell in a request",   \
      "Attempted Administrator Privilege Gain", 1, "T1190", "Exploit Public-Facing Application")   \
    X(LOADER_HTTP, 1000033, "IOTSEC malware loader commands in an HTTP request (download and execute)", \
      "A Network Trojan was Detected", 1, "T1190", "Exploit Public-Facing Application")           \
    X(ELF_PLAIN_HTTP, 1000034, "IOTSEC IoT device fetches an executable over plain HTTP",          \
      "Potential Corporate Privacy Violation", 3, "T1195.002", "Compromise Software Supply Chain") \
    X(LOADER_TELNET, 1000030, "IOTSEC malware loader commands over telnet (download and execute)", \
      "A Network Trojan was Detected", 1, "T1105", "Ingress Tool Transfer")                        \
    X(TELNET_CLEARTEXT, 1000061, "IOTSEC telnet login in clear text",                              \
      "Potential Corporate Privacy Violation", 2, "T1040", "Network Sniffing")                      \
    X(FTP_CLEARTEXT, 1000065, "IOTSEC FTP login in clear text",                                    \
      "Potential Corporate Privacy Violation", 2, "T1040", "Network Sniffing")                      \
    X(HTTP_BASIC_CLEARTEXT, 1000062, "IOTSEC HTTP Basic credentials in clear text",                 \
      "Potential Corporate Privacy Violation", 2, "T1040", "Network Sniffing")                      \
    X(MQTT_PASSWORD_CLEARTEXT, 1000063, "IOTSEC MQTT login with a password in clear text",         \
      "Potential Corporate Privacy Violation", 2, "T1040", "Network Sniffing")                      \
    X(MAIL_CLEARTEXT, 1000066, "IOTSEC POP3/IMAP/SMTP login in clear text",                       \
      "Potential Corporate Privacy Violation", 2, "T1040", "Network Sniffing")                      \
    X(HTTP_UNENCRYPTED, 1000067, "IOTSEC IoT device talks plain HTTP to the internet",             \
      "Potential Corporate Privacy Violation", 3, "T1040", "Network Sniffing")                      \
    X(COAP_UNENCRYPTED, 1000068, "IOTSEC IoT device talks CoAP without DTLS",                     \
      "Potential Corporate Privacy Violation", 3, "T1040", "Network Sniffing")                      \
    X(TLS_OBSOLETE, 1000080, "IOTSEC obsolete TLS version (SSL 3, TLS 1.0 or 1.1)",                \
      "Potential Corporate Privacy Violation", 3, "T1040", "Network Sniffing")                      \
    X(TLS_WEAK_CIPHER, 1000081, "IOTSEC weak TLS cipher suite",                                    \
      "Potential Corporate Privacy Violation", 3, "T1040", "Network Sniffing")                      \
    X(SSH_OBSOLETE, 1000082, "IOTSEC obsolete SSH version or cipher",                             \
      "Potential Corporate Privacy Violation", 3, "T1040", "Network Sniffing")                      \
    X(SMB_INSECURE, 1000083, "IOTSEC insecure SMB version (SMBv1)",                                \
      "Potential Corporate Privacy Violation", 3, "T1210", "Exploitation of Remote Services")       \
    X(MQTT_UNENCRYPTED, 1000064, "IOTSEC unencrypted MQTT session",                                \
      "Potential Corporate Privacy Violation", 3, "T1040", "Network Sniffing")                      \
    X(C2_MIRAI, 1000070, "IOTSEC Mirai C2 handshake: a bot reports to its command server",         \
      "A Network Trojan was Detected", 1, "T1095", "Non-Application Layer Protocol")                \
    X(C2_NEW_DEST, 1000071, "IOTSEC compromised device contacts a destination outside its baseline", \
      "A Network Trojan was Detected", 1, "T1071", "Application Layer Protocol")                   \
    X(C2_DGA, 1000072, "IOTSEC DNS lookup of an algorithmically generated name (DGA)",             \
      "A Network Trojan was Detected", 2, "T1568.002", "Dynamic Resolution: Domain Generation Algorithms") \
    X(C2_BEACON, 1000073, "IOTSEC periodic beaconing to a destination outside the device's baseline", \
      "A Network Trojan was Detected", 2, "T1071", "Application Layer Protocol")                   \
    X(C2_NEW_NAME, 1000074, "IOTSEC compromised device looks up a name it never used before",      \
      "A Network Trojan was Detected", 1, "T1071.004", "Application Layer Protocol: DNS")           \
    X(FLOOD_HTTP, 1000046, "IOTSEC outbound HTTP request flood: the device takes part in a DoS attack", \
      "Attempted Denial of Service", 1, "T1499.002", "Service Exhaustion Flood")                    \
    X(FLOOD_INBOUND, 1000050, "IOTSEC a device on this network is under a flood",                    \
      "Attempted Denial of Service", 2, "T1498", "Network Denial of Service")

enum iot_sig {
#define IOT_SIG_ENUM(name, id, msg, cat, sev, tid, tname) IOT_SIG_##name,
    IOT_SIGNATURES(IOT_SIG_ENUM)
#undef IOT_SIG_ENUM
    IOT_SIG_MAX
};

struct iot_signature {
    uint32_t id;
    const char *msg, *category;
    uint8_t severity;
    const char *technique_id, *technique;
};

const struct iot_signature *iot_signature(enum iot_sig s);

struct iot_alert;
/* The MITRE ATT&CK technique of an alert: the ICS matrix's when the device is industrial
 * (kind plc or hvac) and the signature has an ICS counterpart, else the signature's own
 * (Enterprise). *matrix is "ics" or "enterprise". */
void iot_alert_technique(const struct iot_alert *a, const char **matrix, const char **id,
                         const char **name);
/* The signature with this id, or NULL. */
const struct iot_signature *iot_signature_by_id(uint32_t id);

#define IOT_DETECT_MAX_SUPPRESS 64
#define IOT_DETECT_MAX_HOME_NETS 32
#define IOT_DETECT_HOME_NET_DEFAULT "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7,fe80::/10"

/* One detect.home-net prefix. */
struct iot_prefix {
    struct iot_addr addr;
    uint8_t ver, len;
};
#define IOT_DETECT_CRED_KEY_LEN 32
#define IOT_DETECT_CRED_HASH_HEX 33 /* 16-byte BLAKE2b, hex, NUL */

/* One detect.suppress entry: a signature id (0: every signature), for one source address or
 * MAC (any when !has_addr && !has_mac). */
struct iot_suppress {
    uint32_t sid;
    bool has_mac, has_addr;
    uint8_t mac[6];
    struct iot_addr addr;
    uint8_t ver;
};

struct iot_detect_config {
    uint64_t memcap;          /* detect.memcap: bytes for all detector state (default 16 MiB) */
    uint32_t alert_window;    /* detect.alert-window: seconds one (device, signature) alerts once */
    uint32_t posture_window;  /* detect.posture-window: the same for severity-3 findings (1 day) */
    uint32_t mirai_min_syns;  /* detect.mirai-scan.min-syns (default 5) */
    uint32_t mirai_window;    /* detect.mirai-scan.window, seconds (default 10) */
    uint32_t scan_window;     /* detect.scan.window, seconds (default 10) */
    uint32_t scan_hosts;      /* detect.scan.hosts: distinct hosts on one port (default 16) */
    uint32_t scan_ports;      /* detect.scan.ports: distinct ports on one host (default 24) */
    uint32_t scan_arp_hosts;  /* detect.scan.arp-hosts: addresses one MAC ARPs for (default 32) */
    uint32_t flood_window;    /* detect.flood.window, seconds (default 1) */
    uint32_t flood_pps;       /* detect.flood.pps: packets a second of one kind (default 1000) */
    uint32_t flood_min_pps;   /* detect.flood.min-pps: floor of the baseline test (default 100) */
    uint32_t flood_factor;    /* detect.flood.factor: times the device's own baseline (default 20) */
    uint32_t flood_sources;   /* detect.flood.sources: distinct senders of an inbound flood (16) */
    uint32_t flood_http_rps;  /* detect.flood.http-rps: HTTP requests a second (default 100) */
    uint32_t brute_window;    /* detect.bruteforce.window, seconds (default 60) */
    uint32_t brute_attempts;  /* detect.bruteforce.attempts: logins tried (default 5) */
    uint32_t brute_failures;  /* detect.bruteforce.failures: of which refused (default 3) */
    uint32_t c2_window;       /* detect.c2.window: seconds after a compromise stage (600) */
    uint32_t c2_learn;        /* detect.c2.learn: seconds a device's baseline is learnt (600) */
    uint32_t beacon_intervals; /* detect.beacon.intervals: steady intervals of a beacon (8) */
    uint32_t beacon_jitter;   /* detect.beacon.jitter: their spread, percent of the median (10) */
    struct iot_suppress suppress[IOT_DETECT_MAX_SUPPRESS];
    unsigned nsuppress;
    struct iot_prefix home[IOT_DETECT_MAX_HOME_NETS]; /* detect.home-net: the local network */
    unsigned nhome;
};

void iot_detect_config_default(struct iot_detect_config *cfg);

/* Parses detect.suppress: comma-separated "SID", "SID@IP", "SID@MAC", "*@IP" entries. */
int iot_detect_parse_suppress(struct iot_detect_config *cfg, const char *text, char *err,
                              size_t errlen);

/* Parses detect.home-net: comma-separated CIDR prefixes (IPv4 or IPv6), at most
 * IOT_DETECT_MAX_HOME_NETS; replaces the list. */
int iot_detect_parse_home_net(struct iot_detect_config *cfg, const char *text, char *err,
                              size_t errlen);

/* An alert as detectors raise it; the alert path adds the device and the repeat count. */
struct iot_alert {
    enum iot_sig sig;
    const struct iot_packet *p;      /* the packet that crossed the threshold */
    const struct iot_flow *f;        /* its flow, or NULL */
    const struct iot_device *dev;    /* the device it is about (the sender), or NULL */
    const struct iot_addr *subject;  /* without dev: the address it is about (default: source) */
    const struct iot_track_entry *ev; /* counts, window and sample packets, or NULL */
    uint64_t threshold;
    uint32_t window_sec;
    uint64_t repeated;               /* alerts held back by deduplication since the last one */
    char explain[512];               /* one line a person understands */
    /* A password the alert is about, as a keyed hash (hex; "" when none or no key): for the
     * store only, never written to EVE. */
    char credential_hash[IOT_DETECT_CRED_HASH_HEX];
};

struct iot_detect_callbacks {
    void *user;
    void (*alert)(void *user, const struct iot_alert *a);
    /* The device at an address, for alerts raised with a subject and no device (a flood's
     * victim, the client of a session seen from the server's side); NULL when unknown. Called
     * only for alerts, which are few. May be NULL. */
    const struct iot_device *(*device_at)(void *user, const struct iot_addr *a, uint8_t ver);
};

struct iot_detect_stats {
    uint64_t alerts, deduplicated, suppressed;
    uint64_t per_sig[IOT_SIG_MAX];
};

struct iot_detect;

/* seed_key: 16 bytes for deterministic tests, or NULL for random. */
struct iot_detect *iot_detect_new(const struct iot_detect_config *cfg,
                                  const struct iot_detect_callbacks *cb, const uint8_t *seed_key);
void iot_detect_free(struct iot_detect *d);

/* One decoded packet of flow f (may be NULL) in direction dir, sent by dev (may be NULL). */
void iot_detect_packet(struct iot_detect *d, const struct iot_packet *p, const struct iot_flow *f,
                       enum iot_flow_dir dir, const struct iot_device *dev);

/* Loads the default-credential list ("user:password" lines, "(none)" for an empty password,
 * '#' comments). Without a list, default-credential alerts are off. */
int iot_detect_load_credentials(struct iot_detect *d, const char *path, char *err, size_t errlen);
/* Sets the key of credential fingerprints (see store-key.h); without one, alerts carry none. */
void iot_detect_set_credential_key(struct iot_detect *d, const uint8_t key[IOT_DETECT_CRED_KEY_LEN]);
/* The keyed BLAKE2b-128 of "user\0password" in hex into out; false (out "") without a key. */
bool iot_detect_credential_hash(const struct iot_detect *d, const char *user, const char *pass,
                                size_t pass_len, char out[IOT_DETECT_CRED_HASH_HEX]);
/* True when user/password (password: pass_len bytes) is on the loaded list. */
bool iot_detect_default_credential(const struct iot_detect *d, const char *user, const char *pass,
                                   size_t pass_len);

const struct iot_detect_stats *iot_detect_stats(const struct iot_detect *d);
/* Bytes and evictions of the detectors' state. */
const struct iot_track_stats *iot_detect_track_stats(struct iot_detect *d);

/* ---- for detectors (detect-*.c) --------------------------------------------------------- */

const struct iot_detect_config *iot_detect_cfg(const struct iot_detect *d);
struct iot_track *iot_detect_track(struct iot_detect *d);
/* The devices' baselines and compromise marks, apart so that churn elsewhere spares them. */
struct iot_track *iot_detect_baseline_track(struct iot_detect *d);
/* The device at address a (the device_at callback), NULL when unknown or without callback. */
const struct iot_device *iot_detect_device_at(const struct iot_detect *d, const struct iot_addr *a,
                                              uint8_t ver);
/* Sends a through suppression and deduplication to the callback. */
void iot_detect_raise(struct iot_detect *d, struct iot_alert *a);
/* 32 bits telling addresses apart inside one tracker entry's distinct set. */
uint32_t iot_detect_addr_fold(const struct iot_addr *a);
/* An address as text (inet_ntop), "?" when it cannot be formatted. */
void iot_detect_format_addr(const struct iot_addr *a, uint8_t ver, char *buf, size_t len);
/* True when dev is an IoT device: its kind is known and is not a computer, phone or router. */
bool iot_detect_is_iot(const struct iot_device *dev);
/* True for addresses of the local network (detect.home-net). */
bool iot_detect_addr_local(const struct iot_detect *d, const struct iot_addr *a, uint8_t ver);
/* "192.168.1.10 (camera, Hikvision)": how an explanation names a packet's sender. */
void iot_detect_name_sender(const struct iot_packet *p, const struct iot_device *dev, char *buf,
                            size_t len);

#endif
