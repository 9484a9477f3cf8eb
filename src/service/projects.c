/*
 * projects.c — project use cases (see projects.h). The order in every write is the house
 * rule: who → may they → validate → write → audit, inside one transaction.
 */
#include "service/projects.h"
#include "service/memo.h"
#include "service/approvals.h"
#include "service/project_json.h"
#include "service/refcheck.h"
#include "service/warnings.h"
#include "store/audit.h"
#include "store/rows.h"
#include "util/jsonin.h"
#include <string.h>

int projects_may_write(db *d, const struct actor *who, int64_t pairing_id, const opt_i64 *unit)
{
    if (!role_allows(who->role, PERM_WRITE) || !actor_in_scope(who, pairing_id)) return 0;
    if (who->role == ROLE_UNIT) return unit->has && unit->v == who->unit_id;
    if (who->role == ROLE_PARTNER) {
        if (!unit->has) return 0;
        db_stmt *s = db_prepare(d, "SELECT side FROM units WHERE id = ?", NULL);
        if (!s) return 0;
        db_bind_int64(s, 1, unit->v);
        const char *side = who->side ? who->side : "partner";
        int ok = db_step(s, NULL) == DB_ROW && strcmp(db_col_text(s, 0), side) == 0;
        db_done(s);
        return ok;
    }
    return 1;
}

/* A project outside the actor's pairing is answered as if it did not exist. */
static int not_in_scope(int64_t id, dk_err *e)
{
    return err_set(e, DK_ENOTFOUND, "not_found", "id", "项目 %lld 不存在 (no such project)", (long long)id);
}

static int forbid(dk_err *e)
{
    return err_set(e, DK_EFORBIDDEN, "forbidden", "", "无权修改该项目：只有其责任单位或合作办可以修改 (not responsible for this project)");
}

/* References and rules that need the database. */
static int check_refs(db *d, const struct project *p, dk_err *e)
{
    int rc;
    if ((rc = ref_region(d, p->investor_region, "investor_region", e)) != DK_OK) return rc;
    if ((rc = ref_region(d, p->host_region, "host_region", e)) != DK_OK) return rc;
    if ((rc = ref_industry(d, p->industry_section, p->industry_division, e)) != DK_OK) return rc;
    if (p->unit_id.has && (rc = ref_unit(d, p->unit_id.v, p->pairing_id, "unit_id", e)) != DK_OK) return rc;
    if (p->platform_id.has &&
        db_int64(d, "SELECT pairing_id FROM platforms WHERE id = ?", 0, 1, p->platform_id.v) != p->pairing_id)
        return err_set(e, DK_ERULE, "unknown_reference", "platform_id", "合作平台 %lld 不存在或不属于本对口合作关系 (no such platform in this pairing)",
                       (long long)p->platform_id.v);
    return DK_OK;
}

static int require_string_or_absent(json_t *obj, const char *key, dk_err *e)
{
    json_t *v = json_object_get(obj, key);
    if (v && !json_is_string(v) && !json_is_null(v))
        return err_set(e, DK_EINVAL, "invalid_type", key, "%s 应为文本 (must be a string)", key);
    return DK_OK;
}

