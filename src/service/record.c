/*
 * record.c — the engine behind every record kind described in record.h: checking a request's
 * fields against the kind's table, reading and listing with links, creating and changing with
 * If-Match and an audit row in the same transaction.
 */
#include "service/record.h"
#include "core/money.h"
#include "service/refcheck.h"
#include "store/audit.h"
#include "store/query.h"
#include "store/search_index.h"
#include "store/search_kinds.h"
#include "store/rows.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <stdlib.h>
#include <string.h>

/* ---- decimals --------------------------------------------------------------------------- */

int rec_decimal_parse(const char *s, int64_t *out)
{
    int neg = 0, frac = -1, digits = 0, group = -1; /* group: digits since the last thousands comma */
    int64_t v = 0;
    if (*s == '-') {
        neg = 1;
        s++;
    }
    for (; *s; s++) {
        if (*s == ',' && frac < 0 && digits > 0 && (group < 0 || group == 3)) {
            group = 0;
            continue;
        }
        if (*s == '.' && frac < 0 && (group < 0 || group == 3)) {
            frac = 0;
            group = -1;
            continue;
        }
        if (*s < '0' || *s > '9') return -1;
        if (frac >= 0 && ++frac > 3) return -1;
        if (group >= 0 && ++group > 3) return -1;
        if (++digits > 18) return -1; /* 18 digits fit int64; REC_DECIMAL_MAX is checked below */
        v = v * 10 + (*s - '0');
    }
    if (digits == 0 || (group >= 0 && group != 3)) return -1;
    int64_t scale = 1;
    for (int i = frac < 0 ? 0 : frac; i < 3; i++) scale *= 10;
    if (v > REC_DECIMAL_MAX / scale) return -1;
    v *= scale;
    *out = neg ? -v : v;
    return 0;
}

void rec_decimal_format(int64_t milli, char out[32])
{
    uint64_t a = milli < 0 ? (uint64_t)0 - (uint64_t)milli : (uint64_t)milli;
    int n = snprintf(out, 32, "%s%llu", milli < 0 ? "-" : "", (unsigned long long)(a / 1000));
    unsigned f = (unsigned)(a % 1000);
    if (f) {
        char frac[5];
        snprintf(frac, sizeof frac, ".%03u", f);
        for (int i = 3; frac[i] == '0'; i--) frac[i] = '\0';
        snprintf(out + n, (size_t)(32 - n), "%s", frac);
    }
}

/* ---- fields ----------------------------------------------------------------------------- */

