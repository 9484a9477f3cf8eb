/* problems.c — coordination problems (see problems.h). */
#include "service/problems.h"
#include "core/dates.h"
#include "service/projects.h"
#include "service/refcheck.h"
#include "store/audit.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/search_index.h"
#include "util/jsonin.h"
#include <string.h>

static int check_date_field(const char *field, const char *date, dk_err *e)
{
    dk_date today = date_today();
    char t[11];
    date_format(&today, t);
    if (!date_parse(date, NULL))
        return err_set(e, DK_EINVAL, "invalid_field", field, "日期格式应为 YYYY-MM-DD (date must be YYYY-MM-DD)");
    if (strcmp(date, t) > 0) return err_set(e, DK_ERULE, "future_date", field, "日期 %s 晚于今天 (date is in the future)", date);
    return DK_OK;
}

static int may_write(const struct actor *who, dk_err *e)
{
    if (role_allows(who->role, PERM_WRITE)) return DK_OK;
    return err_set(e, DK_EFORBIDDEN, "forbidden", "", "无权处理协调问题 (not allowed to handle problems)");
}

/* A unit raises and resolves problems only on the projects it is responsible for. */
static int may_handle_project(db *d, const struct actor *who, int64_t project_id, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT unit_id, pairing_id FROM projects WHERE id = ?", e);
    if (!s) return e->status;
    db_bind_int64(s, 1, project_id);
    int rc = db_step(s, e);
    opt_i64 unit = {rc == DB_ROW && !db_col_is_null(s, 0), rc == DB_ROW ? db_col_int64(s, 0) : 0};
    int64_t pairing_id = rc == DB_ROW ? db_col_int64(s, 1) : 0;
    db_done(s);
    if (rc == DB_DONE || (rc == DB_ROW && !actor_in_scope(who, pairing_id)))
        return err_set(e, DK_ENOTFOUND, "not_found", "id", "项目 %lld 不存在 (no such project)", (long long)project_id);
    if (rc < 0) return rc;
    if (!projects_may_write(d, who, pairing_id, &unit))
        return err_set(e, DK_EFORBIDDEN, "forbidden", "", "只有项目的责任单位或合作办可以处理其协调问题 (not responsible for this project)");
    return DK_OK;
}

/* Re-indexes the problem for search, audits the change (the problem as it was, before may be
 * NULL, and as it is now) and commits;
 * takes over the reference to before. */
static int finish(db *d, const struct actor *who, const char *action, int64_t id, json_t *body, json_t *before, dk_err *e)
{
    json_t *after = problems_get(d, id, 0, NULL);
    struct audit_entry a = {who, action, "problems", id, body, before, after};
    int rc = search_index_put(d, "problem", id, e);
    if (rc == DK_OK) rc = audit_write(d, &a, e);
    json_decref(before);
    json_decref(after);
    return db_end(d, rc, e);
}

int problems_raise(db *d, const struct actor *who, int64_t project_id, json_t *body, int64_t *id_out, dk_err *e)
{
    static const char *const keys[] = {"title", "detail", "raised_date", NULL};
    int rc = json_check_fields(body, keys, NULL, e);
    if (rc != DK_OK || (rc = may_write(who, e)) != DK_OK) return rc;
    const char *title = json_text(body, "title");
    if (!title) return err_set(e, DK_EINVAL, "missing_field", "title", "缺少问题标题 title (required)");
    if (strlen(title) > 300) return err_set(e, DK_EINVAL, "too_long", "title", "问题标题过长 (title too long)");
    char today[11];
    dk_date td = date_today();
    date_format(&td, today);
    const char *raised = json_text(body, "raised_date");
    if (raised && (rc = check_date_field("raised_date", raised, e)) != DK_OK) return rc;
    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    if ((rc = may_handle_project(d, who, project_id, e)) != DK_OK) {
        db_rollback(d);
        return rc;
    }
    char now[21];
    time_now_iso(now);
    db_stmt *s = db_prepare(d, "INSERT INTO problems (project_id, title, detail, raised_by, raised_date, state, created_at, "
                               "updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id", e);
    if (!s) {
        db_rollback(d);
        return e->status;
    }
    db_bind_int64(s, 1, project_id);
    db_bind_text(s, 2, title);
    db_bind_text(s, 3, json_text(body, "detail"));
    db_bind_text(s, 4, who->name);
    db_bind_text(s, 5, raised ? raised : today);
    db_bind_text(s, 6, now);
    db_bind_text(s, 7, now);
    rc = db_step(s, e);
    int64_t id = rc == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    if (rc < 0) {
        db_rollback(d);
        return rc;
    }
    *id_out = id;
    return finish(d, who, "problem.raise", id, body, NULL, e);
}

