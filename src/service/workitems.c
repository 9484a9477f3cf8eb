/*
 * workitems.c — the work-plan item kind and its own operations (see workitems.h).
 */
#include "service/workitems.h"
#include "service/calendar.h"
#include "service/kinds.h"
#include "service/warnings.h"
#include "store/audit.h"
#include "store/rows.h"
#include "store/search_index.h"
#include "util/jsonin.h"
#include "util/xmalloc.h"
#include <string.h>

static const struct rec_field ITEM_FIELDS[] = {
    FLD_REF("domain_id", "工作领域", RF_REQUIRED | RF_PARENT, "plan_domains"),
    FLD_REF("work_plan_id", "年度工作计划", RF_DERIVED, "work_plans"),
    FLD_TEXT("code", "事项编号", RF_REQUIRED | RF_FIXED, 64),
    FLD_TEXT("title", "事项名称", RF_REQUIRED, 300),
    FLD_TEXT("content", "工作内容", 0, 4000),
    FLD_REF("lead_unit_id", "牵头单位", RF_REQUIRED, "units"),
    FLD_IDS("co_unit_ids", "配合单位", "units", "work_item_units", "item_id", "unit_id"),
    FLD_IDS("key_task_ids", "对应重点任务", "key_tasks", "work_item_tasks", "item_id", "task_id"),
    FLD_DATE("start_date", "开始日期", RF_REQUIRED),
    FLD_DATE("due_date", "完成时限", RF_REQUIRED),
    FLD_INT("percent", "完成百分比", RF_DERIVED, 0, 100),
    FLD_DATE("last_update", "最近进展日期", RF_DERIVED),
    FLD_ENUM("escalation", "督办级别", RF_DERIVED, item_escalation_levels),
    FLD_REF("carried_from_id", "上年结转事项", RF_DERIVED, "work_items"),
    FLD_REF("meeting_id", "来源会议", RF_FIXED, "meetings"),
    FLD_INT("decision_seq", "会议议定事项序号", RF_FIXED, 1, 500),
    FLD_END,
};
static const char *const ITEM_FILTERS[] = {"work_plan_id", "domain_id", "lead_unit_id", "escalation", NULL};

int workitems_rules(db *d, struct item_rules *r, dk_err *e)
{
    struct warning_rules all;
    int rc = warnings_load(d, &all, e);
    memset(r, 0, sizeof *r);
    for (int i = 0; i < all.n; i++) {
        const struct warning_rule *w = &all.r[i];
        if (strcmp(w->code, "item_due_soon") == 0) {
            r->due_soon_yellow = w->yellow_at;
            r->due_soon_red = w->red_at;
            r->due_soon_on = w->enabled;
        } else if (strcmp(w->code, "item_behind") == 0) {
            r->behind_yellow = w->yellow_at;
            r->behind_red = w->red_at;
            r->behind_on = w->enabled;
        } else if (strcmp(w->code, "item_stale") == 0) {
            r->stale_yellow = w->yellow_at;
            r->stale_red = w->red_at;
            r->stale_on = w->enabled;
        }
    }
    return rc;
}

/* Dates in order; the domain gives the plan; a decision named exists in its meeting. */
static int item_check(db *d, const struct actor *who, json_t *rec, int creating, dk_err *e)
{
    const char *start = json_string_value(json_object_get(rec, "start_date"));
    const char *due = json_string_value(json_object_get(rec, "due_date"));
    if (start && due && strcmp(due, start) < 0)
        return err_set(e, DK_ERULE, "due_before_start", "due_date", "完成时限 %s 早于开始日期 %s (due before start)", due, start);
    if (creating) {
        int64_t plan = db_int64(d, "SELECT work_plan_id FROM plan_domains WHERE id = ?", 0, 1,
                                json_integer_value(json_object_get(rec, "domain_id")));
        json_object_set_new(rec, "work_plan_id", json_integer(plan));
        json_t *m = json_object_get(rec, "meeting_id"), *q = json_object_get(rec, "decision_seq");
        if (json_is_integer(q) && !json_is_integer(m))
            return err_set(e, DK_EINVAL, "missing_field", "meeting_id", "给出议定事项序号时须同时给出来源会议 meeting_id (required with decision_seq)");
        if (json_is_integer(q) &&
            !db_int64(d, "SELECT COUNT(*) FROM meeting_decisions WHERE meeting_id = ? AND seq = ?", 0, 2, json_integer_value(m), json_integer_value(q)))
            return err_set(e, DK_ERULE, "unknown_reference", "decision_seq", "会议 %lld 没有第 %lld 项议定事项 (no such decision)",
                           (long long)json_integer_value(m), (long long)json_integer_value(q));
    }
    return DK_OK;
}

