/*
 * projects.h — SQL for projects: read one, insert, update with a version check, list with
 * filters, and the stage columns. Plain structs in, error codes out (store layer rules).
 */
#ifndef DUIKOU_STORE_PROJECTS_H
#define DUIKOU_STORE_PROJECTS_H
#include <stddef.h>
#include "core/project.h"
#include "db/db.h"

/* A project with the progress figures the list and the warnings need. */
struct project_row {
    struct project p;
    int64_t completed;          /* all reports up to the as-of month, yuan */
    int64_t done_in_year;       /* reports in the as-of year up to the as-of month, yuan */
    int last_report_month;      /* month index, -1 when none */
};

struct project_filter {
    const char *pairing;        /* pairing code */
    int stage;                  /* enum stage, -1 any */
    const char *industry;       /* section letter or two-digit division */
    const char *host_region;    /* GB/T 2260 code: that region and everything in it */
    const char *origin_region;  /* investor region: that region and everything in it */
    int64_t unit_id;            /* 0 any */
    opt_i64 min_investment, max_investment; /* planned_investment bounds, yuan, inclusive */
    const char *q;              /* text contained in the name, investor or code */
    const char *sort;           /* a sort key from store_project_sort_keys; NULL = code */
    int desc;
    int limit, offset;          /* limit 0 = all rows */
    int as_of_month;            /* month index of the as-of date */
    const char *existing_on;    /* only projects whose intention date is on or before it; NULL any */
    int64_t pairing_id;         /* only this pairing's projects (the caller's scope); 0 any */
};

/* The sort keys the list accepts, ended by NULL. */
extern const char *const store_project_sort_keys[];

/* Reads project id (figures up to as_of_month) into *out. DK_ENOTFOUND when absent.
 * Free with project_row_clear. */
int store_project_get(db *d, int64_t id, int as_of_month, struct project_row *out, dk_err *e);
/* Inserts p (stage fields included), sets p->id and p->version. DK_ECONFLICT for a
 * duplicate code. */
int store_project_insert(db *d, struct project *p, const char *now, dk_err *e);
/* Writes p's editable fields if its version is still p->version; bumps the version.
 * DK_ESTALE when another write came first. */
int store_project_update(db *d, struct project *p, const char *now, dk_err *e);
/* Writes the stage columns of st and bumps the version (checked as for update). */
int store_project_set_stage(db *d, struct project *p, const struct stage_state *st, const char *now, dk_err *e);
/* Appends a stage_events row. from may be -1 (creation). */
int store_stage_event(db *d, int64_t project_id, int from, enum stage to, const char *date, const char *actor,
                      const char *note, const char *reason, const char *now, dk_err *e);

/* Replays project id's stage history up to and including date as_of into *st. DK_ENOTFOUND
 * when the project had no stage yet on that date. */
int store_stage_as_of(db *d, int64_t id, const char *as_of, struct stage_state *st, dk_err *e);

/* Lists projects matching f. *rows is an array of *n rows (free with project_rows_free);
 * *total counts every match ignoring limit/offset. */
int store_project_list(db *d, const struct project_filter *f, struct project_row **rows, size_t *n,
                       int64_t *total, dk_err *e);

void project_row_clear(struct project_row *r);
void project_rows_free(struct project_row *rows, size_t n);

#endif
