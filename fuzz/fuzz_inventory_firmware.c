/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the firmware minimum loader (users edit data/firmware-minimum.txt by
 * hand) and for the version order, which compares strings devices send.
 * Target: src/inventory/inventory-firmware.c
 * Input: data file text, a NUL byte, then "VENDOR\nMODEL\nVERSION\nVERSION" to look up and
 * compare. Invariants: the order is antisymmetric and reflexive, a finding only for a version
 * older than its entry's minimum, and memory back to its starting value. */
#include "iotsec-common.h"

#include "inventory/inventory-firmware.h"
#include "util/util-mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next line of s (up to '\n' or the end) into out, NUL-terminated; advances *pos. */
static void take_line(const char *s, size_t len, size_t *pos, char *out, size_t outsz)
{
    size_t n = 0;
    while (*pos < len && s[*pos] != '\n') {
        if (n + 1 < outsz)
            out[n++] = s[*pos];
        (*pos)++;
    }
    if (*pos < len)
        (*pos)++;
    out[n] = '\0';
}

static int sign(int c)
{
    return (c > 0) - (c < 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (64u << 10))
        return 0;
    const uint8_t *nul = memchr(data, 0, size);
    size_t tlen = nul != NULL ? (size_t)(nul - data) : size;
    size_t qlen = nul != NULL ? size - tlen - 1 : 0;
    /* Exactly sized copies, so reads past the end trip ASan. */
    char *text = malloc(tlen ? tlen : 1);
    char *q = malloc(qlen + 1);
    if (text == NULL || q == NULL) {
        free(text);
        free(q);
        return 0;
    }
    memcpy(text, data, tlen);
    if (qlen > 0)
        memcpy(q, nul + 1, qlen);
    q[qlen] = '\0';
    /* Fields as the inventory hands them over: NUL-terminated, at most a verdict's length. */
    char vendor[IOT_RULE_VALUE_MAX], model[IOT_RULE_VALUE_MAX];
    char va[IOT_RULE_VALUE_MAX], vb[IOT_RULE_VALUE_MAX];
    size_t pos = 0;
    take_line(q, strlen(q), &pos, vendor, sizeof(vendor));
    take_line(q, strlen(q), &pos, model, sizeof(model));
    take_line(q, strlen(q), &pos, va, sizeof(va));
    take_line(q, strlen(q), &pos, vb, sizeof(vb));

    if (iot_fwmin_version_valid(va) && iot_fwmin_version_valid(vb)) {
        if (iot_fwmin_version_cmp(va, va) != 0 ||
            sign(iot_fwmin_version_cmp(va, vb)) != -sign(iot_fwmin_version_cmp(vb, va)))
            abort();
    }
    uint64_t before = iot_mem_in_use();
    struct iot_fwmin_db db = {0};
    char err[256] = "";
    if (iot_fwmin_parse(&db, text, tlen, "fuzz", err, sizeof(err)) == IOT_OK) {
        for (size_t i = 0; i < db.n; i++)
            if (!iot_fwmin_version_valid(db.entries[i].minimum) || db.entries[i].line == 0)
                abort();
        const struct iot_fwmin_entry *en = iot_fwmin_check(&db, vendor, model, va);
        if (en != NULL && iot_fwmin_version_cmp(va, en->minimum) >= 0)
            abort();
        if (en != NULL && iot_fwmin_lookup(&db, vendor, model) != en)
            abort();
    } else if (err[0] == '\0') {
        abort(); /* every refusal says why */
    }
    iot_fwmin_free(&db);
    if (iot_mem_in_use() != before)
        abort();
    free(text);
    free(q);
    return 0;
}
