/*
 * db_sqlite.c — the SQLite driver behind db.h: WAL journal, foreign keys on, a busy timeout,
 * and a per-connection cache of prepared statements keyed by their SQL text.
 */
#include "db/db_driver.h"
#include "db/sqlite_tokenizer.h"
#include "db/stmt_cache.h"
#include "util/xmalloc.h"
#include <pthread.h>
#include <sqlite3.h>
#include <string.h>

struct sq_stmt {
    struct db_stmt base;
    sqlite3_stmt *st;
    int transient;   /* not cached: finalized by db_done */
};

struct sq_db {
    struct db base;
    sqlite3 *h;
    struct stmt_cache cache; /* prepared statements by SQL text */
};

static const struct db_driver sqlite_driver;

static int map_error(sqlite3 *h, int rc, dk_err *e)
{
    int primary = rc & 0xff;
    const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
    switch (primary) {
    case SQLITE_CONSTRAINT:
        return err_set(e, DK_ECONFLICT, "conflict", "", "数据约束冲突 (constraint): %s", msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return err_set(e, DK_EUNAVAIL, "db_busy", "", "数据库繁忙，请稍后重试 (database busy): %s", msg);
    case SQLITE_FULL:
        return err_set(e, DK_EUNAVAIL, "db_full", "", "磁盘空间不足，暂不能写入 (disk full): %s", msg);
    case SQLITE_READONLY:
        return err_set(e, DK_EUNAVAIL, "db_readonly", "", "数据库只读，暂不能写入 (read-only): %s", msg);
    default:
        return err_set(e, DK_EINTERNAL, "db_error", "", "数据库错误 (database error): %s", msg);
    }
}

/* Process-wide settings, before SQLite's first use: no memory statistics (they take a global
 * mutex on every allocation, which serialised the server's worker threads). */
static void sq_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Opens path read-write (created when missing, WAL) or read-only (never written). */
static int sq_open(const char *path, int readonly, db **out, dk_err *e)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sq_configure);
    sqlite3 *h = NULL;
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &h, flags, NULL);
    if (rc != SQLITE_OK) {
        err_set(e, DK_EUNAVAIL, "db_open", "db", "无法打开数据库 %s (cannot open database): %s", path,
                h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return DK_EUNAVAIL;
    }
    sqlite3_busy_timeout(h, 10000);
    sqlite3_extended_result_codes(h, 1);
    if (sqlite_tokenizer_register(h) != SQLITE_OK) { /* search's FTS5 tokenizer (search/tokenize.h) */
        err_set(e, DK_EUNAVAIL, "db_open", "db", "SQLite 缺少 FTS5，无法建立搜索索引 (SQLite lacks FTS5): %s", sqlite3_errmsg(h));
        sqlite3_close(h);
        return DK_EUNAVAIL;
    }
    struct sq_db *d = xcalloc(1, sizeof *d);
    d->base.drv = &sqlite_driver;
    d->h = h;
    stmt_cache_init(&d->cache);
    const char *pragmas = readonly ? "PRAGMA query_only=1; PRAGMA foreign_keys=ON;"
                                   : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                                     "PRAGMA temp_store=MEMORY;";
    if (sqlite_driver.exec(&d->base, pragmas, e) != DK_OK) {
        sqlite_driver.close(&d->base);
        return e ? e->status : DK_EINTERNAL;
    }
    *out = &d->base;
    return DK_OK;
}

int db_sqlite_open(const char *path, db **out, dk_err *e) { return sq_open(path, 0, out, e); }

int db_open_readonly(const char *path, db **out, dk_err *e)
{
    *out = NULL;
    return sq_open(strncmp(path, "sqlite:", 7) == 0 ? path + 7 : path, 1, out, e);
}

static void free_stmt(void *p)
{
    struct sq_stmt *s = p;
    sqlite3_finalize(s->st);
    free(s);
}

static void sq_close(db *base)
{
    struct sq_db *d = (struct sq_db *)base;
    stmt_cache_clear(&d->cache, free_stmt);
    stmt_cache_free(&d->cache);
    sqlite3_close(d->h);
    free(d);
}

static int sq_exec(db *base, const char *sql, dk_err *e)
{
    struct sq_db *d = (struct sq_db *)base;
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? DK_OK : map_error(d->h, rc, e);
}

static db_stmt *sq_prepare(db *base, const char *sql, dk_err *e)
{
    struct sq_db *d = (struct sq_db *)base;
    struct sq_stmt *hit = stmt_cache_find(&d->cache, sql);
    if (hit) return &hit->base;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        map_error(d->h, rc, e);
        return NULL;
    }
    struct sq_stmt *s = xcalloc(1, sizeof *s);
    s->base.conn = base;
    s->st = st;
    if (d->cache.len < STMT_CACHE_MAX) stmt_cache_add(&d->cache, sql, s);
    else s->transient = 1;
    return &s->base;
}