static const struct rec_field *field_named(const struct rec_kind *k, const char *name)
{
    for (const struct rec_field *f = k->fields; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

static int is_column(const struct rec_field *f) { return f->type != RT_IDS && f->type != RT_ROWS; }

static const char *column_of(const struct rec_field *f, char buf[64])
{
    if (f->type != RT_DECIMAL) return f->name;
    snprintf(buf, 64, "%s_milli", f->name);
    return buf;
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' && *s != '\r') return 1;
    return 0;
}

static int bad(dk_err *e, const struct rec_field *f, const char *what)
{
    return err_set(e, DK_EINVAL, "invalid_field", f->name, "%s %s %s", f->label, f->name, what);
}

/* Checks one scalar value and leaves it in rec in its canonical form (money as an integer,
 * decimals as their shortest string). */
static int check_scalar(const struct rec_field *f, json_t *rec, const char *key, json_t *v, dk_err *e)
{
    switch (f->type) {
    case RT_TEXT:
    case RT_DATE:
    case RT_ENUM:
    case RT_REGION: {
        if (!json_is_string(v)) return err_set(e, DK_EINVAL, "invalid_type", f->name, "%s %s 应为文本 (must be a string)", f->label, f->name);
        const char *s = json_string_value(v);
        if (!*s && (f->flags & RF_REQUIRED)) return err_set(e, DK_EINVAL, "missing_field", f->name, "缺少%s %s (required)", f->label, f->name);
        if (has_control(s)) return bad(e, f, "含有控制字符 (control character)");
        if (f->type == RT_TEXT && f->max && (int64_t)strlen(s) > f->max)
            return err_set(e, DK_EINVAL, "too_long", f->name, "%s过长，最多 %lld 字节 (too long)", f->label, (long long)f->max);
        if (f->type == RT_DATE && !date_parse(s, NULL)) return bad(e, f, "应为 YYYY-MM-DD (date must be YYYY-MM-DD)");
        if (f->type == RT_REGION && (strlen(s) != 6 || strspn(s, "0123456789") != 6))
            return bad(e, f, "应为 6 位行政区划代码 (GB/T 2260 code)");
        if (f->type == RT_ENUM) {
            for (const char *const *c = f->choices; *c; c++)
                if (strcmp(*c, s) == 0) return DK_OK;
            sbuf sb;
            sb_init(&sb, 0);
            for (const char *const *c = f->choices; *c; c++) sb_printf(&sb, "%s%s", c == f->choices ? "" : ", ", *c);
            int rc = err_set(e, DK_EINVAL, "invalid_field", f->name, "%s %s 应为 %s 之一 (one of %s)", f->label, f->name, sb_str(&sb), sb_str(&sb));
            sb_free(&sb);
            return rc;
        }
        return DK_OK;
    }
    case RT_INT:
    case RT_REF: {
        if (!json_is_integer(v)) return err_set(e, DK_EINVAL, "invalid_type", f->name, "%s %s 应为整数 (must be an integer)", f->label, f->name);
        int64_t i = json_integer_value(v);
        if (f->type == RT_REF && i <= 0) return bad(e, f, "应为正整数 (must be a positive id)");
        if (f->type == RT_INT && (i < f->min || i > f->max))
            return err_set(e, DK_EINVAL, "out_of_range", f->name, "%s %s 应在 %lld 与 %lld 之间 (out of range)", f->label, f->name,
                           (long long)f->min, (long long)f->max);
        return DK_OK;
    }
    case RT_BOOL:
        if (!json_is_boolean(v)) return err_set(e, DK_EINVAL, "invalid_type", f->name, "%s %s 应为 true 或 false (must be a boolean)", f->label, f->name);
        return DK_OK;
    case RT_MONEY: {
        int64_t yuan;
        if (json_is_integer(v)) yuan = json_integer_value(v);
        else if (json_is_string(v)) {
            dk_err me;
            err_clear(&me);
            if (money_parse(json_string_value(v), MONEY_YUAN, 0, f->name, &yuan, &me) != DK_OK)
                return err_set(e, DK_EINVAL, "invalid_field", f->name, "%s %s: %s", f->label, f->name, me.message);
        } else return err_set(e, DK_EINVAL, "invalid_type", f->name, "%s %s 应为整数（元）或金额文本 (yuan or a money string)", f->label, f->name);
        if (yuan < 0 || yuan > MONEY_RECORD_MAX) return bad(e, f, "应在 0 与 10 万亿元之间 (out of range)");
        json_object_set_new(rec, key, json_integer(yuan));
        return DK_OK;
    }
    case RT_DECIMAL: {
        int64_t milli;
        char buf[32];
        if (json_is_integer(v) && json_integer_value(v) >= -REC_DECIMAL_MAX / 1000 && json_integer_value(v) <= REC_DECIMAL_MAX / 1000)
            milli = json_integer_value(v) * 1000;
        else if (!json_is_string(v) || rec_decimal_parse(json_string_value(v), &milli) != 0)
            return bad(e, f, "应为至多三位小数的数，如 \"12.5\" (an exact decimal, at most 3 places, as a string)");
        rec_decimal_format(milli, buf);
        json_object_set_new(rec, key, json_string(buf));
        return DK_OK;
    }
    default:
        return DK_OK;
    }
}

static int check_ids(const struct rec_field *f, json_t *v, dk_err *e)
{
    if (!json_is_array(v)) return err_set(e, DK_EINVAL, "invalid_type", f->name, "%s %s 应为编号数组 (must be an array of ids)", f->label, f->name);
    if (json_array_size(v) > 200) return bad(e, f, "最多 200 个 (at most 200)");
    size_t i, j;
    json_t *x, *y;
    json_array_foreach(v, i, x) {
        if (!json_is_integer(x) || json_integer_value(x) <= 0) return bad(e, f, "应为正整数编号的数组 (ids must be positive integers)");
        json_array_foreach(v, j, y) if (j < i && json_integer_value(y) == json_integer_value(x)) return bad(e, f, "有重复编号 (duplicate id)");
    }
    return DK_OK;
}

static int check_rows(const struct rec_field *f, json_t *v, dk_err *e)
{
    if (!json_is_array(v)) return err_set(e, DK_EINVAL, "invalid_type", f->name, "%s %s 应为数组 (must be an array)", f->label, f->name);
    if (json_array_size(v) > 500) return bad(e, f, "最多 500 项 (at most 500)");
    size_t i;
    json_t *row;
    json_array_foreach(v, i, row) {
        if (!json_is_object(row)) return bad(e, f, "的每一项应为对象 (each entry must be an object)");
        const char *key;
        json_t *val;
        json_object_foreach(row, key, val) {
            const struct rec_field *s = f->sub;
            while (s->name && strcmp(s->name, key)) s++;
            if (!s->name)
                return err_set(e, DK_EINVAL, "unknown_field", f->name, "%s第 %zu 项有未知字段 %.40s (unknown field)", f->label, i + 1, key);
        }
        for (const struct rec_field *s = f->sub; s->name; s++) {
            json_t *sv = json_object_get(row, s->name);
            if (!sv || json_is_null(sv)) {
                if (s->flags & RF_REQUIRED)
                    return err_set(e, DK_EINVAL, "missing_field", f->name, "%s第 %zu 项缺少%s %s (required)", f->label, i + 1, s->label, s->name);
                continue;
            }
            int rc = check_scalar(s, row, s->name, sv, e);
            if (rc != DK_OK) {
                char msg[sizeof e->message], code[sizeof e->code];
                snprintf(msg, sizeof msg, "%.40s第 %zu 项：%.300s", f->label, i + 1, e->message);
                snprintf(code, sizeof code, "%s", e->code);
                return err_set(e, rc, code, f->name, "%s", msg);
            }
        }
    }
    return DK_OK;
}

int rec_check_body(const struct rec_kind *k, json_t *body, json_t *rec, int creating, dk_err *e)
{
    if (!json_is_object(body)) return err_set(e, DK_EINVAL, "invalid_body", "", "请求体应为 JSON 对象 (body must be a JSON object)");
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        if (strcmp(key, "pairing") == 0 && creating) {
            if (!json_is_string(v)) return err_set(e, DK_EINVAL, "invalid_type", "pairing", "pairing 应为对口合作关系代码 (a pairing code)");
            continue;
        }
        const struct rec_field *f = field_named(k, key);
        if (!f) return err_set(e, DK_EINVAL, "unknown_field", key, "未知字段 %.60s (unknown field)", key);
        if (f->flags & RF_DERIVED)
            return err_set(e, DK_EINVAL, "derived_field", key, "%s %s 由系统计算，不能直接填写 (derived, not writable)", f->label, key);
        if (!creating && (f->flags & (RF_FIXED | RF_PARENT)))
            return err_set(e, DK_ERULE, "fixed_field", key, "%s %s 创建后不能修改 (cannot change after creation)", f->label, key);
        if (json_is_null(v)) {
            if (f->flags & RF_REQUIRED) return err_set(e, DK_EINVAL, "missing_field", key, "缺少%s %s (required)", f->label, key);
            if (f->flags & RF_NONNULL) return err_set(e, DK_EINVAL, "invalid_field", key, "%s %s 不能为空 (cannot be null)", f->label, key);
            json_object_set(rec, key, v);
            continue;
        }
        int rc = f->type == RT_IDS ? check_ids(f, v, e) : f->type == RT_ROWS ? check_rows(f, v, e) : DK_OK;
        if (rc != DK_OK) return rc;
        json_object_set(rec, key, v);
        if (is_column(f) && (rc = check_scalar(f, rec, key, v, e)) != DK_OK) return rc;
    }
    if (creating)
        for (const struct rec_field *f = k->fields; f->name; f++) {
            json_t *x = json_object_get(rec, f->name);
            if ((f->flags & RF_REQUIRED) && (!x || json_is_null(x)))
                return err_set(e, DK_EINVAL, "missing_field", f->name, "缺少%s %s (required)", f->label, f->name);
        }
    return DK_OK;
}

/* The pairing of record id in table, or 0 when there is none. */
static int64_t pairing_of(db *d, const char *table, int64_t id, dk_err *e)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT pairing_id FROM %s WHERE id = ?", table);
    (void)e;
    return db_int64(d, sql, 0, 1, id);
}

