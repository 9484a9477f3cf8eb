/* bench_data.c — `duikou bench-data`: creates a database holding the benchmark data set (demo/bench_data.h). */
#include "cli/cli.h"
#include "core/dates.h"
#include "demo/bench_data.h"
#include "store/search_index.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void usage(FILE *f)
{
    fputs("usage: duikou bench-data --db URL [--projects N] [--months M] [--pairings P] [--items K]\n"
          "                         [--seed S] [--last-month YYYY-MM] [--quiet]\n"
          "  Creates a new database (schema, reference data, the administrator \"admin\") holding a\n"
          "  large synthetic data set for the benchmarks in bench/: P city pairings (default 150),\n"
          "  N projects (default 100000) with their stage histories, monthly progress reports over\n"
          "  the last M months (default 36), one audit row and one search entry per project, and K\n"
          "  work-plan items (default N/10). The same options always give the same records.\n"
          "  --last-month   the newest reporting month (default: last month, China time)\n",
          f);
}

/* Reads a count option: a whole number in [lo, hi]. */
static int count_arg(const char *name, const char *text, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi) {
        fprintf(stderr, "duikou bench-data: --%s must be a whole number from %lld to %lld\n", name, lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}

int cli_bench_data(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'b'},       {"projects", required_argument, 0, 'n'},
                                         {"months", required_argument, 0, 'm'},   {"pairings", required_argument, 0, 'p'},
                                         {"items", required_argument, 0, 'i'},    {"seed", required_argument, 0, 's'},
                                         {"last-month", required_argument, 0, 'l'}, {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    dk_date today = date_today();
    struct bench_params bp = {.projects = 100000, .months = 36, .pairings = 150, .items = -1, .seed = 1,
                              .last_month = date_month_index(&today) - 1};
    const char *url = NULL;
    long long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b': url = optarg; break;
        case 'n': if (!count_arg("projects", optarg, 0, 100000000, &v)) return 2; bp.projects = v; break;
        case 'm': if (!count_arg("months", optarg, 1, 240, &v)) return 2; bp.months = (int)v; break;
        case 'p': if (!count_arg("pairings", optarg, 1, 1000, &v)) return 2; bp.pairings = (int)v; break;
        case 'i': if (!count_arg("items", optarg, 0, 100000000, &v)) return 2; bp.items = v; break;
        case 's': if (!count_arg("seed", optarg, 0, 1LL << 62, &v)) return 2; bp.seed = (uint64_t)v; break;
        case 'l':
            bp.last_month = month_parse(optarg);
            if (bp.last_month < 0) {
                fprintf(stderr, "duikou bench-data: --last-month must be YYYY-MM\n");
                return 2;
            }
            break;
        case 'q': bp.quiet = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!url || optind < argc) {
        usage(stderr);
        return 2;
    }
    if (bp.items < 0) bp.items = bp.projects / 10;
    dk_err e;
    err_clear(&e);
    db *d = NULL;
    if (cli_init_database(url, &d, &e) != DK_OK) return cli_fail(&e);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct bench_counts n;
    int rc = bench_data_load(d, &bp, &n, &e);
    db_close(d);
    if (rc != DK_OK) return cli_fail(&e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("duikou: bench data: %lld pairings, %lld units, %lld projects, %lld stage events, %lld progress reports, "
           "%lld audit rows, %lld work items (%ld ms)\n",
           (long long)n.pairings, (long long)n.units, (long long)n.projects, (long long)n.stage_events, (long long)n.reports,
           (long long)n.audit_rows, (long long)n.items, ms);
    return 0;
}
