/*
 * test_stage.c — unit tests of core/stage: parsing stage codes and names (Simplified and
 * Traditional), the dates a new project is created with (stage_check_initial) and every rule
 * of a lifecycle move (stage_apply): one step forward, no skipping, going back with a reason,
 * pause/terminate with a reason, resume to the stage held before the pause, the terminated
 * end state, same-stage moves, date order, future dates and malformed input.
 */
#include "testutil.h"
#include "core/stage.h"
#include <stdio.h>
#include <string.h>

#define TODAY "2018-03-15"

/* A lifecycle state: stage, the four stage dates ("" = not reached) and the last event date. */
static struct stage_state st_make(enum stage s, const char *d0, const char *d1, const char *d2, const char *d3,
                                  const char *last)
{
    struct stage_state st;
    memset(&st, 0, sizeof st);
    st.stage = s;
    st.before_pause = STAGE_INTENTION;
    const char *d[STAGE_ACTIVE_COUNT] = {d0, d1, d2, d3};
    for (int i = 0; i < STAGE_ACTIVE_COUNT; i++) snprintf(st.dates[i], sizeof st.dates[i], "%s", d[i] ? d[i] : "");
    snprintf(st.last_event_date, sizeof st.last_event_date, "%s", last ? last : "");
    return st;
}

/* Applies a move that must succeed and returns the next state. */
static struct stage_state apply_ok(const struct stage_state *cur, const char *to, const char *date, const char *reason)
{
    struct stage_move mv = {to, date, reason, NULL};
    struct stage_state next;
    memset(&next, 0x5a, sizeof next);
    dk_err e;
    err_clear(&e);
    int rc = stage_apply(cur, &mv, TODAY, &next, &e);
    if (rc != DK_OK) print_error("stage_apply(%s → %s on %s) refused: %s %s\n", stage_code(cur->stage), to ? to : "(null)",
                                 date ? date : "(null)", e.code, e.message);
    assert_int_equal(rc, DK_OK);
    return next;
}

/* Applies a move that must be refused with status, code and field. */
static void apply_bad(const struct stage_state *cur, const char *to, const char *date, const char *reason, int status,
                      const char *code, const char *field)
{
    struct stage_move mv = {to, date, reason, NULL};
    struct stage_state next;
    dk_err e;
    err_clear(&e);
    int rc = stage_apply(cur, &mv, TODAY, &next, &e);
    if (rc != status || strcmp(e.code, code) != 0)
        print_error("stage_apply(%s → %s on %s): rc %d code \"%s\", want %d \"%s\"\n", stage_code(cur->stage),
                    to ? to : "(null)", date ? date : "(null)", rc, e.code, status, code);
    assert_int_equal(rc, status);
    assert_int_equal(e.status, status);
    assert_string_equal(e.code, code);
    assert_string_equal(e.field, field);
    assert_true(e.message[0] != '\0');
}

/* stage_check_initial on the four dates; returns rc and fills e. */
static int initial(enum stage s, const char *d0, const char *d1, const char *d2, const char *d3, dk_err *e)
{
    const char *const d[STAGE_ACTIVE_COUNT] = {d0, d1, d2, d3};
    err_clear(e);
    return stage_check_initial(s, d, TODAY, e);
}

static void initial_bad(enum stage s, const char *d0, const char *d1, const char *d2, const char *d3, int status,
                        const char *code, const char *field)
{
    dk_err e;
    int rc = initial(s, d0, d1, d2, d3, &e);
    if (rc != status || strcmp(e.code, code) != 0)
        print_error("stage_check_initial(%s): rc %d code \"%s\", want %d \"%s\"\n", stage_code(s), rc, e.code, status, code);
    assert_int_equal(rc, status);
    assert_string_equal(e.code, code);
    assert_string_equal(e.field, field);
}

/* --- stage_parse and the names ------------------------------------------------------- */

static void test_parse_codes(void **state)
{
    (void)state;
    assert_int_equal(stage_parse("intention"), STAGE_INTENTION);
    assert_int_equal(stage_parse("signed"), STAGE_SIGNED);
    assert_int_equal(stage_parse("landed"), STAGE_LANDED);
    assert_int_equal(stage_parse("production"), STAGE_PRODUCTION);
    assert_int_equal(stage_parse("paused"), STAGE_PAUSED);
    assert_int_equal(stage_parse("terminated"), STAGE_TERMINATED);
    for (int s = 0; s < STAGE_COUNT; s++) assert_int_equal(stage_parse(stage_code((enum stage)s)), s);
}

