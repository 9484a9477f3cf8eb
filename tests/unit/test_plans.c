/*
 * test_plans.c — the plan side's use cases against a real database (SQLite, and PostgreSQL in
 * the unit.pg run): the record engine (required, fixed and derived fields, references within
 * the pairing, exact decimals, link tables replaced on change, If-Match), carry-over (history
 * and link kept, once, never a done item, only forward), escalation (only upwards, recorded),
 * and that a refused write leaves nothing behind.
 */
#include "testutil.h"
#include "service/kinds.h"
#include "service/workitems.h"
#include <stdlib.h>
#include <string.h>

static const struct actor ADMIN = {"tester", ROLE_ADMIN, 0, NULL, 0, NULL, 1, 0};

struct fixture {
    db *d;
    int64_t pairing, unit_a, unit_b, plan18, plan19, domain;
};

static int64_t make(db *d, const struct rec_kind *k, json_t *body)
{
    dk_err e;
    err_clear(&e);
    int64_t id = 0;
    int rc = rec_create(d, k, &ADMIN, body, &id, &e);
    json_decref(body);
    if (rc != DK_OK) fail_msg("create %s: %s (%s)", k->name, e.message, e.field);
    return id;
}

static int refused(db *d, const struct rec_kind *k, json_t *body, const char *code, const char *field)
{
    dk_err e;
    err_clear(&e);
    int64_t id = 0;
    int rc = rec_create(d, k, &ADMIN, body, &id, &e);
    json_decref(body);
    if (rc == DK_OK) fail_msg("%s: accepted, expected %s", k->name, code);
    if (strcmp(e.code, code) != 0 || strcmp(e.field, field) != 0) fail_msg("%s: got %s/%s, expected %s/%s (%s)", k->name, e.code, e.field, code, field, e.message);
    return 1;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->d = test_db_open();
    db_run(f->d, "INSERT INTO pairings (code, name, programme, level, host_region, partner_region, start_date) "
                 "VALUES ('t-p', '测试结对', '测试', 'city', '210100', '110000', '2017-01-01')", NULL, 0);
    f->pairing = db_int64(f->d, "SELECT id FROM pairings WHERE code = 't-p'", 0, 0);
    f->unit_a = make(f->d, &kind_units, json_pack("{s:s, s:s, s:s, s:s}", "pairing", "t-p", "side", "partner", "kind", "department", "name", "甲单位"));
    f->unit_b = make(f->d, &kind_units, json_pack("{s:s, s:s, s:s, s:s}", "pairing", "t-p", "side", "host", "kind", "department", "name", "乙单位"));
    f->plan18 = make(f->d, &kind_work_plans, json_pack("{s:s, s:i, s:s}", "pairing", "t-p", "year", 2018, "title", "2018"));
    f->plan19 = make(f->d, &kind_work_plans, json_pack("{s:s, s:i, s:s}", "pairing", "t-p", "year", 2019, "title", "2019"));
    f->domain = make(f->d, &kind_plan_domains, json_pack("{s:I, s:i, s:s}", "work_plan_id", (json_int_t)f->plan18, "seq", 1, "name", "产业合作"));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    test_db_close(f->d);
    free(f);
    return 0;
}

static int64_t item(struct fixture *f, const char *code)
{
    return make(f->d, &kind_work_items,
                json_pack("{s:I, s:s, s:s, s:I, s:[I], s:s, s:s}", "domain_id", (json_int_t)f->domain, "code", code, "title", "事项", "lead_unit_id",
                          (json_int_t)f->unit_a, "co_unit_ids", (json_int_t)f->unit_b, "start_date", "2018-01-01", "due_date", "2018-12-31"));
}

static void report(struct fixture *f, int64_t id, const char *date, int percent)
{
    dk_err e;
    err_clear(&e);
    int64_t up;
    json_t *b = json_pack("{s:s, s:i, s:s}", "update_date", date, "percent", percent, "note", "进展");
    int rc = workitems_report(f->d, &ADMIN, id, b, &up, &e);
    json_decref(b);
    if (rc != DK_OK) fail_msg("report: %s", e.message);
}

