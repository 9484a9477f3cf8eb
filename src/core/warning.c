/*
 * warning.c — evaluates the warning rules for one project. Integer arithmetic throughout
 * (basis points), so the colour never depends on floating-point rounding.
 */
#include "core/warning.h"
#include "core/money.h"
#include <stdio.h>
#include <string.h>

static const char *COLOUR_CODES[] = {"green", "yellow", "red"};
static const char *COLOUR_NAMES[] = {"绿", "黄", "红"};

const char *colour_code(enum colour c) { return COLOUR_CODES[c]; }
const char *colour_name(enum colour c) { return COLOUR_NAMES[c]; }

int colour_parse(const char *text)
{
    if (!text) return -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(text, COLOUR_CODES[i]) == 0 || strcmp(text, COLOUR_NAMES[i]) == 0) return i;
    if (strcmp(text, "綠") == 0) return COLOUR_GREEN;
    if (strcmp(text, "黃") == 0) return COLOUR_YELLOW;
    if (strcmp(text, "紅") == 0) return COLOUR_RED;
    return -1;
}

int warning_months_elapsed(const dk_date *as_of)
{
    return as_of->d == days_in_month(as_of->y, as_of->m) ? as_of->m : as_of->m - 1;
}

static void add_reason(struct warning_result *out, const char *rule, enum colour c, const char *msg)
{
    if (out->n >= (int)(sizeof out->reasons / sizeof out->reasons[0])) return;
    struct warning_reason *r = &out->reasons[out->n++];
    snprintf(r->rule, sizeof r->rule, "%s", rule);
    r->colour = c;
    snprintf(r->message, sizeof r->message, "%s", msg);
    if (c > out->colour) out->colour = c;
}

static void rule_progress_lag(const struct warning_rule *r, const struct warning_input *in, struct warning_result *out)
{
    if (in->stage != STAGE_SIGNED && in->stage != STAGE_LANDED) return;
    if (in->annual_plan <= 0 || in->annual_plan_year != in->as_of.y) return;
    int elapsed = warning_months_elapsed(&in->as_of);
    if (elapsed <= 0) return;
    int64_t expected_bp = (int64_t)elapsed * 10000 / 12;
    int64_t actual_bp = money_ratio_bp(in->done_in_year, in->annual_plan);
    int64_t behind_bp = expected_bp - actual_bp;
    enum colour c = COLOUR_GREEN;
    if (behind_bp > r->red_at * 100) c = COLOUR_RED;
    else if (behind_bp >= r->yellow_at * 100) c = COLOUR_YELLOW;
    if (c == COLOUR_GREEN) return;
    char msg[200];
    snprintf(msg, sizeof msg, "年度计划完成 %lld.%02lld%%，序时进度 %lld.%02lld%%，落后 %lld.%02lld 个百分点",
             (long long)(actual_bp / 100), (long long)(actual_bp % 100), (long long)(expected_bp / 100),
             (long long)(expected_bp % 100), (long long)(behind_bp / 100), (long long)(behind_bp % 100));
    add_reason(out, r->code, c, msg);
}

static void rule_start_overdue(const struct warning_rule *r, const struct warning_input *in, struct warning_result *out)
{
    if (in->stage != STAGE_INTENTION && in->stage != STAGE_SIGNED) return;
    if (in->planned_start_month < 0) return;
    int over = date_month_index(&in->as_of) - in->planned_start_month;
    enum colour c = COLOUR_GREEN;
    if (over >= r->red_at) c = COLOUR_RED;
    else if (over > r->yellow_at) c = COLOUR_YELLOW;
    if (c == COLOUR_GREEN) return;
    char msg[200], ym[8];
    month_format(in->planned_start_month, ym);
    snprintf(msg, sizeof msg, "计划 %s 开工，已逾期 %d 个月仍未落地", ym, over);
    add_reason(out, r->code, c, msg);
}

static void rule_no_report(const struct warning_rule *r, const struct warning_input *in, struct warning_result *out)
{
    if (in->stage != STAGE_SIGNED && in->stage != STAGE_LANDED) return;
    if (in->signed_month < 0) return;
    int base = in->last_report_month >= 0 ? in->last_report_month : in->signed_month - 1;
    int missing = date_month_index(&in->as_of) - 1 - base;
    enum colour c = COLOUR_GREEN;
    if (missing >= r->red_at) c = COLOUR_RED;
    else if (missing >= r->yellow_at) c = COLOUR_YELLOW;
    if (c == COLOUR_GREEN) return;
    char msg[200];
    if (in->last_report_month >= 0) {
        char ym[8];
        month_format(in->last_report_month, ym);
        snprintf(msg, sizeof msg, "已连续 %d 个月未报送进度（最近一次 %s）", missing, ym);
    } else {
        snprintf(msg, sizeof msg, "签约后已 %d 个月未报送进度", missing);
    }
    add_reason(out, r->code, c, msg);
}

void warning_eval(const struct warning_rule *rules, int n_rules, const struct warning_input *in,
                  struct warning_result *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < n_rules; i++) {
        const struct warning_rule *r = &rules[i];
        if (!r->enabled) continue;
        if (strcmp(r->code, "progress_lag") == 0) rule_progress_lag(r, in, out);
        else if (strcmp(r->code, "start_overdue") == 0) rule_start_overdue(r, in, out);
        else if (strcmp(r->code, "no_report") == 0) rule_no_report(r, in, out);
    }
}
