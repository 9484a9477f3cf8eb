/* approvals.c — submitted changes waiting for an office (see approvals.h). */
#include "service/approvals.h"
#include "core/dates.h"
#include "service/progress.h"
#include "service/projects.h"
#include "store/audit.h"
#include "store/query.h"
#include "store/rows.h"
#include "util/jsonin.h"
#include <string.h>

#define APPROVAL_COLS "SELECT a.id, a.kind, a.project_id, p.code AS project_code, p.name AS project_name, a.payload, " \
                      "a.submitted_by, a.submitted_at, a.state, a.decided_by, a.decided_at, a.opinion, a.version " \
                      "FROM approvals a JOIN projects p ON p.id = a.project_id"

int approvals_needed(const struct actor *who)
{
    return who->role == ROLE_UNIT;
}

int approvals_submit(db *d, const struct actor *who, const char *kind, int64_t project_id, json_t *body, int64_t *id_out,
                     dk_err *e)
{
    char now[21];
    time_now_iso(now);
    char *payload = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) {
        free(payload);
        return rc;
    }
    db_stmt *s = db_prepare(d, "INSERT INTO approvals (kind, project_id, payload, submitted_by, submitted_at, state) "
                               "VALUES (?, ?, ?, ?, ?, 'pending') RETURNING id", e);
    rc = s ? DK_OK : e->status;
    if (s) {
        db_bind_text(s, 1, kind);
        db_bind_int64(s, 2, project_id);
        db_bind_text(s, 3, payload);
        db_bind_text(s, 4, who->name);
        db_bind_text(s, 5, now);
        rc = db_step(s, e);
        if (rc == DB_ROW) *id_out = db_col_int64(s, 0);
        db_done(s);
    }
    free(payload);
    if (rc >= 0) {
        json_t *detail = json_pack("{s:s, s:I, s:O}", "kind", kind, "approval", (json_int_t)*id_out, "change", body);
        rc = audit_append(d, who, "approval.submit", "projects", project_id, detail, e);
        json_decref(detail);
    }
    if (rc >= 0) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

/* Loads a pending approval in the open transaction, checking version, scope and the role. */
static int load_pending(db *d, const struct actor *who, int64_t id, int64_t if_match, char kind[16], int64_t *project_id,
                        json_t **payload, char submitter[64], dk_err *e)
{
    if (who->role != ROLE_OFFICE && who->role != ROLE_ADMIN)
        return err_set(e, DK_EFORBIDDEN, "forbidden", "", "只有合作办可以审核 (only an office approves)");
    db_stmt *s = db_prepare(d, "SELECT a.kind, a.project_id, a.payload, a.state, a.version, p.pairing_id, a.submitted_by "
                               "FROM approvals a JOIN projects p ON p.id = a.project_id WHERE a.id = ?", e);
    if (!s) return e->status;
    db_bind_int64(s, 1, id);
    int rc = db_step(s, e);
    char state[16] = "";
    int64_t version = 0, pairing = 0;
    if (rc == DB_ROW) {
        snprintf(kind, 16, "%s", db_col_text(s, 0));
        *project_id = db_col_int64(s, 1);
        *payload = json_loads(db_col_text(s, 2), 0, NULL);
        snprintf(state, sizeof state, "%s", db_col_text(s, 3));
        version = db_col_int64(s, 4);
        pairing = db_col_int64(s, 5);
        snprintf(submitter, 64, "%s", db_col_text(s, 6));
    }
    db_done(s);
    if (rc < 0) return rc;
    if (rc == DB_DONE || !actor_in_scope(who, pairing))
        return err_set(e, DK_ENOTFOUND, "not_found", "id", "审核事项 %lld 不存在 (no such approval)", (long long)id);
    if (if_match && if_match != version)
        return err_set(e, DK_ESTALE, "stale_version", "version", "审核事项已被他人处理（当前版本 %lld）", (long long)version);
    if (strcmp(state, "pending") != 0)
        return err_set(e, DK_ECONFLICT, "already_decided", "id", "该事项已审核 (already decided)");
    if (!*payload) return err_set(e, DK_EINTERNAL, "bad_payload", "", "审核内容损坏 (stored change unreadable)");
    return DK_OK;
}