static void test_engine_rules(void **state)
{
    struct fixture *f = *state;
    int64_t audit = db_int64(f->d, "SELECT COUNT(*) FROM audit_log", 0, 0);
    refused(f->d, &kind_work_items, json_pack("{s:I, s:s}", "domain_id", (json_int_t)f->domain, "code", "X"), "missing_field", "title");
    refused(f->d, &kind_work_items, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:i}", "domain_id", (json_int_t)f->domain, "code", "X", "title", "t", "lead_unit_id",
                                              (json_int_t)f->unit_a, "start_date", "2018-01-01", "due_date", "2018-12-31", "percent", 50),
            "derived_field", "percent");
    refused(f->d, &kind_work_items, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "domain_id", (json_int_t)f->domain, "code", "X", "title", "t", "lead_unit_id",
                                              (json_int_t)999999, "start_date", "2018-01-01", "due_date", "2018-12-31"),
            "unknown_reference", "lead_unit_id");
    refused(f->d, &kind_work_items, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "domain_id", (json_int_t)f->domain, "code", "X", "title", "t", "lead_unit_id",
                                              (json_int_t)f->unit_a, "start_date", "2018-05-01", "due_date", "2018-04-30"),
            "due_before_start", "due_date");
    refused(f->d, &kind_indicators, json_pack("{s:I, s:s, s:s, s:s, s:i}", "task_id", (json_int_t)1, "name", "n", "measure", "m", "target", "1.0001", "target_year", 2020),
            "invalid_field", "target");
    assert_int_equal(db_int64(f->d, "SELECT COUNT(*) FROM audit_log", 0, 0), audit);
    assert_int_equal(db_int64(f->d, "SELECT COUNT(*) FROM work_items", -1, 0), 0);

    int64_t id = item(f, "E-1");
    dk_err e;
    err_clear(&e);
    json_t *patch = json_pack("{s:[]}", "co_unit_ids");
    assert_int_equal(rec_update(f->d, &kind_work_items, &ADMIN, id, 1, patch, &e), DK_OK);
    json_decref(patch);
    assert_int_equal(db_int64(f->d, "SELECT COUNT(*) FROM work_item_units WHERE item_id = ?", -1, 1, id), 0);
    patch = json_pack("{s:s}", "title", "再改");
    assert_int_equal(rec_update(f->d, &kind_work_items, &ADMIN, id, 1, patch, &e), DK_ESTALE);
    assert_int_equal(rec_update(f->d, &kind_work_items, &ADMIN, id, 2, patch, &e), DK_OK);
    json_decref(patch);
    patch = json_pack("{s:s}", "code", "E-2");
    assert_int_equal(rec_update(f->d, &kind_work_items, &ADMIN, id, 0, patch, &e), DK_ERULE);
    assert_string_equal(e.code, "fixed_field");
    json_decref(patch);
    json_t *got = rec_get(f->d, &kind_work_items, id, 0, NULL, &e);
    assert_non_null(got);
    assert_string_equal(json_string_value(json_object_get(got, "title")), "再改");
    assert_int_equal(json_integer_value(json_object_get(got, "version")), 3);
    json_decref(got);
    /* out of scope: an account of another pairing does not see it */
    assert_null(rec_get(f->d, &kind_work_items, id, f->pairing + 1000, NULL, &e));
    assert_int_equal(e.status, DK_ENOTFOUND);
}

static void test_decimals(void **state)
{
    int64_t v;
    assert_int_equal(rec_decimal_parse("12.5", &v), 0);
    assert_int_equal(v, 12500);
    assert_int_equal(rec_decimal_parse("-0.125", &v), 0);
    assert_int_equal(v, -125);
    assert_int_equal(rec_decimal_parse("1,025.1", &v), 0);
    assert_int_equal(v, 1025100);
    assert_int_equal(rec_decimal_parse("1.2345", &v), -1);
    assert_int_equal(rec_decimal_parse("", &v), -1);
    assert_int_equal(rec_decimal_parse(",1", &v), -1);
    assert_int_equal(rec_decimal_parse("1e3", &v), -1);
    assert_int_equal(rec_decimal_parse("99999999999999999999", &v), -1);
    char out[32];
    rec_decimal_format(12500, out);
    assert_string_equal(out, "12.5");
    rec_decimal_format(-125, out);
    assert_string_equal(out, "-0.125");
    rec_decimal_format(3000, out);
    assert_string_equal(out, "3");
    (void)state;
}

