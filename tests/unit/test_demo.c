/*
 * test_demo.c — the demo data set: the Beijing–Shenyang 2017 figures come out exactly as the
 * article reports them whatever the last month, the records obey the lifecycle and reporting
 * rules, and loading twice is refused.
 */
#include "testutil.h"
#include "core/dates.h"
#include "core/money.h"
#include "core/stage.h"
#include "demo/demo.h"
#include "util/sbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bj-sy projects whose talks began in 2017 and that were not terminated by 2017-12-31 */
#define BJSY_2017                                                                                        \
    " FROM projects p JOIN pairings g ON g.id = p.pairing_id WHERE g.code = 'bj-sy'"                     \
    " AND p.intention_date BETWEEN '2017-01-01' AND '2017-12-31' AND NOT EXISTS (SELECT 1 FROM"          \
    " stage_events e WHERE e.project_id = p.id AND e.to_stage = 'terminated' AND e.event_date <= '2017-12-31')"

static int64_t q(db *d, const char *sql)
{
    return db_int64(d, sql, -1, 0);
}

/* The first column of the first row of sql, with arg bound to each of its n parameters.
 * (Plain '?' only: the SQL here must run on SQLite and PostgreSQL alike.) */
static int64_t q_textn(db *d, const char *sql, const char *arg, int n)
{
    dk_err e;
    err_clear(&e);
    db_stmt *s = db_prepare(d, sql, &e);
    assert_non_null(s);
    for (int i = 1; i <= n; i++) db_bind_text(s, i, arg);
    int64_t v = db_step(s, &e) == DB_ROW ? db_col_int64(s, 0) : -1;
    db_done(s);
    return v;
}

static int64_t q_text(db *d, const char *sql, const char *arg)
{
    return q_textn(d, sql, arg, 1);
}

static db *load(const char *last_month)
{
    db *d = test_db_open();
    dk_err e;
    err_clear(&e);
    int rc = demo_load(d, month_parse(last_month), &e);
    if (rc != DK_OK) fail_msg("demo_load(%s): %s", last_month, e.message);
    return d;
}

static void check_calibration(db *d)
{
    assert_int_equal(q(d, "SELECT COUNT(*)" BJSY_2017), 139);
    assert_int_equal(q(d, "SELECT SUM(p.planned_investment)" BJSY_2017), 167800000000LL);
    assert_int_equal(q(d, "SELECT SUM(r.amount) FROM progress_reports r JOIN projects p ON p.id = r.project_id"
                          " JOIN pairings g ON g.id = p.pairing_id WHERE g.code = 'bj-sy'"
                          " AND r.month BETWEEN '2017-01' AND '2017-12'"),
                     36200000000LL);
    /* a few were dropped within 2017: outside the 139 and without reports */
    assert_true(q(d, "SELECT COUNT(*) FROM projects p JOIN pairings g ON g.id = p.pairing_id WHERE g.code = 'bj-sy'"
                     " AND p.intention_date <= '2017-12-31' AND p.stage = 'terminated' AND EXISTS (SELECT 1 FROM"
                     " stage_events e WHERE e.project_id = p.id AND e.to_stage = 'terminated'"
                     " AND e.event_date <= '2017-12-31')") >= 1);

    int64_t total = q(d, "SELECT SUM(amount) FROM capital_stats WHERE host_region = '210100' AND year = 2017");
    int64_t beijing = q(d, "SELECT amount FROM capital_stats WHERE host_region = '210100' AND year = 2017"
                           " AND source_region = '110000'");
    int64_t other_max = q(d, "SELECT MAX(amount) FROM capital_stats WHERE host_region = '210100' AND year = 2017"
                             " AND source_region <> '110000'");
    assert_int_equal(total, 154700000000LL);
    assert_int_equal(beijing, 36200000000LL);
    assert_true(other_max < beijing);
    assert_int_equal(money_ratio_bp(beijing, total), 2340);
    assert_true(q(d, "SELECT COUNT(*) FROM capital_stats WHERE host_region = '210100' AND year = 2017") >= 11);
}

