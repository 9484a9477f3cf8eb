/*
 * db.c — the driver-independent half of db.h: dispatch to the driver, transactions,
 * one-shot helpers, the connection pool, and what happens when the database fails under a
 * request (a transaction the database rolled back by itself; the fault log lines).
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

/* ---- faults ------------------------------------------------------------------------------
 * A full disk, a read-only or failing file system, a lost PostgreSQL connection: the driver
 * reports them as DK_EUNAVAIL with one of the codes below (503 to the API). The server logs
 * one line when writes start failing and one when a write commits again, not one per request. */

static pthread_mutex_t fault_lock = PTHREAD_MUTEX_INITIALIZER;
static char fault_code[48]; /* the fault writes last met, "" once a write committed after it */

static int is_fault(const dk_err *e)
{
    static const char *const codes[] = {"db_full", "db_readonly", "db_io", "db_unavailable"};
    if (e->status != DK_EUNAVAIL) return 0;
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (strcmp(e->code, codes[i]) == 0) return 1;
    return 0;
}

static void fault_note(const dk_err *e)
{
    if (!is_fault(e)) return;
    pthread_mutex_lock(&fault_lock);
    if (strcmp(fault_code, e->code) != 0) {
        snprintf(fault_code, sizeof fault_code, "%s", e->code);
        fprintf(stderr, "duikou: 数据库故障 (database fault; requests that need it answer 503 %s): %s\n", e->code, e->message);
    }
    pthread_mutex_unlock(&fault_lock);
}

/* After a transaction committed: a write proves every fault gone; any transaction proves a
 * lost connection back. */
static void fault_clear(int write)
{
    pthread_mutex_lock(&fault_lock);
    if (fault_code[0] && (write || strcmp(fault_code, "db_unavailable") == 0)) {
        fprintf(stderr, "duikou: 数据库恢复正常 (the database works again after %s)\n", fault_code);
        fault_code[0] = '\0';
    }
    pthread_mutex_unlock(&fault_lock);
}

void db_fault_state(char code[48])
{
    pthread_mutex_lock(&fault_lock);
    snprintf(code, 48, "%s", fault_code);
    pthread_mutex_unlock(&fault_lock);
}

/* After a failed call: note the fault, and whether the database took the open transaction
 * with it (SQLite rolls back on a full disk or an I/O error and goes on in autocommit mode, so
 * what the use case wrote next would be committed alone — half a record). From then on every
 * call fails with the first error until the caller rolls back. Returns rc. */
static int failed(db *d, int rc, const dk_err *e)
{
    fault_note(e);
    if (d->in_tx && !d->tx_lost && !d->drv->tx_open(d)) {
        d->tx_lost = 1;
        d->tx_err = *e;
    }
    return rc;
}

/* DK_OK, or the error that lost the open transaction (copied into e). */
static int lost(db *d, dk_err *e)
{
    if (!d->tx_lost) return DK_OK;
    if (e) *e = d->tx_err;
    return d->tx_err.status;
}

int db_exec(db *d, const char *sql, dk_err *e)
{
    if (lost(d, e)) return d->tx_err.status;
    dk_err local;
    dk_err *ee = e ? e : &local;
    int rc = d->drv->exec(d, sql, ee);
    return rc < 0 ? failed(d, rc, ee) : rc;
}

/* Inside an open transaction, begin/commit/rollback work on a savepoint, so a use case can
 * call another (an approval applying the change it approves) and all of it commits or none. */
static int savepoint(db *d, const char *verb, dk_err *e)
{
    if (lost(d, e) && strcmp(verb, "ROLLBACK TO") != 0) return d->tx_err.status;
    char sql[80];
    if (strcmp(verb, "ROLLBACK TO") == 0)
        snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT dk%d; RELEASE SAVEPOINT dk%d", d->in_tx, d->in_tx);
    else snprintf(sql, sizeof sql, "%s SAVEPOINT dk%d", verb, d->in_tx);
    if (d->tx_lost) return d->drv->exec(d, sql, NULL); /* SQLite has none left: ignore its answer */
    return db_exec(d, sql, e);
}

/* Starts a transaction (none open). A BEGIN that half-happened leaves no aborted transaction
 * behind; one that failed because the connection was lost is tried once more on a revived
 * connection — nothing has happened yet, so it is safe to repeat. */
