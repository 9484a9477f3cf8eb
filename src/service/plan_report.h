/*
 * plan_report.h — what leaders and units read about the plans: plan progress by domain and by
 * unit; a unit's to-do list; key-task coverage; indicators against their targets; exchanges
 * and platforms per year. Each returns JSON the API sends and the CLI prints. scope is the
 * caller's pairing id (0 = every pairing); a pairing outside it is answered as unknown.
 */
#ifndef DUIKOU_PLAN_REPORT_H
#define DUIKOU_PLAN_REPORT_H
#include <jansson.h>
#include "core/dates.h"
#include "db/db.h"

/* The as-of date a plan report for year takes when none is given: today, or 31 December of a
 * past year. */
dk_date plan_report_default_as_of(int year);
/* Items, done, in progress, behind, not started and overdue in the pairing's work plan for
 * year: in all, by domain, by lead unit (and the units involved as co-units). */
json_t *plan_report_progress(db *d, const char *pairing, int year, const dk_date *as_of, int64_t scope, dk_err *e);
/* The unfinished items unit_id leads or helps with: due soon, overdue, awaiting its update. */
json_t *plan_report_todo(db *d, int64_t unit_id, const dk_date *as_of, int64_t scope, dk_err *e);
/* The implementation plan's key tasks with how many of year's items serve each. */
json_t *plan_report_tasks(db *d, const char *pairing, int year, int64_t scope, dk_err *e);
/* Each indicator with its baseline, target, latest actual and progress toward the target (basis
 * points of the way from baseline to target). */
json_t *plan_report_indicators(db *d, const char *pairing, int64_t scope, dk_err *e);
/* Exchanges counted by year, kind and sending side; platforms with their projects per year. */
json_t *plan_report_exchanges(db *d, const char *pairing, int64_t scope, dk_err *e);
json_t *plan_report_platforms(db *d, const char *pairing, int64_t scope, dk_err *e);

#endif
