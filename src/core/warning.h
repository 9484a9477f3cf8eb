/*
 * warning.h — a project's warning colour (绿/黄/红) from rules kept as data (warning_rules
 * table), with the reason for each colour. Pure: the caller gathers the figures.
 *
 * Rules (thresholds come from the table; defaults after published city practice):
 *   progress_lag  — this year's completed investment as a share of the annual plan, behind the
 *                   pro-rata share (序时进度) of the months elapsed: yellow at ≥ yellow_at points,
 *                   red beyond red_at points. Signed and landed projects with an annual plan.
 *   start_overdue — planned start month passed without 落地: yellow when more than yellow_at
 *                   months past, red from red_at months. Intention and signed projects.
 *   no_report     — months due without a progress report: yellow from yellow_at, red from red_at.
 *                   Signed and landed projects.
 */
#ifndef DUIKOU_WARNING_H
#define DUIKOU_WARNING_H
#include <stdint.h>
#include "core/dates.h"
#include "core/stage.h"

enum colour { COLOUR_GREEN = 0, COLOUR_YELLOW = 1, COLOUR_RED = 2 };

/* "green"/"yellow"/"red", and 绿/黄/红. */
const char *colour_code(enum colour c);
const char *colour_name(enum colour c);
/* Parses "green"/"yellow"/"red" (or 绿/黄/红); -1 when unknown. */
int colour_parse(const char *text);

struct warning_rule {
    char code[32];      /* progress_lag, start_overdue, no_report */
    int64_t yellow_at;  /* threshold for yellow */
    int64_t red_at;     /* threshold for red */
    int enabled;
};

/* What the rules look at for one project at the as-of date. Months are indexes (dates.h). */
struct warning_input {
    enum stage stage;
    dk_date as_of;
    int64_t annual_plan;       /* yuan, 0 when none */
    int annual_plan_year;      /* the year the annual plan is for */
    int64_t done_in_year;      /* reports in the as-of year up to the as-of month, yuan */
    int last_report_month;     /* -1 when never reported */
    int signed_month;          /* -1 when not signed */
    int planned_start_month;   /* -1 when not planned */
};

struct warning_reason {
    char rule[32];
    enum colour colour;
    char message[200];
};

struct warning_result {
    enum colour colour;                 /* the worst of the reasons, green when none */
    int n;                              /* reasons filled */
    struct warning_reason reasons[4];
};

/* Evaluates the enabled rules for in and fills out. */
void warning_eval(const struct warning_rule *rules, int n_rules, const struct warning_input *in,
                  struct warning_result *out);

/* Months of the as-of year whose reports are due: the whole month count when as_of is the last
 * day of its month, else the months before it (the current month is reported next month). */
int warning_months_elapsed(const dk_date *as_of);

#endif
