/*
 * test_workitem.c — the rules of work-plan items and working days: Chinese working days across
 * holidays and 调休 (the real 2017–2026 calendar as loaded into a database, checked against a
 * day-by-day count), the pro-rata share, the derived status at each boundary, the item
 * warnings (due soon in working days, behind, overdue, no update for weeks), disabled rules,
 * and the escalation ladder.
 */
#include "testutil.h"
#include "core/workitem.h"
#include "service/calendar.h"
#include <string.h>

static int64_t day(const char *s)
{
    dk_date d;
    assert_true(date_parse(s, &d));
    return date_to_days(&d);
}

static struct workcal load_cal(db *d)
{
    struct workcal c;
    dk_err e;
    err_clear(&e);
    assert_int_equal(calendar_load(d, day("2016-12-01"), day("2027-01-31"), &c, &e), DK_OK);
    return c;
}

static void test_workdays_across_tiaoxiu(void **state)
{
    db *d = test_db_open();
    struct workcal c = load_cal(d);
    /* National Day 2018: 09-29 (Sat) and 09-30 (Sun) worked, 10-01..10-07 off */
    assert_true(workcal_is_workday(&c, day("2018-09-29")));
    assert_true(workcal_is_workday(&c, day("2018-09-30")));
    assert_false(workcal_is_workday(&c, day("2018-10-01")));
    assert_false(workcal_is_workday(&c, day("2018-10-05"))); /* a Friday off */
    assert_false(workcal_is_workday(&c, day("2018-09-24"))); /* Mid-Autumn, a Monday */
    assert_true(workcal_is_workday(&c, day("2018-10-08")));
    assert_int_equal(workcal_between(&c, day("2018-09-28"), day("2018-10-08")), 3);
    assert_int_equal(workcal_between(&c, day("2018-10-08"), day("2018-09-28")), -3);
    assert_int_equal(workcal_add(&c, day("2018-09-28"), 1), day("2018-09-29"));
    assert_int_equal(workcal_add(&c, day("2018-09-28"), 3), day("2018-10-08"));
    assert_int_equal(workcal_add(&c, day("2018-09-28"), 0), day("2018-09-28"));
    /* an ordinary week */
    assert_int_equal(workcal_between(&c, day("2018-11-02"), day("2018-11-09")), 5);
    /* 2018 had 250 working days (365 - 104 weekend days - 11 holidays on weekdays + 0): count them */
    assert_int_equal(workcal_between(&c, day("2017-12-31"), day("2018-12-31")), 250);
    /* the closed form agrees with counting day by day over every range in ten years */
    for (int64_t a = day("2017-01-01"); a < day("2026-12-31"); a += 37)
        for (int64_t len = 0; len < 400; len += 23) {
            int64_t n = 0;
            for (int64_t x = a + 1; x <= a + len; x++) n += workcal_is_workday(&c, x);
            assert_int_equal(workcal_between(&c, a, a + len), n);
            if (n > 0) assert_true(workcal_between(&c, a, workcal_add(&c, a, n)) == n);
        }
    workcal_free(&c);
    test_db_close(d);
    (void)state;
}

static const struct item_rules RULES = {10, 5, 10, 30, 4, 8, 1, 1, 1};

static struct item_eval eval(const struct item_rules *r, const char *start, const char *due, const char *as_of, int percent, const char *last)
{
    struct workcal c;
    workcal_init(&c, NULL, NULL, 0);
    struct item_facts f = {.percent = percent};
    assert_true(date_parse(start, &f.start));
    assert_true(date_parse(due, &f.due));
    assert_true(date_parse(as_of, &f.as_of));
    f.has_update = last && date_parse(last, &f.last_update);
    struct item_eval ev;
    item_evaluate(r, &c, &f, &ev);
    workcal_free(&c);
    return ev;
}

static int has_reason(const struct item_eval *ev, const char *rule, enum colour c)
{
    for (int i = 0; i < ev->warn.n; i++)
        if (strcmp(ev->warn.reasons[i].rule, rule) == 0 && ev->warn.reasons[i].colour == c) return 1;
    return 0;
}

static void test_expected_percent(void **state)
{
    dk_date s = {2018, 1, 1}, d = {2018, 12, 31}, a = {2018, 7, 2}, before = {2017, 12, 31}, after = {2019, 1, 1};
    assert_int_equal(item_expected_percent(&s, &d, &a), 50); /* 182 of 364 days */
    assert_int_equal(item_expected_percent(&s, &d, &before), 0);
    assert_int_equal(item_expected_percent(&s, &d, &d), 100);
    assert_int_equal(item_expected_percent(&s, &d, &after), 100);
    assert_int_equal(item_expected_percent(&s, &s, &s), 100); /* a one-day item on its day */
    (void)state;
}

