/*
 * workitem.h — the rules of an annual work-plan item (年度工作计划事项), pure: its status is
 * derived, never typed — 已完成 done at 100%; 滞后 behind when its due date has passed
 * unfinished or its percent lags the pro-rata share (序时进度) of its period by the item_behind
 * rule's yellow threshold; 未启动 not started while nothing is done; else 推进中 in progress —
 * its warning colour from the item rules, and the escalation ladder 提醒 → 约谈 → 督办.
 */
#ifndef DUIKOU_WORKITEM_H
#define DUIKOU_WORKITEM_H
#include <stdint.h>
#include "core/dates.h"
#include "core/warning.h"
#include "core/workcal.h"

enum item_status { ITEM_NOT_STARTED, ITEM_IN_PROGRESS, ITEM_DONE, ITEM_BEHIND };

/* "not_started"/"in_progress"/"done"/"behind", and 未启动/推进中/已完成/滞后. */
const char *item_status_code(enum item_status s);
const char *item_status_name(enum item_status s);
/* Parses a status code; -1 when unknown. */
int item_status_parse(const char *text);

/* Escalation levels, in order: none, reminder 提醒, talk 约谈, supervision 督办. */
extern const char *const item_escalation_levels[];
/* The rank of level (0 none … 3 supervision), -1 when unknown. */
int item_escalation_rank(const char *level);
/* 提醒/约谈/督办 (or "" for none). */
const char *item_escalation_name(const char *level);

struct item_rules {
    int64_t due_soon_yellow, due_soon_red; /* working days left: yellow at ≤ yellow, red at ≤ red */
    int64_t behind_yellow, behind_red;     /* points behind the pro-rata share */
    int64_t stale_yellow, stale_red;       /* weeks without an update */
    int due_soon_on, behind_on, stale_on;  /* rule enabled */
};

struct item_facts {
    dk_date start, due, as_of;
    int percent;          /* 0..100 */
    int has_update;
    dk_date last_update;  /* when has_update */
};

struct item_eval {
    enum item_status status;
    int expected;          /* the pro-rata percent at as_of (0..100) */
    int overdue;           /* due passed unfinished */
    int64_t workdays_left; /* working days from as_of to due (negative when overdue) */
    struct warning_result warn;
};

/* The pro-rata share of [start, due] elapsed at as_of, in whole percent (0 before start,
 * 100 from the due date), by calendar days. */
int item_expected_percent(const dk_date *start, const dk_date *due, const dk_date *as_of);
/* Evaluates one item's status and warnings. cal counts the working days. */
void item_evaluate(const struct item_rules *r, const struct workcal *cal, const struct item_facts *f, struct item_eval *out);

#endif