/* A page of items being decorated: each item's record and the facts its status is judged on. */
struct page_item {
    json_t *rec;
    struct item_facts f;
    int as_of_pending; /* updated after as_of: its latest update on or before as_of not yet read */
};
struct item_page {
    struct page_item *it;
    size_t n;
    const int64_t *ids; /* the items' ids, in the page's order */
    int64_t *later; /* the ids of the items updated after as_of, n_later of them */
    size_t *at;     /* their places in it[] */
    size_t n_later;
};

/* Reads the facts of each item of recs (ids: theirs) at as_of into a new page pg (free with
 * page_free). */
static int page_read(json_t *recs, const int64_t *ids, const dk_date *as_of, struct item_page *pg, dk_err *e)
{
    size_t n = json_array_size(recs), i;
    json_t *rec;
    *pg = (struct item_page){xcalloc(n + 1, sizeof(struct page_item)), n, ids, xmalloc(sizeof(int64_t) * (n + 1)),
                             xmalloc(sizeof(size_t) * (n + 1)), 0};
    json_array_foreach(recs, i, rec) {
        struct page_item *p = &pg->it[i];
        p->rec = rec;
        p->f.as_of = *as_of;
        p->f.percent = (int)json_integer_value(json_object_get(rec, "percent"));
        if (!date_parse(json_string_value(json_object_get(rec, "start_date")), &p->f.start) ||
            !date_parse(json_string_value(json_object_get(rec, "due_date")), &p->f.due))
            return err_set(e, DK_EINTERNAL, "bad_record", "", "工作事项日期损坏 (stored dates unreadable)");
        p->f.has_update = date_parse(json_string_value(json_object_get(rec, "last_update")), &p->f.last_update);
        p->as_of_pending = p->f.has_update && date_to_days(&p->f.last_update) > date_to_days(as_of);
        if (p->as_of_pending) {
            pg->later[pg->n_later] = pg->ids[i];
            pg->at[pg->n_later++] = i;
        }
    }
    return DK_OK;
}

static void page_free(struct item_page *pg)
{
    free(pg->it);
    free(pg->later);
    free(pg->at);
}

/* The newest update on or before as_of of an item updated since (rows newest first per item). */
static void as_of_row(db_stmt *s, size_t i, void *arg)
{
    struct item_page *pg = arg;
    struct page_item *p = &pg->it[pg->at[i]];
    if (!p->as_of_pending) return;
    p->as_of_pending = 0;
    p->f.percent = (int)db_col_int64(s, 1);
    p->f.has_update = date_parse(db_col_text(s, 2), &p->f.last_update);
    json_object_set_new(p->rec, "percent", json_integer(p->f.percent));
    json_object_set_new(p->rec, "last_update", json_string(db_col_text(s, 2)));
}

/* The items updated after as_of as they stood then: the percent and date of their latest
 * update on or before as_of (none: 0%, no update), in their facts and records. */
static int page_as_of(db *d, struct item_page *pg, const dk_date *as_of, dk_err *e)
{
    char day[11];
    date_format(as_of, day);
    for (size_t i = 0; i < pg->n_later; i++) {
        struct page_item *p = &pg->it[pg->at[i]];
        p->f.percent = 0;
        p->f.has_update = 0;
        json_object_set_new(p->rec, "percent", json_integer(0));
        json_object_set_new(p->rec, "last_update", json_null());
    }
    return rows_by_ids(d, "SELECT item_id, percent, update_date FROM work_item_updates WHERE item_id IN (" ROWS_CHUNK_MARKS ") "
                          "AND update_date <= ? ORDER BY item_id, update_date DESC, id DESC", pg->later, pg->n_later, day, as_of_row, pg, e);
}

