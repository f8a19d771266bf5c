/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec config --dump [--config FILE] [--key=value ...]: the effective configuration. */
#include "iotsec-common.h"
#include "cli/cli.h"

#include "config/config.h"

static int cmd_config(int argc, char **argv)
{
    struct iot_config cfg;
    int lrc = iot_cli_load_config(&cfg, argc, argv, "config");
    if (lrc != IOT_EXIT_OK)
        return lrc;
    bool dump = false;
    for (int i = 1; i < argc; i++) {
        int rc = iot_cli_config_option(&cfg, argc, argv, &i);
        if (rc < 0)
            return -rc;
        if (rc > 0)
            continue;
        if (strcmp(argv[i], "--dump") == 0) {
            dump = true;
        } else if (strcmp(argv[i], "--config") == 0) {
            i++; /* loaded above */
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("usage: iotsec config --dump [--config FILE] [--KEY=VALUE ...]\n"
                   "Prints the effective configuration as a config file.\n");
            return IOT_EXIT_OK;
        } else {
            fprintf(stderr, "iotsec config: unknown option '%s'\n", argv[i]);
            return IOT_EXIT_USAGE;
        }
    }
    if (!dump) {
        fprintf(stderr, "usage: iotsec config --dump [--config FILE] [--KEY=VALUE ...]\n");
        return IOT_EXIT_USAGE;
    }
    iot_config_dump(&cfg, stdout);
    return IOT_EXIT_OK;
}

const struct iot_cmd_entry iot_cmd_config = {"config", "print the effective configuration",
                                             cmd_config};
