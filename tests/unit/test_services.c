/*
 * test_services.c — the use cases against a real SQLite database (test_db_open): creating,
 * changing and moving projects (what is written: the row, its stage events, the audit log;
 * and that a refusal writes nothing), who may write (units only their own projects, viewers
 * nothing), monthly progress (before signing, unsigned, future month, negative amount,
 * replacement, closed months), coordination problems, changing warning thresholds and the
 * colour that follows, and the summary report computed as of an earlier date.
 *
 * Today is fixed at 2018-03-15 (DUIKOU_TODAY) so the date rules are reproducible.
 */
#include "testutil.h"
#include "service/problems.h"
#include "service/progress.h"
#include "service/projects.h"
#include "service/report.h"
#include "service/warnings.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Unit ids as the seed inserts them: 1 and 2 belong to bj-sy, 3 to sh-dl. */
enum { UNIT_A = 1, UNIT_B = 2, UNIT_OTHER = 3 };

static const struct actor OFFICE = {"合作办", ROLE_OFFICE, 0, "127.0.0.1", 0, NULL, 0, 0};
static const struct actor ADMIN = {"管理员", ROLE_ADMIN, 0, "127.0.0.1", 0, NULL, 0, 0};
static const struct actor UNIT_A_ACTOR = {"市发改委", ROLE_UNIT, UNIT_A, "127.0.0.1", 1, NULL, 0, 0};
static const struct actor VIEWER = {"观察员", ROLE_VIEWER, 0, "127.0.0.1", 0, NULL, 0, 0};

/* --- fixture and helpers ------------------------------------------------------------- */

static void exec_sql(db *d, const char *sql)
{
    dk_err e;
    err_clear(&e);
    if (db_exec(d, sql, &e) != DK_OK) print_error("SQL failed: %s\n%s\n", e.message, sql);
    assert_int_equal(e.status, DK_OK);
}

/* Two pairings, two units in bj-sy and one in sh-dl. */
static void seed(db *d)
{
    dk_err e;
    err_clear(&e);
    db_stmt *s = db_prepare(d, "INSERT INTO pairings (code,name,programme,level,host_region,partner_region,start_date) "
                               "VALUES (?,?,'t','city',?,?,'2017-03-01')", &e);
    assert_non_null(s);
    static const char *const pairings[][4] = {{"bj-sy", "京沈", "210100", "110000"}, {"sh-dl", "沪连", "210200", "310000"}};
    for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 4; k++) db_bind_text(s, k + 1, pairings[i][k]);
        assert_int_equal(db_step(s, &e), DB_DONE);
        db_done(s);
    }
    exec_sql(d, "INSERT INTO units (pairing_id, side, kind, name) VALUES "
                "(1, 'host', 'department', '沈阳市发展和改革委员会'), "
                "(1, 'host', 'district', '和平区'), "
                "(2, 'host', 'department', '大连市发展和改革委员会'), "
                "(1, 'partner', 'department', '北京市发展和改革委员会')");
    assert_int_equal(db_int64(d, "SELECT pairing_id FROM units WHERE id = 3", 0, 0), 2);
}

static int setup(void **state)
{
    db *d = test_db_open();
    seed(d);
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    test_db_close(*state);
    return 0;
}

static int64_t count(db *d, const char *sql) { return db_int64(d, sql, -1, 0); }

/* SELECT COUNT(*) … with one text parameter. */
static int64_t count_text(db *d, const char *sql, const char *arg)
{
    dk_err e;
    err_clear(&e);
    db_stmt *s = db_prepare(d, sql, &e);
    assert_non_null(s);
    db_bind_text(s, 1, arg);
    assert_int_equal(db_step(s, &e), DB_ROW);
    int64_t n = db_col_int64(s, 0);
    db_done(s);
    return n;
}

static int64_t audits(db *d, const char *action)
{
    return count_text(d, "SELECT COUNT(*) FROM audit_log WHERE action = ?", action);
}

static json_t *J(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    if (!j) print_error("bad JSON in test: %s: %s\n", je.text, text);
    assert_non_null(j);
    return j;
}

/* A valid intention-stage project of bj-sy with code, changed by the fields in overrides
 * (a JSON object text, may be NULL). */
static json_t *proj(const char *code, const char *overrides)
{
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "code", code, "name", "测试项目",
                          "investor", "北京某科技有限公司", "investor_region", "110105", "host_region", "210102",
                          "industry_section", "C", "industry_division", "36", "planned_investment",
                          (json_int_t)100000000, "pairing", "bj-sy", "intention_date", "2017-05-01");
    assert_non_null(p);
    if (overrides) {
        json_t *o = J(overrides);
        json_object_update(p, o);
        json_decref(o);
    }
    return p;
}

/* Creates the project and returns its id; the creation must succeed. */
static int64_t create(db *d, const struct actor *who, const char *code, const char *overrides)
{
    json_t *p = proj(code, overrides);
    dk_err e;
    err_clear(&e);
    int64_t id = 0;
    int rc = projects_create(d, who, p, &id, &e);
    if (rc != DK_OK) print_error("projects_create(%s) refused: %s %s %s\n", code, e.code, e.field, e.message);
    assert_int_equal(rc, DK_OK);
    assert_true(id > 0);
    json_decref(p);
    return id;
}

/* What every table a write touches holds, to show a refusal wrote nothing. */
struct counts {
    int64_t projects, events, audit, reports, problems, closures;
};

static struct counts counts_of(db *d)
{
    struct counts c = {
        count(d, "SELECT COUNT(*) FROM projects"),         count(d, "SELECT COUNT(*) FROM stage_events"),
        count(d, "SELECT COUNT(*) FROM audit_log"),        count(d, "SELECT COUNT(*) FROM progress_reports"),
        count(d, "SELECT COUNT(*) FROM problems"),         count(d, "SELECT COUNT(*) FROM month_closures"),
    };
    return c;
}

static void assert_unchanged(db *d, const struct counts *before)
{
    struct counts now = counts_of(d);
    assert_int_equal(now.projects, before->projects);
    assert_int_equal(now.events, before->events);
    assert_int_equal(now.audit, before->audit);
    assert_int_equal(now.reports, before->reports);
    assert_int_equal(now.problems, before->problems);
    assert_int_equal(now.closures, before->closures);
}

/* Checks a refusal: status, code, and that nothing was written. */
static void refused(db *d, int rc, const dk_err *e, const struct counts *before, int status, const char *code)
{
    if (rc != status || strcmp(e->code, code) != 0)
        print_error("rc %d code \"%s\" (%s), want %d \"%s\"\n", rc, e->code, e->message, status, code);
    assert_int_equal(rc, status);
    assert_int_equal(e->status, status);
    assert_string_equal(e->code, code);
    assert_unchanged(d, before);
}

/* Tries to create; must be refused with status/code and write nothing. */
static void create_refused(db *d, const struct actor *who, json_t *p, int status, const char *code, const char *field)
{
    struct counts before = counts_of(d);
    dk_err e;
    err_clear(&e);
    int64_t id = -7;
    int rc = projects_create(d, who, p, &id, &e);
    refused(d, rc, &e, &before, status, code);
    if (field) assert_string_equal(e.field, field);
    assert_true(id == -7);
    json_decref(p);
}

