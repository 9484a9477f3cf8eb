/*
 * kinds.h — the record kinds besides projects, each a table of fields for the record engine
 * (record.h): the plan side (plan_kinds.c), the work-plan items (workitems.c) and the
 * cooperation records (coop_kinds.c).
 */
#ifndef DUIKOU_KINDS_H
#define DUIKOU_KINDS_H
#include "service/record.h"

extern const struct rec_kind kind_units;
extern const struct rec_kind kind_impl_plans;
extern const struct rec_kind kind_plan_areas;
extern const struct rec_kind kind_key_tasks;
extern const struct rec_kind kind_indicators;
extern const struct rec_kind kind_indicator_actuals;
extern const struct rec_kind kind_work_plans;
extern const struct rec_kind kind_plan_domains;
extern const struct rec_kind kind_work_items;
extern const struct rec_kind kind_meetings;
extern const struct rec_kind kind_exchanges;
extern const struct rec_kind kind_platforms;
extern const struct rec_kind kind_market_products;

/* Shared enumerations. */
extern const char *const kind_sides[];        /* host, partner */

#endif
