/*
 * exports.h — ledgers handed out (导出) in the layout offices file: the project ledger (with
 * the same filters as the project list), the monthly 调度表 (this month, year to date, since
 * start, shares of the annual plan and of the total, the warning colour), the summary report's
 * breakdowns (by stage, industry, origin, county, year: a sheet each), and a blank template
 * for each kind of import. As .xlsx or .csv (UTF-8 with BOM, or GB18030). Needs PERM_EXPORT.
 */
#ifndef DUIKOU_SVC_EXPORTS_H
#define DUIKOU_SVC_EXPORTS_H
#include "core/dates.h"
#include "core/perm.h"
#include "db/db.h"
#include "store/projects.h"

struct export_request {
    const char *what;       /* "projects" | "schedule" | "summary" | "template" */
    const char *kind;       /* template: an import kind */
    const char *format;     /* "xlsx" (default) | "csv" */
    const char *encoding;   /* csv: "utf-8" (default, with BOM) | "gb18030" */
    const char *pairing;    /* schedule: the pairing's code (default: the caller's) */
    const char *month;      /* schedule: 'YYYY-MM' (default: last month) */
    struct project_filter *filter; /* projects: as for the list (limit and offset are ignored) */
    int colour;             /* projects: -1 any */
    dk_date as_of;          /* projects, summary: figures and warnings as of */
    int as_of_given;        /* summary: as_of was chosen (else the end of the year, or today) */
    int year;               /* summary: the statistics year (0 = the as-of year) */
};

/* Renders the export into *out (caller frees) of *len bytes; *content_type is a static
 * string and file_name (n bytes) the suggested name. DK_OK or DK_E* with e filled. */
int exports_render(db *d, const struct actor *who, const struct export_request *rq, char **out, size_t *len,
                   const char **content_type, char *file_name, size_t n, dk_err *e);

#endif
