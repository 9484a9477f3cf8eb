/*
 * db.h — the one database interface. Nothing outside src/db/ calls sqlite3_* (or, later, PQ*).
 *
 * SQL is written once, in the subset SQLite and PostgreSQL share: '?' placeholders (a driver
 * rewrites them as it needs), INSERT … RETURNING id, ON CONFLICT … DO UPDATE, BIGINT money,
 * TEXT dates (ISO 8601). Values are only ever bound, never pasted into SQL text.
 *
 * Statements are prepared once per connection and cached by their SQL text: db_prepare
 * returns the cached statement, db_done resets it for the next use. A connection belongs to
 * one thread at a time; db_pool hands them out.
 */
#ifndef DUIKOU_DB_H
#define DUIKOU_DB_H
#include <stdint.h>
#include "util/err.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

enum db_step_result {
    DB_ROW = 1,   /* a row is ready: read it with db_col_* */
    DB_DONE = 0,  /* no (more) rows */
};

enum db_dialect { DB_SQLITE, DB_POSTGRES };

/* Opens a connection to url: "postgres://…" (libpq URL), "sqlite:PATH" or a plain path. Returns DK_OK or an error in e;
 * *out is then NULL. Close with db_close. A SQLite database that exists but cannot be written
 * (a read-only mount, a file or directory this process may not write) is opened read-only:
 * reads work and every write fails with db_readonly naming why. */
int db_open(const char *url, db **out, dk_err *e);
/* Opens the SQLite database file at path read-only: nothing is ever written to it (to check a
 * backup). Close with db_close. */
int db_open_readonly(const char *path, db **out, dk_err *e);
/* Closes the connection and finalizes its cached statements. NULL is ignored. */
void db_close(db *d);
/* Which SQL dialect the connection speaks (for the few places that must differ). */
enum db_dialect db_dialect_of(const db *d);
/* The last error message of the connection (valid until the next call). */
const char *db_errmsg(const db *d);

/* Copies the whole SQLite database d into a new file at path (which must not exist) while other
 * connections go on writing — SQLite's online backup, a step at a time; the copy is one
 * consistent state, a single file. *pages (may be NULL) gets its page count. DK_EINVAL for
 * PostgreSQL (pg_dump is the tool there). */
int db_backup_to(db *d, const char *path, int *pages, dk_err *e);
/* Replaces the content of the SQLite database d with the database file at path. */
int db_restore_from(db *d, const char *path, dk_err *e);

/* Runs SQL with no parameters (may hold several statements). Returns DK_OK or fills e. */
int db_exec(db *d, const char *sql, dk_err *e);

/* Transactions. db_begin_write takes the write lock at once, so a read-then-write
 * transaction cannot fail halfway for a lock; db_begin_read gives a consistent snapshot. */
int db_begin_write(db *d, dk_err *e);
int db_begin_read(db *d, dk_err *e);
int db_commit(db *d, dk_err *e);
/* Rolls back if a transaction is open; safe to call when none is. */
void db_rollback(db *d);
/* Ends the open transaction by the outcome of the work in it: commits when rc is DK_OK (and
 * returns the commit's status), else rolls back and returns rc. */
int db_end(db *d, int rc, dk_err *e);

/* Returns the cached statement for sql (prepared on first use) or NULL with e filled. The
 * statement stays owned by the connection; release it with db_done. */
db_stmt *db_prepare(db *d, const char *sql, dk_err *e);
/* Binds the 1-based parameter idx. Text is copied. A NULL text binds SQL NULL. */
void db_bind_int64(db_stmt *s, int idx, int64_t v);
void db_bind_text(db_stmt *s, int idx, const char *v);
void db_bind_null(db_stmt *s, int idx);
/* Binds v, or SQL NULL when has is 0. */
void db_bind_opt_int64(db_stmt *s, int idx, int has, int64_t v);
/* Steps the statement: DB_ROW, DB_DONE, or a negative DK_E* with e filled
 * (DK_ECONFLICT for a unique or foreign-key violation; DK_EUNAVAIL, a 503, for a database that
 * cannot take the request now, with code db_busy, db_full (disk full), db_readonly (read-only
 * file or file system), db_io (the storage failed), db_unavailable (the PostgreSQL connection
 * lost or the server down) or db_retry (a PostgreSQL serialization failure: run it again)).
 * When the database rolls the open transaction back by itself (SQLite does on a full disk),
 * every later call on the connection fails with that first error until db_rollback, so
 * nothing of the use case is committed piecemeal. */
int db_step(db_stmt *s, dk_err *e);
/* Column readers for the current row (0-based). Text is valid until the next step or done;
 * NULL reads as NULL (text) or 0 (int). */
int64_t db_col_int64(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col);
int db_col_is_null(db_stmt *s, int col);
/* The number of result columns, a column's name, and whether its value in the current row is
 * an integer (else text or NULL). */
int db_col_count(db_stmt *s);
const char *db_col_name(db_stmt *s, int col);
int db_col_is_int(db_stmt *s, int col);
/* Resets the statement and clears its bindings so the cache can hand it out again. */
void db_done(db_stmt *s);

/* One-shot helpers: run sql with the given int64 parameters (n of them) and return the first
 * column of the first row. db_int64 returns def when there is no row. */
int db_run(db *d, const char *sql, dk_err *e, int n, ...);
int64_t db_int64(db *d, const char *sql, int64_t def, int n, ...);

/* The fault the last failed write met ("db_full", "db_readonly", "db_io", "db_unavailable"),
 * or "" when none did since a write last committed; copied into code. Process-wide: the server
 * logs a line on stderr when it changes (see docs/operations.md, "Faults"). */
void db_fault_state(char code[48]);

/* A small pool of connections shared by the server's worker threads. */
typedef struct db_pool db_pool;
/* Opens n connections to url. Returns NULL with e filled on failure. */
db_pool *db_pool_open(const char *url, int n, dk_err *e);
/* Takes a connection (blocks while all are in use); a PostgreSQL connection found lost is
 * re-opened first. Give it back with db_pool_put. */
db *db_pool_get(db_pool *p);
/* Returns a connection to the pool (rolling back any transaction left open). */
void db_pool_put(db_pool *p, db *d);
/* Closes every connection. NULL is ignored. */
void db_pool_close(db_pool *p);

#endif