/* The project as projects_get shows it at as_of ('YYYY-MM-DD'); caller decrefs. */
static json_t *get(db *d, int64_t id, const char *as_of)
{
    dk_date a;
    assert_true(date_parse(as_of, &a));
    dk_err e;
    err_clear(&e);
    json_t *o = projects_get(d, &OFFICE, id, &a, &e);
    if (!o) print_error("projects_get(%lld): %s\n", (long long)id, e.message);
    assert_non_null(o);
    return o;
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static int64_t jint(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) print_error("%s is not an integer\n", key);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static const char *colour_of(db *d, int64_t id, const char *as_of, char out[16])
{
    json_t *o = get(d, id, as_of);
    snprintf(out, 16, "%s", jstr(json_object_get(o, "warning"), "colour"));
    json_decref(o);
    return out;
}

static int transition(db *d, const struct actor *who, int64_t id, int64_t if_match, const char *body, dk_err *e)
{
    json_t *b = J(body);
    err_clear(e);
    int rc = projects_transition(d, who, id, if_match, b, e);
    json_decref(b);
    return rc;
}

static void transition_ok(db *d, int64_t id, const char *body)
{
    dk_err e;
    int rc = transition(d, &OFFICE, id, 0, body, &e);
    if (rc != DK_OK) print_error("transition %s refused: %s %s\n", body, e.code, e.message);
    assert_int_equal(rc, DK_OK);
}

static int report(db *d, const struct actor *who, int64_t id, const char *body, int *replaced, dk_err *e)
{
    json_t *b = J(body);
    err_clear(e);
    int rc = progress_report(d, who, id, b, replaced, e);
    json_decref(b);
    return rc;
}

static void report_ok(db *d, int64_t id, const char *month, int64_t amount)
{
    json_t *b = json_pack("{s:s, s:I}", "month", month, "amount", (json_int_t)amount);
    dk_err e;
    err_clear(&e);
    int rc = progress_report(d, &OFFICE, id, b, NULL, &e);
    if (rc != DK_OK) print_error("report %s refused: %s %s\n", month, e.code, e.message);
    assert_int_equal(rc, DK_OK);
    json_decref(b);
}

static int update(db *d, const struct actor *who, int64_t id, int64_t if_match, const char *patch, dk_err *e)
{
    json_t *p = J(patch);
    err_clear(e);
    int rc = projects_update(d, who, id, if_match, p, e);
    json_decref(p);
    return rc;
}

/* --- projects_create ------------------------------------------------------------------ */

static void test_create_writes_project_events_and_audit(void **state)
{
    db *d = *state;
    int64_t id = create(d, &OFFICE, "SY-001",
                        "{\"stage\":\"landed\",\"signed_date\":\"2017-06-01\",\"landed_date\":\"2017-08-01\","
                        "\"unit_id\":1,\"planned_investment\":\"1.5亿元\",\"planned_start\":\"2017-07\"}");
    assert_int_equal(count(d, "SELECT COUNT(*) FROM projects"), 1);
    /* one event per stage reached: creation (intention), signed, landed */
    assert_int_equal(db_int64(d, "SELECT COUNT(*) FROM stage_events WHERE project_id = ?", -1, 1, id), 3);
    assert_int_equal(count(d, "SELECT COUNT(*) FROM stage_events WHERE from_stage IS NULL AND to_stage = 'intention' "
                              "AND event_date = '2017-05-01'"), 1);
    assert_int_equal(count(d, "SELECT COUNT(*) FROM stage_events WHERE from_stage = 'signed' AND to_stage = 'landed' "
                              "AND event_date = '2017-08-01'"), 1);
    assert_int_equal(audits(d, "project.create"), 1);
    assert_int_equal(db_int64(d, "SELECT entity_id FROM audit_log WHERE action = 'project.create'", -1, 0), id);
    assert_int_equal(count_text(d, "SELECT COUNT(*) FROM audit_log WHERE actor = ?", OFFICE.name), 1);

    json_t *o = get(d, id, "2018-03-15");
    assert_string_equal(jstr(o, "code"), "SY-001");
    assert_string_equal(jstr(o, "stage"), "landed");
    assert_string_equal(jstr(o, "pairing"), "bj-sy");
    assert_int_equal(jint(o, "planned_investment"), 150000000);
    assert_int_equal(jint(o, "unit_id"), UNIT_A);
    assert_int_equal(jint(o, "version"), 1);
    json_t *dates = json_object_get(o, "stage_dates");
    assert_string_equal(jstr(dates, "signed"), "2017-06-01");
    assert_string_equal(jstr(dates, "landed"), "2017-08-01");
    assert_true(json_is_null(json_object_get(dates, "production")));
    assert_int_equal(json_array_size(json_object_get(o, "stage_history")), 3);
    json_decref(o);

    /* the default stage is intention, with one creation event */
    int64_t id2 = create(d, &ADMIN, "SY-002", NULL);
    assert_int_equal(db_int64(d, "SELECT COUNT(*) FROM stage_events WHERE project_id = ?", -1, 1, id2), 1);
    assert_int_equal(audits(d, "project.create"), 2);
}

static void test_create_refusals_write_nothing(void **state)
{
    db *d = *state;
    create(d, &OFFICE, "SY-001", NULL);
    create_refused(d, &OFFICE, proj("SY-002", "{\"investor_region\":\"999999\"}"), DK_ERULE, "unknown_region",
                   "investor_region");
    create_refused(d, &OFFICE, proj("SY-002", "{\"host_region\":\"210199\"}"), DK_ERULE, "unknown_region", "host_region");
    create_refused(d, &OFFICE, proj("SY-002", "{\"industry_division\":\"65\"}"), DK_ERULE, "industry_mismatch",
                   "industry_division");
    create_refused(d, &OFFICE, proj("SY-002", "{\"industry_division\":\"99\"}"), DK_ERULE, "unknown_industry",
                   "industry_division");
    create_refused(d, &OFFICE, proj("SY-002", "{\"pairing\":\"xx-yy\"}"), DK_ERULE, "unknown_pairing", "pairing");
    json_t *np = proj("SY-002", NULL);
    json_object_del(np, "pairing");
    create_refused(d, &OFFICE, np, DK_EINVAL, "missing_field", "pairing");
    create_refused(d, &OFFICE, proj("SY-002", "{\"unit_id\":3}"), DK_ERULE, "unit_not_in_pairing", "unit_id");
    create_refused(d, &OFFICE, proj("SY-002", "{\"unit_id\":99}"), DK_ERULE, "unknown_unit", "unit_id");
    create_refused(d, &OFFICE, proj("SY-001", NULL), DK_ECONFLICT, "duplicate_code", "code");
    create_refused(d, &OFFICE, proj("SY-002", "{\"stage\":\"signed\"}"), DK_ERULE, "missing_stage_date", "signed_date");
    create_refused(d, &OFFICE, proj("SY-002", "{\"intention_date\":\"2018-03-16\"}"), DK_ERULE, "future_date",
                   "intention_date");
    create_refused(d, &OFFICE, proj("SY-002", "{\"stage\":\"paused\"}"), DK_ERULE, "invalid_stage", "stage");
    create_refused(d, &OFFICE, proj("SY-002", "{\"stage\":\"built\"}"), DK_EINVAL, "invalid_field", "stage");
    create_refused(d, &OFFICE, proj("SY-002", "{\"colour\":\"red\"}"), DK_EINVAL, "unknown_field", "colour");
    create_refused(d, &OFFICE, proj("SY-002", "{\"planned_investment\":-1}"), DK_EINVAL, "invalid_field",
                   "planned_investment");
    create_refused(d, &OFFICE, proj("SY-002", "{\"signed_date\":20170601}"), DK_EINVAL, "invalid_type", "signed_date");
    /* after all that, the next good create still works */
    create(d, &OFFICE, "SY-002", NULL);
    assert_int_equal(count(d, "SELECT COUNT(*) FROM projects"), 2);
    assert_int_equal(audits(d, "project.create"), 2);
}

/* --- projects_update ------------------------------------------------------------------ */

static void test_update_stale_if_match(void **state)
{
    db *d = *state;
    int64_t id = create(d, &OFFICE, "SY-001", NULL);
    dk_err e;
    assert_int_equal(update(d, &OFFICE, id, 1, "{\"name\":\"第二版\"}", &e), DK_OK);
    assert_int_equal(audits(d, "project.update"), 1);
    json_t *o = get(d, id, "2018-03-15");
    assert_int_equal(jint(o, "version"), 2);
    assert_string_equal(jstr(o, "name"), "第二版");
    json_decref(o);

    struct counts before = counts_of(d);
    int rc = update(d, &OFFICE, id, 1, "{\"name\":\"过时的修改\"}", &e);
    refused(d, rc, &e, &before, DK_ESTALE, "stale_version");
    o = get(d, id, "2018-03-15");
    assert_int_equal(jint(o, "version"), 2);
    assert_string_equal(jstr(o, "name"), "第二版");
    json_decref(o);

    /* the current version, or no version check at all, goes through */
    assert_int_equal(update(d, &OFFICE, id, 2, "{\"name\":\"第三版\"}", &e), DK_OK);
    assert_int_equal(update(d, &OFFICE, id, 0, "{\"name\":\"第四版\"}", &e), DK_OK);
    o = get(d, id, "2018-03-15");
    assert_int_equal(jint(o, "version"), 4);
    json_decref(o);

    /* a refused update changes nothing either */
    before = counts_of(d);
    rc = update(d, &OFFICE, id, 0, "{\"name\":\"x\",\"industry_division\":\"65\"}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "industry_mismatch");
    rc = update(d, &OFFICE, 999, 0, "{\"name\":\"x\"}", &e);
    refused(d, rc, &e, &before, DK_ENOTFOUND, "not_found");
    int64_t id2 = create(d, &OFFICE, "SY-002", NULL);
    before = counts_of(d);
    rc = update(d, &OFFICE, id2, 0, "{\"code\":\"SY-001\"}", &e);
    refused(d, rc, &e, &before, DK_ECONFLICT, "duplicate_code");
    o = get(d, id, "2018-03-15");
    assert_string_equal(jstr(o, "name"), "第四版");
    assert_int_equal(jint(o, "version"), 4);
    json_decref(o);
}

/* --- who may write -------------------------------------------------------------------- */

static void test_unit_writes_only_its_projects(void **state)
{
    db *d = *state;
    int64_t mine = create(d, &OFFICE, "SY-A", "{\"unit_id\":1,\"stage\":\"signed\",\"signed_date\":\"2017-06-01\"}");
    int64_t theirs = create(d, &OFFICE, "SY-B", "{\"unit_id\":2,\"stage\":\"signed\",\"signed_date\":\"2017-06-01\"}");
    int64_t nobody = create(d, &OFFICE, "SY-C", "{\"stage\":\"signed\",\"signed_date\":\"2017-06-01\"}");
    dk_err e;
    struct counts before;
    int rc;

    /* its own project: update, transition, report */
    assert_int_equal(update(d, &UNIT_A_ACTOR, mine, 0, "{\"contact\":\"李四\"}", &e), DK_OK);
    /* a unit's stage change is valid but waits for its office (the service says so, writes nothing) */
    assert_int_equal(transition(d, &UNIT_A_ACTOR, mine, 0, "{\"to\":\"landed\",\"date\":\"2018-01-05\"}", &e), DK_EFORBIDDEN);
    assert_string_equal(e.code, "needs_approval");
    assert_int_equal(transition(d, &OFFICE, mine, 0, "{\"to\":\"landed\",\"date\":\"2018-01-05\"}", &e), DK_OK);
    assert_int_equal(report(d, &UNIT_A_ACTOR, mine, "{\"month\":\"2018-01\",\"amount\":100}", NULL, &e), DK_OK);

    /* another unit's project, or one with no unit */
    int64_t others[] = {theirs, nobody};
    for (int i = 0; i < 2; i++) {
        before = counts_of(d);
        rc = update(d, &UNIT_A_ACTOR, others[i], 0, "{\"contact\":\"李四\"}", &e);
        refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
        rc = transition(d, &UNIT_A_ACTOR, others[i], 0, "{\"to\":\"landed\",\"date\":\"2018-01-05\"}", &e);
        refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
        rc = report(d, &UNIT_A_ACTOR, others[i], "{\"month\":\"2018-01\",\"amount\":100}", NULL, &e);
        refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
    }
    /* handing its own project to another unit is a write to a project it is not responsible for */
    before = counts_of(d);
    rc = update(d, &UNIT_A_ACTOR, mine, 0, "{\"unit_id\":2}", &e);
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
    json_t *o = get(d, mine, "2018-03-15");
    assert_int_equal(jint(o, "unit_id"), UNIT_A);
    json_decref(o);

    /* creating: only with itself as the responsible unit */
    create_refused(d, &UNIT_A_ACTOR, proj("SY-D", "{\"unit_id\":2}"), DK_EFORBIDDEN, "forbidden", NULL);
    create_refused(d, &UNIT_A_ACTOR, proj("SY-D", NULL), DK_EFORBIDDEN, "forbidden", NULL);
    create(d, &UNIT_A_ACTOR, "SY-D", "{\"unit_id\":1}");

    /* the office may write any of them */
    assert_int_equal(update(d, &OFFICE, theirs, 0, "{\"contact\":\"王五\"}", &e), DK_OK);
    assert_int_equal(update(d, &OFFICE, nobody, 0, "{\"contact\":\"王五\"}", &e), DK_OK);
}

static void test_viewer_may_not_write(void **state)
{
    db *d = *state;
    int64_t id = create(d, &OFFICE, "SY-A", "{\"unit_id\":1,\"stage\":\"signed\",\"signed_date\":\"2017-06-01\"}");
    dk_err e;
    struct counts before = counts_of(d);
    int rc;
    create_refused(d, &VIEWER, proj("SY-V", NULL), DK_EFORBIDDEN, "forbidden", NULL);
    create_refused(d, &VIEWER, proj("SY-V", "{\"unit_id\":1}"), DK_EFORBIDDEN, "forbidden", NULL);
    rc = update(d, &VIEWER, id, 0, "{\"contact\":\"x\"}", &e);
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
    rc = transition(d, &VIEWER, id, 0, "{\"to\":\"landed\",\"date\":\"2018-01-05\"}", &e);
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
    rc = report(d, &VIEWER, id, "{\"month\":\"2018-01\",\"amount\":100}", NULL, &e);
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
    json_t *b = J("{\"title\":\"用地\"}");
    int64_t pid = 0;
    err_clear(&e);
    rc = problems_raise(d, &VIEWER, id, b, &pid, &e);
    json_decref(b);
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");

    /* projects_may_write itself */
    opt_i64 unit1 = {1, UNIT_A}, unit2 = {1, UNIT_B}, none = {0, 0};
    assert_true(projects_may_write(d, &OFFICE, 1, &none));
    assert_true(projects_may_write(d, &UNIT_A_ACTOR, 1, &unit1));
    assert_false(projects_may_write(d, &UNIT_A_ACTOR, 1, &unit2));
    assert_false(projects_may_write(d, &UNIT_A_ACTOR, 1, &none));
    assert_false(projects_may_write(d, &VIEWER, 1, &unit1));
    /* an account scoped to pairing 1 writes nothing of pairing 2, even its own unit's */
    assert_false(projects_may_write(d, &UNIT_A_ACTOR, 2, &unit1));
    /* the other side's office writes only the projects of units on its side */
    static const struct actor PARTNER = {"对方合作办", ROLE_PARTNER, 0, NULL, 1, "partner", 0, 0};
    assert_false(projects_may_write(d, &PARTNER, 1, &unit1));
    assert_false(projects_may_write(d, &PARTNER, 1, &none));
    opt_i64 partner_unit = {1, 4};
    assert_true(projects_may_write(d, &PARTNER, 1, &partner_unit));
}

/* --- projects_transition -------------------------------------------------------------- */

static void test_transition_writes_event_and_audit(void **state)
{
    db *d = *state;
    int64_t id = create(d, &OFFICE, "SY-001", NULL);
    dk_err e;
    int rc = transition(d, &OFFICE, id, 1, "{\"to\":\"signed\",\"date\":\"2017-06-01\",\"note\":\"签约仪式\"}", &e);
    assert_int_equal(rc, DK_OK);
    assert_int_equal(db_int64(d, "SELECT COUNT(*) FROM stage_events WHERE project_id = ?", -1, 1, id), 2);
    assert_int_equal(count(d, "SELECT COUNT(*) FROM stage_events WHERE from_stage = 'intention' AND to_stage = 'signed' "
                              "AND event_date = '2017-06-01' AND note = '签约仪式'"), 1);
    assert_int_equal(audits(d, "project.stage"), 1);
    json_t *o = get(d, id, "2018-03-15");
    assert_string_equal(jstr(o, "stage"), "signed");
    assert_int_equal(jint(o, "version"), 2);
    assert_string_equal(jstr(json_object_get(o, "stage_dates"), "signed"), "2017-06-01");
    json_decref(o);

    /* refusals write nothing */
    struct counts before = counts_of(d);
    rc = transition(d, &OFFICE, id, 0, "{\"to\":\"production\",\"date\":\"2017-07-01\"}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "skipped_stage");
    rc = transition(d, &OFFICE, id, 1, "{\"to\":\"landed\",\"date\":\"2017-07-01\"}", &e);
    refused(d, rc, &e, &before, DK_ESTALE, "stale_version");
    rc = transition(d, &OFFICE, id, 0, "{\"to\":\"landed\",\"date\":\"2017-05-31\"}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "dates_backwards");
    rc = transition(d, &OFFICE, id, 0, "{\"to\":\"paused\",\"date\":\"2017-07-01\"}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "reason_required");
    rc = transition(d, &OFFICE, id, 0, "{\"to\":\"landed\",\"date\":\"2017-07-01\",\"by\":\"x\"}", &e);
    refused(d, rc, &e, &before, DK_EINVAL, "unknown_field");
    rc = transition(d, &OFFICE, 999, 0, "{\"to\":\"landed\",\"date\":\"2017-07-01\"}", &e);
    refused(d, rc, &e, &before, DK_ENOTFOUND, "not_found");

    /* pause and resume through the store: before_pause survives the round trip */
    transition_ok(d, id, "{\"to\":\"paused\",\"date\":\"2017-07-01\",\"reason\":\"资金未到位\"}");
    o = get(d, id, "2018-03-15");
    assert_string_equal(jstr(o, "stage"), "paused");
    assert_string_equal(jstr(o, "stage_before_pause"), "signed");
    json_decref(o);
    transition_ok(d, id, "{\"to\":\"resume\",\"date\":\"2017-08-01\"}");
    o = get(d, id, "2018-03-15");
    assert_string_equal(jstr(o, "stage"), "signed");
    json_decref(o);
    assert_int_equal(count(d, "SELECT COUNT(*) FROM stage_events WHERE reason = '资金未到位'"), 1);
    assert_int_equal(audits(d, "project.stage"), 3);
    /* the last event date now comes from the store: a move dated before it is refused */
    before = counts_of(d);
    rc = transition(d, &OFFICE, id, 0, "{\"to\":\"landed\",\"date\":\"2017-07-15\"}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "dates_backwards");
}

/* --- progress ------------------------------------------------------------------------- */

static void test_progress_refusals(void **state)
{
    db *d = *state;
    int64_t sig = create(d, &OFFICE, "SY-S", "{\"stage\":\"signed\",\"signed_date\":\"2017-06-10\"}");
    int64_t intent = create(d, &OFFICE, "SY-I", NULL);
    dk_err e;
    struct counts before = counts_of(d);
    int rc;
    rc = report(d, &OFFICE, sig, "{\"month\":\"2017-05\",\"amount\":100}", NULL, &e);
    refused(d, rc, &e, &before, DK_ERULE, "before_signing");
    rc = report(d, &OFFICE, intent, "{\"month\":\"2018-01\",\"amount\":100}", NULL, &e);
    refused(d, rc, &e, &before, DK_ERULE, "not_signed");
    rc = report(d, &OFFICE, sig, "{\"month\":\"2018-04\",\"amount\":100}", NULL, &e);
    refused(d, rc, &e, &before, DK_ERULE, "future_month");
    rc = report(d, &OFFICE, sig, "{\"month\":\"2018-01\",\"amount\":-1}", NULL, &e);
    refused(d, rc, &e, &before, DK_ERULE, "negative_amount");
    rc = report(d, &OFFICE, sig, "{\"month\":\"2018-01\",\"amount\":\"-5万元\"}", NULL, &e);
    refused(d, rc, &e, &before, DK_ERULE, "negative_amount");
    rc = report(d, &OFFICE, sig, "{\"month\":\"2018-1\",\"amount\":100}", NULL, &e);
    refused(d, rc, &e, &before, DK_EINVAL, "invalid_field");
    rc = report(d, &OFFICE, sig, "{\"month\":\"2018-01\"}", NULL, &e);
    refused(d, rc, &e, &before, DK_EINVAL, "missing_field");
    rc = report(d, &OFFICE, sig, "{\"month\":\"2018-01\",\"amount\":1.5}", NULL, &e);
    refused(d, rc, &e, &before, DK_EINVAL, "invalid_type");
    rc = report(d, &OFFICE, 999, "{\"month\":\"2018-01\",\"amount\":1}", NULL, &e);
    refused(d, rc, &e, &before, DK_ENOTFOUND, "not_found");
    /* the signing month itself and the current month are fine */
    int replaced = -1;
    assert_int_equal(report(d, &OFFICE, sig, "{\"month\":\"2017-06\",\"amount\":0}", &replaced, &e), DK_OK);
    assert_int_equal(replaced, 0);
    assert_int_equal(report(d, &OFFICE, sig, "{\"month\":\"2018-03\",\"amount\":\"12万\"}", &replaced, &e), DK_OK);
    assert_int_equal(db_int64(d, "SELECT amount FROM progress_reports WHERE month = '2018-03'", -1, 0), 120000);
}

static void test_progress_replace_and_sum(void **state)
{
    db *d = *state;
    int64_t id = create(d, &OFFICE, "SY-S", "{\"stage\":\"signed\",\"signed_date\":\"2017-06-10\"}");
    dk_err e;
    int replaced = -1;
    assert_int_equal(report(d, &OFFICE, id, "{\"month\":\"2018-01\",\"amount\":1000000}", &replaced, &e), DK_OK);
    assert_int_equal(replaced, 0);
    assert_int_equal(audits(d, "progress.report"), 1);
    assert_int_equal(report(d, &OFFICE, id, "{\"month\":\"2018-01\",\"amount\":\"250万\"}", &replaced, &e), DK_OK);
    assert_int_equal(replaced, 1);
    assert_int_equal(audits(d, "progress.replace"), 1);
    assert_int_equal(count(d, "SELECT COUNT(*) FROM progress_reports WHERE month = '2018-01'"), 1);
    assert_int_equal(count(d, "SELECT amount FROM progress_reports WHERE month = '2018-01'"), 2500000);
    json_t *o = get(d, id, "2018-03-15");
    assert_int_equal(jint(o, "completed_investment"), 2500000);
    json_decref(o);

    report_ok(d, id, "2017-07", 100);
    report_ok(d, id, "2017-12", 20000);
    report_ok(d, id, "2018-02", 3000000);
    o = get(d, id, "2018-03-15");
    assert_int_equal(jint(o, "completed_investment"), 100 + 20000 + 2500000 + 3000000);
    assert_int_equal(jint(o, "completed_in_year"), 2500000 + 3000000);
    assert_string_equal(jstr(o, "last_report_month"), "2018-02");
    json_decref(o);
    /* as of an earlier date only the reports up to that month count */
    o = get(d, id, "2017-12-31");
    assert_int_equal(jint(o, "completed_investment"), 100 + 20000);
    assert_int_equal(jint(o, "completed_in_year"), 100 + 20000);
    json_decref(o);
    o = get(d, id, "2018-01-31");
    assert_int_equal(jint(o, "completed_investment"), 100 + 20000 + 2500000);
    assert_int_equal(jint(o, "completed_in_year"), 2500000);
    json_decref(o);

    json_t *list = progress_list(d, id, &e);
    assert_non_null(list);
    assert_int_equal(json_array_size(list), 4);
    assert_string_equal(jstr(json_array_get(list, 0), "month"), "2017-07");
    json_decref(list);
}

static void test_closed_month(void **state)
{
    db *d = *state;
    int64_t id = create(d, &OFFICE, "SY-A", "{\"unit_id\":1,\"stage\":\"signed\",\"signed_date\":\"2017-06-01\"}");
    dk_err e;
    int rc;
    report_ok(d, id, "2018-01", 500);
    struct counts before = counts_of(d);
    err_clear(&e);
    rc = progress_close_month(d, &UNIT_A_ACTOR, "bj-sy", "2018-01", &e);
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
    err_clear(&e);
    rc = progress_close_month(d, &OFFICE, "bj-sy", "2018-03", &e);
    refused(d, rc, &e, &before, DK_ERULE, "month_not_over");
    err_clear(&e);
    rc = progress_close_month(d, &OFFICE, "no-such", "2018-01", &e);
    refused(d, rc, &e, &before, DK_ERULE, "unknown_pairing");
    err_clear(&e);
    assert_int_equal(progress_close_month(d, &OFFICE, "bj-sy", "2018-01", &e), DK_OK);
    assert_int_equal(audits(d, "month.close"), 1);
    before = counts_of(d);
    err_clear(&e);
    rc = progress_close_month(d, &OFFICE, "bj-sy", "2018-01", &e);
    refused(d, rc, &e, &before, DK_ECONFLICT, "already_closed");

    /* a closed month needs a reason; a unit's correction then waits for the office's approval */
    rc = report(d, &UNIT_A_ACTOR, id, "{\"month\":\"2018-01\",\"amount\":900}", NULL, &e);
    refused(d, rc, &e, &before, DK_ERULE, "reason_required");
    rc = report(d, &UNIT_A_ACTOR, id, "{\"month\":\"2018-01\",\"amount\":900,\"reason\":\"漏报\"}", NULL, &e);
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "needs_approval");
    rc = report(d, &OFFICE, id, "{\"month\":\"2018-01\",\"amount\":900}", NULL, &e);
    refused(d, rc, &e, &before, DK_ERULE, "reason_required");
    rc = report(d, &OFFICE, id, "{\"month\":\"2018-01\",\"amount\":900,\"reason\":\"\"}", NULL, &e);
    refused(d, rc, &e, &before, DK_ERULE, "reason_required");
    assert_int_equal(count(d, "SELECT amount FROM progress_reports WHERE month = '2018-01'"), 500);
    int replaced = -1;
    assert_int_equal(report(d, &OFFICE, id, "{\"month\":\"2018-01\",\"amount\":900,\"reason\":\"统计口径更正\"}", &replaced, &e),
                     DK_OK);
    assert_int_equal(replaced, 1);
    assert_int_equal(count(d, "SELECT amount FROM progress_reports WHERE month = '2018-01'"), 900);
    assert_int_equal(count(d, "SELECT COUNT(*) FROM progress_reports WHERE reason = '统计口径更正'"), 1);

    /* an open month of the same pairing, and the same month of another pairing, stay open */
    assert_int_equal(report(d, &UNIT_A_ACTOR, id, "{\"month\":\"2018-02\",\"amount\":100}", NULL, &e), DK_OK);
    json_t *closed = progress_closed_months(d, "bj-sy", 0, &e);
    assert_non_null(closed);
    assert_int_equal(json_array_size(closed), 1);
    json_decref(closed);
    closed = progress_closed_months(d, "sh-dl", 0, &e);
    assert_non_null(closed);
    assert_int_equal(json_array_size(closed), 0);
    json_decref(closed);
}

/* --- problems ------------------------------------------------------------------------- */

static int problem_call_if(db *d, int (*fn)(db *, const struct actor *, int64_t, int64_t, json_t *, dk_err *),
                           int64_t id, int64_t if_match, const char *body, dk_err *e)
{
    json_t *b = J(body);
    err_clear(e);
    int rc = fn(d, &OFFICE, id, if_match, b, e);
    json_decref(b);
    return rc;
}

static int problem_call(db *d, int (*fn)(db *, const struct actor *, int64_t, int64_t, json_t *, dk_err *), int64_t id,
                        const char *body, dk_err *e)
{
    json_t *b = J(body);
    err_clear(e);
    int rc = fn(d, &OFFICE, id, 0, b, e);
    json_decref(b);
    return rc;
}

static const char *problem_state(db *d, int64_t id, char out[16])
{
    dk_err e;
    err_clear(&e);
    json_t *p = problems_get(d, id, 0, &e);
    assert_non_null(p);
    snprintf(out, 16, "%s", jstr(p, "state"));
    json_decref(p);
    return out;
}

static void test_problems(void **state)
{
    db *d = *state;
    int64_t proj_id = create(d, &OFFICE, "SY-A", NULL);
    dk_err e;
    char st[16];
    struct counts before = counts_of(d);
    int rc;
    int64_t id = 0;

    /* raising */
    json_t *b = J("{\"title\":\"用地指标未落实\",\"raised_date\":\"2018-03-16\"}");
    err_clear(&e);
    rc = problems_raise(d, &OFFICE, proj_id, b, &id, &e);
    json_decref(b);
    refused(d, rc, &e, &before, DK_ERULE, "future_date");
    b = J("{\"detail\":\"no title\"}");
    err_clear(&e);
    rc = problems_raise(d, &OFFICE, proj_id, b, &id, &e);
    json_decref(b);
    refused(d, rc, &e, &before, DK_EINVAL, "missing_field");
    b = J("{\"title\":\"x\"}");
    err_clear(&e);
    rc = problems_raise(d, &OFFICE, 999, b, &id, &e);
    json_decref(b);
    refused(d, rc, &e, &before, DK_ENOTFOUND, "not_found");
    b = J("{\"title\":\"用地指标未落实\",\"detail\":\"缺 50 亩\",\"raised_date\":\"2018-01-10\"}");
    err_clear(&e);
    assert_int_equal(problems_raise(d, &OFFICE, proj_id, b, &id, &e), DK_OK);
    json_decref(b);
    assert_true(id > 0);
    assert_string_equal(problem_state(d, id, st), "open");
    assert_int_equal(audits(d, "problem.raise"), 1);

    /* a stale version is refused: the problem is at version 1 */
    before = counts_of(d);
    rc = problem_call_if(d, problems_assign, id, 2, "{\"unit_id\":1}", &e);
    refused(d, rc, &e, &before, DK_ESTALE, "stale_version");
    rc = problem_call_if(d, problems_resolve, id, 7, "{\"resolution\":\"x\"}", &e);
    refused(d, rc, &e, &before, DK_ESTALE, "stale_version");

    /* assigning */
    before = counts_of(d);
    rc = problem_call(d, problems_assign, id, "{\"unit_id\":3}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "unit_not_in_pairing");
    rc = problem_call(d, problems_assign, id, "{\"unit_id\":99}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "unknown_unit");
    rc = problem_call(d, problems_assign, id, "{\"unit_id\":\"2\"}", &e);
    refused(d, rc, &e, &before, DK_EINVAL, "invalid_type");
    rc = problem_call(d, problems_assign, 999, "{\"unit_id\":2}", &e);
    refused(d, rc, &e, &before, DK_ENOTFOUND, "not_found");
    assert_string_equal(problem_state(d, id, st), "open");
    assert_int_equal(problem_call(d, problems_assign, id, "{\"unit_id\":2}", &e), DK_OK);
    assert_string_equal(problem_state(d, id, st), "assigned");
    assert_int_equal(db_int64(d, "SELECT assigned_unit_id FROM problems WHERE id = ?", -1, 1, id), UNIT_B);
    assert_int_equal(audits(d, "problem.assign"), 1);

    /* resolving */
    before = counts_of(d);
    rc = problem_call(d, problems_resolve, id, "{\"resolution\":\"已协调\",\"resolved_date\":\"2018-01-09\"}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "dates_backwards");
    rc = problem_call(d, problems_resolve, id, "{\"resolution\":\"已协调\",\"resolved_date\":\"2018-03-16\"}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "future_date");
    rc = problem_call(d, problems_resolve, id, "{\"resolved_date\":\"2018-02-01\"}", &e);
    refused(d, rc, &e, &before, DK_EINVAL, "missing_field");
    assert_string_equal(problem_state(d, id, st), "assigned");
    assert_int_equal(problem_call(d, problems_resolve, id, "{\"resolution\":\"已协调\",\"resolved_date\":\"2018-01-10\"}", &e),
                     DK_OK);
    assert_string_equal(problem_state(d, id, st), "resolved");
    assert_int_equal(audits(d, "problem.resolve"), 1);
    before = counts_of(d);
    rc = problem_call(d, problems_resolve, id, "{\"resolution\":\"再次\",\"resolved_date\":\"2018-02-01\"}", &e);
    refused(d, rc, &e, &before, DK_ECONFLICT, "already_resolved");
    rc = problem_call(d, problems_assign, id, "{\"unit_id\":1}", &e);
    refused(d, rc, &e, &before, DK_ECONFLICT, "already_resolved");
    assert_int_equal(count(d, "SELECT COUNT(*) FROM problems WHERE resolved_date = '2018-01-10'"), 1);

    /* resolving straight from open is allowed */
    b = J("{\"title\":\"环评\"}");
    int64_t id2 = 0;
    err_clear(&e);
    assert_int_equal(problems_raise(d, &OFFICE, proj_id, b, &id2, &e), DK_OK);
    json_decref(b);
    assert_int_equal(count(d, "SELECT COUNT(*) FROM problems WHERE raised_date = '2018-03-15'"), 1);
    assert_int_equal(problem_call(d, problems_resolve, id2, "{\"resolution\":\"已批复\"}", &e), DK_OK);
    assert_string_equal(problem_state(d, id2, st), "resolved");

    json_t *list = problems_list(d, "bj-sy", 0, "resolved", 0, &e);
    assert_non_null(list);
    assert_int_equal(json_array_size(list), 2);
    json_decref(list);
    list = problems_list(d, "sh-dl", 0, NULL, 0, &e);
    assert_non_null(list);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

/* --- warning rules -------------------------------------------------------------------- */

static int rule_update(db *d, const struct actor *who, const char *code, const char *patch, dk_err *e)
{
    json_t *p = J(patch);
    err_clear(e);
    int rc = warnings_rule_update(d, who, code, 0, p, e);
    json_decref(p);
    return rc;
}

static void test_warning_rule_update_changes_colour(void **state)
{
    db *d = *state;
    /* signed in December, never reported: as of 15 March, December, January and February are
     * missing — 3 months, red under the defaults (yellow 2, red 3) */
    int64_t id = create(d, &OFFICE, "SY-W", "{\"stage\":\"signed\",\"signed_date\":\"2017-12-01\"}");
    char c[16];
    assert_string_equal(colour_of(d, id, "2018-03-15", c), "red");
    json_t *o = get(d, id, "2018-03-15");
    json_t *reasons = json_object_get(json_object_get(o, "warning"), "reasons");
    assert_int_equal(json_array_size(reasons), 1);
    assert_string_equal(jstr(json_array_get(reasons, 0), "rule"), "no_report");
    json_decref(o);

    dk_err e;
    struct counts before = counts_of(d);
    int rc = rule_update(d, &UNIT_A_ACTOR, "no_report", "{\"red_at\":4}", &e);
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
    rc = rule_update(d, &VIEWER, "no_report", "{\"red_at\":4}", &e);
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
    rc = rule_update(d, &OFFICE, "no_report", "{\"red_at\":4}", &e); /* an office's change would reach every pairing */
    refused(d, rc, &e, &before, DK_EFORBIDDEN, "forbidden");
    rc = rule_update(d, &ADMIN, "no_report", "{\"yellow_at\":5}", &e); /* above red_at 3 */
    refused(d, rc, &e, &before, DK_ERULE, "thresholds");
    rc = rule_update(d, &ADMIN, "no_report", "{\"yellow_at\":5,\"red_at\":4}", &e);
    refused(d, rc, &e, &before, DK_ERULE, "thresholds");
    rc = rule_update(d, &ADMIN, "no_report", "{\"red_at\":-1}", &e);
    refused(d, rc, &e, &before, DK_EINVAL, "invalid_field");
    rc = rule_update(d, &ADMIN, "no_report", "{\"colour\":\"red\"}", &e);
    refused(d, rc, &e, &before, DK_EINVAL, "unknown_field");
    rc = rule_update(d, &ADMIN, "no_such_rule", "{\"red_at\":4}", &e);
    refused(d, rc, &e, &before, DK_ENOTFOUND, "not_found");
    assert_int_equal(count(d, "SELECT red_at FROM warning_rules WHERE code = 'no_report'"), 3);
    assert_string_equal(colour_of(d, id, "2018-03-15", c), "red");

    /* red from 4 months: now yellow */
    assert_int_equal(rule_update(d, &ADMIN, "no_report", "{\"red_at\":4}", &e), DK_OK);
    assert_int_equal(count(d, "SELECT red_at FROM warning_rules WHERE code = 'no_report'"), 4);
    assert_int_equal(count(d, "SELECT yellow_at FROM warning_rules WHERE code = 'no_report'"), 2);
    assert_int_equal(audits(d, "warning_rule.update"), 1);
    assert_string_equal(colour_of(d, id, "2018-03-15", c), "yellow");
    /* yellow from 4 too (equal thresholds are allowed): green */
    assert_int_equal(rule_update(d, &ADMIN, "no_report", "{\"yellow_at\":4}", &e), DK_OK);
    assert_string_equal(colour_of(d, id, "2018-03-15", c), "green");
    /* back to yellow 1, red 3: red again; then the rule disabled: green */
    assert_int_equal(rule_update(d, &ADMIN, "no_report", "{\"yellow_at\":1,\"red_at\":3}", &e), DK_OK);
    assert_string_equal(colour_of(d, id, "2018-03-15", c), "red");
    assert_int_equal(rule_update(d, &ADMIN, "no_report", "{\"enabled\":false}", &e), DK_OK);
    assert_string_equal(colour_of(d, id, "2018-03-15", c), "green");
    assert_int_equal(rule_update(d, &ADMIN, "no_report", "{\"enabled\":true}", &e), DK_OK);
    assert_string_equal(colour_of(d, id, "2018-03-15", c), "red");
    assert_int_equal(rule_update(d, &ADMIN, "no_report", "{\"enabled\":true}", &e), DK_OK);
    assert_int_equal(audits(d, "warning_rule.update"), 6);
}

/* --- the summary report --------------------------------------------------------------- */

/* A bucket of a breakdown array by its key; NULL when absent. */
static json_t *bucket(json_t *arr, const char *key)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (strcmp(json_string_value(json_object_get(v, "key")), key) == 0) return v;
    return NULL;
}

static void assert_bucket(json_t *report_json, const char *breakdown, const char *key, int64_t n, int64_t planned,
                          int64_t completed)
{
    json_t *arr = json_object_get(report_json, breakdown);
    assert_true(json_is_array(arr));
    json_t *b = bucket(arr, key);
    if (!b) print_error("%s has no bucket %s\n", breakdown, key);
    assert_non_null(b);
    assert_int_equal(jint(b, "count"), n);
    assert_int_equal(jint(b, "planned_investment"), planned);
    assert_int_equal(jint(b, "completed_investment"), completed);
}

static int64_t reached(json_t *r, int stage)
{
    json_t *f = json_array_get(json_object_get(r, "funnel"), (size_t)stage);
    assert_non_null(f);
    return jint(f, "reached");
}

static json_t *summary(db *d, const char *pairing, int year, const char *as_of)
{
    struct report_params p = {pairing, year, {0, 0, 0}};
    assert_true(date_parse(as_of, &p.as_of));
    dk_err e;
    err_clear(&e);
    json_t *r = report_summary(d, &p, &e);
    if (!r) print_error("report_summary: %s\n", e.message);
    assert_non_null(r);
    return r;
}

/* Projects of bj-sy (planned investment in yuan):
 *   RA 1000, C, Beijing investor, 和平区, intention since 2017-03-01
 *   RB 2000, I, Shanghai investor, 法库县, signed 2017-05-01; reports 2017-06 100, 2017-12 200, 2018-01 300
 *   RC 4000, C, Beijing investor, 和平区, signed 2017-06-01, landed 2018-02-01; reports 2017-07 500, 2018-02 700
 *   RD 8000, C, intention since 2018-01-10 (after the 2017 snapshot)
 *   RE 16000, intention 2017-02-01, terminated 2017-10-01
 * and RF 32000 of sh-dl. */
static void report_data(db *d)
{
    create(d, &OFFICE, "RA", "{\"planned_investment\":1000,\"intention_date\":\"2017-03-01\"}");
    int64_t b = create(d, &OFFICE, "RB",
                       "{\"planned_investment\":2000,\"industry_section\":\"I\",\"industry_division\":\"65\","
                       "\"investor_region\":\"310115\",\"host_region\":\"210124\",\"intention_date\":\"2017-04-01\","
                       "\"stage\":\"signed\",\"signed_date\":\"2017-05-01\"}");
    int64_t c = create(d, &OFFICE, "RC",
                       "{\"planned_investment\":4000,\"intention_date\":\"2017-04-01\",\"stage\":\"signed\","
                       "\"signed_date\":\"2017-06-01\"}");
    create(d, &OFFICE, "RD", "{\"planned_investment\":8000,\"intention_date\":\"2018-01-10\"}");
    int64_t e = create(d, &OFFICE, "RE", "{\"planned_investment\":16000,\"intention_date\":\"2017-02-01\"}");
    create(d, &OFFICE, "RF",
           "{\"planned_investment\":32000,\"pairing\":\"sh-dl\",\"host_region\":\"210202\",\"intention_date\":\"2017-01-01\"}");
    report_ok(d, b, "2017-06", 100);
    report_ok(d, b, "2017-12", 200);
    report_ok(d, b, "2018-01", 300);
    report_ok(d, c, "2017-07", 500);
    report_ok(d, c, "2018-02", 700);
    transition_ok(d, c, "{\"to\":\"landed\",\"date\":\"2018-02-01\"}");
    transition_ok(d, e, "{\"to\":\"terminated\",\"date\":\"2017-10-01\",\"reason\":\"投资方撤资\"}");
    /* introduced capital into Shenyang in 2017 by source: the partner's own row counts in the total */
    exec_sql(d, "INSERT INTO capital_stats (host_region, year, source_region, amount) VALUES "
                "('210100', 2017, '110000', 999), ('210100', 2017, '310000', 1000), "
                "('210100', 2017, '440000', 600), ('210100', 2017, '320000', 2600), "
                "('210100', 2016, '310000', 1)");
}

static void test_report_snapshot_end_of_2017(void **state)
{
    db *d = *state;
    report_data(d);
    json_t *r = summary(d, "bj-sy", 2017, "2017-12-31");
    assert_string_equal(jstr(r, "as_of"), "2017-12-31");
    assert_int_equal(jint(r, "year"), 2017);
    json_t *h = json_object_get(r, "headline");
    /* RA, RB, RC: RD did not exist yet, RE was terminated, RF is another pairing's */
    assert_int_equal(jint(h, "projects"), 3);
    assert_int_equal(jint(h, "planned_investment"), 7000);
    assert_int_equal(jint(h, "completed_investment"), 800);
    assert_int_equal(jint(h, "completed_in_year"), 800);
    assert_int_equal(jint(h, "completion_rate_bp"), 1143); /* 800/7000 = 11.43% */

    /* RC landed only in 2018: on 2017-12-31 it was signed */
    assert_bucket(r, "by_stage", "intention", 1, 1000, 0);
    assert_bucket(r, "by_stage", "signed", 2, 6000, 800);
    assert_null(bucket(json_object_get(r, "by_stage"), "landed"));
    assert_null(bucket(json_object_get(r, "by_stage"), "terminated"));
    assert_int_equal(reached(r, STAGE_INTENTION), 3);
    assert_int_equal(reached(r, STAGE_SIGNED), 2);
    assert_int_equal(reached(r, STAGE_LANDED), 0);
    assert_int_equal(reached(r, STAGE_PRODUCTION), 0);
    assert_int_equal(jint(json_array_get(json_object_get(r, "funnel"), 1), "conversion_bp"), 6667);

    assert_bucket(r, "by_industry", "C", 2, 5000, 500);
    assert_bucket(r, "by_industry", "I", 1, 2000, 300);
    assert_string_equal(jstr(json_array_get(json_object_get(r, "by_industry"), 0), "key"), "C"); /* biggest first */
    assert_bucket(r, "by_origin", "110000", 2, 5000, 500);
    assert_bucket(r, "by_origin", "310000", 1, 2000, 300);
    assert_bucket(r, "by_county", "210102", 2, 5000, 500);
    assert_bucket(r, "by_county", "210124", 1, 2000, 300);
    assert_bucket(r, "by_year", "2017", 3, 7000, 800);
    assert_int_equal(json_array_size(json_object_get(r, "by_year")), 1);

    /* colours as they stood: RC (signed, last report 2017-07) had 4 months unreported → red */
    json_t *colours = json_object_get(r, "by_colour");
    assert_int_equal(jint(json_array_get(colours, COLOUR_GREEN), "count"), 2);
    assert_int_equal(jint(json_array_get(colours, COLOUR_YELLOW), "count"), 0);
    assert_int_equal(jint(json_array_get(colours, COLOUR_RED), "count"), 1);

    /* capital: total 999+1000+600+2600 = 5199; 800/5199 = 15.39%; above 800: 1000 and 2600 → 3rd */
    json_t *cap = json_object_get(h, "capital");
    assert_true(json_is_object(cap));
    assert_int_equal(jint(cap, "total"), 5199);
    assert_int_equal(jint(cap, "share_bp"), 1539);
    assert_int_equal(jint(cap, "rank"), 3);
    assert_int_equal(jint(cap, "sources"), 4);
    assert_string_equal(jstr(cap, "host_region"), "210100");
    assert_string_equal(jstr(cap, "source_region"), "110000");
    json_t *text = json_object_get(r, "text");
    assert_string_equal(jstr(text, "share"), "15.4%");
    assert_non_null(strstr(jstr(text, "summary"), "第 3 位"));
    json_decref(r);
}

static void test_report_snapshot_before_termination(void **state)
{
    db *d = *state;
    report_data(d);
    /* on 2017-09-30 RE was still an intention; RC was signed, its July report counts */
    json_t *r = summary(d, "bj-sy", 2017, "2017-09-30");
    json_t *h = json_object_get(r, "headline");
    assert_int_equal(jint(h, "projects"), 4);
    assert_int_equal(jint(h, "planned_investment"), 23000);
    assert_int_equal(jint(h, "completed_investment"), 600);
    assert_bucket(r, "by_stage", "intention", 2, 17000, 0);
    assert_bucket(r, "by_stage", "signed", 2, 6000, 600);
    assert_int_equal(reached(r, STAGE_INTENTION), 4);
    json_decref(r);
    /* before RB and RC signed: all intention */
    r = summary(d, "bj-sy", 2017, "2017-04-30");
    h = json_object_get(r, "headline");
    assert_int_equal(jint(h, "projects"), 4);
    assert_bucket(r, "by_stage", "intention", 4, 23000, 0);
    assert_int_equal(reached(r, STAGE_SIGNED), 0);
    json_decref(r);
}

static void test_report_snapshot_now(void **state)
{
    db *d = *state;
    report_data(d);
    json_t *r = summary(d, "bj-sy", 2018, "2018-03-15");
    json_t *h = json_object_get(r, "headline");
    assert_int_equal(jint(h, "projects"), 4); /* RA, RB, RC, RD */
    assert_int_equal(jint(h, "planned_investment"), 15000);
    assert_int_equal(jint(h, "completed_investment"), 1800);
    assert_int_equal(jint(h, "completed_in_year"), 1000);
    assert_bucket(r, "by_stage", "intention", 2, 9000, 0);
    assert_bucket(r, "by_stage", "signed", 1, 2000, 600);
    assert_bucket(r, "by_stage", "landed", 1, 4000, 1200);
    assert_int_equal(reached(r, STAGE_INTENTION), 4);
    assert_int_equal(reached(r, STAGE_SIGNED), 2);
    assert_int_equal(reached(r, STAGE_LANDED), 1);
    assert_int_equal(reached(r, STAGE_PRODUCTION), 0);
    assert_bucket(r, "by_year", "2017", 3, 7000, 1800);
    assert_bucket(r, "by_year", "2018", 1, 8000, 0);
    assert_true(json_is_null(json_object_get(h, "capital"))); /* no 2018 statistics */
    json_t *colours = json_object_get(r, "by_colour");
    assert_int_equal(jint(json_array_get(colours, COLOUR_GREEN), "count"), 4);
    json_decref(r);

    /* every pairing: RF counts too, and there is no capital share */
    r = summary(d, NULL, 2017, "2017-12-31");
    h = json_object_get(r, "headline");
    assert_int_equal(jint(h, "projects"), 4);
    assert_int_equal(jint(h, "planned_investment"), 39000);
    assert_true(json_is_null(json_object_get(h, "capital")));
    assert_true(json_is_null(json_object_get(r, "pairing")));
    json_decref(r);

    /* the statistics year 2017 seen from 2018: completed in the year stops at December */
    r = summary(d, "bj-sy", 2017, "2018-03-15");
    h = json_object_get(r, "headline");
    assert_int_equal(jint(h, "completed_investment"), 1800);
    assert_int_equal(jint(h, "completed_in_year"), 800);
    json_decref(r);

    /* an unknown pairing */
    struct report_params p = {"no-such", 2017, {2017, 12, 31}};
    dk_err e;
    err_clear(&e);
    assert_null(report_summary(d, &p, &e));
    assert_int_equal(e.status, DK_ENOTFOUND);
}

/* The colour a report counts is the one the project had on the as-of date: reports made
 * later in the same year do not count towards its progress. */
static void test_report_colour_as_of(void **state)
{
    db *d = *state;
    int64_t id = create(d, &OFFICE, "RP",
                        "{\"planned_investment\":5000,\"intention_date\":\"2017-01-02\",\"stage\":\"signed\","
                        "\"signed_date\":\"2017-01-05\",\"annual_plan\":1200,\"annual_plan_year\":2017}");
    static const char *const months[] = {"2017-01", "2017-02", "2017-03", "2017-04", "2017-05", "2017-06"};
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) report_ok(d, id, months[i], 10);
    report_ok(d, id, "2017-12", 1200);
    /* 30 June: 60 of 1200 is 5.00% against 50.00% due → red */
    json_t *r = summary(d, "bj-sy", 2017, "2017-06-30");
    json_t *colours = json_object_get(r, "by_colour");
    assert_int_equal(jint(json_array_get(colours, COLOUR_RED), "count"), 1);
    assert_int_equal(jint(json_array_get(colours, COLOUR_GREEN), "count"), 0);
    assert_int_equal(jint(json_object_get(r, "headline"), "completed_in_year"), 60);
    json_decref(r);
    char c[16];
    assert_string_equal(colour_of(d, id, "2017-06-30", c), "red");
    /* 31 December: 1260 of 1200 → green */
    r = summary(d, "bj-sy", 2017, "2017-12-31");
    colours = json_object_get(r, "by_colour");
    assert_int_equal(jint(json_array_get(colours, COLOUR_GREEN), "count"), 1);
    assert_int_equal(jint(json_array_get(colours, COLOUR_RED), "count"), 0);
    json_decref(r);
    assert_string_equal(colour_of(d, id, "2017-12-31", c), "green");
}

int main(void)
{
    setenv("DUIKOU_TODAY", "2018-03-15", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_writes_project_events_and_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_refusals_write_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_stale_if_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unit_writes_only_its_projects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_viewer_may_not_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transition_writes_event_and_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_replace_and_sum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closed_month, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_warning_rule_update_changes_colour, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_snapshot_end_of_2017, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_snapshot_before_termination, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_snapshot_now, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_colour_as_of, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
