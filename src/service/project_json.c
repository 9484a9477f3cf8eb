/* project_json.c — JSON ↔ struct project through the field table. */
#include "service/project_json.h"
#include "core/money.h"
#include "core/dates.h"
#include "util/xmalloc.h"
#include <string.h>

static int listed(const char *key, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(key, *list) == 0) return 1;
    return 0;
}

static int money_from_json(const struct field_def *f, json_t *v, int64_t *out, dk_err *e)
{
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return DK_OK;
    }
    if (json_is_string(v)) return money_parse(json_string_value(v), MONEY_YUAN, 0, f->name, out, e);
    return err_set(e, DK_EINVAL, "invalid_type", f->name, "%s应为整数（元）或金额文本，如 \"1,234.56万元\" (integer yuan or money text)", f->label);
}

static int apply_field(struct project *p, const struct field_def *f, json_t *v, dk_err *e)
{
    switch (f->type) {
    case FT_MONEY:
        if (json_is_null(v)) return err_set(e, DK_EINVAL, "missing_field", f->name, "%s不能为空 (required)", f->label);
        return money_from_json(f, v, project_int(p, f), e);
    case FT_OPT_MONEY: {
        opt_i64 *o = project_opt(p, f);
        if (json_is_null(v)) {
            o->has = 0;
            return DK_OK;
        }
        o->has = 1;
        return money_from_json(f, v, &o->v, e);
    }
    case FT_OPT_INT:
    case FT_REF: {
        opt_i64 *o = project_opt(p, f);
        if (json_is_null(v)) {
            o->has = 0;
            return DK_OK;
        }
        if (!json_is_integer(v)) return err_set(e, DK_EINVAL, "invalid_type", f->name, "%s应为整数 (must be an integer)", f->label);
        o->has = 1;
        o->v = json_integer_value(v);
        return DK_OK;
    }
    default: {
        char **s = project_text(p, f);
        if (json_is_null(v)) {
            if (f->required) return err_set(e, DK_EINVAL, "missing_field", f->name, "%s不能为空 (required)", f->label);
            free(*s);
            *s = NULL;
            return DK_OK;
        }
        if (!json_is_string(v)) return err_set(e, DK_EINVAL, "invalid_type", f->name, "%s应为文本 (must be a string)", f->label);
        free(*s);
        *s = xstrdup(json_string_value(v));
        return DK_OK;
    }
    }
}

int project_apply_json(struct project *p, json_t *obj, const char *const *extra, dk_err *e)
{
    if (!json_is_object(obj)) return err_set(e, DK_EINVAL, "invalid_body", "", "请求体应为 JSON 对象 (body must be a JSON object)");
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        if (listed(key, extra)) continue;
        const struct field_def *f = project_field(key);
        if (!f) return err_set(e, DK_EINVAL, "unknown_field", key, "未知字段 %.60s (unknown field)", key);
        int rc = apply_field(p, f, v, e);
        if (rc != DK_OK) return rc;
    }
    return DK_OK;
}

static json_t *opt_json(opt_i64 o) { return o.has ? json_integer(o.v) : json_null(); }
static json_t *text_json(const char *s) { return s ? json_string(s) : json_null(); }

json_t *project_to_json(const struct project_row *r)
{
    struct project *p = (struct project *)&r->p;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(p->id));
    for (const struct field_def *f = project_fields; f->name; f++) {
        json_t *v;
        switch (f->type) {
        case FT_MONEY: v = json_integer(*project_int(p, f)); break;
        case FT_OPT_MONEY:
        case FT_OPT_INT:
        case FT_REF: v = opt_json(*project_opt(p, f)); break;
        default: v = text_json(*project_text(p, f)); break;
        }
        json_object_set_new(o, f->name, v);
    }
    json_object_set_new(o, "pairing", text_json(p->pairing_code));
    json_object_set_new(o, "stage", json_string(stage_code(p->st.stage)));
    json_object_set_new(o, "stage_name", json_string(stage_name(p->st.stage)));
    json_object_set_new(o, "stage_before_pause",
                        p->st.stage == STAGE_PAUSED ? json_string(stage_code(p->st.before_pause)) : json_null());
    json_t *dates = json_object();
    for (int i = 0; i < STAGE_ACTIVE_COUNT; i++)
        json_object_set_new(dates, stage_code((enum stage)i), p->st.dates[i][0] ? json_string(p->st.dates[i]) : json_null());
    json_object_set_new(o, "stage_dates", dates);
    json_object_set_new(o, "completed_investment", json_integer(r->completed));
    json_object_set_new(o, "completed_in_year", json_integer(r->done_in_year));
    if (r->last_report_month >= 0) {
        char ym[8];
        month_format(r->last_report_month, ym);
        json_object_set_new(o, "last_report_month", json_string(ym));
    } else {
        json_object_set_new(o, "last_report_month", json_null());
    }
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "created_at", text_json(p->created_at));
    json_object_set_new(o, "updated_at", text_json(p->updated_at));
    return o;
}
