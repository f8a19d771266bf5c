/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BACnet/IP parser: real captures with exact field values (I-Am, Who-Is, routed and network
 * messages, amplification replies), their negative twins (short, length off by one, zero
 * length, garbage) and synthetic edge cases (NPDU address bounds, I-Am tag forms). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec/iotsec.h"
#include "app/app-bacnet.h"
#include "testutil.h"
#include "mutation-testlib.h"

/* ndpi-tests/pcap/bacnet.pcap packet 11: I-Am broadcast through DNET 0xffff, device 0,
 * vendor 260. */
static const uint8_t iam_260[] = {
    0x81, 0x0b, 0x00, 0x19, 0x01, 0x20, 0xff, 0xff, 0x00, 0xff, 0x10, 0x00, 0xc4,
    0x02, 0x00, 0x00, 0x00, 0x22, 0x05, 0xc4, 0x91, 0x03, 0x22, 0x01, 0x04,
};

/* ndpi-tests/pcap/bacnet.pcap packet 17: I-Am with the wildcard instance 4194303, plain NPDU. */
static const uint8_t iam_wild[] = {
    0x81, 0x0b, 0x00, 0x15, 0x01, 0x00, 0x10, 0x00, 0xc4, 0x02, 0x3f,
    0xff, 0xff, 0x22, 0x05, 0xc4, 0x91, 0x03, 0x22, 0x01, 0x04,
};

/* ndpi-tests/pcap/bacnet.pcap packet 10: Who-Is, global broadcast. */
static const uint8_t whois[] = {
    0x81, 0x0b, 0x00, 0x0c, 0x01, 0x20, 0xff, 0xff, 0x00, 0xff, 0x10, 0x08,
};

/* ndpi-tests/pcap/bacnet.pcap packet 19: Who-Is for instances 111-111. */
static const uint8_t whois_range[] = {
    0x81, 0x0b, 0x00, 0x10, 0x01, 0x20, 0xff, 0xff, 0x00, 0xff, 0x10, 0x08, 0x09, 0x6f, 0x19, 0x6f,
};

/* ndpi-tests/pcap/bacnet.pcap packet 22: a network layer message (type 1, I-Am-Router-To-Network).
 */
static const uint8_t net_msg[] = {
    0x81, 0x0b, 0x00, 0x0d, 0x01, 0xa0, 0xff, 0xff, 0x00, 0xff, 0x01, 0x00, 0x00,
};

/* ndpi-tests/pcap/bacnet.pcap packet 1: confirmed ReadProperty (12) request, expecting a reply. */
static const uint8_t rp_req[] = {
    0x81, 0x0a, 0x00, 0x11, 0x01, 0x04, 0x00, 0x05, 0xa9,
    0x0c, 0x0c, 0x02, 0x3f, 0xff, 0xff, 0x19, 0x4b,
};

/* arkime-tests/bacnet-stack-services.pcap packet 13: I-Am from behind a router (SNET 13,
 * SADR 0x3d), device 61, vendor 42. */
static const uint8_t iam_routed[] = {
    0x81, 0x0b, 0x00, 0x1c, 0x01, 0x28, 0xff, 0xff, 0x00, 0x00, 0x0d, 0x01, 0x3d, 0xfe,
    0x10, 0x00, 0xc4, 0x02, 0x00, 0x00, 0x3d, 0x22, 0x01, 0xe0, 0x91, 0x00, 0x21, 0x2a,
};

/* arkime-tests/bacnet-stack-services.pcap packet 74: I-Am, device 123, vendor 0 (ASHRAE). */
static const uint8_t iam_ashrae[] = {
    0x81, 0x0a, 0x00, 0x18, 0x01, 0x20, 0xff, 0xff, 0x00, 0xff, 0x10, 0x00,
    0xc4, 0x02, 0x00, 0x00, 0x7b, 0x22, 0x01, 0xe0, 0x91, 0x03, 0x21, 0x00,
};

/* arkime-tests/bacnet-stack-services.pcap packet 1: an I-Have APDU sent without an NPDU. */
static const uint8_t bare_apdu[] = {
    0x81, 0x0a, 0x00, 0x0b, 0x10, 0x07, 0x2c, 0x02, 0x00, 0x00, 0x3d,
};

