/* warnings.c — rules from the table, evaluation per project, and threshold changes. */
#include "service/warnings.h"
#include "store/audit.h"
#include "store/rows.h"
#include <string.h>

int warnings_load(db *d, struct warning_rules *out, dk_err *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(d, "SELECT code, yellow_at, red_at, enabled FROM warning_rules ORDER BY code", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW && out->n < WARNING_RULES_MAX) {
        struct warning_rule *r = &out->r[out->n++];
        snprintf(r->code, sizeof r->code, "%s", db_col_text(s, 0));
        r->yellow_at = db_col_int64(s, 1);
        r->red_at = db_col_int64(s, 2);
        r->enabled = (int)db_col_int64(s, 3);
    }
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

void warnings_eval_row(const struct warning_rules *rules, const struct project_row *row, const dk_date *as_of,
                       struct warning_result *out)
{
    const struct project *p = &row->p;
    struct warning_input in = {
        .stage = p->st.stage,
        .as_of = *as_of,
        .annual_plan = p->annual_plan.has ? p->annual_plan.v : 0,
        .annual_plan_year = p->annual_plan_year.has ? (int)p->annual_plan_year.v : 0,
        .done_in_year = row->done_in_year,
        .last_report_month = row->last_report_month,
        .signed_month = -1,
        .planned_start_month = p->planned_start ? month_parse(p->planned_start) : -1,
    };
    dk_date sd;
    if (date_parse(p->st.dates[STAGE_SIGNED], &sd)) in.signed_month = date_month_index(&sd);
    warning_eval(rules->r, rules->n, &in, out);
}

json_t *warnings_rules_json(db *d, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT code, name, yellow_at, red_at, unit, enabled, description, version "
                               "FROM warning_rules ORDER BY code", e);
    return s ? rows_to_json(s, e) : NULL;
}

static int get_int(json_t *patch, const char *key, int64_t *v, int *given, dk_err *e)
{
    json_t *x = json_object_get(patch, key);
    *given = x != NULL;
    if (!x) return DK_OK;
    if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > 1200)
        return err_set(e, DK_EINVAL, "invalid_field", key, "%s 应为 0–1200 的整数 (must be an integer 0–1200)", key);
    *v = json_integer_value(x);
    return DK_OK;
}

int warnings_rule_update(db *d, const struct actor *who, const char *code, int64_t if_match, json_t *patch, dk_err *e)
{
    if (!role_allows(who->role, PERM_ADMIN)) /* the rules hold for every pairing */
        return err_set(e, DK_EFORBIDDEN, "forbidden", "", "预警规则对所有对口合作关系生效，只有管理员可以调整 (admin only: the rules hold for every pairing)");
    const char *key;
    json_t *val;
    json_object_foreach(patch, key, val) {
        if (strcmp(key, "yellow_at") && strcmp(key, "red_at") && strcmp(key, "enabled"))
            return err_set(e, DK_EINVAL, "unknown_field", key, "未知字段 %s (unknown field)", key);
    }
    int64_t y = 0, r = 0, en = 0;
    int hy, hr, he, rc;
    if ((rc = get_int(patch, "yellow_at", &y, &hy, e)) || (rc = get_int(patch, "red_at", &r, &hr, e))) return rc;
    json_t *je = json_object_get(patch, "enabled");
    he = je != NULL;
    if (je && !json_is_boolean(je)) return err_set(e, DK_EINVAL, "invalid_field", "enabled", "enabled 应为 true 或 false");
    en = je && json_is_true(je);

    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    db_stmt *s = db_prepare(d, "SELECT yellow_at, red_at, enabled, version, unit FROM warning_rules WHERE code = ?", e);
    if (!s) goto fail;
    db_bind_text(s, 1, code);
    rc = db_step(s, e);
    int64_t old_y = 0, old_r = 0, old_en = 0;
    if (rc == DB_ROW) {
        old_y = db_col_int64(s, 0);
        old_r = db_col_int64(s, 1);
        old_en = db_col_int64(s, 2);
        if (!hy) y = old_y;
        if (!hr) r = old_r;
        if (!he) en = old_en;
    }
    int64_t version = rc == DB_ROW ? db_col_int64(s, 3) : 0;
    /* for "working days left" lower is worse: red comes at or below yellow */
    int counts_down = rc == DB_ROW && strcmp(db_col_text(s, 4), "workdays") == 0;
    db_done(s);
    if (rc == DB_DONE) {
        err_set(e, DK_ENOTFOUND, "not_found", "code", "预警规则 %s 不存在 (no such rule)", code);
        goto fail;
    }
    if (rc < 0) goto fail;
    if (if_match && if_match != version) {
        err_set(e, DK_ESTALE, "stale_version", "version", "预警规则已被他人修改（当前版本 %lld），请刷新后重试", (long long)version);
        goto fail;
    }
    if (counts_down ? r > y : y > r) {
        err_set(e, DK_ERULE, "thresholds", "yellow_at", counts_down ? "剩余工作日的红色阈值不能大于黄色阈值 (red must be at or below yellow)"
                                                                    : "黄色阈值不能大于红色阈值 (yellow threshold above red)");
        goto fail;
    }
    s = db_prepare(d, "UPDATE warning_rules SET yellow_at = ?, red_at = ?, enabled = ?, version = version + 1 WHERE code = ?", e);
    if (!s) goto fail;
    db_bind_int64(s, 1, y);
    db_bind_int64(s, 2, r);
    db_bind_int64(s, 3, en);
    db_bind_text(s, 4, code);
    rc = db_step(s, e);
    db_done(s);
    if (rc < 0) goto fail;
    json_t *before = json_pack("{s:s, s:I, s:I, s:b}", "code", code, "yellow_at", (json_int_t)old_y, "red_at", (json_int_t)old_r,
                               "enabled", (int)old_en);
    json_t *after = json_pack("{s:s, s:I, s:I, s:b}", "code", code, "yellow_at", (json_int_t)y, "red_at", (json_int_t)r,
                              "enabled", (int)en);
    struct audit_entry a = {who, "warning_rule.update", "warning_rules", 0, patch, before, after};
    rc = audit_write(d, &a, e);
    json_decref(before);
    json_decref(after);
    if (rc != DK_OK) goto fail;
    return db_commit(d, e);
fail:
    db_rollback(d);
    return e && e->status ? e->status : DK_EINTERNAL;
}

json_t *warning_result_json(const struct warning_result *w)
{
    json_t *reasons = json_array();
    for (int i = 0; i < w->n; i++)
        json_array_append_new(reasons, json_pack("{s:s, s:s, s:s}", "rule", w->reasons[i].rule, "colour",
                                                 colour_code(w->reasons[i].colour), "message", w->reasons[i].message));
    return json_pack("{s:s, s:s, s:o}", "colour", colour_code(w->colour), "colour_name", colour_name(w->colour),
                     "reasons", reasons);
}
