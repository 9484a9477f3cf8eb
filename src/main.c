/*
 * main.c — duikou's entry point: dispatches the command to src/cli/.
 * duikou (对口) runs counterpart cooperation between partner governments: the project
 * promotion database, progress, problems and the statistics leaders read.
 */
#include "cli/cli.h"
#include <malloc.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *help;
} COMMANDS[] = {
    {"init", cli_init, "create the database (--demo: with the synthetic demo data)"},
    {"migrate", cli_migrate, "apply pending schema migrations"},
    {"serve", cli_serve, "serve the JSON API over HTTP"},
    {"report", cli_report, "the summary report; report plan: the plan reports"},
    {"copy", cli_copy, "copy a whole database to another backend, verified"},
    {"audit", cli_audit, "verify the audit trail's hash chain (audit verify)"},
    {"user", cli_user, "accounts: user add | passwd | disable | list"},
    {"token", cli_token, "token add LOGIN NAME: an API token for scripts"},
    {"import", cli_import, "import an Excel/CSV ledger (projects, progress, stats), all or nothing"},
    {"export", cli_export, "export the project ledger, the monthly 调度表 or a blank template (xlsx/csv)"},
    {"backup", cli_backup, "a consistent online copy of the database, checked (SQLite; explains pg_dump)"},
    {"restore", cli_restore, "check a backup and restore it (integrity, schema, audit chain)"},
    {"routes", cli_routes, "list the API routes and the permission each declares"},
    {"bench-data", cli_bench_data, "build a large deterministic data set for the benchmarks (bench/)"},
    {"search", cli_search, "search the records (--rebuild: rebuild the search index)"},
};

static void usage(FILE *f)
{
    fputs("usage: duikou COMMAND [options]   (duikou COMMAND --help for its options)\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-8s %s\n", COMMANDS[i].name, COMMANDS[i].help);
    fputs("\noptions:\n  --version  print the version\n  --help     this text\n"
          "\nexit codes: 0 ok, 1 internal error, 2 usage or invalid input, 3 not found,\n"
          "            4 refused by a rule or conflict, 5 forbidden, 6 database unavailable\n",
          f);
}

int main(int argc, char **argv)
{
    /* glibc would hand freed memory back to the kernel after nearly every request (madvise, then
     * page faults to take it again): a fixed trim threshold keeps up to 32 MiB per arena instead,
     * which measured a large share of a list request's time (bench/NOTES.md). */
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("duikou %s\n", DUIKOU_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (strcmp(argv[1], COMMANDS[i].name) == 0) return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "duikou: unknown command \"%s\"\n\n", argv[1]);
    usage(stderr);
    return 2;
}
