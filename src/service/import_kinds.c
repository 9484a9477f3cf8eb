/*
 * import_kinds.c — the kinds of ledger import, one table each: the columns a sheet may have
 * (with the header variants offices write) and the upsert that applies one row through the
 * services. To add a kind: declare its columns and its apply function here (or in a file of
 * its own) and list it in import_kinds[] at the bottom.
 */
#include "core/dates.h"
#include "service/import_items.h"
#include "service/imports.h"
#include "service/progress.h"
#include "service/project_json.h"
#include "service/projects.h"
#include "store/audit.h"
#include "store/capital_stats.h"
#include "util/jsonin.h"
#include <stdio.h>
#include <string.h>

#define H(...) (const char *const[]){__VA_ARGS__, NULL}

/* --- projects: the promotion database's ledger (重大项目推进库台账), upsert by 项目编号 ----- */
static const struct ledger_col project_cols[] = {
    {"code", H("项目编号", "项目代码", "编号", "项目编码", "项目序号编码"), COL_TEXT, 1, 14},
    {"name", H("项目名称", "项目全称", "名称"), COL_TEXT, 1, 30},
    {"pairing", H("对口合作关系", "对口关系", "合作关系", "对口合作"), COL_TEXT, 0, 16},
    {"investor", H("投资方", "投资主体", "投资企业", "投资单位", "签约企业", "投资方名称"), COL_TEXT, 0, 24},
    {"investor_region", H("投资方所在地", "投资方地区", "投资来源地", "来源地", "投资方所在地区"), COL_TEXT, 0, 16},
    {"host_region", H("项目所在地", "项目地点", "建设地点", "落户地", "项目所在地区", "所在县区"), COL_TEXT, 0, 16},
    {"industry_section", H("行业门类", "所属行业", "行业", "产业类别"), COL_TEXT, 0, 10},
    {"industry_division", H("行业大类", "行业代码"), COL_TEXT, 0, 8},
    {"unit_id", H("责任单位", "牵头单位", "负责单位"), COL_TEXT, 0, 16},
    {"contact", H("联系人", "项目联系人"), COL_TEXT, 0, 10},
    {"leader", H("包保领导", "包保市领导", "责任领导"), COL_TEXT, 0, 10},
    {"platform", H("所在平台", "所在园区", "所在平台或开发区", "所在开发区"), COL_TEXT, 0, 16},
    {"content", H("建设内容", "主要建设内容", "建设规模及内容", "项目内容"), COL_TEXT, 0, 30},
    {"planned_investment", H("计划总投资（万元）", "计划总投资", "总投资", "项目总投资", "投资总额", "总投资额"), COL_MONEY, 0, 14},
    {"agreed_capital", H("协议引资额（万元）", "协议引资额", "协议引资", "引资额"), COL_MONEY, 0, 14},
    {"annual_plan", H("年度计划投资（万元）", "年度计划投资", "年度计划", "本年计划投资", "年度投资计划"), COL_MONEY, 0, 14},
    {"annual_plan_year", H("年度计划年份", "计划年份", "计划年度"), COL_INT, 0, 10},
    {"planned_start", H("计划开工", "计划开工时间", "计划开工日期"), COL_MONTH, 0, 10},
    {"planned_finish", H("计划竣工", "计划竣工时间", "计划竣工日期"), COL_MONTH, 0, 10},
    {"national_code", H("全国投资项目代码", "统一项目代码", "全国投资项目在线审批监管平台代码"), COL_TEXT, 0, 26},
    {"stage", H("阶段", "项目阶段", "推进阶段", "所处阶段", "项目进展阶段"), COL_TEXT, 0, 8},
    {"intention_date", H("意向日期", "洽谈日期", "意向时间"), COL_DATE, 0, 12},
    {"signed_date", H("签约日期", "签约时间"), COL_DATE, 0, 12},
    {"landed_date", H("落地日期", "落地时间", "开工日期"), COL_DATE, 0, 12},
    {"production_date", H("投产日期", "投产时间"), COL_DATE, 0, 12},
    {NULL, NULL, COL_TEXT, 0, 0},
};

