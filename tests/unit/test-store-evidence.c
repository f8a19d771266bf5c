/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evidence at rest: a sealed packet opens with its key and its own alert's identity only; a
 * changed byte, a cut blob, another key or another alert's row are refused; the packet is cut
 * at IOT_EVIDENCE_PACKET_MAX like a snaplen, keeping its wire length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <sodium.h>

#include "store/store-evidence.h"
#include "testutil.h"

static const uint8_t KEY[32] = {1, 2, 3, 4};

static struct iot_evidence_id ident(uint64_t pcap_cnt)
{
    struct iot_evidence_id id = {"2023-11-14T22:13:50.596667+0000", "192.168.1.16",
                                 "142.250.72.110", 1000067, pcap_cnt};
    return id;
}

static void test_roundtrip_and_refusals(void **state)
{
    (void)state;
    uint8_t pkt[300], out[IOT_EVIDENCE_PACKET_MAX];
    for (size_t i = 0; i < sizeof(pkt); i++)
        pkt[i] = (uint8_t)(i * 7);
    struct iot_evidence_id id = ident(42);
    size_t blen = iot_evidence_sealed_size(sizeof(pkt));
    assert_int_equal(blen, 8 + sizeof(pkt) + IOT_EVIDENCE_OVERHEAD);
    uint8_t *blob = malloc(blen);
    iot_evidence_seal_packet(KEY, &id, 1, 1514, pkt, sizeof(pkt), blob);
    int lt = 0;
    uint32_t wire = 0;
    size_t caplen = 0;
    assert_int_equal(iot_evidence_open_packet(KEY, &id, blob, blen, &lt, &wire, out, &caplen),
                     IOT_OK);
    assert_int_equal(lt, 1);
    assert_int_equal(wire, 1514);
    assert_int_equal(caplen, sizeof(pkt));
    assert_memory_equal(out, pkt, sizeof(pkt));
    /* No part of the packet is in the blob in clear. */
    for (size_t i = 0; i + 8 <= blen; i++)
        for (size_t j = 0; j + 8 <= sizeof(pkt); j += 8)
            assert_false(memcmp(blob + i, pkt + j, 8) == 0);
    /* Every changed byte, every cut, another key, another alert: refused. */
    for (size_t i = 0; i < blen; i++) {
        uint8_t *c = tu_exact_copy(blob, blen);
        c[i] ^= 0x20;
        assert_int_not_equal(iot_evidence_open_packet(KEY, &id, c, blen, &lt, &wire, out, &caplen),
                             IOT_OK);
        assert_int_equal(caplen, 0);
        free(c);
    }
    for (size_t n = 0; n < blen; n++) {
        uint8_t *c = tu_exact_copy(blob, n);
        assert_int_not_equal(iot_evidence_open_packet(KEY, &id, c, n, &lt, &wire, out, &caplen),
                             IOT_OK);
        free(c);
    }
    uint8_t other[32] = {1, 2, 3, 5};
    assert_int_equal(iot_evidence_open_packet(other, &id, blob, blen, &lt, &wire, out, &caplen),
                     IOT_ERR_CRYPTO);
    struct iot_evidence_id moved = ident(43);
    assert_int_equal(iot_evidence_open_packet(KEY, &moved, blob, blen, &lt, &wire, out, &caplen),
                     IOT_ERR_CRYPTO);
    free(blob);
}

static void test_cut_at_the_maximum(void **state)
{
    (void)state;
    uint8_t *pkt = calloc(1, 9000), out[IOT_EVIDENCE_PACKET_MAX];
    memset(pkt, 0x5a, 9000);
    struct iot_evidence_id id = ident(7);
    size_t blen = iot_evidence_sealed_size(9000);
    assert_int_equal(blen, 8 + IOT_EVIDENCE_PACKET_MAX + IOT_EVIDENCE_OVERHEAD);
    uint8_t *blob = malloc(blen);
    iot_evidence_seal_packet(KEY, &id, 1, 9000, pkt, 9000, blob);
    int lt;
    uint32_t wire;
    size_t caplen;
    assert_int_equal(iot_evidence_open_packet(KEY, &id, blob, blen, &lt, &wire, out, &caplen),
                     IOT_OK);
    assert_int_equal(caplen, IOT_EVIDENCE_PACKET_MAX);
    assert_int_equal(wire, 9000);
    free(blob);
    free(pkt);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_and_refusals),
        cmocka_unit_test(test_cut_at_the_maximum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