/* Status, expected percent, warning of each item, judged by rules and the working days of cal. */
static void page_evaluate(struct item_page *pg, const struct item_rules *rules, const struct workcal *cal)
{
    for (size_t i = 0; i < pg->n; i++) {
        json_t *rec = pg->it[i].rec;
        struct item_eval ev;
        item_evaluate(rules, cal, &pg->it[i].f, &ev);
        const char *esc = json_string_value(json_object_get(rec, "escalation"));
        json_object_set_new(rec, "status", json_string(item_status_code(ev.status)));
        json_object_set_new(rec, "status_name", json_string(item_status_name(ev.status)));
        json_object_set_new(rec, "expected_percent", json_integer(ev.expected));
        json_object_set_new(rec, "overdue", json_boolean(ev.overdue));
        json_object_set_new(rec, "workdays_left", json_integer(ev.workdays_left));
        json_object_set_new(rec, "escalation_name", json_string(item_escalation_name(esc ? esc : "none")));
        json_object_set_new(rec, "warning", warning_result_json(&ev.warn));
    }
}

/* Judges the items with the item rules and the working-day calendar from the earliest to the
 * latest of as_of and their due dates (each item counts the working days of its own span). */
static int page_judge(db *d, struct item_page *pg, const dk_date *as_of, dk_err *e)
{
    int64_t lo = date_to_days(as_of), hi = lo;
    for (size_t i = 0; i < pg->n; i++) {
        int64_t due = date_to_days(&pg->it[i].f.due);
        if (due < lo) lo = due;
        if (due > hi) hi = due;
    }
    struct item_rules rules;
    struct workcal cal;
    int rc = workitems_rules(d, &rules, e);
    if (rc != DK_OK || (rc = calendar_load(d, lo, hi, &cal, e)) != DK_OK) return rc;
    page_evaluate(pg, &rules, &cal);
    workcal_free(&cal);
    return DK_OK;
}

/* An item's names (lead unit, domain), its plan's year and the item it was carried on into. */
static void names_row(db_stmt *s, size_t i, void *arg)
{
    json_t *rec = ((struct item_page *)arg)->it[i].rec;
    json_object_set_new(rec, "lead_unit", json_string(db_col_text(s, 1)));
    json_object_set_new(rec, "domain", json_string(db_col_text(s, 2)));
    json_object_set_new(rec, "year", json_integer(db_col_int64(s, 3)));
    json_object_set_new(rec, "carried_to_id", db_col_is_null(s, 4) ? json_null() : json_integer(db_col_int64(s, 4)));
}

/* Status, expected percent, warning, names: what a reader of an item needs beside its fields,
 * for a page of items at once — a few statements per 32 items (as_of: the day they are judged
 * at; an item updated since shows its percent as it was then). */
static int items_decorate(db *d, json_t *recs, const int64_t *ids, const dk_date *as_of, dk_err *e)
{
    struct item_page pg;
    int rc = page_read(recs, ids, as_of, &pg, e);
    if (rc == DK_OK && pg.n_later) rc = page_as_of(d, &pg, as_of, e);
    if (rc == DK_OK) rc = page_judge(d, &pg, as_of, e);
    if (rc == DK_OK)
        rc = rows_by_ids(d, "SELECT w.id, u.name, dm.name, wp.year, (SELECT MIN(c.id) FROM work_items c WHERE c.carried_from_id = w.id) "
                            "FROM work_items w JOIN units u ON u.id = w.lead_unit_id JOIN plan_domains dm ON dm.id = w.domain_id "
                            "JOIN work_plans wp ON wp.id = w.work_plan_id WHERE w.id IN (" ROWS_CHUNK_MARKS ")",
                         pg.ids, pg.n, NULL, names_row, &pg, e);
    page_free(&pg);
    return rc;
}

/* An item carried on into a later plan is history: the later item is the one to work on. */
static int not_carried(json_t *item, dk_err *e)
{
    json_t *to = json_object_get(item, "carried_to_id");
    if (!json_is_integer(to)) return DK_OK;
    return err_set(e, DK_ECONFLICT, "carried_over", "id", "事项已结转为事项 %lld，请在结转后的事项上继续 (carried over: continue on item %lld)",
                   (long long)json_integer_value(to), (long long)json_integer_value(to));
}

/* Offices change items, never one already carried over. */
static int item_may_write(db *d, const struct actor *who, json_t *rec, dk_err *e)
{
    int rc = not_carried(rec, e);
    return rc != DK_OK ? rc : rec_office_may(who, rec_pairing(rec), e);
}

