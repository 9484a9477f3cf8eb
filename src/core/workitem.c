/*
 * workitem.c — derived status, warnings and escalation ladder of work-plan items (see
 * workitem.h).
 */
#include "core/workitem.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const STATUS_CODE[] = {"not_started", "in_progress", "done", "behind"};
static const char *const STATUS_NAME[] = {"未启动", "推进中", "已完成", "滞后"};

const char *item_status_code(enum item_status s) { return STATUS_CODE[s]; }
const char *item_status_name(enum item_status s) { return STATUS_NAME[s]; }

int item_status_parse(const char *text)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(text, STATUS_CODE[i]) == 0 || strcmp(text, STATUS_NAME[i]) == 0) return i;
    return -1;
}

const char *const item_escalation_levels[] = {"none", "reminder", "talk", "supervision", NULL};
static const char *const ESCALATION_NAME[] = {"", "提醒", "约谈", "督办"};

int item_escalation_rank(const char *level)
{
    for (int i = 0; item_escalation_levels[i]; i++)
        if (strcmp(level, item_escalation_levels[i]) == 0) return i;
    return -1;
}

const char *item_escalation_name(const char *level)
{
    int r = item_escalation_rank(level);
    return r < 0 ? "" : ESCALATION_NAME[r];
}

int item_expected_percent(const dk_date *start, const dk_date *due, const dk_date *as_of)
{
    int64_t s = date_to_days(start), d = date_to_days(due), a = date_to_days(as_of);
    if (a < s) return 0;
    if (a >= d) return 100;
    return (int)((a - s) * 100 / (d - s));
}

__attribute__((format(printf, 4, 5))) static void add_reason(struct warning_result *w, const char *rule, enum colour c, const char *fmt, ...)
{
    if (w->n >= 4) return;
    struct warning_reason *r = &w->reasons[w->n++];
    snprintf(r->rule, sizeof r->rule, "%s", rule);
    r->colour = c;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
    if (c > w->colour) w->colour = c;
}

void item_evaluate(const struct item_rules *r, const struct workcal *cal, const struct item_facts *f, struct item_eval *out)
{
    memset(out, 0, sizeof *out);
    int64_t as_of = date_to_days(&f->as_of), due = date_to_days(&f->due), start = date_to_days(&f->start);
    out->expected = item_expected_percent(&f->start, &f->due, &f->as_of);
    out->workdays_left = workcal_between(cal, as_of, due);
    if (f->percent >= 100) {
        out->status = ITEM_DONE;
        return;
    }
    out->overdue = as_of > due;
    int lag = out->expected - f->percent;
    if (out->overdue || (r->behind_on && lag >= r->behind_yellow)) out->status = ITEM_BEHIND;
    else out->status = f->percent == 0 ? ITEM_NOT_STARTED : ITEM_IN_PROGRESS;

    struct warning_result *w = &out->warn;
    if (out->overdue) add_reason(w, "item_behind", COLOUR_RED, "已过截止日期 %lld 个工作日仍未完成 (overdue)", (long long)-out->workdays_left);
    else if (r->behind_on && lag >= r->behind_yellow)
        add_reason(w, "item_behind", lag > r->behind_red ? COLOUR_RED : COLOUR_YELLOW, "完成进度落后序时进度 %lld 个百分点 (behind the pro-rata share)",
                   (long long)lag);
    if (!out->overdue && r->due_soon_on && out->workdays_left <= r->due_soon_yellow)
        add_reason(w, "item_due_soon", out->workdays_left <= r->due_soon_red ? COLOUR_RED : COLOUR_YELLOW,
                   "距截止日期还有 %lld 个工作日 (due soon)", (long long)out->workdays_left);
    if (r->stale_on && as_of > start) {
        int64_t since = f->has_update ? date_to_days(&f->last_update) : start;
        int64_t weeks = (as_of - since) / 7;
        if (weeks >= r->stale_yellow)
            add_reason(w, "item_stale", weeks >= r->stale_red ? COLOUR_RED : COLOUR_YELLOW, "已连续 %lld 周没有进展更新 (no update)", (long long)weeks);
    }
}
