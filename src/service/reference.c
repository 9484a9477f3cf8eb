/* reference.c — read-only queries over reference records (see reference.h). */
#include "service/reference.h"
#include "store/query.h"
#include "store/rows.h"

#define PAIRING_COLS "SELECT pa.id, pa.code, pa.name, pa.programme, pa.level, pa.host_region, h.name AS host_region_name, " \
                     "pa.partner_region, pr.name AS partner_region_name, pa.start_date, " \
                     "(SELECT COUNT(*) FROM projects p WHERE p.pairing_id = pa.id) AS projects, pa.version " \
                     "FROM pairings pa JOIN regions h ON h.code = pa.host_region JOIN regions pr ON pr.code = pa.partner_region"

static json_t *run(struct query *q, db *d, dk_err *e)
{
    db_stmt *s = query_prepare(q, d, e);
    query_free(q);
    return s ? rows_to_json(s, e) : NULL;
}

json_t *ref_pairings(db *d, int64_t scope, dk_err *e)
{
    struct query q;
    query_init(&q, PAIRING_COLS " WHERE 1 = 1");
    if (scope) query_int(&q, " AND pa.id = ?", scope);
    query_sql(&q, " ORDER BY pa.id");
    return run(&q, d, e);
}

json_t *ref_pairing_get(db *d, const char *code, int64_t scope, dk_err *e)
{
    struct query q;
    query_init(&q, PAIRING_COLS);
    query_text(&q, " WHERE pa.code = ?", code);
    if (scope) query_int(&q, " AND pa.id = ?", scope);
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    return s ? row_to_json(s, "对口合作关系", e) : NULL;
}

json_t *ref_units(db *d, const char *pairing, const char *side, int64_t scope, dk_err *e)
{
    struct query q;
    query_init(&q, "SELECT u.id, pa.code AS pairing, u.side, u.kind, u.name, u.sort_order FROM units u "
                   "JOIN pairings pa ON pa.id = u.pairing_id WHERE 1 = 1");
    if (scope) query_int(&q, " AND pa.id = ?", scope);
    if (pairing) query_text(&q, " AND pa.code = ?", pairing);
    if (side) query_text(&q, " AND u.side = ?", side);
    query_sql(&q, " ORDER BY pa.id, u.side, u.sort_order, u.id");
    return run(&q, d, e);
}

json_t *ref_regions(db *d, const char *parent, const char *q_text, int level, dk_err *e)
{
    struct query q;
    query_init(&q, "SELECT code, name, parent_code, level FROM regions WHERE 1 = 1");
    if (parent) query_text(&q, " AND parent_code = ?", parent);
    if (level > 0) query_int(&q, " AND level = ?", level);
    if (q_text && *q_text) {
        char *like = query_like_contains(q_text);
        query_text(&q, " AND lower(name) LIKE lower(?) ESCAPE '\\'", like);
        free(like);
    }
    query_sql(&q, " ORDER BY code LIMIT 5000");
    return run(&q, d, e);
}

json_t *ref_region_get(db *d, const char *code, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT code, name, parent_code, level FROM regions WHERE code = ?", e);
    if (!s) return NULL;
    db_bind_text(s, 1, code);
    json_t *o = row_to_json(s, "行政区划", e);
    if (!o) return NULL;
    json_t *children = ref_regions(d, code, NULL, 0, e);
    if (!children) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "children", children);
    return o;
}

json_t *ref_industries(db *d, int level, const char *section, dk_err *e)
{
    struct query q;
    query_init(&q, "SELECT code, section, level, name FROM industries WHERE 1 = 1");
    if (level > 0) query_int(&q, " AND level = ?", level);
    if (section) query_text(&q, " AND section = ?", section);
    query_sql(&q, " ORDER BY section, code");
    return run(&q, d, e);
}

json_t *ref_capital_stats(db *d, const char *host_region, int year, dk_err *e)
{
    struct query q;
    query_init(&q, "SELECT c.host_region, c.year, c.source_region, r.name AS source_region_name, c.amount "
                   "FROM capital_stats c JOIN regions r ON r.code = c.source_region WHERE 1 = 1");
    if (host_region) query_text(&q, " AND c.host_region = ?", host_region);
    if (year > 0) query_int(&q, " AND c.year = ?", year);
    query_sql(&q, " ORDER BY c.host_region, c.year, c.amount DESC");
    return run(&q, d, e);
}

#define AUDIT_COLS "SELECT id, at, actor, ip, action, entity, entity_id, detail, before_json AS before, after_json AS after, " \
                   "change_set " \
                   "FROM audit_log"

json_t *ref_history(db *d, const char *entity, int64_t entity_id, dk_err *e)
{
    struct audit_filter f = {.entity = entity, .entity_id = entity_id, .limit = 1000};
    json_t *rows = ref_audit(d, &f, e);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) json_object_del(r, "ip"); /* addresses are for the administrator's audit view */
    return rows;
}

json_t *ref_audit(db *d, const struct audit_filter *f, dk_err *e)
{
    struct query q;
    query_init(&q, AUDIT_COLS " WHERE 1 = 1");
    if (f->entity) query_text(&q, " AND entity = ?", f->entity);
    if (f->entity_id > 0) query_int(&q, " AND entity_id = ?", f->entity_id);
    if (f->actor) query_text(&q, " AND actor = ?", f->actor);
    if (f->action) query_text(&q, " AND action = ?", f->action);
    if (f->from) query_text(&q, " AND at >= ?", f->from);
    if (f->to) query_text(&q, " AND at < ?", f->to);
    query_int(&q, " ORDER BY id DESC LIMIT ?", f->limit > 0 ? f->limit : 100);
    query_int(&q, " OFFSET ?", f->offset);
    json_t *rows = run(&q, d, e);
    /* the stored JSON texts become JSON values */
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        static const char *const keys[] = {"detail", "before", "after"};
        for (int k = 0; k < 3; k++) {
            json_t *t = json_object_get(r, keys[k]);
            json_t *v = json_is_string(t) ? json_loads(json_string_value(t), JSON_DECODE_ANY, NULL) : NULL;
            if (v) json_object_set_new(r, keys[k], v);
        }
    }
    return rows;
}
