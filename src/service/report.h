/*
 * report.h — the summary leaders read: the headline (projects, planned, completed, completion
 * rate, share and rank of the host's introduced capital), breakdowns by stage, industry,
 * origin region, host county, year and colour, and the stage funnel, all computed from the
 * records as they stood on the as-of date (a snapshot: stages from the stage history,
 * completed investment from the reports up to the as-of month).
 */
#ifndef DUIKOU_SVC_REPORT_H
#define DUIKOU_SVC_REPORT_H
#include <jansson.h>
#include "core/dates.h"
#include "db/db.h"

struct report_params {
    const char *pairing;  /* pairing code; NULL = every pairing (no capital share then) */
    int year;             /* the statistics year */
    dk_date as_of;        /* the snapshot date */
};

/* Fills the defaults: year = the as-of year or this year; as_of = the end of year (or today,
 * when the year is not over). year_given/as_of_given say what the caller set. */
void report_defaults(struct report_params *p, int year_given, int as_of_given);
/* The summary as JSON (see docs/openapi.yaml, SummaryReport). Caller owns it. */
json_t *report_summary(db *d, const struct report_params *p, dk_err *e);

#endif
