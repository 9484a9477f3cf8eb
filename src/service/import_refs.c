/*
 * import_refs.c — what ledgers write for references, resolved to what records hold: regions
 * by code, "名称（代码）" or a unique name; industry sections by letter or name; units by name
 * within the pairing; pairings by code or name (see imports.h).
 */
#include "service/imports.h"
#include "service/refcheck.h"
#include "ledger/cells.h"
#include <stdio.h>
#include <string.h>

int import_region(db *d, const char *text, const char *field, char out[7], dk_err *e)
{
    char f[256];
    cell_fold(text, f, sizeof f);
    for (const char *p = f; *p; p++) { /* six digits in a row anywhere: the code */
        size_t k = 0;
        while (p[k] >= '0' && p[k] <= '9') k++;
        if (k == 6) {
            memcpy(out, p, 6);
            out[6] = '\0';
            return ref_region(d, out, field, e);
        }
        if (k) p += k - 1;
    }
    char name[256];
    cell_trim(text, name, sizeof name);
    static const char *const suffixes[] = {"", "市", "省", "县", "区", NULL};
    for (const char *const *sfx = suffixes; *sfx; sfx++) {
        char want[300];
        snprintf(want, sizeof want, "%s%s", name, *sfx);
        db_stmt *s = db_prepare(d, "SELECT code FROM regions WHERE name = ? ORDER BY code LIMIT 2", e);
        if (!s) return e->status;
        db_bind_text(s, 1, want);
        int n = 0;
        while (db_step(s, e) == DB_ROW) {
            if (n == 0) snprintf(out, 7, "%s", db_col_text(s, 0));
            n++;
        }
        db_done(s);
        if (n == 1) return DK_OK;
        if (n > 1)
            return err_set(e, DK_EINVAL, "ambiguous_region", field, "地区名称“%.60s”不唯一，请写行政区划代码，如“%.60s（%s）” (ambiguous region name)",
                           want, want, out);
    }
    return err_set(e, DK_EINVAL, "unknown_region", field, "未知地区“%.60s” (unknown region)", name);
}

int import_industry_section(db *d, const char *text, char out[2], dk_err *e)
{
    char t[256];
    cell_trim(text, t, sizeof t);
    char c = t[0];
    if (c >= 'a' && c <= 't') c = (char)(c - 'a' + 'A');
    if (c >= 'A' && c <= 'T' && (t[1] == '\0' || t[1] == ' ' || (unsigned char)t[1] >= 0x80)) {
        out[0] = c;
        out[1] = '\0';
        return DK_OK;
    }
    db_stmt *s = db_prepare(d, "SELECT code FROM industries WHERE level = 1 AND name = ?", e);
    if (!s) return e->status;
    db_bind_text(s, 1, t);
    int rc = db_step(s, e);
    if (rc == DB_ROW) snprintf(out, 2, "%s", db_col_text(s, 0));
    db_done(s);
    if (rc == DB_ROW) return DK_OK;
    return err_set(e, DK_EINVAL, "unknown_industry", "industry_section", "未知行业门类“%.60s”：应为 A–T 的字母或门类名称 (unknown industry section)", t);
}

int import_unit(db *d, const char *name, int64_t pairing_id, int64_t *id, dk_err *e)
{
    char t[256];
    cell_trim(name, t, sizeof t);
    db_stmt *s = db_prepare(d, "SELECT id FROM units WHERE pairing_id = ? AND name = ?", e);
    if (!s) return e->status;
    db_bind_int64(s, 1, pairing_id);
    db_bind_text(s, 2, t);
    int rc = db_step(s, e);
    if (rc == DB_ROW) *id = db_col_int64(s, 0);
    db_done(s);
    if (rc == DB_ROW) return DK_OK;
    return err_set(e, DK_EINVAL, "unknown_unit", "unit_id", "该对口合作关系中没有责任单位“%.60s” (no such unit in the pairing)", t);
}

int import_pairing(db *d, const char *text, int64_t *id, char *code, size_t n, dk_err *e)
{
    char t[256];
    cell_trim(text, t, sizeof t);
    db_stmt *s = db_prepare(d, "SELECT id, code FROM pairings WHERE code = ? OR name = ? ORDER BY id", e);
    if (!s) return e->status;
    db_bind_text(s, 1, t);
    db_bind_text(s, 2, t);
    int rc = db_step(s, e);
    if (rc == DB_ROW) {
        *id = db_col_int64(s, 0);
        snprintf(code, n, "%s", db_col_text(s, 1));
    }
    db_done(s);
    if (rc == DB_ROW) return DK_OK;
    return err_set(e, DK_EINVAL, "unknown_pairing", "pairing", "未知的对口合作关系“%.60s” (unknown pairing)", t);
}

int import_pairing_code(db *d, int64_t id, char *code, size_t n, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT code FROM pairings WHERE id = ?", e);
    if (!s) return e->status;
    db_bind_int64(s, 1, id);
    code[0] = '\0';
    int rc = db_step(s, e);
    if (rc == DB_ROW) snprintf(code, n, "%s", db_col_text(s, 0));
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}
