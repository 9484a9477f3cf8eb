/*
 * db_sqlite.c — the SQLite driver behind db.h: WAL journal, foreign keys on, a busy timeout,
 * and a per-connection cache of prepared statements keyed by their SQL text. Storage faults
 * (a full disk, a read-only or failing file system) become 503s that name the cause; a
 * database that cannot be written at all is opened read-only and serves reads.
 */
#include "db/db_driver.h"
#include "db/sqlite_tokenizer.h"
#include "db/stmt_cache.h"
#include "db/wal_sync.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

struct sq_stmt {
    struct db_stmt base;
    sqlite3_stmt *st;
    int transient;   /* not cached: finalized by db_done */
};

/* Why a database can only be read. */
struct ro_reason {
    int fs_readonly; /* its file system is mounted read-only: nothing can change the file */
    const char *zh, *en;
};
static const struct ro_reason RO_FS = {1, "数据库所在的文件系统以只读方式挂载", "the file system holding it is mounted read-only"};
static const struct ro_reason RO_FILE = {0, "数据库文件不可写", "no write permission on the file"};
static const struct ro_reason RO_DIR = {0, "数据库所在目录不可写", "its directory is not writable, so there is no room for the -wal file"};
static const struct ro_reason RO_SQLITE = {0, "SQLite 只能以只读方式打开", "SQLite could open it only to read"};

struct sq_db {
    struct db base;
    sqlite3 *h;
    struct stmt_cache cache; /* prepared statements by SQL text */
    const struct ro_reason *ro; /* opened read-only because it cannot be written, or NULL */
    char *wal;                  /* the write-ahead log's path (read-write connections), or NULL */
    struct wal_sync *sync;      /* its group commit and writers' turns, or NULL (then synced alone) */
    int writer_turn;            /* holds the process's turn to write (wal_sync_writer_enter) */
};

static const struct db_driver sqlite_driver;

/* How long a writer waits for another before its write fails as busy. */
#define BUSY_TIMEOUT_MS 10000

/* The errno of the system call that failed under the last error on h: SQLite's record of it,
 * else what the write-ahead log's file or the database file last met (SQLite does not always
 * keep the first, e.g. when a WAL write fails during COMMIT). 0 when unknown. */
static int failed_errno(sqlite3 *h)
{
    int sys = sqlite3_system_errno(h);
    if (sys) return sys;
    sqlite3_file *f = NULL;
    if (sqlite3_file_control(h, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) == SQLITE_OK && f && f->pMethods &&
        f->pMethods->xFileControl(f, SQLITE_FCNTL_LAST_ERRNO, &sys) == SQLITE_OK && sys)
        return sys;
    if (sqlite3_file_control(h, "main", SQLITE_FCNTL_LAST_ERRNO, &sys) != SQLITE_OK) sys = 0;
    return sys;
}

/* The dk error for a failed SQLite call on h (NULL: none yet). A file system that refused a
 * write or an open is told apart by the system's errno: no space left (a full disk, a quota),
 * read-only (a file system mounted or turned read-only, a file without write permission), or
 * a failing disk. ro (may be NULL) says why a connection was opened read-only. */
