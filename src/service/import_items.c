/*
 * import_items.c — the annual work plan's ledger (年度工作计划台账) as an import kind: one row
 * an item, upserted by 事项编号 within the pairing. The plan of the row's year and its domain
 * are made when missing; units are named as offices write them (several co-units in one cell,
 * separated by 、，, ；or spaces); a 完成进度 that differs from the item's becomes a dated
 * progress update. Everything goes through the record engine and the item service, so the
 * office-only and unit rules apply per row.
 */
#include "service/import_items.h"
#include "service/kinds.h"
#include "service/workitems.h"
#include "util/jsonin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H(...) (const char *const[]){__VA_ARGS__, NULL}

const struct ledger_col import_item_cols[] = {
    {"code", H("事项编号", "编号", "序号编码", "事项代码"), COL_TEXT, 1, 14},
    {"year", H("计划年度", "年度", "年份"), COL_INT, 1, 8},
    {"pairing", H("对口合作关系", "对口关系", "合作关系"), COL_TEXT, 0, 12},
    {"domain", H("领域", "合作领域", "工作领域", "所属领域"), COL_TEXT, 1, 12},
    {"title", H("事项名称", "重点合作事项", "工作事项", "合作事项", "事项"), COL_TEXT, 1, 30},
    {"content", H("工作内容", "主要内容", "具体内容", "工作任务"), COL_TEXT, 0, 30},
    {"lead_unit", H("牵头单位", "责任单位", "牵头部门"), COL_TEXT, 1, 20},
    {"co_units", H("配合单位", "协办单位", "配合部门", "参与单位"), COL_TEXT, 0, 24},
    {"start_date", H("开始时间", "开始日期", "启动时间"), COL_DATE, 0, 12},
    {"due_date", H("完成时限", "完成时间", "截止时间", "截止日期"), COL_DATE, 1, 12},
    {"percent", H("完成进度（%）", "完成进度", "完成百分比", "进度"), COL_TEXT, 0, 10},
    {"update_date", H("进展日期", "填报日期", "更新日期"), COL_DATE, 0, 12},
    {"note", H("进展情况", "工作进展", "进展"), COL_TEXT, 0, 30},
    {NULL, NULL, COL_TEXT, 0, 0},
};

/* "60", "60%", "６０％", "0.6" (a cell formatted as a percentage) → 0..100; -1 when not one. */
static int parse_percent(const char *t)
{
    char buf[32];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)t; *p && n < sizeof buf - 1; p++) {
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) { /* full-width digit */
            buf[n++] = (char)('0' + (p[2] - 0x90));
            p += 2;
        } else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x85) { /* ％ */
            p += 2;
        } else if (*p != '%' && *p != ' ') {
            buf[n++] = (char)*p;
        }
    }
    buf[n] = '\0';
    int64_t milli;
    if (rec_decimal_parse(buf, &milli) != 0 || milli < 0) return -1;
    if (strchr(buf, '.') && milli <= 1000) milli *= 100; /* 0.6 → 60% */
    if (milli % 1000 || milli > 100000) return -1;
    return (int)(milli / 1000);
}

/* The record engine names fields by column (lead_unit_id); the report names the ledger's. */
static int as_column(int rc, dk_err *e)
{
    static const char *const map[][2] = {{"lead_unit_id", "lead_unit"}, {"co_unit_ids", "co_units"}, {"domain_id", "domain"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(e->field, map[i][0]) == 0) snprintf(e->field, sizeof e->field, "%s", map[i][1]);
    return rc;
}

/* The id of the record kind k whose `col` = value within scope, made from body when missing. */
static int find_or_make(db *d, const struct actor *who, const char *sql, int64_t a, const char *b, const struct rec_kind *k, json_t *body,
                        int64_t *id, dk_err *e)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) {
        json_decref(body);
        return e->status;
    }
    db_bind_int64(s, 1, a);
    if (b) db_bind_text(s, 2, b);
    else db_bind_int64(s, 2, json_integer_value(json_object_get(body, "year")));
    int rc = db_step(s, e);
    *id = rc == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    if (rc < 0 || *id) {
        json_decref(body);
        return rc < 0 ? rc : DK_OK;
    }
    rc = rec_create(d, k, who, body, id, e);
    json_decref(body);
    return rc;
}

