/* progress.c — monthly progress reports and month closing (see progress.h). */
#include "service/progress.h"
#include "core/dates.h"
#include "core/money.h"
#include "service/approvals.h"
#include "service/projects.h"
#include "service/refcheck.h"
#include "store/audit.h"
#include "store/rows.h"
#include "util/jsonin.h"
#include <string.h>

static int parse_amount(json_t *v, int64_t *out, dk_err *e)
{
    if (!v || json_is_null(v)) return err_set(e, DK_EINVAL, "missing_field", "amount", "缺少完成投资额 amount (required)");
    if (json_is_integer(v)) *out = json_integer_value(v);
    else if (json_is_string(v)) {
        int rc = money_parse(json_string_value(v), MONEY_YUAN, 1, "amount", out, e);
        if (rc != DK_OK) return rc;
    } else {
        return err_set(e, DK_EINVAL, "invalid_type", "amount", "amount 应为整数（元）或金额文本 (integer yuan or money text)");
    }
    if (*out < 0) return err_set(e, DK_ERULE, "negative_amount", "amount", "完成投资额不能为负数 (amount must not be negative)");
    if (*out > MONEY_RECORD_MAX)
        return err_set(e, DK_EINVAL, "invalid_field", "amount", "完成投资额超过上限 10 万亿元 (more than 10^13 yuan)");
    return DK_OK;
}

int progress_report(db *d, const struct actor *who, int64_t project_id, json_t *body, int *replaced, dk_err *e)
{
    static const char *const text[] = {"month", "note", "reason", NULL}, *const other[] = {"amount", NULL};
    int rc = json_check_fields(body, text, other, e);
    if (rc != DK_OK) return rc;
    const char *month = json_text(body, "month"), *note = json_text(body, "note"), *reason = json_text(body, "reason");
    if (!month) return err_set(e, DK_EINVAL, "missing_field", "month", "缺少月份 month (required, YYYY-MM)");
    int mi = month_parse(month);
    if (mi < 0) return err_set(e, DK_EINVAL, "invalid_field", "month", "月份应为 YYYY-MM (month must be YYYY-MM): \"%.20s\"", month);
    int64_t amount;
    if ((rc = parse_amount(json_object_get(body, "amount"), &amount, e)) != DK_OK) return rc;
    dk_date today = date_today();
    if (mi > date_month_index(&today))
        return err_set(e, DK_ERULE, "future_month", "month", "不能报送未来月份 %s 的进度 (month is in the future)", month);

    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    db_stmt *s = db_prepare(d, "SELECT p.signed_date, p.unit_id, p.pairing_id FROM projects p WHERE p.id = ?", e);
    if (!s) goto fail;
    db_bind_int64(s, 1, project_id);
    rc = db_step(s, e);
    char signed_date[11] = "";
    opt_i64 unit = {0, 0};
    int64_t pairing_id = 0;
    if (rc == DB_ROW) {
        const char *sd = db_col_text(s, 0);
        snprintf(signed_date, sizeof signed_date, "%s", sd ? sd : "");
        unit.has = !db_col_is_null(s, 1);
        unit.v = db_col_int64(s, 1);
        pairing_id = db_col_int64(s, 2);
    }
    db_done(s);
    if (rc == DB_DONE) {
        err_set(e, DK_ENOTFOUND, "not_found", "id", "项目 %lld 不存在 (no such project)", (long long)project_id);
        goto fail;
    }
    if (rc < 0) goto fail;
    if (!actor_in_scope(who, pairing_id)) {
        err_set(e, DK_ENOTFOUND, "not_found", "id", "项目 %lld 不存在 (no such project)", (long long)project_id);
        goto fail;
    }
    if (!projects_may_write(d, who, pairing_id, &unit)) {
        err_set(e, DK_EFORBIDDEN, "forbidden", "", "无权报送该项目进度：只有其责任单位或合作办可以报送 (not responsible for this project)");
        goto fail;
    }
    dk_date sd;
    if (!date_parse(signed_date, &sd)) {
        err_set(e, DK_ERULE, "not_signed", "month", "项目尚未签约，不能报送完成投资 (the project is not signed yet)");
        goto fail;
    }
    if (mi < date_month_index(&sd)) {
        err_set(e, DK_ERULE, "before_signing", "month", "月份 %s 早于签约日期 %s (month before signing)", month, signed_date);
        goto fail;
    }
    s = db_prepare(d, "SELECT 1 FROM month_closures WHERE pairing_id = ? AND month = ?", e);
    if (!s) goto fail;
    db_bind_int64(s, 1, pairing_id);
    db_bind_text(s, 2, month);
    int is_closed = db_step(s, e) == DB_ROW;
    db_done(s);
    if (is_closed) {
        if (!reason) {
            err_set(e, DK_ERULE, "reason_required", "reason", "%s 已关账，更正须说明原因 (a closed month needs a reason)", month);
            goto fail;
        }
        if (approvals_needed(who)) {
            err_set(e, DK_EFORBIDDEN, "needs_approval", "month", "%s 已关账，更正须经合作办审核 (a correction to a closed month needs an office's approval)", month);
            goto fail;
        }
        if (!role_allows(who->role, PERM_OFFICE)) {
            err_set(e, DK_EFORBIDDEN, "month_closed", "month", "%s 已关账，更正须由合作办办理 (the month is closed; an office must correct it)", month);
            goto fail;
        }
    }
    s = db_prepare(d, "SELECT amount FROM progress_reports WHERE project_id = ? AND month = ?", e);
    if (!s) goto fail;
    db_bind_int64(s, 1, project_id);
    db_bind_text(s, 2, month);
    int64_t previous = db_step(s, e) == DB_ROW ? db_col_int64(s, 0) : -1;
    db_done(s);

    char now[21];
    time_now_iso(now);
    s = db_prepare(d,
        "INSERT INTO progress_reports (project_id, month, amount, note, reason, reported_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, month) DO UPDATE SET amount = excluded.amount, "
        "note = excluded.note, reason = excluded.reason, reported_by = excluded.reported_by, "
        "updated_at = excluded.updated_at, version = progress_reports.version + 1", e);
    if (!s) goto fail;
    db_bind_int64(s, 1, project_id);
    db_bind_text(s, 2, month);
    db_bind_int64(s, 3, amount);
    db_bind_text(s, 4, note);
    db_bind_text(s, 5, reason);
    db_bind_text(s, 6, who->name);
    db_bind_text(s, 7, now);
    db_bind_text(s, 8, now);
    rc = db_step(s, e);
    db_done(s);
    if (rc < 0) goto fail;
    json_t *before = previous >= 0 ? json_pack("{s:s, s:I}", "month", month, "amount", (json_int_t)previous) : NULL;
    json_t *after = json_pack("{s:s, s:I}", "month", month, "amount", (json_int_t)amount);
    struct audit_entry a = {who, previous >= 0 ? "progress.replace" : "progress.report", "projects", project_id, body,
                            before, after};
    rc = audit_write(d, &a, e);
    json_decref(before);
    json_decref(after);
    if (rc != DK_OK) goto fail;
    if (replaced) *replaced = previous >= 0;
    return db_commit(d, e);
fail:
    db_rollback(d);
    return e->status ? e->status : DK_EINTERNAL;
}

