/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Table-driven configuration: each option is a row with its type, place, bounds and help. */
#include "iotsec-common.h"
#include "config/config.h"

#include <ctype.h>

#include "util/util-misc.h"

enum opt_type {
    OPT_U32,  /* plain number */
    OPT_U64,
    OPT_SIZE, /* bytes, with k/m/g suffixes */
    OPT_STR,
};

struct opt {
    const char *key;
    enum opt_type type;
    size_t off;
    size_t size; /* OPT_STR: buffer size */
    uint64_t min, max;
    const char *help;
};

#define OFF(field) offsetof(struct iot_config, field)
#define SZ(field) sizeof(((struct iot_config *)0)->field)

static const struct opt opts[] = {
    {"flow.memcap", OPT_SIZE, OFF(flow.memcap), 0, 1u << 20, 1ull << 40,
     "bytes for flows and their protocol state; LRU eviction above it"},
    {"flow.hash-size", OPT_U32, OFF(flow.hash_size), 0, 1, 1u << 24,
     "flow hash buckets (rounded up to a power of two)"},
    {"flow.timeout.new", OPT_U32, OFF(flow.timeout_new), 0, 1, 86400,
     "seconds before a flow seen one way only (or an unfinished handshake) ends"},
    {"flow.timeout.established", OPT_U32, OFF(flow.timeout_established), 0, 1, 86400,
     "seconds of idle before an established TCP flow ends"},
    {"flow.timeout.closed", OPT_U32, OFF(flow.timeout_closed), 0, 0, 86400,
     "seconds a closed TCP flow waits for stray packets"},
    {"flow.timeout.udp", OPT_U32, OFF(flow.timeout_udp), 0, 1, 86400,
     "seconds of idle before a two-way UDP flow ends"},
    {"flow.timeout.icmp", OPT_U32, OFF(flow.timeout_icmp), 0, 1, 86400,
     "seconds of idle before an ICMP or other-protocol flow ends"},
    {"stream.depth", OPT_SIZE, OFF(flow.stream_depth), 0, 0, 1u << 30,
     "bytes per TCP direction reassembled for the application layer"},
    {"stream.memcap", OPT_SIZE, OFF(flow.stream_memcap), 0, 0, 1ull << 40,
     "bytes of out-of-order TCP segments held, all flows together"},
    {"stream.max-segments", OPT_U32, OFF(flow.stream_max_segs), 0, 1, 1u << 20,
     "out-of-order segments held per direction before a gap is declared"},
    {"defrag.memcap", OPT_SIZE, OFF(defrag.memcap), 0, 0, 1ull << 40,
     "bytes of IP fragments held waiting for their datagram"},
    {"defrag.trackers", OPT_U32, OFF(defrag.max_trackers), 0, 1, 1u << 24,
     "datagrams being reassembled at once"},
    {"defrag.timeout", OPT_U32, OFF(defrag.timeout_sec), 0, 1, 3600,
     "seconds a datagram may take to arrive whole"},
    {"stats.interval", OPT_U64, OFF(stats_interval), 0, 0, 86400 * 365,
     "seconds of capture time between stats events (0: only at the end)"},
    {"ndpi.max-packets.tcp", OPT_U64, OFF(ndpi_max_pkts_tcp), 0, 1, 1000,
     "TCP packets per flow given to nDPI before it must decide"},
    {"ndpi.max-packets.udp", OPT_U64, OFF(ndpi_max_pkts_udp), 0, 1, 1000,
     "UDP packets per flow given to nDPI before it must decide"},
    {"anomaly.max-per-type", OPT_U64, OFF(anomaly_max_per_type), 0, 0, UINT32_MAX,
     "anomaly events written per event type (counters in stats keep counting)"},
    {"capture.snaplen", OPT_U64, OFF(snaplen), 0, 64, 262144, "live capture snapshot length"},
    {"seed", OPT_U64, OFF(seed), 0, 0, UINT64_MAX,
     "flow hash key seed; 0 draws a random key each run (set only for tests)"},
    {"inventory.enabled", OPT_U64, OFF(inventory_enabled), 0, 0, 1,
     "1: learn devices and run the app-layer parsers; 0: flows and nDPI only"},
    {"inventory.memcap", OPT_SIZE, OFF(inventory_memcap), 0, 1u << 20, 1ull << 40,
     "bytes for the device inventory (about 8 KiB a device); least recently seen evicted"},
    {"inventory.router-hosts", OPT_U64, OFF(inventory_router_hosts), 0, 0, 1000,
     "local sources with routed TTLs that make a MAC a router, whose hosts are then keyed by IP"
     " (0: key every device by MAC)"},
    {"inventory.rules", OPT_STR, OFF(inventory_rules), SZ(inventory_rules), 0, 0,
     "classification rules file (default: data/devices.rules of the installation)"},
    {"inventory.firmware-minimum", OPT_STR, OFF(inventory_firmware), SZ(inventory_firmware), 0, 0,
     "known-good minimum firmware per vendor/model (auto: data/firmware-minimum.txt; none: no"
     " outdated-firmware findings)"},
    {"inventory.ieee-data", OPT_STR, OFF(ieee_data_dir), SZ(ieee_data_dir), 0, 0,
     "directory of the IEEE registries oui.csv, mam.csv, oui36.csv, iab.csv"},
    {"inventory.p0f-db", OPT_STR, OFF(p0f_db), SZ(p0f_db), 0, 0,
     "p0f signature database for TCP SYN fingerprints (skipped when the file is absent)"},
    {"detect.enabled", OPT_U64, OFF(detect_enabled), 0, 0, 1,
     "1: run the threat detectors and write alerts; 0: off"},
    {"detect.memcap", OPT_SIZE, OFF(detect.memcap), 0, 1u << 16, 1ull << 40,
     "bytes for all detector state (per-source windows); the stalest entries make room"},
    {"detect.alert-window", OPT_U32, OFF(detect.alert_window), 0, 0, 86400,
     "seconds during which one device raises one signature once (the rest are counted)"},
    {"detect.posture-window", OPT_U32, OFF(detect.posture_window), 0, 0, 31536000,
     "seconds a posture finding (severity 3: unencrypted protocols, old TLS) is not repeated "
     "for the same device"},
    {"detect.mirai-scan.min-syns", OPT_U32, OFF(detect.mirai_min_syns), 0, 1, 1000000,
     "SYNs whose sequence number equals the target address before a Mirai scan alert"},
    {"detect.mirai-scan.window", OPT_U32, OFF(detect.mirai_window), 0, 1, 86400,
     "seconds over which those SYNs are counted"},
    {"detect.scan.window", OPT_U32, OFF(detect.scan_window), 0, 1, 86400,
     "seconds over which scan probes are counted"},
    {"detect.scan.hosts", OPT_U32, OFF(detect.scan_hosts), 0, 2, IOT_TRACK_MAX_DISTINCT,
     "distinct hosts probed on one port, mostly unanswered, for a horizontal scan alert"},
    {"detect.scan.ports", OPT_U32, OFF(detect.scan_ports), 0, 2, IOT_TRACK_MAX_DISTINCT,
     "distinct ports probed on one host, mostly unanswered, for a vertical scan alert"},
    {"detect.flood.window", OPT_U32, OFF(detect.flood_window), 0, 1, 3600,
     "seconds over which flood packets are counted"},
    {"detect.flood.pps", OPT_U32, OFF(detect.flood_pps), 0, 1, 100000000,
     "packets a second of one kind (SYN, ACK, UDP, GRE, DNS query) that make a flood"},
    {"detect.flood.min-pps", OPT_U32, OFF(detect.flood_min_pps), 0, 1, 100000000,
     "the least rate the baseline test alerts at, however quiet the device usually is"},
    {"detect.flood.factor", OPT_U32, OFF(detect.flood_factor), 0, 2, 1000000,
     "times a device's own baseline rate of a kind of packet that make a flood"},
    {"detect.flood.http-rps", OPT_U32, OFF(detect.flood_http_rps), 0, 1, 100000000,
     "HTTP requests a second from one device that make an HTTP flood"},
    {"detect.flood.sources", OPT_U32, OFF(detect.flood_sources), 0, 2, IOT_TRACK_MAX_DISTINCT,
     "distinct sources of an inbound flood against a local device"},
    {"detect.bruteforce.window", OPT_U32, OFF(detect.brute_window), 0, 1, 86400,
     "seconds over which one client's logins are counted"},
    {"detect.bruteforce.attempts", OPT_U32, OFF(detect.brute_attempts), 0, 1, 1000000,
     "logins one client tries within the window before a brute-force alert"},
    {"detect.bruteforce.failures", OPT_U32, OFF(detect.brute_failures), 0, 1, 1000000,
     "of which refused by the server"},
    {"detect.c2.window", OPT_U32, OFF(detect.c2_window), 0, 1, 86400,
     "seconds after a compromise stage during which new destinations and names are C2"},
    {"detect.c2.learn", OPT_U32, OFF(detect.c2_learn), 0, 0, 31536000,
     "seconds from a device's first internet session during which its baseline is learnt"},
    {"detect.beacon.intervals", OPT_U32, OFF(detect.beacon_intervals), 0, 3, 16,
     "steady intervals between contacts that make a beacon"},
    {"detect.beacon.jitter", OPT_U32, OFF(detect.beacon_jitter), 0, 0, 100,
     "how far a beacon's intervals may spread, percent of their median"},
    {"detect.credentials", OPT_STR, OFF(detect_credentials), SZ(detect_credentials), 0, 0,
     "default-credential list, user:password lines (auto: data/mirai-credentials.txt; none)"},
    {"detect.scan.arp-hosts", OPT_U32, OFF(detect.scan_arp_hosts), 0, 2, IOT_TRACK_MAX_DISTINCT,
     "distinct addresses one MAC asks ARP for, mostly unanswered, for an ARP sweep alert"},
    {"detect.home-net", OPT_STR, OFF(detect_home_net), SZ(detect_home_net), 0, 0,
     "the local network, comma-separated CIDR prefixes (Suricata's HOME_NET): outbound floods, "
     "C2 and plain-HTTP findings are about hosts in it"},
    {"detect.suppress", OPT_STR, OFF(detect_suppress), SZ(detect_suppress), 0, 0,
     "alerts never raised: comma-separated SID, SID@IP, SID@MAC or *@IP (\"none\": nothing)"},
    {"output.dir", OPT_STR, OFF(output_dir), SZ(output_dir), 0, 0,
     "directory for eve.json and the other outputs"},
    {"anomaly.behaviour.enabled", OPT_U64, OFF(behaviour.enabled), 0, 0, 1,
     "1 learns each device's behaviour and reports packets unlike it (KitNET)"},
    {"anomaly.behaviour.memcap", OPT_SIZE, OFF(behaviour.memcap), 0, 64u << 10, 1ull << 36,
     "bytes for the per-packet statistics tables (fixed; least used entries evicted)"},
    {"anomaly.behaviour.map-packets", OPT_U64, OFF(behaviour.fm_grace), 0, 1, 1ull << 40,
     "packets from which the feature groups are learnt"},
    {"anomaly.behaviour.train-packets", OPT_U64, OFF(behaviour.ad_grace), 0, 1, 1ull << 40,
     "packets then used to train the autoencoders"},
    {"anomaly.behaviour.calibrate-packets", OPT_U64, OFF(behaviour.cal_grace), 0, 1, 1ull << 40,
     "packets then scored to set each device's threshold"},
    {"anomaly.behaviour.max-group", OPT_U64, OFF(behaviour.max_ae), 0, 1, 64,
     "features per autoencoder, at most"},
    {"anomaly.behaviour.fpr-ppm", OPT_U64, OFF(behaviour.fpr_ppm), 0, 1, 999999,
     "false positives per million packets the thresholds are set for"},
    {"anomaly.behaviour.max-devices", OPT_U64, OFF(behaviour.max_devices), 0, 1, 1u << 20,
     "devices with their own threshold and baseline; beyond, the network's"},
    {"anomaly.behaviour.window", OPT_U64, OFF(behaviour.window), 0, 0, 86400,
     "seconds between two behaviour events about one device (the rest are counted)"},
    {"anomaly.behaviour.incident-window", OPT_U64, OFF(behaviour.incident_window), 0, 1, 86400,
     "seconds within which alerts and behaviour events about one device are one incident"},
    {"anomaly.behaviour.model", OPT_STR, OFF(behaviour.model), SZ(behaviour.model), 0, 0,
     "learned state: loaded at start when the file exists, saved at the end (empty: none)"},
    {"anomaly.behaviour.scores", OPT_STR, OFF(behaviour.scores), SZ(behaviour.scores), 0, 0,
     "file for every scored packet's number, score, threshold and sender (evaluation)"},
    {"export.mqtt.url", OPT_STR, OFF(export.url), SZ(export.url), 0, 0,
     "publish EVE events to this broker, mqtts://HOST[:PORT] (empty: no export)"},
    {"export.mqtt.allow-plaintext", OPT_U64, OFF(export.allow_plain), 0, 0, 1,
     "1 allows mqtt:// (events in the clear; tests and closed networks only)"},
    {"export.mqtt.gateway", OPT_STR, OFF(export.gateway), SZ(export.gateway), 0, 0,
     "this gateway's name in topics and events (empty: the host name)"},
    {"export.mqtt.topic-prefix", OPT_STR, OFF(export.topic_prefix), SZ(export.topic_prefix), 0, 0,
     "topics are PREFIX/GATEWAY/EVENT_TYPE"},
    {"export.mqtt.event-types", OPT_STR, OFF(export.event_types), SZ(export.event_types), 0, 0,
     "event types exported, comma-separated, or all"},
    {"export.mqtt.ca-file", OPT_STR, OFF(export.ca_file), SZ(export.ca_file), 0, 0,
     "CA certificates the broker's certificate must chain to (empty: the system store)"},
    {"export.mqtt.cert-file", OPT_STR, OFF(export.cert_file), SZ(export.cert_file), 0, 0,
     "client certificate (PEM), with export.mqtt.key"},
    {"export.mqtt.key", OPT_STR, OFF(export.key), SZ(export.key), 0, 0,
     "client private key: vault:NAME (with --vault), or a PEM file only its owner can read"},
    {"export.mqtt.username", OPT_STR, OFF(export.username), SZ(export.username), 0, 0,
     "MQTT username (empty: none)"},
    {"export.mqtt.password", OPT_STR, OFF(export.password), SZ(export.password), 0, 0,
     "MQTT password: vault:NAME only, never the password itself"},
    {"export.mqtt.keepalive", OPT_U64, OFF(export.keepalive), 0, 5, 3600,
     "seconds between keepalive pings"},
    {"export.mqtt.reconnect-max", OPT_U64, OFF(export.reconnect_max), 0, 1, 3600,
     "longest wait between connection attempts, seconds (doubling from 1)"},
    {"export.mqtt.drain-timeout", OPT_U64, OFF(export.drain_timeout), 0, 0, 86400,
     "seconds the end of a run waits for the broker; what is left stays in the spool"},
    {"export.mqtt.window", OPT_U64, OFF(export.window), 0, 1, 1024,
     "messages awaiting the broker's acknowledgement at once"},
    {"export.spool.dir", OPT_STR, OFF(export.spool_dir), SZ(export.spool_dir), 0, 0,
     "where undelivered events wait (empty: OUTPUT_DIR/spool)"},
    {"export.spool.max-bytes", OPT_SIZE, OFF(export.spool_max), 0, 4096, 1ull << 40,
     "bytes of events the spool keeps; beyond, new events are dropped and counted"},
    {"export.queue.max-bytes", OPT_SIZE, OFF(export.queue_max), 0, 4096, 1ull << 32,
     "bytes of events between the packet path and the exporter thread"},
};