/* Co-units as ids: the names in one cell, split at 、，,；; and spaces. */
static int co_unit_ids(db *d, const char *cell, int64_t pairing, json_t *ids, dk_err *e)
{
    static const char *const seps[] = {"、", "，", "；", ",", ";", " ", "\u3000", "/"};
    char *buf = strdup(cell ? cell : "");
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
        size_t n = strlen(seps[i]);
        for (char *p = strstr(buf, seps[i]); p; p = strstr(p + n, seps[i])) memset(p, '\n', n);
    }
    int rc = DK_OK;
    for (char *save = NULL, *name = strtok_r(buf, "\n", &save); name && rc == DK_OK; name = strtok_r(NULL, "\n", &save)) {
        int64_t id;
        if ((rc = import_unit(d, name, pairing, &id, e)) != DK_OK) snprintf(e->field, sizeof e->field, "co_units");
        else {
            int dup = 0;
            size_t i;
            json_t *x;
            json_array_foreach(ids, i, x) dup |= json_integer_value(x) == id;
            if (!dup) json_array_append_new(ids, json_integer(id));
        }
    }
    free(buf);
    return rc;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = json_integer_value(*(json_t *const *)a), y = json_integer_value(*(json_t *const *)b);
    return (x > y) - (x < y);
}

/* 1 when the two id arrays hold the same ids, in any order. */
static int same_ids(json_t *a, json_t *b)
{
    size_t n = json_array_size(a);
    if (n != json_array_size(b)) return 0;
    json_t **x = calloc(n + 1, sizeof *x), **y = calloc(n + 1, sizeof *y);
    for (size_t i = 0; i < n; i++) {
        x[i] = json_array_get(a, i);
        y[i] = json_array_get(b, i);
    }
    qsort(x, n, sizeof *x, cmp_id);
    qsort(y, n, sizeof *y, cmp_id);
    int same = 1;
    for (size_t i = 0; i < n; i++) same &= json_integer_value(x[i]) == json_integer_value(y[i]);
    free(x);
    free(y);
    return same;
}

/* Reports a differing percent as a dated update (a note is then needed). */
static int apply_percent(db *d, const struct actor *who, json_t *row, int64_t id, int current, enum import_outcome *out, json_t *changes, dk_err *e)
{
    const char *pt = json_text(row, "percent");
    if (!pt) return DK_OK;
    int pct = parse_percent(pt);
    if (pct < 0) return err_set(e, DK_EINVAL, "invalid_field", "percent", "完成进度应为 0–100 的整数或百分比，如 60 或 60%% (a percent 0–100)");
    if (pct == current) return DK_OK;
    if (!json_text(row, "note")) return err_set(e, DK_EINVAL, "missing_field", "note", "填写完成进度时须填写进展情况 (a progress note is needed with the percent)");
    json_t *u = json_pack("{s:i, s:s}", "percent", pct, "note", json_text(row, "note"));
    if (json_text(row, "update_date")) json_object_set_new(u, "update_date", json_string(json_text(row, "update_date")));
    int64_t up;
    int rc = workitems_report(d, who, id, u, &up, e);
    json_decref(u);
    if (rc != DK_OK) return rc;
    json_object_set_new(changes, "percent", json_integer(pct));
    if (*out == IMPORT_UNCHANGED) *out = IMPORT_CHANGED;
    return DK_OK;
}