static int begin(db *d, const char *sql, dk_err *e)
{
    d->tx_write = d->tx_lost = 0;
    for (int attempt = 0;; attempt++) {
        dk_err local;
        dk_err *ee = e ? e : &local;
        int rc = d->drv->exec(d, sql, ee);
        if (rc == DK_OK) {
            d->in_tx = 1;
            return DK_OK;
        }
        d->drv->exec(d, "ROLLBACK", NULL);
        if (attempt || !d->drv->revive || strcmp(ee->code, "db_unavailable") != 0) return failed(d, rc, ee);
        d->drv->revive(d);
    }
}

/* Gives back the writer's turn, if this connection holds it (db_driver.h: writer_leave). */
static void writer_leave(db *d)
{
    if (d->drv->writer_leave) d->drv->writer_leave(d);
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
    if (d->drv->writer_enter) {
        int rc = d->drv->writer_enter(d, e);
        if (rc != DK_OK) return rc;
    }
    int rc = begin(d, d->drv->dialect == DB_SQLITE ? "BEGIN IMMEDIATE"
                                                    : "BEGIN ISOLATION LEVEL READ COMMITTED; "
                                                      "SELECT pg_advisory_xact_lock(1685417839)", e);
    d->tx_write = rc == DK_OK;
    if (rc != DK_OK) writer_leave(d);
    return rc;
}

int db_begin_read(db *d, dk_err *e)
{
    if (d->in_tx) {
        int rc = savepoint(d, "", e);
        if (rc == DK_OK) d->in_tx++;
        return rc;
    }
    return begin(d, d->drv->dialect == DB_SQLITE ? "BEGIN DEFERRED" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
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
    dk_err local;
    dk_err *ee = e ? e : &local;
    int was_lost = d->tx_lost;
    int rc = db_exec(d, "COMMIT", ee);
    if (rc == DK_OK) writer_leave(d); /* the next writer goes on while this one's log is synced */
    if (rc == DK_OK && d->tx_write && d->drv->durable) {
        rc = d->drv->durable(d, ee); /* committed; the answer waits until it is on disk */
        if (rc != DK_OK) {
            fault_note(ee);
            d->in_tx = d->tx_write = d->tx_lost = 0;
            return rc;
        }
    }
    if (rc == DK_OK) fault_clear(d->tx_write);
    if (rc == DK_EUNAVAIL && !was_lost && strcmp(ee->code, "db_unavailable") == 0)
        /* the connection went while COMMIT was on its way: the server may have committed */
        err_set(ee, rc, "db_unavailable", "", "数据库连接在提交时中断，本次写入可能已保存也可能没有，请先核对再重试 "
                "(connection lost during commit: the write may or may not have been saved; check before repeating it)");
    if (rc != DK_OK) db_rollback(d);
    d->in_tx = d->tx_write = d->tx_lost = 0;
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
    writer_leave(d);
    d->in_tx = 0;
    d->tx_write = d->tx_lost = 0;
}

db_stmt *db_prepare(db *d, const char *sql, dk_err *e)
{
    if (lost(d, e)) return NULL;
    dk_err local;
    dk_err *ee = e ? e : &local;
    db_stmt *s = d->drv->prepare(d, sql, ee);
    if (!s) failed(d, ee->status, ee);
    return s;
}

void db_bind_int64(db_stmt *s, int idx, int64_t v) { s->conn->drv->bind_int64(s, idx, v); }
void db_bind_text(db_stmt *s, int idx, const char *v) { s->conn->drv->bind_text(s, idx, v); }
void db_bind_null(db_stmt *s, int idx) { s->conn->drv->bind_null(s, idx); }

void db_bind_opt_int64(db_stmt *s, int idx, int has, int64_t v)
{
    if (has) db_bind_int64(s, idx, v);
    else db_bind_null(s, idx);
}

int db_step(db_stmt *s, dk_err *e)
{
    if (lost(s->conn, e)) return s->conn->tx_err.status;
    dk_err local;
    dk_err *ee = e ? e : &local;
    int rc = s->conn->drv->step(s, ee);
    return rc < 0 ? failed(s->conn, rc, ee) : rc;
}
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
    if (n && p->all[0]->ro_why[0]) { /* opened read-only: say so now, and in /healthz, not at the first write */
        dk_err ro;
        err_set(&ro, DK_EUNAVAIL, "db_readonly", "", "数据库只读，只提供查询 (database read-only, serving reads only): %s", p->all[0]->ro_why);
        fault_note(&ro);
    }
    return p;
}

db *db_pool_get(db_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->n_free == 0) pthread_cond_wait(&p->freed, &p->lock);
    db *d = p->free[--p->n_free];
    pthread_mutex_unlock(&p->lock);
    if (d->drv->revive) d->drv->revive(d); /* e.g. a PostgreSQL connection the server closed while it was idle */
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