void iot_config_default(struct iot_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    iot_flow_config_default(&cfg->flow);
    cfg->defrag.memcap = 16u << 20;
    cfg->defrag.max_trackers = 4096;
    cfg->defrag.timeout_sec = 60;
    cfg->stats_interval = 60;
    /* The same give-up points as ndpiReader, so verdicts can be compared with it. */
    cfg->ndpi_max_pkts_tcp = 80;
    cfg->ndpi_max_pkts_udp = 24;
    cfg->snaplen = 65535;
    cfg->anomaly_max_per_type = 100;
    iot_strlcpy(cfg->output_dir, "iotsec-out", sizeof(cfg->output_dir));
    cfg->inventory_enabled = 1;
    cfg->inventory_memcap = 64u << 20;
    cfg->inventory_router_hosts = 2;
    iot_strlcpy(cfg->inventory_rules, "auto", sizeof(cfg->inventory_rules));
    iot_strlcpy(cfg->inventory_firmware, "auto", sizeof(cfg->inventory_firmware));
    iot_strlcpy(cfg->ieee_data_dir, "/usr/share/ieee-data", sizeof(cfg->ieee_data_dir));
    iot_strlcpy(cfg->p0f_db, "/etc/p0f/p0f.fp", sizeof(cfg->p0f_db));
    cfg->detect_enabled = 1;
    iot_detect_config_default(&cfg->detect);
    iot_strlcpy(cfg->detect_suppress, "none", sizeof(cfg->detect_suppress));
    iot_strlcpy(cfg->detect_home_net, IOT_DETECT_HOME_NET_DEFAULT, sizeof(cfg->detect_home_net));
    iot_strlcpy(cfg->detect_credentials, "auto", sizeof(cfg->detect_credentials));
    cfg->behaviour.memcap = 16u << 20;
    cfg->behaviour.fm_grace = 5000; /* Kitsune's defaults for the first two */
    cfg->behaviour.ad_grace = 50000;
    cfg->behaviour.cal_grace = 20000;
    cfg->behaviour.max_ae = 10;
    cfg->behaviour.fpr_ppm = 1000;
    cfg->behaviour.max_devices = 1024;
    cfg->behaviour.window = 10;
    cfg->behaviour.incident_window = 300;
    iot_strlcpy(cfg->export.topic_prefix, "iotsec", sizeof(cfg->export.topic_prefix));
    iot_strlcpy(cfg->export.event_types, "all", sizeof(cfg->export.event_types));
    cfg->export.keepalive = 60;
    cfg->export.reconnect_max = 30;
    cfg->export.drain_timeout = 10;
    cfg->export.window = 128;
    cfg->export.spool_max = 256ull << 20;
    cfg->export.queue_max = 16u << 20;
}