#define ST(s) (((struct sq_stmt *)(s))->st)

static void sq_bind_int64(db_stmt *s, int idx, int64_t v) { sqlite3_bind_int64(ST(s), idx, v); }
static void sq_bind_null(db_stmt *s, int idx) { sqlite3_bind_null(ST(s), idx); }
static void sq_bind_text(db_stmt *s, int idx, const char *v)
{
    if (v) sqlite3_bind_text(ST(s), idx, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(ST(s), idx);
}

static int sq_step(db_stmt *s, dk_err *e)
{
    int rc = sqlite3_step(ST(s));
    if (rc == SQLITE_ROW) return DB_ROW;
    if (rc == SQLITE_DONE) return DB_DONE;
    return map_error(((struct sq_db *)s->conn)->h, rc, e);
}

static int64_t sq_col_int64(db_stmt *s, int col) { return sqlite3_column_int64(ST(s), col); }
static const char *sq_col_text(db_stmt *s, int col) { return (const char *)sqlite3_column_text(ST(s), col); }
static int sq_col_is_null(db_stmt *s, int col) { return sqlite3_column_type(ST(s), col) == SQLITE_NULL; }
static int sq_col_count(db_stmt *s) { return sqlite3_column_count(ST(s)); }
static const char *sq_col_name(db_stmt *s, int col) { return sqlite3_column_name(ST(s), col); }
static int sq_col_is_int(db_stmt *s, int col) { return sqlite3_column_type(ST(s), col) == SQLITE_INTEGER; }
static void sq_done(db_stmt *s)
{
    if (((struct sq_stmt *)s)->transient) {
        free_stmt(s);
        return;
    }
    sqlite3_reset(ST(s));
    sqlite3_clear_bindings(ST(s));
}
static const char *sq_errmsg(const db *base) { return sqlite3_errmsg(((const struct sq_db *)base)->h); }

static const struct db_driver sqlite_driver = {
    .dialect = DB_SQLITE,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .bind_int64 = sq_bind_int64,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_int64 = sq_col_int64,
    .col_text = sq_col_text,
    .col_is_null = sq_col_is_null,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .col_is_int = sq_col_is_int,
    .done = sq_done,
    .errmsg = sq_errmsg,
};

/* ---- online backup and restore ----------------------------------------------------------- */

/* Copies every page of database `from` into `to` a step at a time, letting writers of `from`
 * in between (a page written meanwhile makes SQLite restart the copy, so the result is one
 * consistent state). */
static int copy_pages(sqlite3 *from, sqlite3 *to, int *pages, dk_err *e)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) return map_error(to, sqlite3_errcode(to), e);
    int rc;
    while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep(rc == SQLITE_OK ? 1 : 20);
    if (pages) *pages = sqlite3_backup_pagecount(b);
    sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? DK_OK : map_error(to, rc, e);
}

static struct sq_db *as_sqlite(db *d, dk_err *e)
{
    if (d->drv == &sqlite_driver) return (struct sq_db *)d;
    err_set(e, DK_EINVAL, "not_sqlite", "db", "在线备份只适用于 SQLite；PostgreSQL 请用 pg_dump (online backup is for SQLite; use pg_dump)");
    return NULL;
}

int db_backup_to(db *d, const char *path, int *pages, dk_err *e)
{
    struct sq_db *src = as_sqlite(d, e);
    if (!src) return DK_EINVAL;
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        err_set(e, DK_EUNAVAIL, "backup_open", "file", "无法创建备份文件 %s (cannot create the backup file): %s", path,
                h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return DK_EUNAVAIL;
    }
    rc = copy_pages(src->h, h, pages, e);
    /* the copy stands alone: one file, no WAL beside it */
    if (rc == DK_OK && sqlite3_exec(h, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) rc = map_error(h, sqlite3_errcode(h), e);
    sqlite3_close(h);
    return rc;
}

int db_restore_from(db *d, const char *path, dk_err *e)
{
    struct sq_db *dst = as_sqlite(d, e);
    if (!dst) return DK_EINVAL;
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        err_set(e, DK_EINVAL, "backup_open", "file", "无法打开备份文件 %s (cannot open the backup): %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return DK_EINVAL;
    }
    stmt_cache_clear(&dst->cache, free_stmt); /* no statement may stay open on the pages replaced */
    rc = copy_pages(h, dst->h, NULL, e);
    sqlite3_close(h);
    return rc;
}
