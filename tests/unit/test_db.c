/*
 * test_db.c — the db interface itself, on SQLite and (unit.pg.*) PostgreSQL: statements past the
 * cache's size are prepared for one use and released; savepoints nest inside a transaction; a
 * bound value never becomes SQL.
 */
#include "testutil.h"
#include "db/stmt_cache.h"
#include <stdio.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_distinct_statements),
        cmocka_unit_test(test_savepoints_nest),
        cmocka_unit_test(test_bound_text_stays_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