static const struct opt *opt_find(const char *key)
{
    for (size_t i = 0; i < IOT_ARRAY_LEN(opts); i++)
        if (strcmp(opts[i].key, key) == 0)
            return &opts[i];
    return NULL;
}

bool iot_config_has_key(const char *key)
{
    return opt_find(key) != NULL;
}

int iot_config_set(struct iot_config *cfg, const char *key, const char *value, char *err,
                   size_t errlen)
{
    const struct opt *o = opt_find(key);
    if (o == NULL) {
        if (err)
            snprintf(err, errlen, "unknown option '%s'", key);
        return IOT_ERR_USAGE;
    }
    char *base = (char *)cfg + o->off;
    uint64_t v = 0;
    int rc;
    if (o->type == OPT_STR) {
        /* inventory.p0f-db may be empty (SYN fingerprinting off), and the export options
         * (empty: not used). */
        bool empty_ok = o->off == OFF(p0f_db) ||
                        (o->off >= OFF(export) && o->off < OFF(export) + SZ(export)) ||
                        o->off == OFF(behaviour.model) || o->off == OFF(behaviour.scores);
        if ((value[0] == '\0' && !empty_ok) || iot_strlcpy(base, value, o->size) >= o->size) {
            if (err)
                snprintf(err, errlen, "%s: value empty or longer than %zu bytes", key,
                         o->size - 1);
            return IOT_ERR_INPUT;
        }
        if (o->off == OFF(export.password) && value[0] != '\0' &&
            strncmp(value, "vault:", 6) != 0) {
            if (err) /* a password in a config file is a password in the clear */
                snprintf(err, errlen, "%s: give vault:NAME, never the password itself", key);
            memset(base, 0, o->size); /* no copy of it stays behind */
            return IOT_ERR_INPUT;
        }
        if (o->off == OFF(detect_home_net)) {
            char msg[256];
            rc = iot_detect_parse_home_net(&cfg->detect, value, msg, sizeof(msg));
            if (rc != IOT_OK && err)
                snprintf(err, errlen, "%s", msg);
            return rc;
        }
        if (o->off == OFF(detect_suppress)) {
            char msg[256];
            rc = iot_detect_parse_suppress(&cfg->detect, strcmp(value, "none") == 0 ? "" : value,
                                           msg, sizeof(msg));
            if (rc != IOT_OK && err)
                snprintf(err, errlen, "%s", msg);
            return rc;
        }
        return IOT_OK;
    }
    rc = o->type == OPT_SIZE ? iot_parse_size(value, &v) : iot_parse_u64(value, 0, UINT64_MAX, &v);
    if (rc != IOT_OK || v < o->min || v > o->max) {
        if (err)
            snprintf(err, errlen, "%s: bad value '%s' (a number from %llu to %llu%s)", key, value,
                     (unsigned long long)o->min, (unsigned long long)o->max,
                     o->type == OPT_SIZE ? ", k/m/g suffixes allowed" : "");
        return IOT_ERR_INPUT;
    }
    if (o->type == OPT_U32) {
        uint32_t v32 = (uint32_t)v;
        memcpy(base, &v32, sizeof(v32));
    } else {
        memcpy(base, &v, sizeof(v));
    }
    return IOT_OK;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

int iot_config_load(struct iot_config *cfg, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, errlen, "%s: cannot open config file", path);
        return IOT_ERR_IO;
    }
    char line[1024];
    char msg[256];
    unsigned lineno = 0;
    int rc = IOT_OK;
    while (fgets(line, sizeof(line), f) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            snprintf(err, errlen, "%s:%u: line longer than %zu bytes", path, lineno,
                     sizeof(line) - 2);
            rc = IOT_ERR_INPUT;
            break;
        }
        char *hash = strchr(line, '#');
        if (hash != NULL)
            *hash = '\0';
        char *s = trim(line);
        if (*s == '\0')
            continue;
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            snprintf(err, errlen, "%s:%u: expected 'key = value'", path, lineno);
            rc = IOT_ERR_INPUT;
            break;
        }
        *eq = '\0';
        rc = iot_config_set(cfg, trim(s), trim(eq + 1), msg, sizeof(msg));
        if (rc != IOT_OK) {
            snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
            rc = IOT_ERR_INPUT;
            break;
        }
    }
    fclose(f);
    return rc;
}