static void test_parse_simplified_names(void **state)
{
    (void)state;
    assert_int_equal(stage_parse("意向"), STAGE_INTENTION);
    assert_int_equal(stage_parse("签约"), STAGE_SIGNED);
    assert_int_equal(stage_parse("落地"), STAGE_LANDED);
    assert_int_equal(stage_parse("投产"), STAGE_PRODUCTION);
    assert_int_equal(stage_parse("暂缓"), STAGE_PAUSED);
    assert_int_equal(stage_parse("终止"), STAGE_TERMINATED);
    for (int s = 0; s < STAGE_COUNT; s++) assert_int_equal(stage_parse(stage_name((enum stage)s)), s);
}

static void test_parse_traditional_names(void **state)
{
    (void)state;
    assert_int_equal(stage_parse("簽約"), STAGE_SIGNED);
    assert_int_equal(stage_parse("投產"), STAGE_PRODUCTION);
    assert_int_equal(stage_parse("暫緩"), STAGE_PAUSED);
    assert_int_equal(stage_parse("終止"), STAGE_TERMINATED);
}

static void test_parse_unknown(void **state)
{
    (void)state;
    assert_int_equal(stage_parse(NULL), -1);
    assert_int_equal(stage_parse(""), -1);
    assert_int_equal(stage_parse("Signed"), -1);
    assert_int_equal(stage_parse("signed "), -1);
    assert_int_equal(stage_parse("resume"), -1);
    assert_int_equal(stage_parse("恢复"), -1);
    assert_int_equal(stage_parse("开工"), -1);
    assert_int_equal(stage_parse("?"), -1);
}

static void test_codes_names_fields(void **state)
{
    (void)state;
    assert_string_equal(stage_code(STAGE_LANDED), "landed");
    assert_string_equal(stage_name(STAGE_PRODUCTION), "投产");
    assert_string_equal(stage_code((enum stage)99), "?");
    assert_string_equal(stage_date_field(STAGE_INTENTION), "intention_date");
    assert_string_equal(stage_date_field(STAGE_SIGNED), "signed_date");
    assert_string_equal(stage_date_field(STAGE_LANDED), "landed_date");
    assert_string_equal(stage_date_field(STAGE_PRODUCTION), "production_date");
    assert_null(stage_date_field(STAGE_PAUSED));
    assert_null(stage_date_field(STAGE_TERMINATED));
    assert_true(stage_is_active(STAGE_INTENTION) && stage_is_active(STAGE_PRODUCTION));
    assert_false(stage_is_active(STAGE_PAUSED) || stage_is_active(STAGE_TERMINATED));
}

/* --- stage_check_initial ------------------------------------------------------------- */

static void test_initial_each_stage_with_its_dates(void **state)
{
    (void)state;
    dk_err e;
    assert_int_equal(initial(STAGE_INTENTION, "2017-01-01", "", "", "", &e), DK_OK);
    assert_int_equal(initial(STAGE_SIGNED, "2017-01-01", "2017-02-01", "", "", &e), DK_OK);
    assert_int_equal(initial(STAGE_LANDED, "2017-01-01", "2017-02-01", "2017-03-01", "", &e), DK_OK);
    assert_int_equal(initial(STAGE_PRODUCTION, "2017-01-01", "2017-02-01", "2017-03-01", "2017-04-01", &e), DK_OK);
    /* equal dates do not run backwards; today itself is not in the future */
    assert_int_equal(initial(STAGE_PRODUCTION, TODAY, TODAY, TODAY, TODAY, &e), DK_OK);
    /* NULL counts as not given, like "" */
    const char *const d[STAGE_ACTIVE_COUNT] = {"2017-01-01", NULL, NULL, NULL};
    assert_int_equal(stage_check_initial(STAGE_INTENTION, d, TODAY, &e), DK_OK);
}

