/*
 * exports.c — builds the export tables from the records (see exports.h). The project ledger's
 * columns are the projects import's own column table, so an exported ledger imports back
 * unchanged; the 调度表 carries 报送月份 and 本月完成投资, so it imports back as progress.
 */
#include "service/exports.h"
#include "core/money.h"
#include "ledger/table.h"
#include "service/import_items.h"
#include "service/imports.h"
#include "service/kinds.h"
#include "service/projects.h"
#include "service/report.h"
#include "util/jsonin.h"
#include "util/sbuf.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_COLS 64

static enum tcol_type tcol_of(enum col_type t)
{
    return t == COL_MONEY ? TC_MONEY : t == COL_INT ? TC_INT : TC_TEXT;
}

/* The columns of an import kind as export columns (money summed). */
static int kind_cols(const struct import_kind *k, struct tcol *cols)
{
    int n = 0;
    for (int i = 0; k->cols[i].field && n < MAX_COLS; i++, n++)
        cols[n] = (struct tcol){k->cols[i].headers[0], tcol_of(k->cols[i].type), k->cols[i].width, k->cols[i].type == COL_MONEY};
    return n;
}

static const char *colour_name(const char *c)
{
    return !c ? "" : strcmp(c, "red") == 0 ? "红" : strcmp(c, "yellow") == 0 ? "黄" : "绿";
}

/* unit id → name, for the ledger's 责任单位 column. */
static json_t *unit_names(db *d, dk_err *e)
{
    json_t *m = json_object();
    db_stmt *s = db_prepare(d, "SELECT id, name FROM units", e);
    if (!s) return m;
    while (db_step(s, e) == DB_ROW) {
        char k[24];
        snprintf(k, sizeof k, "%lld", (long long)db_col_int64(s, 0));
        json_object_set_new(m, k, json_string(db_col_text(s, 1)));
    }
    db_done(s);
    return m;
}

static int build_projects(db *d, const struct actor *who, const struct export_request *rq, struct table *t,
                          struct tcol *cols, dk_err *e)
{
    const struct import_kind *k = import_kind_find("projects");
    t->ncols = kind_cols(k, cols);
    int limit = rq->filter->limit, offset = rq->filter->offset;
    rq->filter->limit = rq->filter->offset = 0;
    json_t *list = projects_list(d, who, rq->filter, rq->colour, &rq->as_of, e);
    rq->filter->limit = limit;
    rq->filter->offset = offset;
    if (!list) return e->status;
    json_t *units = unit_names(d, e);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(list, "items"), i, p) {
        json_t *row = json_array();
        for (int c = 0; k->cols[c].field; c++) {
            const char *f = k->cols[c].field;
            json_t *v = json_object_get(p, f);
            if (strcmp(f, "unit_id") == 0 && json_is_integer(v)) {
                char key[24];
                snprintf(key, sizeof key, "%lld", (long long)json_integer_value(v));
                v = json_object_get(units, key);
            } else if (strcmp(f, "stage") == 0) {
                v = json_object_get(p, "stage_name");
            } else if (strlen(f) > 5 && strcmp(f + strlen(f) - 5, "_date") == 0) {
                char stage[32];
                snprintf(stage, sizeof stage, "%.*s", (int)(strlen(f) - 5), f);
                v = json_object_get(json_object_get(p, "stage_dates"), stage);
            }
            if (k->cols[c].type == COL_TEXT && json_is_integer(v)) {
                char num[24];
                snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
                json_array_append_new(row, json_string(num));
            } else {
                json_array_append(row, v ? v : json_null());
            }
        }
        json_array_append_new(t->rows, row);
        json_t *w = json_object_get(json_object_get(p, "warning"), "colour");
        json_array_append(t->colours, w ? w : json_null());
    }
    json_decref(units);
    json_decref(list);
    t->title = "重大项目推进库台账";
    t->sheet = "项目台账";
    return DK_OK;
}

