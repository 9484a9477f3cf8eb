/*
 * approvals.h — 审核: a stage change, or a correction to a closed reporting month, that a unit
 * submits waits for an office of its pairing to approve (it is then applied, in the same
 * transaction) or reject it with an opinion. The project shows what is pending.
 */
#ifndef DUIKOU_SVC_APPROVALS_H
#define DUIKOU_SVC_APPROVALS_H
#include <jansson.h>
#include "core/perm.h"
#include "db/db.h"

/* 1 when a change of this kind by who needs an office's approval first (a unit's stage change or closed-month correction). */
int approvals_needed(const struct actor *who);
/* Records body as a pending change of kind ("stage" or "progress") on project_id; *id_out set. */
int approvals_submit(db *d, const struct actor *who, const char *kind, int64_t project_id, json_t *body, int64_t *id_out,
                     dk_err *e);
/* Approves (applies the change as submitted, then records the decision) or rejects (opinion
 * required) approval id: office of the pairing, or admin. body: {"opinion"}. */
int approvals_approve(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e);
int approvals_reject(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e);
/* One approval / a list (state may be NULL, project_id 0 = any), within the caller's scope. */
json_t *approvals_get(db *d, int64_t id, int64_t scope, dk_err *e);
json_t *approvals_list(db *d, const char *state, int64_t project_id, int64_t scope, dk_err *e);

#endif
