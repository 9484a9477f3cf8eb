/*
 * copy.c — whole-database copy between backends. Tables are copied in foreign-key order with
 * their ids; a table the list does not know stops the copy (so a new migration cannot be
 * silently left behind). After the copy, each auto-numbered id continues after the highest id.
 * The search index is not copied but rebuilt on the target in the same transaction; the
 * per-stage project counts are not copied either (the target's triggers keep them). Rows go
 * over in multi-row INSERTs, a batch per round trip.
 */
#include "store/copy.h"
#include "store/migrate.h"
#include "store/search_index.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <stdlib.h>
#include <string.h>

/* Every table, parents before children, with the columns that order it. */
static const struct {
    const char *name;
    const char *order_by;
    int has_id;        /* an auto-numbered id column whose counter must follow the copy */
    int seeded;        /* rows the migrations insert themselves: replaced by the source's */
} TABLES[] = {
    {"regions", "code", 0, 0},
    {"industries", "code", 0, 0},
    {"calendar_days", "day", 0, 0},
    {"warning_rules", "code", 0, 1},
    {"pairings", "id", 1, 0},
    {"units", "id", 1, 0},
    {"platforms", "id", 1, 0},
    {"projects", "id", 1, 0},
    {"stage_events", "id", 1, 0},
    {"progress_reports", "id", 1, 0},
    {"month_closures", "pairing_id, month", 0, 0},
    {"problems", "id", 1, 0},
    {"capital_stats", "id", 1, 0},
    {"audit_log", "id", 1, 0},
    {"users", "id", 1, 0},
    {"sessions", "id", 1, 0},
    {"api_tokens", "id", 1, 0},
    {"login_failures", "id", 1, 0},
    {"approvals", "id", 1, 0},
    {"impl_plans", "id", 1, 0},
    {"plan_areas", "id", 1, 0},
    {"key_tasks", "id", 1, 0},
    {"key_task_units", "task_id, unit_id", 0, 0},
    {"indicators", "id", 1, 0},
    {"indicator_actuals", "id", 1, 0},
    {"work_plans", "id", 1, 0},
    {"plan_domains", "id", 1, 0},
    {"meetings", "id", 1, 0},
    {"meeting_attendees", "meeting_id, seq", 0, 0},
    {"meeting_decisions", "meeting_id, seq", 0, 0},
    {"meeting_projects", "meeting_id, project_id", 0, 0},
    {"work_items", "id", 1, 0},
    {"work_item_units", "item_id, unit_id", 0, 0},
    {"work_item_tasks", "item_id, task_id", 0, 0},
    {"work_item_updates", "id", 1, 0},
    {"escalations", "id", 1, 0},
    {"exchanges", "id", 1, 0},
    {"market_products", "id", 1, 0},
    {"imports", "id", 1, 0},
};
#define N_TABLES (sizeof TABLES / sizeof TABLES[0])

static int known_table(const char *name)
{
    if (strcmp(name, "schema_migrations") == 0 || search_index_table(name)) return 1; /* the index is rebuilt */
    if (strcmp(name, "project_counts") == 0) return 1; /* kept by the target's triggers as projects arrive */
    for (size_t i = 0; i < N_TABLES; i++)
        if (strcmp(TABLES[i].name, name) == 0) return 1;
    return 0;
}

/* Refuses a source holding tables this copy does not know. */
static int check_tables(db *from, dk_err *e)
{
    const char *sql = db_dialect_of(from) == DB_SQLITE
                          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                          : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
    db_stmt *s = db_prepare(from, sql, e);
    if (!s) return e->status;
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        if (!known_table(db_col_text(s, 0))) {
            err_set(e, DK_EINTERNAL, "unknown_table", "", "复制不认识的表 %s (copy does not know table %s)", db_col_text(s, 0),
                    db_col_text(s, 0));
            db_done(s);
            return DK_EINTERNAL;
        }
    }
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