int projects_create(db *d, const struct actor *who, json_t *in, int64_t *id_out, dk_err *e)
{
    static const char *const extra[] = {"pairing", "stage", "intention_date", "signed_date", "landed_date",
                                        "production_date", NULL};
    struct project p;
    memset(&p, 0, sizeof p);
    int rc = project_apply_json(&p, in, extra, e);
    for (const char *const *k = extra; rc == DK_OK && *k; k++) rc = require_string_or_absent(in, *k, e);
    if (rc != DK_OK) goto out;
    for (const struct field_def *f = project_fields; f->name; f++) {
        json_t *v = json_object_get(in, f->name);
        if (f->required && (!v || json_is_null(v))) {
            rc = err_set(e, DK_EINVAL, "missing_field", f->name, "缺少%s %s (required)", f->label, f->name);
            goto out;
        }
    }
    if ((rc = project_validate(&p, e)) != DK_OK) goto out;
    const char *stage_text = json_text(in, "stage");
    int stage = stage_text ? stage_parse(stage_text) : STAGE_INTENTION;
    if (stage < 0) {
        rc = err_set(e, DK_EINVAL, "invalid_field", "stage", "未知阶段 \"%.40s\" (unknown stage)", stage_text);
        goto out;
    }
    const char *dates[STAGE_ACTIVE_COUNT];
    for (int i = 0; i < STAGE_ACTIVE_COUNT; i++) {
        const char *t = json_text(in, stage_date_field((enum stage)i));
        dates[i] = t ? t : "";
    }
    char today[11];
    dk_date td = date_today();
    date_format(&td, today);
    if ((rc = stage_check_initial((enum stage)stage, dates, today, e)) != DK_OK) goto out;
    p.st.stage = (enum stage)stage;
    for (int i = 0; i < STAGE_ACTIVE_COUNT; i++) snprintf(p.st.dates[i], sizeof p.st.dates[i], "%s", dates[i]);

    const char *pairing = json_text(in, "pairing");
    if (!pairing) {
        rc = err_set(e, DK_EINVAL, "missing_field", "pairing", "缺少对口合作关系 pairing (required)");
        goto out;
    }
    if ((rc = db_begin_write(d, e)) != DK_OK) goto out;
    p.pairing_id = ref_pairing(d, pairing, "pairing", e);
    if (!p.pairing_id) {
        rc = e->status;
        goto rollback;
    }
    if ((rc = check_refs(d, &p, e)) != DK_OK) goto rollback;
    if (!projects_may_write(d, who, p.pairing_id, &p.unit_id)) {
        rc = forbid(e);
        goto rollback;
    }
    char now[21];
    time_now_iso(now);
    if ((rc = store_project_insert(d, &p, now, e)) != DK_OK) goto rollback;
    for (int i = 0; i <= stage; i++) {
        rc = store_stage_event(d, p.id, i - 1, (enum stage)i, dates[i], who->name, i == 0 ? "建档" : NULL, NULL, now, e);
        if (rc != DK_OK) goto rollback;
    }
    struct project_row created = {.p = p, .last_report_month = -1};
    json_t *after = project_to_json(&created);
    struct audit_entry a = {who, "project.create", "projects", p.id, in, NULL, after};
    rc = audit_write(d, &a, e);
    json_decref(after);
    if (rc != DK_OK) goto rollback;
    if ((rc = db_commit(d, e)) != DK_OK) goto out;
    *id_out = p.id;
    goto out;
rollback:
    db_rollback(d);
out:
    project_clear(&p);
    return rc;
}

/* Loads project id for a write inside the open transaction, checking version and rights. */
static int load_for_write(db *d, const struct actor *who, int64_t id, int64_t if_match, struct project_row *row, dk_err *e)
{
    dk_date today = date_today();
    int rc = store_project_get(d, id, date_month_index(&today), row, e);
    if (rc != DK_OK) return rc;
    if (!actor_in_scope(who, row->p.pairing_id)) return not_in_scope(id, e);
    if (if_match && if_match != row->p.version)
        return err_set(e, DK_ESTALE, "stale_version", "version", "项目已被他人修改（当前版本 %lld），请刷新后重试 (current version is %lld)",
                       (long long)row->p.version, (long long)row->p.version);
    if (!projects_may_write(d, who, row->p.pairing_id, &row->p.unit_id)) return forbid(e);
    return DK_OK;
}

/* Changes one loaded project inside the write transaction (the part that differs between
 * the writes on an existing project). */
typedef int (*project_change)(db *d, const struct actor *who, struct project_row *row, json_t *body, const char *now,
                              dk_err *e);

/* The frame every write on an existing project shares: one transaction that loads it (checking
 * If-Match and rights), applies change, audits action with the request body, and commits. */
static int change_project(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body,
                          const char *action, project_change change, dk_err *e)
{
    struct project_row row;
    memset(&row, 0, sizeof row);
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    char now[21];
    time_now_iso(now);
    json_t *before = NULL, *after = NULL;
    if ((rc = load_for_write(d, who, id, if_match, &row, e)) == DK_OK) {
        before = project_to_json(&row);
        rc = change(d, who, &row, body, now, e);
    }
    if (rc == DK_OK) {
        after = project_to_json(&row);
        struct audit_entry a = {who, action, "projects", id, body, before, after};
        rc = audit_write(d, &a, e);
    }
    json_decref(before);
    json_decref(after);
    if (rc == DK_OK) rc = db_commit(d, e);
    else db_rollback(d);
    project_row_clear(&row);
    return rc;
}

