/*
 * test_audit.c — the audit trail: rows carry who, from where, what changed before → after;
 * the hash chain holds over appends and finds a row changed, removed or inserted behind
 * duikou's back. Runs on SQLite and (unit.pg.*) on PostgreSQL.
 */
#include "testutil.h"
#include "store/audit.h"
#include <string.h>

static const struct actor OFFICE = {"合作办", ROLE_OFFICE, 0, "10.1.2.3", 0, NULL, 0, 0};

static void append_three(db *d)
{
    for (int i = 1; i <= 3; i++) {
        json_t *before = json_pack("{s:i, s:s}", "amount", i, "same", "x");
        json_t *after = json_pack("{s:i, s:s}", "amount", i * 10, "same", "x");
        json_t *detail = json_pack("{s:i}", "amount", i * 10);
        struct audit_entry a = {&OFFICE, "progress.replace", "projects", i, detail, before, after};
        dk_err e;
        err_clear(&e);
        assert_int_equal(db_begin_write(d, &e), DK_OK);
        assert_int_equal(audit_write(d, &a, &e), DK_OK);
        assert_int_equal(db_commit(d, &e), DK_OK);
        json_decref(before);
        json_decref(after);
        json_decref(detail);
    }
}

static int verify(db *d, int64_t *bad)
{
    int64_t rows;
    dk_err e;
    err_clear(&e);
    return audit_verify(d, &rows, bad, &e);
}

static void test_rows_carry_who_where_and_the_change(void **state)
{
    db *d = test_db_open();
    append_three(d);
    db_stmt *s = db_prepare(d, "SELECT actor, ip, action, before_json, after_json, prev_hash, hash FROM audit_log ORDER BY id", NULL);
    assert_non_null(s);
    assert_int_equal(db_step(s, NULL), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "合作办");
    assert_string_equal(db_col_text(s, 1), "10.1.2.3");
    assert_string_equal(db_col_text(s, 2), "progress.replace");
    assert_string_equal(db_col_text(s, 3), "{\"amount\":1}"); /* only the changed key is kept */
    assert_string_equal(db_col_text(s, 4), "{\"amount\":10}");
    assert_true(db_col_is_null(s, 5));                       /* the first row has no predecessor */
    char first_hash[80];
    snprintf(first_hash, sizeof first_hash, "%s", db_col_text(s, 6));
    assert_int_equal(strlen(first_hash), 64);
    assert_int_equal(db_step(s, NULL), DB_ROW);
    assert_string_equal(db_col_text(s, 5), first_hash);      /* chained */
    db_done(s);
    int64_t bad = -1;
    assert_int_equal(verify(d, &bad), DK_OK);
    test_db_close(d);
}

static void test_changed_row_found(void **state)
{
    db *d = test_db_open();
    append_three(d);
    assert_int_equal(db_exec(d, "UPDATE audit_log SET after_json = '{\"amount\":99}' WHERE entity_id = 2", NULL), DK_OK);
    int64_t bad = 0;
    assert_int_equal(verify(d, &bad), DK_ERULE);
    assert_int_equal(bad, db_int64(d, "SELECT id FROM audit_log WHERE entity_id = 2", 0, 0));
    test_db_close(d);
}

static void test_removed_row_found(void **state)
{
    db *d = test_db_open();
    append_three(d);
    assert_int_equal(db_exec(d, "DELETE FROM audit_log WHERE entity_id = 2", NULL), DK_OK);
    int64_t bad = 0;
    assert_int_equal(verify(d, &bad), DK_ERULE);
    assert_int_equal(bad, db_int64(d, "SELECT id FROM audit_log WHERE entity_id = 3", 0, 0));
    test_db_close(d);
}

static void test_inserted_row_found(void **state)
{
    db *d = test_db_open();
    append_three(d);
    assert_int_equal(db_exec(d, "INSERT INTO audit_log (at, actor, action, entity, entity_id, prev_hash, hash) "
                                "SELECT at, 'x', action, entity, 9, prev_hash, hash FROM audit_log WHERE entity_id = 3",
                             NULL),
                     DK_OK);
    int64_t bad = 0;
    assert_int_equal(verify(d, &bad), DK_ERULE);
    assert_int_equal(bad, db_int64(d, "SELECT id FROM audit_log WHERE entity_id = 9", 0, 0));
    test_db_close(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_carry_who_where_and_the_change),
        cmocka_unit_test(test_changed_row_found),
        cmocka_unit_test(test_removed_row_found),
        cmocka_unit_test(test_inserted_row_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
