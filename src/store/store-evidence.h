/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evidence at rest: the packet behind an alert, kept in the store only encrypted
 * (XChaCha20-Poly1305 under the evidence key from the vault), bound to its alert row so a
 * blob cannot be moved to another alert. Layout of a blob: version (1 byte, 1), nonce (24),
 * ciphertext with its 16-byte tag. Associated data: "iotsec evidence v1", then the alert's
 * identity as text: "ts|sid|src_ip|dest_ip|pcap_cnt". */
#ifndef IOTSEC_STORE_STORE_EVIDENCE_H
#define IOTSEC_STORE_STORE_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#define IOT_EVIDENCE_KEY_BYTES 32
#define IOT_EVIDENCE_PACKET_MAX 2048 /* packet bytes kept per alert (the rest cut, as a snaplen) */
/* Plaintext: link type (u32 LE), wire length (u32 LE), then the packet's first bytes. */
#define IOT_EVIDENCE_PLAIN_MAX (8 + IOT_EVIDENCE_PACKET_MAX)
#define IOT_EVIDENCE_OVERHEAD 41

/* The identity an evidence blob is bound to (as the alerts row holds it). */
struct iot_evidence_id {
    const char *ts, *src_ip, *dest_ip;
    uint32_t sid;
    uint64_t pcap_cnt;
};

/* Bytes a sealed packet of caplen captured bytes takes. */
size_t iot_evidence_sealed_size(size_t caplen);

/* Seals a packet's first IOT_EVIDENCE_PACKET_MAX bytes, its link type and wire length into out
 * (iot_evidence_sealed_size(caplen) bytes). The plaintext is assembled on the stack and wiped. */
void iot_evidence_seal_packet(const uint8_t key[IOT_EVIDENCE_KEY_BYTES],
                              const struct iot_evidence_id *id, int linktype, uint32_t wirelen,
                              const uint8_t *data, size_t caplen, uint8_t *out);

/* Opens a blob into data (IOT_EVIDENCE_PACKET_MAX bytes) with its length, link type and wire
 * length. IOT_OK; IOT_ERR_CRYPTO (wrong key, altered blob, or the blob of another alert);
 * IOT_ERR_INPUT (not a blob of this format). */
int iot_evidence_open_packet(const uint8_t key[IOT_EVIDENCE_KEY_BYTES],
                             const struct iot_evidence_id *id, const uint8_t *blob, size_t blen,
                             int *linktype, uint32_t *wirelen, uint8_t *data, size_t *caplen);

#endif