static void test_carry_over(void **state)
{
    struct fixture *f = *state;
    int64_t open = item(f, "C-1"), done = item(f, "C-2");
    report(f, open, "2018-06-30", 60);
    report(f, done, "2018-06-30", 100);
    dk_err e;
    err_clear(&e);
    int64_t nid = 0;
    json_t *b = json_pack("{s:i}", "year", 2019);
    assert_int_equal(workitems_carry_over(f->d, &ADMIN, done, b, &nid, &e), DK_ERULE);
    assert_string_equal(e.code, "already_done");
    assert_int_equal(workitems_carry_over(f->d, &ADMIN, open, b, &nid, &e), DK_OK);
    assert_int_equal(workitems_carry_over(f->d, &ADMIN, open, b, &nid, &e), DK_ECONFLICT);
    json_decref(b);
    b = json_pack("{s:i}", "year", 2017);
    int64_t other = item(f, "C-3");
    assert_int_equal(workitems_carry_over(f->d, &ADMIN, other, b, &nid, &e), DK_ERULE);
    assert_string_equal(e.code, "not_later");
    json_decref(b);
    json_t *n = rec_get(f->d, &kind_work_items, db_int64(f->d, "SELECT id FROM work_items WHERE carried_from_id = ?", 0, 1, open), 0, NULL, &e);
    assert_non_null(n);
    assert_string_equal(json_string_value(json_object_get(n, "code")), "2019-C-1");
    assert_int_equal(json_integer_value(json_object_get(n, "percent")), 60);
    assert_int_equal(json_integer_value(json_object_get(n, "work_plan_id")), f->plan19);
    assert_int_equal(json_array_size(json_object_get(n, "co_unit_ids")), 1);
    assert_string_equal(json_string_value(json_object_get(n, "domain")), "产业合作");
    json_decref(n);
    /* the domain was made in 2019's plan, once */
    assert_int_equal(db_int64(f->d, "SELECT COUNT(*) FROM plan_domains WHERE work_plan_id = ?", -1, 1, f->plan19), 1);
}

static void test_escalation(void **state)
{
    struct fixture *f = *state;
    int64_t id = item(f, "S-1");
    dk_err e;
    err_clear(&e);
    json_t *talk = json_pack("{s:s, s:s}", "level", "talk", "reason", "滞后"), *remind = json_pack("{s:s, s:s}", "level", "reminder", "reason", "提醒");
    assert_int_equal(workitems_escalate(f->d, &ADMIN, id, 0, talk, &e), DK_OK);
    assert_int_equal(workitems_escalate(f->d, &ADMIN, id, 0, remind, &e), DK_ERULE);
    assert_string_equal(e.code, "not_higher");
    assert_int_equal(workitems_escalate(f->d, &ADMIN, id, 0, talk, &e), DK_ERULE);
    const struct actor unit = {"unit", ROLE_UNIT, f->unit_a, NULL, f->pairing, NULL, 0, 0};
    json_t *sup = json_pack("{s:s, s:s}", "level", "supervision", "reason", "督办");
    assert_int_equal(workitems_escalate(f->d, &unit, id, 0, sup, &e), DK_EFORBIDDEN);
    assert_int_equal(db_int64(f->d, "SELECT COUNT(*) FROM escalations WHERE item_id = ?", -1, 1, id), 1);
    /* the lead unit may report, a unit of the other side may not */
    int64_t up;
    json_t *u = json_pack("{s:s, s:i, s:s}", "update_date", "2018-03-01", "percent", 10, "note", "n");
    assert_int_equal(workitems_report(f->d, &unit, id, u, &up, &e), DK_OK);
    const struct actor stranger = {"stranger", ROLE_UNIT, f->unit_b + 1000, NULL, f->pairing, NULL, 0, 0};
    assert_int_equal(workitems_report(f->d, &stranger, id, u, &up, &e), DK_EFORBIDDEN);
    json_decref(u);
    json_decref(sup);
    json_decref(talk);
    json_decref(remind);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_engine_rules, setup, teardown),
        cmocka_unit_test(test_decimals),
        cmocka_unit_test_setup_teardown(test_carry_over, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escalation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
