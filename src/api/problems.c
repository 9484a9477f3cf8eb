/* problems.c — /api/v1/problems and /api/v1/projects/{id}/problems: raise, assign, resolve, read. */
#include "api/api.h"
#include "service/problems.h"
#include <string.h>

/* The problem as it is now. */
static json_t *read_problem(struct http_req *req, int64_t id, dk_err *e)
{
    return problems_get(req->db, id, req->actor.pairing_id, e);
}

void api_problems_of_project(struct http_req *req, struct http_resp *resp)
{
    int64_t id = api_param_id(req, 0, resp, "项目");
    if (!id) return;
    if (!api_project_visible(req, id, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(problems_list(req->db, NULL, id, NULL, req->actor.pairing_id, &e)), &e);
}

void api_problems_raise(struct http_req *req, struct http_resp *resp)
{
    int64_t project = api_param_id(req, 0, resp, "项目");
    if (!project) return;
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    int64_t id = 0;
    int rc = problems_raise(req->db, &req->actor, project, body, &id, &e);
    json_decref(body);
    if (rc != DK_OK) {
        http_send_error(resp, &e);
        return;
    }
    snprintf(resp->location, sizeof resp->location, "/api/v1/problems/%lld", (long long)id);
    api_send_record(req, resp, id, 201, read_problem);
}

void api_problems_list(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"pairing", "state", "project_id", NULL};
    if (http_check_query(req, allowed, resp)) return;
    int64_t project = 0;
    if (api_query_int(req, "project_id", 1, INT64_MAX, &project, resp)) return;
    const char *state = http_query(req, "state");
    if (state && strcmp(state, "open") && strcmp(state, "assigned") && strcmp(state, "resolved")) {
        http_send_error3(resp, 400, "invalid_parameter", "state", "state 应为 open、assigned 或 resolved");
        return;
    }
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(problems_list(req->db, http_query(req, "pairing"), project, state, req->actor.pairing_id, &e)), &e);
}

void api_problems_get(struct http_req *req, struct http_resp *resp)
{
    int64_t id = api_param_id(req, 0, resp, "协调问题");
    if (!id) return;
    api_send_record(req, resp, id, 200, read_problem);
}

void api_problems_assign(struct http_req *req, struct http_resp *resp)
{
    api_versioned_write(req, resp, "协调问题", problems_assign, read_problem);
}

void api_problems_resolve(struct http_req *req, struct http_resp *resp)
{
    api_versioned_write(req, resp, "协调问题", problems_resolve, read_problem);
}
