/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iotsec-sim: writes a deterministic pcap of a simulated IoT LAN, with attacks, and its ground truth. */
#include "iotsec-common.h"

#include <errno.h>
#include <getopt.h>

#include "sim.h"

#define EXIT_USAGE 2

static void usage(FILE *f)
{
    fputs("usage: iotsec-sim --out FILE.pcap [options]\n"
          "  --out FILE          pcap to write (Ethernet, microsecond timestamps)\n"
          "  --truth FILE        ground-truth JSON (default: FILE minus .pcap plus .truth.json)\n"
          "  --scenario NAME     benign, mirai, cleartext or all (default benign)\n"
          "  --seed N            PRNG seed (default 1); same flags give identical output\n"
          "  --devices N         number of devices, 1-240 (default: one of each profile, 17)\n"
          "  --duration SECONDS  simulated time (default 600)\n"
          "  --packets N         stop after exactly N packets instead of at --duration\n"
          "  --start EPOCH       first timestamp (default 1700000000)\n"
          "  --flood-seconds N   length of each Mirai flood (default 5)\n"
          "  --flood-pps N       packets per second of each flood (default 2000)\n"
          "  --help              this text\n"
          "exit status: 0 ok, 1 runtime error, 2 usage error\n",
          f);
}

/* Digits only: strtoull alone would accept signs, spaces and an empty string. */
static int parse_u64(const char *name, const char *arg, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end = NULL;
    if (arg == NULL || arg[0] < '0' || arg[0] > '9') {
        fprintf(stderr, "iotsec-sim: --%s needs a number\n", name);
        return -1;
    }
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "iotsec-sim: --%s: '%s' is not a number in %llu..%llu\n", name, arg,
                (unsigned long long)lo, (unsigned long long)hi);
        return -1;
    }
    *out = v;
    return 0;
}

static const struct {
    const char *name;
    unsigned bits;
} scenarios[] = {
    {"benign", SIM_SC_BENIGN},
    {"mirai", SIM_SC_BENIGN | SIM_SC_MIRAI},
    {"cleartext", SIM_SC_BENIGN | SIM_SC_CLEAR},
    {"all", SIM_SC_BENIGN | SIM_SC_MIRAI | SIM_SC_CLEAR},
};

static int set_scenario(struct sim_opts *o, const char *name)
{
    for (size_t i = 0; i < IOT_ARRAY_LEN(scenarios); i++)
        if (strcmp(name, scenarios[i].name) == 0) {
            o->scenario_name = scenarios[i].name;
            o->scenario = scenarios[i].bits;
            return 0;
        }
    fprintf(stderr, "iotsec-sim: unknown scenario '%s' (benign, mirai, cleartext, all)\n", name);
    return -1;
}

static int parse_opt(struct sim_opts *o, int c, const char *arg)
{
    switch (c) {
    case 'o':
        o->out = arg;
        return 0;
    case 't':
        o->truth = arg;
        return 0;
    case 'S':
        return set_scenario(o, arg);
    case 's':
        return parse_u64("seed", arg, 0, UINT64_MAX, &o->seed);
    case 'd':
        return parse_u64("devices", arg, 1, SIM_MAX_DEVICES, &o->devices);
    case 'D':
        return parse_u64("duration", arg, 1, 10ULL * 366 * 86400, &o->duration);
    case 'p':
        return parse_u64("packets", arg, 1, 1ULL << 40, &o->packets);
    case 'b':
        return parse_u64("start", arg, 0, 3000000000ULL, &o->start);
    case 'f':
        return parse_u64("flood-seconds", arg, 1, 3600, &o->flood_seconds);
    case 'r':
        return parse_u64("flood-pps", arg, 100, 1000000, &o->flood_pps);
    default:
        return -1;
    }
}