static int apply_update(db *d, const struct actor *who, struct project_row *row, json_t *patch, const char *now, dk_err *e)
{
    int rc;
    if ((rc = project_apply_json(&row->p, patch, NULL, e)) != DK_OK) return rc;
    if ((rc = project_validate(&row->p, e)) != DK_OK) return rc;
    if (!projects_may_write(d, who, row->p.pairing_id, &row->p.unit_id)) return forbid(e);
    if ((rc = check_refs(d, &row->p, e)) != DK_OK) return rc;
    return store_project_update(d, &row->p, now, e);
}

int projects_update(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *patch, dk_err *e)
{
    return change_project(d, who, id, if_match, patch, "project.update", apply_update, e);
}

static int apply_transition(db *d, const struct actor *who, struct project_row *row, json_t *body, const char *now,
                            dk_err *e)
{
    struct stage_move mv = {json_text(body, "to"), json_text(body, "date"), json_text(body, "reason"), json_text(body, "note")};
    char today[11];
    dk_date td = date_today();
    date_format(&td, today);
    struct stage_state next;
    int rc = stage_apply(&row->p.st, &mv, today, &next, e);
    if (rc != DK_OK) return rc;
    if (approvals_needed(who)) /* valid, but a unit's stage change waits for its office */
        return err_set(e, DK_EFORBIDDEN, "needs_approval", "to", "阶段变更须经合作办审核 (a unit's stage change needs an office's approval)");
    enum stage from = row->p.st.stage;
    if ((rc = store_project_set_stage(d, &row->p, &next, now, e)) != DK_OK) return rc;
    return store_stage_event(d, row->p.id, (int)from, next.stage, mv.date, who->name, mv.note, mv.reason, now, e);
}

int projects_transition(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e)
{
    static const char *const keys[] = {"to", "date", "note", "reason", NULL};
    int rc = json_check_fields(body, keys, NULL, e);
    if (rc != DK_OK) return rc;
    return change_project(d, who, id, if_match, body, "project.stage", apply_transition, e);
}

/* 1 when as_of is before today: the stages shown are then replayed from the history. */
static int in_past(const dk_date *as_of)
{
    dk_date today = date_today();
    return date_to_days(as_of) < date_to_days(&today);
}

/* Sets row's stage to what it was on as_of. */
static int stage_on(db *d, struct project_row *row, const dk_date *as_of, dk_err *e)
{
    char day[11];
    date_format(as_of, day);
    struct stage_state st;
    memset(&st, 0, sizeof st);
    int rc = store_stage_as_of(d, row->p.id, day, &st, e);
    if (rc == DK_OK) row->p.st = st;
    return rc;
}

static json_t *with_warning(const struct warning_rules *rules, const struct project_row *r, const dk_date *as_of)
{
    json_t *o = project_to_json(r);
    struct warning_result w;
    warnings_eval_row(rules, r, as_of, &w);
    json_object_set_new(o, "warning", warning_result_json(&w));
    return o;
}

json_t *projects_get(db *d, const struct actor *who, int64_t id, const dk_date *as_of, dk_err *e)
{
    struct project_row row;
    struct warning_rules rules;
    json_t *o = NULL;
    if (db_begin_read(d, e) != DK_OK) return NULL;
    if (warnings_load(d, &rules, e) != DK_OK) goto out;
    if (store_project_get(d, id, date_month_index(as_of), &row, e) != DK_OK) goto out;
    if (!actor_in_scope(who, row.p.pairing_id)) {
        not_in_scope(id, e);
        project_row_clear(&row);
        goto out;
    }
    if (in_past(as_of) && stage_on(d, &row, as_of, e) != DK_OK) {
        project_row_clear(&row);
        goto out;
    }
    o = with_warning(&rules, &row, as_of);
    project_row_clear(&row);
    db_stmt *s = db_prepare(d, "SELECT from_stage, to_stage, event_date AS date, actor, note, reason, created_at "
                               "FROM stage_events WHERE project_id = ? ORDER BY event_date, id", e);
    json_t *hist = NULL, *probs = NULL;
    if (s) {
        db_bind_int64(s, 1, id);
        hist = rows_to_json(s, e);
    }
    s = hist ? db_prepare(d, "SELECT id, title, detail, raised_by, raised_date, assigned_unit_id, state, resolution, "
                             "resolved_date, version FROM problems WHERE project_id = ? ORDER BY raised_date, id", e)
             : NULL;
    if (s) {
        db_bind_int64(s, 1, id);
        probs = rows_to_json(s, e);
    }
    if (!hist || !probs) {
        json_decref(hist);
        json_decref(probs);
        json_decref(o);
        o = NULL;
        goto out;
    }
    json_object_set_new(o, "stage_history", hist);
    json_object_set_new(o, "problems", probs);
    json_t *pending = approvals_list(d, "pending", id, 0, e);
    json_object_set_new(o, "pending_changes", pending ? pending : json_array());
out:
    db_rollback(d);
    return o;
}