static void test_status(void **state)
{
    /* at 2018-07-02 the share is 50%: 40 lags by 10 (behind), 41 by 9 (in progress) */
    assert_int_equal(eval(&RULES, "2018-01-01", "2018-12-31", "2018-07-02", 40, "2018-07-01").status, ITEM_BEHIND);
    assert_int_equal(eval(&RULES, "2018-01-01", "2018-12-31", "2018-07-02", 41, "2018-07-01").status, ITEM_IN_PROGRESS);
    assert_int_equal(eval(&RULES, "2018-01-01", "2018-12-31", "2018-07-02", 100, "2018-07-01").status, ITEM_DONE);
    /* nothing done: not started until it lags */
    assert_int_equal(eval(&RULES, "2018-09-01", "2018-12-31", "2018-07-02", 0, NULL).status, ITEM_NOT_STARTED);
    assert_int_equal(eval(&RULES, "2018-07-01", "2018-12-31", "2018-07-02", 0, NULL).status, ITEM_NOT_STARTED);
    assert_int_equal(eval(&RULES, "2018-01-01", "2018-12-31", "2018-07-02", 0, NULL).status, ITEM_BEHIND);
    /* overdue: behind and red whatever the lag rule says */
    struct item_rules off = RULES;
    off.behind_on = 0;
    struct item_eval ev = eval(&off, "2018-01-01", "2018-06-30", "2018-07-02", 99, "2018-07-01");
    assert_int_equal(ev.status, ITEM_BEHIND);
    assert_true(ev.overdue);
    assert_true(has_reason(&ev, "item_behind", COLOUR_RED));
    /* with the lag rule off, a lagging item still in time is in progress */
    assert_int_equal(eval(&off, "2018-01-01", "2018-12-31", "2018-07-02", 20, "2018-07-01").status, ITEM_IN_PROGRESS);
    /* done on the due date is done, not overdue */
    ev = eval(&RULES, "2018-01-01", "2018-06-30", "2018-07-02", 100, "2018-06-30");
    assert_int_equal(ev.status, ITEM_DONE);
    assert_false(ev.overdue);
    assert_int_equal(ev.warn.n, 0);
    (void)state;
}

static void test_warnings(void **state)
{
    /* lag 31 points: red; lag 30: yellow (red beyond 30) */
    assert_true(has_reason(&(struct item_eval){0}, "none", COLOUR_RED) == 0);
    struct item_eval ev = eval(&RULES, "2018-01-01", "2018-12-31", "2018-07-02", 19, "2018-07-01");
    assert_true(has_reason(&ev, "item_behind", COLOUR_RED));
    ev = eval(&RULES, "2018-01-01", "2018-12-31", "2018-07-02", 20, "2018-07-01");
    assert_true(has_reason(&ev, "item_behind", COLOUR_YELLOW));
    /* due soon, counted in working days (no holidays here): Fri 2018-11-23 to Fri 2018-11-30 is 5 */
    ev = eval(&RULES, "2018-11-01", "2018-11-30", "2018-11-23", 90, "2018-11-22");
    assert_int_equal(ev.workdays_left, 5);
    assert_true(has_reason(&ev, "item_due_soon", COLOUR_RED));
    ev = eval(&RULES, "2018-11-01", "2018-11-30", "2018-11-22", 90, "2018-11-22");
    assert_int_equal(ev.workdays_left, 6);
    assert_true(has_reason(&ev, "item_due_soon", COLOUR_YELLOW));
    ev = eval(&RULES, "2018-11-01", "2018-12-31", "2018-11-22", 90, "2018-11-22");
    assert_false(has_reason(&ev, "item_due_soon", COLOUR_YELLOW));
    /* no update: 4 weeks yellow, 8 red; counted from the start when never updated */
    ev = eval(&RULES, "2018-01-01", "2018-12-31", "2018-07-02", 60, "2018-06-04");
    assert_true(has_reason(&ev, "item_stale", COLOUR_YELLOW));
    ev = eval(&RULES, "2018-01-01", "2018-12-31", "2018-07-02", 60, "2018-06-05");
    assert_false(has_reason(&ev, "item_stale", COLOUR_YELLOW));
    ev = eval(&RULES, "2018-01-01", "2018-12-31", "2018-07-02", 60, "2018-05-07");
    assert_true(has_reason(&ev, "item_stale", COLOUR_RED));
    ev = eval(&RULES, "2018-06-01", "2018-12-31", "2018-07-02", 10, NULL);
    assert_true(has_reason(&ev, "item_stale", COLOUR_YELLOW));
    assert_int_equal(ev.warn.colour, COLOUR_YELLOW);
    (void)state;
}

static void test_escalation_ladder(void **state)
{
    assert_int_equal(item_escalation_rank("none"), 0);
    assert_int_equal(item_escalation_rank("reminder"), 1);
    assert_int_equal(item_escalation_rank("talk"), 2);
    assert_int_equal(item_escalation_rank("supervision"), 3);
    assert_int_equal(item_escalation_rank("督办"), -1);
    assert_string_equal(item_escalation_name("talk"), "约谈");
    assert_string_equal(item_escalation_name("none"), "");
    assert_int_equal(item_status_parse("滞后"), ITEM_BEHIND);
    assert_int_equal(item_status_parse("done"), ITEM_DONE);
    assert_int_equal(item_status_parse("late"), -1);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workdays_across_tiaoxiu), cmocka_unit_test(test_expected_percent), cmocka_unit_test(test_status),
        cmocka_unit_test(test_warnings),                cmocka_unit_test(test_escalation_ladder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