/* Resolves the references a ledger writes as names into what the record holds, in place. */
static int resolve_project_refs(db *d, json_t *row, int64_t pairing_id, dk_err *e)
{
    static const char *const regions[] = {"investor_region", "host_region", NULL};
    int rc;
    for (const char *const *f = regions; *f; f++) {
        const char *t = json_text(row, *f);
        if (!t) continue;
        char code[7];
        if ((rc = import_region(d, t, *f, code, e)) != DK_OK) return rc;
        json_object_set_new(row, *f, json_string(code));
    }
    const char *sec = json_text(row, "industry_section");
    if (sec) {
        char letter[2];
        if ((rc = import_industry_section(d, sec, letter, e)) != DK_OK) return rc;
        json_object_set_new(row, "industry_section", json_string(letter));
    }
    const char *div = json_text(row, "industry_division");
    if (div) { /* "36", "36 汽车制造业", or 6 when Excel dropped the leading zero */
        char two[3] = "";
        if (div[0] >= '0' && div[0] <= '9' && div[1] >= '0' && div[1] <= '9') snprintf(two, sizeof two, "%.2s", div);
        else if (div[0] >= '1' && div[0] <= '9' && (div[1] == '\0' || div[1] == ' ')) snprintf(two, sizeof two, "0%c", div[0]);
        else two[0] = '\0';
        json_object_set_new(row, "industry_division", json_string(two[0] ? two : div));
    }
    const char *unit = json_text(row, "unit_id");
    if (unit) {
        int64_t id;
        if ((rc = import_unit(d, unit, pairing_id, &id, e)) != DK_OK) return rc;
        json_object_set_new(row, "unit_id", json_integer(id));
    }
    return DK_OK;
}

/* The project id with this code, 0 when none. */
static int64_t project_id_by_code(db *d, const char *code)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM projects WHERE code = ?", NULL);
    if (!s) return 0;
    db_bind_text(s, 1, code);
    int64_t id = db_step(s, NULL) == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    return id;
}

static int not_found(const char *code, dk_err *e)
{
    return err_set(e, DK_ENOTFOUND, "not_found", "code", "项目 %.64s 不存在 (no such project)", code);
}

static int update_project(db *d, const struct actor *who, int64_t id, json_t *row, const char *pairing,
                          enum import_outcome *out, json_t **changes, dk_err *e)
{
    struct project_row pr;
    dk_date today = date_today();
    int rc = store_project_get(d, id, date_month_index(&today), &pr, e);
    if (rc != DK_OK) return rc;
    json_t *cur = NULL, *patch = json_object();
    if (!actor_in_scope(who, pr.p.pairing_id)) {
        rc = not_found(pr.p.code, e);
        goto out;
    }
    cur = project_to_json(&pr);
    if (pairing && strcmp(pairing, pr.p.pairing_code ? pr.p.pairing_code : "") != 0) {
        rc = err_set(e, DK_ERULE, "pairing_differs", "pairing", "项目 %.64s 属于 %.40s，不能改到 %.40s (a project keeps its pairing)", pr.p.code,
                     pr.p.pairing_code, pairing);
        goto out;
    }
    const char *stage = json_text(row, "stage");
    if (stage && stage_parse(stage) != (int)pr.p.st.stage) {
        rc = err_set(e, DK_ERULE, "stage_differs", "stage",
                     "项目 %.64s 当前阶段为%s，阶段变更须通过阶段流转办理，不能由导入修改 (stage changes go through transitions)", pr.p.code,
                     stage_name(pr.p.st.stage));
        goto out;
    }
    for (const struct field_def *f = project_fields; f->name; f++) {
        json_t *v = json_object_get(row, f->name), *now = json_object_get(cur, f->name);
        if (!v) continue;
        if (json_is_string(v) && !*json_string_value(v)) v = json_null();
        if (!json_equal(v, now ? now : json_null()) && !(json_is_null(v) && (!now || json_is_null(now))))
            json_object_set(patch, f->name, v);
    }
    if (json_object_size(patch) == 0) {
        if (!projects_may_write(d, who, pr.p.pairing_id, &pr.p.unit_id))
            rc = err_set(e, DK_EFORBIDDEN, "forbidden", "code", "无权导入项目 %.64s：只有其责任单位或合作办可以修改 (not responsible for this project)",
                         pr.p.code);
        else *out = IMPORT_UNCHANGED;
        goto out;
    }
    rc = projects_update(d, who, id, 0, patch, e);
    if (rc == DK_OK) {
        *out = IMPORT_CHANGED;
        *changes = json_incref(patch);
    }
out:
    json_decref(cur);
    json_decref(patch);
    project_row_clear(&pr);
    return rc;
}