static int map_error(sqlite3 *h, const struct ro_reason *ro, int rc, dk_err *e)
{
    int primary = rc & 0xff;
    const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
    int sys = h ? failed_errno(h) : 0;
    if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) {
        if (sys == ENOSPC || sys == EDQUOT) primary = SQLITE_FULL;
        else if (sys == EROFS || sys == EACCES || sys == EPERM) primary = SQLITE_READONLY;
    }
    switch (primary) {
    case SQLITE_CONSTRAINT:
        return err_set(e, DK_ECONFLICT, "conflict", "", "数据约束冲突 (constraint): %s", msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return err_set(e, DK_EUNAVAIL, "db_busy", "", "数据库繁忙，请稍后重试 (database busy): %s", msg);
    case SQLITE_FULL:
        return err_set(e, DK_EUNAVAIL, "db_full", "", "磁盘空间不足，暂不能写入 (disk full): %s", msg);
    case SQLITE_READONLY:
        if (ro) return err_set(e, DK_EUNAVAIL, "db_readonly", "", "数据库只读（%s），暂不能写入 (database read-only: %s)", ro->zh, ro->en);
        if (rc == SQLITE_READONLY_DBMOVED)
            return err_set(e, DK_EUNAVAIL, "db_readonly", "", "数据库文件已被移动或删除，暂不能写入 (the database file was moved or deleted): %s", msg);
        if (sys == EROFS)
            return err_set(e, DK_EUNAVAIL, "db_readonly", "", "数据库所在的文件系统已变为只读，暂不能写入 (the file system holding the database is read-only)");
        return err_set(e, DK_EUNAVAIL, "db_readonly", "", "数据库只读，暂不能写入 (read-only): %s", msg);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN: {
        char text[128] = "";
        if (sys && strerror_r(sys, text, sizeof text) != 0) text[0] = '\0';
        return err_set(e, DK_EUNAVAIL, "db_io", "", "%s (%s): %s (SQLite %d; %s)",
                       primary == SQLITE_IOERR ? "数据库存储读写出错，暂不可用" : "无法打开数据库文件，暂不可用",
                       primary == SQLITE_IOERR ? "storage I/O error" : "cannot open a database file", msg, rc, text[0] ? text : "-");
    }
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

/* Why path cannot be written, or NULL when nothing says it cannot. */
static const struct ro_reason *readonly_reason(const char *path)
{
    struct statvfs fs;
    if (statvfs(path, &fs) == 0 && (fs.f_flag & ST_RDONLY)) return &RO_FS;
    if (access(path, W_OK) != 0) return &RO_FILE;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
    if (access(slash ? dir : ".", W_OK) != 0) return &RO_DIR;
    return NULL;
}

/* 1 when path's write-ahead log holds frames not yet copied into the database file. */
static int wal_has_frames(const char *path)
{
    char wal[4096];
    struct stat st;
    if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal) return 1;
    return stat(wal, &st) == 0 && st.st_size > 0;
}

/* path as a SQLite URI that opens it immutable: on a file system mounted read-only nothing can
 * change the file, and SQLite then needs neither locks nor the -shm file it could not create.
 * Caller frees. */
static char *immutable_uri(const char *path)
{
    sbuf sb;
    sb_init(&sb, 0);
    sb_puts(&sb, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr("/-_.~", *p)) sb_putc(&sb, (char)*p);
        else sb_printf(&sb, "%%%02X", *p);
    }
    sb_puts(&sb, "?immutable=1");
    return sb_take(&sb, NULL);
}

/* Opens target with flags and sets the connection up (busy timeout, extended codes, search's
 * tokenizer, the pragmas); *out gets the new connection. */
static int sq_connect(const char *target, int flags, const char *pragmas, db **out, dk_err *e)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sq_configure);
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(target, &h, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rc = map_error(h, NULL, rc, e);
        sqlite3_close(h);
        return rc;
    }
    sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
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
    rc = sqlite_driver.exec(&d->base, pragmas, e);
    if (rc != DK_OK) {
        sqlite_driver.close(&d->base);
        return rc;
    }
    *out = &d->base;
    return DK_OK;
}

/* synchronous=NORMAL: COMMIT writes the log without syncing it; sq_durable then syncs it once
 * for all the commits made meanwhile (group commit, db/wal_sync.h), so an acknowledged write is
 * on disk as with synchronous=FULL. */
#define PRAGMAS_RW "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
#define PRAGMAS_RO "PRAGMA query_only=1; PRAGMA foreign_keys=ON;"
/* read-only with a probe read, so that a database SQLite cannot read fails at open, not later */
#define PRAGMAS_RO_PROBE PRAGMAS_RO " SELECT count(*) FROM sqlite_schema;"

/* Opens path read-write, created when missing, in WAL mode. A database that exists but cannot
 * be written (a read-only file system, a file without write permission) is opened read-only
 * instead, with the reason kept: reads are served and every write fails with db_readonly. */
static int sq_open_rw(const char *path, db **out, dk_err *e)
{
    dk_err first;
    err_clear(&first);
    const struct ro_reason *why = NULL;
    int rc = sq_connect(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, PRAGMAS_RW, out, &first);
    if (rc == DK_OK) {
        struct sq_db *d = (struct sq_db *)*out;
        if (!sqlite3_db_readonly(d->h, "main")) {
            const char *wal = sqlite3_filename_wal(sqlite3_db_filename(d->h, "main"));
            if (wal && *wal) { /* not a temporary or in-memory database */
                d->wal = xstrdup(wal);
                d->sync = wal_sync_for(wal);
            }
            return DK_OK;
        }
        sqlite_driver.close(*out); /* SQLite fell back to reading only: open it so, below */
        *out = NULL;
        why = readonly_reason(path);
        if (!why) why = &RO_SQLITE;
        snprintf(first.message, sizeof first.message, "read-only");
    } else if (access(path, R_OK) != 0 || !(why = readonly_reason(path))) {
        if (e) *e = first;
        return err_set(e, rc, "db_open", "db", "无法打开数据库 %s (cannot open database): %s", path, first.message);
    }
    rc = sq_connect(path, SQLITE_OPEN_READONLY, PRAGMAS_RO_PROBE, out, e);
    if (rc != DK_OK && why->fs_readonly && !wal_has_frames(path)) {
        char *uri = immutable_uri(path);
        rc = sq_connect(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, PRAGMAS_RO_PROBE, out, e);
        free(uri);
    }
    if (rc != DK_OK)
        return err_set(e, rc, "db_open", "db", "无法打开数据库 %s：%s，也无法只读打开 (cannot open the database: %s; not even to read: %s)",
                       path, why->zh, why->en, first.message);
    ((struct sq_db *)*out)->ro = why;
    snprintf((*out)->ro_why, sizeof (*out)->ro_why, "%s (%s)", why->zh, why->en);
    return DK_OK;
}

