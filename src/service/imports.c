/*
 * imports.c — the import runner (see imports.h): reads the ledger row by row, converts each
 * data row's cells by the kind's column table, applies it through the kind's upsert inside one
 * write transaction, collects every problem, and commits one change set — or rolls it all back.
 */
#include "service/imports.h"
#include "core/dates.h"
#include "ledger/cells.h"
#include "store/audit.h"
#include "util/sbuf.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* One import in progress. */
struct run {
    db *d;
    const struct actor *who;
    const struct import_kind *kind;
    struct ledger_layout L;
    const char *sheet;
    char sheet_name[128];
    json_t *problems, *changes;
    int64_t problem_count, rows, added, changed, unchanged;
    dk_err *e;
};

static const char *unit_name(enum money_unit u)
{
    return u == MONEY_YI ? "亿元" : u == MONEY_YUAN ? "元" : "万元";
}

/* Drops a UTF-8 sequence a truncation cut in half at the end of s (JSON needs whole characters). */
static void utf8_cut(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--; /* continuation bytes */
    if (i == 0) return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < want) s[i - 1] = '\0';
}

static void problem(struct run *R, long row, int col, const char *value, const char *code, const char *field,
                    const char *message)
{
    R->problem_count++;
    if (json_array_size(R->problems) >= IMPORT_MAX_PROBLEMS) return;
    char ref[8] = "";
    const char *header = "";
    if (col >= 0) {
        ledger_col_name(col, ref);
        if (R->L.map[col] >= 0) header = R->kind->cols[R->L.map[col]].headers[0];
    }
    char v[200];
    snprintf(v, sizeof v, "%s", value ? value : "");
    utf8_cut(v);
    char msg[sizeof ((dk_err *)0)->message];
    snprintf(msg, sizeof msg, "%s", message);
    utf8_cut(msg);
    message = msg;
    json_t *p = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "sheet", R->sheet_name, "row", (json_int_t)row,
                          "column", ref, "header", header, "field", field ? field : "", "value", v, "code", code,
                          "message", message);
    if (p) json_array_append_new(R->problems, p);
}

/* Converts one cell by its column's type into a JSON value; NULL with a problem recorded. */
static json_t *convert(struct run *R, const struct ledger_row *r, int c, const struct ledger_col *col)
{
    const struct ledger_cell *cell = &r->cells[c];
    char trimmed[LEDGER_MAX_CELL + 1];
    char msg[384];
    if (cell_is_blank(cell->text)) {
        if (col->required) {
            snprintf(msg, sizeof msg, "缺少%s (required)", col->headers[0]);
            problem(R, r->row, c, cell->text, "missing_field", col->field, msg);
            return NULL;
        }
        return json_null();
    }
    switch (col->type) {
    case COL_TEXT:
        cell_trim(cell->text, trimmed, sizeof trimmed);
        return json_string(trimmed);
    case COL_MONEY: {
        int64_t v;
        dk_err me;
        err_clear(&me);
        if (cell_money(cell, layout_unit(&R->L, c), col->field, &v, &me) != DK_OK) {
            problem(R, r->row, c, cell->text, "invalid_money", col->field, me.message);
            return NULL;
        }
        return json_integer(v);
    }
    case COL_DATE: {
        char d[11];
        if (cell_date(cell, d)) return json_string(d);
        snprintf(msg, sizeof msg, "%s应为日期，如 2017-5-8、2017/05/08、2017年5月8日 (not a date)", col->headers[0]);
        problem(R, r->row, c, cell->text, "invalid_date", col->field, msg);
        return NULL;
    }
    case COL_MONTH: {
        char m[8];
        if (cell_month(cell, m)) return json_string(m);
        snprintf(msg, sizeof msg, "%s应为月份，如 2017-05、2017.05、2017年5月 (not a month)", col->headers[0]);
        problem(R, r->row, c, cell->text, "invalid_month", col->field, msg);
        return NULL;
    }
    case COL_INT: {
        int64_t v;
        if (cell_int(cell, &v)) return json_integer(v);
        snprintf(msg, sizeof msg, "%s应为整数 (not a whole number)", col->headers[0]);
        problem(R, r->row, c, cell->text, "invalid_number", col->field, msg);
        return NULL;
    }
    }
    return NULL;
}

/* The sheet column holding field (for a service's refusal), else the key's column. */
static int column_of_field(struct run *R, const char *field)
{
    for (int i = 0; R->kind->cols[i].field; i++)
        if (field && strcmp(R->kind->cols[i].field, field) == 0) return layout_column_of(&R->L, i);
    for (int i = 0; R->kind->cols[i].field; i++)
        if (strcmp(R->kind->cols[i].field, R->kind->key) == 0) return layout_column_of(&R->L, i);
    return -1;
}

