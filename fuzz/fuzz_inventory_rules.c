/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the classification rules loader (users write rules files by hand) and
 * for matching and assignment templates ({value}, {N}) against arbitrary values.
 * Target: src/inventory/inventory-rules.c
 * Input: rules text, a NUL byte, then a value to match every condition against. */
#include "iotsec-common.h"

#include "inventory/inventory-rules.h"
#include "util/util-mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (64u << 10))
        return 0;
    const uint8_t *nul = memchr(data, 0, size);
    size_t tlen = nul != NULL ? (size_t)(nul - data) : size;
    char *text = malloc(tlen ? tlen : 1);
    char value[512];
    size_t vlen = nul != NULL ? size - tlen - 1 : 0;
    if (vlen >= sizeof(value))
        vlen = sizeof(value) - 1;
    if (text == NULL)
        return 0;
    memcpy(text, data, tlen);
    if (vlen > 0)
        memcpy(value, nul + 1, vlen);
    value[vlen] = '\0';
    uint64_t before = iot_mem_in_use();
    struct iot_ruleset rs = {0};
    char err[256];
    if (iot_rules_parse(&rs, text, tlen, "fuzz", err, sizeof(err)) == IOT_OK) {
        for (size_t r = 0; r < rs.n; r++) {
            const struct iot_rule *rule = &rs.rules[r];
            if (!iot_rule_cond_match(&rule->conds[0], value))
                continue;
            for (unsigned s = 0; s < rule->nsets; s++) {
                char out[IOT_RULE_VALUE_MAX];
                iot_rule_expand(&rule->sets[s], &rule->conds[0], value, out, sizeof(out));
                if (strlen(out) >= sizeof(out))
                    abort();
            }
        }
    } else if (err[0] == '\0') {
        abort(); /* every refusal says why */
    }
    iot_rules_free(&rs);
    if (iot_mem_in_use() != before)
        abort();
    free(text);
    return 0;
}