int db_sqlite_open(const char *path, db **out, dk_err *e) { return sq_open_rw(path, out, e); }

int db_open_readonly(const char *path, db **out, dk_err *e)
{
    *out = NULL;
    return sq_connect(strncmp(path, "sqlite:", 7) == 0 ? path + 7 : path, SQLITE_OPEN_READONLY, PRAGMAS_RO, out, e);
}

/* The group commit after a write's COMMIT (db_driver.h: durable). */
static int sq_durable(db *base, dk_err *e)
{
    struct sq_db *d = (struct sq_db *)base;
    if (!d->wal) return DK_OK;
    int sys = d->sync ? wal_sync_commit(d->sync) : wal_sync_file(d->wal);
    if (sys == 0) return DK_OK;
    return err_set(e, DK_EUNAVAIL, sys == ENOSPC || sys == EDQUOT ? "db_full" : sys == EROFS ? "db_readonly" : "db_io", "",
                   "写入已提交但未能确认落盘，请核对后再继续 (the write was committed but could not be confirmed on disk: %s)",
                   strerror(sys));
}

/* The writers' turn (db_driver.h: writer_enter, writer_leave), waited for as long as SQLite's
 * busy timeout would wait; after that the write fails as busy, as it did when SQLite's lock was
 * all there was. */
static int sq_writer_enter(db *base, dk_err *e)
{
    struct sq_db *d = (struct sq_db *)base;
    if (!d->sync || d->writer_turn) return DK_OK;
    d->writer_turn = wal_sync_writer_enter(d->sync, BUSY_TIMEOUT_MS);
    return d->writer_turn ? DK_OK : map_error(NULL, NULL, SQLITE_BUSY, e);
}

static void sq_writer_leave(db *base)
{
    struct sq_db *d = (struct sq_db *)base;
    if (!d->writer_turn) return;
    d->writer_turn = 0;
    wal_sync_writer_leave(d->sync);
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
    sq_writer_leave(base);
    stmt_cache_clear(&d->cache, free_stmt);
    stmt_cache_free(&d->cache);
    sqlite3_close(d->h);
    free(d->wal);
    free(d);
}

static int sq_exec(db *base, const char *sql, dk_err *e)
{
    struct sq_db *d = (struct sq_db *)base;
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? DK_OK : map_error(d->h, d->ro, rc, e);
}

static db_stmt *sq_prepare(db *base, const char *sql, dk_err *e)
{
    struct sq_db *d = (struct sq_db *)base;
    struct sq_stmt *hit = stmt_cache_find(&d->cache, sql);
    if (hit) return &hit->base;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        map_error(d->h, d->ro, rc, e);
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
    return map_error(((struct sq_db *)s->conn)->h, ((struct sq_db *)s->conn)->ro, rc, e);
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
static int sq_tx_open(db *base) { return !sqlite3_get_autocommit(((struct sq_db *)base)->h); }

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
    .tx_open = sq_tx_open,
    .durable = sq_durable,
    .writer_enter = sq_writer_enter,
    .writer_leave = sq_writer_leave,
};

/* ---- online backup and restore ----------------------------------------------------------- */

/* Copies every page of database `from` into `to` a step at a time, letting writers of `from`
 * in between (a page written meanwhile makes SQLite restart the copy, so the result is one
 * consistent state). */
static int copy_pages(sqlite3 *from, sqlite3 *to, int *pages, dk_err *e)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) return map_error(to, NULL, sqlite3_errcode(to), e);
    int rc;
    while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep(rc == SQLITE_OK ? 1 : 20);
    if (pages) *pages = sqlite3_backup_pagecount(b);
    sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? DK_OK : map_error(to, NULL, rc, e);
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
    if (rc == DK_OK && sqlite3_exec(h, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) rc = map_error(h, NULL, sqlite3_errcode(h), e);
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
