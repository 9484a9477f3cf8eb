/*
 * stage.c — the lifecycle rules. Every refusal names the rule in Chinese with English in
 * parentheses, because a unit's clerk and a script both read these messages.
 */
#include "core/stage.h"
#include "core/dates.h"
#include <stdio.h>
#include <string.h>

static const struct {
    const char *code, *name, *name_tw, *date_field;
} STAGES[STAGE_COUNT] = {
    {"intention", "意向", "意向", "intention_date"},
    {"signed", "签约", "簽約", "signed_date"},
    {"landed", "落地", "落地", "landed_date"},
    {"production", "投产", "投產", "production_date"},
    {"paused", "暂缓", "暫緩", NULL},
    {"terminated", "终止", "終止", NULL},
};

const char *stage_code(enum stage s) { return (unsigned)s < STAGE_COUNT ? STAGES[s].code : "?"; }
const char *stage_name(enum stage s) { return (unsigned)s < STAGE_COUNT ? STAGES[s].name : "?"; }
const char *stage_date_field(enum stage s) { return (unsigned)s < STAGE_ACTIVE_COUNT ? STAGES[s].date_field : NULL; }
int stage_is_active(enum stage s) { return s >= STAGE_INTENTION && s <= STAGE_PRODUCTION; }

int stage_parse(const char *text)
{
    if (!text) return -1;
    for (int i = 0; i < STAGE_COUNT; i++)
        if (strcmp(text, STAGES[i].code) == 0 || strcmp(text, STAGES[i].name) == 0 ||
            strcmp(text, STAGES[i].name_tw) == 0)
            return i;
    return -1;
}

static int empty(const char *s) { return !s || !*s; }

static int check_date(const char *field, const char *date, const char *today, dk_err *e)
{
    if (!date_parse(date, NULL))
        return err_set(e, DK_EINVAL, "invalid_field", field, "日期格式应为 YYYY-MM-DD (date must be YYYY-MM-DD): \"%.40s\"", date ? date : "");
    if (strcmp(date, today) > 0)
        return err_set(e, DK_ERULE, "future_date", field, "日期 %s 晚于今天 %s (date is in the future)", date, today);
    return DK_OK;
}

int stage_check_initial(enum stage stage, const char *const dates[STAGE_ACTIVE_COUNT], const char *today, dk_err *e)
{
    if (!stage_is_active(stage))
        return err_set(e, DK_ERULE, "invalid_stage", "stage",
                       "新项目的阶段只能是 意向、签约、落地 或 投产 (a new project starts in an active stage)");
    const char *prev = NULL;
    int prev_i = -1;
    for (int i = 0; i < STAGE_ACTIVE_COUNT; i++) {
        const char *field = STAGES[i].date_field;
        if (i <= (int)stage) {
            if (empty(dates[i]))
                return err_set(e, DK_ERULE, "missing_stage_date", field, "阶段“%s”需要%s阶段的日期 %s (stage %s needs the date of %s)",
                               STAGES[stage].name, STAGES[i].name, field, STAGES[stage].code, STAGES[i].code);
            int rc = check_date(field, dates[i], today, e);
            if (rc != DK_OK) return rc;
            if (prev && strcmp(dates[i], prev) < 0)
                return err_set(e, DK_ERULE, "dates_backwards", field, "%s日期 %s 早于%s日期 %s (stage dates may not run backwards)",
                               STAGES[i].name, dates[i], STAGES[prev_i].name, prev);
            prev = dates[i];
            prev_i = i;
        } else if (!empty(dates[i])) {
            return err_set(e, DK_ERULE, "unexpected_stage_date", field, "阶段为“%s”的项目不能有%s日期 (a %s project has no %s)",
                           STAGES[stage].name, STAGES[i].name, STAGES[stage].code, field);
        }
    }
    return DK_OK;
}