static int data_row(struct run *R, const struct ledger_row *r)
{
    R->rows++;
    json_t *row = json_object();
    int bad = 0;
    for (int i = 0; R->kind->cols[i].field; i++) {
        int c = layout_column_of(&R->L, i);
        if (c < 0) continue;
        if (c >= r->n) { /* a trailing empty cell the file left out */
            if (R->kind->cols[i].required) {
                char msg[256];
                snprintf(msg, sizeof msg, "缺少%s (required)", R->kind->cols[i].headers[0]);
                problem(R, r->row, c, "", "missing_field", R->kind->cols[i].field, msg);
                bad = 1;
            } else {
                json_object_set_new(row, R->kind->cols[i].field, json_null());
            }
            continue;
        }
        json_t *v = convert(R, r, c, &R->kind->cols[i]);
        if (!v) bad = 1;
        else json_object_set_new(row, R->kind->cols[i].field, v);
    }
    if (bad) {
        json_decref(row);
        return DK_OK;
    }
    enum import_outcome out = IMPORT_UNCHANGED;
    json_t *changes = NULL;
    dk_err e;
    err_clear(&e);
    int rc = R->kind->apply(R->d, R->who, row, &out, &changes, &e);
    if (rc == DK_EUNAVAIL || rc == DK_EINTERNAL) { /* the database, not the row: stop */
        *R->e = e;
        json_decref(row);
        json_decref(changes);
        return rc;
    }
    if (rc != DK_OK) {
        int c = column_of_field(R, e.field);
        json_t *v = e.field[0] ? json_object_get(row, e.field) : NULL;
        char value[64] = "";
        if (c >= 0 && c < r->n) snprintf(value, sizeof value, "%s", r->cells[c].text);
        else if (json_is_string(v)) snprintf(value, sizeof value, "%s", json_string_value(v));
        problem(R, r->row, c, value, e.code, e.field, e.message);
    } else {
        if (out == IMPORT_ADDED) R->added++;
        else if (out == IMPORT_CHANGED) R->changed++;
        else R->unchanged++;
        if (out != IMPORT_UNCHANGED && json_array_size(R->changes) < IMPORT_MAX_PROBLEMS) {
            json_t *key = json_object_get(row, R->kind->key);
            json_array_append_new(R->changes, json_pack("{s:I, s:s, s:O?, s:o}", "row", (json_int_t)r->row, "action",
                                                        out == IMPORT_ADDED ? "add" : "change", "key", key, "fields",
                                                        changes ? changes : json_object()));
            changes = NULL;
        }
    }
    json_decref(changes);
    json_decref(row);
    return DK_OK;
}

/* The headers of the kind's required columns, "项目编号、项目名称", into sb. */
static void required_headers(const struct import_kind *k, sbuf *sb)
{
    for (int i = 0; k->cols[i].field; i++)
        if (k->cols[i].required) sb_printf(sb, "%s%s", sb->len ? "、" : "", k->cols[i].headers[0]);
}

/* After the header: every required column must be there. */
static int check_header(struct run *R, long row)
{
    sbuf missing;
    sb_init(&missing, 1024);
    for (int i = 0; R->kind->cols[i].field; i++)
        if (R->kind->cols[i].required && layout_column_of(&R->L, i) < 0)
            sb_printf(&missing, "%s%s", missing.len ? "、" : "", R->kind->cols[i].headers[0]);
    int rc = DK_OK;
    if (missing.len)
        rc = err_set(R->e, DK_EINVAL, "missing_column", "header", "%s%s第 %ld 行的表头缺少列：%.200s (missing columns)", R->sheet_name,
                     R->sheet_name[0] ? " " : "", row, sb_str(&missing));
    sb_free(&missing);
    return rc;
}

static int on_row(void *ctx, const struct ledger_row *r, dk_err *e)
{
    struct run *R = ctx;
    if (!R->sheet_name[0] && r->sheet[0]) snprintf(R->sheet_name, sizeof R->sheet_name, "%s", r->sheet);
    int had_header = R->L.header_found;
    enum row_class k = layout_classify(&R->L, r);
    switch (k) {
    case ROW_BEFORE_HEADER:
        if (R->L.rows_seen >= LAYOUT_SCAN_ROWS) {
            sbuf want;
            sb_init(&want, 512);
            required_headers(R->kind, &want);
            err_set(e, DK_EINVAL, "no_header", "header", "%s%s前 %d 行中没有找到表头，应有：%.200s (no header row found)", R->sheet_name,
                    R->sheet_name[0] ? " " : "", LAYOUT_SCAN_ROWS, sb_str(&want));
            sb_free(&want);
            return DK_EINVAL;
        }
        return DK_OK;
    case ROW_HEADER:
        return had_header ? DK_OK : check_header(R, r->row);
    case ROW_BLANK:
    case ROW_TOTAL:
    case ROW_NOTE:
        return DK_OK;
    case ROW_DATA:
        return data_row(R, r);
    }
    return DK_OK;
}

static void new_change_set(char out[21])
{
    unsigned char b[8];
    randombytes_buf(b, sizeof b);
    memcpy(out, "imp-", 4);
    sodium_bin2hex(out + 4, 17, b, sizeof b);
}