static void check_named(db *d)
{
    static const char *const names[] = {"首创集团", "首农集团", "京城机电", "京东集团", "京通易购", "中科合创",
                                        "明日宇航", "沈飞公司", "中关村", "三好街", "三京", "牛肉",
                                        "食用菌", "西芹", "大米"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char like[64];
        snprintf(like, sizeof like, "%%%s%%", names[i]);
        int64_t n = q_textn(d, "SELECT COUNT(*) FROM projects p JOIN pairings g ON g.id = p.pairing_id WHERE g.code = 'bj-sy'"
                               " AND (p.name LIKE ? OR p.investor LIKE ?)", like, 2);
        if (n < 1) fail_msg("named enterprise or project missing: %s", names[i]);
    }
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects WHERE investor = '首农集团' AND host_region = '210124'"), 1);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects WHERE investor = '北京明日宇航' AND industry_section = 'C'"
                          " AND industry_division = '37'"), 1);
}

/* The rules every record must obey, whatever the last month. */
static void check_rules(db *d, const char *last_month)
{
    /* reports only from the signing month, up to last_month, in whole 万元 */
    assert_int_equal(q(d, "SELECT COUNT(*) FROM progress_reports r JOIN projects p ON p.id = r.project_id"
                          " WHERE p.signed_date IS NULL OR r.month < substr(p.signed_date, 1, 7)"), 0);
    assert_int_equal(q_text(d, "SELECT COUNT(*) FROM progress_reports WHERE month > ?", last_month), 0);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM progress_reports WHERE amount < 0 OR amount % 10000 <> 0"), 0);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects WHERE planned_investment <= 0"
                          " OR planned_investment % 10000 <> 0"), 0);
    /* stage dates need their predecessors and never go backwards */
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects WHERE (signed_date IS NOT NULL AND signed_date < intention_date)"
                          " OR (landed_date IS NOT NULL AND (signed_date IS NULL OR landed_date < signed_date))"
                          " OR (production_date IS NOT NULL AND (landed_date IS NULL OR production_date < landed_date))"), 0);
    /* the first event opens the intention; the last one is the current stage */
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM stage_events e"
                          " WHERE e.project_id = p.id AND e.from_stage IS NULL AND e.to_stage = 'intention'"
                          " AND e.event_date = p.intention_date)"), 0);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects p WHERE p.stage <> (SELECT e.to_stage FROM stage_events e"
                          " WHERE e.project_id = p.id ORDER BY e.event_date DESC, e.id DESC LIMIT 1)"), 0);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM stage_events WHERE to_stage IN ('paused', 'terminated')"
                          " AND (reason IS NULL OR reason = '')"), 0);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM stage_events e JOIN projects p ON p.id = e.project_id"
                          " WHERE e.created_at <> e.event_date || 'T09:00:00Z'"), 0);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects WHERE (stage = 'paused') <> (stage_before_pause IS NOT NULL)"), 0);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects WHERE stage = 'intention' AND EXISTS (SELECT 1 FROM"
                          " progress_reports r WHERE r.project_id = projects.id)"), 0);
    /* responsible units are on the host side of the project's own pairing */
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects p JOIN units u ON u.id = p.unit_id"
                          " WHERE u.side <> 'host' OR u.pairing_id <> p.pairing_id"), 0);
    /* industries are real GB/T 4754 divisions of the section */
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM industries i"
                          " WHERE i.code = p.industry_division AND i.section = p.industry_section AND i.level = 2)"), 0);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects WHERE national_code IS NOT NULL AND (length(national_code) <> 24"
                          " OR substr(national_code, 6, 6) <> host_region OR substr(national_code, 13, 2) <> industry_division)"), 0);
    /* problems: assigned has a unit, resolved has a resolution on or after raising */
    assert_int_equal(q(d, "SELECT COUNT(*) FROM problems WHERE (state = 'assigned' AND assigned_unit_id IS NULL)"
                          " OR (state = 'resolved' AND (resolution IS NULL OR resolved_date < raised_date))"
                          " OR state NOT IN ('open', 'assigned', 'resolved')"), 0);
    assert_true(q(d, "SELECT COUNT(*) FROM problems WHERE state = 'resolved'") > 0);
    assert_true(q(d, "SELECT COUNT(*) FROM problems WHERE state <> 'resolved'") > 0);
    /* every month before last_month is closed for every pairing */
    int months = month_parse(last_month) - month_parse("2017-03");
    assert_int_equal(q(d, "SELECT COUNT(*) FROM month_closures"), 7 * months);
    assert_int_equal(q_text(d, "SELECT COUNT(*) FROM month_closures WHERE month >= ?", last_month), 0);
    /* seven labelled pairings; bj-sy has Beijing's 32 units */
    assert_int_equal(q(d, "SELECT COUNT(*) FROM pairings WHERE name LIKE '%（演示数据）'"
                          " AND programme = '东北地区与东部地区对口合作（演示数据）'"), 7);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM units u JOIN pairings g ON g.id = u.pairing_id"
                          " WHERE g.code = 'bj-sy' AND u.side = 'partner'"), 32);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'demo.load' AND actor = 'system'"), 1);
    char like[64];
    snprintf(like, sizeof like, "%%\"last_month\":\"%s\"%%", last_month);
    assert_int_equal(q_text(d, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?", like), 1);
}

/* Compares the state replayed from a project's events with its row. */
static void check_replayed(const struct stage_state *st, const char *stage, char cols[4][11], int64_t id)
{
    if (strcmp(stage_code(st->stage), stage) != 0)
        fail_msg("project %lld: events end in %s, row says %s", (long long)id, stage_code(st->stage), stage);
    for (int i = 0; i < STAGE_ACTIVE_COUNT; i++)
        if (strcmp(st->dates[i], cols[i]) != 0)
            fail_msg("project %lld: %s is '%s' by its events, '%s' in the row", (long long)id,
                     stage_date_field((enum stage)i), st->dates[i], cols[i]);
}

/* Every project's events, replayed through the lifecycle rules the service enforces
 * (core/stage.c), are legal moves and end in the stage and dates the project row holds. */
static void check_lifecycles(db *d, const char *today)
{
    dk_err e;
    err_clear(&e);
    db_stmt *s = db_prepare(d,
        "SELECT p.id, p.stage, COALESCE(p.intention_date, ''), COALESCE(p.signed_date, ''), COALESCE(p.landed_date, ''),"
        " COALESCE(p.production_date, ''), e.from_stage, e.to_stage, e.event_date, e.reason FROM projects p"
        " JOIN stage_events e ON e.project_id = p.id ORDER BY p.id, e.id", &e);
    assert_non_null(s);
    int64_t cur = -1;
    int n = 0;
    struct stage_state st;
    char stage[16] = "", cols[4][11];
    while (db_step(s, &e) == DB_ROW) {
        int64_t id = db_col_int64(s, 0);
        const char *from = db_col_text(s, 6), *to = db_col_text(s, 7), *date = db_col_text(s, 8);
        if (id != cur) {
            if (cur >= 0) check_replayed(&st, stage, cols, cur);
            cur = id;
            n++;
            snprintf(stage, sizeof stage, "%s", db_col_text(s, 1));
            for (int i = 0; i < 4; i++) snprintf(cols[i], sizeof cols[i], "%s", db_col_text(s, 2 + i));
            assert_null(from);
            assert_string_equal(to, "intention");
            memset(&st, 0, sizeof st);
            st.stage = STAGE_INTENTION;
            snprintf(st.dates[0], sizeof st.dates[0], "%s", date);
            snprintf(st.last_event_date, sizeof st.last_event_date, "%s", date);
            continue;
        }
        char reason[200];
        snprintf(reason, sizeof reason, "%s", db_col_is_null(s, 9) ? "" : db_col_text(s, 9));
        int resume = from && strcmp(from, "paused") == 0 && strcmp(to, "terminated") != 0;
        struct stage_move mv = {resume ? "resume" : to, date, reason, NULL};
        struct stage_state next;
        dk_err me;
        err_clear(&me);
        if (stage_apply(&st, &mv, today, &next, &me) != DK_OK)
            fail_msg("project %lld: %s -> %s on %s refused: %s", (long long)id, from ? from : "-", to, date, me.message);
        if (strcmp(stage_code(next.stage), to) != 0)
            fail_msg("project %lld: move to %s ended in %s", (long long)id, to, stage_code(next.stage));
        st = next;
    }
    db_done(s);
    assert_true(cur >= 0);
    check_replayed(&st, stage, cols, cur);
    assert_int_equal(n, q(d, "SELECT COUNT(*) FROM projects"));
}

/* Appends every row of sql (all columns, text or integer) to sb, one line per row. */
static void dump_rows(db *d, const char *sql, int ncols, sbuf *sb)
{
    dk_err e;
    err_clear(&e);
    db_stmt *s = db_prepare(d, sql, &e);
    assert_non_null(s);
    while (db_step(s, &e) == DB_ROW) {
        for (int c = 0; c < ncols; c++) {
            const char *t = db_col_is_null(s, c) ? "-" : db_col_text(s, c);
            sb_printf(sb, "%s%s", c ? "|" : "", t ? t : "");
        }
        sb_putc(sb, '\n');
    }
    db_done(s);
}

/* A text digest of everything about the 2017 cohorts that must not depend on last_month:
 * the projects, their 2017 reports and their events up to the end of 2017. */
static char *digest_2017(db *d)
{
    sbuf sb;
    sb_init(&sb, 0);
    dump_rows(d, "SELECT code, name, investor, planned_investment, intention_date FROM projects"
                 " WHERE intention_date <= '2017-12-31' ORDER BY code", 5, &sb);
    dump_rows(d, "SELECT p.code, r.month, r.amount FROM progress_reports r JOIN projects p ON p.id = r.project_id"
                 " WHERE r.month <= '2017-12' ORDER BY p.code, r.month", 3, &sb);
    dump_rows(d, "SELECT p.code, e.from_stage, e.to_stage, e.event_date, e.reason FROM stage_events e"
                 " JOIN projects p ON p.id = e.project_id WHERE e.event_date <= '2017-12-31' ORDER BY p.code, e.id", 5, &sb);
    return sb_take(&sb, NULL);
}

static void test_calibrated_2026(void **state)
{
    (void)state;
    db *d = load("2026-10");
    check_calibration(d);
    check_named(d);
    check_rules(d, "2026-10");
    check_lifecycles(d, "2026-10-31");
    /* material for the warnings: overdue reports and overdue starts */
    assert_true(q(d, "SELECT COUNT(*) FROM projects p WHERE p.stage IN ('signed', 'landed') AND COALESCE((SELECT"
                     " MAX(month) FROM progress_reports r WHERE r.project_id = p.id), '0000-00') <= '2026-08'") > 0);
    assert_true(q(d, "SELECT COUNT(*) FROM projects WHERE stage = 'signed' AND planned_start < '2026-10'") > 0);
    assert_true(q(d, "SELECT COUNT(*) FROM projects WHERE annual_plan > 0 AND annual_plan_year = 2026") > 0);
    assert_true(q(d, "SELECT COUNT(*) FROM projects WHERE stage = 'paused'") > 0);
    assert_true(q(d, "SELECT COUNT(*) FROM projects WHERE stage = 'production'") > 0);
    /* other pairings have smaller plausible sets */
    assert_true(q(d, "SELECT MIN(n) FROM (SELECT COUNT(*) AS n FROM projects p JOIN pairings g ON g.id = p.pairing_id"
                     " WHERE g.code <> 'bj-sy' GROUP BY g.code) AS t") >= 15);
    test_db_close(d);
}

static void test_calibrated_2018(void **state)
{
    (void)state;
    db *d = load("2018-03");
    check_calibration(d);
    check_named(d);
    check_rules(d, "2018-03");
    check_lifecycles(d, "2018-03-31");
    test_db_close(d);
}

static void test_2017_independent_of_last_month(void **state)
{
    (void)state;
    db *d = load("2018-01");
    char *a = digest_2017(d);
    test_db_close(d);
    d = load("2026-10");
    char *b = digest_2017(d);
    test_db_close(d);
    assert_true(strlen(a) > 1000);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_deterministic(void **state)
{
    (void)state;
    const char *sql = "SELECT SUM(planned_investment * (id % 97)) + (SELECT SUM(amount * (id % 89)) FROM progress_reports)"
                      " + (SELECT COUNT(*) FROM problems) + (SELECT SUM(amount) FROM capital_stats) FROM projects";
    db *d = load("2024-06");
    int64_t a = q(d, sql);
    test_db_close(d);
    d = load("2024-06");
    int64_t b = q(d, sql);
    test_db_close(d);
    assert_int_equal(a, b);
}

static void test_twice_conflicts(void **state)
{
    (void)state;
    db *d = load("2019-12");
    int64_t n = q(d, "SELECT COUNT(*) FROM projects");
    dk_err e;
    err_clear(&e);
    assert_int_equal(demo_load(d, month_parse("2019-12"), &e), DK_ECONFLICT);
    assert_int_equal(e.status, DK_ECONFLICT);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM projects"), n);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM pairings"), 7);
    test_db_close(d);
}

static void test_refuses_early_month(void **state)
{
    (void)state;
    db *d = test_db_open();
    dk_err e;
    err_clear(&e);
    assert_int_equal(demo_load(d, month_parse("2017-12"), &e), DK_EINVAL);
    assert_int_equal(q(d, "SELECT COUNT(*) FROM pairings"), 0);
    test_db_close(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calibrated_2026),
        cmocka_unit_test(test_calibrated_2018),
        cmocka_unit_test(test_2017_independent_of_last_month),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_twice_conflicts),
        cmocka_unit_test(test_refuses_early_month),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