static const struct tcol schedule_cols[] = {
    {"项目编号", TC_TEXT, 14, 0},       {"项目名称", TC_TEXT, 30, 0},     {"责任单位", TC_TEXT, 16, 0},
    {"报送月份", TC_TEXT, 10, 0},       {"年度计划投资", TC_MONEY, 14, 1}, {"本月完成投资", TC_MONEY, 14, 1},
    {"本年累计完成", TC_MONEY, 14, 1},   {"开工以来累计完成", TC_MONEY, 16, 1}, {"占年度计划", TC_PERCENT, 10, 0},
    {"占总投资", TC_PERCENT, 10, 0},     {"预警", TC_TEXT, 6, 0},
};

/* Fills t with the 调度表; names[0] and names[1] (160 bytes each) hold its title and sheet name. */
static int build_schedule(db *d, const struct actor *who, const struct export_request *rq, struct table *t,
                          char names[2][160], dk_err *e)
{
    char month[8], pairing[64];
    dk_date today = date_today();
    int mi = rq->month ? month_parse(rq->month) : date_month_index(&today) - 1;
    if (mi < 0) return err_set(e, DK_EINVAL, "invalid_parameter", "month", "月份应为 YYYY-MM (month must be YYYY-MM)");
    month_format(mi, month);
    if (rq->pairing) snprintf(pairing, sizeof pairing, "%s", rq->pairing);
    else if (who->pairing_id) {
        int rc = import_pairing_code(d, who->pairing_id, pairing, sizeof pairing, e);
        if (rc != DK_OK) return rc;
    } else {
        return err_set(e, DK_EINVAL, "missing_parameter", "pairing", "缺少对口合作关系 pairing (required)");
    }
    /* colours as of the month's last day, from the project list */
    struct project_filter f;
    memset(&f, 0, sizeof f);
    f.pairing = pairing;
    f.stage = -1;
    dk_date end = {mi / 12, mi % 12 + 1, days_in_month(mi / 12, mi % 12 + 1)};
    json_t *list = projects_list(d, who, &f, -1, &end, e);
    if (!list) return e->status;
    json_t *colours = json_object();
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(list, "items"), i, p)
        json_object_set(colours, json_text(p, "code"), json_object_get(json_object_get(p, "warning"), "colour"));
    json_decref(list);
    char year_start[8];
    month_format(mi - mi % 12, year_start);
    db_stmt *s = db_prepare(d,
        "SELECT p.code, p.name, u.name, CASE WHEN p.annual_plan_year = ? THEN p.annual_plan END, p.planned_investment, "
        "(SELECT amount FROM progress_reports r WHERE r.project_id = p.id AND r.month = ?), "
        "(SELECT COALESCE(SUM(amount), 0) FROM progress_reports r WHERE r.project_id = p.id AND r.month >= ? AND r.month <= ?), "
        "(SELECT COALESCE(SUM(amount), 0) FROM progress_reports r WHERE r.project_id = p.id AND r.month <= ?) "
        "FROM projects p JOIN pairings pr ON pr.id = p.pairing_id LEFT JOIN units u ON u.id = p.unit_id "
        "WHERE pr.code = ? AND p.signed_date IS NOT NULL AND p.signed_date <= ? ORDER BY p.code", e);
    if (!s) {
        json_decref(colours);
        return e->status;
    }
    char last_day[11];
    date_format(&end, last_day);
    db_bind_int64(s, 1, mi / 12); /* an annual plan counts only in its own year */
    db_bind_text(s, 2, month);
    db_bind_text(s, 3, year_start);
    db_bind_text(s, 4, month);
    db_bind_text(s, 5, month);
    db_bind_text(s, 6, pairing);
    db_bind_text(s, 7, last_day);
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        const char *code = db_col_text(s, 0);
        if (!json_object_get(colours, code)) continue; /* not in the caller's scope */
        int64_t plan = db_col_int64(s, 3), planned = db_col_int64(s, 4), ytd = db_col_int64(s, 6), total = db_col_int64(s, 7);
        json_t *row = json_pack("[s, s, s?, s]", code, db_col_text(s, 1), db_col_text(s, 2), month);
        json_array_append_new(row, db_col_is_null(s, 3) ? json_null() : json_integer(plan));
        json_array_append_new(row, db_col_is_null(s, 5) ? json_null() : json_integer(db_col_int64(s, 5)));
        json_array_append_new(row, json_integer(ytd));
        json_array_append_new(row, json_integer(total));
        json_array_append_new(row, plan > 0 ? json_integer(money_ratio_bp(ytd, plan)) : json_null());
        json_array_append_new(row, planned > 0 ? json_integer(money_ratio_bp(total, planned)) : json_null());
        const char *c = json_string_value(json_object_get(colours, code));
        json_array_append_new(row, json_string(colour_name(c)));
        json_array_append_new(t->rows, row);
        json_array_append_new(t->colours, c ? json_string(c) : json_null());
    }
    db_done(s);
    json_decref(colours);
    if (rc < 0) return rc;
    t->cols = schedule_cols;
    t->ncols = (int)(sizeof schedule_cols / sizeof schedule_cols[0]);
    snprintf(names[0], 160, "%.60s 重大项目月调度表（%s）", pairing, month);
    snprintf(names[1], 160, "%s", month);
    t->title = names[0];
    t->sheet = names[1];
    return DK_OK;
}

