/*
 * workcal.h — Chinese working days: Monday to Friday, except the public holidays the State
 * Council's yearly notice gives, plus the weekend days it makes working days (调休). The
 * calendar is data (the calendar_days table); this file only counts with it.
 */
#ifndef DUIKOU_WORKCAL_H
#define DUIKOU_WORKCAL_H
#include <stdint.h>
#include "core/dates.h"

struct workcal {
    int64_t *off;  /* days (date_to_days) that are holidays, sorted */
    int n_off;
    int64_t *on;   /* weekend days that are worked, sorted */
    int n_on;
};

/* Builds a calendar from the listed changed days (is_off[i]: 1 holiday, 0 make-up working
 * day). Free with workcal_free. */
void workcal_init(struct workcal *c, const int64_t *days, const int *is_off, int n);
void workcal_free(struct workcal *c);
/* 1 when day (date_to_days) is a working day. */
int workcal_is_workday(const struct workcal *c, int64_t day);
/* Working days in (from, to]; negative when to is before from (-(working days in (to, from])). */
int64_t workcal_between(const struct workcal *c, int64_t from, int64_t to);
/* The day n working days after from (n ≥ 0; n = 0 gives from itself). */
int64_t workcal_add(const struct workcal *c, int64_t from, int64_t n);

#endif