/* arkime-tests/bacnet-stack-services.pcap packet 4: I-Have from SNET 13. */
static const uint8_t ihave[] = {
    0x81, 0x0a, 0x00, 0x20, 0x01, 0x08, 0x00, 0x0d, 0x01, 0x3d, 0x10, 0x01, 0xc4, 0x02, 0x00, 0x00,
    0x3d, 0xc4, 0x02, 0x00, 0x00, 0x3d, 0x75, 0x08, 0x00, 0x53, 0x59, 0x4e, 0x45, 0x52, 0x47, 0x59,
};

/* ics-scada/icspcap_BACnetL_SchedRPM.pcapng packet 2: ReadPropertyMultiple (14) complex ACK. */
static const uint8_t rpm_ack[] = {
    0x81, 0x0a, 0x00, 0x83, 0x01, 0x00, 0x30, 0x08, 0x0e, 0x0c, 0x04, 0x40, 0x00, 0x58, 0x1e,
    0x29, 0x4b, 0x4e, 0xc4, 0x04, 0x40, 0x00, 0x58, 0x4f, 0x29, 0x4d, 0x4e, 0x74, 0x00, 0x31,
    0x32, 0x33, 0x4f, 0x29, 0x4f, 0x4e, 0x91, 0x11, 0x4f, 0x29, 0x55, 0x4e, 0x00, 0x4f, 0x29,
    0x1c, 0x4e, 0x74, 0x00, 0x31, 0x32, 0x33, 0x4f, 0x29, 0x20, 0x4e, 0xa4, 0x72, 0x01, 0x01,
    0xff, 0xa4, 0x73, 0x01, 0x01, 0xff, 0x4f, 0x29, 0x7b, 0x4e, 0x0e, 0x0f, 0x0e, 0x0f, 0x0e,
    0x0f, 0x0e, 0x0f, 0x0e, 0x0f, 0x0e, 0x0f, 0x0e, 0x0f, 0x4f, 0x29, 0x26, 0x4e, 0x4f, 0x29,
    0xae, 0x4e, 0x00, 0x4f, 0x29, 0x36, 0x4e, 0x4f, 0x29, 0x58, 0x4e, 0x21, 0x0a, 0x4f, 0x29,
    0x6f, 0x4e, 0x82, 0x04, 0x00, 0x4f, 0x29, 0x67, 0x4e, 0x91, 0x00, 0x4f, 0x29, 0x51, 0x4e,
    0x10, 0x4f, 0x29, 0xa8, 0x5e, 0x91, 0x02, 0x91, 0x20, 0x5f, 0x1f,
};

/* attacks/stopddos_amp.UDP.bacnet.IOT.37810.pcapng packet 3: a ReadPropertyMultiple complex
 * ACK reflected in an amplification attack. */
static const uint8_t amp_ack[] = {
    0x81, 0x0a, 0x00, 0x60, 0x01, 0x00, 0x30, 0x01, 0x0e, 0x0c, 0x02, 0x00, 0x00, 0x00, 0x1e, 0x29,
    0x0c, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x29, 0x1c, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x29,
    0x2c, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x29, 0x38, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x29,
    0x39, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x29, 0x3a, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x29,
    0x46, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x29, 0x4d, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x29,
    0x78, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x29, 0x79, 0x5e, 0x91, 0x01, 0x91, 0x1f, 0x5f, 0x1f,
};

/* attacks/stopddos_amp.UDP.bacnet.IOT.37810.pcapng packet 552: a Reject PDU. */
static const uint8_t amp_reject[] = {
    0x81, 0x0a, 0x00, 0x09, 0x01, 0x00, 0x60, 0x01, 0x00,
};

/* Hand-built: packet 17 above relayed as a Forwarded-NPDU from 192.168.1.10:47808 (no capture
 * here has one). */
static const uint8_t iam_fwd[] = {
    0x81, 0x04, 0x00, 0x1b, 0xc0, 0xa8, 0x01, 0x0a, 0xba, 0xc0, 0x01, 0x00, 0x10, 0x00,
    0xc4, 0x02, 0x3f, 0xff, 0xff, 0x22, 0x05, 0xc4, 0x91, 0x03, 0x22, 0x01, 0x04,
};

/* Runs the parser on an exactly sized heap copy, so a read past the end trips ASan. */
static int run(const uint8_t *b, size_t n, struct iot_bacnet_info *info)
{
    uint8_t *copy = tu_exact_copy(b, n);
    assert_non_null(copy);
    int rc = iot_bacnet_parse(copy, n, info);
    free(copy);
    /* The error field agrees with the return code whatever happened. */
    if (rc == IOT_OK)
        assert_int_equal(info->error, IOT_BACNET_ERR_NONE);
    else
        assert_int_not_equal(info->error, IOT_BACNET_ERR_NONE);
    return rc;
}

