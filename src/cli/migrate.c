/* migrate.c — `duikou migrate [--db URL]`: applies the migrations this binary carries. */
#include "search/fold.h"
#include "cli/cli.h"
#include "store/migrate.h"
#include <getopt.h>
#include <stdio.h>

int cli_migrate(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'b'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *url = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'b') url = optarg;
        else {
            fputs("usage: duikou migrate [--db URL]\n  Applies pending schema migrations, each in its own transaction.\n",
                  c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    url = cli_db_url(url);
    dk_err e;
    err_clear(&e);
    db *d = NULL;
    int applied = 0;
    if (search_fold_init(&e) != DK_OK || db_open(url, &d, &e) != DK_OK || store_migrate(d, &applied, &e) != DK_OK) {
        db_close(d);
        return cli_fail(&e);
    }
    printf("duikou: %s at schema %d (%d applied)\n", url, store_schema_version(d), applied);
    db_close(d);
    return 0;
}
