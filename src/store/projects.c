/*
 * projects.c — SQL for projects. The column lists are generated from project_fields, so a
 * field added to the table in core/project.c is read and written here without new code.
 */
#include "store/projects.h"
#include "store/query.h"
#include "store/search_index.h"
#include "core/dates.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

const char *const store_project_sort_keys[] = {
    "code", "name", "planned_investment", "completed_investment", "stage", "intention_date", "updated_at", NULL,
};

/* SQL fragments generated once from the field table. */
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;
static char *sql_select;  /* SELECT … FROM projects p JOIN pairings pa, with the progress figures */
static char *sql_page_rows;   /* the same columns for up to PAGE_CHUNK ids, progress figures left 0 */
static char *sql_page_progress; /* the progress figures of up to PAGE_CHUNK projects */
static char *sql_insert;
static char *sql_update;
static int n_fields;

/* Fixed columns after the editable ones, in this order. The progress figures are correlated
 * subqueries over the (project_id, month) key, so a row costs a few index range reads however
 * many reports the database holds; their parameters are bound by bind_month_bounds. */
#define DONE_SQL "(SELECT COALESCE(SUM(r.amount), 0) FROM progress_reports r WHERE r.project_id = p.id AND r.month <= ?)"
#define PAGE_CHUNK 32 /* ids per statement when a page is read: one statement shape, cached */
#define FIXED_COLS_PLAIN "p.id, p.pairing_id, pa.code, p.stage, p.stage_before_pause, p.intention_date, p.signed_date, " \
                         "p.landed_date, p.production_date, p.version, p.created_at, p.updated_at, 0, 0, NULL"
#define FIXED_COLS "p.id, p.pairing_id, pa.code, p.stage, p.stage_before_pause, p.intention_date, p.signed_date, " \
                   "p.landed_date, p.production_date, p.version, p.created_at, p.updated_at, " DONE_SQL ", " \
                   "(SELECT COALESCE(SUM(r.amount), 0) FROM progress_reports r WHERE r.project_id = p.id " \
                   "AND r.month >= ? AND r.month <= ?), " \
                   "(SELECT MAX(r.month) FROM progress_reports r WHERE r.project_id = p.id AND r.month <= ?)"
enum { FIXED_N = 15 };

static void build_sql(void)
{
    sbuf cols, ins, upd;
    sb_init(&cols, 0);
    sb_init(&ins, 0);
    sb_init(&upd, 0);
    sb_puts(&ins, "INSERT INTO projects (");
    sb_puts(&upd, "UPDATE projects SET ");
    for (const struct field_def *f = project_fields; f->name; f++, n_fields++) {
        sb_printf(&cols, "p.%s, ", f->name);
        sb_printf(&ins, "%s, ", f->name);
        sb_printf(&upd, "%s = ?, ", f->name);
    }
    sb_puts(&cols, FIXED_COLS);
    sb_puts(&ins, "pairing_id, stage, stage_before_pause, intention_date, signed_date, landed_date, production_date, "
                  "version, created_at, updated_at) VALUES (");
    for (int i = 0; i < n_fields + 10; i++) sb_puts(&ins, i ? ", ?" : "?");
    sb_puts(&ins, ") RETURNING id");
    sb_puts(&upd, "version = version + 1, updated_at = ? WHERE id = ? AND version = ?");

    sbuf sel;
    sb_init(&sel, 0);
    sb_printf(&sel, "SELECT %s FROM projects p JOIN pairings pa ON pa.id = p.pairing_id", sb_str(&cols));
    sql_select = sb_take(&sel, NULL);
    sbuf in;
    sb_init(&in, 0);
    for (int i = 0; i < PAGE_CHUNK; i++) sb_puts(&in, i ? ", ?" : "?");
    size_t plain_at = cols.len - strlen(FIXED_COLS);
    sb_printf(&sel, "SELECT %.*s" FIXED_COLS_PLAIN " FROM projects p JOIN pairings pa ON pa.id = p.pairing_id WHERE p.id IN (%s)",
              (int)plain_at, sb_str(&cols), sb_str(&in));
    sql_page_rows = sb_take(&sel, NULL);
    sb_printf(&sel, "SELECT project_id, SUM(amount), SUM(CASE WHEN month >= ? THEN amount ELSE 0 END), MAX(month) "
                    "FROM progress_reports WHERE month <= ? AND project_id IN (%s) GROUP BY project_id", sb_str(&in));
    sql_page_progress = sb_take(&sel, NULL);
    sb_free(&in);
    sql_insert = sb_take(&ins, NULL);
    sql_update = sb_take(&upd, NULL);
    sb_free(&cols);
}

