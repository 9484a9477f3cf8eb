/*
 * db.c — the driver-independent half of db.h: dispatch to the driver, transactions,
 * one-shot helpers and the connection pool.
 */
#include "db/db_driver.h"
#include "util/xmalloc.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int db_open(const char *url, db **out, dk_err *e)
{
    *out = NULL;
    if (!url || !*url) return err_set(e, DK_EINVAL, "invalid_db", "db", "数据库地址为空 (empty database URL)");
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) return db_pg_open(url, out, e);
    if (strncmp(url, "sqlite:", 7) == 0) url += 7;
    return db_sqlite_open(url, out, e);
}

void db_close(db *d)
{
    if (d) d->drv->close(d);
}

enum db_dialect db_dialect_of(const db *d)
{
    return d->drv->dialect;
}

const char *db_errmsg(const db *d)
{
    return d->drv->errmsg(d);
}

int db_exec(db *d, const char *sql, dk_err *e)
{
    return d->drv->exec(d, sql, e);
}

/* Inside an open transaction, begin/commit/rollback work on a savepoint, so a use case can
 * call another (an approval applying the change it approves) and all of it commits or none. */
static int savepoint(db *d, const char *verb, dk_err *e)
{
    char sql[80];
    if (strcmp(verb, "ROLLBACK TO") == 0)
        snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT dk%d; RELEASE SAVEPOINT dk%d", d->in_tx, d->in_tx);
    else snprintf(sql, sizeof sql, "%s SAVEPOINT dk%d", verb, d->in_tx);
    return d->drv->exec(d, sql, e);
}

int db_begin_write(db *d, dk_err *e)
{
    if (d->in_tx) {
        int rc = savepoint(d, "", e);
        if (rc == DK_OK) d->in_tx++;
        return rc;
    }
    /* Writers take turns on both backends: SQLite has one writer by design (BEGIN IMMEDIATE);
     * on PostgreSQL every write transaction first takes one advisory lock, in READ COMMITTED
     * so that what it reads after the lock is what the previous writer committed. The audit
     * trail's hash chain needs that one order, and the check-then-write services stay as
     * simple as on SQLite. Reads run concurrently in REPEATABLE READ snapshots. */
    int rc = d->drv->exec(d, d->drv->dialect == DB_SQLITE ? "BEGIN IMMEDIATE"
                                                           : "BEGIN ISOLATION LEVEL READ COMMITTED; "
                                                             "SELECT pg_advisory_xact_lock(1685417839)", e);
    if (rc == DK_OK) d->in_tx = 1;
    else d->drv->exec(d, "ROLLBACK", NULL); /* a BEGIN that half-happened leaves no aborted transaction behind */
    return rc;
}

int db_begin_read(db *d, dk_err *e)
{
    if (d->in_tx) {
        int rc = savepoint(d, "", e);
        if (rc == DK_OK) d->in_tx++;
        return rc;
    }
    int rc = d->drv->exec(d, d->drv->dialect == DB_SQLITE ? "BEGIN DEFERRED"
                                                           : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
    if (rc == DK_OK) d->in_tx = 1;
    else d->drv->exec(d, "ROLLBACK", NULL);
    return rc;
}

int db_commit(db *d, dk_err *e)
{
    if (d->in_tx > 1) {
        d->in_tx--;
        int rc = savepoint(d, "RELEASE", e);
        if (rc != DK_OK) {
            d->in_tx++;
            db_rollback(d);
        }
        return rc;
    }
    int rc = d->drv->exec(d, "COMMIT", e);
    if (rc != DK_OK) db_rollback(d);
    d->in_tx = 0;
    return rc;
}

void db_rollback(db *d)
{
    if (!d->in_tx) return;
    if (d->in_tx > 1) {
        d->in_tx--;
        savepoint(d, "ROLLBACK TO", NULL);
        return;
    }
    d->drv->exec(d, "ROLLBACK", NULL);
    d->in_tx = 0;
}

db_stmt *db_prepare(db *d, const char *sql, dk_err *e)
{
    return d->drv->prepare(d, sql, e);
}

void db_bind_int64(db_stmt *s, int idx, int64_t v) { s->conn->drv->bind_int64(s, idx, v); }
void db_bind_text(db_stmt *s, int idx, const char *v) { s->conn->drv->bind_text(s, idx, v); }
void db_bind_null(db_stmt *s, int idx) { s->conn->drv->bind_null(s, idx); }

void db_bind_opt_int64(db_stmt *s, int idx, int has, int64_t v)
{
    if (has) db_bind_int64(s, idx, v);
    else db_bind_null(s, idx);
}

int db_step(db_stmt *s, dk_err *e) { return s->conn->drv->step(s, e); }
int64_t db_col_int64(db_stmt *s, int col) { return s->conn->drv->col_int64(s, col); }
const char *db_col_text(db_stmt *s, int col) { return s->conn->drv->col_text(s, col); }
int db_col_is_null(db_stmt *s, int col) { return s->conn->drv->col_is_null(s, col); }
int db_col_count(db_stmt *s) { return s->conn->drv->col_count(s); }
const char *db_col_name(db_stmt *s, int col) { return s->conn->drv->col_name(s, col); }
int db_col_is_int(db_stmt *s, int col) { return s->conn->drv->col_is_int(s, col); }
void db_done(db_stmt *s) { if (s) s->conn->drv->done(s); }

static db_stmt *prepare_bound(db *d, const char *sql, dk_err *e, int n, va_list ap)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return NULL;
    for (int i = 1; i <= n; i++) db_bind_int64(s, i, va_arg(ap, int64_t));
    return s;
}

int db_run(db *d, const char *sql, dk_err *e, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    db_stmt *s = prepare_bound(d, sql, e, n, ap);
    va_end(ap);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {}
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

int64_t db_int64(db *d, const char *sql, int64_t def, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    db_stmt *s = prepare_bound(d, sql, NULL, n, ap);
    va_end(ap);
    if (!s) return def;
    int64_t v = def;
    if (db_step(s, NULL) == DB_ROW && !db_col_is_null(s, 0)) v = db_col_int64(s, 0);
    db_done(s);
    return v;
}

/* ---- pool ------------------------------------------------------------------------------ */

struct db_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int n;          /* connections in all */
    int n_free;     /* how many are in free[] */
    db **all;       /* every connection, for closing */
    db **free;      /* the idle ones */
};

db_pool *db_pool_open(const char *url, int n, dk_err *e)
{
    db_pool *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    p->all = xcalloc((size_t)n, sizeof *p->all);
    p->free = xcalloc((size_t)n, sizeof *p->free);
    for (int i = 0; i < n; i++) {
        if (db_open(url, &p->all[i], e) != DK_OK) {
            p->n = i;
            db_pool_close(p);
            return NULL;
        }
        p->free[i] = p->all[i];
    }
    p->n = p->n_free = n;
    return p;
}

db *db_pool_get(db_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->n_free == 0) pthread_cond_wait(&p->freed, &p->lock);
    db *d = p->free[--p->n_free];
    pthread_mutex_unlock(&p->lock);
    return d;
}

void db_pool_put(db_pool *p, db *d)
{
    while (d->in_tx) db_rollback(d);
    pthread_mutex_lock(&p->lock);
    p->free[p->n_free++] = d;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void db_pool_close(db_pool *p)
{
    if (!p) return;
    for (int i = 0; i < p->n; i++) db_close(p->all[i]);
    free(p->all);
    free(p->free);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->freed);
    free(p);
}

int db_end(db *d, int rc, dk_err *e)
{
    if (rc == DK_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}