/* Copies v into buf and sets the BVLC length to n, so a mutated datagram stays framed. */
static size_t reframe(uint8_t *buf, size_t cap, const uint8_t *v, size_t vlen, size_t n)
{
    assert_true(n <= cap && n >= 4);
    memset(buf, 0, cap);
    memcpy(buf, v, vlen < n ? vlen : n);
    buf[2] = (uint8_t)(n >> 8);
    buf[3] = (uint8_t)n;
    return n;
}

static void test_iam(void **state)
{
    (void)state;
    struct iot_bacnet_info i;

    assert_int_equal(run(iam_260, sizeof(iam_260), &i), IOT_OK);
    assert_int_equal(i.bvlc_function, IOT_BACNET_BVLC_BROADCAST_NPDU);
    assert_int_equal(i.bvlc_length, 25);
    assert_true(i.has_npdu);
    assert_int_equal(i.npdu_control, 0x20);
    assert_true(i.has_dnet);
    assert_int_equal(i.dnet, 0xffff);
    assert_int_equal(i.dlen, 0);
    assert_int_equal(i.hop_count, 255);
    assert_false(i.has_snet);
    assert_int_equal(i.pdu_type, IOT_BACNET_PDU_UNCONFIRMED);
    assert_true(i.has_service);
    assert_int_equal(i.service, IOT_BACNET_SVC_I_AM);
    assert_true(i.is_iam);
    assert_int_equal(i.object_type, IOT_BACNET_OBJ_DEVICE);
    assert_int_equal(i.device_instance, 0);
    assert_int_equal(i.max_apdu, 1476);
    assert_int_equal(i.segmentation, 3);
    assert_int_equal(i.vendor_id, 260);
    assert_non_null(i.vendor_name);
    assert_string_equal(i.vendor_name, "BACnet Stack at SourceForge");

    assert_int_equal(run(iam_wild, sizeof(iam_wild), &i), IOT_OK);
    assert_int_equal(i.npdu_control, 0);
    assert_false(i.has_dnet);
    assert_int_equal(i.device_instance, IOT_BACNET_INSTANCE_WILDCARD);
    assert_int_equal(i.vendor_id, 260);

    assert_int_equal(run(iam_routed, sizeof(iam_routed), &i), IOT_OK);
    assert_true(i.has_snet);
    assert_int_equal(i.snet, 13);
    assert_int_equal(i.slen, 1);
    assert_int_equal(i.sadr[0], 0x3d);
    assert_false(i.sadr_truncated);
    assert_int_equal(i.hop_count, 0xfe);
    assert_int_equal(i.device_instance, 61);
    assert_int_equal(i.max_apdu, 480);
    assert_int_equal(i.segmentation, 0);
    assert_int_equal(i.vendor_id, 42);
    assert_null(i.vendor_name); /* not in the small table */

    assert_int_equal(run(iam_ashrae, sizeof(iam_ashrae), &i), IOT_OK);
    assert_int_equal(i.device_instance, 123);
    assert_int_equal(i.vendor_id, 0);
    assert_string_equal(i.vendor_name, "ASHRAE");

    assert_int_equal(run(iam_fwd, sizeof(iam_fwd), &i), IOT_OK);
    assert_int_equal(i.bvlc_function, IOT_BACNET_BVLC_FORWARDED_NPDU);
    assert_true(i.has_forwarded_addr);
    static const uint8_t fa[6] = {192, 168, 1, 10, 0xba, 0xc0};
    assert_memory_equal(i.forwarded_addr, fa, 6);
    assert_true(i.is_iam);
    assert_int_equal(i.device_instance, IOT_BACNET_INSTANCE_WILDCARD);
}

