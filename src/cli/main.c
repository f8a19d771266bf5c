/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec: verb dispatch. */
#include "iotsec-common.h"
#include "cli/cli.h"

#include "config/config.h"

static int cmd_version(int argc, char **argv)
{
    IOT_UNUSED(argc);
    IOT_UNUSED(argv);
    printf("iotsec %s\n", iot_version());
    return IOT_EXIT_OK;
}

static const struct iot_cmd_entry iot_cmd_version = {"version", "print the version", cmd_version};

static const struct iot_cmd_entry *const commands[] = {
    &iot_cmd_analyze,
    &iot_cmd_config,
    &iot_cmd_inventory,
    &iot_cmd_device,
    &iot_cmd_alerts,
    &iot_cmd_fw,
    &iot_cmd_vault,
    &iot_cmd_evidence,
    &iot_cmd_export,
    &iot_cmd_collect,
    &iot_cmd_version,
};

static void usage(FILE *out)
{
    fprintf(out, "usage: iotsec <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < IOT_ARRAY_LEN(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "\n'iotsec <command> --help' describes a command.\n");
}

int iot_cli_usage_error(const char *verb, const char *usage, const char *msg)
{
    if (msg != NULL)
        fprintf(stderr, "iotsec %s: %s\n", verb, msg);
    fputs(usage, stderr);
    return IOT_EXIT_USAGE;
}

int iot_cli_config_option(struct iot_config *cfg, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    if (strncmp(arg, "--", 2) != 0)
        return 0;
    char key[128];
    const char *eq = strchr(arg + 2, '=');
    size_t klen = eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2);
    if (klen == 0 || klen >= sizeof(key))
        return 0;
    memcpy(key, arg + 2, klen);
    key[klen] = '\0';
    if (!iot_config_has_key(key))
        return 0;
    const char *value = eq != NULL ? eq + 1 : NULL;
    if (value == NULL) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "iotsec: --%s needs a value\n", key);
            return -IOT_EXIT_USAGE;
        }
        value = argv[++*i];
    }
    char err[256];
    if (iot_config_set(cfg, key, value, err, sizeof(err)) != IOT_OK) {
        fprintf(stderr, "iotsec: %s\n", err);
        return -IOT_EXIT_USAGE;
    }
    return 1;
}

int iot_cli_load_config(struct iot_config *cfg, int argc, char **argv, const char *verb)
{
    iot_config_default(cfg);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") != 0)
            continue;
        if (i + 1 >= argc) {
            fprintf(stderr, "iotsec %s: --config needs a file\n", verb);
            return IOT_EXIT_USAGE;
        }
        char err[512];
        if (iot_config_load(cfg, argv[i + 1], err, sizeof(err)) != IOT_OK) {
            fprintf(stderr, "iotsec %s: %s\n", verb, err);
            return IOT_EXIT_INPUT;
        }
        i++;
    }
    return IOT_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return IOT_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return IOT_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(0, NULL);
    for (size_t i = 0; i < IOT_ARRAY_LEN(commands); i++)
        if (strcmp(argv[1], commands[i]->name) == 0)
            return commands[i]->run(argc - 1, argv + 1);
    fprintf(stderr, "iotsec: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return IOT_EXIT_USAGE;
}