/* Reads the state, raised date and pairing of problem id inside the open transaction. */
static int load_problem(db *d, const struct actor *who, int64_t id, int64_t if_match, char state[16], char raised[11], int64_t *pairing_id,
                        int64_t *project_id, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT pr.state, pr.raised_date, p.pairing_id, p.id, pr.version FROM problems pr JOIN projects p ON "
                               "p.id = pr.project_id WHERE pr.id = ?", e);
    if (!s) return e->status;
    db_bind_int64(s, 1, id);
    int rc = db_step(s, e);
    if (rc == DB_ROW) {
        snprintf(state, 16, "%s", db_col_text(s, 0));
        snprintf(raised, 11, "%s", db_col_text(s, 1));
        *pairing_id = db_col_int64(s, 2);
        *project_id = db_col_int64(s, 3);
    }
    int64_t version = rc == DB_ROW ? db_col_int64(s, 4) : 0;
    db_done(s);
    if (rc == DB_DONE) return err_set(e, DK_ENOTFOUND, "not_found", "id", "协调问题 %lld 不存在 (no such problem)", (long long)id);
    if (rc < 0) return rc;
    if (!actor_in_scope(who, *pairing_id))
        return err_set(e, DK_ENOTFOUND, "not_found", "id", "协调问题 %lld 不存在 (no such problem)", (long long)id);
    if (if_match && if_match != version)
        return err_set(e, DK_ESTALE, "stale_version", "version", "协调问题已被他人修改（当前版本 %lld），请刷新后重试 (current version is %lld)",
                       (long long)version, (long long)version);
    return DK_OK;
}

int problems_assign(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e)
{
    static const char *const keys[] = {"unit_id", NULL};
    int rc = json_check_fields(body, NULL, keys, e);
    if (rc != DK_OK) return rc;
    json_t *uv = json_object_get(body, "unit_id");
    if (uv && !json_is_integer(uv)) return err_set(e, DK_EINVAL, "invalid_type", "unit_id", "unit_id 应为整数 (must be an integer)");
    if (!role_allows(who->role, PERM_OFFICE))
        return err_set(e, DK_EFORBIDDEN, "forbidden", "", "只有合作办可以交办协调问题 (only an office assigns problems)");
    json_t *u = json_object_get(body, "unit_id");
    if (!u) return err_set(e, DK_EINVAL, "missing_field", "unit_id", "缺少承办单位 unit_id (required)");
    char state[16], raised[11];
    int64_t pairing_id, project_id;
    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    if ((rc = load_problem(d, who, id, if_match, state, raised, &pairing_id, &project_id, e)) != DK_OK) goto fail;
    if (strcmp(state, "resolved") == 0) {
        rc = err_set(e, DK_ECONFLICT, "already_resolved", "unit_id", "问题已解决，不能再交办 (the problem is resolved)");
        goto fail;
    }
    if ((rc = ref_unit(d, json_integer_value(u), pairing_id, "unit_id", e)) != DK_OK) goto fail;
    char now[21];
    time_now_iso(now);
    json_t *before = problems_get(d, id, 0, NULL);
    db_stmt *s = db_prepare(d, "UPDATE problems SET assigned_unit_id = ?, state = 'assigned', version = version + 1, "
                               "updated_at = ? WHERE id = ?", e);
    rc = s ? DK_OK : e->status;
    if (s) {
        db_bind_int64(s, 1, json_integer_value(u));
        db_bind_text(s, 2, now);
        db_bind_int64(s, 3, id);
        rc = db_step(s, e);
        db_done(s);
    }
    if (rc < 0) {
        json_decref(before);
        goto fail;
    }
    return finish(d, who, "problem.assign", id, body, before, e);
fail:
    db_rollback(d);
    return e->status ? e->status : DK_EINTERNAL;
}

