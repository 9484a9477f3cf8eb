/*
 * plan_report.c — the plan reports (see plan_report.h), computed from the records: items are
 * read through the record engine so their status is the one every other face shows.
 */
#include "service/plan_report.h"
#include "service/kinds.h"
#include "service/refcheck.h"
#include "store/rows.h"
#include <stdio.h>
#include <string.h>

dk_date plan_report_default_as_of(int year)
{
    dk_date today = date_today();
    if (year && year < today.y) return (dk_date){year, 12, 31};
    return today;
}

static const char *const COUNTS[] = {"items", "done", "in_progress", "behind", "not_started", "overdue"};

static json_t *counts_new(void)
{
    json_t *o = json_object();
    for (int i = 0; i < 6; i++) json_object_set_new(o, COUNTS[i], json_integer(0));
    return o;
}

static void incr(json_t *o, const char *key, int64_t by)
{
    json_object_set_new(o, key, json_integer(json_integer_value(json_object_get(o, key)) + by));
}

/* Counts one item (its status and whether it is overdue) into o. */
static void count_item(json_t *o, json_t *item)
{
    incr(o, "items", 1);
    incr(o, json_string_value(json_object_get(item, "status")), 1);
    if (json_is_true(json_object_get(item, "overdue"))) incr(o, "overdue", 1);
}

/* The work plan of pairing code for year, within scope: its id (0 with e filled when none). */
static int64_t find_work_plan(db *d, const char *pairing, int year, int64_t scope, json_t **plan, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT w.id, w.title, w.year, p.code AS pairing, p.name AS pairing_name FROM work_plans w JOIN pairings p ON p.id = w.pairing_id "
                               "WHERE p.code = ? AND w.year = ? AND (? = 0 OR w.pairing_id = ?)", e);
    if (!s) return 0;
    db_bind_text(s, 1, pairing);
    db_bind_int64(s, 2, year);
    db_bind_int64(s, 3, scope);
    db_bind_int64(s, 4, scope);
    *plan = row_to_json(s, "年度工作计划", e);
    if (!*plan) {
        if (e->status == DK_ENOTFOUND)
            err_set(e, DK_ENOTFOUND, "not_found", "year", "%s 没有 %d 年度工作计划 (no work plan for that pairing and year)", pairing, year);
        return 0;
    }
    return json_integer_value(json_object_get(*plan, "id"));
}

/* Every item of work plan id at as_of, with status. */
static json_t *plan_items(db *d, int64_t plan, const dk_date *as_of, int64_t scope, dk_err *e)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)plan);
    struct rec_filter f = {"work_plan_id", id};
    int64_t total;
    return rec_list(d, &kind_work_items, &f, 1, scope, 1000000, 0, as_of, &total, e);
}

/* The units of a pairing as an object keyed by id: {"id","name","side"}. */
static json_t *units_by_id(db *d, int64_t pairing, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, name, side FROM units WHERE pairing_id = ? ORDER BY side, sort_order, id", e);
    if (!s) return NULL;
    db_bind_int64(s, 1, pairing);
    json_t *rows = rows_to_json(s, e), *map = json_object();
    size_t i;
    json_t *u;
    json_array_foreach(rows, i, u) {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(u, "id")));
        json_object_set(map, key, u);
    }
    json_decref(rows);
    return map;
}

static json_t *entry(json_t *index, json_t *list, const char *key, json_t *seed)
{
    json_t *o = json_object_get(index, key);
    if (o) {
        json_decref(seed);
        return o;
    }
    o = counts_new();
    json_object_update(o, seed);
    json_decref(seed);
    json_object_set_new(index, key, o);
    json_array_append(list, o);
    return o;
}