static void test_initial_needs_every_earlier_date(void **state)
{
    (void)state;
    initial_bad(STAGE_INTENTION, "", "", "", "", DK_ERULE, "missing_stage_date", "intention_date");
    initial_bad(STAGE_SIGNED, "", "2017-02-01", "", "", DK_ERULE, "missing_stage_date", "intention_date");
    initial_bad(STAGE_SIGNED, "2017-01-01", "", "", "", DK_ERULE, "missing_stage_date", "signed_date");
    initial_bad(STAGE_LANDED, "2017-01-01", "", "2017-03-01", "", DK_ERULE, "missing_stage_date", "signed_date");
    initial_bad(STAGE_LANDED, "2017-01-01", "2017-02-01", "", "", DK_ERULE, "missing_stage_date", "landed_date");
    initial_bad(STAGE_PRODUCTION, "2017-01-01", "2017-02-01", "", "2017-04-01", DK_ERULE, "missing_stage_date",
                "landed_date");
    initial_bad(STAGE_PRODUCTION, "2017-01-01", "2017-02-01", "2017-03-01", "", DK_ERULE, "missing_stage_date",
                "production_date");
}

static void test_initial_no_later_dates(void **state)
{
    (void)state;
    initial_bad(STAGE_INTENTION, "2017-01-01", "2017-02-01", "", "", DK_ERULE, "unexpected_stage_date", "signed_date");
    initial_bad(STAGE_INTENTION, "2017-01-01", "", "", "2017-04-01", DK_ERULE, "unexpected_stage_date",
                "production_date");
    initial_bad(STAGE_SIGNED, "2017-01-01", "2017-02-01", "2017-03-01", "", DK_ERULE, "unexpected_stage_date",
                "landed_date");
    initial_bad(STAGE_LANDED, "2017-01-01", "2017-02-01", "2017-03-01", "2017-04-01", DK_ERULE, "unexpected_stage_date",
                "production_date");
}

static void test_initial_dates_not_backwards(void **state)
{
    (void)state;
    initial_bad(STAGE_SIGNED, "2017-02-01", "2017-01-31", "", "", DK_ERULE, "dates_backwards", "signed_date");
    initial_bad(STAGE_LANDED, "2017-01-01", "2017-03-01", "2017-02-28", "", DK_ERULE, "dates_backwards", "landed_date");
    initial_bad(STAGE_PRODUCTION, "2017-01-01", "2017-02-01", "2017-03-01", "2017-02-15", DK_ERULE, "dates_backwards",
                "production_date");
}

static void test_initial_no_future_dates(void **state)
{
    (void)state;
    initial_bad(STAGE_INTENTION, "2018-03-16", "", "", "", DK_ERULE, "future_date", "intention_date");
    initial_bad(STAGE_SIGNED, "2018-01-01", "2018-03-16", "", "", DK_ERULE, "future_date", "signed_date");
    initial_bad(STAGE_PRODUCTION, "2018-01-01", "2018-01-02", "2018-01-03", "2019-01-01", DK_ERULE, "future_date",
                "production_date");
}

static void test_initial_malformed_dates(void **state)
{
    (void)state;
    initial_bad(STAGE_INTENTION, "2017-13-01", "", "", "", DK_EINVAL, "invalid_field", "intention_date");
    initial_bad(STAGE_SIGNED, "2017-01-01", "2017-02-30", "", "", DK_EINVAL, "invalid_field", "signed_date");
    initial_bad(STAGE_SIGNED, "2017-01-01", "2017/02/01", "", "", DK_EINVAL, "invalid_field", "signed_date");
}

static void test_initial_paused_terminated_refused(void **state)
{
    (void)state;
    initial_bad(STAGE_PAUSED, "2017-01-01", "", "", "", DK_ERULE, "invalid_stage", "stage");
    initial_bad(STAGE_TERMINATED, "2017-01-01", "", "", "", DK_ERULE, "invalid_stage", "stage");
}

/* --- stage_apply: forward ------------------------------------------------------------ */