static char *dup_col(db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? xstrdup(t) : NULL;
}

static void copy_date(char out[11], db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    out[0] = '\0';
    if (t) {
        size_t n = strlen(t);
        if (n > 10) n = 10;
        memcpy(out, t, n);
        out[n] = '\0';
    }
}

static void read_row(db_stmt *s, struct project_row *r)
{
    memset(r, 0, sizeof *r);
    struct project *p = &r->p;
    int c = 0;
    for (const struct field_def *f = project_fields; f->name; f++, c++) {
        switch (f->type) {
        case FT_MONEY: *project_int(p, f) = db_col_int64(s, c); break;
        case FT_OPT_MONEY:
        case FT_OPT_INT:
        case FT_REF: {
            opt_i64 *o = project_opt(p, f);
            o->has = !db_col_is_null(s, c);
            o->v = o->has ? db_col_int64(s, c) : 0;
            break;
        }
        default: *project_text(p, f) = dup_col(s, c); break;
        }
    }
    p->id = db_col_int64(s, c++);
    p->pairing_id = db_col_int64(s, c++);
    p->pairing_code = dup_col(s, c++);
    p->st.stage = (enum stage)stage_parse(db_col_text(s, c++));
    const char *bp = db_col_text(s, c++);
    p->st.before_pause = bp ? (enum stage)stage_parse(bp) : STAGE_INTENTION;
    for (int i = 0; i < STAGE_ACTIVE_COUNT; i++) copy_date(p->st.dates[i], s, c++);
    p->version = db_col_int64(s, c++);
    p->created_at = dup_col(s, c++);
    p->updated_at = dup_col(s, c++);
    r->completed = db_col_int64(s, c++);
    r->done_in_year = db_col_int64(s, c++);
    const char *lm = db_col_text(s, c++);
    r->last_report_month = lm ? month_parse(lm) : -1;
}

/* Binds the progress figures' months, in FIXED_COLS' order: up to as_of; from the year's
 * start to as_of; up to as_of. */
static void bind_month_bounds(struct query *q, int as_of_month)
{
    char year_start[8], as_of[8];
    month_format(as_of_month - as_of_month % 12, year_start);
    month_format(as_of_month, as_of);
    query_text(q, "", as_of);
    query_text(q, "", year_start);
    query_text(q, "", as_of);
    query_text(q, "", as_of);
}

/* Reads the row of project id with its progress figures; DB_DONE when there is none. */
static int read_one(db *d, int64_t id, int as_of_month, struct project_row *out, dk_err *e)
{
    struct query q;
    query_init(&q, sql_select);
    bind_month_bounds(&q, as_of_month);
    query_int(&q, " WHERE p.id = ?", id);
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int rc = db_step(s, e);
    if (rc == DB_ROW) read_row(s, out);
    db_done(s);
    return rc;
}

