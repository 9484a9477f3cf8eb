/*
 * test_db.c — the db interface itself, on SQLite and (unit.pg.*) PostgreSQL: statements past the
 * cache's size are prepared for one use and released; savepoints nest inside a transaction; a
 * bound value never becomes SQL; the writers of one process take turns on a SQLite file
 * (db/wal_sync.h), none fails as busy and none loses another's update.
 */
#include "testutil.h"
#include "db/stmt_cache.h"
#include "db/wal_sync.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_many_distinct_statements(void **state)
{
    db *d = test_db_open();
    for (int i = 0; i < STMT_CACHE_MAX + 100; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT ? + %d", i);
        db_stmt *s = db_prepare(d, sql, NULL);
        assert_non_null(s);
        db_bind_int64(s, 1, 1000);
        assert_int_equal(db_step(s, NULL), DB_ROW);
        assert_int_equal(db_col_int64(s, 0), 1000 + i);
        db_done(s); /* past the cache's size this releases the statement (ASan would see a leak) */
    }
    test_db_close(d);
}

static void test_savepoints_nest(void **state)
{
    db *d = test_db_open();
    dk_err e;
    err_clear(&e);
    assert_int_equal(db_begin_write(d, &e), DK_OK);
    assert_int_equal(db_exec(d, "INSERT INTO calendar_days (day, name, is_off_day) VALUES ('2099-01-01', 'outer', 1)", &e), DK_OK);
    assert_int_equal(db_begin_write(d, &e), DK_OK); /* a savepoint */
    assert_int_equal(db_exec(d, "INSERT INTO calendar_days (day, name, is_off_day) VALUES ('2099-01-02', 'inner', 1)", &e), DK_OK);
    db_rollback(d); /* undoes only the inner part */
    assert_int_equal(db_begin_write(d, &e), DK_OK);
    assert_int_equal(db_exec(d, "INSERT INTO calendar_days (day, name, is_off_day) VALUES ('2099-01-03', 'kept', 1)", &e), DK_OK);
    assert_int_equal(db_commit(d, &e), DK_OK);
    assert_int_equal(db_commit(d, &e), DK_OK);
    assert_int_equal(db_int64(d, "SELECT COUNT(*) FROM calendar_days WHERE day >= '2099-01-01'", -1, 0), 2);
    test_db_close(d);
}

static void test_bound_text_stays_text(void **state)
{
    db *d = test_db_open();
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM regions WHERE name = ?", NULL);
    assert_non_null(s);
    db_bind_text(s, 1, "x' OR '1'='1");
    assert_int_equal(db_step(s, NULL), DB_ROW);
    assert_int_equal(db_col_int64(s, 0), 0);
    db_done(s);
    test_db_close(d);
}

/* The turn itself: taken once at a time, a wait ends at its deadline, and a waiter gets the turn
 * when it is given back. */
struct waiter {
    struct wal_sync *g;
    volatile int got; /* -1 still waiting, else what wal_sync_writer_enter returned */
};

static void *wait_for_turn(void *arg)
{
    struct waiter *w = arg;
    w->got = wal_sync_writer_enter(w->g, 30000);
    return NULL;
}

static void test_writer_turn(void **state)
{
    struct wal_sync *g = wal_sync_for("/nonexistent/test_writer_turn.db-wal");
    assert_non_null(g);
    assert_int_equal(wal_sync_writer_enter(g, 1000), 1);
    assert_int_equal(wal_sync_writer_enter(g, 50), 0); /* taken: the wait ends at the deadline */
    struct waiter w = {g, -1};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, wait_for_turn, &w), 0);
    usleep(100 * 1000);
    assert_int_equal(w.got, -1); /* still waiting while the turn is held */
    wal_sync_writer_leave(g);
    pthread_join(t, NULL);
    assert_int_equal(w.got, 1);
    wal_sync_writer_leave(g);
    assert_int_equal(wal_sync_writer_enter(g, 50), 1);
    wal_sync_writer_leave(g);
}

/* Threads with their own connections to one file, each adding one to a counter many times in
 * read-then-write transactions: every transaction succeeds and the sum is exact. */
#define WRITERS 6
#define ROUNDS 150

struct writer {
    const char *path;
    int failures;
};

static void *add_rounds(void *arg)
{
    struct writer *w = arg;
    db *d = NULL;
    dk_err e;
    err_clear(&e);
    if (db_open(w->path, &d, &e) != DK_OK) {
        w->failures = ROUNDS;
        return NULL;
    }
    for (int i = 0; i < ROUNDS; i++) {
        if (db_begin_write(d, &e) != DK_OK) {
            w->failures++;
            continue;
        }
        int64_t n = db_int64(d, "SELECT n FROM counter", -1, 0);
        if (n < 0 || db_run(d, "UPDATE counter SET n = ?", &e, 1, n + 1) != DK_OK || db_commit(d, &e) != DK_OK) {
            w->failures++;
            db_rollback(d);
        }
    }
    db_close(d);
    return NULL;
}

static void test_writers_take_turns(void **state)
{
    char path[256];
    test_tmp_file(path, sizeof path, "turns");
    db *d = NULL;
    dk_err e;
    err_clear(&e);
    assert_int_equal(db_open(path, &d, &e), DK_OK);
    assert_int_equal(db_exec(d, "CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0)", &e), DK_OK);
    struct writer w[WRITERS];
    pthread_t t[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (struct writer){path, 0};
        assert_int_equal(pthread_create(&t[i], NULL, add_rounds, &w[i]), 0);
    }
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    assert_int_equal(db_int64(d, "SELECT n FROM counter", -1, 0), WRITERS * ROUNDS);
    db_close(d);
    test_sqlite_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_distinct_statements),
        cmocka_unit_test(test_savepoints_nest),
        cmocka_unit_test(test_bound_text_stays_text),
        cmocka_unit_test(test_writer_turn),
        cmocka_unit_test(test_writers_take_turns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
