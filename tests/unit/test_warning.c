/*
 * test_warning.c — unit tests of core/warning with the default thresholds of the
 * warning_rules table (progress_lag yellow 10 / red 30 points, start_overdue yellow 0 / red
 * 3 months, no_report yellow 2 / red 3 months): the exact boundaries of each rule, the months
 * elapsed in the year, the annual plan's year, the stages each rule applies to, disabled rules,
 * the worst colour winning, the reasons' rule codes, and the colour names.
 */
#include "testutil.h"
#include "core/warning.h"
#include <stdio.h>
#include <string.h>

enum { R_LAG, R_OVERDUE, R_NOREPORT, R_N };

/* The defaults of 001_init.sql. */
static void default_rules(struct warning_rule r[R_N])
{
    memset(r, 0, sizeof(struct warning_rule) * R_N);
    snprintf(r[R_LAG].code, sizeof r[R_LAG].code, "progress_lag");
    r[R_LAG].yellow_at = 10;
    r[R_LAG].red_at = 30;
    r[R_LAG].enabled = 1;
    snprintf(r[R_OVERDUE].code, sizeof r[R_OVERDUE].code, "start_overdue");
    r[R_OVERDUE].yellow_at = 0;
    r[R_OVERDUE].red_at = 3;
    r[R_OVERDUE].enabled = 1;
    snprintf(r[R_NOREPORT].code, sizeof r[R_NOREPORT].code, "no_report");
    r[R_NOREPORT].yellow_at = 2;
    r[R_NOREPORT].red_at = 3;
    r[R_NOREPORT].enabled = 1;
}

static int month_idx(int y, int m) { return y * 12 + (m - 1); }

/* An input that no rule fires on: stage as given, nothing planned, never signed. */
static struct warning_input input(enum stage s, int y, int m, int d)
{
    struct warning_input in;
    memset(&in, 0, sizeof in);
    in.stage = s;
    in.as_of = (dk_date){y, m, d};
    in.annual_plan = 0;
    in.annual_plan_year = y;
    in.done_in_year = 0;
    in.last_report_month = -1;
    in.signed_month = -1;
    in.planned_start_month = -1;
    return in;
}

/* A signed project with an annual plan of 10000 yuan for the as-of year and done yuan done. */
static struct warning_input lag_input(enum stage s, int y, int m, int d, int64_t done)
{
    struct warning_input in = input(s, y, m, d);
    in.annual_plan = 10000;
    in.done_in_year = done;
    return in;
}

static struct warning_result eval(const struct warning_input *in)
{
    struct warning_rule r[R_N];
    default_rules(r);
    struct warning_result w;
    memset(&w, 0x5a, sizeof w);
    warning_eval(r, R_N, in, &w);
    return w;
}

/* Asserts the result has exactly one reason from rule with colour c (green: no reason). */
static void assert_single(const struct warning_result *w, const char *rule, enum colour c)
{
    if (c == COLOUR_GREEN) {
        if (w->n != 0) print_error("expected green, got %s: %s\n", w->reasons[0].rule, w->reasons[0].message);
        assert_int_equal(w->n, 0);
        assert_int_equal(w->colour, COLOUR_GREEN);
        return;
    }
    if (w->n != 1 || w->colour != c) print_error("expected one %s reason from %s, got n=%d colour=%d\n", colour_code(c), rule, w->n, w->colour);
    assert_int_equal(w->n, 1);
    assert_int_equal(w->colour, c);
    assert_string_equal(w->reasons[0].rule, rule);
    assert_int_equal(w->reasons[0].colour, c);
    assert_true(w->reasons[0].message[0] != '\0');
}

/* --- progress_lag -------------------------------------------------------------------- */