static int ref_missing(const struct rec_field *f, int64_t id, dk_err *e)
{
    return err_set(e, DK_ERULE, "unknown_reference", f->name, "%s %s: 编号 %lld 不存在或不属于本对口合作关系 (no such record in this pairing)",
                   f->label, f->name, (long long)id);
}

/* Checks that references exist in the record's pairing; sets rec's pairing_id. */
static int check_refs(db *d, const struct rec_kind *k, const struct actor *who, json_t *body, json_t *rec, int creating, dk_err *e)
{
    int64_t pairing = rec_pairing(rec);
    if (creating) {
        const struct rec_field *parent = NULL;
        for (const struct rec_field *f = k->fields; f->name; f++)
            if (f->flags & RF_PARENT) parent = f;
        if (parent) {
            int64_t pid = json_integer_value(json_object_get(rec, parent->name));
            if ((pairing = pairing_of(d, parent->ref, pid, e)) <= 0) return pairing < 0 ? e->status : ref_missing(parent, pid, e);
        } else {
            const char *code = json_string_value(json_object_get(body, "pairing"));
            if (!code) return err_set(e, DK_EINVAL, "missing_field", "pairing", "缺少对口合作关系 pairing (required)");
            if ((pairing = ref_pairing(d, code, "pairing", e)) == 0) return e->status;
        }
        if (!actor_in_scope(who, pairing)) {
            if (parent) /* a record of another pairing is answered as if it did not exist */
                return ref_missing(parent, json_integer_value(json_object_get(rec, parent->name)), e);
            return err_set(e, DK_EFORBIDDEN, "forbidden", "pairing", "无权在该对口合作关系中登记 (outside your pairing)");
        }
        json_object_set_new(rec, "pairing_id", json_integer(pairing));
    }
    for (const struct rec_field *f = k->fields; f->name; f++) {
        json_t *v = json_object_get(body, f->name);
        if (!v || json_is_null(v) || (f->flags & RF_PARENT)) continue;
        int rc = DK_OK;
        if (f->type == RT_REGION) rc = ref_region(d, json_string_value(v), f->name, e);
        else if (f->type == RT_REF || f->type == RT_IDS) {
            size_t i, n = f->type == RT_REF ? 1 : json_array_size(v);
            for (i = 0; i < n && rc == DK_OK; i++) {
                int64_t id = json_integer_value(f->type == RT_REF ? v : json_array_get(v, i));
                int64_t p = pairing_of(d, f->ref, id, e);
                if (p < 0) rc = e->status;
                else if (p != pairing) rc = ref_missing(f, id, e);
            }
        }
        if (rc != DK_OK) return rc;
    }
    return DK_OK;
}