static void test_other_services(void **state)
{
    (void)state;
    struct iot_bacnet_info i;

    assert_int_equal(run(whois, sizeof(whois), &i), IOT_OK);
    assert_int_equal(i.pdu_type, IOT_BACNET_PDU_UNCONFIRMED);
    assert_int_equal(i.service, IOT_BACNET_SVC_WHO_IS);
    assert_false(i.is_iam);
    assert_null(i.vendor_name);
    assert_int_equal(run(whois_range, sizeof(whois_range), &i), IOT_OK);
    assert_int_equal(i.service, IOT_BACNET_SVC_WHO_IS);
    assert_int_equal(run(ihave, sizeof(ihave), &i), IOT_OK);
    assert_int_equal(i.service, IOT_BACNET_SVC_I_HAVE);
    assert_int_equal(i.snet, 13);
    assert_false(i.has_dnet);

    assert_int_equal(run(rp_req, sizeof(rp_req), &i), IOT_OK);
    assert_int_equal(i.bvlc_function, IOT_BACNET_BVLC_UNICAST_NPDU);
    assert_int_equal(i.npdu_control, 0x04);
    assert_int_equal(i.pdu_type, IOT_BACNET_PDU_CONFIRMED);
    assert_int_equal(i.service, 12);

    assert_int_equal(run(rpm_ack, sizeof(rpm_ack), &i), IOT_OK);
    assert_int_equal(i.pdu_type, IOT_BACNET_PDU_COMPLEX_ACK);
    assert_int_equal(i.service, 14);
    assert_int_equal(run(amp_ack, sizeof(amp_ack), &i), IOT_OK);
    assert_int_equal(i.pdu_type, IOT_BACNET_PDU_COMPLEX_ACK);
    assert_int_equal(i.service, 14);
    assert_int_equal(run(amp_reject, sizeof(amp_reject), &i), IOT_OK);
    assert_int_equal(i.pdu_type, IOT_BACNET_PDU_REJECT);
    assert_false(i.has_service);

    assert_int_equal(run(net_msg, sizeof(net_msg), &i), IOT_OK);
    assert_true(i.is_network_msg);
    assert_int_equal(i.network_msg_type, 1);
    assert_int_equal(i.hop_count, 255);
    assert_false(i.has_apdu);
    assert_int_equal(i.dnet, 0xffff);
}

