/* projects.c — /api/v1/projects: list, create, read, change, stage transitions, progress, history. */
#include "api/api.h"
#include "core/warning.h"
#include "service/approvals.h"
#include "service/progress.h"
#include "service/projects.h"
#include "service/reference.h"
#include <string.h>

/* The project as it is now, as the client sees it. */
static json_t *read_project(struct http_req *req, int64_t id, dk_err *e)
{
    dk_date today = date_today();
    return projects_get(req->db, &req->actor, id, &today, e);
}

int api_project_filter(struct http_req *req, struct project_filter *fp, int *colour_out, const char *const *extra,
                       struct http_resp *resp)
{
    static const char *const base[] = {"pairing", "stage", "industry", "host_region", "origin_region", "unit_id",
                                       "colour", "min_investment", "max_investment", "q", "sort", "limit", "offset",
                                       "as_of", NULL};
    const char *allowed[32];
    size_t n = 0;
    for (const char *const *k = base; *k; k++) allowed[n++] = *k;
    for (const char *const *k = extra; k && *k && n < 31; k++) allowed[n++] = *k;
    allowed[n] = NULL;
    if (http_check_query(req, allowed, resp)) return -1;
    struct project_filter f;
    memset(&f, 0, sizeof f);
    f.pairing = http_query(req, "pairing");
    f.industry = http_query(req, "industry");
    f.host_region = http_query(req, "host_region");
    f.origin_region = http_query(req, "origin_region");
    f.q = http_query(req, "q");
    f.stage = -1;
    const char *stage = http_query(req, "stage");
    if (stage && (f.stage = stage_parse(stage)) < 0) {
        http_send_error3(resp, 400, "invalid_parameter", "stage", "未知阶段 (unknown stage)");
        return -1;
    }
    int colour = -1;
    const char *c = http_query(req, "colour");
    if (c && (colour = colour_parse(c)) < 0) {
        http_send_error3(resp, 400, "invalid_parameter", "colour", "colour 应为 green、yellow 或 red");
        return -1;
    }
    int64_t unit = 0, limit = 50, offset = 0, minv = -1, maxv = -1;
    if (api_query_int(req, "unit_id", 1, INT64_MAX, &unit, resp) || api_query_int(req, "limit", 1, 500, &limit, resp) ||
        api_query_int(req, "offset", 0, INT32_MAX, &offset, resp) ||
        api_query_int(req, "min_investment", 0, INT64_MAX, &minv, resp) ||
        api_query_int(req, "max_investment", 0, INT64_MAX, &maxv, resp))
        return -1;
    f.unit_id = unit;
    f.limit = (int)limit;
    f.offset = (int)offset;
    f.min_investment = (opt_i64){minv >= 0, minv};
    f.max_investment = (opt_i64){maxv >= 0, maxv};
    const char *sort = http_query(req, "sort");
    if (sort) {
        f.desc = sort[0] == '-';
        f.sort = f.desc ? sort + 1 : sort;
        int ok = 0;
        for (const char *const *k = store_project_sort_keys; *k; k++)
            if (strcmp(*k, f.sort) == 0) ok = 1;
        if (!ok) {
            http_send_error3(resp, 400, "invalid_parameter", "sort", "不支持的排序字段 (unknown sort key)");
            return -1;
        }
    }
    *fp = f;
    *colour_out = colour;
    return 0;
}

void api_projects_list(struct http_req *req, struct http_resp *resp)
{
    struct project_filter f;
    int colour;
    if (api_project_filter(req, &f, &colour, NULL, resp)) return;
    dk_date as_of;
    if (api_as_of(req, &as_of, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, projects_list(req->db, &req->actor, &f, colour, &as_of, &e), &e);
}

void api_projects_create(struct http_req *req, struct http_resp *resp)
{
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    int64_t id = 0;
    int rc = projects_create(req->db, &req->actor, body, &id, &e);
    json_decref(body);
    if (rc != DK_OK) {
        http_send_error(resp, &e);
        return;
    }
    snprintf(resp->location, sizeof resp->location, "/api/v1/projects/%lld", (long long)id);
    api_send_record(req, resp, id, 201, read_project);
}

void api_projects_get(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"as_of", NULL};
    if (http_check_query(req, allowed, resp)) return;
    int64_t id = api_param_id(req, 0, resp, "项目");
    dk_date as_of;
    if (!id || api_as_of(req, &as_of, resp)) return;
    dk_err e;
    err_clear(&e);
    json_t *p = projects_get(req->db, &req->actor, id, &as_of, &e);
    api_set_etag(resp, p);
    api_reply(resp, 200, p, &e);
}

void api_projects_update(struct http_req *req, struct http_resp *resp)
{
    api_versioned_write(req, resp, "项目", projects_update, read_project);
}

void api_projects_transition(struct http_req *req, struct http_resp *resp)
{
    api_versioned_write_or_submit(req, resp, "项目", projects_transition, read_project, "stage");
}

void api_projects_history(struct http_req *req, struct http_resp *resp)
{
    int64_t id = api_param_id(req, 0, resp, "项目");
    if (!id) return;
    if (!api_project_visible(req, id, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(ref_history(req->db, "projects", id, &e)), &e);
}

void api_progress_list(struct http_req *req, struct http_resp *resp)
{
    int64_t id = api_param_id(req, 0, resp, "项目");
    if (!id || !api_project_visible(req, id, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(progress_list(req->db, id, &e)), &e);
}

void api_progress_report(struct http_req *req, struct http_resp *resp)
{
    int64_t id = api_param_id(req, 0, resp, "项目");
    if (!id) return;
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    int replaced = 0;
    int rc = progress_report(req->db, &req->actor, id, body, &replaced, &e);
    if (rc != DK_OK) {
        if (!api_submit_for_approval(req, resp, "progress", id, body, &e)) http_send_error(resp, &e);
        json_decref(body);
        return;
    }
    json_t *month = json_incref(json_object_get(body, "month"));
    json_decref(body);
    json_t *reports = progress_list(req->db, id, &e), *out = NULL, *r;
    size_t i;
    json_array_foreach(reports, i, r) {
        if (json_equal(json_object_get(r, "month"), month))
            out = json_pack("{s:O, s:O, s:b}", "month", month, "amount", json_object_get(r, "amount"), "replaced", replaced);
    }
    json_decref(month);
    json_decref(reports);
    api_reply(resp, replaced ? 200 : 201, out, &e);
}