int64_t rec_pairing(json_t *rec) { return json_integer_value(json_object_get(rec, "pairing_id")); }

int rec_office_may(const struct actor *who, int64_t pairing_id, dk_err *e)
{
    if (role_allows(who->role, PERM_OFFICE) && actor_in_scope(who, pairing_id)) return DK_OK;
    return err_set(e, DK_EFORBIDDEN, "forbidden", "", "只有合作办可以登记和修改此类记录 (only an office may change this record)");
}

static int may_write(db *d, const struct rec_kind *k, const struct actor *who, json_t *rec, dk_err *e)
{
    return k->may_write ? k->may_write(d, who, rec, e) : rec_office_may(who, rec_pairing(rec), e);
}

/* ---- binding and links ------------------------------------------------------------------ */

static void bind_field(db_stmt *s, int idx, const struct rec_field *f, json_t *v)
{
    if (!v || json_is_null(v)) {
        db_bind_null(s, idx);
        return;
    }
    int64_t milli = 0;
    switch (f->type) {
    case RT_BOOL: db_bind_int64(s, idx, json_is_true(v)); break;
    case RT_DECIMAL:
        rec_decimal_parse(json_string_value(v), &milli);
        db_bind_int64(s, idx, milli);
        break;
    case RT_INT:
    case RT_REF:
    case RT_MONEY: db_bind_int64(s, idx, json_integer_value(v)); break;
    default: db_bind_text(s, idx, json_string_value(v)); break;
    }
}

/* Replaces the link rows of field f of record id with the array v. */
static int write_links(db *d, const struct rec_field *f, int64_t id, json_t *v, dk_err *e)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = ?", f->link, f->link_owner);
    int rc = db_run(d, sql, e, 1, id);
    if (rc < 0) return rc;
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        sbuf sb;
        sb_init(&sb, 0);
        if (f->type == RT_IDS) sb_printf(&sb, "INSERT INTO %s (%s, %s) VALUES (?, ?)", f->link, f->link_owner, f->link_col);
        else {
            sb_printf(&sb, "INSERT INTO %s (%s, seq", f->link, f->link_owner);
            for (const struct rec_field *s = f->sub; s->name; s++) sb_printf(&sb, ", %s", s->name);
            sb_puts(&sb, ") VALUES (?, ?");
            for (const struct rec_field *s = f->sub; s->name; s++) sb_puts(&sb, ", ?");
            sb_puts(&sb, ")");
        }
        db_stmt *s = query_prepare_built(d, &sb, e);
        sb_free(&sb);
        if (!s) return e->status;
        db_bind_int64(s, 1, id);
        if (f->type == RT_IDS) db_bind_int64(s, 2, json_integer_value(x));
        else {
            db_bind_int64(s, 2, (int64_t)i + 1);
            int idx = 3;
            for (const struct rec_field *sf = f->sub; sf->name; sf++) bind_field(s, idx++, sf, json_object_get(x, sf->name));
        }
        rc = db_step(s, e);
        db_done(s);
        if (rc < 0) return rc;
    }
    return DK_OK;
}