int store_project_get(db *d, int64_t id, int as_of_month, struct project_row *out, dk_err *e)
{
    pthread_once(&sql_once, build_sql);
    int rc = read_one(d, id, as_of_month, out, e);
    if (rc < 0) return rc;
    if (rc == DB_DONE) return err_set(e, DK_ENOTFOUND, "not_found", "id", "项目 %lld 不存在 (no such project)", (long long)id);
    const char *last = NULL;
    db_stmt *ev = db_prepare(d, "SELECT MAX(event_date) FROM stage_events WHERE project_id = ?", e);
    if (!ev) return e ? e->status : DK_EINTERNAL;
    db_bind_int64(ev, 1, id);
    if (db_step(ev, e) == DB_ROW) last = db_col_text(ev, 0);
    snprintf(out->p.st.last_event_date, sizeof out->p.st.last_event_date, "%s", last ? last : "");
    db_done(ev);
    return DK_OK;
}

/* Binds the editable fields from 1; returns the next parameter index. */
static int bind_fields(db_stmt *s, struct project *p)
{
    int i = 1;
    for (const struct field_def *f = project_fields; f->name; f++, i++) {
        switch (f->type) {
        case FT_MONEY: db_bind_int64(s, i, *project_int(p, f)); break;
        case FT_OPT_MONEY:
        case FT_OPT_INT:
        case FT_REF: db_bind_opt_int64(s, i, project_opt(p, f)->has, project_opt(p, f)->v); break;
        default: {
            const char *t = *project_text(p, f);
            db_bind_text(s, i, t && *t ? t : NULL);
            break;
        }
        }
    }
    return i;
}

static void bind_stage(db_stmt *s, int i, const struct stage_state *st)
{
    db_bind_text(s, i++, stage_code(st->stage));
    db_bind_text(s, i++, st->stage == STAGE_PAUSED ? stage_code(st->before_pause) : NULL);
    for (int k = 0; k < STAGE_ACTIVE_COUNT; k++) db_bind_text(s, i++, st->dates[k][0] ? st->dates[k] : NULL);
}