/* As of 30 June six months are due: the pro-rata share is exactly 50.00%. */
static void test_lag_boundaries(void **state)
{
    (void)state;
    struct warning_input in;
    struct warning_result w;
    in = lag_input(STAGE_SIGNED, 2018, 6, 30, 5000); /* on schedule */
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_GREEN);
    in = lag_input(STAGE_SIGNED, 2018, 6, 30, 4001); /* behind 9.99 points */
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_GREEN);
    in = lag_input(STAGE_SIGNED, 2018, 6, 30, 4000); /* behind exactly 10.00 */
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_YELLOW);
    assert_non_null(strstr(w.reasons[0].message, "落后 10.00 个百分点"));
    assert_non_null(strstr(w.reasons[0].message, "序时进度 50.00%"));
    assert_non_null(strstr(w.reasons[0].message, "年度计划完成 40.00%"));
    in = lag_input(STAGE_SIGNED, 2018, 6, 30, 2000); /* behind exactly 30.00: still yellow */
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_YELLOW);
    in = lag_input(STAGE_SIGNED, 2018, 6, 30, 1999); /* behind 30.01 */
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_RED);
    assert_non_null(strstr(w.reasons[0].message, "落后 30.01 个百分点"));
    in = lag_input(STAGE_SIGNED, 2018, 6, 30, 0);
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_RED);
    in = lag_input(STAGE_SIGNED, 2018, 6, 30, 9000); /* ahead of schedule */
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_GREEN);
}

static void test_months_elapsed(void **state)
{
    (void)state;
    dk_date d;
    d = (dk_date){2018, 6, 30};
    assert_int_equal(warning_months_elapsed(&d), 6);
    d = (dk_date){2018, 6, 29};
    assert_int_equal(warning_months_elapsed(&d), 5);
    d = (dk_date){2018, 7, 1};
    assert_int_equal(warning_months_elapsed(&d), 6);
    d = (dk_date){2018, 1, 1};
    assert_int_equal(warning_months_elapsed(&d), 0);
    d = (dk_date){2018, 1, 31};
    assert_int_equal(warning_months_elapsed(&d), 1);
    d = (dk_date){2018, 12, 31};
    assert_int_equal(warning_months_elapsed(&d), 12);
    d = (dk_date){2018, 12, 30};
    assert_int_equal(warning_months_elapsed(&d), 11);
    d = (dk_date){2017, 2, 28}; /* last day of a common February */
    assert_int_equal(warning_months_elapsed(&d), 2);
    d = (dk_date){2016, 2, 28}; /* not the last day in a leap year */
    assert_int_equal(warning_months_elapsed(&d), 1);
    d = (dk_date){2016, 2, 29};
    assert_int_equal(warning_months_elapsed(&d), 2);
}

/* The month in progress only counts on its last day. */
static void test_lag_months_elapsed_in_eval(void **state)
{
    (void)state;
    struct warning_input in;
    struct warning_result w;
    /* 29 June: five months due (41.66%); 40.00% done is 1.66 points behind → green */
    in = lag_input(STAGE_SIGNED, 2018, 6, 29, 4000);
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_GREEN);
    /* 30 June: six months due (50.00%) → 10.00 behind → yellow */
    in = lag_input(STAGE_SIGNED, 2018, 6, 30, 4000);
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_YELLOW);
    /* 15 July: still six months due */
    in = lag_input(STAGE_SIGNED, 2018, 7, 15, 4000);
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_YELLOW);
    /* in January nothing is due yet: nothing done is not behind */
    in = lag_input(STAGE_SIGNED, 2018, 1, 30, 0);
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_GREEN);
    /* 31 January: one month due (8.33%) with nothing done: 8.33 behind → green */
    in = lag_input(STAGE_SIGNED, 2018, 1, 31, 0);
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_GREEN);
    /* 28 February 2018: two months (16.66%) → yellow */
    in = lag_input(STAGE_SIGNED, 2018, 2, 28, 0);
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_YELLOW);
    /* 31 December: the whole plan is due */
    in = lag_input(STAGE_SIGNED, 2018, 12, 31, 6999);
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_RED);
    in = lag_input(STAGE_SIGNED, 2018, 12, 31, 7000);
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_YELLOW);
}

static void test_lag_needs_plan_of_the_as_of_year(void **state)
{
    (void)state;
    struct warning_input in;
    struct warning_result w;
    in = lag_input(STAGE_SIGNED, 2018, 6, 30, 0);
    in.annual_plan_year = 2017; /* last year's plan: ignored */
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_GREEN);
    in.annual_plan_year = 2019;
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_GREEN);
    in.annual_plan_year = 2018;
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_RED);
    in.annual_plan = 0; /* no plan */
    w = eval(&in);
    assert_single(&w, "progress_lag", COLOUR_GREEN);
}

