/*
 * problems.h — coordination problems (问题协调) raised on a project: raise, assign to a unit,
 * resolve with how it was solved. open → assigned → resolved (resolving from open is allowed).
 */
#ifndef DUIKOU_SVC_PROBLEMS_H
#define DUIKOU_SVC_PROBLEMS_H
#include <jansson.h>
#include "core/perm.h"
#include "db/db.h"

/* Raises {"title","detail","raised_date"} on project_id; sets *id_out. */
int problems_raise(db *d, const struct actor *who, int64_t project_id, json_t *body, int64_t *id_out, dk_err *e);
/* Assigns problem id to {"unit_id"} (a unit of the project's pairing). if_match 0 = no
 * version check; otherwise DK_ESTALE unless it is the problem's current version. */
int problems_assign(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e);
/* Resolves problem id with {"resolution","resolved_date"} (if_match as for assign). */
int problems_resolve(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e);
/* One problem as JSON (NULL with e filled); scope: the caller's pairing id, 0 = any. */
json_t *problems_get(db *d, int64_t id, int64_t scope, dk_err *e);
/* Problems filtered by pairing code, project id and state (each may be NULL/0), within scope. */
json_t *problems_list(db *d, const char *pairing, int64_t project_id, const char *state, int64_t scope, dk_err *e);

#endif
