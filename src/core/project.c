/*
 * project.c — the project field table and the checks that need no database.
 */
#include "core/project.h"
#include "core/dates.h"
#include "core/money.h"
#include <stdlib.h>
#include <string.h>

#define F(name, label, type, req, len) {#name, label, type, offsetof(struct project, name), req, len}

const struct field_def project_fields[] = {
    F(code, "项目编号", FT_CODE, 1, 64),
    F(name, "项目名称", FT_TEXT, 1, 300),
    F(investor, "投资方", FT_TEXT, 1, 300),
    F(investor_region, "投资方所在地", FT_REGION, 1, 6),
    F(host_region, "项目所在地", FT_REGION, 1, 6),
    F(industry_section, "行业门类", FT_CODE, 1, 1),
    F(industry_division, "行业大类", FT_CODE, 0, 2),
    F(unit_id, "责任单位", FT_REF, 0, 0),
    F(contact, "联系人", FT_TEXT, 0, 200),
    F(leader, "包保领导", FT_TEXT, 0, 200),
    F(platform, "所在平台", FT_TEXT, 0, 300),
    F(platform_id, "所属合作平台", FT_REF, 0, 0),
    F(content, "建设内容", FT_TEXT, 0, 4000),
    F(planned_investment, "计划总投资", FT_MONEY, 1, 0),
    F(agreed_capital, "协议引资额", FT_OPT_MONEY, 0, 0),
    F(annual_plan, "年度计划投资", FT_OPT_MONEY, 0, 0),
    F(annual_plan_year, "年度计划年份", FT_OPT_INT, 0, 0),
    F(planned_start, "计划开工", FT_MONTH, 0, 7),
    F(planned_finish, "计划竣工", FT_MONTH, 0, 7),
    F(national_code, "全国投资项目代码", FT_CODE, 0, 24),
    {NULL, NULL, FT_TEXT, 0, 0, 0},
};

const struct field_def *project_field(const char *name)
{
    for (const struct field_def *f = project_fields; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

char **project_text(struct project *p, const struct field_def *f) { return (char **)((char *)p + f->offset); }
int64_t *project_int(struct project *p, const struct field_def *f) { return (int64_t *)((char *)p + f->offset); }
opt_i64 *project_opt(struct project *p, const struct field_def *f) { return (opt_i64 *)((char *)p + f->offset); }

static int is_text_type(enum field_type t)
{
    return t == FT_TEXT || t == FT_CODE || t == FT_REGION || t == FT_MONTH;
}

void project_clear(struct project *p)
{
    for (const struct field_def *f = project_fields; f->name; f++)
        if (is_text_type(f->type)) {
            char **s = project_text(p, f);
            free(*s);
            *s = NULL;
        }
    free(p->pairing_code);
    free(p->created_at);
    free(p->updated_at);
    p->pairing_code = p->created_at = p->updated_at = NULL;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

int project_national_code_ok(const char *c)
{
    /* YYYY-RRRRRR-II-TT-NNNNNN */
    if (strlen(c) != 24) return 0;
    static const int dash[] = {4, 11, 14, 17};
    for (int i = 0; i < 4; i++)
        if (c[dash[i]] != '-') return 0;
    return all_digits(c, 4) && all_digits(c + 5, 6) && all_digits(c + 12, 2) && all_digits(c + 15, 2) &&
           all_digits(c + 18, 6) && c[0] >= '1' && c[0] <= '2';
}

static int check_field(const struct project *cp, const struct field_def *f, dk_err *e)
{
    struct project *p = (struct project *)cp;
    if (is_text_type(f->type)) {
        const char *s = *project_text(p, f);
        if (!s || !*s) {
            if (f->required) return err_set(e, DK_EINVAL, "missing_field", f->name, "缺少%s %s (required)", f->label, f->name);
            return DK_OK;
        }
        if (strlen(s) > f->max_len)
            return err_set(e, DK_EINVAL, "too_long", f->name, "%s过长，最多 %zu 字节 (too long)", f->label, f->max_len);
        if (f->type == FT_MONTH && month_parse(s) < 0)
            return err_set(e, DK_EINVAL, "invalid_field", f->name, "%s应为 YYYY-MM (month must be YYYY-MM): \"%.20s\"", f->label, s);
        if (f->type == FT_REGION && (strlen(s) != 6 || !all_digits(s, 6)))
            return err_set(e, DK_EINVAL, "invalid_field", f->name, "%s应为 6 位行政区划代码 (GB/T 2260 code): \"%.20s\"", f->label, s);
        for (const char *q = s; *q; q++)
            if ((unsigned char)*q < 0x20 && *q != '\n' && *q != '\t' && *q != '\r')
                return err_set(e, DK_EINVAL, "invalid_field", f->name, "%s含有控制字符 (control character)", f->label);
        return DK_OK;
    }
    int64_t v = f->type == FT_MONEY ? *project_int(p, f) : f->type == FT_OPT_MONEY && project_opt(p, f)->has ? project_opt(p, f)->v : 0;
    if (v < 0) return err_set(e, DK_EINVAL, "invalid_field", f->name, "%s不能为负数 (must not be negative)", f->label);
    if (v > MONEY_RECORD_MAX)
        return err_set(e, DK_EINVAL, "invalid_field", f->name, "%s超过上限 10 万亿元 (more than 10^13 yuan)", f->label);
    return DK_OK;
}

int project_validate(const struct project *p, dk_err *e)
{
    for (const struct field_def *f = project_fields; f->name; f++) {
        int rc = check_field(p, f, e);
        if (rc != DK_OK) return rc;
    }
    const char *sec = p->industry_section;
    if (!(sec[0] >= 'A' && sec[0] <= 'T' && sec[1] == '\0'))
        return err_set(e, DK_EINVAL, "invalid_field", "industry_section", "行业门类应为 A–T 的字母 (GB/T 4754 section letter): \"%.8s\"", sec);
    if (p->industry_division && *p->industry_division &&
        (strlen(p->industry_division) != 2 || !all_digits(p->industry_division, 2)))
        return err_set(e, DK_EINVAL, "invalid_field", "industry_division", "行业大类应为两位数字 (two-digit division): \"%.8s\"", p->industry_division);
    if (p->planned_start && p->planned_finish && *p->planned_start && *p->planned_finish &&
        strcmp(p->planned_finish, p->planned_start) < 0)
        return err_set(e, DK_ERULE, "finish_before_start", "planned_finish", "计划竣工 %s 早于计划开工 %s (finish before start)",
                       p->planned_finish, p->planned_start);
    if (p->national_code && *p->national_code && !project_national_code_ok(p->national_code))
        return err_set(e, DK_EINVAL, "invalid_field", "national_code",
                       "全国投资项目代码应为 24 位，格式 YYYY-RRRRRR-II-TT-NNNNNN (national project code format): \"%.30s\"", p->national_code);
    if (p->annual_plan_year.has && (p->annual_plan_year.v < 2000 || p->annual_plan_year.v > 2999))
        return err_set(e, DK_EINVAL, "invalid_field", "annual_plan_year", "年度计划年份无效 (invalid year)");
    return DK_OK;
}