static void test_lag_stages(void **state)
{
    (void)state;
    struct warning_input in;
    struct warning_result w;
    for (int s = 0; s < STAGE_COUNT; s++) {
        in = lag_input((enum stage)s, 2018, 6, 30, 0);
        w = eval(&in);
        int applies = s == STAGE_SIGNED || s == STAGE_LANDED;
        assert_single(&w, "progress_lag", applies ? COLOUR_RED : COLOUR_GREEN);
    }
}

/* --- start_overdue ------------------------------------------------------------------- */

static struct warning_input overdue_input(enum stage s, int y, int m, int d)
{
    struct warning_input in = input(s, y, m, d);
    in.planned_start_month = month_idx(2018, 3);
    return in;
}

static void test_overdue_boundaries(void **state)
{
    (void)state;
    struct warning_input in;
    struct warning_result w;
    in = overdue_input(STAGE_INTENTION, 2018, 2, 28); /* before the planned month */
    w = eval(&in);
    assert_single(&w, "start_overdue", COLOUR_GREEN);
    in = overdue_input(STAGE_INTENTION, 2018, 3, 31); /* the planned month itself: 0 months past */
    w = eval(&in);
    assert_single(&w, "start_overdue", COLOUR_GREEN);
    in = overdue_input(STAGE_INTENTION, 2018, 4, 1); /* 1 month past: more than 0 → yellow */
    w = eval(&in);
    assert_single(&w, "start_overdue", COLOUR_YELLOW);
    assert_non_null(strstr(w.reasons[0].message, "2018-03"));
    in = overdue_input(STAGE_INTENTION, 2018, 5, 31); /* 2 months */
    w = eval(&in);
    assert_single(&w, "start_overdue", COLOUR_YELLOW);
    in = overdue_input(STAGE_INTENTION, 2018, 6, 1); /* 3 months: red from 3 */
    w = eval(&in);
    assert_single(&w, "start_overdue", COLOUR_RED);
    assert_non_null(strstr(w.reasons[0].message, "已逾期 3 个月"));
    in = overdue_input(STAGE_INTENTION, 2019, 6, 1);
    w = eval(&in);
    assert_single(&w, "start_overdue", COLOUR_RED);
}

static void test_overdue_stages(void **state)
{
    (void)state;
    for (int s = 0; s < STAGE_COUNT; s++) {
        struct warning_input in = overdue_input((enum stage)s, 2018, 8, 1);
        struct warning_result w = eval(&in);
        int applies = s == STAGE_INTENTION || s == STAGE_SIGNED;
        assert_single(&w, "start_overdue", applies ? COLOUR_RED : COLOUR_GREEN);
    }
    /* no planned start: nothing to be overdue */
    struct warning_input in = input(STAGE_INTENTION, 2030, 1, 1);
    struct warning_result w = eval(&in);
    assert_single(&w, "start_overdue", COLOUR_GREEN);
}

/* --- no_report ----------------------------------------------------------------------- */

static void test_no_report_never_reported(void **state)
{
    (void)state;
    struct warning_input in;
    struct warning_result w;
    /* signed in January 2018: January's report is due in February */
    in = input(STAGE_SIGNED, 2018, 2, 10);
    in.signed_month = month_idx(2018, 1);
    w = eval(&in);
    assert_single(&w, "no_report", COLOUR_GREEN); /* 1 month missing */
    in.as_of = (dk_date){2018, 3, 10};
    w = eval(&in);
    assert_single(&w, "no_report", COLOUR_YELLOW); /* 2 months */
    assert_non_null(strstr(w.reasons[0].message, "2 个月"));
    in.as_of = (dk_date){2018, 4, 10};
    w = eval(&in);
    assert_single(&w, "no_report", COLOUR_RED); /* 3 months */
    in.as_of = (dk_date){2018, 1, 20};
    w = eval(&in);
    assert_single(&w, "no_report", COLOUR_GREEN); /* the signing month is not due yet */
}