static int decide(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, int approve, dk_err *e)
{
    static const char *const keys[] = {"opinion", NULL};
    int rc = json_check_fields(body, keys, NULL, e);
    if (rc != DK_OK) return rc;
    const char *opinion = json_text(body, "opinion");
    if (!approve && !opinion) return err_set(e, DK_ERULE, "reason_required", "opinion", "退回须说明理由 opinion (a rejection needs a reason)");
    char kind[16], submitter[64];
    int64_t project_id = 0;
    json_t *payload = NULL;
    rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    if ((rc = load_pending(d, who, id, if_match, kind, &project_id, &payload, submitter, e)) != DK_OK) goto fail;
    if (approve) {
        /* the change is applied as the approving office, with what the unit submitted */
        if (strcmp(kind, "stage") == 0) rc = projects_transition(d, who, project_id, 0, payload, e);
        else rc = progress_report(d, who, project_id, payload, NULL, e);
        if (rc != DK_OK) goto fail;
    }
    char now[21];
    time_now_iso(now);
    db_stmt *s = db_prepare(d, "UPDATE approvals SET state = ?, decided_by = ?, decided_at = ?, opinion = ?, "
                               "version = version + 1 WHERE id = ?", e);
    rc = s ? DK_OK : e->status;
    if (s) {
        db_bind_text(s, 1, approve ? "approved" : "rejected");
        db_bind_text(s, 2, who->name);
        db_bind_text(s, 3, now);
        db_bind_text(s, 4, opinion);
        db_bind_int64(s, 5, id);
        rc = db_step(s, e);
        db_done(s);
    }
    if (rc < 0) goto fail;
    json_t *detail = json_pack("{s:I, s:s, s:s, s:o}", "approval", (json_int_t)id, "kind", kind, "submitted_by", submitter,
                               "opinion", opinion ? json_string(opinion) : json_null());
    rc = audit_append(d, who, approve ? "approval.approve" : "approval.reject", "projects", project_id, detail, e);
    json_decref(detail);
    if (rc != DK_OK) goto fail;
    json_decref(payload);
    return db_commit(d, e);
fail:
    json_decref(payload);
    db_rollback(d);
    return e->status ? e->status : DK_EINTERNAL;
}

int approvals_approve(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e)
{
    return decide(d, who, id, if_match, body, 1, e);
}

int approvals_reject(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e)
{
    return decide(d, who, id, if_match, body, 0, e);
}

/* The stored payload texts become JSON values. */
static json_t *with_payload(json_t *rows)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *t = json_object_get(r, "payload");
        json_t *v = json_is_string(t) ? json_loads(json_string_value(t), 0, NULL) : NULL;
        if (v) json_object_set_new(r, "payload", v);
    }
    return rows;
}

json_t *approvals_get(db *d, int64_t id, int64_t scope, dk_err *e)
{
    json_t *list = NULL;
    struct query q;
    query_init(&q, APPROVAL_COLS);
    query_int(&q, " WHERE a.id = ?", id);
    if (scope) query_int(&q, " AND p.pairing_id = ?", scope);
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    json_t *o = s ? row_to_json(s, "审核事项", e) : NULL;
    if (!o) return NULL;
    list = json_pack("[o]", o);
    with_payload(list);
    o = json_incref(json_array_get(list, 0));
    json_decref(list);
    return o;
}

json_t *approvals_list(db *d, const char *state, int64_t project_id, int64_t scope, dk_err *e)
{
    struct query q;
    query_init(&q, APPROVAL_COLS " WHERE 1 = 1");
    if (state) query_text(&q, " AND a.state = ?", state);
    if (project_id > 0) query_int(&q, " AND a.project_id = ?", project_id);
    if (scope) query_int(&q, " AND p.pairing_id = ?", scope);
    query_sql(&q, " ORDER BY a.id DESC LIMIT 1000");
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    json_t *rows = s ? rows_to_json(s, e) : NULL;
    return rows ? with_payload(rows) : NULL;
}
