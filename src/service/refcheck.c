/* refcheck.c — existence checks for referenced records (see refcheck.h). */
#include "service/refcheck.h"
#include <string.h>

static int exists_text(db *d, const char *sql, const char *v)
{
    db_stmt *s = db_prepare(d, sql, NULL);
    if (!s) return 0;
    db_bind_text(s, 1, v);
    int found = db_step(s, NULL) == DB_ROW;
    db_done(s);
    return found;
}

int ref_region(db *d, const char *code, const char *field, dk_err *e)
{
    if (exists_text(d, "SELECT 1 FROM regions WHERE code = ?", code)) return DK_OK;
    return err_set(e, DK_ERULE, "unknown_region", field, "行政区划代码 %.12s 不存在 (no such GB/T 2260 region)", code);
}

int ref_industry(db *d, const char *section, const char *division, dk_err *e)
{
    if (!exists_text(d, "SELECT 1 FROM industries WHERE level = 1 AND code = ?", section))
        return err_set(e, DK_ERULE, "unknown_industry", "industry_section", "行业门类 %.4s 不存在 (no such GB/T 4754 section)", section);
    if (!division || !*division) return DK_OK;
    db_stmt *s = db_prepare(d, "SELECT section FROM industries WHERE level = 2 AND code = ?", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, division);
    int rc = db_step(s, e);
    int in_section = rc == DB_ROW && strcmp(db_col_text(s, 0), section) == 0;
    db_done(s);
    if (rc == DB_DONE)
        return err_set(e, DK_ERULE, "unknown_industry", "industry_division", "行业大类 %.4s 不存在 (no such GB/T 4754 division)", division);
    if (rc < 0) return rc;
    if (!in_section)
        return err_set(e, DK_ERULE, "industry_mismatch", "industry_division", "行业大类 %.4s 不属于门类 %.4s (division not in section)",
                       division, section);
    return DK_OK;
}

int64_t ref_pairing(db *d, const char *code, const char *field, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM pairings WHERE code = ?", e);
    if (!s) return 0;
    db_bind_text(s, 1, code);
    int64_t id = db_step(s, e) == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    if (!id) err_set(e, DK_ERULE, "unknown_pairing", field, "对口合作关系 %.40s 不存在 (no such pairing)", code);
    return id;
}

int ref_unit(db *d, int64_t unit_id, int64_t pairing_id, const char *field, dk_err *e)
{
    int64_t p = db_int64(d, "SELECT pairing_id FROM units WHERE id = ?", 0, 1, unit_id);
    if (!p) return err_set(e, DK_ERULE, "unknown_unit", field, "单位 %lld 不存在 (no such unit)", (long long)unit_id);
    if (p != pairing_id)
        return err_set(e, DK_ERULE, "unit_not_in_pairing", field, "单位 %lld 不属于该对口合作关系 (unit belongs to another pairing)",
                       (long long)unit_id);
    return DK_OK;
}
