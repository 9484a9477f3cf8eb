/*
 * plan_kinds.c — the plan side as record kinds: units, the implementation plan (实施方案) with
 * its areas, key tasks, indicators and their actuals, and the annual work plan (年度工作计划)
 * with its domains. Offices write them; a key task's lead unit also reports its indicators.
 */
#include "service/kinds.h"
#include <string.h>

const char *const kind_sides[] = {"host", "partner", NULL};
static const char *const UNIT_KINDS[] = {"department", "district", "enterprise", "other", NULL};


static const struct rec_field UNIT_FIELDS[] = {
    FLD_ENUM("side", "所属方", RF_REQUIRED | RF_FIXED, kind_sides),
    FLD_ENUM("kind", "单位类别", RF_REQUIRED, UNIT_KINDS),
    FLD_TEXT("name", "单位名称", RF_REQUIRED, 200),
    FLD_INT("sort_order", "排序", RF_NONNULL, 0, 1000000),
    FLD_END,
};
static const char *const UNIT_FILTERS[] = {"side", "kind", NULL};

const struct rec_kind kind_units = {"units", "units", "unit", "单位", UNIT_FIELDS, "t.pairing_id, t.side, t.sort_order, t.id",
                                    UNIT_FILTERS, 0, NULL, NULL, NULL};

static const struct rec_field IMPL_PLAN_FIELDS[] = {
    FLD_TEXT("title", "方案名称", RF_REQUIRED, 300),
    FLD_TEXT("issuer", "印发单位", 0, 200),
    FLD_DATE("issued_date", "印发日期", 0),
    FLD_YEAR("target_year", "目标年份", RF_REQUIRED),
    FLD_TEXT("note", "备注", 0, 4000),
    FLD_END,
};
const struct rec_kind kind_impl_plans = {"impl-plans", "impl_plans", "impl_plan", "实施方案", IMPL_PLAN_FIELDS, "t.pairing_id, t.id",
                                         NULL, 0, NULL, NULL, NULL};

static const struct rec_field AREA_FIELDS[] = {
    FLD_REF("plan_id", "实施方案", RF_REQUIRED | RF_PARENT, "impl_plans"),
    FLD_INT("seq", "序号", RF_REQUIRED, 1, 99),
    FLD_TEXT("name", "领域名称", RF_REQUIRED, 300),
    FLD_END,
};
static const char *const AREA_FILTERS[] = {"plan_id", NULL};
const struct rec_kind kind_plan_areas = {"plan-areas", "plan_areas", "plan_area", "重点领域", AREA_FIELDS, "t.plan_id, t.seq, t.id",
                                         AREA_FILTERS, 0, NULL, NULL, NULL};

static const struct rec_field TASK_FIELDS[] = {
    FLD_REF("area_id", "重点领域", RF_REQUIRED | RF_PARENT, "plan_areas"),
    FLD_INT("seq", "任务序号", RF_REQUIRED, 1, 999),
    FLD_TEXT("title", "任务名称", RF_REQUIRED, 300),
    FLD_TEXT("content", "任务内容", 0, 4000),
    FLD_REF("lead_unit_id", "牵头单位", 0, "units"),
    FLD_IDS("co_unit_ids", "配合单位", "units", "key_task_units", "task_id", "unit_id"),
    FLD_END,
};
static const char *const TASK_FILTERS[] = {"area_id", "lead_unit_id", NULL};
const struct rec_kind kind_key_tasks = {"key-tasks", "key_tasks", "key_task", "重点任务", TASK_FIELDS, "t.seq, t.id", TASK_FILTERS, 0,
                                        NULL, NULL, NULL};

static const struct rec_field INDICATOR_FIELDS[] = {
    FLD_REF("task_id", "重点任务", RF_REQUIRED | RF_PARENT, "key_tasks"),
    FLD_TEXT("name", "指标名称", RF_REQUIRED, 200),
    FLD_TEXT("measure", "计量单位", RF_REQUIRED, 32),
    FLD_DEC("baseline", "基期值", 0),
    FLD_YEAR("baseline_year", "基期年份", 0),
    FLD_DEC("target", "目标值", RF_REQUIRED),
    FLD_YEAR("target_year", "目标年份", RF_REQUIRED),
    {"higher_is_better", "越大越好", RT_BOOL, RF_NONNULL, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL},
    FLD_END,
};
static const char *const INDICATOR_FILTERS[] = {"task_id", NULL};

