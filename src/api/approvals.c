/* approvals.c — /api/v1/approvals: what units submitted, and the office's decision. */
#include "api/api.h"
#include "service/approvals.h"
#include <string.h>

static json_t *read_approval(struct http_req *req, int64_t id, dk_err *e)
{
    return approvals_get(req->db, id, req->actor.pairing_id, e);
}

void api_approvals_list(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"state", "project_id", NULL};
    if (http_check_query(req, allowed, resp)) return;
    const char *state = http_query(req, "state");
    if (state && strcmp(state, "pending") && strcmp(state, "approved") && strcmp(state, "rejected")) {
        http_send_error3(resp, 400, "invalid_parameter", "state", "state 应为 pending、approved 或 rejected");
        return;
    }
    int64_t project = 0;
    if (api_query_int(req, "project_id", 1, INT64_MAX, &project, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(approvals_list(req->db, state, project, req->actor.pairing_id, &e)), &e);
}

void api_approvals_get(struct http_req *req, struct http_resp *resp)
{
    int64_t id = api_param_id(req, 0, resp, "审核事项");
    if (id) api_send_record(req, resp, id, 200, read_approval);
}

void api_approvals_approve(struct http_req *req, struct http_resp *resp)
{
    api_versioned_write(req, resp, "审核事项", approvals_approve, read_approval);
}

void api_approvals_reject(struct http_req *req, struct http_resp *resp)
{
    api_versioned_write(req, resp, "审核事项", approvals_reject, read_approval);
}