int problems_resolve(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e)
{
    static const char *const keys[] = {"resolution", "resolved_date", NULL};
    int rc = json_check_fields(body, keys, NULL, e);
    if (rc != DK_OK || (rc = may_write(who, e)) != DK_OK) return rc;
    const char *resolution = json_text(body, "resolution"), *date = json_text(body, "resolved_date");
    if (!resolution) return err_set(e, DK_EINVAL, "missing_field", "resolution", "缺少解决情况 resolution (required)");
    char today[11];
    dk_date td = date_today();
    date_format(&td, today);
    if (date && (rc = check_date_field("resolved_date", date, e)) != DK_OK) return rc;
    if (!date) date = today;
    char state[16], raised[11];
    int64_t pairing_id, project_id;
    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    if ((rc = load_problem(d, who, id, if_match, state, raised, &pairing_id, &project_id, e)) != DK_OK) goto fail;
    /* the project's responsible unit, or the unit the office assigned the problem to (交办) */
    int assignee = who->role == ROLE_UNIT &&
                   db_int64(d, "SELECT COUNT(*) FROM problems WHERE id = ? AND assigned_unit_id = ?", 0, 2, id, who->unit_id) > 0;
    if (!assignee && (rc = may_handle_project(d, who, project_id, e)) != DK_OK) goto fail;
    if (strcmp(state, "resolved") == 0) {
        err_set(e, DK_ECONFLICT, "already_resolved", "resolution", "问题已解决 (already resolved)");
        goto fail;
    }
    if (strcmp(date, raised) < 0) {
        err_set(e, DK_ERULE, "dates_backwards", "resolved_date", "解决日期 %s 早于提出日期 %s (resolved before raised)", date, raised);
        goto fail;
    }
    char now[21];
    time_now_iso(now);
    json_t *before = problems_get(d, id, 0, NULL);
    db_stmt *s = db_prepare(d, "UPDATE problems SET state = 'resolved', resolution = ?, resolved_date = ?, "
                               "version = version + 1, updated_at = ? WHERE id = ?", e);
    rc = s ? DK_OK : e->status;
    if (s) {
        db_bind_text(s, 1, resolution);
        db_bind_text(s, 2, date);
        db_bind_text(s, 3, now);
        db_bind_int64(s, 4, id);
        rc = db_step(s, e);
        db_done(s);
    }
    if (rc < 0) {
        json_decref(before);
        goto fail;
    }
    return finish(d, who, "problem.resolve", id, body, before, e);
fail:
    db_rollback(d);
    return e->status ? e->status : DK_EINTERNAL;
}

#define PROBLEM_COLS "SELECT pr.id, pr.project_id, p.code AS project_code, p.name AS project_name, pr.title, pr.detail, " \
                     "pr.raised_by, pr.raised_date, pr.assigned_unit_id, u.name AS assigned_unit, pr.state, " \
                     "pr.resolution, pr.resolved_date, pr.version FROM problems pr JOIN projects p ON p.id = pr.project_id " \
                     "JOIN pairings pa ON pa.id = p.pairing_id LEFT JOIN units u ON u.id = pr.assigned_unit_id"

json_t *problems_get(db *d, int64_t id, int64_t scope, dk_err *e)
{
    struct query q;
    query_init(&q, PROBLEM_COLS);
    query_int(&q, " WHERE pr.id = ?", id);
    if (scope) query_int(&q, " AND p.pairing_id = ?", scope);
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    return s ? row_to_json(s, "协调问题", e) : NULL;
}

json_t *problems_list(db *d, const char *pairing, int64_t project_id, const char *state, int64_t scope, dk_err *e)
{
    struct query q;
    query_init(&q, PROBLEM_COLS " WHERE 1 = 1");
    if (scope) query_int(&q, " AND p.pairing_id = ?", scope);
    if (pairing) query_text(&q, " AND pa.code = ?", pairing);
    if (project_id > 0) query_int(&q, " AND pr.project_id = ?", project_id);
    if (state) query_text(&q, " AND pr.state = ?", state);
    query_sql(&q, " ORDER BY pr.raised_date DESC, pr.id DESC");
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    return s ? rows_to_json(s, e) : NULL;
}