json_t *plan_report_progress(db *d, const char *pairing, int year, const dk_date *as_of, int64_t scope, dk_err *e)
{
    json_t *plan = NULL;
    int64_t plan_id = find_work_plan(d, pairing, year, scope, &plan, e);
    if (!plan_id) return NULL;
    json_t *items = plan_items(d, plan_id, as_of, scope, e);
    int64_t pairing_id = db_int64(d, "SELECT pairing_id FROM work_plans WHERE id = ?", 0, 1, plan_id);
    json_t *units = items ? units_by_id(d, pairing_id, e) : NULL;
    if (!units) {
        json_decref(items);
        json_decref(plan);
        return NULL;
    }
    json_t *totals = counts_new(), *domains = json_array(), *by_unit = json_array(), *di = json_object(), *ui = json_object(), *involved = json_object();
    size_t i, j;
    json_t *it, *co;
    json_array_foreach(items, i, it) {
        count_item(totals, it);
        json_t *dom = entry(di, domains, json_string_value(json_object_get(it, "domain")),
                            json_pack("{s:O, s:O}", "domain_id", json_object_get(it, "domain_id"), "name", json_object_get(it, "domain")));
        count_item(dom, it);
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(it, "lead_unit_id")));
        json_t *u = json_object_get(units, key);
        json_t *ue = entry(ui, by_unit, key, json_pack("{s:O, s:O, s:O, s:i}", "unit_id", json_object_get(u, "id"), "name", json_object_get(u, "name"),
                                                        "side", json_object_get(u, "side"), "co_items", 0));
        count_item(ue, it);
        json_object_set_new(involved, key, json_true());
        json_array_foreach(json_object_get(it, "co_unit_ids"), j, co) {
            snprintf(key, sizeof key, "%lld", (long long)json_integer_value(co));
            u = json_object_get(units, key);
            ue = entry(ui, by_unit, key, json_pack("{s:O, s:O, s:O, s:i}", "unit_id", json_object_get(u, "id"), "name", json_object_get(u, "name"),
                                                    "side", json_object_get(u, "side"), "co_items", 0));
            incr(ue, "co_items", 1);
            json_object_set_new(involved, key, json_true());
        }
    }
    char day[11];
    date_format(as_of, day);
    json_t *out = json_pack("{s:o, s:s, s:o, s:I, s:I, s:I, s:o, s:o}", "plan", plan, "as_of", day, "totals", totals, "domain_count",
                            (json_int_t)json_array_size(domains), "unit_count", (json_int_t)json_object_size(involved), "lead_unit_count",
                            (json_int_t)json_array_size(by_unit), "domains", domains, "units", by_unit);
    /* lead_unit_count above counts every unit with an entry; make it the leading ones only */
    int64_t leading = 0;
    json_array_foreach(by_unit, i, it) leading += json_integer_value(json_object_get(it, "items")) > 0;
    json_object_set_new(out, "lead_unit_count", json_integer(leading));
    json_decref(di);
    json_decref(ui);
    json_decref(involved);
    json_decref(units);
    json_decref(items);
    return out;
}

/* The fields of an item a list shows. */
static json_t *item_brief(json_t *it)
{
    json_t *o = json_object();
    static const char *const keys[] = {"id", "code", "title", "domain", "lead_unit", "due_date", "percent", "expected_percent", "status",
                                       "status_name", "workdays_left", "last_update", "escalation", "warning", "year", NULL};
    for (int i = 0; keys[i]; i++) json_object_set(o, keys[i], json_object_get(it, keys[i]));
    return o;
}

static int has_rule(json_t *item, const char *rule)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(json_object_get(item, "warning"), "reasons"), i, r) if (strcmp(json_string_value(json_object_get(r, "rule")), rule) == 0) return 1;
    return 0;
}

