/*
 * projects.h — the project use cases: create, change, move through the lifecycle, read one
 * with its warning and history, list with filters. Each write checks who may do it,
 * validates, writes and audits in one transaction.
 */
#ifndef DUIKOU_SVC_PROJECTS_H
#define DUIKOU_SVC_PROJECTS_H
#include <jansson.h>
#include "core/dates.h"
#include "core/perm.h"
#include "store/projects.h"

/* Creates a project from a JSON object: the editable fields plus "pairing" (code), "stage"
 * (default intention) and the stage dates it needs (intention_date, signed_date, …).
 * Sets *id_out. */
int projects_create(db *d, const struct actor *who, json_t *in, int64_t *id_out, dk_err *e);
/* Changes the fields present in patch. if_match 0 = no version check; otherwise DK_ESTALE
 * unless it is the current version. */
int projects_update(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *patch, dk_err *e);
/* Applies a stage move {"to","date","note","reason"} ("to" may be "resume"). */
int projects_transition(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e);
/* One project as JSON with its figures and warning at as_of, its stage history and its
 * problems. NULL with e filled. Caller owns the result. */
json_t *projects_get(db *d, const struct actor *who, int64_t id, const dk_date *as_of, dk_err *e);
/* {"items":[…], "total", "limit", "offset"} for f; colour -1 = any. Caller owns the result. */
json_t *projects_list(db *d, const struct actor *who, struct project_filter *f, int colour, const dk_date *as_of,
                      dk_err *e);

/* 1 when who may write a project of pairing_id whose responsible unit is unit: the role writes,
 * the pairing is in the actor's scope, a unit writes only its own projects, and the other
 * side's office (partner) only the projects whose responsible unit is on its side. */
int projects_may_write(db *d, const struct actor *who, int64_t pairing_id, const opt_i64 *unit);

#endif