const struct rec_kind kind_work_items = {"work-items", "work_items", "work_item", "工作事项", ITEM_FIELDS, "t.work_plan_id, t.domain_id, t.code",
                                         ITEM_FILTERS, 1, item_check, items_decorate, item_may_write};

/* The lead unit, a co-unit (its unit account), a partner office for its side's units, or an
 * office may report on an item. */
static int may_report(db *d, const struct actor *who, json_t *item, dk_err *e)
{
    int64_t pairing = rec_pairing(item), id = json_integer_value(json_object_get(item, "id"));
    int64_t lead = json_integer_value(json_object_get(item, "lead_unit_id"));
    if (!actor_in_scope(who, pairing) || !role_allows(who->role, PERM_WRITE)) goto refuse;
    int rc = not_carried(item, e);
    if (rc != DK_OK) return rc;
    if (role_allows(who->role, PERM_OFFICE)) return DK_OK;
    if (who->role == ROLE_UNIT) {
        if (who->unit_id == lead || db_int64(d, "SELECT COUNT(*) FROM work_item_units WHERE item_id = ? AND unit_id = ?", 0, 2, id, who->unit_id))
            return DK_OK;
    } else if (who->role == ROLE_PARTNER) {
        db_stmt *s = db_prepare(d, "SELECT side FROM units WHERE id = ?", e);
        if (!s) return e->status;
        db_bind_int64(s, 1, lead);
        int ok = db_step(s, NULL) == DB_ROW && strcmp(db_col_text(s, 0), who->side ? who->side : "partner") == 0;
        db_done(s);
        if (ok) return DK_OK;
    }
refuse:
    return err_set(e, DK_EFORBIDDEN, "forbidden", "", "只有事项的牵头单位、配合单位或合作办可以报送进展 (not responsible for this item)");
}

/* An item's may_write for reports: the record engine's change helpers with may_report. */
static const struct rec_kind kind_item_report = {"work-items", "work_items", "work_item", "工作事项", ITEM_FIELDS, "t.id", NULL, 1, NULL,
                                                 items_decorate, may_report};

int workitems_report(db *d, const struct actor *who, int64_t id, json_t *body, int64_t *id_out, dk_err *e)
{
    static const char *const text[] = {"update_date", "note", NULL}, *const other[] = {"percent", NULL};
    int rc = json_check_fields(body, text, other, e);
    if (rc != DK_OK) return rc;
    const char *date = json_text(body, "update_date"), *note = json_text(body, "note");
    json_t *pv = json_object_get(body, "percent");
    dk_date dd, today = date_today();
    if (!pv) return err_set(e, DK_EINVAL, "missing_field", "percent", "缺少完成百分比 percent (required)");
    if (!json_is_integer(pv) || json_integer_value(pv) < 0 || json_integer_value(pv) > 100)
        return err_set(e, DK_EINVAL, "out_of_range", "percent", "完成百分比 percent 应为 0–100 的整数 (an integer 0–100)");
    if (!note) return err_set(e, DK_EINVAL, "missing_field", "note", "缺少进展情况 note (required)");
    if (strlen(note) > 4000) return err_set(e, DK_EINVAL, "too_long", "note", "进展情况过长，最多 4000 字节 (too long)");
    if (date && !date_parse(date, &dd)) return err_set(e, DK_EINVAL, "invalid_field", "update_date", "日期应为 YYYY-MM-DD (must be a date)");
    if (!date) dd = today;
    if (date_to_days(&dd) > date_to_days(&today))
        return err_set(e, DK_ERULE, "future_date", "update_date", "进展日期晚于今天 (date is in the future)");
    char day[11], now[21];
    date_format(&dd, day);
    time_now_iso(now);
    json_t *before;
    if ((rc = rec_begin_change(d, &kind_item_report, who, id, 0, &before, e)) != DK_OK) return rc;
    if (strcmp(day, json_string_value(json_object_get(before, "start_date"))) < 0) {
        json_decref(before);
        db_rollback(d);
        return err_set(e, DK_ERULE, "before_start", "update_date", "进展日期早于事项开始日期 (before the item starts)");
    }
    db_stmt *s = db_prepare(d, "INSERT INTO work_item_updates (pairing_id, item_id, update_date, percent, note, unit_id, reported_by, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
    rc = s ? DK_OK : e->status;
    if (s) {
        db_bind_int64(s, 1, rec_pairing(before));
        db_bind_int64(s, 2, id);
        db_bind_text(s, 3, day);
        db_bind_int64(s, 4, json_integer_value(pv));
        db_bind_text(s, 5, note);
        if (who->role == ROLE_UNIT) db_bind_int64(s, 6, who->unit_id);
        else db_bind_null(s, 6);
        db_bind_text(s, 7, who->name);
        db_bind_text(s, 8, now);
        rc = db_step(s, e);
        *id_out = rc == DB_ROW ? db_col_int64(s, 0) : 0;
        db_done(s);
    }
    /* the item shows its latest-dated update (the last written among the same date) */
    if (rc == DB_ROW &&
        (s = db_prepare(d, "UPDATE work_items SET percent = (SELECT percent FROM work_item_updates WHERE item_id = ? ORDER BY update_date DESC, id DESC LIMIT 1), "
                           "last_update = (SELECT MAX(update_date) FROM work_item_updates WHERE item_id = ?), version = version + 1, updated_at = ? WHERE id = ?",
                        e)) != NULL) {
        db_bind_int64(s, 1, id);
        db_bind_int64(s, 2, id);
        db_bind_text(s, 3, now);
        db_bind_int64(s, 4, id);
        rc = db_step(s, e);
        db_done(s);
    } else if (rc == DB_ROW) rc = e->status;
    if (rc >= 0) rc = search_index_put(d, "item_update", *id_out, e);
    if (rc < 0) {
        json_decref(before);
        db_rollback(d);
        return rc;
    }
    return rec_finish(d, &kind_work_items, who, "progress", id, body, before, e);
}

json_t *workitems_updates(db *d, int64_t id, int64_t scope, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT u.id, u.update_date, u.percent, u.note, u.unit_id, n.name AS unit, u.reported_by, u.created_at "
                               "FROM work_item_updates u LEFT JOIN units n ON n.id = u.unit_id WHERE u.item_id = ? AND (? = 0 OR u.pairing_id = ?) "
                               "ORDER BY u.update_date DESC, u.id DESC", e);
    if (!s) return NULL;
    db_bind_int64(s, 1, id);
    db_bind_int64(s, 2, scope);
    db_bind_int64(s, 3, scope);
    return rows_to_json(s, e);
}

