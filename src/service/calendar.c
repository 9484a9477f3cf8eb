/*
 * calendar.c — the holiday and 调休 table behind working-day counts (see calendar.h).
 */
#include "service/calendar.h"
#include "store/audit.h"
#include "store/rows.h"
#include "util/jsonin.h"
#include "util/xmalloc.h"
#include <stdlib.h>
#include <string.h>

int calendar_load(db *d, int64_t from, int64_t to, struct workcal *c, dk_err *e)
{
    char a[11], b[11];
    dk_date fd = date_from_days(from), td = date_from_days(to);
    date_format(&fd, a);
    date_format(&td, b);
    db_stmt *s = db_prepare(d, "SELECT day, is_off_day FROM calendar_days WHERE day >= ? AND day <= ? ORDER BY day", e);
    if (!s) return e->status;
    db_bind_text(s, 1, a);
    db_bind_text(s, 2, b);
    int n = 0, cap = 32, rc;
    int64_t *days = xmalloc(sizeof(int64_t) * (size_t)cap);
    int *off = xmalloc(sizeof(int) * (size_t)cap);
    while ((rc = db_step(s, e)) == DB_ROW) {
        dk_date dd;
        if (!date_parse(db_col_text(s, 0), &dd)) continue;
        if (n == cap) {
            cap *= 2;
            days = xrealloc(days, sizeof(int64_t) * (size_t)cap);
            off = xrealloc(off, sizeof(int) * (size_t)cap);
        }
        days[n] = date_to_days(&dd);
        off[n++] = (int)db_col_int64(s, 1);
    }
    db_done(s);
    workcal_init(c, days, off, n);
    free(days);
    free(off);
    return rc < 0 ? rc : DK_OK;
}

json_t *calendar_list(db *d, int year, dk_err *e)
{
    char lo[11] = "0000-00-00", hi[11] = "9999-99-99";
    if (year) {
        snprintf(lo, sizeof lo, "%04d-01-01", year);
        snprintf(hi, sizeof hi, "%04d-12-31", year);
    }
    db_stmt *s = db_prepare(d, "SELECT day, name, is_off_day FROM calendar_days WHERE day >= ? AND day <= ? ORDER BY day", e);
    if (!s) return NULL;
    db_bind_text(s, 1, lo);
    db_bind_text(s, 2, hi);
    json_t *arr = rows_to_json(s, e);
    size_t i;
    json_t *row;
    json_array_foreach(arr, i, row) json_object_set_new(row, "is_off_day", json_boolean(json_integer_value(json_object_get(row, "is_off_day"))));
    return arr;
}

static int admin_only(const struct actor *who, dk_err *e)
{
    if (role_allows(who->role, PERM_ADMIN)) return DK_OK;
    return err_set(e, DK_EFORBIDDEN, "forbidden", "", "节假日和调休安排对所有对口合作关系生效，只有管理员可以调整 (admin only)");
}

/* The row for day as JSON, or NULL when it is an ordinary day. */
static json_t *day_row(db *d, const char *day)
{
    db_stmt *s = db_prepare(d, "SELECT day, name, is_off_day FROM calendar_days WHERE day = ?", NULL);
    if (!s) return NULL;
    db_bind_text(s, 1, day);
    return row_to_json(s, "日期", NULL);
}

static int finish(db *d, const struct actor *who, const char *action, const char *day, json_t *body, json_t *before, dk_err *e)
{
    json_t *after = day_row(d, day);
    json_t *detail = json_pack("{s:s, s:O}", "day", day, "request", body ? body : json_null());
    struct audit_entry a = {who, action, "calendar_days", 0, detail, before, after};
    int rc = audit_write(d, &a, e);
    json_decref(detail);
    json_decref(before);
    json_decref(after);
    return db_end(d, rc, e);
}