/* Where the link rows of a page go: field f of the records, whose f->name arrays are arrays. */
struct link_page {
    const struct rec_field *f;
    json_t **arrays;
};

static void add_link(db_stmt *s, size_t i, void *arg)
{
    struct link_page *lp = arg;
    json_t *row = row_object_from(s, 1); /* column 0 is the owner */
    if (lp->f->type == RT_IDS) json_array_append(lp->arrays[i], json_object_get(row, lp->f->link_col));
    else json_array_append(lp->arrays[i], row);
    json_decref(row);
}

/* Sets field f of every record of the page recs (ids: theirs) to its links: the ids, or the
 * rows, in order. */
static int read_links(db *d, const struct rec_field *f, json_t *recs, const int64_t *ids, dk_err *e)
{
    sbuf sb;
    sb_init(&sb, 0);
    if (f->type == RT_IDS) sb_printf(&sb, "SELECT %s, %s", f->link_owner, f->link_col);
    else {
        sb_printf(&sb, "SELECT %s, seq", f->link_owner);
        for (const struct rec_field *s = f->sub; s->name; s++) sb_printf(&sb, ", %s", s->name);
    }
    sb_printf(&sb, " FROM %s WHERE %s IN (%s) ORDER BY %s, %s", f->link, f->link_owner, ROWS_CHUNK_MARKS, f->link_owner,
              f->type == RT_IDS ? f->link_col : "seq");
    size_t n = json_array_size(recs);
    struct link_page lp = {f, xmalloc(sizeof(json_t *) * (n + 1))};
    for (size_t i = 0; i < n; i++) {
        lp.arrays[i] = json_array();
        json_object_set_new(json_array_get(recs, i), f->name, lp.arrays[i]);
    }
    int rc = query_built(&sb, e); /* the kinds' own names: no small cap, never cut short */
    if (rc == DK_OK) rc = rows_by_ids(d, sb_str(&sb), ids, n, NULL, add_link, &lp, e);
    free(lp.arrays);
    sb_free(&sb);
    return rc;
}

/* Field f of a row as selected in the form a client sees (a decimal, a boolean). */
static void shape_column(const struct rec_field *f, json_t *rec)
{
    char col[64];
    if (f->type == RT_DECIMAL) {
        json_t *m = json_object_get(rec, column_of(f, col));
        if (m && json_is_integer(m)) {
            char buf[32];
            rec_decimal_format(json_integer_value(m), buf);
            json_object_set_new(rec, f->name, json_string(buf));
        } else json_object_set_new(rec, f->name, json_null());
        json_object_del(rec, col);
    } else if (f->type == RT_BOOL) {
        json_t *b = json_object_get(rec, f->name);
        json_object_set_new(rec, f->name, json_boolean(b && json_integer_value(b)));
    }
}

/* Turns the rows of a page as selected (recs, an array; one row for a single read) into the
 * records a client sees: field by field (columns in their form, links read), then the kind's
 * derived fields — each a few statements for the whole page. */
static int shape(db *d, const struct rec_kind *k, json_t *recs, const dk_date *as_of, dk_err *e)
{
    size_t n = json_array_size(recs), i;
    json_t *rec;
    int64_t *ids = xmalloc(sizeof(int64_t) * (n + 1));
    json_array_foreach(recs, i, rec) ids[i] = json_integer_value(json_object_get(rec, "id"));
    int rc = DK_OK;
    for (const struct rec_field *f = k->fields; rc == DK_OK && f->name; f++) {
        if (!is_column(f)) rc = read_links(d, f, recs, ids, e);
        else json_array_foreach(recs, i, rec) shape_column(f, rec);
    }
    if (rc == DK_OK && n > 0 && k->decorate) rc = k->decorate(d, recs, ids, as_of, e);
    free(ids);
    return rc;
}

/* ---- reading ---------------------------------------------------------------------------- */

static void select_from(sbuf *sb, const struct rec_kind *k, const char *what)
{
    sb_printf(sb, "SELECT %s FROM %s t JOIN pairings p ON p.id = t.pairing_id WHERE (? = 0 OR t.pairing_id = ?)", what, k->table);
}