static const struct tcol summary_cols[] = {
    {"代码", TC_TEXT, 10, 0},        {"名称", TC_TEXT, 24, 0},      {"项目数", TC_INT, 8, 1},
    {"计划总投资", TC_MONEY, 16, 1}, {"完成投资", TC_MONEY, 16, 1},
};

#define SUMMARY_TABLES 5

/* The summary report's breakdowns, a table each (names: titles and sheet names, 160 bytes). */
static int build_summary(db *d, const struct actor *who, const struct export_request *rq, struct table *t,
                         char names[][160], dk_err *e)
{
    static const char *const parts[SUMMARY_TABLES][2] = {
        {"by_stage", "按阶段"}, {"by_industry", "按行业"}, {"by_origin", "按来源地"}, {"by_county", "按县区"}, {"by_year", "按意向年份"}};
    char pairing[64] = "";
    if (rq->pairing) snprintf(pairing, sizeof pairing, "%s", rq->pairing);
    if (who->pairing_id) { /* an account scoped to one pairing reports on it alone */
        char own[64];
        int rc = import_pairing_code(d, who->pairing_id, own, sizeof own, e);
        if (rc != DK_OK) return rc;
        if (pairing[0] && strcmp(pairing, own) != 0)
            return err_set(e, DK_ENOTFOUND, "not_found", "pairing", "对口合作关系 %.40s 不存在 (no such pairing)", pairing);
        snprintf(pairing, sizeof pairing, "%s", own);
    }
    if (!pairing[0]) return err_set(e, DK_EINVAL, "missing_parameter", "pairing", "缺少对口合作关系 pairing (required)");
    struct report_params p = {pairing, rq->year, rq->as_of};
    report_defaults(&p, rq->year > 0, rq->as_of_given);
    json_t *rep = report_summary(d, &p, e);
    if (!rep) return e->status;
    char as_of[11];
    date_format(&p.as_of, as_of);
    const char *pname = json_string_value(json_object_get(json_object_get(rep, "pairing"), "name"));
    for (int i = 0; i < SUMMARY_TABLES; i++) {
        t[i].cols = summary_cols;
        t[i].ncols = (int)(sizeof summary_cols / sizeof summary_cols[0]);
        t[i].totals = 1;
        t[i].rows = json_array();
        t[i].colours = NULL;
        snprintf(names[2 * i], 160, "%.60s 项目汇总（%d 年，截至 %s）%s", pname ? pname : pairing, p.year, as_of, parts[i][1]);
        snprintf(names[2 * i + 1], 160, "%s", parts[i][1]);
        t[i].title = names[2 * i];
        t[i].sheet = names[2 * i + 1];
        size_t k;
        json_t *b;
        json_array_foreach(json_object_get(rep, parts[i][0]), k, b) {
            json_t *name = json_object_get(b, "name");
            json_array_append_new(t[i].rows, json_pack("[O, O, O, O, O]", json_object_get(b, "key"), json_is_string(name) ? name : json_null(),
                                                        json_object_get(b, "count"), json_object_get(b, "planned_investment"),
                                                        json_object_get(b, "completed_investment")));
        }
    }
    json_decref(rep);
    return DK_OK;
}