static void test_forward_one_step_sets_date(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_INTENTION, "2017-01-01", "", "", "", "2017-01-01");
    struct stage_state n = apply_ok(&cur, "signed", "2017-02-01", NULL);
    assert_int_equal(n.stage, STAGE_SIGNED);
    assert_string_equal(n.dates[STAGE_INTENTION], "2017-01-01");
    assert_string_equal(n.dates[STAGE_SIGNED], "2017-02-01");
    assert_string_equal(n.dates[STAGE_LANDED], "");
    assert_string_equal(n.dates[STAGE_PRODUCTION], "");
    assert_string_equal(n.last_event_date, "2017-02-01");

    struct stage_state n2 = apply_ok(&n, "落地", "2017-03-01", NULL);
    assert_int_equal(n2.stage, STAGE_LANDED);
    assert_string_equal(n2.dates[STAGE_LANDED], "2017-03-01");
    struct stage_state n3 = apply_ok(&n2, "投產", "2017-04-01", NULL);
    assert_int_equal(n3.stage, STAGE_PRODUCTION);
    assert_string_equal(n3.dates[STAGE_PRODUCTION], "2017-04-01");
    assert_string_equal(n3.dates[STAGE_SIGNED], "2017-02-01");
    assert_string_equal(n3.last_event_date, "2017-04-01");
}

static void test_forward_skipping_refused(void **state)
{
    (void)state;
    struct stage_state i = st_make(STAGE_INTENTION, "2017-01-01", "", "", "", "2017-01-01");
    apply_bad(&i, "landed", "2017-02-01", NULL, DK_ERULE, "skipped_stage", "to");
    apply_bad(&i, "production", "2017-02-01", "because", DK_ERULE, "skipped_stage", "to");
    struct stage_state s = st_make(STAGE_SIGNED, "2017-01-01", "2017-02-01", "", "", "2017-02-01");
    apply_bad(&s, "production", "2017-03-01", NULL, DK_ERULE, "skipped_stage", "to");
}

/* --- stage_apply: back --------------------------------------------------------------- */

static void test_back_needs_reason(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_LANDED, "2017-01-01", "2017-02-01", "2017-03-01", "", "2017-03-01");
    apply_bad(&cur, "signed", "2017-04-01", NULL, DK_ERULE, "reason_required", "reason");
    apply_bad(&cur, "intention", "2017-04-01", "", DK_ERULE, "reason_required", "reason");
}

static void test_back_clears_later_dates(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_PRODUCTION, "2017-01-01", "2017-02-01", "2017-03-01", "2017-04-01", "2017-04-01");
    struct stage_state n = apply_ok(&cur, "signed", "2017-05-01", "土地手续未完成");
    assert_int_equal(n.stage, STAGE_SIGNED);
    assert_string_equal(n.dates[STAGE_INTENTION], "2017-01-01");
    assert_string_equal(n.dates[STAGE_SIGNED], "2017-02-01"); /* the stage returned to keeps its date */
    assert_string_equal(n.dates[STAGE_LANDED], "");
    assert_string_equal(n.dates[STAGE_PRODUCTION], "");
    assert_string_equal(n.last_event_date, "2017-05-01");

    struct stage_state n2 = apply_ok(&cur, "intention", "2017-05-01", "协议解除");
    assert_int_equal(n2.stage, STAGE_INTENTION);
    assert_string_equal(n2.dates[STAGE_INTENTION], "2017-01-01");
    assert_string_equal(n2.dates[STAGE_SIGNED], "");
    assert_string_equal(n2.dates[STAGE_LANDED], "");
    assert_string_equal(n2.dates[STAGE_PRODUCTION], "");
}

/* --- stage_apply: pause, terminate, resume ----------------------------------------- */

static void test_pause_needs_reason(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_SIGNED, "2017-01-01", "2017-02-01", "", "", "2017-02-01");
    apply_bad(&cur, "paused", "2017-03-01", NULL, DK_ERULE, "reason_required", "reason");
    apply_bad(&cur, "暂缓", "2017-03-01", "", DK_ERULE, "reason_required", "reason");
}

static void test_terminate_needs_reason(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_LANDED, "2017-01-01", "2017-02-01", "2017-03-01", "", "2017-03-01");
    apply_bad(&cur, "terminated", "2017-04-01", NULL, DK_ERULE, "reason_required", "reason");
    struct stage_state n = apply_ok(&cur, "terminated", "2017-04-01", "投资方撤资");
    assert_int_equal(n.stage, STAGE_TERMINATED);
    assert_string_equal(n.dates[STAGE_LANDED], "2017-03-01");
    assert_string_equal(n.last_event_date, "2017-04-01");
}