int store_table_checksum(db *d, const char *table, uint64_t *sum, int64_t *rows, dk_err *e)
{
    const char *order = NULL;
    for (size_t i = 0; i < N_TABLES; i++)
        if (strcmp(TABLES[i].name, table) == 0) order = TABLES[i].order_by;
    if (!order) return err_set(e, DK_EINVAL, "unknown_table", "", "unknown table %s", table);
    sbuf sql;
    sb_init(&sql, 0);
    sb_printf(&sql, "SELECT * FROM %s ORDER BY %s", table, order);
    db_stmt *s = db_prepare(d, sb_str(&sql), e);
    sb_free(&sql);
    if (!s) return e->status;
    /* Each row hashes on its own and the row hashes are added up, so the sum does not depend
     * on how each backend's collation orders text. */
    uint64_t total = 0;
    int64_t n = 0;
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        uint64_t h = 1469598103934665603ULL;
        int cols = db_col_count(s);
        for (int c = 0; c < cols; c++) {
            const char *t = db_col_is_null(s, c) ? "\\N" : db_col_text(s, c);
            h = fnv(h, db_col_name(s, c), strlen(db_col_name(s, c)));
            h = fnv(h, "=", 1);
            h = fnv(h, t, strlen(t));
            h = fnv(h, "\x1f", 1);
        }
        total += h;
        n++;
    }
    db_done(s);
    if (rc < 0) return rc;
    *sum = total;
    *rows = n;
    return DK_OK;
}

/* Rows go over in multi-row INSERTs of up to COPY_BATCH rows (and at most COPY_PARAMS values):
 * one round trip per batch instead of per row, which is what a copy onto PostgreSQL over a
 * network spends its time on. SQLite allows 32766 values in a statement, PostgreSQL 65535. */
#define COPY_BATCH 128
#define COPY_PARAMS 16000

/* One value of a row waiting in the batch: copied out of the source statement, which moves on. */
struct copy_value {
    enum { CV_NULL, CV_INT, CV_TEXT } kind;
    int64_t i;
    char *t;
};

struct copy_batch {
    const char *table;
    sbuf columns;              /* "a, b, c" */
    int cols, max_rows, rows;
    struct copy_value *v;      /* max_rows * cols */
};

static void batch_clear(struct copy_batch *b)
{
    for (int k = 0; k < b->rows * b->cols; k++) free(b->v[k].t);
    b->rows = 0;
}

/* Inserts the rows waiting in b with one statement; returns DK_OK or the error. */
static int batch_flush(db *to, struct copy_batch *b, dk_err *e)
{
    if (!b->rows) return DK_OK;
    sbuf sql;
    sb_init(&sql, 0);
    sb_printf(&sql, "INSERT INTO %s (%s) VALUES ", b->table, sb_str(&b->columns));
    for (int r = 0; r < b->rows; r++) {
        sb_puts(&sql, r ? ", (" : "(");
        for (int c = 0; c < b->cols; c++) sb_puts(&sql, c ? ", ?" : "?");
        sb_puts(&sql, ")");
    }
    db_stmt *dst = db_prepare(to, sb_str(&sql), e);
    sb_free(&sql);
    if (!dst) return e->status;
    for (int k = 0; k < b->rows * b->cols; k++) {
        const struct copy_value *v = &b->v[k];
        if (v->kind == CV_NULL) db_bind_null(dst, k + 1);
        else if (v->kind == CV_INT) db_bind_int64(dst, k + 1, v->i);
        else db_bind_text(dst, k + 1, v->t);
    }
    int rc = db_step(dst, e);
    db_done(dst);
    batch_clear(b);
    return rc < 0 ? rc : DK_OK;
}

/* Takes the source's current row into b (b set up from the first row's columns). */
static void batch_add(struct copy_batch *b, db_stmt *src)
{
    if (!b->v) {
        b->cols = db_col_count(src);
        for (int c = 0; c < b->cols; c++) sb_printf(&b->columns, "%s%s", c ? ", " : "", db_col_name(src, c));
        b->max_rows = COPY_PARAMS / (b->cols ? b->cols : 1);
        if (b->max_rows > COPY_BATCH) b->max_rows = COPY_BATCH;
        if (b->max_rows < 1) b->max_rows = 1;
        b->v = xcalloc((size_t)b->max_rows * (size_t)b->cols, sizeof *b->v);
    }
    struct copy_value *row = &b->v[b->rows * b->cols];
    for (int c = 0; c < b->cols; c++) {
        row[c].t = NULL;
        if (db_col_is_null(src, c)) row[c].kind = CV_NULL;
        else if (db_col_is_int(src, c)) row[c].kind = CV_INT, row[c].i = db_col_int64(src, c);
        else row[c].kind = CV_TEXT, row[c].t = xstrdup(db_col_text(src, c));
    }
    b->rows++;
}