json_t *plan_report_todo(db *d, int64_t unit_id, const dk_date *as_of, int64_t scope, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT u.id, u.name, u.side, p.code AS pairing FROM units u JOIN pairings p ON p.id = u.pairing_id "
                               "WHERE u.id = ? AND (? = 0 OR u.pairing_id = ?)", e);
    if (!s) return NULL;
    db_bind_int64(s, 1, unit_id);
    db_bind_int64(s, 2, scope);
    db_bind_int64(s, 3, scope);
    json_t *unit = row_to_json(s, "单位", e);
    if (!unit) return NULL;
    /* the unit's items not carried on into a later plan (the later item stands for them) */
    s = db_prepare(d, "SELECT DISTINCT w.id FROM work_items w LEFT JOIN work_item_units c ON c.item_id = w.id "
                      "WHERE (w.lead_unit_id = ? OR c.unit_id = ?) AND w.start_date <= ? "
                      "AND NOT EXISTS (SELECT 1 FROM work_items n WHERE n.carried_from_id = w.id) ORDER BY w.id", e);
    json_t *ids = NULL;
    if (s) {
        char day[11];
        date_format(as_of, day);
        db_bind_int64(s, 1, unit_id);
        db_bind_int64(s, 2, unit_id);
        db_bind_text(s, 3, day);
        ids = rows_to_json(s, e);
    }
    if (!ids) {
        json_decref(unit);
        return NULL;
    }
    json_t *soon = json_array(), *overdue = json_array(), *awaiting = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(ids, i, row) {
        json_t *it = rec_get(d, &kind_work_items, json_integer_value(json_object_get(row, "id")), scope, as_of, e);
        if (!it) continue;
        if (strcmp(json_string_value(json_object_get(it, "status")), "done") == 0) {
            json_decref(it);
            continue;
        }
        if (json_is_true(json_object_get(it, "overdue"))) json_array_append_new(overdue, item_brief(it));
        else if (has_rule(it, "item_due_soon")) json_array_append_new(soon, item_brief(it));
        if (has_rule(it, "item_stale")) json_array_append_new(awaiting, item_brief(it));
        json_decref(it);
    }
    json_decref(ids);
    char day[11];
    date_format(as_of, day);
    return json_pack("{s:o, s:s, s:o, s:o, s:o}", "unit", unit, "as_of", day, "due_soon", soon, "overdue", overdue, "awaiting_update", awaiting);
}

/* The id of pairing code when the caller's scope holds it; else 0 with e filled. */
static int64_t scoped_pairing(db *d, const char *pairing, int64_t scope, dk_err *e)
{
    int64_t pid = ref_pairing(d, pairing, "pairing", e);
    if (pid && scope && pid != scope) {
        err_set(e, DK_ENOTFOUND, "not_found", "pairing", "对口合作关系 %s 不存在 (no such pairing)", pairing);
        return 0;
    }
    return pid;
}

json_t *plan_report_tasks(db *d, const char *pairing, int year, int64_t scope, dk_err *e)
{
    int64_t pid = scoped_pairing(d, pairing, scope, e);
    if (!pid) return NULL;
    db_stmt *s = db_prepare(d, "SELECT t.id, t.seq, t.title, a.seq AS area_seq, a.name AS area, "
                               "(SELECT COUNT(*) FROM work_item_tasks x JOIN work_items w ON w.id = x.item_id JOIN work_plans wp ON wp.id = w.work_plan_id "
                               " WHERE x.task_id = t.id AND wp.year = ?) AS items "
                               "FROM key_tasks t JOIN plan_areas a ON a.id = t.area_id WHERE t.pairing_id = ? ORDER BY a.seq, t.seq, t.id", e);
    if (!s) return NULL;
    db_bind_int64(s, 1, year);
    db_bind_int64(s, 2, pid);
    json_t *tasks = rows_to_json(s, e);
    if (!tasks) return NULL;
    json_t *uncovered = json_array();
    size_t i;
    json_t *t;
    int64_t covered = 0;
    json_array_foreach(tasks, i, t) {
        if (json_integer_value(json_object_get(t, "items")) > 0) covered++;
        else json_array_append(uncovered, t);
    }
    return json_pack("{s:s, s:i, s:I, s:I, s:o, s:o}", "pairing", pairing, "year", year, "task_count", (json_int_t)json_array_size(tasks),
                     "covered", (json_int_t)covered, "tasks", tasks, "uncovered", uncovered);
}