json_t *progress_list(db *d, int64_t project_id, dk_err *e)
{
    if (!db_int64(d, "SELECT COUNT(*) FROM projects WHERE id = ?", 0, 1, project_id)) {
        err_set(e, DK_ENOTFOUND, "not_found", "id", "项目 %lld 不存在 (no such project)", (long long)project_id);
        return NULL;
    }
    db_stmt *s = db_prepare(d, "SELECT month, amount, note, reason, reported_by, created_at, updated_at, version "
                               "FROM progress_reports WHERE project_id = ? ORDER BY month", e);
    if (!s) return NULL;
    db_bind_int64(s, 1, project_id);
    return rows_to_json(s, e);
}

int progress_close_month(db *d, const struct actor *who, const char *pairing, const char *month, dk_err *e)
{
    if (!role_allows(who->role, PERM_OFFICE))
        return err_set(e, DK_EFORBIDDEN, "forbidden", "", "只有合作办可以关账 (only an office may close a month)");
    if (!month || month_parse(month) < 0)
        return err_set(e, DK_EINVAL, "invalid_field", "month", "月份应为 YYYY-MM (month must be YYYY-MM)");
    dk_date today = date_today();
    if (month_parse(month) >= date_month_index(&today))
        return err_set(e, DK_ERULE, "month_not_over", "month", "%s 尚未结束，不能关账 (the month is not over)", month);
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    int64_t pid = ref_pairing(d, pairing ? pairing : "", "pairing", e);
    if (!pid) goto fail;
    if (!actor_in_scope(who, pid)) {
        err_set(e, DK_ENOTFOUND, "not_found", "pairing", "对口合作关系 %.40s 不存在 (no such pairing)", pairing);
        goto fail;
    }
    db_stmt *s = db_prepare(d, "INSERT INTO month_closures (pairing_id, month, closed_by, closed_at) VALUES (?, ?, ?, ?)", e);
    if (!s) goto fail;
    char now[21];
    time_now_iso(now);
    db_bind_int64(s, 1, pid);
    db_bind_text(s, 2, month);
    db_bind_text(s, 3, who->name);
    db_bind_text(s, 4, now);
    rc = db_step(s, e);
    db_done(s);
    if (rc == DK_ECONFLICT) {
        err_set(e, DK_ECONFLICT, "already_closed", "month", "%s 已关账 (already closed)", month);
        goto fail;
    }
    if (rc < 0) goto fail;
    json_t *detail = json_pack("{s:s}", "month", month);
    rc = audit_append(d, who, "month.close", "pairings", pid, detail, e);
    json_decref(detail);
    if (rc != DK_OK) goto fail;
    return db_commit(d, e);
fail:
    db_rollback(d);
    return e->status ? e->status : DK_EINTERNAL;
}

json_t *progress_closed_months(db *d, const char *pairing, int64_t scope, dk_err *e)
{
    int64_t pid = ref_pairing(d, pairing ? pairing : "", "pairing", e);
    if (pid && scope && pid != scope) {
        err_set(e, DK_ENOTFOUND, "not_found", "pairing", "对口合作关系 %.40s 不存在 (no such pairing)", pairing);
        return NULL;
    }
    if (!pid) {
        if (e->status == DK_ERULE) err_set(e, DK_ENOTFOUND, "not_found", "pairing", "对口合作关系 %.40s 不存在 (no such pairing)", pairing);
        return NULL;
    }
    db_stmt *s = db_prepare(d, "SELECT c.month, c.closed_by, c.closed_at FROM month_closures c JOIN pairings p "
                               "ON p.id = c.pairing_id WHERE p.code = ? ORDER BY c.month", e);
    if (!s) return NULL;
    db_bind_text(s, 1, pairing);
    return rows_to_json(s, e);
}
