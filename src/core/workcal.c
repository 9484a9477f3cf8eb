/*
 * workcal.c — counting Chinese working days over the holiday and 调休 lists (see workcal.h).
 */
#include "core/workcal.h"
#include "util/xmalloc.h"
#include <stdlib.h>

static int cmp_day(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

void workcal_init(struct workcal *c, const int64_t *days, const int *is_off, int n)
{
    c->off = xmalloc(sizeof(int64_t) * (size_t)(n + 1));
    c->on = xmalloc(sizeof(int64_t) * (size_t)(n + 1));
    c->n_off = c->n_on = 0;
    for (int i = 0; i < n; i++) {
        if (is_off[i]) c->off[c->n_off++] = days[i];
        else c->on[c->n_on++] = days[i];
    }
    qsort(c->off, (size_t)c->n_off, sizeof(int64_t), cmp_day);
    qsort(c->on, (size_t)c->n_on, sizeof(int64_t), cmp_day);
}

void workcal_free(struct workcal *c)
{
    free(c->off);
    free(c->on);
    c->off = c->on = NULL;
    c->n_off = c->n_on = 0;
}

static int listed(const int64_t *v, int n, int64_t day)
{
    return n > 0 && bsearch(&day, v, (size_t)n, sizeof(int64_t), cmp_day) != NULL;
}

int workcal_is_workday(const struct workcal *c, int64_t day)
{
    dk_date d = date_from_days(day);
    if (date_weekday(&d) >= 5) return listed(c->on, c->n_on, day);
    return !listed(c->off, c->n_off, day);
}

/* Monday–Friday days in (from, to], from ≤ to, before the lists are applied. */
static int64_t weekdays_between(int64_t from, int64_t to)
{
    /* 1970-01-01 was a Thursday: weekday index (0 = Monday) of day x is (x + 3) mod 7. */
    int64_t full = (to - from) / 7, n = full * 5;
    for (int64_t x = from + full * 7 + 1; x <= to; x++) {
        int64_t wd = ((x + 3) % 7 + 7) % 7;
        if (wd < 5) n++;
    }
    return n;
}

/* How many of the sorted days v fall in (from, to], and of them how many are weekdays. */
static void count_in(const int64_t *v, int n, int64_t from, int64_t to, int64_t *all, int64_t *weekdays)
{
    *all = *weekdays = 0;
    for (int i = 0; i < n; i++)
        if (v[i] > from && v[i] <= to) {
            (*all)++;
            if ((((v[i] + 3) % 7 + 7) % 7) < 5) (*weekdays)++;
        }
}

int64_t workcal_between(const struct workcal *c, int64_t from, int64_t to)
{
    if (to < from) return -workcal_between(c, to, from);
    int64_t off_all, off_weekdays, on_all, on_weekdays;
    count_in(c->off, c->n_off, from, to, &off_all, &off_weekdays);
    count_in(c->on, c->n_on, from, to, &on_all, &on_weekdays);
    /* holidays only remove weekdays; make-up days only add weekend days */
    return weekdays_between(from, to) - off_weekdays + (on_all - on_weekdays);
}

int64_t workcal_add(const struct workcal *c, int64_t from, int64_t n)
{
    int64_t day = from;
    while (n > 0) {
        day++;
        if (workcal_is_workday(c, day)) n--;
    }
    return day;
}
