/*
 * workitems.h — annual work-plan items (年度工作计划事项): the record kind (kind_work_items in
 * kinds.h) and what only items do — progress updates by their responsible units, escalation by
 * an office (提醒 → 约谈 → 督办), and carrying an unfinished item over into next year's plan.
 */
#ifndef DUIKOU_SVC_WORKITEMS_H
#define DUIKOU_SVC_WORKITEMS_H
#include <jansson.h>
#include "core/perm.h"
#include "core/workitem.h"
#include "db/db.h"

/* Records {"update_date","percent","note"} on item id: the item's percent becomes that of its
 * latest-dated update. The lead unit, a co-unit, or an office. Sets *id_out to the update. */
int workitems_report(db *d, const struct actor *who, int64_t id, json_t *body, int64_t *id_out, dk_err *e);
/* The item's updates, newest first. */
json_t *workitems_updates(db *d, int64_t id, int64_t scope, dk_err *e);
/* One progress update with its item's code and title (NULL with e filled; 404 outside scope). */
json_t *workitems_update_get(db *d, int64_t id, int64_t scope, dk_err *e);
/* Raises the item's escalation to {"level","reason"} (only upwards). Office only. */
int workitems_escalate(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e);
/* The escalations of item id, oldest first. */
json_t *workitems_escalations(db *d, int64_t id, dk_err *e);
/* Carries unfinished item id into the pairing's plan for {"year"} (a later year), keeping its
 * percent, units, key tasks and a link back; {"code","due_date"} may be given. Office only.
 * Sets *id_out to the new item. */
int workitems_carry_over(db *d, const struct actor *who, int64_t id, json_t *body, int64_t *id_out, dk_err *e);

/* The item rules from the warning_rules table. */
int workitems_rules(db *d, struct item_rules *r, dk_err *e);

#endif
