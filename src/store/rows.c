/* rows.c — result rows to JSON, and the rows of a page of records read a chunk of ids at a time (see rows.h). */
#include "store/rows.h"

json_t *row_object_from(db_stmt *s, int first)
{
    json_t *o = json_object();
    int n = db_col_count(s);
    for (int i = first; i < n; i++) {
        json_t *v;
        if (db_col_is_null(s, i)) v = json_null();
        else if (db_col_is_int(s, i)) v = json_integer(db_col_int64(s, i));
        else v = json_string(db_col_text(s, i));
        json_object_set_new(o, db_col_name(s, i), v ? v : json_null());
    }
    return o;
}

static json_t *row_object(db_stmt *s) { return row_object_from(s, 0); }

json_t *rows_to_json(db_stmt *s, dk_err *e)
{
    json_t *arr = json_array();
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) json_array_append_new(arr, row_object(s));
    db_done(s);
    if (rc < 0) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

json_t *row_to_json(db_stmt *s, const char *what, dk_err *e)
{
    int rc = db_step(s, e);
    json_t *o = rc == DB_ROW ? row_object(s) : NULL;
    db_done(s);
    if (rc == DB_DONE) err_set(e, DK_ENOTFOUND, "not_found", "", "%s不存在 (not found)", what);
    return o;
}

/* Runs one chunk statement over ids[0..m) and hands its rows to fn (indexes from base). */
static int chunk_rows(db *d, const char *sql, const int64_t *ids, size_t m, size_t base, const char *extra, rows_owner_fn fn,
                      void *arg, dk_err *e)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    for (size_t i = 0; i < ROWS_CHUNK; i++) db_bind_int64(s, (int)i + 1, i < m ? ids[i] : 0);
    if (extra) db_bind_text(s, ROWS_CHUNK + 1, extra);
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        int64_t owner = db_col_int64(s, 0);
        for (size_t i = 0; i < m; i++)
            if (ids[i] == owner) {
                fn(s, base + i, arg);
                break;
            }
    }
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

int rows_by_ids(db *d, const char *sql, const int64_t *ids, size_t n, const char *extra, rows_owner_fn fn, void *arg, dk_err *e)
{
    for (size_t at = 0; at < n; at += ROWS_CHUNK) {
        int rc = chunk_rows(d, sql, ids + at, n - at < ROWS_CHUNK ? n - at : ROWS_CHUNK, at, extra, fn, arg, e);
        if (rc != DK_OK) return rc;
    }
    return DK_OK;
}
