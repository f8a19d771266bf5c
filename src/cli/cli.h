/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The `iotsec <verb>` command table. Exit codes for every verb: 0 done, 1 bad input (the
 * message names the file and what is wrong), 2 usage error. */
#ifndef IOTSEC_CLI_CLI_H
#define IOTSEC_CLI_CLI_H

#define IOT_EXIT_OK 0
#define IOT_EXIT_INPUT 1
#define IOT_EXIT_USAGE 2

struct iot_config;

struct iot_cmd_entry {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
};

extern const struct iot_cmd_entry iot_cmd_analyze;
extern const struct iot_cmd_entry iot_cmd_config;
extern const struct iot_cmd_entry iot_cmd_inventory;
extern const struct iot_cmd_entry iot_cmd_device;
extern const struct iot_cmd_entry iot_cmd_alerts;
extern const struct iot_cmd_entry iot_cmd_fw;
extern const struct iot_cmd_entry iot_cmd_vault;
extern const struct iot_cmd_entry iot_cmd_evidence;
extern const struct iot_cmd_entry iot_cmd_export;
extern const struct iot_cmd_entry iot_cmd_collect;

/* Applies a "--key=value" or "--key value" config override at argv[*i] (advancing *i past a
 * separate value). Returns 1 when argv[*i] was a config option, 0 when it is not one, and
 * IOT_EXIT_USAGE negated (-2) with a message printed when the value is bad. */
int iot_cli_config_option(struct iot_config *cfg, int argc, char **argv, int *i);

/* Prints "iotsec VERB: MSG" (when msg is not NULL) and the verb's usage text to stderr;
 * returns IOT_EXIT_USAGE. */
int iot_cli_usage_error(const char *verb, const char *usage, const char *msg);

/* Starts from the defaults, loads the file named by a "--config FILE" anywhere in argv, so that
 * command-line overrides win whatever their order. Returns IOT_EXIT_OK or an exit code. */
int iot_cli_load_config(struct iot_config *cfg, int argc, char **argv, const char *verb);

#endif
