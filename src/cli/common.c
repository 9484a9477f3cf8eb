/* common.c — what the commands share: where the database is and opening it. */
#include "cli/cli.h"
#include "search/fold.h"
#include "store/migrate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct actor cli_actor = {"cli", ROLE_ADMIN, 0, NULL, 0, NULL, 1, 0};

const char *cli_db_url(const char *given)
{
    if (given && *given) return given;
    const char *env = getenv("DUIKOU_DB");
    return env && *env ? env : "duikou.db";
}

int cli_fail(const dk_err *e)
{
    fprintf(stderr, "duikou: %s%s%s\n", e->message, e->field[0] ? " — field: " : "", e->field);
    return err_exit_code(e->status ? e->status : DK_EINTERNAL);
}

/* Opens url and checks its schema: the current one, or with older_ok any older one too. */
static db *open_checked(const char *url, int older_ok, int *exit_code)
{
    dk_err e;
    err_clear(&e);
    db *d = NULL;
    /* search folds every indexed write: without OpenCC's data, say so now, not at the first write */
    if (search_fold_init(&e) != DK_OK) {
        *exit_code = cli_fail(&e);
        return NULL;
    }
    const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
    if (strncmp(url, "postgres", 8) != 0 && access(path, F_OK) != 0) { /* never create a file here */
        fprintf(stderr, "duikou: %s 不存在，请先运行 duikou init (no database at %s; run `duikou init`)\n", path, path);
        *exit_code = 2;
        return NULL;
    }
    if (db_open(url, &d, &e) != DK_OK) {
        *exit_code = cli_fail(&e);
        return NULL;
    }
    int have = store_schema_version(d), want = store_latest_version();
    if (have == 0) {
        fprintf(stderr, "duikou: %s 尚未初始化，请先运行 duikou init (database not initialised; run `duikou init`)\n", url);
        *exit_code = 2;
        db_close(d);
        return NULL;
    }
    if (have != want && !(older_ok && have < want)) {
        fprintf(stderr, "duikou: 数据库结构版本 %d，本程序需要 %d，请运行 duikou migrate (schema version %d, need %d; run `duikou migrate`)\n",
                have, want, have, want);
        *exit_code = 2;
        db_close(d);
        return NULL;
    }
    return d;
}

db *cli_open_current(const char *url, int *exit_code) { return open_checked(url, 0, exit_code); }

db *cli_open_known(const char *url, int *exit_code) { return open_checked(url, 1, exit_code); }