static void test_bare_apdu(void **state)
{
    (void)state;
    struct iot_bacnet_info i;

    /* The bacnet-stack test sent 0x10 0x07 straight after the BVLC: version 16. */
    assert_int_equal(run(bare_apdu, sizeof(bare_apdu), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_BACNET_ERR_BAD_VERSION);
}

/* Adapters for mutation-testlib.h: run() reporting its error, and the error's name. */
static int twin_parse(const uint8_t *b, size_t n, int *err)
{
    struct iot_bacnet_info i;
    int rc = run(b, n, &i);
    *err = (int)i.error;
    return rc;
}

/* twin_parse with the BVLC length set to n first. */
static int twin_parse_reframed(const uint8_t *b, size_t n, int *err)
{
    uint8_t buf[MUT_BUF_SIZE];
    return twin_parse(buf, reframe(buf, sizeof(buf), b, n, n), err);
}

static const char *twin_error_name(int err)
{
    return iot_bacnet_error_name((enum iot_bacnet_error)err);
}

/* Negative twins: rows that differ in length (the BVLC length kept equal, or not) and one
 * byte. */
struct bacnet_twin {
    bool reframe; /* set the BVLC length to len (after the patch, which must not touch it) */
    struct mut_case c;
};

#define TWIN(nm, arr, n, rf, o, v, r, e)                                                           \
    {                                                                                              \
        rf, MUT(nm, arr, n, o, v, -1, 0, r, e)                                                     \
    }

static void test_twins(void **state)
{
    (void)state;
    const size_t n11 = sizeof(iam_260), n13 = sizeof(iam_routed);
    const struct bacnet_twin cases[] = {
        TWIN("zero length", iam_260, 0, false, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_TRUNC),
        TWIN("3 bytes", iam_260, 3, false, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_TRUNC),
        TWIN("one short", iam_260, n11 - 1, false, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_BAD_LEN),
        TWIN("one long", iam_260, n11 + 1, false, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_BAD_LEN),
        TWIN("bvlc length +1", iam_260, n11, false, 3, 26, IOT_ERR_INPUT, IOT_BACNET_ERR_BAD_LEN),
        TWIN("bvlc length -1", iam_260, n11, false, 3, 24, IOT_ERR_INPUT, IOT_BACNET_ERR_BAD_LEN),
        TWIN("type 0x82", iam_260, n11, false, 0, 0x82, IOT_ERR_INPUT, IOT_BACNET_ERR_BAD_TYPE),
        TWIN("function 0x0d", iam_260, n11, false, 1, 0x0d, IOT_ERR_INPUT,
             IOT_BACNET_ERR_BAD_FUNCTION),
        TWIN("function result", iam_260, n11, false, 1, 0x00, IOT_OK, 0),
        TWIN("forwarded, no address", iam_260, 8, true, 1, 0x04, IOT_ERR_INPUT,
             IOT_BACNET_ERR_FWD_TRUNC),
        TWIN("bvlc only", iam_260, 4, true, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_NPDU_TRUNC),
        TWIN("npdu version 2", iam_260, n11, false, 4, 2, IOT_ERR_INPUT,
             IOT_BACNET_ERR_BAD_VERSION),
        TWIN("dnet cut", iam_260, 8, true, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_NPDU_TRUNC),
        TWIN("dlen past end", iam_260, n11, false, 8, 30, IOT_ERR_INPUT, IOT_BACNET_ERR_NPDU_TRUNC),
        TWIN("no hop count", iam_260, 9, true, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_NPDU_TRUNC),
        TWIN("no apdu", iam_260, 10, true, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_APDU_TRUNC),
        TWIN("no service", iam_260, 11, true, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_APDU_TRUNC),
        TWIN("pdu type 8", iam_260, n11, false, 10, 0x80, IOT_ERR_INPUT,
             IOT_BACNET_ERR_BAD_PDU_TYPE),
        TWIN("iam, no arguments", iam_260, 12, true, -1, 0, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_MALFORMED),
        TWIN("iam, vendor cut", iam_260, n11 - 1, true, -1, 0, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_MALFORMED),
        TWIN("iam, vendor missing", iam_260, n11 - 3, true, -1, 0, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_MALFORMED),
        TWIN("iam, trailing byte", iam_260, n11 + 1, true, -1, 0, IOT_OK, 0),
        TWIN("iam, object type 2", iam_260, n11, false, 13, 0x00, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_NOT_DEVICE),
        TWIN("iam, oid length 3", iam_260, n11, false, 12, 0xc3, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_MALFORMED),
        TWIN("iam, context tag", iam_260, n11, false, 17, 0x2a, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_MALFORMED),
        TWIN("iam, max apdu length 5", iam_260, n11, false, 17, 0x25, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_MALFORMED),
        TWIN("iam, max apdu length 0", iam_260, n11, false, 17, 0x20, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_MALFORMED),
        TWIN("iam, segmentation as unsigned", iam_260, n11, false, 20, 0x21, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_MALFORMED),
        TWIN("iam, vendor length 3", iam_260, n11, false, 22, 0x23, IOT_ERR_INPUT,
             IOT_BACNET_ERR_IAM_MALFORMED),
        TWIN("routed whole", iam_routed, n13, false, -1, 0, IOT_OK, 0),
        TWIN("slen 0", iam_routed, n13, false, 11, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_BAD_SLEN),
        TWIN("slen past end", iam_routed, n13, false, 11, 40, IOT_ERR_INPUT,
             IOT_BACNET_ERR_NPDU_TRUNC),
        TWIN("snet cut", iam_routed, 10, true, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_NPDU_TRUNC),
        TWIN("network msg, no type", net_msg, 10, true, -1, 0, IOT_ERR_INPUT,
             IOT_BACNET_ERR_NPDU_TRUNC),
        TWIN("vendor network msg, id cut", net_msg, 12, true, 10, 0x80, IOT_ERR_INPUT,
             IOT_BACNET_ERR_NPDU_TRUNC),
        TWIN("vendor network msg", net_msg, 13, true, 10, 0x80, IOT_OK, 0),
        TWIN("confirmed, cut", rp_req, 8, true, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_APDU_TRUNC),
        TWIN("confirmed, segmented", rp_req, sizeof(rp_req), false, 6, 0x08, IOT_OK, 0),
        TWIN("complex ack, cut", rpm_ack, 8, true, -1, 0, IOT_ERR_INPUT, IOT_BACNET_ERR_APDU_TRUNC),
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct bacnet_twin *t = &cases[k];
        assert_false(t->reframe && (t->c.off1 == 2 || t->c.off1 == 3));
        mut_check(&t->c, t->reframe ? twin_parse_reframed : twin_parse, twin_error_name);
    }
}

/* What accepted twins still say. */
static void test_twin_fields(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct iot_bacnet_info i;

    memcpy(buf, rp_req, sizeof(rp_req));
    buf[6] = 0x08; /* SEG: sequence number and window come before the service */
    assert_int_equal(run(buf, sizeof(rp_req), &i), IOT_OK);
    /* Max response, invoke id, "sequence" 0x0c and "window" 0x0c skipped: byte 11 is read. */
    assert_int_equal(i.service, 0x02);
    memcpy(buf, iam_260, sizeof(iam_260));
    buf[1] = 0x00; /* BVLC-Result: no NPDU decoded */
    assert_int_equal(run(buf, sizeof(iam_260), &i), IOT_OK);
    assert_false(i.has_npdu);
    assert_false(i.is_iam);
}

/* A 4-byte vendor id, a 2-byte segmentation value and a source address longer than kept. */
static void test_iam_forms(void **state)
{
    (void)state;
    struct iot_bacnet_info i;
    static const uint8_t wide[] = {0x81, 0x0b, 0x00, 0x1f, 0x01, 0x08, 0x00, 0x05, 0x0a, 1,    2,
                                   3,    4,    5,    6,    7,    8,    9,    10,   0x10, 0x00, 0xc4,
                                   0x02, 0x00, 0x00, 0x08, 0x21, 0x32, 0x91, 0x00, 0x24};
    uint8_t buf[64];

    memcpy(buf, wide, sizeof(wide));
    memcpy(buf + sizeof(wide), "\x00\x01\x00\x05", 4);
    buf[3] = (uint8_t)(sizeof(wide) + 4);
    assert_int_equal(run(buf, sizeof(wide) + 4, &i), IOT_OK);
    assert_int_equal(i.slen, 10);
    assert_true(i.sadr_truncated);
    assert_int_equal(i.sadr[7], 8);
    assert_int_equal(i.device_instance, 8);
    assert_int_equal(i.max_apdu, 50);
    assert_int_equal(i.vendor_id, 0x10005);
    assert_null(i.vendor_name);
    /* Object id 0x023fffff with the type bits of 1023: not a device. */
    memcpy(buf, iam_wild, sizeof(iam_wild));
    buf[9] = 0xff;
    buf[10] = 0xff;
    assert_int_equal(run(buf, sizeof(iam_wild), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_BACNET_ERR_IAM_NOT_DEVICE);
    assert_int_equal(i.object_type, 1023);
}

static void test_garbage(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct iot_bacnet_info i;

    memset(buf, 0xff, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_BACNET_ERR_BAD_TYPE);
    memset(buf, 0, sizeof(buf));
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_BACNET_ERR_BAD_TYPE);
    /* A valid frame filled with 0xff: NPDU version 255. */
    memset(buf, 0xff, sizeof(buf));
    reframe(buf, sizeof(buf), (const uint8_t *)"\x81\x0a", 2, sizeof(buf));
    memset(buf + 4, 0xff, sizeof(buf) - 4);
    assert_int_equal(run(buf, sizeof(buf), &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_BACNET_ERR_BAD_VERSION);
    assert_int_equal(iot_bacnet_parse(NULL, 0, &i), IOT_ERR_INPUT);
    assert_int_equal(i.error, IOT_BACNET_ERR_TRUNC);
    assert_int_equal(iot_bacnet_parse(iam_260, sizeof(iam_260), NULL), IOT_ERR_USAGE);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(iot_bacnet_error_name(IOT_BACNET_ERR_NONE), "app.bacnet.none");
    assert_string_equal(iot_bacnet_error_name(IOT_BACNET_ERR_BAD_LEN), "app.bacnet.bad_len");
    assert_string_equal(iot_bacnet_error_name(IOT_BACNET_ERR_IAM_NOT_DEVICE),
                        "app.bacnet.iam_not_device");
    assert_string_equal(iot_bacnet_error_name(IOT_BACNET_ERR_MAX), "app.bacnet.unknown");
    for (int e = 0; e < IOT_BACNET_ERR_MAX; e++)
        assert_non_null(iot_bacnet_error_name((enum iot_bacnet_error)e));
    assert_string_equal(iot_bacnet_vendor_name(2), "The Trane Company");
    assert_string_equal(iot_bacnet_vendor_name(5), "Johnson Controls, Inc.");
    assert_string_equal(iot_bacnet_vendor_name(8), "Delta Controls");
    assert_string_equal(iot_bacnet_vendor_name(15), "Cornell University");
    assert_string_equal(iot_bacnet_vendor_name(24), "Automated Logic Corporation");
    assert_string_equal(iot_bacnet_vendor_name(245), "Contemporary Control Systems, Inc.");
    assert_null(iot_bacnet_vendor_name(3));
    assert_null(iot_bacnet_vendor_name(65535));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iam),         cmocka_unit_test(test_other_services),
        cmocka_unit_test(test_bare_apdu),   cmocka_unit_test(test_twins),
        cmocka_unit_test(test_twin_fields), cmocka_unit_test(test_iam_forms),
        cmocka_unit_test(test_garbage),     cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
