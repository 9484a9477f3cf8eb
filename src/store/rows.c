/* rows.c — result rows to JSON (see rows.h). */
#include "store/rows.h"

static json_t *row_object(db_stmt *s)
{
    json_t *o = json_object();
    int n = db_col_count(s);
    for (int i = 0; i < n; i++) {
        json_t *v;
        if (db_col_is_null(s, i)) v = json_null();
        else if (db_col_is_int(s, i)) v = json_integer(db_col_int64(s, i));
        else v = json_string(db_col_text(s, i));
        json_object_set_new(o, db_col_name(s, i), v ? v : json_null());
    }
    return o;
}

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