json_t *rec_get(db *d, const struct rec_kind *k, int64_t id, int64_t scope, const dk_date *as_of, dk_err *e)
{
    sbuf sb;
    sb_init(&sb, 0);
    select_from(&sb, k, "t.*, p.code AS pairing");
    sb_puts(&sb, " AND t.id = ?");
    db_stmt *s = query_prepare_built(d, &sb, e);
    sb_free(&sb);
    if (!s) return NULL;
    db_bind_int64(s, 1, scope);
    db_bind_int64(s, 2, scope);
    db_bind_int64(s, 3, id);
    json_t *rec = row_to_json(s, k->label, e);
    if (!rec) {
        if (e->status == DK_ENOTFOUND)
            err_set(e, DK_ENOTFOUND, "not_found", "id", "%s %lld 不存在 (no such %s)", k->label, (long long)id, k->entity);
        return NULL;
    }
    dk_date today = date_today();
    json_t *one = json_array();
    json_array_append_new(one, rec);
    if (shape(d, k, one, as_of ? as_of : &today, e) != DK_OK) {
        json_decref(one);
        return NULL;
    }
    json_incref(rec);
    json_decref(one);
    return rec;
}

/* Adds "AND t.col = ?" for the filter and binds nothing yet; checks the value. */
static int add_filter(const struct rec_kind *k, const struct rec_filter *f, sbuf *sb, dk_err *e)
{
    if (strcmp(f->name, "pairing") == 0) { /* not p.code: the count reads no pairing */
        sb_puts(sb, " AND t.pairing_id = (SELECT id FROM pairings WHERE code = ?)");
        return DK_OK;
    }
    const char *const *ok = k->filters;
    while (ok && *ok && strcmp(*ok, f->name)) ok++;
    const struct rec_field *fd = field_named(k, f->name);
    if (!ok || !*ok || !fd) return err_set(e, DK_EINVAL, "invalid_parameter", f->name, "未知查询参数 %.40s (unknown parameter)", f->name);
    if (fd->type == RT_INT || fd->type == RT_REF) {
        char *end;
        long long v = strtoll(f->value, &end, 10);
        if (!*f->value || *end || v < 0)
            return err_set(e, DK_EINVAL, "invalid_parameter", f->name, "%s 应为整数 (must be an integer)", f->name);
    } else if (fd->type == RT_ENUM) {
        json_t *tmp = json_object(), *v = json_string(f->value);
        int rc = check_scalar(fd, tmp, fd->name, v, e);
        json_decref(tmp);
        json_decref(v);
        if (rc != DK_OK) {
            char msg[sizeof e->message];
            snprintf(msg, sizeof msg, "%s", e->message);
            return err_set(e, DK_EINVAL, "invalid_parameter", f->name, "%s", msg);
        }
    }
    sb_printf(sb, " AND t.%s = ?", fd->name);
    return DK_OK;
}

static void bind_filters(db_stmt *s, const struct rec_kind *k, const struct rec_filter *f, int nf, int64_t scope)
{
    db_bind_int64(s, 1, scope);
    db_bind_int64(s, 2, scope);
    for (int i = 0; i < nf; i++) {
        const struct rec_field *fd = field_named(k, f[i].name);
        if (fd && (fd->type == RT_INT || fd->type == RT_REF)) db_bind_int64(s, 3 + i, strtoll(f[i].value, NULL, 10));
        else db_bind_text(s, 3 + i, f[i].value);
    }
}

