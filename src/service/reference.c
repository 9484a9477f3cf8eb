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

json_t *ref_pairings(db *d, dk_err *e)
{
    struct query q;
    query_init(&q, PAIRING_COLS " ORDER BY pa.id");
    return run(&q, d, e);
}

json_t *ref_pairing_get(db *d, const char *code, dk_err *e)
{
    db_stmt *s = db_prepare(d, PAIRING_COLS " WHERE pa.code = ?", e);
    if (!s) return NULL;
    db_bind_text(s, 1, code);
    return row_to_json(s, "对口合作关系", e);
}

json_t *ref_units(db *d, const char *pairing, const char *side, dk_err *e)
{
    struct query q;
    query_init(&q, "SELECT u.id, pa.code AS pairing, u.side, u.kind, u.name, u.sort_order FROM units u "
                   "JOIN pairings pa ON pa.id = u.pairing_id WHERE 1 = 1");
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
        query_text(&q, " AND name LIKE ? ESCAPE '\\'", like);
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

json_t *ref_history(db *d, const char *entity, int64_t entity_id, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, at, actor, action, detail FROM audit_log WHERE entity = ? AND entity_id = ? "
                               "ORDER BY id DESC", e);
    if (!s) return NULL;
    db_bind_text(s, 1, entity);
    db_bind_int64(s, 2, entity_id);
    return rows_to_json(s, e);
}
