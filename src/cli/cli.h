/*
 * cli.h — the command-line face: one function per command, each taking argc/argv after the
 * command name and returning the process exit code (util/err.h: err_exit_code).
 */
#ifndef DUIKOU_CLI_H
#define DUIKOU_CLI_H
#include "core/perm.h"
#include "db/db.h"

int cli_init(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_report(int argc, char **argv);
/* `duikou report plan …` (argv[0] is "plan"). */
int cli_report_plan(int argc, char **argv);
int cli_copy(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_routes(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_search(int argc, char **argv);
int cli_bench_data(int argc, char **argv);

/* Opens url (creating it), applies the migrations, loads the reference data and creates the
 * first administrator when there is none, printing what it did. On DK_OK *out is the open
 * database (the caller closes it); otherwise e says why. Shared by `init` and `bench-data`. */
int cli_init_database(const char *url, db **out, dk_err *e);
/* Creates the first administrator (password $DUIKOU_ADMIN_PASSWORD, else generated and printed once). */
int cli_user_create_admin(db *d, const char *login, dk_err *e);

/* Who acts on the command line: the operator, with every permission and every pairing in view. */
extern const struct actor cli_actor;

/* The database URL: --db if given, else $DUIKOU_DB, else "duikou.db". */
const char *cli_db_url(const char *given);
/* Opens url and checks its schema is current (else explains `duikou migrate`). NULL after
 * printing the problem; *exit_code is set then. */
db *cli_open_current(const char *url, int *exit_code);
/* The same, but a database at an older schema is opened too (to copy it before it is migrated). */
db *cli_open_known(const char *url, int *exit_code);
/* Prints "duikou: message" for e to stderr and returns the exit code for it. */
int cli_fail(const dk_err *e);

#endif
