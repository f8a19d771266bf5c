/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec evidence export ALERT-ID: the packet behind an alert, out of the store (where it is
 * kept encrypted) into a pcap, itself encrypted unless --plain: a vault file holding
 * "evidence/alert-ID.pcap", opened with `iotsec vault get`. */
#include "iotsec-common.h"
#include "cli/cli.h"

#include <pcap/pcap.h>
#include <sodium.h>
#include <time.h>

#include "cli/cli-passphrase.h"
#include "cli/cli-vault.h"
#include "store/store-evidence.h"
#include "store/store.h"
#include "util/util-file.h"
#include "util/util-mem.h"
#include "util/util-misc.h"

struct evidence_opts {
    const char *db, *vault, *key_file, *out, *new_key_file;
    int64_t id;
    int pass_fd, new_pass_fd;
    bool plain;
    enum iot_kdf_preset kdf;
};

static const char *const evidence_usage =
    "usage: iotsec evidence export ALERT-ID --out FILE [--plain] [--db FILE]\n"
    "                              [--vault FILE] [--vault-key-file K] [--passphrase-fd N]\n"
    "                              [--new-key-file K | --new-passphrase-fd N] [--kdf P]\n"
    "ALERT-ID is the #N of 'iotsec alerts'. Without --plain, FILE is a vault holding\n"
    "evidence/alert-ID.pcap, sealed with a new passphrase (IOTSEC_NEW_PASSPHRASE, or a prompt)\n"
    "or --new-key-file: 'iotsec vault get evidence/alert-ID.pcap --vault FILE > x.pcap'.\n";

static int evidence_usage_error(const char *msg)
{
    return iot_cli_usage_error("evidence", evidence_usage, msg);
}

static int parse_evidence_opts(int argc, char **argv, struct evidence_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->db = "iotsec-out/iotsec.db";
    o->vault = "iotsec.vault";
    o->pass_fd = o->new_pass_fd = -1;
    o->id = -1;
    o->kdf = IOT_KDF_MODERATE;
    if (argc < 3 || strcmp(argv[1], "export") != 0)
        return evidence_usage_error(argc >= 2 && strcmp(argv[1], "--help") != 0 ? "unknown verb"
                                                                               : NULL);
    uint64_t id;
    if (iot_parse_u64(argv[2][0] == '#' ? argv[2] + 1 : argv[2], 1, INT64_MAX, &id) != IOT_OK)
        return evidence_usage_error("ALERT-ID is a number");
    o->id = (int64_t)id;
    for (int i = 3; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--plain") == 0) {
            o->plain = true;
            continue;
        }
        if (v == NULL)
            return evidence_usage_error("an option lacks its value");
        if (strcmp(a, "--db") == 0)
            o->db = v;
        else if (strcmp(a, "--vault") == 0)
            o->vault = v;
        else if (strcmp(a, "--vault-key-file") == 0)
            o->key_file = v;
        else if (strcmp(a, "--out") == 0)
            o->out = v;
        else if (strcmp(a, "--new-key-file") == 0)
            o->new_key_file = v;
        else if (strcmp(a, "--kdf") == 0 && iot_kdf_preset_parse(v, &o->kdf) == IOT_OK)
            ;
        else if ((strcmp(a, "--passphrase-fd") == 0 || strcmp(a, "--new-passphrase-fd") == 0) &&
                 iot_passphrase_fd_parse(v, a[2] == 'n' ? &o->new_pass_fd : &o->pass_fd) ==
                     IOT_OK)
            ;
        else
            return evidence_usage_error("unknown option or bad value");
        i++;
    }
    return o->out == NULL ? evidence_usage_error("--out FILE is needed") : 0;
}

/* Opens the alert's sealed packet with the vault's evidence key. */
static int load_packet(const struct evidence_opts *o, int *linktype, uint32_t *wirelen,
                       uint8_t *data, size_t *caplen, struct iot_store_evidence *ev)
{
    char err[512];
    struct iot_store *s = iot_store_open(o->db, true, err, sizeof(err));
    int rc = s != NULL ? iot_store_get_evidence(s, o->id, ev, err, sizeof(err)) : IOT_ERR_IO;
    iot_store_close(s);
    if (rc != IOT_OK) {
        fprintf(stderr, "iotsec evidence: %s\n", err);
        return IOT_EXIT_INPUT;
    }
    struct iot_vault *v = iot_cli_vault_open("evidence", o->vault, o->key_file, o->pass_fd);
    uint8_t key[IOT_EVIDENCE_KEY_BYTES];
    rc = v != NULL ? iot_cli_vault_key("evidence", v, "store/evidence-key", false, key)
                   : IOT_ERR_INPUT;
    iot_vault_close(v);
    if (rc != IOT_OK)
        return IOT_EXIT_INPUT;
    struct iot_evidence_id id = {ev->ts, ev->src_ip, ev->dest_ip, ev->sid, ev->pcap_cnt};
    rc = iot_evidence_open_packet(key, &id, ev->blob, ev->blob_len, linktype, wirelen, data,
                                  caplen);
    sodium_memzero(key, sizeof(key));
    if (rc != IOT_OK) {
        fprintf(stderr, "iotsec evidence: alert #%lld: the evidence does not open with this "
                        "vault's key, or was altered\n", (long long)o->id);
        return IOT_EXIT_INPUT;
    }
    return IOT_EXIT_OK;
}