static void test_no_report_since_last_report(void **state)
{
    (void)state;
    struct warning_input in;
    struct warning_result w;
    in = input(STAGE_LANDED, 2018, 5, 15);
    in.signed_month = month_idx(2017, 6);
    in.last_report_month = month_idx(2018, 3);
    w = eval(&in);
    assert_single(&w, "no_report", COLOUR_GREEN); /* April missing: 1 */
    in.as_of = (dk_date){2018, 6, 1};
    w = eval(&in);
    assert_single(&w, "no_report", COLOUR_YELLOW); /* April, May: 2 */
    assert_non_null(strstr(w.reasons[0].message, "2018-03"));
    in.as_of = (dk_date){2018, 7, 1};
    w = eval(&in);
    assert_single(&w, "no_report", COLOUR_RED); /* April, May, June: 3 */
    in.as_of = (dk_date){2018, 4, 30};
    w = eval(&in);
    assert_single(&w, "no_report", COLOUR_GREEN); /* up to date */
}

static void test_no_report_stages(void **state)
{
    (void)state;
    for (int s = 0; s < STAGE_COUNT; s++) {
        struct warning_input in = input((enum stage)s, 2018, 12, 1);
        in.signed_month = month_idx(2018, 1);
        struct warning_result w = eval(&in);
        int applies = s == STAGE_SIGNED || s == STAGE_LANDED;
        assert_single(&w, "no_report", applies ? COLOUR_RED : COLOUR_GREEN);
    }
    /* never signed: no report is due */
    struct warning_input in = input(STAGE_SIGNED, 2018, 12, 1);
    struct warning_result w = eval(&in);
    assert_single(&w, "no_report", COLOUR_GREEN);
}

/* --- the rules together -------------------------------------------------------------- */

/* A signed project that every rule fires on: lag red, start overdue yellow, no report yellow. */
static struct warning_input all_rules_input(void)
{
    struct warning_input in = lag_input(STAGE_SIGNED, 2018, 6, 30, 0);
    in.planned_start_month = month_idx(2018, 5);
    in.signed_month = month_idx(2018, 1);
    in.last_report_month = month_idx(2018, 3);
    return in;
}

static void test_worst_colour_and_reason_codes(void **state)
{
    (void)state;
    struct warning_input in = all_rules_input();
    struct warning_result w = eval(&in);
    assert_int_equal(w.n, 3);
    assert_int_equal(w.colour, COLOUR_RED);
    assert_string_equal(w.reasons[0].rule, "progress_lag");
    assert_int_equal(w.reasons[0].colour, COLOUR_RED);
    assert_string_equal(w.reasons[1].rule, "start_overdue");
    assert_int_equal(w.reasons[1].colour, COLOUR_YELLOW);
    assert_string_equal(w.reasons[2].rule, "no_report");
    assert_int_equal(w.reasons[2].colour, COLOUR_YELLOW);

    /* yellow and yellow → yellow */
    in.done_in_year = 4000;
    w = eval(&in);
    assert_int_equal(w.n, 3);
    assert_int_equal(w.colour, COLOUR_YELLOW);

    /* the red reason last still makes the colour red */
    in.done_in_year = 5000;
    in.last_report_month = month_idx(2018, 2); /* March, April, May missing: red */
    w = eval(&in);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.reasons[0].rule, "start_overdue");
    assert_string_equal(w.reasons[1].rule, "no_report");
    assert_int_equal(w.reasons[1].colour, COLOUR_RED);
    assert_int_equal(w.colour, COLOUR_RED);
}

static void test_disabled_rules(void **state)
{
    (void)state;
    struct warning_input in = all_rules_input();
    for (int off = 0; off < R_N; off++) {
        struct warning_rule r[R_N];
        default_rules(r);
        r[off].enabled = 0;
        struct warning_result w;
        warning_eval(r, R_N, &in, &w);
        assert_int_equal(w.n, 2);
        for (int i = 0; i < w.n; i++) assert_string_not_equal(w.reasons[i].rule, r[off].code);
        /* without progress_lag the red reason is gone */
        assert_int_equal(w.colour, off == R_LAG ? COLOUR_YELLOW : COLOUR_RED);
    }
    struct warning_rule r[R_N];
    default_rules(r);
    for (int i = 0; i < R_N; i++) r[i].enabled = 0;
    struct warning_result w;
    warning_eval(r, R_N, &in, &w);
    assert_int_equal(w.n, 0);
    assert_int_equal(w.colour, COLOUR_GREEN);
    /* no rules at all */
    warning_eval(r, 0, &in, &w);
    assert_int_equal(w.n, 0);
    assert_int_equal(w.colour, COLOUR_GREEN);
}