json_t *rec_list(db *d, const struct rec_kind *k, const struct rec_filter *f, int nf, int64_t scope, int64_t limit,
                 int64_t offset, const dk_date *as_of, int64_t *total, dk_err *e)
{
    sbuf where;
    sb_init(&where, 0);
    for (int i = 0; i < nf; i++)
        if (add_filter(k, &f[i], &where, e) != DK_OK) {
            sb_free(&where);
            return NULL;
        }
    sbuf sb;
    sb_init(&sb, 0);
    /* every row's pairing exists (a foreign key): the count needs no join to pairings */
    sb_printf(&sb, "SELECT COUNT(*) FROM %s t WHERE (? = 0 OR t.pairing_id = ?)%s", k->table, sb_str(&where));
    db_stmt *s = query_prepare_built(d, &sb, e);
    json_t *arr = NULL;
    if (s) {
        bind_filters(s, k, f, nf, scope);
        int rc = db_step(s, e);
        *total = rc == DB_ROW ? db_col_int64(s, 0) : 0;
        db_done(s);
        sb.len = 0;
        if (rc == DB_ROW) {
            select_from(&sb, k, "t.*, p.code AS pairing");
            sb_printf(&sb, "%s ORDER BY %s LIMIT ? OFFSET ?", sb_str(&where), k->order);
            if ((s = query_prepare_built(d, &sb, e)) != NULL) {
                bind_filters(s, k, f, nf, scope);
                db_bind_int64(s, 3 + nf, limit);
                db_bind_int64(s, 4 + nf, offset);
                arr = rows_to_json(s, e);
            }
        }
    }
    sb_free(&sb);
    sb_free(&where);
    dk_date today = date_today();
    if (arr && shape(d, k, arr, as_of ? as_of : &today, e) != DK_OK) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* ---- writing ---------------------------------------------------------------------------- */

/* What the audit keeps of a record: its stored fields and version, not what is derived on
 * reading (a status computed for today is not a change). New reference. */
static json_t *stored_view(const struct rec_kind *k, json_t *rec)
{
    if (!rec) return NULL;
    json_t *o = json_object();
    for (const struct rec_field *f = k->fields; f->name; f++) {
        json_t *v = json_object_get(rec, f->name);
        if (v) json_object_set(o, f->name, v);
    }
    json_object_set(o, "version", json_object_get(rec, "version"));
    return o;
}

/* Keeps the search index in step in the same transaction: the record, when its kind is
 * searchable (the search kind is named like the entity), and a work item's updates, which
 * show the item's title. */
static int reindex_each(db *d, const char *kind, const char *sql, int64_t id, dk_err *e);

static int reindex(db *d, const struct rec_kind *k, int64_t id, dk_err *e)
{
    if (!search_kind_find(k->entity)) return DK_OK;
    int rc = search_index_put(d, k->entity, id, e);
    if (rc == DK_OK && strcmp(k->entity, "unit") == 0) /* items show their lead unit's name */
        return reindex_each(d, "work_item", "SELECT id FROM work_items WHERE lead_unit_id = ?", id, e);
    if (rc != DK_OK || strcmp(k->entity, "work_item") != 0) return rc;
    return reindex_each(d, "item_update", "SELECT id FROM work_item_updates WHERE item_id = ?", id, e);
}

/* Re-indexes as kind every record sql (one id parameter) names; a work item with its updates. */
static int reindex_each(db *d, const char *kind, const char *sql, int64_t id, dk_err *e)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e->status;
    db_bind_int64(s, 1, id);
    json_t *ups = rows_to_json(s, e);
    if (!ups) return e->status;
    size_t i;
    json_t *u;
    int rc = DK_OK;
    json_array_foreach(ups, i, u) {
        int64_t one = json_integer_value(json_object_get(u, "id"));
        if (rc == DK_OK) rc = search_index_put(d, kind, one, e);
        if (rc == DK_OK && strcmp(kind, "work_item") == 0)
            rc = reindex_each(d, "item_update", "SELECT id FROM work_item_updates WHERE item_id = ?", one, e);
    }
    json_decref(ups);
    return rc;
}

int rec_finish(db *d, const struct rec_kind *k, const struct actor *who, const char *action, int64_t id, json_t *detail,
               json_t *before, dk_err *e)
{
    char act[64];
    snprintf(act, sizeof act, "%s.%s", k->entity, action);
    json_t *now = rec_get(d, k, id, 0, NULL, e);
    int rc = now ? DK_OK : e->status;
    json_t *was = stored_view(k, before), *after = stored_view(k, now);
    if (rc == DK_OK) {
        struct audit_entry a = {who, act, k->table, id, detail, was, after};
        rc = audit_write(d, &a, e);
    }
    if (rc == DK_OK) rc = reindex(d, k, id, e);
    json_decref(before);
    json_decref(was);
    json_decref(now);
    json_decref(after);
    return db_end(d, rc, e);
}

static int fail(db *d, int rc)
{
    db_rollback(d);
    return rc;
}