/* Fills t with the pairing's work plan for the year: the items import's columns (so the file
 * imports back), then status, escalation and the pro-rata share; the warning colour fills the
 * row. names[0] and names[1] hold its title and sheet name. */
static int build_items(db *d, const struct actor *who, const struct export_request *rq, struct table *t, struct tcol *cols,
                       char names[][160], dk_err *e)
{
    char pairing[64] = "";
    int rc;
    if (who->pairing_id && (rc = import_pairing_code(d, who->pairing_id, pairing, sizeof pairing, e)) != DK_OK) return rc;
    if (rq->pairing && pairing[0] && strcmp(rq->pairing, pairing) != 0)
        return err_set(e, DK_ENOTFOUND, "not_found", "pairing", "对口合作关系 %.40s 不存在 (no such pairing)", rq->pairing);
    if (!pairing[0] && rq->pairing) snprintf(pairing, sizeof pairing, "%s", rq->pairing);
    if (!pairing[0]) return err_set(e, DK_EINVAL, "missing_parameter", "pairing", "缺少对口合作关系 pairing (required)");
    if (!rq->year) return err_set(e, DK_EINVAL, "missing_parameter", "year", "缺少计划年度 year (required)");
    db_stmt *s = db_prepare(d, "SELECT w.id, w.title FROM work_plans w JOIN pairings p ON p.id = w.pairing_id WHERE p.code = ? AND w.year = ?", e);
    if (!s) return e->status;
    db_bind_text(s, 1, pairing);
    db_bind_int64(s, 2, rq->year);
    rc = db_step(s, e);
    int64_t plan = rc == DB_ROW ? db_col_int64(s, 0) : 0;
    snprintf(names[0], 160, "%.120s", rc == DB_ROW ? db_col_text(s, 1) : "");
    db_done(s);
    if (rc < 0) return rc;
    if (!plan) return err_set(e, DK_ENOTFOUND, "not_found", "year", "%s 没有 %d 年度工作计划 (no work plan for that year)", pairing, rq->year);
    static const struct tcol extra[] = {{"状态", TC_TEXT, 8, 0}, {"督办级别", TC_TEXT, 8, 0}, {"序时进度（%）", TC_INT, 10, 0}};
    int n = 0;
    for (; import_item_cols[n].field; n++)
        cols[n] = (struct tcol){import_item_cols[n].headers[0], tcol_of(import_item_cols[n].type), import_item_cols[n].width, 0};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) cols[n++] = extra[i];
    t->ncols = n;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)plan);
    struct rec_filter f = {"work_plan_id", id};
    int64_t total;
    json_t *items = rec_list(d, &kind_work_items, &f, 1, who->pairing_id, 1000000, 0, &rq->as_of, &total, e);
    if (!items) return e->status;
    json_t *units = unit_names(d, e);
    size_t i, j;
    json_t *it, *u;
    json_array_foreach(items, i, it) {
        char key[24], pct[8];
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(it, "lead_unit_id")));
        sbuf co;
        sb_init(&co, 0);
        json_array_foreach(json_object_get(it, "co_unit_ids"), j, u) {
            char k2[24];
            snprintf(k2, sizeof k2, "%lld", (long long)json_integer_value(u));
            sb_printf(&co, "%s%s", j ? "、" : "", json_string_value(json_object_get(units, k2)));
        }
        snprintf(pct, sizeof pct, "%lld", (long long)json_integer_value(json_object_get(it, "percent")));
        json_array_append_new(t->rows, json_pack("[O, I, s, O, O, O, O, s, O, O, s, O, n, O, O, O]", json_object_get(it, "code"), (json_int_t)rq->year,
                                                  pairing, json_object_get(it, "domain"), json_object_get(it, "title"), json_object_get(it, "content"),
                                                  json_object_get(units, key), sb_str(&co), json_object_get(it, "start_date"),
                                                  json_object_get(it, "due_date"), pct, json_object_get(it, "last_update"),
                                                  json_object_get(it, "status_name"), json_object_get(it, "escalation_name"),
                                                  json_object_get(it, "expected_percent")));
        sb_free(&co);
        json_array_append(t->colours, json_object_get(json_object_get(it, "warning"), "colour"));
    }
    json_decref(units);
    json_decref(items);
    char as_of[11];
    date_format(&rq->as_of, as_of);
    snprintf(names[0] + strlen(names[0]), 160 - strlen(names[0]), "（截至 %s）", as_of);
    snprintf(names[1], 160, "工作计划");
    t->title = names[0];
    t->sheet = names[1];
    t->totals = 0;
    return DK_OK;
}