static void test_pause_records_before_pause(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_LANDED, "2017-01-01", "2017-02-01", "2017-03-01", "", "2017-03-01");
    struct stage_state n = apply_ok(&cur, "paused", "2017-04-01", "资金未到位");
    assert_int_equal(n.stage, STAGE_PAUSED);
    assert_int_equal(n.before_pause, STAGE_LANDED);
    assert_string_equal(n.dates[STAGE_LANDED], "2017-03-01"); /* pausing keeps the dates */
    assert_string_equal(n.last_event_date, "2017-04-01");

    struct stage_state s = st_make(STAGE_SIGNED, "2017-01-01", "2017-02-01", "", "", "2017-02-01");
    struct stage_state ns = apply_ok(&s, "paused", "2017-04-01", "资金未到位");
    assert_int_equal(ns.before_pause, STAGE_SIGNED);
}

static void test_resume_returns_to_before_pause(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_LANDED, "2017-01-01", "2017-02-01", "2017-03-01", "", "2017-03-01");
    struct stage_state paused = apply_ok(&cur, "paused", "2017-04-01", "资金未到位");
    struct stage_state n = apply_ok(&paused, "resume", "2017-05-01", NULL);
    assert_int_equal(n.stage, STAGE_LANDED);
    assert_string_equal(n.dates[STAGE_LANDED], "2017-03-01");
    assert_string_equal(n.dates[STAGE_PRODUCTION], "");
    assert_string_equal(n.last_event_date, "2017-05-01");

    struct stage_state p2 = st_make(STAGE_PAUSED, "2017-01-01", "2017-02-01", "", "", "2017-03-01");
    p2.before_pause = STAGE_SIGNED;
    struct stage_state n2 = apply_ok(&p2, "恢复", "2017-05-01", NULL);
    assert_int_equal(n2.stage, STAGE_SIGNED);
}

static void test_resume_only_from_paused(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_SIGNED, "2017-01-01", "2017-02-01", "", "", "2017-02-01");
    apply_bad(&cur, "resume", "2017-03-01", NULL, DK_ERULE, "not_paused", "to");
    struct stage_state i = st_make(STAGE_INTENTION, "2017-01-01", "", "", "", "2017-01-01");
    apply_bad(&i, "恢复", "2017-03-01", "r", DK_ERULE, "not_paused", "to");
}

static void test_from_paused_only_resume_or_terminate(void **state)
{
    (void)state;
    struct stage_state p = st_make(STAGE_PAUSED, "2017-01-01", "2017-02-01", "", "", "2017-03-01");
    p.before_pause = STAGE_SIGNED;
    apply_bad(&p, "signed", "2017-04-01", "r", DK_ERULE, "paused", "to");
    apply_bad(&p, "landed", "2017-04-01", "r", DK_ERULE, "paused", "to");
    apply_bad(&p, "intention", "2017-04-01", "r", DK_ERULE, "paused", "to");
    apply_bad(&p, "production", "2017-04-01", "r", DK_ERULE, "paused", "to");
    apply_bad(&p, "paused", "2017-04-01", "r", DK_ERULE, "same_stage", "to");
    apply_bad(&p, "terminated", "2017-04-01", NULL, DK_ERULE, "reason_required", "reason");
    struct stage_state t = apply_ok(&p, "terminated", "2017-04-01", "放弃");
    assert_int_equal(t.stage, STAGE_TERMINATED);
}

static void test_terminated_is_final(void **state)
{
    (void)state;
    struct stage_state t = st_make(STAGE_TERMINATED, "2017-01-01", "2017-02-01", "", "", "2017-03-01");
    const char *targets[] = {"intention", "signed", "landed", "production", "paused", "terminated", "resume"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        apply_bad(&t, targets[i], "2017-04-01", "r", DK_ERULE, "terminated", "to");
}

static void test_same_stage_refused(void **state)
{
    (void)state;
    struct stage_state i = st_make(STAGE_INTENTION, "2017-01-01", "", "", "", "2017-01-01");
    apply_bad(&i, "intention", "2017-02-01", "r", DK_ERULE, "same_stage", "to");
    struct stage_state s = st_make(STAGE_SIGNED, "2017-01-01", "2017-02-01", "", "", "2017-02-01");
    apply_bad(&s, "签约", "2017-03-01", NULL, DK_ERULE, "same_stage", "to");
    struct stage_state pr = st_make(STAGE_PRODUCTION, "2017-01-01", "2017-02-01", "2017-03-01", "2017-04-01", "2017-04-01");
    apply_bad(&pr, "production", "2017-05-01", NULL, DK_ERULE, "same_stage", "to");
}

/* --- stage_apply: dates and malformed input ---------------------------------------- */

static void test_date_before_last_event_refused(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_SIGNED, "2017-01-01", "2017-02-01", "", "", "2017-02-10");
    apply_bad(&cur, "landed", "2017-02-09", NULL, DK_ERULE, "dates_backwards", "date");
    apply_bad(&cur, "paused", "2016-12-31", "r", DK_ERULE, "dates_backwards", "date");
    /* the same day as the last event is allowed */
    struct stage_state n = apply_ok(&cur, "landed", "2017-02-10", NULL);
    assert_string_equal(n.dates[STAGE_LANDED], "2017-02-10");
    /* no previous event: any past date */
    struct stage_state fresh = st_make(STAGE_INTENTION, "2017-01-01", "", "", "", "");
    apply_ok(&fresh, "signed", "2016-01-01", NULL);
}