int store_project_insert(db *d, struct project *p, const char *now, dk_err *e)
{
    pthread_once(&sql_once, build_sql);
    db_stmt *s = db_prepare(d, sql_insert, e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int i = bind_fields(s, p);
    db_bind_int64(s, i++, p->pairing_id);
    bind_stage(s, i, &p->st);
    i += 2 + STAGE_ACTIVE_COUNT;
    db_bind_int64(s, i++, 1);
    db_bind_text(s, i++, now);
    db_bind_text(s, i++, now);
    int rc = db_step(s, e);
    if (rc == DB_ROW) p->id = db_col_int64(s, 0);
    db_done(s);
    if (rc == DK_ECONFLICT)
        return err_set(e, DK_ECONFLICT, "duplicate_code", "code", "项目编号 %s 已存在 (project code already exists)", p->code);
    if (rc < 0) return rc;
    p->version = 1;
    return search_index_put(d, "project", p->id, e);
}

int store_project_update(db *d, struct project *p, const char *now, dk_err *e)
{
    pthread_once(&sql_once, build_sql);
    db_stmt *s = db_prepare(d, sql_update, e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int i = bind_fields(s, p);
    db_bind_text(s, i++, now);
    db_bind_int64(s, i++, p->id);
    db_bind_int64(s, i++, p->version);
    int rc = db_step(s, e);
    db_done(s);
    if (rc == DK_ECONFLICT)
        return err_set(e, DK_ECONFLICT, "duplicate_code", "code", "项目编号 %s 已存在 (project code already exists)", p->code);
    if (rc < 0) return rc;
    if (db_int64(d, "SELECT version FROM projects WHERE id = ?", -1, 1, p->id) != p->version + 1)
        return err_set(e, DK_ESTALE, "stale_version", "version", "项目已被他人修改，请刷新后重试 (the project changed; reload)");
    p->version++;
    return search_index_put(d, "project", p->id, e);
}

int store_project_set_stage(db *d, struct project *p, const struct stage_state *st, const char *now, dk_err *e)
{
    db_stmt *s = db_prepare(d,
        "UPDATE projects SET stage = ?, stage_before_pause = ?, intention_date = ?, signed_date = ?, landed_date = ?, "
        "production_date = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    bind_stage(s, 1, st);
    db_bind_text(s, 7, now);
    db_bind_int64(s, 8, p->id);
    db_bind_int64(s, 9, p->version);
    int rc = db_step(s, e);
    db_done(s);
    if (rc < 0) return rc;
    if (db_int64(d, "SELECT version FROM projects WHERE id = ?", -1, 1, p->id) != p->version + 1)
        return err_set(e, DK_ESTALE, "stale_version", "version", "项目已被他人修改，请刷新后重试 (the project changed; reload)");
    p->version++;
    p->st = *st;
    return DK_OK;
}

int store_stage_event(db *d, int64_t project_id, int from, enum stage to, const char *date, const char *actor,
                      const char *note, const char *reason, const char *now, dk_err *e)
{
    db_stmt *s = db_prepare(d,
        "INSERT INTO stage_events (project_id, from_stage, to_stage, event_date, actor, note, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_int64(s, 1, project_id);
    db_bind_text(s, 2, from >= 0 ? stage_code((enum stage)from) : NULL);
    db_bind_text(s, 3, stage_code(to));
    db_bind_text(s, 4, date);
    db_bind_text(s, 5, actor);
    db_bind_text(s, 6, note && *note ? note : NULL);
    db_bind_text(s, 7, reason && *reason ? reason : NULL);
    db_bind_text(s, 8, now);
    int rc = db_step(s, e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

int store_stage_as_of(db *d, int64_t id, const char *as_of, struct stage_state *st, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT from_stage, to_stage, event_date FROM stage_events WHERE project_id = ? "
                               "AND event_date <= ? ORDER BY event_date, id", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_int64(s, 1, id);
    db_bind_text(s, 2, as_of);
    int rc, n = 0;
    while ((rc = db_step(s, e)) == DB_ROW) {
        const char *from = db_col_text(s, 0);
        int to = stage_parse(db_col_text(s, 1));
        if (to < 0) continue;
        stage_record(st, n++ == 0 || !from ? -1 : stage_parse(from), (enum stage)to, db_col_text(s, 2));
    }
    db_done(s);
    if (rc < 0) return rc;
    if (n == 0) return err_set(e, DK_ENOTFOUND, "not_found", "as_of", "项目在 %s 尚未建档 (the project did not exist yet on that date)", as_of);
    return DK_OK;
}

/* Adds the WHERE clauses of f to q. */
static void add_filters(struct query *q, const struct project_filter *f)
{
    query_sql(q, " WHERE 1 = 1");
    if (f->pairing) query_text(q, " AND pa.code = ?", f->pairing);
    if (f->pairing_id > 0) query_int(q, " AND p.pairing_id = ?", f->pairing_id);
    if (f->stage >= 0) query_text(q, " AND p.stage = ?", stage_code((enum stage)f->stage));
    if (f->industry) {
        if (strlen(f->industry) == 1) query_text(q, " AND p.industry_section = ?", f->industry);
        else query_text(q, " AND p.industry_division = ?", f->industry);
    }
    if (f->host_region)
        query_text(q, " AND p.host_region LIKE (SELECT prefix FROM regions WHERE code = ?) || '%'", f->host_region);
    if (f->origin_region)
        query_text(q, " AND p.investor_region LIKE (SELECT prefix FROM regions WHERE code = ?) || '%'", f->origin_region);
    if (f->unit_id > 0) query_int(q, " AND p.unit_id = ?", f->unit_id);
    if (f->existing_on) query_text(q, " AND p.intention_date <= ?", f->existing_on);
    if (f->min_investment.has) query_int(q, " AND p.planned_investment >= ?", f->min_investment.v);
    if (f->max_investment.has) query_int(q, " AND p.planned_investment <= ?", f->max_investment.v);
    if (f->q && *f->q) {
        char *like = query_like_contains(f->q);
        /* lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not */
        query_text(q, " AND (lower(p.name) LIKE lower(?) ESCAPE '\\'", like);
        query_text(q, " OR lower(p.investor) LIKE lower(?) ESCAPE '\\'", like);
        query_text(q, " OR lower(p.code) LIKE lower(?) ESCAPE '\\')", like);
        free(like);
    }
}

static const char *sort_column(const char *key)
{
    if (!key || strcmp(key, "code") == 0) return "p.code";
    if (strcmp(key, "name") == 0) return "p.name";
    if (strcmp(key, "planned_investment") == 0) return "p.planned_investment";
    if (strcmp(key, "completed_investment") == 0) return "COALESCE(pr.done, 0)";
    if (strcmp(key, "stage") == 0) return "p.stage";
    if (strcmp(key, "intention_date") == 0) return "p.intention_date";
    if (strcmp(key, "updated_at") == 0) return "p.updated_at";
    return "p.code";
}

/* 1 when f filters only by pairing and stage: its total is in project_counts. */
static int counted_filter(const struct project_filter *f)
{
    return !f->industry && !f->host_region && !f->origin_region && f->unit_id <= 0 && !f->existing_on &&
           !f->min_investment.has && !f->max_investment.has && !(f->q && *f->q);
}

/* The number of projects f matches (all pages). */
static int count_matches(db *d, const struct project_filter *f, int64_t *total, dk_err *e)
{
    struct query q;
    if (counted_filter(f)) {
        query_init(&q, "SELECT COALESCE(SUM(c.n), 0) FROM project_counts c JOIN pairings pa ON pa.id = c.pairing_id WHERE 1 = 1");
        if (f->pairing) query_text(&q, " AND pa.code = ?", f->pairing);
        if (f->pairing_id > 0) query_int(&q, " AND c.pairing_id = ?", f->pairing_id);
        if (f->stage >= 0) query_text(&q, " AND c.stage = ?", stage_code((enum stage)f->stage));
    } else {
        query_init(&q, "SELECT COUNT(*) FROM projects p JOIN pairings pa ON pa.id = p.pairing_id");
        add_filters(&q, f);
    }
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int rc = db_step(s, e);
    if (rc == DB_ROW) *total = db_col_int64(s, 0);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

/* Appends " ORDER BY …" for f's sort, the id breaking ties. */
static void add_order(struct query *q, const struct project_filter *f)
{
    query_sql(q, " ORDER BY ");
    if (f->sort && strcmp(f->sort, "completed_investment") == 0) {
        char as_of[8];
        month_format(f->as_of_month, as_of);
        query_text(q, DONE_SQL, as_of);
    } else {
        query_sql(q, sort_column(f->sort));
    }
    query_sql(q, f->desc ? " DESC, p.id DESC" : " ASC, p.id ASC");
}

static void rows_push(struct project_row **rows, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *rows = xrealloc(*rows, *cap * sizeof **rows);
    }
}

/* Reads rows[0..n) (their p.id set) with their progress figures: per PAGE_CHUNK ids, one
 * statement for the rows and one for the figures, both over the primary keys. A row whose id
 * has gone is left with id 0. */
static int read_chunk(db *d, struct project_row *rows, size_t n, int as_of_month, dk_err *e)
{
    db_stmt *s = db_prepare(d, sql_page_rows, e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int64_t ids[PAGE_CHUNK];
    for (size_t i = 0; i < PAGE_CHUNK; i++) {
        ids[i] = i < n ? rows[i].p.id : 0; /* 0 is no project's id: the unused places */
        db_bind_int64(s, (int)i + 1, ids[i]);
        if (i < n) rows[i].p.id = 0;
    }
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        int64_t id = db_col_int64(s, n_fields);
        for (size_t i = 0; i < n; i++)
            if (ids[i] == id) read_row(s, &rows[i]);
    }
    db_done(s);
    if (rc < 0) return rc;
    s = db_prepare(d, sql_page_progress, e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    char year_start[8], as_of[8];
    month_format(as_of_month - as_of_month % 12, year_start);
    month_format(as_of_month, as_of);
    db_bind_text(s, 1, year_start);
    db_bind_text(s, 2, as_of);
    for (size_t i = 0; i < PAGE_CHUNK; i++) db_bind_int64(s, (int)i + 3, ids[i]);
    while ((rc = db_step(s, e)) == DB_ROW) {
        int64_t id = db_col_int64(s, 0);
        for (size_t i = 0; i < n; i++)
            if (rows[i].p.id == id) {
                rows[i].completed = db_col_int64(s, 1);
                rows[i].done_in_year = db_col_int64(s, 2);
                rows[i].last_report_month = month_parse(db_col_text(s, 3));
            }
    }
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

/* A page: first the page's ids (filter, sort, limit: the indexes do the work), then the rows
 * and their progress figures by id, so the figures are read for the page alone. */
static int list_page(db *d, const struct project_filter *f, struct project_row **rows, size_t *n, dk_err *e)
{
    struct query q;
    query_init(&q, "SELECT p.id FROM projects p JOIN pairings pa ON pa.id = p.pairing_id");
    add_filters(&q, f);
    add_order(&q, f);
    query_int(&q, " LIMIT ?", f->limit);
    query_int(&q, " OFFSET ?", f->offset);
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    if (!s) return e ? e->status : DK_EINTERNAL;
    struct project_row *r = xcalloc((size_t)f->limit, sizeof *r);
    size_t got = 0;
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW && got < (size_t)f->limit) r[got++].p.id = db_col_int64(s, 0);
    db_done(s);
    for (size_t at = 0; rc >= 0 && at < got; at += PAGE_CHUNK)
        rc = read_chunk(d, r + at, got - at < PAGE_CHUNK ? got - at : PAGE_CHUNK, f->as_of_month, e);
    if (rc < 0) {
        project_rows_free(r, got);
        return rc;
    }
    size_t kept = 0; /* rows deleted between the two reads are not in the page */
    for (size_t i = 0; i < got; i++) {
        if (r[i].p.id) r[kept++] = r[i];
        else project_row_clear(&r[i]);
    }
    *rows = r;
    *n = kept;
    return DK_OK;
}

/* The matching rows in one statement (no limit or a very long page: exports, colour filters). */
static int list_all(db *d, const struct project_filter *f, struct project_row **rows, size_t *n, dk_err *e)
{
    struct query q;
    query_init(&q, sql_select);
    bind_month_bounds(&q, f->as_of_month);
    add_filters(&q, f);
    add_order(&q, f);
    if (f->limit > 0) {
        query_int(&q, " LIMIT ?", f->limit);
        query_int(&q, " OFFSET ?", f->offset);
    }
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    if (!s) return e ? e->status : DK_EINTERNAL;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        rows_push(rows, n, &cap);
        read_row(s, &(*rows)[(*n)++]);
    }
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

int store_project_list(db *d, const struct project_filter *f, struct project_row **rows, size_t *n,
                       int64_t *total, dk_err *e)
{
    pthread_once(&sql_once, build_sql);
    *rows = NULL;
    *n = 0;
    *total = 0;
    int rc = count_matches(d, f, total, e);
    if (rc == DK_OK) rc = f->limit > 0 && f->limit <= 500 ? list_page(d, f, rows, n, e) : list_all(d, f, rows, n, e);
    if (rc != DK_OK) {
        project_rows_free(*rows, *n);
        *rows = NULL;
        *n = 0;
        return rc;
    }
    return DK_OK;
}

void project_row_clear(struct project_row *r)
{
    project_clear(&r->p);
}

void project_rows_free(struct project_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) project_row_clear(&rows[i]);
    free(rows);
}