int exports_render(db *d, const struct actor *who, const struct export_request *rq, char **out, size_t *len,
                   const char **content_type, char *file_name, size_t n, dk_err *e)
{
    const char *what = rq->what ? rq->what : "projects", *format = rq->format ? rq->format : "xlsx";
    int csv = strcmp(format, "csv") == 0, gb = 0;
    if (!csv && strcmp(format, "xlsx") != 0)
        return err_set(e, DK_EINVAL, "invalid_parameter", "format", "format 应为 xlsx 或 csv (format must be xlsx or csv)");
    if (rq->encoding) {
        if (strcasecmp(rq->encoding, "gb18030") == 0) gb = 1;
        else if (strcasecmp(rq->encoding, "utf-8") != 0)
            return err_set(e, DK_EINVAL, "invalid_parameter", "encoding", "encoding 应为 utf-8 或 gb18030");
    }
    if (strcmp(what, "template") != 0 && !actor_allows(who, PERM_EXPORT))
        return err_set(e, DK_EFORBIDDEN, "forbidden", "", "无权导出 (exporting needs the export permission)");
    struct tcol cols[MAX_COLS];
    char names[2 * SUMMARY_TABLES][160];
    struct table tables[SUMMARY_TABLES], *t = &tables[0];
    memset(tables, 0, sizeof tables);
    int ntables = 1;
    t->rows = json_array();
    t->colours = json_array();
    t->totals = 1;
    t->cols = cols;
    int rc;
    if (strcmp(what, "projects") == 0) {
        rc = build_projects(d, who, rq, t, cols, e);
    } else if (strcmp(what, "schedule") == 0) {
        rc = db_begin_read(d, e);
        if (rc == DK_OK) {
            rc = build_schedule(d, who, rq, t, names, e);
            db_rollback(d);
        }
    } else if (strcmp(what, "summary") == 0) {
        json_decref(t->rows);
        json_decref(t->colours);
        t->rows = t->colours = NULL; /* build_summary makes its own; a refusal leaves none to free */
        rc = build_summary(d, who, rq, tables, names, e);
        ntables = SUMMARY_TABLES;
    } else if (strcmp(what, "items") == 0) {
        rc = build_items(d, who, rq, t, cols, names, e);
    } else if (strcmp(what, "template") == 0) {
        const struct import_kind *k = import_kind_find(rq->kind ? rq->kind : "");
        if (!k) rc = err_set(e, DK_EINVAL, "invalid_parameter", "kind", "未知的导入类型 \"%.40s\" (unknown kind)", rq->kind ? rq->kind : "");
        else {
            t->ncols = kind_cols(k, cols);
            t->title = k->title;
            t->sheet = k->name;
            t->totals = 0;
            rc = DK_OK;
        }
    } else {
        rc = err_set(e, DK_EINVAL, "invalid_parameter", "what", "未知的导出内容 \"%.40s\"：应为 projects、schedule、summary、items 或 template", what);
    }
    if (rc == DK_OK) {
        rc = csv ? table_csv(tables, ntables, gb, out, len, e) : table_xlsx(tables, ntables, out, len, e);
        *content_type = csv ? (gb ? "text/csv; charset=gb18030" : "text/csv; charset=utf-8")
                            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        snprintf(file_name, n, "%s%s%s.%s", what, rq->kind ? "-" : "", rq->kind ? rq->kind : "", csv ? "csv" : "xlsx");
    }
    for (int i = 0; i < ntables; i++) {
        json_decref(tables[i].rows);
        json_decref(tables[i].colours);
    }
    return rc;
}