/* A one-packet pcap in memory (the caller frees *buf). */
static int make_pcap(const struct iot_store_evidence *ev, int linktype, uint32_t wirelen,
                     const uint8_t *data, size_t caplen, char **buf, size_t *len)
{
    pcap_t *p = pcap_open_dead(linktype, IOT_EVIDENCE_PACKET_MAX);
    FILE *mem = open_memstream(buf, len);
    pcap_dumper_t *d = p != NULL && mem != NULL ? pcap_dump_fopen(p, mem) : NULL;
    if (d == NULL) {
        if (mem != NULL)
            fclose(mem);
        if (p != NULL)
            pcap_close(p);
        return IOT_ERR_NOMEM;
    }
    /* The alert's timestamp is the packet's: "YYYY-MM-DDTHH:MM:SS.uuuuuu+0000". */
    struct pcap_pkthdr h = {.caplen = (bpf_u_int32)caplen, .len = wirelen};
    struct tm tm = {0};
    unsigned usec = 0;
    if (sscanf(ev->ts, "%d-%d-%dT%d:%d:%d.%u", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &usec) != 7 || usec > 999999) {
        pcap_dump_close(d);
        pcap_close(p);
        free(*buf);
        *buf = NULL;
        return IOT_ERR_INPUT; /* a packet without its time is poor evidence: say so */
    }
    tm.tm_year -= 1900, tm.tm_mon -= 1;
    h.ts.tv_sec = timegm(&tm);
    h.ts.tv_usec = (suseconds_t)usec;
    pcap_dump((u_char *)d, &h, data);
    pcap_dump_close(d); /* closes mem: *buf is complete */
    pcap_close(p);
    return IOT_OK;
}

static int write_sealed(const struct evidence_opts *o, const char *pcap, size_t len)
{
    struct iot_cli_secret s;
    char err[512], name[64];
    if (iot_cli_secret_get(&s, o->new_key_file, o->new_pass_fd, "IOTSEC_NEW_PASSPHRASE", o->out,
                           true, o->kdf) != IOT_EXIT_OK)
        return IOT_EXIT_INPUT;
    snprintf(name, sizeof(name), "evidence/alert-%lld.pcap", (long long)o->id);
    struct iot_vault *v = NULL;
    int rc = iot_vault_create(o->out, &s.k, err, sizeof(err));
    if (rc == IOT_OK)
        rc = iot_vault_open(&v, o->out, &s.k, err, sizeof(err));
    if (rc == IOT_OK)
        rc = iot_vault_put(v, name, (const uint8_t *)pcap, len, err, sizeof(err));
    if (rc == IOT_OK)
        rc = iot_vault_save(v, err, sizeof(err));
    iot_vault_close(v);
    iot_cli_secret_free(&s);
    if (rc != IOT_OK) {
        fprintf(stderr, "iotsec evidence: %s\n", err);
        return IOT_EXIT_INPUT;
    }
    printf("alert #%lld: packet sealed in %s; read it with: iotsec vault get %s --vault %s\n",
           (long long)o->id, o->out, name, o->out);
    return IOT_EXIT_OK;
}

static int cmd_evidence(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(evidence_usage, stdout);
        return IOT_EXIT_OK;
    }
    if (sodium_init() < 0)
        return IOT_EXIT_INPUT;
    struct evidence_opts o;
    int rc = parse_evidence_opts(argc, argv, &o);
    if (rc != 0)
        return rc;
    struct iot_store_evidence ev;
    uint8_t *data = sodium_malloc(IOT_EVIDENCE_PACKET_MAX);
    int linktype = 0;
    uint32_t wirelen = 0;
    size_t caplen = 0;
    char *pcap = NULL;
    size_t plen = 0;
    memset(&ev, 0, sizeof(ev));
    rc = data == NULL ? IOT_EXIT_INPUT : load_packet(&o, &linktype, &wirelen, data, &caplen, &ev);
    if (rc == IOT_EXIT_OK && make_pcap(&ev, linktype, wirelen, data, caplen, &pcap, &plen) != IOT_OK)
        rc = IOT_EXIT_INPUT;
    if (rc == IOT_EXIT_OK && o.plain) {
        char err[512];
        /* Never over an existing file: --out naming the vault must not destroy it. */
        if (iot_file_create(o.out, pcap, plen, 0600, err, sizeof(err)) != IOT_OK) {
            fprintf(stderr, "iotsec evidence: %s\n", err);
            rc = IOT_EXIT_INPUT;
        } else {
            printf("alert #%lld: packet written to %s (not encrypted)\n", (long long)o.id, o.out);
        }
    } else if (rc == IOT_EXIT_OK) {
        rc = write_sealed(&o, pcap, plen);
    }
    if (pcap != NULL)
        sodium_memzero(pcap, plen);
    free(pcap); /* open_memstream's buffer comes from malloc */
    sodium_free(data);
    iot_free(ev.blob);
    return rc;
}

const struct iot_cmd_entry iot_cmd_evidence = {
    "evidence", "export the packet behind an alert (encrypted unless --plain)", cmd_evidence};