void stage_record(struct stage_state *st, int from, enum stage to, const char *date)
{
    if (from < 0) {
        memset(st, 0, sizeof *st);
        st->stage = STAGE_INTENTION;
    }
    snprintf(st->last_event_date, sizeof st->last_event_date, "%s", date);
    if (to == STAGE_PAUSED) {
        if (st->stage != STAGE_PAUSED) st->before_pause = st->stage;
    } else if (stage_is_active(to) && st->stage != STAGE_PAUSED && (int)to < (int)st->stage) {
        for (int i = to + 1; i < STAGE_ACTIVE_COUNT; i++) st->dates[i][0] = '\0';
    } else if (stage_is_active(to) && !(st->stage == STAGE_PAUSED && to == st->before_pause)) {
        snprintf(st->dates[to], sizeof st->dates[to], "%s", date);
    }
    st->stage = to;
}

int stage_apply(const struct stage_state *cur, const struct stage_move *mv, const char *today,
                struct stage_state *next, dk_err *e)
{
    if (empty(mv->to_text)) return err_set(e, DK_EINVAL, "missing_field", "to", "缺少目标阶段 to (missing target stage)");
    int resume = strcmp(mv->to_text, "resume") == 0 || strcmp(mv->to_text, "恢复") == 0;
    int to = resume ? -1 : stage_parse(mv->to_text);
    if (!resume && to < 0)
        return err_set(e, DK_EINVAL, "invalid_field", "to", "未知阶段 \"%.40s\" (unknown stage)", mv->to_text);
    if (empty(mv->date)) return err_set(e, DK_EINVAL, "missing_field", "date", "缺少日期 date (missing date)");
    int rc = check_date("date", mv->date, today, e);
    if (rc != DK_OK) return rc;
    if (cur->last_event_date[0] && strcmp(mv->date, cur->last_event_date) < 0)
        return err_set(e, DK_ERULE, "dates_backwards", "date", "日期 %s 早于上一次阶段变更 %s (stage dates may not run backwards)",
                       mv->date, cur->last_event_date);

    enum stage from = cur->stage;
    if (from == STAGE_TERMINATED)
        return err_set(e, DK_ERULE, "terminated", "to", "项目已终止，不能再变更阶段 (a terminated project cannot change stage)");
    if (resume) {
        if (from != STAGE_PAUSED)
            return err_set(e, DK_ERULE, "not_paused", "to", "只有暂缓的项目可以恢复 (only a paused project can resume)");
        to = cur->before_pause;
    } else if (to == (int)from) {
        return err_set(e, DK_ERULE, "same_stage", "to", "项目已处于“%s”阶段 (already in this stage)", STAGES[from].name);
    }

    *next = *cur;
    snprintf(next->last_event_date, sizeof next->last_event_date, "%s", mv->date);
    if (resume) {
        next->stage = (enum stage)to;
        return DK_OK;
    }
    if (to == STAGE_PAUSED || to == STAGE_TERMINATED) {
        if (from == STAGE_PAUSED && to == STAGE_PAUSED)
            return err_set(e, DK_ERULE, "same_stage", "to", "项目已处于“暂缓”阶段 (already paused)");
        if (empty(mv->reason))
            return err_set(e, DK_ERULE, "reason_required", "reason", "%s项目须说明原因 (a reason is required to %s)",
                           STAGES[to].name, to == STAGE_PAUSED ? "pause" : "terminate");
        if (to == STAGE_PAUSED) next->before_pause = from;
        next->stage = (enum stage)to;
        return DK_OK;
    }
    /* to is an active stage */
    if (from == STAGE_PAUSED)
        return err_set(e, DK_ERULE, "paused", "to", "暂缓的项目须先恢复 (a paused project must resume first)");
    if (to > (int)from + 1)
        return err_set(e, DK_ERULE, "skipped_stage", "to", "须先经过“%s”阶段 (stage %s comes first)",
                       STAGES[from + 1].name, STAGES[from + 1].code);
    if (to < (int)from) {
        if (empty(mv->reason))
            return err_set(e, DK_ERULE, "reason_required", "reason", "退回到“%s”阶段须说明原因 (going back needs a reason)", STAGES[to].name);
        for (int i = to + 1; i < STAGE_ACTIVE_COUNT; i++) next->dates[i][0] = '\0';
    } else {
        snprintf(next->dates[to], sizeof next->dates[to], "%s", mv->date);
    }
    next->stage = (enum stage)to;
    return DK_OK;
}
