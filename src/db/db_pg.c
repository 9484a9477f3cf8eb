/*
 * db_pg.c — the PostgreSQL driver behind db.h, on libpq.
 *
 * The dialect differences live here and in the {{id}} migration token, nowhere else:
 *   - '?' placeholders become $1, $2 … (outside quoted literals and identifiers);
 *   - values are sent as text and typed by the server from their context;
 *   - integers are read from their text form (SUM over BIGINT arrives as NUMERIC);
 *   - booleans are stored as 0/1 integers on both backends (no BOOLEAN columns);
 *   - writers take turns (db_begin_write: one advisory lock, READ COMMITTED), as SQLite's single
 *     writer does; should a serialization failure or deadlock still happen it is reported as
 *     DK_EUNAVAIL with code "db_retry", which the server retries a bounded number of times.
 * Statements are prepared once per connection (PQprepare) and cached by their SQL text.
 * A connection lost (a server restart, a network cut) fails what is in flight with
 * db_unavailable and is re-opened when the pool next hands it out (pg_revive).
 */
#include "db/db_driver.h"
#include "db/stmt_cache.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_MAX_PARAMS 65535 /* the protocol's limit (a 16-bit count) */

struct pg_stmt {
    struct db_stmt base;
    int transient;                  /* not cached: deallocated by db_done */
    char name[16];                  /* server-side prepared statement name */
    int n_params;
    PGresult *res;                  /* the result being read, NULL before the first step */
    int row;                        /* the current row in res */
    char *values[];                 /* n_params bound values as text, owned; NULL = SQL NULL */
};

struct pg_db {
    struct db base;
    PGconn *conn;
    struct stmt_cache cache;        /* prepared statements by their '?' SQL text */
    int next_name;
    char errbuf[512];
    char reconnect_err[256];        /* why the last attempt to re-open failed, "" after success */
};

static const struct db_driver pg_driver;

/* What every session needs, at open and again after a reconnect. */
#define PG_SESSION_SETUP "SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET standard_conforming_strings = on"

/* libpq's multi-line messages as one line (for the JSON message and the log). */
static void one_line(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        char c = *r == '\n' || *r == '\t' ? ' ' : *r;
        if (c == ' ' && (w == s || w[-1] == ' ')) continue;
        *w++ = c;
    }
    while (w > s && w[-1] == ' ') w--;
    *w = '\0';
}

/* Maps a failed result's SQLSTATE to a dk status (see the file comment). */
static int map_result_error(struct pg_db *d, PGresult *res, dk_err *e)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(d->conn);
    snprintf(d->errbuf, sizeof d->errbuf, "%s", msg ? msg : "");
    one_line(d->errbuf);
    if (PQstatus(d->conn) != CONNECTION_OK) {
        if (d->reconnect_err[0]) /* the server is down: say what connecting met */
            return err_set(e, DK_EUNAVAIL, "db_unavailable", "", "无法连接数据库，请稍后重试 (cannot connect to the database): %s", d->reconnect_err);
        return err_set(e, DK_EUNAVAIL, "db_unavailable", "", "数据库连接中断，请稍后重试 (database connection lost): %s", d->errbuf);
    }
    if (!state) return err_set(e, DK_EINTERNAL, "db_error", "", "数据库错误 (database error): %s", d->errbuf);
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return err_set(e, DK_EUNAVAIL, "db_retry", "", "并发冲突，请重试 (serialization failure): %s", d->errbuf);
    if (strncmp(state, "23", 2) == 0)
        return err_set(e, DK_ECONFLICT, "conflict", "", "数据约束冲突 (constraint): %s", d->errbuf);
    if (strcmp(state, "53100") == 0)
        return err_set(e, DK_EUNAVAIL, "db_full", "", "磁盘空间不足，暂不能写入 (disk full): %s", d->errbuf);
    if (strcmp(state, "25006") == 0)
        return err_set(e, DK_EUNAVAIL, "db_readonly", "", "数据库只读，暂不能写入 (read-only): %s", d->errbuf);
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57", 2) == 0 || strncmp(state, "53", 2) == 0)
        return err_set(e, DK_EUNAVAIL, "db_unavailable", "", "数据库暂不可用 (database unavailable): %s", d->errbuf);
    return err_set(e, DK_EINTERNAL, "db_error", "", "数据库错误 (database error): %s", d->errbuf);
}