/* The thresholds are data: changing them moves the boundaries. */
static void test_thresholds_from_rules(void **state)
{
    (void)state;
    struct warning_rule r[R_N];
    default_rules(r);
    r[R_LAG].yellow_at = 5;
    r[R_LAG].red_at = 8;
    struct warning_input in = lag_input(STAGE_LANDED, 2018, 6, 30, 4500); /* 5.00 behind */
    struct warning_result w;
    warning_eval(r, R_N, &in, &w);
    assert_single(&w, "progress_lag", COLOUR_YELLOW);
    in.done_in_year = 4199; /* 8.01 behind */
    warning_eval(r, R_N, &in, &w);
    assert_single(&w, "progress_lag", COLOUR_RED);

    default_rules(r);
    r[R_NOREPORT].yellow_at = 1;
    in = input(STAGE_SIGNED, 2018, 2, 10);
    in.signed_month = month_idx(2018, 1);
    warning_eval(r, R_N, &in, &w);
    assert_single(&w, "no_report", COLOUR_YELLOW);

    default_rules(r);
    r[R_OVERDUE].red_at = 1;
    in = overdue_input(STAGE_SIGNED, 2018, 4, 1);
    warning_eval(r, R_N, &in, &w);
    assert_single(&w, "start_overdue", COLOUR_RED);
}

static void test_unknown_rule_ignored(void **state)
{
    (void)state;
    struct warning_rule r[1];
    memset(r, 0, sizeof r);
    snprintf(r[0].code, sizeof r[0].code, "no_such_rule");
    r[0].enabled = 1;
    struct warning_input in = all_rules_input();
    struct warning_result w;
    warning_eval(r, 1, &in, &w);
    assert_int_equal(w.n, 0);
    assert_int_equal(w.colour, COLOUR_GREEN);
}

/* --- colours ------------------------------------------------------------------------- */

static void test_colour_parse(void **state)
{
    (void)state;
    assert_int_equal(colour_parse("green"), COLOUR_GREEN);
    assert_int_equal(colour_parse("yellow"), COLOUR_YELLOW);
    assert_int_equal(colour_parse("red"), COLOUR_RED);
    assert_int_equal(colour_parse("绿"), COLOUR_GREEN);
    assert_int_equal(colour_parse("黄"), COLOUR_YELLOW);
    assert_int_equal(colour_parse("红"), COLOUR_RED);
    assert_int_equal(colour_parse("綠"), COLOUR_GREEN);
    assert_int_equal(colour_parse("紅"), COLOUR_RED);
    assert_int_equal(colour_parse(NULL), -1);
    assert_int_equal(colour_parse(""), -1);
    assert_int_equal(colour_parse("Red"), -1);
    assert_int_equal(colour_parse("blue"), -1);
    assert_int_equal(colour_parse("red "), -1);
    for (int c = 0; c < 3; c++) {
        assert_int_equal(colour_parse(colour_code((enum colour)c)), c);
        assert_int_equal(colour_parse(colour_name((enum colour)c)), c);
    }
    assert_string_equal(colour_code(COLOUR_YELLOW), "yellow");
    assert_string_equal(colour_name(COLOUR_RED), "红");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lag_boundaries),
        cmocka_unit_test(test_months_elapsed),
        cmocka_unit_test(test_lag_months_elapsed_in_eval),
        cmocka_unit_test(test_lag_needs_plan_of_the_as_of_year),
        cmocka_unit_test(test_lag_stages),
        cmocka_unit_test(test_overdue_boundaries),
        cmocka_unit_test(test_overdue_stages),
        cmocka_unit_test(test_no_report_never_reported),
        cmocka_unit_test(test_no_report_since_last_report),
        cmocka_unit_test(test_no_report_stages),
        cmocka_unit_test(test_worst_colour_and_reason_codes),
        cmocka_unit_test(test_disabled_rules),
        cmocka_unit_test(test_thresholds_from_rules),
        cmocka_unit_test(test_unknown_rule_ignored),
        cmocka_unit_test(test_colour_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