static int apply_project(db *d, const struct actor *who, json_t *row, enum import_outcome *out, json_t **changes,
                         dk_err *e)
{
    int64_t pairing_id = who->pairing_id;
    char pairing[64] = "";
    const char *ptext = json_text(row, "pairing");
    int rc;
    if (ptext) {
        if ((rc = import_pairing(d, ptext, &pairing_id, pairing, sizeof pairing, e)) != DK_OK) return rc;
        if (who->pairing_id && pairing_id != who->pairing_id) return import_pairing(d, "", &pairing_id, pairing, 1, e);
    } else if (pairing_id && (rc = import_pairing_code(d, pairing_id, pairing, sizeof pairing, e)) != DK_OK) {
        return rc;
    }
    const char *code = json_text(row, "code");
    int64_t id = project_id_by_code(d, code);
    if (!pairing[0] && !id)
        return err_set(e, DK_EINVAL, "missing_field", "pairing", "缺少对口合作关系列 (the pairing is needed for a new project)");
    if (!pairing_id && id) pairing_id = db_int64(d, "SELECT pairing_id FROM projects WHERE id = ?", 0, 1, id);
    if ((rc = resolve_project_refs(d, row, pairing_id, e)) != DK_OK) return rc;
    if (id) return update_project(d, who, id, row, ptext ? pairing : NULL, out, changes, e);

    json_t *in = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(row, k, v) if (!json_is_null(v)) json_object_set(in, k, v);
    json_object_set_new(in, "pairing", json_string(pairing));
    int64_t new_id = 0;
    rc = projects_create(d, who, in, &new_id, e);
    if (rc == DK_OK) {
        *out = IMPORT_ADDED;
        *changes = in;
    } else {
        json_decref(in);
    }
    return rc;
}

/* --- progress: monthly completed investment (月调度), upsert by 项目编号 + 月份 ---------------- */
static const struct ledger_col progress_cols[] = {
    {"code", H("项目编号", "项目代码", "编号", "项目编码"), COL_TEXT, 1, 14},
    {"name", H("项目名称", "项目全称", "名称"), COL_TEXT, 0, 30},
    {"month", H("报送月份", "月份", "填报月份", "调度月份", "所属月份"), COL_MONTH, 1, 10},
    {"amount", H("本月完成投资（万元）", "本月完成投资", "本月完成", "当月完成投资", "本月完成投资额", "当月完成", "完成投资"), COL_MONEY, 0, 14},
    {"note", H("备注", "本月进展", "进展情况", "形象进度"), COL_TEXT, 0, 30},
    {"reason", H("更正原因", "修改原因"), COL_TEXT, 0, 16},
    {NULL, NULL, COL_TEXT, 0, 0},
};

static int apply_progress(db *d, const struct actor *who, json_t *row, enum import_outcome *out, json_t **changes,
                          dk_err *e)
{
    const char *code = json_text(row, "code"), *month = json_text(row, "month"), *note = json_text(row, "note");
    db_stmt *s = db_prepare(d, "SELECT id, pairing_id, unit_id FROM projects WHERE code = ?", e);
    if (!s) return e->status;
    db_bind_text(s, 1, code);
    int rc = db_step(s, e);
    int64_t id = 0, pairing_id = 0;
    opt_i64 unit = {0, 0};
    if (rc == DB_ROW) {
        id = db_col_int64(s, 0);
        pairing_id = db_col_int64(s, 1);
        unit = (opt_i64){!db_col_is_null(s, 2), db_col_int64(s, 2)};
    }
    db_done(s);
    if (rc < 0) return rc;
    if (!id || !actor_in_scope(who, pairing_id)) return not_found(code, e);
    if (!json_is_integer(json_object_get(row, "amount"))) { /* a blank amount: not reported this month */
        *out = IMPORT_UNCHANGED;
        return DK_OK;
    }
    int64_t amount = json_integer_value(json_object_get(row, "amount"));
    s = db_prepare(d, "SELECT amount, note FROM progress_reports WHERE project_id = ? AND month = ?", e);
    if (!s) return e->status;
    db_bind_int64(s, 1, id);
    db_bind_text(s, 2, month);
    rc = db_step(s, e);
    int exists = rc == DB_ROW, same = 0;
    if (exists) {
        const char *old_note = db_col_text(s, 1);
        same = db_col_int64(s, 0) == amount &&
               (!json_object_get(row, "note") || strcmp(old_note ? old_note : "", note ? note : "") == 0);
    }
    db_done(s);
    if (rc < 0) return rc;
    if (same) {
        if (!projects_may_write(d, who, pairing_id, &unit))
            return err_set(e, DK_EFORBIDDEN, "forbidden", "code", "无权导入项目 %.64s 的进度 (not responsible for this project)", code);
        *out = IMPORT_UNCHANGED;
        return DK_OK;
    }
    json_t *body = json_pack("{s:s, s:I}", "month", month, "amount", (json_int_t)amount);
    if (note) json_object_set_new(body, "note", json_string(note));
    if (json_text(row, "reason")) json_object_set_new(body, "reason", json_string(json_text(row, "reason")));
    int replaced = 0;
    rc = progress_report(d, who, id, body, &replaced, e);
    if (rc == DK_OK) {
        *out = exists ? IMPORT_CHANGED : IMPORT_ADDED;
        json_object_set_new(body, "code", json_string(code));
        *changes = body;
    } else {
        json_decref(body);
    }
    return rc;
}