/* Records the applied import: the imports row and its audit entry. */
static int record(struct run *R, const struct import_request *rq, const char *cs, dk_err *e)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, rq->data, rq->len);
    char hex[crypto_hash_sha256_BYTES * 2 + 1], now[21];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    time_now_iso(now);
    db_stmt *s = db_prepare(R->d, "INSERT INTO imports (change_set, kind, file_name, file_sha256, sheet, actor, rows_read, "
                                  "added, changed, unchanged, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
    if (!s) return e->status;
    db_bind_text(s, 1, cs);
    db_bind_text(s, 2, R->kind->name);
    db_bind_text(s, 3, rq->file_name);
    db_bind_text(s, 4, hex);
    db_bind_text(s, 5, R->sheet_name);
    db_bind_text(s, 6, R->who->name);
    db_bind_int64(s, 7, R->rows);
    db_bind_int64(s, 8, R->added);
    db_bind_int64(s, 9, R->changed);
    db_bind_int64(s, 10, R->unchanged);
    db_bind_text(s, 11, now);
    int rc = db_step(s, e);
    int64_t id = rc == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    if (rc < 0) return rc;
    json_t *detail = json_pack("{s:s, s:s?, s:s, s:s, s:I, s:I, s:I, s:I}", "kind", R->kind->name, "file", rq->file_name,
                               "sha256", hex, "sheet", R->sheet_name, "rows", (json_int_t)R->rows, "added",
                               (json_int_t)R->added, "changed", (json_int_t)R->changed, "unchanged", (json_int_t)R->unchanged);
    rc = audit_append(R->d, R->who, "import.apply", "imports", id, detail, e);
    json_decref(detail);
    return rc;
}

int imports_run(db *d, const struct actor *who, const struct import_request *rq, json_t **report, dk_err *e)
{
    *report = NULL;
    const struct import_kind *kind = import_kind_find(rq->kind ? rq->kind : "projects");
    if (!kind) {
        sbuf names;
        sb_init(&names, 256);
        for (const struct import_kind *const *k = import_kinds; *k; k++) sb_printf(&names, "%s%s", names.len ? "|" : "", (*k)->name);
        err_set(e, DK_EINVAL, "invalid_parameter", "kind", "未知的导入类型 \"%.40s\"：应为 %s (unknown kind)", rq->kind, sb_str(&names));
        sb_free(&names);
        return DK_EINVAL;
    }
    if (!role_allows(who->role, PERM_WRITE))
        return err_set(e, DK_EFORBIDDEN, "forbidden", "", "无权导入 (importing is a write; this role only reads)");
    if (rq->len == 0) return err_set(e, DK_EINVAL, "empty_file", "file", "文件为空 (the file is empty)");
    char cs[21];
    new_change_set(cs);
    struct run R;
    memset(&R, 0, sizeof R);
    R.d = d;
    R.who = who;
    R.kind = kind;
    R.e = e;
    R.problems = json_array();
    R.changes = json_array();
    layout_init(&R.L, kind->cols);

    int rc = db_begin_write(d, e);
    if (rc != DK_OK) goto out;
    audit_set_change_set(cs);
    struct ledger_opts o = {rq->sheet, rq->encoding, 0, 0, rq->progress, rq->progress_ctx};
    rc = ledger_read(rq->data, rq->len, rq->file_name, &o, on_row, &R, e);
    if (rc == DK_OK && !R.L.header_found) {
        sbuf want;
        sb_init(&want, 512);
        required_headers(kind, &want);
        rc = err_set(e, DK_EINVAL, "no_header", "header", "%s%s没有找到表头，应有：%.200s (no header row found)", R.sheet_name,
                     R.sheet_name[0] ? " " : "", sb_str(&want));
        sb_free(&want);
    }
    if (rc != DK_OK) {
        db_rollback(d);
        goto out;
    }
    int apply = !rq->dry_run && R.problem_count == 0;
    if (apply && (rc = record(&R, rq, cs, e)) != DK_OK) {
        db_rollback(d);
        goto out;
    }
    if (apply) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc != DK_OK) goto out;
    *report = json_pack("{s:s, s:s?, s:s, s:b, s:I, s:s, s:I, s:I, s:I, s:I, s:s?, s:O, s:I, s:O}", "kind", kind->name, "file",
                        rq->file_name, "sheet", R.sheet_name, "dry_run", rq->dry_run, "header_row",
                        (json_int_t)R.L.header_row, "unit", unit_name(layout_unit(&R.L, -1)), "rows", (json_int_t)R.rows,
                        "added", (json_int_t)R.added, "changed", (json_int_t)R.changed, "unchanged",
                        (json_int_t)R.unchanged, "change_set", apply ? cs : NULL, "problems", R.problems, "problem_count",
                        (json_int_t)R.problem_count, "changes", R.changes);
    if (R.problem_count)
        rc = err_set(e, DK_ERULE, "import_rejected", "file", "%lld 处问题，未导入任何数据 (%lld problems: nothing was imported)",
                     (long long)R.problem_count, (long long)R.problem_count);
out:
    audit_set_change_set(NULL);
    json_decref(R.problems);
    json_decref(R.changes);
    return rc;
}