int import_apply_item(db *d, const struct actor *who, json_t *row, enum import_outcome *out, json_t **changes, dk_err *e)
{
    int64_t pairing_id = who->pairing_id, year = json_integer_value(json_object_get(row, "year"));
    char pairing[64] = "";
    int rc;
    const char *ptext = json_text(row, "pairing");
    if (ptext) {
        if ((rc = import_pairing(d, ptext, &pairing_id, pairing, sizeof pairing, e)) != DK_OK) return rc;
        if (who->pairing_id && pairing_id != who->pairing_id) return import_pairing(d, "", &pairing_id, pairing, 1, e);
    } else if (!pairing_id) {
        return err_set(e, DK_EINVAL, "missing_field", "pairing", "缺少对口合作关系列 (the pairing is needed)");
    } else if ((rc = import_pairing_code(d, pairing_id, pairing, sizeof pairing, e)) != DK_OK) {
        return rc;
    }
    if (year < 1990 || year > 2100) return err_set(e, DK_EINVAL, "invalid_field", "year", "计划年度无效 (invalid year)");
    char title[64], start[11];
    snprintf(title, sizeof title, "%lld年工作计划", (long long)year);
    snprintf(start, sizeof start, "%04d-01-01", (int)year);
    int64_t plan, domain, lead;
    if ((rc = find_or_make(d, who, "SELECT id FROM work_plans WHERE pairing_id = ? AND year = ?", pairing_id, NULL, &kind_work_plans,
                           json_pack("{s:s, s:I, s:s}", "pairing", pairing, "year", (json_int_t)year, "title", title), &plan, e)) != DK_OK)
        return as_column(rc, e);
    int64_t seq = db_int64(d, "SELECT COALESCE(MAX(seq), 0) + 1 FROM plan_domains WHERE work_plan_id = ?", 1, 1, plan);
    if ((rc = find_or_make(d, who, "SELECT id FROM plan_domains WHERE work_plan_id = ? AND name = ?", plan, json_text(row, "domain"),
                           &kind_plan_domains, json_pack("{s:I, s:I, s:s}", "work_plan_id", (json_int_t)plan, "seq", (json_int_t)(seq > 99 ? 99 : seq), "name",
                                                         json_text(row, "domain")),
                           &domain, e)) != DK_OK) {
        if (!strcmp(e->field, "name")) snprintf(e->field, sizeof e->field, "domain");
        return as_column(rc, e);
    }
    if ((rc = import_unit(d, json_text(row, "lead_unit"), pairing_id, &lead, e)) != DK_OK) {
        snprintf(e->field, sizeof e->field, "lead_unit");
        return rc;
    }
    /* only the columns the sheet has: a ledger without 工作内容 leaves the content alone */
    json_t *body = json_pack("{s:s, s:I, s:s}", "title", json_text(row, "title"), "lead_unit_id", (json_int_t)lead, "due_date", json_text(row, "due_date"));
    if (json_object_get(row, "content")) json_object_set_new(body, "content", json_text(row, "content") ? json_string(json_text(row, "content")) : json_null());
    if (json_object_get(row, "start_date") && json_text(row, "start_date")) json_object_set_new(body, "start_date", json_string(json_text(row, "start_date")));
    if (json_object_get(row, "co_units")) {
        json_object_set_new(body, "co_unit_ids", json_array());
        if ((rc = co_unit_ids(d, json_text(row, "co_units"), pairing_id, json_object_get(body, "co_unit_ids"), e)) != DK_OK) {
            json_decref(body);
            return rc;
        }
    }
    db_stmt *s = db_prepare(d, "SELECT id FROM work_items WHERE pairing_id = ? AND code = ?", e);
    if (!s) {
        json_decref(body);
        return e->status;
    }
    db_bind_int64(s, 1, pairing_id);
    db_bind_text(s, 2, json_text(row, "code"));
    rc = db_step(s, e);
    int64_t id = rc == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    int current = 0;
    if (rc < 0) {
        json_decref(body);
        return rc;
    }
    if (!id) {
        if (!json_object_get(body, "start_date")) json_object_set_new(body, "start_date", json_string(start));
        json_object_set_new(body, "domain_id", json_integer(domain));
        json_object_set_new(body, "code", json_string(json_text(row, "code")));
        if ((rc = rec_create(d, &kind_work_items, who, body, &id, e)) != DK_OK) {
            json_decref(body);
            return as_column(rc, e);
        }
        *out = IMPORT_ADDED;
    } else {
        json_t *cur = rec_get(d, &kind_work_items, id, who->pairing_id, NULL, e);
        if (!cur) {
            json_decref(body);
            return e->status;
        }
        current = (int)json_integer_value(json_object_get(cur, "percent"));
        if (json_integer_value(json_object_get(cur, "domain_id")) != domain) {
            json_decref(cur);
            json_decref(body);
            return err_set(e, DK_ERULE, "fixed_field", "domain", "事项 %.64s 属于领域“%.60s”，不能由导入改到其他领域 (an item keeps its domain)",
                           json_text(row, "code"), json_string_value(json_object_get(cur, "domain")));
        }
        json_t *patch = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(body, key, v) {
            json_t *now = json_object_get(cur, key);
            int same = strcmp(key, "co_unit_ids") == 0 ? same_ids(v, now) : json_equal(v, now ? now : json_null()) || (json_is_null(v) && !now);
            if (!same) json_object_set(patch, key, v);
        }
        json_decref(cur);
        *out = IMPORT_UNCHANGED;
        if (json_object_size(patch) > 0) {
            rc = rec_update(d, &kind_work_items, who, id, 0, patch, e);
            if (rc != DK_OK) {
                json_decref(patch);
                json_decref(body);
                return as_column(rc, e);
            }
            *out = IMPORT_CHANGED;
        }
        json_decref(body);
        body = patch;
    }
    json_object_set_new(body, "code", json_string(json_text(row, "code")));
    if ((rc = apply_percent(d, who, row, id, current, out, body, e)) != DK_OK) {
        json_decref(body);
        return rc;
    }
    *changes = body;
    return DK_OK;
}