json_t *workitems_update_get(db *d, int64_t id, int64_t scope, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT u.id, u.item_id, w.code AS item_code, w.title AS item_title, u.update_date, u.percent, u.note, u.unit_id, "
                               "n.name AS unit, u.reported_by, u.created_at FROM work_item_updates u JOIN work_items w ON w.id = u.item_id "
                               "LEFT JOIN units n ON n.id = u.unit_id WHERE u.id = ? AND (? = 0 OR u.pairing_id = ?)", e);
    if (!s) return NULL;
    db_bind_int64(s, 1, id);
    db_bind_int64(s, 2, scope);
    db_bind_int64(s, 3, scope);
    json_t *r = row_to_json(s, "事项进展", e);
    if (!r && e->status == DK_ENOTFOUND) err_set(e, DK_ENOTFOUND, "not_found", "id", "事项进展 %lld 不存在 (no such update)", (long long)id);
    return r;
}

int workitems_escalate(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e)
{
    static const char *const text[] = {"level", "reason", NULL};
    int rc = json_check_fields(body, text, NULL, e);
    if (rc != DK_OK) return rc;
    const char *level = json_text(body, "level"), *reason = json_text(body, "reason");
    if (!level) return err_set(e, DK_EINVAL, "missing_field", "level", "缺少督办级别 level：reminder 提醒、talk 约谈或 supervision 督办 (required)");
    int rank = item_escalation_rank(level);
    if (rank <= 0) return err_set(e, DK_EINVAL, "invalid_field", "level", "level 应为 reminder、talk 或 supervision (提醒、约谈、督办)");
    if (!reason) return err_set(e, DK_EINVAL, "missing_field", "reason", "缺少督办理由 reason (required)");
    if (strlen(reason) > 2000) return err_set(e, DK_EINVAL, "too_long", "reason", "督办理由过长 (too long)");
    json_t *before;
    if ((rc = rec_begin_change(d, &kind_work_items, who, id, if_match, &before, e)) != DK_OK) return rc;
    const char *cur = json_string_value(json_object_get(before, "escalation"));
    if (rank <= item_escalation_rank(cur ? cur : "none")) {
        rc = err_set(e, DK_ERULE, "not_higher", "level", "督办级别只能逐步提高：当前为%s (can only be raised; now %s)", item_escalation_name(cur),
                     cur);
    } else if (strcmp(json_string_value(json_object_get(before, "status")), "done") == 0) {
        rc = err_set(e, DK_ERULE, "already_done", "level", "事项已完成，无需督办 (the item is done)");
    } else {
        char now[21];
        time_now_iso(now);
        db_stmt *s = db_prepare(d, "INSERT INTO escalations (pairing_id, item_id, level, reason, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)", e);
        rc = s ? DK_OK : e->status;
        if (s) {
            db_bind_int64(s, 1, rec_pairing(before));
            db_bind_int64(s, 2, id);
            db_bind_text(s, 3, level);
            db_bind_text(s, 4, reason);
            db_bind_text(s, 5, who->name);
            db_bind_text(s, 6, now);
            rc = db_step(s, e);
            db_done(s);
        }
        if (rc >= 0 && (s = db_prepare(d, "UPDATE work_items SET escalation = ?, version = version + 1, updated_at = ? WHERE id = ?", e)) != NULL) {
            db_bind_text(s, 1, level);
            db_bind_text(s, 2, now);
            db_bind_int64(s, 3, id);
            rc = db_step(s, e);
            db_done(s);
        } else if (rc >= 0) rc = e->status;
    }
    if (rc < 0) {
        json_decref(before);
        db_rollback(d);
        return rc;
    }
    return rec_finish(d, &kind_work_items, who, "escalate", id, body, before, e);
}

