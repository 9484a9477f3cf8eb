/*
 * progress.h — monthly progress reporting (月调度): one report per project per month,
 * replaced on re-report; months an office has closed need the office role and a reason.
 */
#ifndef DUIKOU_SVC_PROGRESS_H
#define DUIKOU_SVC_PROGRESS_H
#include <jansson.h>
#include "core/perm.h"
#include "db/db.h"

/* Records body {"month","amount","note","reason"} for project id: amount is integer yuan or
 * money text. Refuses a month before signing, a future month, a negative amount, and a
 * closed month without office role and reason. *replaced is set to 1 when it replaced an
 * earlier report for that month. */
int progress_report(db *d, const struct actor *who, int64_t project_id, json_t *body, int *replaced, dk_err *e);
/* The project's reports, oldest first, as a JSON array. NULL with e filled. */
json_t *progress_list(db *d, int64_t project_id, dk_err *e);
/* Closes month ('YYYY-MM') for the pairing with code pairing (office role). */
int progress_close_month(db *d, const struct actor *who, const char *pairing, const char *month, dk_err *e);
/* The closed months of a pairing as a JSON array (scope: the caller's pairing id, 0 = any). */
json_t *progress_closed_months(db *d, const char *pairing, int64_t scope, dk_err *e);

#endif