int calendar_set(db *d, const struct actor *who, const char *day, json_t *body, dk_err *e)
{
    static const char *const text[] = {"name", NULL}, *const other[] = {"is_off_day", NULL};
    dk_date dd;
    int rc = admin_only(who, e);
    if (rc != DK_OK) return rc;
    if (!date_parse(day, &dd)) return err_set(e, DK_EINVAL, "invalid_field", "day", "日期应为 YYYY-MM-DD (day must be a date)");
    if ((rc = json_check_fields(body, text, other, e)) != DK_OK) return rc;
    const char *name = json_text(body, "name");
    json_t *off = json_object_get(body, "is_off_day");
    if (!name) return err_set(e, DK_EINVAL, "missing_field", "name", "缺少名称 name，如“国庆节”或“国庆节调休上班” (required)");
    if (strlen(name) > 100) return err_set(e, DK_EINVAL, "too_long", "name", "名称过长 (too long)");
    if (!json_is_boolean(off)) return err_set(e, DK_EINVAL, "missing_field", "is_off_day", "is_off_day 应为 true（放假）或 false（调休上班）");
    if (!json_is_true(off) && date_weekday(&dd) < 5)
        return err_set(e, DK_ERULE, "not_a_weekend", "is_off_day", "%s 是工作日，调休上班只能安排在周末 (a make-up working day falls on a weekend)", day);
    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    json_t *before = day_row(d, day);
    db_stmt *s = db_prepare(d, "DELETE FROM calendar_days WHERE day = ?", e);
    if (s) {
        db_bind_text(s, 1, day);
        rc = db_step(s, e);
        db_done(s);
    }
    if (s && rc >= 0 && (s = db_prepare(d, "INSERT INTO calendar_days (day, name, is_off_day) VALUES (?, ?, ?)", e)) != NULL) {
        db_bind_text(s, 1, day);
        db_bind_text(s, 2, name);
        db_bind_int64(s, 3, json_is_true(off));
        rc = db_step(s, e);
        db_done(s);
    } else if (rc >= 0) rc = e->status;
    if (rc < 0) {
        json_decref(before);
        db_rollback(d);
        return rc;
    }
    return finish(d, who, "calendar.set", day, body, before, e);
}

int calendar_remove(db *d, const struct actor *who, const char *day, dk_err *e)
{
    int rc = admin_only(who, e);
    if (rc != DK_OK) return rc;
    if (!date_parse(day, NULL)) return err_set(e, DK_EINVAL, "invalid_field", "day", "日期应为 YYYY-MM-DD (day must be a date)");
    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    json_t *before = day_row(d, day);
    if (!before) {
        db_rollback(d);
        return err_set(e, DK_ENOTFOUND, "not_found", "day", "%s 不是节假日或调休日 (not a listed day)", day);
    }
    db_stmt *s = db_prepare(d, "DELETE FROM calendar_days WHERE day = ?", e);
    rc = s ? DK_OK : e->status;
    if (s) {
        db_bind_text(s, 1, day);
        rc = db_step(s, e);
        db_done(s);
    }
    if (rc < 0) {
        json_decref(before);
        db_rollback(d);
        return rc;
    }
    return finish(d, who, "calendar.remove", day, NULL, before, e);
}

json_t *calendar_count(db *d, const dk_date *from, const dk_date *to, int64_t add, dk_err *e)
{
    int64_t f = date_to_days(from), t = to ? date_to_days(to) : f + add * 2 + 60;
    struct workcal c;
    if (calendar_load(d, f < t ? f : t, f < t ? t : f, &c, e) != DK_OK) return NULL;
    if (!to) t = workcal_add(&c, f, add);
    int64_t n = workcal_between(&c, f, t);
    workcal_free(&c);
    char a[11], b[11];
    dk_date td = date_from_days(t);
    date_format(from, a);
    date_format(&td, b);
    return json_pack("{s:s, s:s, s:I}", "from", a, "to", b, "workdays", (json_int_t)n);
}