static void free_stmt(void *p)
{
    struct pg_stmt *s = p;
    PQclear(s->res);
    for (int k = 0; k < s->n_params; k++) free(s->values[k]);
    free(s);
}

/* Called as the pool hands the connection out (no transaction open, no statement held): a
 * connection the server closed while it sat idle — a restart, pg_terminate_backend — has
 * its last message waiting on the socket, which PQconsumeInput reads without blocking; a
 * connection found lost is re-opened once. A server still down leaves it lost, and the
 * request fails at its first statement with db_unavailable (503). */
static void pg_revive(db *base)
{
    struct pg_db *d = (struct pg_db *)base;
    /* twice: the first read may bring only the server's farewell, the second its end of file */
    if (PQstatus(d->conn) == CONNECTION_OK && PQconsumeInput(d->conn) && PQconsumeInput(d->conn)) return;
    stmt_cache_clear(&d->cache, free_stmt); /* server-side prepared statements went with the session */
    PQreset(d->conn);
    if (PQstatus(d->conn) != CONNECTION_OK) {
        snprintf(d->reconnect_err, sizeof d->reconnect_err, "%s", PQerrorMessage(d->conn));
        one_line(d->reconnect_err);
        return;
    }
    d->reconnect_err[0] = '\0';
    PQclear(PQexec(d->conn, PG_SESSION_SETUP));
    fprintf(stderr, "duikou: 已重新连接 PostgreSQL (reconnected to PostgreSQL)\n");
}

/* libpq's notices (and the server's last word when it closes a connection) on stderr, marked. */
static void notice(void *arg, const char *message)
{
    (void)arg;
    fprintf(stderr, "duikou: PostgreSQL: %s", message);
}

int db_pg_open(const char *url, db **out, dk_err *e)
{
    /* a server that does not answer fails the connection in 5 s (the URL's connect_timeout wins) */
    const char *const keys[] = {"connect_timeout", "dbname", NULL};
    const char *const values[] = {"5", url, NULL};
    PGconn *c = PQconnectdbParams(keys, values, 1);
    if (!c || PQstatus(c) != CONNECTION_OK) {
        err_set(e, DK_EUNAVAIL, "db_open", "db", "无法连接 PostgreSQL (cannot connect): %s", c ? PQerrorMessage(c) : "out of memory");
        PQfinish(c);
        return DK_EUNAVAIL;
    }
    PQsetNoticeProcessor(c, notice, NULL);
    struct pg_db *d = xcalloc(1, sizeof *d);
    d->base.drv = &pg_driver;
    d->conn = c;
    stmt_cache_init(&d->cache);
    PGresult *r = PQexec(c, PG_SESSION_SETUP);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) {
        err_set(e, DK_EINTERNAL, "db_open", "db", "PostgreSQL 会话设置失败 (session setup failed): %s", PQerrorMessage(c));
        pg_driver.close(&d->base);
        return DK_EINTERNAL;
    }
    *out = &d->base;
    return DK_OK;
}


static void pg_close(db *base)
{
    struct pg_db *d = (struct pg_db *)base;
    stmt_cache_clear(&d->cache, free_stmt);
    stmt_cache_free(&d->cache);
    PQfinish(d->conn);
    free(d);
}

static int pg_exec(db *base, const char *sql, dk_err *e)
{
    struct pg_db *d = (struct pg_db *)base;
    PGresult *r = PQexec(d->conn, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? DK_OK : map_result_error(d, r, e);
    PQclear(r);
    return rc;
}

/* Rewrites '?' as $n outside quotes; *n_out gets the count. Caller frees. */
static char *rewrite_placeholders(const char *sql, int *n_out)
{
    sbuf sb;
    sb_init(&sb, 0);
    int n = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote) quote = 0;
            sb_putc(&sb, *p);
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            sb_putc(&sb, *p);
        } else if (*p == '?') {
            sb_printf(&sb, "$%d", ++n);
        } else {
            sb_putc(&sb, *p);
        }
    }
    *n_out = n;
    return sb_take(&sb, NULL);
}