json_t *workitems_escalations(db *d, int64_t id, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT level, reason, actor, created_at FROM escalations WHERE item_id = ? ORDER BY id", e);
    if (!s) return NULL;
    db_bind_int64(s, 1, id);
    return rows_to_json(s, e);
}

/* The id of the domain called name in work plan plan, made (last in order, audited) when
 * missing. */
static int64_t domain_in_plan(db *d, const struct actor *who, int64_t pairing, int64_t plan, const char *name, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM plan_domains WHERE work_plan_id = ? AND name = ?", e);
    if (!s) return -1;
    db_bind_int64(s, 1, plan);
    db_bind_text(s, 2, name);
    int rc = db_step(s, e);
    int64_t id = rc == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    if (rc != DB_DONE) return rc == DB_ROW ? id : -1;
    int64_t seq = db_int64(d, "SELECT COALESCE(MAX(seq), 0) + 1 FROM plan_domains WHERE work_plan_id = ?", 1, 1, plan);
    if (!(s = db_prepare(d, "INSERT INTO plan_domains (pairing_id, work_plan_id, seq, name) VALUES (?, ?, ?, ?) RETURNING id", e))) return -1;
    db_bind_int64(s, 1, pairing);
    db_bind_int64(s, 2, plan);
    db_bind_int64(s, 3, seq);
    db_bind_text(s, 4, name);
    rc = db_step(s, e);
    id = rc == DB_ROW ? db_col_int64(s, 0) : -1;
    db_done(s);
    if (id > 0) {
        json_t *made = json_pack("{s:I, s:I, s:s, s:s}", "work_plan_id", (json_int_t)plan, "seq", (json_int_t)seq, "name", name, "made_by", "carry_over");
        struct audit_entry a = {who, "plan_domain.create", "plan_domains", id, made, NULL, made};
        if (audit_write(d, &a, e) != DK_OK) id = -1;
        json_decref(made);
    }
    return id;
}