static int indicator_check(db *d, const struct actor *who, json_t *rec, int creating, dk_err *e)
{
    json_t *by = json_object_get(rec, "baseline_year"), *ty = json_object_get(rec, "target_year");
    if (json_is_integer(by) && json_integer_value(by) > json_integer_value(ty))
        return err_set(e, DK_ERULE, "target_before_baseline", "target_year", "目标年份早于基期年份 (target year before the baseline year)");
    if (creating && !json_object_get(rec, "higher_is_better")) json_object_set_new(rec, "higher_is_better", json_true());
    return DK_OK;
}
const struct rec_kind kind_indicators = {"indicators", "indicators", "indicator", "目标指标", INDICATOR_FIELDS, "t.task_id, t.id",
                                         INDICATOR_FILTERS, 0, indicator_check, NULL, NULL};

static const struct rec_field ACTUAL_FIELDS[] = {
    FLD_REF("indicator_id", "目标指标", RF_REQUIRED | RF_PARENT, "indicators"),
    FLD_TEXT("period", "期间", RF_REQUIRED | RF_FIXED, 7),
    FLD_DEC("value", "实际值", RF_REQUIRED),
    FLD_TEXT("note", "说明", 0, 2000),
    FLD_END,
};
static const char *const ACTUAL_FILTERS[] = {"indicator_id", NULL};

/* A period is a year 'YYYY' or a month 'YYYY-MM'. */
static int actual_check(db *d, const struct actor *who, json_t *rec, int creating, dk_err *e)
{
    const char *p = json_string_value(json_object_get(rec, "period"));
    int year_ok = p && strlen(p) == 4 && strspn(p, "0123456789") == 4;
    if (!year_ok && (!p || month_parse(p) < 0))
        return err_set(e, DK_EINVAL, "invalid_field", "period", "期间 period 应为年份 YYYY 或月份 YYYY-MM (a year or a month)");
    return DK_OK;
}

/* Actuals are reported by an office or by the lead unit of the indicator's key task. */
static int actual_may_write(db *d, const struct actor *who, json_t *rec, dk_err *e)
{
    int64_t pairing = rec_pairing(rec);
    if (role_allows(who->role, PERM_OFFICE) && actor_in_scope(who, pairing)) return DK_OK;
    if (who->role == ROLE_UNIT && actor_in_scope(who, pairing)) {
        int64_t lead = db_int64(d, "SELECT t.lead_unit_id FROM indicators i JOIN key_tasks t ON t.id = i.task_id WHERE i.id = ?", 0, 1,
                                json_integer_value(json_object_get(rec, "indicator_id")));
        if (lead && lead == who->unit_id) return DK_OK;
    }
    return err_set(e, DK_EFORBIDDEN, "forbidden", "", "只有合作办或该任务的牵头单位可以报送指标实际值 (an office or the task's lead unit)");
}
const struct rec_kind kind_indicator_actuals = {"indicator-actuals", "indicator_actuals", "indicator_actual", "指标实际值", ACTUAL_FIELDS,
                                                "t.indicator_id, t.period", ACTUAL_FILTERS, 0, actual_check, NULL, actual_may_write};

static const struct rec_field WORK_PLAN_FIELDS[] = {
    FLD_YEAR("year", "计划年度", RF_REQUIRED | RF_FIXED),
    FLD_TEXT("title", "计划名称", RF_REQUIRED, 300),
    FLD_TEXT("note", "备注", 0, 4000),
    FLD_END,
};
static const char *const WORK_PLAN_FILTERS[] = {"year", NULL};
const struct rec_kind kind_work_plans = {"work-plans", "work_plans", "work_plan", "年度工作计划", WORK_PLAN_FIELDS, "t.pairing_id, t.year",
                                         WORK_PLAN_FILTERS, 0, NULL, NULL, NULL};

static const struct rec_field DOMAIN_FIELDS[] = {
    FLD_REF("work_plan_id", "年度工作计划", RF_REQUIRED | RF_PARENT, "work_plans"),
    FLD_INT("seq", "序号", RF_REQUIRED, 1, 99),
    FLD_TEXT("name", "领域名称", RF_REQUIRED, 100),
    FLD_END,
};
static const char *const DOMAIN_FILTERS[] = {"work_plan_id", NULL};
const struct rec_kind kind_plan_domains = {"plan-domains", "plan_domains", "plan_domain", "工作领域", DOMAIN_FIELDS,
                                           "t.work_plan_id, t.seq, t.id", DOMAIN_FILTERS, 0, NULL, NULL, NULL};