static char *default_truth(const char *out)
{
    size_t n = strlen(out);
    if (n > 5 && strcmp(out + n - 5, ".pcap") == 0)
        n -= 5;
    size_t len = n + sizeof(".truth.json");
    char *t = malloc(len);
    if (t == NULL)
        sim_fatal("out of memory");
    int w = snprintf(t, len, "%.*s.truth.json", (int)n, out);
    if (w < 0 || (size_t)w >= len)
        sim_fatal("truth path");
    return t;
}

/* Returns 0 to run, 1 after --help, -1 on a usage error. */
static int parse_args(int argc, char **argv, struct sim_opts *o)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},      {"truth", required_argument, NULL, 't'},
        {"scenario", required_argument, NULL, 'S'}, {"seed", required_argument, NULL, 's'},
        {"devices", required_argument, NULL, 'd'},  {"duration", required_argument, NULL, 'D'},
        {"packets", required_argument, NULL, 'p'},  {"start", required_argument, NULL, 'b'},
        {"flood-seconds", required_argument, NULL, 'f'},
        {"flood-pps", required_argument, NULL, 'r'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return 1;
        }
        if (c == '?' || c == ':') {
            fprintf(stderr, "iotsec-sim: bad or incomplete option: %s\n", argv[optind - 1]);
            return -1;
        }
        if (parse_opt(o, c, optarg) != 0)
            return -1;
    }
    if (optind < argc) {
        fprintf(stderr, "iotsec-sim: unexpected argument: %s\n", argv[optind]);
        return -1;
    }
    if (o->out == NULL || o->out[0] == '\0') {
        fprintf(stderr, "iotsec-sim: --out is required\n");
        return -1;
    }
    return 0;
}

static void dispatch(struct sim *s, const struct sim_ev *ev)
{
    switch (ev->fn) {
    case EV_JOIN:
        sim_dev_join(s, ev->dev);
        break;
    case EV_ACT:
        sim_dev_act(s, ev->dev, ev->arg);
        break;
    case EV_ROUTER:
        sim_router_tick(s);
        break;
    default:
        sim_attack_event(s, ev);
        break;
    }
}

/* Packets are written once the scheduler has passed their time, so the file is time-ordered. */
static void run(struct sim *s)
{
    struct sim_ev ev;
    while (!sim_done(s) && sim_sched_pop(s, &ev)) {
        if (!s->opt.packets && ev.t >= s->end_us)
            break;
        sim_writer_flush(s, ev.t);
        if (sim_done(s))
            break;
        s->now = ev.t;
        dispatch(s, &ev);
    }
    sim_writer_flush(s, s->opt.packets ? UINT64_MAX : s->end_us - 1);
}

int main(int argc, char **argv)
{
    struct sim s;
    char *truth_alloc = NULL;
    memset(&s, 0, sizeof(s));
    s.opt = (struct sim_opts){.scenario_name = "benign", .scenario = SIM_SC_BENIGN, .seed = 1,
                              .devices = sim_nprofiles, .duration = 600, .start = 1700000000,
                              .flood_seconds = 5, .flood_pps = 2000};
    int rc = parse_args(argc, argv, &s.opt);
    if (rc != 0) {
        if (rc < 0)
            usage(stderr);
        return rc < 0 ? EXIT_USAGE : 0;
    }
    if (s.opt.truth == NULL)
        s.opt.truth = truth_alloc = default_truth(s.opt.out);
    s.ndev = (size_t)s.opt.devices;
    s.start_us = s.opt.start * SIM_US;
    s.end_us = s.start_us + s.opt.duration * SIM_US;
    s.now = s.start_us;
    sim_rng_seed(&s, s.opt.seed);
    rc = 1;
    if (sim_writer_open(&s) != 0)
        goto out;
    sim_devices_init(&s);
    sim_attacks_init(&s);
    run(&s);
    if (sim_writer_close(&s) != 0 || sim_truth_write(&s) != 0)
        goto out;
    rc = 0;
out:
    free(s.ev);
    free(s.dev);
    free(truth_alloc);
    return rc;
}