int workitems_carry_over(db *d, const struct actor *who, int64_t id, json_t *body, int64_t *id_out, dk_err *e)
{
    static const char *const text[] = {"code", "due_date", NULL}, *const other[] = {"year", NULL};
    int rc = json_check_fields(body, text, other, e);
    if (rc != DK_OK) return rc;
    json_t *yv = json_object_get(body, "year");
    if (!json_is_integer(yv)) return err_set(e, DK_EINVAL, "missing_field", "year", "缺少结转到的年度 year (required, an integer)");
    if (json_integer_value(yv) < 1990 || json_integer_value(yv) > 2100)
        return err_set(e, DK_EINVAL, "out_of_range", "year", "年度 year 应在 1990 与 2100 之间 (out of range)");
    if (json_text(body, "code") && strlen(json_text(body, "code")) > 64)
        return err_set(e, DK_EINVAL, "too_long", "code", "事项编号过长，最多 64 字节 (too long)");
    const char *due = json_text(body, "due_date");
    if (due && !date_parse(due, NULL)) return err_set(e, DK_EINVAL, "invalid_field", "due_date", "完成时限应为 YYYY-MM-DD (must be a date)");
    json_t *src;
    if ((rc = rec_begin_change(d, &kind_work_items, who, id, 0, &src, e)) != DK_OK) return rc;
    int64_t year = json_integer_value(yv), pairing = rec_pairing(src);
    int y = (int)year;
    char code[96], start[16], due_default[16];
    snprintf(code, sizeof code, "%s", json_text(body, "code") ? json_text(body, "code") : "");
    if (!*code) snprintf(code, sizeof code, "%lld-%.64s", (long long)year, json_string_value(json_object_get(src, "code")));
    snprintf(start, sizeof start, "%04d-01-01", y);
    snprintf(due_default, sizeof due_default, "%04d-12-31", y);
    if (due && strcmp(due, start) < 0) {
        json_decref(src);
        db_rollback(d);
        return err_set(e, DK_ERULE, "due_before_start", "due_date", "完成时限早于 %d 年初 (due before the year starts)", y);
    }
    int64_t plan = db_int64(d, "SELECT id FROM work_plans WHERE pairing_id = ? AND year = ?", 0, 2, pairing, year);
    if (strcmp(json_string_value(json_object_get(src, "status")), "done") == 0)
        rc = err_set(e, DK_ERULE, "already_done", "year", "事项已完成，无需结转 (the item is done)");
    else if (year <= json_integer_value(json_object_get(src, "year")))
        rc = err_set(e, DK_ERULE, "not_later", "year", "只能结转到以后年度的计划 (carry over into a later year)");
    else if (!plan)
        rc = err_set(e, DK_ERULE, "no_plan", "year", "%lld 年度工作计划尚未建立 (no work plan for that year)", (long long)year);
    else if (strlen(code) > 64)
        rc = err_set(e, DK_EINVAL, "too_long", "code", "结转后的事项编号过长，请给出 code (the derived code is too long; give one)");
    int64_t domain = rc == DK_OK ? domain_in_plan(d, who, pairing, plan, json_string_value(json_object_get(src, "domain")), e) : 0;
    if (domain < 0) rc = e->status;
    db_stmt *s = NULL;
    if (rc == DK_OK &&
        (s = db_prepare(d, "INSERT INTO work_items (pairing_id, work_plan_id, domain_id, code, title, content, lead_unit_id, start_date, due_date, "
                           "percent, last_update, escalation, carried_from_id, meeting_id, decision_seq, created_at, updated_at) "
                           "SELECT pairing_id, ?, ?, ?, title, content, lead_unit_id, ?, ?, percent, last_update, 'none', id, meeting_id, "
                           "decision_seq, ?, ? FROM work_items WHERE id = ? RETURNING id",
                        e)) == NULL)
        rc = e->status;
    if (s) {
        char now[21];
        time_now_iso(now);
        db_bind_int64(s, 1, plan);
        db_bind_int64(s, 2, domain);
        db_bind_text(s, 3, code);
        db_bind_text(s, 4, start);
        db_bind_text(s, 5, due ? due : due_default);
        db_bind_text(s, 6, now);
        db_bind_text(s, 7, now);
        db_bind_int64(s, 8, id);
        rc = db_step(s, e);
        *id_out = rc == DB_ROW ? db_col_int64(s, 0) : 0;
        db_done(s);
        if (rc == DB_ROW) rc = db_run(d, "INSERT INTO work_item_units (item_id, unit_id) SELECT ?, unit_id FROM work_item_units WHERE item_id = ?", e, 2,
                                      *id_out, id);
        if (rc >= 0) rc = db_run(d, "INSERT INTO work_item_tasks (item_id, task_id) SELECT ?, task_id FROM work_item_tasks WHERE item_id = ?", e, 2,
                                 *id_out, id);
    }
    json_decref(src);
    if (rc < 0) {
        db_rollback(d);
        return rc;
    }
    return rec_finish(d, &kind_work_items, who, "carry_over", *id_out, body, NULL, e);
}
