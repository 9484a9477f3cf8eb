/*
 * db_driver.h — what a database driver provides behind db.h. Private to src/db/.
 * Each driver embeds `struct db` at the start of its connection struct and `struct db_stmt`
 * at the start of its statement struct.
 */
#ifndef DUIKOU_DB_DRIVER_H
#define DUIKOU_DB_DRIVER_H
#include "db/db.h"

struct db_driver {
    enum db_dialect dialect;
    void (*close)(db *d);
    int (*exec)(db *d, const char *sql, dk_err *e);
    db_stmt *(*prepare)(db *d, const char *sql, dk_err *e);
    void (*bind_int64)(db_stmt *s, int idx, int64_t v);
    void (*bind_text)(db_stmt *s, int idx, const char *v);
    void (*bind_null)(db_stmt *s, int idx);
    int (*step)(db_stmt *s, dk_err *e);
    int64_t (*col_int64)(db_stmt *s, int col);
    const char *(*col_text)(db_stmt *s, int col);
    int (*col_is_null)(db_stmt *s, int col);
    int (*col_count)(db_stmt *s);
    const char *(*col_name)(db_stmt *s, int col);
    int (*col_is_int)(db_stmt *s, int col);
    void (*done)(db_stmt *s);
    const char *(*errmsg)(const db *d);
    /* 1 while the connection is inside a transaction by the server's own account: 0 after the
     * database rolled one back by itself (SQLite does on a full disk or an I/O error; a lost
     * PostgreSQL connection takes its transaction with it). */
    int (*tx_open)(db *d);
    /* Called when the pool hands the connection out (no transaction, no statement held):
     * brings back a connection that was lost. NULL when there is nothing to do. */
    void (*revive)(db *d);
    /* Called after the outermost COMMIT of a write: returns once the transaction would survive
     * a power cut (SQLite: the group commit of db/wal_sync.h). NULL when COMMIT already is. */
    int (*durable)(db *d, dk_err *e);
    /* Called before the outermost BEGIN of a write (DK_OK, or the write fails as busy), and once
     * that transaction's COMMIT or ROLLBACK has run (before durable): the writers of one process
     * take turns (SQLite: db/wal_sync.h). NULL when the database orders its writers itself. */
    int (*writer_enter)(db *d, dk_err *e);
    void (*writer_leave)(db *d);
};

struct db {
    const struct db_driver *drv;
    int in_tx;       /* transactions open: 0 none, 1 a transaction, more = savepoints inside it */
    int tx_write;    /* the open transaction was begun by db_begin_write */
    int tx_lost;     /* the database rolled the open transaction back: all fails until db_rollback */
    dk_err tx_err;   /* why, as first reported */
    char ro_why[160]; /* set when the database could only be opened read-only: the reason */
};

struct db_stmt {
    db *conn;
};

/* Opens a SQLite connection at path (db_sqlite.c). */
int db_sqlite_open(const char *path, db **out, dk_err *e);
/* Opens a PostgreSQL connection for a libpq URL (db_pg.c). */
int db_pg_open(const char *url, db **out, dk_err *e);

#endif
