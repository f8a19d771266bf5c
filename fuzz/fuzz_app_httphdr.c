/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the shared HTTP/SSDP head reader, in stream and datagram mode. */
/* Target: src/app/app-httphdr.c */
#include "iotsec-common.h"

#include "app/app-httphdr.h"

#define FUZZ_MAX_INPUT 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool within(const uint8_t *base, size_t len, struct iot_httphdr_span s)
{
    return s.p >= base && (size_t)(s.p - base) <= len && s.n <= len - (size_t)(s.p - base);
}

static void check(const uint8_t *buf, size_t len, int rc, const struct iot_httphdr *hh)
{
    if ((rc == IOT_OK) != (hh->error == IOT_HTTPHDR_ERR_NONE) || hh->error >= IOT_HTTPHDR_ERR_MAX)
        abort();
    if (rc != IOT_OK && rc != IOT_ERR_INPUT)
        abort();
    if (hh->nfields > IOT_MAX_HTTP_HEADERS || hh->head_len > len)
        abort();
    if (hh->start_complete &&
        (hh->start.n == 0 || !within(buf, len, hh->start) || hh->start.n > IOT_HTTPHDR_MAX_LINE))
        abort();
    if (rc == IOT_OK && !hh->start_complete)
        abort();
    for (unsigned i = 0; i < hh->nfields; i++) {
        const struct iot_httphdr_field *f = &hh->fields[i];
        if (f->name.n == 0 || !within(buf, len, f->name) || !within(buf, len, f->value))
            abort();
        for (size_t j = 0; j < f->name.n; j++)
            if (!iot_httphdr_is_tchar(f->name.p[j]))
                abort();
        if (f->value.n > 0 &&
            (f->value.p[0] == ' ' || f->value.p[0] == '\t' || f->value.p[f->value.n - 1] == ' ' ||
             f->value.p[f->value.n - 1] == '\t'))
            abort();
        if (iot_httphdr_find(hh, "x", 0) >= (int)hh->nfields)
            abort();
    }
    if (rc == IOT_OK && !hh->unterminated && (hh->head_len == 0 || buf[hh->head_len - 1] != '\n'))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iot_httphdr a, b;
    uint8_t *buf;
    int ra, rb;

    if (size > FUZZ_MAX_INPUT)
        size = FUZZ_MAX_INPUT;
    buf = malloc(size ? size : 1);
    if (buf == NULL)
        return 0;
    if (size)
        memcpy(buf, data, size);
    ra = iot_httphdr_parse(&a, buf, size, 0);
    check(buf, size, ra, &a);
    rb = iot_httphdr_parse(&b, buf, size, IOT_HTTPHDR_F_EOF_ENDS);
    check(buf, size, rb, &b);
    /* A head complete in stream mode reads the same in datagram mode. */
    if (ra == IOT_OK &&
        (rb != IOT_OK || a.head_len != b.head_len || a.nfields != b.nfields || b.unterminated))
        abort();
    /* Datagram mode never waits for more bytes except on an empty buffer. */
    if (b.error == IOT_HTTPHDR_ERR_INCOMPLETE && size != 0)
        abort();
    free(buf);
    return 0;
}