static void test_future_date_refused(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_SIGNED, "2017-01-01", "2017-02-01", "", "", "2017-02-01");
    apply_bad(&cur, "landed", "2018-03-16", NULL, DK_ERULE, "future_date", "date");
    apply_bad(&cur, "terminated", "2030-01-01", "r", DK_ERULE, "future_date", "date");
    struct stage_state n = apply_ok(&cur, "landed", TODAY, NULL);
    assert_string_equal(n.last_event_date, TODAY);
}

static void test_malformed_move(void **state)
{
    (void)state;
    struct stage_state cur = st_make(STAGE_SIGNED, "2017-01-01", "2017-02-01", "", "", "2017-02-01");
    apply_bad(&cur, NULL, "2017-03-01", NULL, DK_EINVAL, "missing_field", "to");
    apply_bad(&cur, "", "2017-03-01", NULL, DK_EINVAL, "missing_field", "to");
    apply_bad(&cur, "built", "2017-03-01", NULL, DK_EINVAL, "invalid_field", "to");
    apply_bad(&cur, "Landed", "2017-03-01", NULL, DK_EINVAL, "invalid_field", "to");
    apply_bad(&cur, "landed", NULL, NULL, DK_EINVAL, "missing_field", "date");
    apply_bad(&cur, "landed", "", NULL, DK_EINVAL, "missing_field", "date");
    apply_bad(&cur, "landed", "2017-02-30", NULL, DK_EINVAL, "invalid_field", "date");
    apply_bad(&cur, "landed", "2017-3-01", NULL, DK_EINVAL, "invalid_field", "date");
    apply_bad(&cur, "landed", "2017/03/01", NULL, DK_EINVAL, "invalid_field", "date");
    apply_bad(&cur, "landed", "2017-03-01T00:00", NULL, DK_EINVAL, "invalid_field", "date");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_codes),
        cmocka_unit_test(test_parse_simplified_names),
        cmocka_unit_test(test_parse_traditional_names),
        cmocka_unit_test(test_parse_unknown),
        cmocka_unit_test(test_codes_names_fields),
        cmocka_unit_test(test_initial_each_stage_with_its_dates),
        cmocka_unit_test(test_initial_needs_every_earlier_date),
        cmocka_unit_test(test_initial_no_later_dates),
        cmocka_unit_test(test_initial_dates_not_backwards),
        cmocka_unit_test(test_initial_no_future_dates),
        cmocka_unit_test(test_initial_malformed_dates),
        cmocka_unit_test(test_initial_paused_terminated_refused),
        cmocka_unit_test(test_forward_one_step_sets_date),
        cmocka_unit_test(test_forward_skipping_refused),
        cmocka_unit_test(test_back_needs_reason),
        cmocka_unit_test(test_back_clears_later_dates),
        cmocka_unit_test(test_pause_needs_reason),
        cmocka_unit_test(test_terminate_needs_reason),
        cmocka_unit_test(test_pause_records_before_pause),
        cmocka_unit_test(test_resume_returns_to_before_pause),
        cmocka_unit_test(test_resume_only_from_paused),
        cmocka_unit_test(test_from_paused_only_resume_or_terminate),
        cmocka_unit_test(test_terminated_is_final),
        cmocka_unit_test(test_same_stage_refused),
        cmocka_unit_test(test_date_before_last_event_refused),
        cmocka_unit_test(test_future_date_refused),
        cmocka_unit_test(test_malformed_move),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
