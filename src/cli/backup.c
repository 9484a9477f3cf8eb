/*
 * backup.c — `duikou backup FILE` and `duikou restore FILE`. A backup is a consistent online
 * copy of a SQLite database taken while the server goes on writing (SQLite's backup API); it
 * is checked before it is called done. A restore checks the file first — SQLite's integrity
 * check, a schema this duikou knows, an unbroken audit chain — and only then copies it into the
 * target. On PostgreSQL both explain pg_dump / pg_restore instead (docs/operations.md).
 */
#include "cli/cli.h"
#include "store/audit.h"
#include "store/migrate.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_postgres(const char *url) { return strncmp(url, "postgres", 8) == 0; }
static const char *file_of(const char *url) { return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url; }

/* Checks the database file at path as a backup: integrity, schema, audit chain. Prints what
 * it found; returns 0 or the exit code. */
static int check_file(const char *path)
{
    db *d = NULL;
    dk_err e;
    err_clear(&e);
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "duikou: 备份文件 %s 不存在或不可读 (no readable backup at %s)\n", path, path);
        return 2;
    }
    if (db_open_readonly(path, &d, &e) != DK_OK) return cli_fail(&e);
    db_stmt *s = db_prepare(d, "PRAGMA integrity_check", &e);
    const char *verdict = s && db_step(s, &e) == DB_ROW ? db_col_text(s, 0) : NULL;
    int ok = verdict && strcmp(verdict, "ok") == 0;
    if (!ok) fprintf(stderr, "duikou: %s 不是完好的 duikou 数据库 (integrity check: %s)\n", path, verdict ? verdict : e.message);
    if (s) db_done(s);
    int version = ok ? store_schema_version(d) : -1, latest = store_latest_version();
    if (ok && (version < 1 || version > latest)) {
        fprintf(stderr, "duikou: %s 的结构版本 %d 不是本程序能用的 (schema %d; this duikou knows 1–%d)\n", path, version, version, latest);
        ok = 0;
    }
    int64_t rows = 0, bad = 0;
    if (ok && audit_verify(d, &rows, &bad, &e) != DK_OK) {
        fprintf(stderr, "duikou: %s 的审计链断在第 %lld 行 (audit chain broken at row %lld): %s\n", path, (long long)bad, (long long)bad, e.message);
        ok = 0;
    }
    db_close(d);
    if (!ok) return 4;
    printf("duikou: %s checked: integrity ok, schema %d, audit chain intact (%lld rows)\n", path, version, (long long)rows);
    return 0;
}

static int usage(const char *cmd, FILE *f, int code)
{
    if (strcmp(cmd, "backup") == 0)
        fputs("usage: duikou backup FILE [--db URL]\n"
              "  Copies the SQLite database, while it serves, into the new file FILE (one consistent state,\n"
              "  one file), then checks the copy. On PostgreSQL it explains pg_dump instead.\n",
              f);
    else
        fputs("usage: duikou restore FILE [--db URL] [--force] [--check]\n"
              "  Checks the backup FILE (integrity, schema, audit chain) and copies it into the database,\n"
              "  which must not exist unless --force (stop `duikou serve` first). --check only checks.\n",
              f);
    return code;
}

static int parse(const char *cmd, int argc, char **argv, const char **url, const char **file, int *force, int *check_only)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'b'}, {"force", no_argument, 0, 'f'}, {"check", no_argument, 0, 'c'},
                                         {"help", no_argument, 0, 'h'},    {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'b') *url = optarg;
        else if (c == 'f' && force) *force = 1;
        else if (c == 'c' && check_only) *check_only = 1;
        else return c == 'h' ? usage(cmd, stdout, -1) : usage(cmd, stderr, 2);
    }
    if (optind + 1 != argc) return usage(cmd, stderr, 2);
    *file = argv[optind];
    *url = cli_db_url(*url);
    return 0;
}

int cli_backup(int argc, char **argv)
{
    const char *url = NULL, *file = NULL;
    int rc = parse("backup", argc, argv, &url, &file, NULL, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    if (is_postgres(url)) {
        fprintf(stderr, "duikou: PostgreSQL 的备份请用 pg_dump（可在服务运行时执行，得到一致快照）：\n"
                        "  pg_dump --format=custom --file=%s '%s'\n"
                        "恢复用 pg_restore --clean --dbname=URL %s；持续归档与时间点恢复见 docs/operations.md。\n"
                        "(on PostgreSQL use pg_dump, which takes a consistent snapshot while duikou serves; see docs/operations.md)\n",
                file, url, file);
        return 2;
    }
    if (access(file, F_OK) == 0) {
        fprintf(stderr, "duikou: %s 已存在，备份不覆盖已有文件 (%s exists: a backup never overwrites)\n", file, file);
        return 2;
    }
    int code = 0;
    db *d = cli_open_known(url, &code); /* a database not yet migrated is backed up first */
    if (!d) return code;
    dk_err e;
    err_clear(&e);
    int pages = 0;
    rc = db_backup_to(d, file, &pages, &e);
    db_close(d);
    if (rc != DK_OK) {
        unlink(file);
        return cli_fail(&e);
    }
    printf("duikou: %s ← %s (%d pages)\n", file, file_of(url), pages);
    if ((code = check_file(file)) != 0) unlink(file);
    return code;
}

int cli_restore(int argc, char **argv)
{
    const char *url = NULL, *file = NULL;
    int force = 0, check_only = 0;
    int rc = parse("restore", argc, argv, &url, &file, &force, &check_only);
    if (rc) return rc < 0 ? 0 : rc;
    if (is_postgres(url)) {
        fprintf(stderr, "duikou: PostgreSQL 的恢复请用 pg_restore --clean --dbname='%s' %s，之后运行 duikou migrate 与 duikou audit verify "
                        "(on PostgreSQL use pg_restore, then `duikou migrate` and `duikou audit verify`)\n",
                url, file);
        return 2;
    }
    int code = check_file(file);
    if (code || check_only) return code;
    const char *target = file_of(url);
    struct stat st;
    if (stat(target, &st) == 0 && !force) {
        fprintf(stderr, "duikou: %s 已存在；确认已停止 duikou serve 后用 --force 覆盖 (%s exists: stop the server and give --force)\n", target, target);
        return 2;
    }
    db *d = NULL;
    dk_err e;
    err_clear(&e);
    if (db_open(url, &d, &e) != DK_OK) return cli_fail(&e);
    rc = db_restore_from(d, file, &e);
    int applied = 0;
    if (rc == DK_OK) rc = store_migrate(d, &applied, &e); /* a backup from an older duikou */
    db_close(d);
    if (rc != DK_OK) return cli_fail(&e);
    printf("duikou: %s restored from %s%s\n", target, file, applied ? " and migrated" : "");
    return 0;
}
