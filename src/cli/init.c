/* init.c — `duikou init [--demo] [--db URL]`: creates the schema and reference data, and optionally the demo data. */
#include "cli/cli.h"
#include "core/dates.h"
#include "demo/demo.h"
#include "search/fold.h"
#include "store/search_index.h"
#include "store/migrate.h"
#include "store/refdata.h"
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>

static void usage(FILE *f)
{
    fputs("usage: duikou init [--demo] [--db URL]\n"
          "  Creates the database (default ./duikou.db, or $DUIKOU_DB): schema, GB/T 2260 regions,\n"
          "  GB/T 4754-2017 industries and the holiday calendar, and the first administrator \"admin\"\n"
          "  (password $DUIKOU_ADMIN_PASSWORD, or generated and printed once).\n"
          "  --demo   also load the synthetic demonstration data set (seven pairings; 京沈 2017\n"
          "           calibrated to the published headline), with monthly progress up to last month.\n"
          "  --db URL sqlite:PATH or a plain path.\n",
          f);
}

int cli_init_database(const char *url, db **out, dk_err *e)
{
    db *d = NULL;
    int applied = 0;
    *out = NULL;
    if (search_fold_init(e) != DK_OK || db_open(url, &d, e) != DK_OK || store_migrate(d, &applied, e) != DK_OK ||
        refdata_load(d, e) != DK_OK) {
        db_close(d);
        return e->status;
    }
    printf("duikou: %s ready (schema %d, %d migration%s applied)\n", url, store_schema_version(d), applied,
           applied == 1 ? "" : "s");
    if (sodium_init() < 0) {
        db_close(d);
        return err_set(e, DK_EINTERNAL, "sodium", "", "libsodium 初始化失败 (libsodium failed to start)");
    }
    if (db_int64(d, "SELECT COUNT(*) FROM users", 0, 0) == 0 && cli_user_create_admin(d, "admin", e) != DK_OK) {
        db_close(d);
        return e->status;
    }
    *out = d;
    return DK_OK;
}

int cli_init(int argc, char **argv)
{
    static const struct option opts[] = {{"demo", no_argument, 0, 'd'}, {"db", required_argument, 0, 'b'},
                                         {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int demo = 0, c;
    const char *url = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': demo = 1; break;
        case 'b': url = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "duikou init: unexpected argument \"%s\"\n", argv[optind]);
        return 2;
    }
    url = cli_db_url(url);
    dk_err e;
    err_clear(&e);
    db *d = NULL;
    if (cli_init_database(url, &d, &e) != DK_OK) return cli_fail(&e);
    if (demo) {
        dk_date today = date_today();
        int last = date_month_index(&today) - 1;
        if (demo_load(d, last, &e) != DK_OK || search_index_rebuild(d, NULL, &e) != DK_OK) {
            db_close(d);
            return cli_fail(&e);
        }
        char ym[8];
        month_format(last, ym);
        printf("duikou: demo data loaded (synthetic; progress reports up to %s)\n", ym);
    }
    db_close(d);
    return 0;
}
