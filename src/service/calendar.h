/*
 * calendar.h — the working-day calendar as data: the public holidays and make-up working days
 * (调休) of each year (2017–2026 loaded from the State Council's notices), editable by an
 * admin, audited; and the working-day arithmetic the item rules and the API use.
 */
#ifndef DUIKOU_SVC_CALENDAR_H
#define DUIKOU_SVC_CALENDAR_H
#include <jansson.h>
#include "core/perm.h"
#include "core/workcal.h"
#include "db/db.h"

/* Loads the changed days between from and to (date_to_days, inclusive) into c (free with
 * workcal_free). */
int calendar_load(db *d, int64_t from, int64_t to, struct workcal *c, dk_err *e);
/* The changed days of year (0 = all), in order: [{"day","name","is_off_day"}]. Caller owns. */
json_t *calendar_list(db *d, int year, dk_err *e);
/* Sets day ('YYYY-MM-DD') to {"name", "is_off_day"}: a holiday, or a weekend day worked.
 * Admin only; audited. */
int calendar_set(db *d, const struct actor *who, const char *day, json_t *body, dk_err *e);
/* Makes day an ordinary day again. Admin only; audited. DK_ENOTFOUND when it was not listed. */
int calendar_remove(db *d, const struct actor *who, const char *day, dk_err *e);
/* Working days in (from, to], or the day n working days after from: {"from","to","workdays"}. */
json_t *calendar_count(db *d, const dk_date *from, const dk_date *to, int64_t add, dk_err *e);

#endif
