/* audit.c — `duikou audit verify`: checks the audit trail's hash chain. */
#include "cli/cli.h"
#include "store/audit.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cli_audit(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'b'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *url = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'b') url = optarg;
        else {
            fputs("usage: duikou audit verify [--db URL]\n"
                  "  Recomputes the hash chain over every audit row, in order. Exit 0 when it holds;\n"
                  "  exit 4 naming the first row that was changed, inserted or removed behind duikou's back.\n",
                  c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    if (optind >= argc || strcmp(argv[optind], "verify") != 0) {
        fputs("usage: duikou audit verify [--db URL]\n", stderr);
        return 2;
    }
    int code = 0;
    db *d = cli_open_current(cli_db_url(url), &code);
    if (!d) return code;
    dk_err e;
    err_clear(&e);
    int64_t rows = 0, bad = 0;
    int rc = audit_verify(d, &rows, &bad, &e);
    db_close(d);
    if (rc != DK_OK) return cli_fail(&e);
    printf("duikou: audit chain intact (%lld rows)\n", (long long)rows);
    return 0;
}
