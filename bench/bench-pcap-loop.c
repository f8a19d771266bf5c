/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Baseline for the benchmark: the cheapest possible libpcap loop, counting packets and bytes.
 * Every other figure in bench/ is a ratio against this one. */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>

struct counts {
    uint64_t pkts, bytes;
};

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
    struct counts *c = (struct counts *)user;
    (void)bytes;
    c->pkts++;
    c->bytes += h->caplen;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench-pcap-loop FILE\n");
        return 2;
    }
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *pc = pcap_open_offline(argv[1], err);
    if (pc == NULL) {
        fprintf(stderr, "bench-pcap-loop: %s: %s\n", argv[1], err);
        return 1;
    }
    struct counts c = {0, 0};
    if (pcap_loop(pc, -1, on_packet, (u_char *)&c) == PCAP_ERROR) {
        fprintf(stderr, "bench-pcap-loop: %s\n", pcap_geterr(pc));
        pcap_close(pc);
        return 1;
    }
    pcap_close(pc);
    printf("packets %llu bytes %llu\n", (unsigned long long)c.pkts, (unsigned long long)c.bytes);
    return 0;
}
