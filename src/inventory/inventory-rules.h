/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Classification rules as data (data/devices.rules, documented in docs/inventory.md). A rule
 * says: when a device's observations satisfy every condition, vote for attribute values with a
 * weight. One rule per line:
 *
 *   NAME : FIELD OP "VALUE" [& FIELD OP "VALUE" ...] => ATTR=VALUE [ATTR=VALUE ...] WEIGHT
 *
 * OP is = (equals), ^ (starts with), $ (ends with), ~ (contains) or =~ (matches a POSIX
 * extended regular expression), all case-insensitive; ~ "" means "any value". ATTR is kind,
 * vendor, model, os or firmware; VALUE is a word or a quoted string, in which {value} stands for
 * the value that satisfied the rule's first condition and {1}..{9} for that condition's regex
 * groups.
 * WEIGHT is in (0, 1]. */
#ifndef IOTSEC_INVENTORY_INVENTORY_RULES_H
#define IOTSEC_INVENTORY_INVENTORY_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOT_RULE_NAME_MAX 48
#define IOT_RULE_FIELD_MAX 32
#define IOT_RULE_VALUE_MAX 96
#define IOT_RULE_MAX_CONDS 4
#define IOT_RULE_MAX_SETS 4
#define IOT_RULES_MAX 4096

/* firmware: the version of the software a device runs, as it reveals it (a server string, an
 * mDNS TXT record), compared with data/firmware-minimum.txt (inventory-firmware.h). */
enum iot_attr {
    IOT_ATTR_KIND = 0,
    IOT_ATTR_VENDOR,
    IOT_ATTR_MODEL,
    IOT_ATTR_OS,
    IOT_ATTR_FIRMWARE,
    IOT_ATTR_MAX
};

enum iot_rule_op { IOT_OP_EQ = 0, IOT_OP_PREFIX, IOT_OP_SUFFIX, IOT_OP_CONTAINS, IOT_OP_REGEX };

struct iot_rule_cond {
    char field[IOT_RULE_FIELD_MAX];
    enum iot_rule_op op;
    char value[IOT_RULE_VALUE_MAX];
    void *re; /* IOT_OP_REGEX: the compiled regex_t, owned by the rule set */
};

struct iot_rule_set {
    enum iot_attr attr;
    bool from_match; /* the value has {value} or {N}: filled from the first condition's match */
    char value[IOT_RULE_VALUE_MAX];
};

struct iot_rule {
    char name[IOT_RULE_NAME_MAX];
    struct iot_rule_cond conds[IOT_RULE_MAX_CONDS];
    unsigned nconds;
    struct iot_rule_set sets[IOT_RULE_MAX_SETS];
    unsigned nsets;
    double weight;
    unsigned line;
};

struct iot_ruleset {
    struct iot_rule *rules;
    size_t n, cap;
};

/* Parses rules text; name is used in messages. The first bad line fails the whole load with
 * "NAME:LINE: reason" in err (a rule silently skipped would silently misclassify). */
int iot_rules_parse(struct iot_ruleset *rs, const char *text, size_t len, const char *name,
                    char *err, size_t errlen);
int iot_rules_load(struct iot_ruleset *rs, const char *path, char *err, size_t errlen);
void iot_rules_free(struct iot_ruleset *rs);

/* Does value satisfy op against want (case-insensitive)? Not for IOT_OP_REGEX. */
bool iot_rule_op_match(enum iot_rule_op op, const char *want, const char *value);

/* Does value satisfy condition c (any operator)? */
bool iot_rule_cond_match(const struct iot_rule_cond *c, const char *value);

/* The value a rule assignment gives when its first condition c matched value: st->value with
 * {value} and {1}..{9} filled in (an absent group gives ""). Cut to len - 1 bytes. */
void iot_rule_expand(const struct iot_rule_set *st, const struct iot_rule_cond *c,
                     const char *value, char *out, size_t len);

const char *iot_attr_name(enum iot_attr a);
/* The kinds a rule may assign (camera, nvr, plug, ...): a typo in a rules file is an error. */
bool iot_kind_valid(const char *kind);

#endif