int rec_create(db *d, const struct rec_kind *k, const struct actor *who, json_t *body, int64_t *id_out, dk_err *e)
{
    json_t *rec = json_object();
    int rc = rec_check_body(k, body, rec, 1, e);
    if (rc != DK_OK) {
        json_decref(rec);
        return rc;
    }
    if ((rc = db_begin_write(d, e)) != DK_OK) {
        json_decref(rec);
        return rc;
    }
    if ((rc = check_refs(d, k, who, body, rec, 1, e)) != DK_OK || (k->check && (rc = k->check(d, who, rec, 1, e)) != DK_OK) ||
        (rc = may_write(d, k, who, rec, e)) != DK_OK) {
        json_decref(rec);
        return fail(d, rc);
    }
    sbuf sb, vals;
    sb_init(&sb, 0);
    sb_init(&vals, 0);
    sb_printf(&sb, "INSERT INTO %s (pairing_id", k->table);
    sb_puts(&vals, "?");
    for (const struct rec_field *f = k->fields; f->name; f++) {
        char col[64];
        json_t *v = json_object_get(rec, f->name);
        if (!is_column(f) || !v || json_is_null(v)) continue;
        sb_printf(&sb, ", %s", column_of(f, col));
        sb_puts(&vals, ", ?");
    }
    if (k->timestamps) {
        sb_puts(&sb, ", created_at, updated_at");
        sb_puts(&vals, ", ?, ?");
    }
    sb_printf(&sb, ") VALUES (%s) RETURNING id", sb_str(&vals));
    db_stmt *s = query_prepare_built(d, &sb, e);
    sb_free(&sb);
    sb_free(&vals);
    if (!s) {
        json_decref(rec);
        return fail(d, e->status);
    }
    int idx = 1;
    db_bind_int64(s, idx++, rec_pairing(rec));
    for (const struct rec_field *f = k->fields; f->name; f++) {
        json_t *v = json_object_get(rec, f->name);
        if (is_column(f) && v && !json_is_null(v)) bind_field(s, idx++, f, v);
    }
    char now[21];
    time_now_iso(now);
    if (k->timestamps) {
        db_bind_text(s, idx++, now);
        db_bind_text(s, idx++, now);
    }
    rc = db_step(s, e);
    int64_t id = rc == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    for (const struct rec_field *f = k->fields; rc == DB_ROW && f->name; f++) {
        json_t *v = json_object_get(rec, f->name);
        if (!is_column(f) && v && !json_is_null(v) && write_links(d, f, id, v, e) != DK_OK) rc = e->status;
    }
    json_decref(rec);
    if (rc != DB_ROW) return fail(d, rc < 0 ? rc : DK_EINTERNAL);
    *id_out = id;
    return rec_finish(d, k, who, "create", id, body, NULL, e);
}

int rec_begin_change(db *d, const struct rec_kind *k, const struct actor *who, int64_t id, int64_t if_match, json_t **before,
                     dk_err *e)
{
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    *before = rec_get(d, k, id, who->pairing_id, NULL, e);
    if (!*before) return fail(d, e->status);
    int64_t version = json_integer_value(json_object_get(*before, "version"));
    if (if_match && if_match != version)
        rc = err_set(e, DK_ESTALE, "stale_version", "version", "%s已被他人修改（当前版本 %lld），请刷新后重试 (current version is %lld)", k->label,
                     (long long)version, (long long)version);
    else rc = may_write(d, k, who, *before, e);
    if (rc != DK_OK) {
        json_decref(*before);
        *before = NULL;
        return fail(d, rc);
    }
    return DK_OK;
}

int rec_update(db *d, const struct rec_kind *k, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e)
{
    json_t *patch = json_object();
    int rc = rec_check_body(k, body, patch, 0, e);
    json_t *before = NULL;
    if (rc != DK_OK || (rc = rec_begin_change(d, k, who, id, if_match, &before, e)) != DK_OK) {
        json_decref(patch);
        return rc;
    }
    json_t *rec = json_deep_copy(before);
    json_object_update(rec, patch);
    if ((rc = check_refs(d, k, who, patch, rec, 0, e)) != DK_OK || (k->check && (rc = k->check(d, who, rec, 0, e)) != DK_OK) ||
        (rc = may_write(d, k, who, rec, e)) != DK_OK)
        goto done;
    sbuf sb;
    sb_init(&sb, 0);
    sb_printf(&sb, "UPDATE %s SET version = version + 1", k->table);
    if (k->timestamps) sb_puts(&sb, ", updated_at = ?");
    for (const struct rec_field *f = k->fields; f->name; f++) {
        char col[64];
        if (is_column(f) && json_object_get(patch, f->name)) sb_printf(&sb, ", %s = ?", column_of(f, col));
    }
    sb_puts(&sb, " WHERE id = ?");
    db_stmt *s = query_prepare_built(d, &sb, e);
    sb_free(&sb);
    if (!s) {
        rc = e->status;
        goto done;
    }
    int idx = 1;
    char now[21];
    time_now_iso(now);
    if (k->timestamps) db_bind_text(s, idx++, now);
    for (const struct rec_field *f = k->fields; f->name; f++)
        if (is_column(f) && json_object_get(patch, f->name)) bind_field(s, idx++, f, json_object_get(rec, f->name));
    db_bind_int64(s, idx, id);
    rc = db_step(s, e);
    db_done(s);
    for (const struct rec_field *f = k->fields; rc >= 0 && f->name; f++) {
        json_t *v = json_object_get(patch, f->name);
        if (is_column(f) || !v) continue;
        json_t *none = json_array();
        rc = write_links(d, f, id, json_is_null(v) ? none : v, e);
        json_decref(none);
    }
done:
    json_decref(rec);
    json_decref(patch);
    if (rc < 0 || (rc != DK_OK && rc != DB_DONE)) {
        json_decref(before);
        return fail(d, rc < 0 ? rc : e->status);
    }
    return rec_finish(d, k, who, "update", id, body, before, e);
}
