/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the fuzzer's bytes as one DNS message (a UDP payload), and as a buffer
 * holding a name at an offset taken from its first two bytes. */
/* Target: src/app/app-dns.c */
#include "iotsec-common.h"

#include "app/app-dns.h"
#include "util/limits.h"

#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A string field must end with a NUL inside its array. */
static void check_str(const char *s, size_t size)
{
    if (memchr(s, '\0', size) == NULL)
        abort();
}

static void check_info(const struct iot_dns_info *d, int rc)
{
    if ((rc == IOT_ERR_INPUT) != (d->error != IOT_DNS_ERR_NONE) ||
        (rc != IOT_OK && rc != IOT_ERR_INPUT))
        abort();
    if ((unsigned)d->error >= IOT_DNS_ERR_MAX)
        abort();
    if (rc != IOT_OK)
        return;
    if (d->nquestions > IOT_DNS_MAX_QUESTIONS || d->nrecords > IOT_DNS_MAX_STORED_RECORDS ||
        d->ntxt > IOT_DNS_MAX_TXT)
        abort();
    for (unsigned i = 0; i < d->nquestions; i++)
        check_str(d->questions[i].name, sizeof(d->questions[i].name));
    for (unsigned i = 0; i < d->nrecords; i++) {
        const struct iot_dns_record *r = &d->records[i];
        check_str(r->name, sizeof(r->name));
        check_str(r->target, sizeof(r->target));
        /* A valid name always fits: nothing may report truncation. */
        if (r->name_truncated || r->target_truncated)
            abort();
        if ((unsigned)r->txt_first + r->txt_count > d->ntxt)
            abort();
    }
    for (unsigned i = 0; i < d->ntxt; i++) {
        const struct iot_dns_txt *t = &d->txt[i];
        if (t->text[t->len] != '\0' || t->key_len > t->len || t->owner >= d->nrecords)
            abort();
        if (t->has_value && t->text[t->key_len] != '\0')
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct iot_dns_info info;
    if (size > FUZZ_MAX_INPUT)
        size = FUZZ_MAX_INPUT;
    uint8_t *buf = malloc(size ? size : 1);
    if (buf == NULL)
        return 0;
    if (size)
        memcpy(buf, data, size);

    int rc = iot_dns_parse(buf, size, &info);
    check_info(&info, rc);

    /* The name reader on its own, at an offset the input picks, with a small output buffer. */
    if (size >= 2) {
        size_t off = (size_t)(buf[0] << 8 | buf[1]) % (size + 1);
        size_t o = off;
        char out[40];
        struct iot_dns_name_status st;
        rc = iot_dns_read_name(buf, size, &o, out, sizeof(out), &st);
        check_str(out, sizeof(out));
        if (rc == IOT_OK) {
            if (o <= off || o > size || st.error != IOT_DNS_ERR_NONE ||
                st.wire_len > IOT_DNS_NAME_WIRE_MAX || st.pointers > IOT_MAX_DNS_POINTERS ||
                st.labels > 127)
                abort();
        } else if (o != off || st.error == IOT_DNS_ERR_NONE) {
            abort();
        }
    }
    free(buf);
    return 0;
}