static void dump_value(const struct opt *o, const struct iot_config *cfg, FILE *out)
{
    const char *base = (const char *)cfg + o->off;
    if (o->type == OPT_STR) {
        fputs(base, out);
        return;
    }
    uint64_t v;
    if (o->type == OPT_U32) {
        uint32_t v32;
        memcpy(&v32, base, sizeof(v32));
        v = v32;
    } else {
        memcpy(&v, base, sizeof(v));
    }
    if (o->type == OPT_SIZE && v != 0 && v % (1u << 20) == 0)
        fprintf(out, "%llum", (unsigned long long)(v >> 20));
    else if (o->type == OPT_SIZE && v != 0 && v % 1024 == 0)
        fprintf(out, "%lluk", (unsigned long long)(v >> 10));
    else
        fprintf(out, "%llu", (unsigned long long)v);
}

void iot_config_dump(const struct iot_config *cfg, FILE *out)
{
    fprintf(out, "# iotsec %s configuration: 'key = value', '#' comments.\n", iot_version());
    fprintf(out, "# Every key can also be given on the command line as --key=value.\n");
    for (size_t i = 0; i < IOT_ARRAY_LEN(opts); i++) {
        fprintf(out, "\n# %s\n%s = ", opts[i].help, opts[i].key);
        dump_value(&opts[i], cfg, out);
        fputc('\n', out);
    }
}