static db_stmt *pg_prepare(db *base, const char *sql, dk_err *e)
{
    struct pg_db *d = (struct pg_db *)base;
    struct pg_stmt *hit = stmt_cache_find(&d->cache, sql);
    if (hit) return &hit->base;
    int n = 0;
    char *text = rewrite_placeholders(sql, &n);
    if (n > PG_MAX_PARAMS) {
        free(text);
        err_set(e, DK_EINTERNAL, "db_error", "", "too many parameters (%d)", n);
        return NULL;
    }
    struct pg_stmt *s = xcalloc(1, sizeof *s + (size_t)n * sizeof s->values[0]);
    s->base.conn = base;
    s->n_params = n;
    snprintf(s->name, sizeof s->name, "dk%d", d->next_name++);
    PGresult *r = PQprepare(d->conn, s->name, text, 0, NULL);
    free(text);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        map_result_error(d, r, e);
        PQclear(r);
        free(s);
        return NULL;
    }
    PQclear(r);
    if (d->cache.len < STMT_CACHE_MAX) stmt_cache_add(&d->cache, sql, s);
    else s->transient = 1;
    return &s->base;
}

#define PS(s) ((struct pg_stmt *)(s))

static void set_value(db_stmt *s, int idx, char *v)
{
    struct pg_stmt *p = PS(s);
    if (idx < 1 || idx > p->n_params) {
        free(v);
        return;
    }
    free(p->values[idx - 1]);
    p->values[idx - 1] = v;
}

static void pg_bind_int64(db_stmt *s, int idx, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    set_value(s, idx, xstrdup(buf));
}
static void pg_bind_text(db_stmt *s, int idx, const char *v) { set_value(s, idx, v ? xstrdup(v) : NULL); }
static void pg_bind_null(db_stmt *s, int idx) { set_value(s, idx, NULL); }

static int pg_step(db_stmt *s, dk_err *e)
{
    struct pg_stmt *p = PS(s);
    struct pg_db *d = (struct pg_db *)s->conn;
    if (!p->res) {
        p->res = PQexecPrepared(d->conn, p->name, p->n_params, (const char *const *)p->values, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(p->res);
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
            int rc = map_result_error(d, p->res, e);
            PQclear(p->res);
            p->res = NULL;
            return rc;
        }
        p->row = -1;
    }
    p->row++;
    return p->row < PQntuples(p->res) ? DB_ROW : DB_DONE;
}

static int pg_col_is_null(db_stmt *s, int col)
{
    struct pg_stmt *p = PS(s);
    return !p->res || p->row >= PQntuples(p->res) || PQgetisnull(p->res, p->row, col);
}

static const char *pg_col_text(db_stmt *s, int col)
{
    return pg_col_is_null(s, col) ? NULL : PQgetvalue(PS(s)->res, PS(s)->row, col);
}

static int64_t pg_col_int64(db_stmt *s, int col)
{
    const char *t = pg_col_text(s, col);
    if (!t) return 0;
    char *end;
    errno = 0;
    long long v = strtoll(t, &end, 10);
    return errno ? 0 : v;
}

static int pg_col_count(db_stmt *s) { return PS(s)->res ? PQnfields(PS(s)->res) : 0; }
static const char *pg_col_name(db_stmt *s, int col) { return PQfname(PS(s)->res, col); }

static int pg_col_is_int(db_stmt *s, int col)
{
    if (pg_col_is_null(s, col)) return 0;
    Oid t = PQftype(PS(s)->res, col);
    if (t == 20 || t == 21 || t == 23) return 1; /* int8, int2, int4 */
    if (t != 1700) return 0;                     /* numeric: an integer when it has no point */
    return strchr(pg_col_text(s, col), '.') == NULL;
}

static void pg_done(db_stmt *s)
{
    struct pg_stmt *p = PS(s);
    if (p->transient) {
        char sql[40];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
        PQclear(PQexec(((struct pg_db *)s->conn)->conn, sql));
        free_stmt(p);
        return;
    }
    PQclear(p->res);
    p->res = NULL;
    for (int k = 0; k < p->n_params; k++) {
        free(p->values[k]);
        p->values[k] = NULL;
    }
}

static const char *pg_errmsg(const db *base) { return ((const struct pg_db *)base)->errbuf; }

static int pg_tx_open(db *base)
{
    PGTransactionStatusType t = PQtransactionStatus(((struct pg_db *)base)->conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static const struct db_driver pg_driver = {
    .dialect = DB_POSTGRES,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int64 = pg_col_int64,
    .col_text = pg_col_text,
    .col_is_null = pg_col_is_null,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_is_int = pg_col_is_int,
    .done = pg_done,
    .errmsg = pg_errmsg,
    .tx_open = pg_tx_open,
    .revive = pg_revive,
};
