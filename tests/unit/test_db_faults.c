/*
 * test_db_faults.c — what the db layer does when SQLite's storage fails under a transaction
 * (SQLite only: a database page limit stands in for a full disk; tests/api/faults.test.mjs
 * fills a real file system). On a full disk SQLite rolls the whole transaction back and goes
 * on in autocommit mode: every later statement of the use case must fail with the same 503,
 * not be committed on its own, and the connection must work again once there is room.
 */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[512], path[600];

/* A new empty SQLite database with two tables, in its own temporary directory, that may grow
 * by `room` pages more (SQLite's page limit standing in for a full disk), or freely for 0. */
static db *open_scratch(int room)
{
    const char *base = getenv("DUIKOU_TEST_TMP");
    snprintf(dir, sizeof dir, "%s/dbfaults-XXXXXX", base && *base ? base : "/tmp");
    if (base && *base) mkdir(base, 0755); /* may exist */
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.db", dir);
    db *d = NULL;
    dk_err e;
    err_clear(&e);
    assert_int_equal(db_open(path, &d, &e), DK_OK);
    assert_int_equal(db_exec(d, "CREATE TABLE big (a TEXT); CREATE TABLE marks (a TEXT)", &e), DK_OK);
    if (room) {
        char limit[64];
        snprintf(limit, sizeof limit, "PRAGMA max_page_count = %lld", (long long)db_int64(d, "PRAGMA page_count", 0, 0) + room);
        assert_int_equal(db_exec(d, limit, &e), DK_OK);
    }
    return d;
}

static void close_scratch(db *d)
{
    db_close(d);
    test_sqlite_remove(path);
    rmdir(dir);
}

/* Inserts 3000-byte rows until the database refuses one; returns that status. */
static int fill(db *d, dk_err *e)
{
    char text[3001];
    memset(text, 'x', 3000);
    text[3000] = '\0';
    for (int i = 0; i < 10000; i++) {
        db_stmt *s = db_prepare(d, "INSERT INTO big (a) VALUES (?)", e);
        if (!s) return e->status;
        db_bind_text(s, 1, text);
        int rc = db_step(s, e);
        db_done(s);
        if (rc < 0) return rc;
    }
    return DK_OK;
}

static void test_full_disk_fails_the_rest_of_the_transaction(void **state)
{
    (void)state;
    db *d = open_scratch(16);
    dk_err e;
    err_clear(&e);

    assert_int_equal(db_begin_write(d, &e), DK_OK);
    assert_int_equal(db_exec(d, "INSERT INTO marks (a) VALUES ('before')", &e), DK_OK);
    assert_int_equal(fill(d, &e), DK_EUNAVAIL);
    assert_string_equal(e.code, "db_full");
    assert_non_null(strstr(e.message, "disk full"));

    /* SQLite has rolled the transaction back; what the use case does next must not commit */
    assert_int_equal(db_int64(d, "SELECT COUNT(*) FROM big", -1, 0), -1);
    err_clear(&e);
    assert_int_equal(db_exec(d, "INSERT INTO marks (a) VALUES ('after')", &e), DK_EUNAVAIL);
    assert_string_equal(e.code, "db_full");
    err_clear(&e);
    assert_int_equal(db_begin_write(d, &e), DK_EUNAVAIL); /* a savepoint would start a new transaction */
    err_clear(&e);
    assert_int_equal(db_commit(d, &e), DK_EUNAVAIL);
    assert_string_equal(e.code, "db_full");

    assert_int_equal(db_int64(d, "SELECT COUNT(*) FROM marks", -1, 0), 0);
    assert_int_equal(db_int64(d, "SELECT COUNT(*) FROM big", -1, 0), 0);

    /* room again: the same connection writes */
    assert_int_equal(db_exec(d, "PRAGMA max_page_count = 1000000", &e), DK_OK);
    assert_int_equal(db_begin_write(d, &e), DK_OK);
    assert_int_equal(db_exec(d, "INSERT INTO marks (a) VALUES ('later')", &e), DK_OK);
    assert_int_equal(db_commit(d, &e), DK_OK);
    assert_int_equal(db_int64(d, "SELECT COUNT(*) FROM marks", -1, 0), 1);
    close_scratch(d);
}

static void test_full_disk_inside_a_savepoint(void **state)
{
    (void)state;
    db *d = open_scratch(16);
    dk_err e;
    err_clear(&e);

    assert_int_equal(db_begin_write(d, &e), DK_OK);
    assert_int_equal(db_exec(d, "INSERT INTO marks (a) VALUES ('outer')", &e), DK_OK);
    assert_int_equal(db_begin_write(d, &e), DK_OK); /* an import row, an approval's inner change */
    assert_int_equal(fill(d, &e), DK_EUNAVAIL);
    db_rollback(d); /* the row is given up; the outer use case goes on */
    err_clear(&e);
    assert_int_equal(db_exec(d, "INSERT INTO marks (a) VALUES ('next row')", &e), DK_EUNAVAIL);
    assert_string_equal(e.code, "db_full");
    assert_int_equal(db_end(d, DK_OK, &e), DK_EUNAVAIL);
    assert_int_equal(db_int64(d, "SELECT COUNT(*) FROM marks", -1, 0), 0);
    close_scratch(d);
}

static void test_read_only_is_a_503_naming_it(void **state)
{
    (void)state;
    db *d = open_scratch(0);
    dk_err e;
    err_clear(&e);
    assert_int_equal(db_exec(d, "PRAGMA query_only = 1", &e), DK_OK);
    assert_int_equal(db_exec(d, "INSERT INTO marks (a) VALUES ('x')", &e), DK_EUNAVAIL);
    assert_string_equal(e.code, "db_readonly");
    assert_non_null(strstr(e.message, "read-only"));
    close_scratch(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_disk_fails_the_rest_of_the_transaction),
        cmocka_unit_test(test_full_disk_inside_a_savepoint),
        cmocka_unit_test(test_read_only_is_a_503_naming_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
