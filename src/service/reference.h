/*
 * reference.h — the read side of reference records: pairings, units, regions, industries,
 * introduced-capital statistics and a record's audit history. Each returns a new JSON value
 * the caller owns, or NULL with e filled.
 */
#ifndef DUIKOU_SVC_REFERENCE_H
#define DUIKOU_SVC_REFERENCE_H
#include <jansson.h>
#include "db/db.h"

/* scope: the caller's pairing id (0 = every pairing); records outside it are not shown. */
json_t *ref_pairings(db *d, int64_t scope, dk_err *e);
json_t *ref_pairing_get(db *d, const char *code, int64_t scope, dk_err *e);
/* pairing and side may be NULL. */
json_t *ref_units(db *d, const char *pairing, const char *side, int64_t scope, dk_err *e);
/* parent, q may be NULL; level 0 = any. */
json_t *ref_regions(db *d, const char *parent, const char *q, int level, dk_err *e);
/* One region with its children. */
json_t *ref_region_get(db *d, const char *code, dk_err *e);
/* level 0 = any; section may be NULL. */
json_t *ref_industries(db *d, int level, const char *section, dk_err *e);
/* host_region may be NULL; year 0 = any. */
json_t *ref_capital_stats(db *d, const char *host_region, int year, dk_err *e);
/* The audit rows of entity/entity_id, newest first (at most 1000). */
json_t *ref_history(db *d, const char *entity, int64_t entity_id, dk_err *e);

struct audit_filter {
    const char *entity, *actor, *action;  /* exact matches, NULL = any */
    int64_t entity_id;                    /* 0 = any */
    const char *from, *to;                /* at >= from, at < to ('YYYY-MM-DD' or a full time) */
    int limit, offset;                    /* limit 0 = 100 */
};
/* Audit rows matching f, newest first, with detail/before/after as JSON values. */
json_t *ref_audit(db *d, const struct audit_filter *f, dk_err *e);

#endif