json_t *projects_list(db *d, const struct actor *who, struct project_filter *f, int colour, const dk_date *as_of,
                      dk_err *e)
{
    struct warning_rules rules;
    struct project_row *rows = NULL;
    size_t n = 0;
    int64_t total = 0;
    json_t *out = NULL;
    int limit = f->limit, offset = f->offset, stage = f->stage;
    if (db_begin_read(d, e) != DK_OK) return NULL;
    if (warnings_load(d, &rules, e) != DK_OK) goto done;
    f->as_of_month = date_month_index(as_of);
    f->pairing_id = who->pairing_id; /* an account scoped to one pairing lists only it */
    char day[11];
    date_format(as_of, day);
    int past = in_past(as_of);
    if (past) f->existing_on = day;
    /* the colour, and on a past date the stage, are known only after reading: filter, then page */
    int filter_here = colour >= 0 || (past && stage >= 0);
    /* filtering here reads every match (a dashboard's red and yellow lists): the answer is
     * remembered for the same question while the data is unchanged (service/memo.h) */
    char memo_key[1024] = "", data_state[MEMO_STATE_LEN];
    if (filter_here) {
        int k = snprintf(memo_key, sizeof memo_key, "projects\x1f%lld\x1f%s\x1f%d\x1f%s\x1f%s\x1f%s\x1f%lld\x1f%d:%lld\x1f%d:%lld\x1f%s\x1f%s\x1f%d\x1f%d\x1f%d\x1f%d\x1f%s",
                         (long long)f->pairing_id, f->pairing ? f->pairing : "", stage, f->industry ? f->industry : "",
                         f->host_region ? f->host_region : "", f->origin_region ? f->origin_region : "", (long long)f->unit_id,
                         f->min_investment.has, (long long)f->min_investment.v, f->max_investment.has, (long long)f->max_investment.v,
                         f->q ? f->q : "", f->sort ? f->sort : "", f->desc, limit, offset, colour, day);
        if (k < 0 || (size_t)k >= sizeof memo_key) memo_key[0] = '\0'; /* too long to remember */
        if (memo_key[0] && memo_state(d, data_state, e) != DK_OK) goto done;
        if (memo_key[0] && (out = memo_get(memo_key, data_state))) goto done;
        f->limit = f->offset = 0;
        if (past) f->stage = -1;
    }
    if (store_project_list(d, f, &rows, &n, &total, e) != DK_OK) goto done;
    for (size_t i = 0; past && i < n; i++)
        if (stage_on(d, &rows[i], as_of, e) != DK_OK) goto done;
    json_t *items = json_array();
    int64_t matched = 0;
    for (size_t i = 0; i < n; i++) {
        if (filter_here) {
            if (stage >= 0 && (int)rows[i].p.st.stage != stage) continue;
            if (colour >= 0) {
                struct warning_result w;
                warnings_eval_row(&rules, &rows[i], as_of, &w);
                if ((int)w.colour != colour) continue;
            }
            matched++;
            if (matched <= offset || (limit > 0 && matched > offset + limit)) continue;
        }
        json_array_append_new(items, with_warning(&rules, &rows[i], as_of));
    }
    if (filter_here) total = matched;
    char asof[11];
    date_format(as_of, asof);
    out = json_pack("{s:o, s:I, s:i, s:i, s:s}", "items", items, "total", (json_int_t)total, "limit", limit,
                    "offset", offset, "as_of", asof);
    if (memo_key[0]) memo_put(memo_key, data_state, out);
done:
    f->existing_on = NULL;
    f->stage = stage;
    f->limit = limit;
    f->offset = offset;
    project_rows_free(rows, n);
    db_rollback(d);
    return out;
}