/* --- stats: introduced capital by source region (招商引资到位资金), upsert by the three keys --- */
static const struct ledger_col stats_cols[] = {
    {"host_region", H("引资地区", "所在地区", "地区", "引进地区"), COL_TEXT, 1, 16},
    {"year", H("年份", "年度", "统计年度"), COL_INT, 1, 8},
    {"source_region", H("资金来源地", "来源地区", "来源地", "来源省份"), COL_TEXT, 1, 16},
    {"amount", H("到位资金（万元）", "到位资金", "引资到位资金", "到位资金额", "实际到位资金"), COL_MONEY, 1, 14},
    {NULL, NULL, COL_TEXT, 0, 0},
};

static int apply_stat(db *d, const struct actor *who, json_t *row, enum import_outcome *out, json_t **changes, dk_err *e)
{
    if (!role_allows(who->role, PERM_OFFICE))
        return err_set(e, DK_EFORBIDDEN, "forbidden", "host_region", "只有合作办可以导入招商引资统计 (only an office imports statistics)");
    char host[7], source[7];
    int rc;
    if ((rc = import_region(d, json_text(row, "host_region"), "host_region", host, e)) != DK_OK) return rc;
    if ((rc = import_region(d, json_text(row, "source_region"), "source_region", source, e)) != DK_OK) return rc;
    if (who->pairing_id) {
        db_stmt *s = db_prepare(d, "SELECT host_region FROM pairings WHERE id = ?", e);
        if (!s) return e->status;
        db_bind_int64(s, 1, who->pairing_id);
        int ok = db_step(s, e) == DB_ROW && strcmp(db_col_text(s, 0), host) == 0;
        db_done(s);
        if (!ok)
            return err_set(e, DK_EFORBIDDEN, "forbidden", "host_region", "%s 不是本对口合作关系的受援地区 (not the pairing's host region)", host);
    }
    int64_t year = json_integer_value(json_object_get(row, "year")), amount = json_integer_value(json_object_get(row, "amount"));
    if (year < 2000 || year > 2999) return err_set(e, DK_EINVAL, "invalid_field", "year", "年份无效 (invalid year)");
    if (amount > MONEY_RECORD_MAX) return err_set(e, DK_EINVAL, "invalid_field", "amount", "金额超过上限 (amount too large)");
    int64_t id = 0, old = 0;
    rc = store_capital_stat_get(d, host, year, source, &id, &old, e);
    if (rc < 0) return rc;
    if (rc == DB_ROW && old == amount) {
        *out = IMPORT_UNCHANGED;
        return DK_OK;
    }
    int existed = rc == DB_ROW;
    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    if ((rc = store_capital_stat_put(d, host, year, source, amount, &id, e)) != DK_OK) goto fail;
    json_t *after = json_pack("{s:s, s:I, s:s, s:I}", "host_region", host, "year", (json_int_t)year, "source_region", source,
                              "amount", (json_int_t)amount);
    json_t *before = existed ? json_pack("{s:s, s:I, s:s, s:I}", "host_region", host, "year", (json_int_t)year,
                                         "source_region", source, "amount", (json_int_t)old)
                             : NULL;
    struct audit_entry a = {who, existed ? "capital_stats.update" : "capital_stats.create", "capital_stats", id, NULL, before, after};
    rc = audit_write(d, &a, e);
    json_decref(before);
    if (rc != DK_OK) {
        json_decref(after);
        goto fail;
    }
    if ((rc = db_commit(d, e)) != DK_OK) {
        json_decref(after);
        return rc;
    }
    *out = existed ? IMPORT_CHANGED : IMPORT_ADDED;
    *changes = after;
    return DK_OK;
fail:
    db_rollback(d);
    return rc;
}

static const struct import_kind kind_projects = {"projects", "重大项目推进库台账", project_cols, "code", apply_project};
static const struct import_kind kind_progress = {"progress", "重大项目月调度表", progress_cols, "code", apply_progress};
static const struct import_kind kind_stats = {"stats", "招商引资到位资金统计表", stats_cols, "source_region", apply_stat};
static const struct import_kind kind_items = {"items", "年度工作计划台账", import_item_cols, "code", import_apply_item};

const struct import_kind *const import_kinds[] = {&kind_projects, &kind_progress, &kind_stats, &kind_items, NULL};

const struct import_kind *import_kind_find(const char *name)
{
    for (const struct import_kind *const *k = import_kinds; *k; k++)
        if (strcmp((*k)->name, name) == 0) return *k;
    return NULL;
}