json_t *plan_report_indicators(db *d, const char *pairing, int64_t scope, dk_err *e)
{
    int64_t pid = scoped_pairing(d, pairing, scope, e);
    if (!pid) return NULL;
    db_stmt *s = db_prepare(d, "SELECT i.id, i.name, i.measure, i.baseline_milli, i.baseline_year, i.target_milli, i.target_year, i.higher_is_better, "
                               "t.seq AS task_seq, t.title AS task, "
                               "(SELECT a.period FROM indicator_actuals a WHERE a.indicator_id = i.id ORDER BY a.period DESC LIMIT 1) AS period, "
                               "(SELECT a.value_milli FROM indicator_actuals a WHERE a.indicator_id = i.id ORDER BY a.period DESC LIMIT 1) AS actual_milli "
                               "FROM indicators i JOIN key_tasks t ON t.id = i.task_id WHERE i.pairing_id = ? ORDER BY t.seq, i.id", e);
    if (!s) return NULL;
    db_bind_int64(s, 1, pid);
    json_t *rows = rows_to_json(s, e);
    if (!rows) return NULL;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        static const char *const dec[] = {"baseline", "target", "actual"};
        int64_t v[3];
        int has[3];
        for (int k = 0; k < 3; k++) {
            char col[24], buf[32];
            snprintf(col, sizeof col, "%s_milli", dec[k]);
            json_t *m = json_object_get(r, col);
            has[k] = json_is_integer(m);
            v[k] = has[k] ? json_integer_value(m) : 0;
            if (has[k]) rec_decimal_format(v[k], buf);
            json_object_set_new(r, dec[k], has[k] ? json_string(buf) : json_null());
            json_object_del(r, col);
        }
        json_object_set_new(r, "higher_is_better", json_boolean(json_integer_value(json_object_get(r, "higher_is_better"))));
        /* basis points of the way from the baseline to the target; exact integer arithmetic (the
         * values are within ±10^15 thousandths, so the product fits 128 bits, the result 64) */
        __int128 base = has[0] ? v[0] : 0, span = (__int128)v[1] - base;
        json_t *bp = json_null();
        if (has[2] && span != 0) bp = json_integer((json_int_t)(((__int128)v[2] - base) * 10000 / span));
        json_object_set_new(r, "progress_bp", bp);
        int64_t better = json_is_true(json_object_get(r, "higher_is_better")) ? v[2] - v[1] : v[1] - v[2];
        json_object_set_new(r, "target_met", has[2] ? json_boolean(better >= 0) : json_null());
    }
    return json_pack("{s:s, s:o}", "pairing", pairing, "indicators", rows);
}

/* Rows of sql (bound with the pairing id) within scope, wrapped with the pairing's code. */
static json_t *pairing_rows(db *d, const char *pairing, int64_t scope, const char *key, const char *sql, dk_err *e)
{
    int64_t pid = scoped_pairing(d, pairing, scope, e);
    if (!pid) return NULL;
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return NULL;
    db_bind_int64(s, 1, pid);
    json_t *rows = rows_to_json(s, e);
    return rows ? json_pack("{s:s, s:o}", "pairing", pairing, key, rows) : NULL;
}

json_t *plan_report_exchanges(db *d, const char *pairing, int64_t scope, dk_err *e)
{
    json_t *out = pairing_rows(d, pairing, scope, "rows",
                               "SELECT CAST(SUBSTR(start_date, 1, 4) AS BIGINT) AS year, kind, from_side, COUNT(*) AS people "
                               "FROM exchanges WHERE pairing_id = ? GROUP BY SUBSTR(start_date, 1, 4), kind, from_side ORDER BY 1, 2, 3", e);
    if (!out) return NULL;
    json_t *by_year = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(out, "rows"), i, r) {
        char y[16];
        snprintf(y, sizeof y, "%lld", (long long)json_integer_value(json_object_get(r, "year")));
        if (!json_object_get(by_year, y)) json_object_set_new(by_year, y, json_integer(0));
        incr(by_year, y, json_integer_value(json_object_get(r, "people")));
    }
    json_object_set_new(out, "people_by_year", by_year);
    return out;
}

json_t *plan_report_platforms(db *d, const char *pairing, int64_t scope, dk_err *e)
{
    return pairing_rows(d, pairing, scope, "platforms",
                        "SELECT f.id, f.name, f.kind, f.host_region, f.opening_date, "
                        "(SELECT COUNT(*) FROM projects p WHERE p.platform_id = f.id) AS project_count, "
                        "(SELECT COALESCE(SUM(p.planned_investment), 0) FROM projects p WHERE p.platform_id = f.id) AS planned_investment, "
                        "(SELECT COALESCE(SUM(r.amount), 0) FROM progress_reports r JOIN projects p ON p.id = r.project_id WHERE p.platform_id = f.id) "
                        "AS completed_investment FROM platforms f WHERE f.pairing_id = ? ORDER BY f.opening_date IS NULL, f.opening_date, f.id", e);
}
