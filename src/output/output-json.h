/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small append-only JSON line builder for the per-flow EVE records.
 *
 * Why not jansson here: measured on this machine class, jansson's json_dumpb costs about 69,000
 * instructions for one 728-byte flow record (plus about 60,000 to build and free the tree), which
 * made EVE output 93% of the cost of a SYN scan where every packet is a flow. Suricata replaced
 * jansson with its own builder for the same reason. jansson still writes the rare records (stats,
 * anomaly) and parses every JSON we read.
 *
 * Keys are string literals of ours and are written as given; values are escaped (RFC 8259), and
 * bytes that are not valid UTF-8 become \u00XX so any hostile byte string yields valid JSON. */
#ifndef IOTSEC_OUTPUT_OUTPUT_JSON_H
#define IOTSEC_OUTPUT_OUTPUT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOT_JB_MAX_DEPTH 8

struct iot_jb {
    char *buf;
    size_t len, cap;
    size_t max;   /* hard cap on one record; over it the record is marked failed */
    int depth;
    bool need_comma[IOT_JB_MAX_DEPTH];
    bool failed;  /* allocation, cap or nesting error: the record must not be written */
};

/* max: largest record in bytes. The buffer grows on demand and is kept between records. */
void iot_jb_init(struct iot_jb *jb, size_t max);
void iot_jb_free(struct iot_jb *jb);
/* Starts a new record: empties the buffer and opens the root object. */
void iot_jb_begin(struct iot_jb *jb);
/* Closes the root object and appends '\n'. Returns false when the record failed. */
bool iot_jb_end(struct iot_jb *jb);

/* key is NULL inside arrays. */
void iot_jb_open_object(struct iot_jb *jb, const char *key);
void iot_jb_open_array(struct iot_jb *jb, const char *key);
void iot_jb_close_object(struct iot_jb *jb);
void iot_jb_close_array(struct iot_jb *jb);
void iot_jb_str(struct iot_jb *jb, const char *key, const char *s);
void iot_jb_strn(struct iot_jb *jb, const char *key, const char *s, size_t n);
/* For strings this program produced (formatted addresses, times, names from our tables and
 * nDPI's constant tables): written without the escaping scan. Never for packet bytes. */
void iot_jb_lit(struct iot_jb *jb, const char *key, const char *s);
/* A number already formatted by the caller (digits, '.', '-' only). */
void iot_jb_raw_number(struct iot_jb *jb, const char *key, const char *digits);
void iot_jb_u64(struct iot_jb *jb, const char *key, uint64_t v);
/* Six significant digits; null when not finite. */
void iot_jb_double(struct iot_jb *jb, const char *key, double v);
void iot_jb_bool(struct iot_jb *jb, const char *key, bool v);

#endif