/* Continues table t's auto-numbered ids after the highest copied one (PostgreSQL's sequence). */
static int follow_sequence(db *to, size_t t, dk_err *e)
{
    if (!TABLES[t].has_id || db_dialect_of(to) != DB_POSTGRES) return DK_OK;
    sbuf seq;
    sb_init(&seq, 0);
    sb_printf(&seq, "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)",
              TABLES[t].name, TABLES[t].name);
    int rc = db_exec(to, sb_str(&seq), e);
    sb_free(&seq);
    return rc;
}

static int copy_table(db *from, db *to, size_t t, int64_t *copied, dk_err *e)
{
    sbuf sql;
    sb_init(&sql, 0);
    int rc = DK_OK;
    if (TABLES[t].seeded) {
        sb_printf(&sql, "DELETE FROM %s", TABLES[t].name);
        rc = db_exec(to, sb_str(&sql), e);
        sb_reset(&sql);
    }
    sb_printf(&sql, "SELECT * FROM %s ORDER BY %s", TABLES[t].name, TABLES[t].order_by);
    db_stmt *src = rc == DK_OK ? db_prepare(from, sb_str(&sql), e) : NULL;
    sb_free(&sql);
    if (!src) return rc != DK_OK ? rc : e->status;
    struct copy_batch b = {.table = TABLES[t].name};
    sb_init(&b.columns, 0);
    *copied = 0;
    while ((rc = db_step(src, e)) == DB_ROW) {
        batch_add(&b, src);
        (*copied)++;
        if (b.rows == b.max_rows && (rc = batch_flush(to, &b, e)) < 0) break;
    }
    db_done(src);
    if (rc >= 0) rc = batch_flush(to, &b, e);
    batch_clear(&b);
    free(b.v);
    sb_free(&b.columns);
    if (rc < 0) return rc;
    return follow_sequence(to, t, e);
}

int store_copy(db *from, db *to, FILE *out, dk_err *e)
{
    int vf = store_schema_version(from), vt = store_schema_version(to);
    if (vf <= 0) return err_set(e, DK_EINVAL, "not_initialised", "from", "源数据库未初始化 (source is not a duikou database)");
    if (vf != vt)
        return err_set(e, DK_EINVAL, "schema_mismatch", "to", "源库结构版本 %d 与目标库 %d 不同，请先 duikou migrate (schema versions differ)", vf, vt);
    int rc = check_tables(from, e);
    if (rc != DK_OK) return rc;
    if (db_int64(to, "SELECT COUNT(*) FROM pairings", -1, 0) != 0 || db_int64(to, "SELECT COUNT(*) FROM regions", -1, 0) != 0)
        return err_set(e, DK_ERULE, "target_not_empty", "to", "目标数据库已有数据，只能复制到新建的空库 (target must be empty: migrate it, do not init it)");
    if ((rc = db_begin_read(from, e)) != DK_OK) return rc;
    if ((rc = db_begin_write(to, e)) != DK_OK) {
        db_rollback(from);
        return rc;
    }
    for (size_t t = 0; t < N_TABLES; t++) {
        int64_t n;
        if ((rc = copy_table(from, to, t, &n, e)) != DK_OK) {
            db_rollback(to);
            db_rollback(from);
            return rc;
        }
    }
    /* the search index is derived: rebuilt on the target from the copied records, not copied */
    if ((rc = search_index_rebuild(to, NULL, e)) != DK_OK || (rc = db_commit(to, e)) != DK_OK) {
        db_rollback(to);
        db_rollback(from);
        return rc;
    }
    int mismatches = 0;
    for (size_t t = 0; t < N_TABLES && rc == DK_OK; t++) {
        struct copy_table_result r = {TABLES[t].name, 0, 0, 0};
        int64_t rows_to = 0;
        rc = store_table_checksum(from, r.table, &r.checksum_from, &r.rows, e);
        if (rc == DK_OK) rc = store_table_checksum(to, r.table, &r.checksum_to, &rows_to, e);
        if (rc != DK_OK) break;
        int same = r.rows == rows_to && r.checksum_from == r.checksum_to;
        mismatches += !same;
        if (out)
            fprintf(out, "%-18s %10lld rows  %016llx  %s\n", r.table, (long long)r.rows, (unsigned long long)r.checksum_from,
                    same ? "ok" : "MISMATCH");
    }
    db_rollback(from);
    if (rc != DK_OK) return rc;
    if (mismatches)
        return err_set(e, DK_EINTERNAL, "copy_mismatch", "", "%d 张表复制后不一致 (%d tables differ after the copy)", mismatches, mismatches);
    return DK_OK;
}
