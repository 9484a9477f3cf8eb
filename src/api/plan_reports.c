/*
 * plan_reports.c — /api/v1/reports/{plan,todo,key-tasks,indicators,exchanges,platforms}: the
 * plan reports of service/plan_report.h, with their query arguments checked.
 */
#include "api/api.h"
#include "service/plan_report.h"

/* The required pairing code; NULL after a 400. */
static const char *need_pairing(struct http_req *req, struct http_resp *resp)
{
    const char *p = http_query(req, "pairing");
    if (!p || !*p) http_send_error3(resp, 400, "missing_parameter", "pairing", "缺少对口合作关系 pairing，如 bj-sy (required)");
    return p && *p ? p : NULL;
}

/* The required year; 0 after a 400. */
static int need_year(struct http_req *req, struct http_resp *resp)
{
    int64_t year = 0;
    if (api_query_int(req, "year", 1990, 2100, &year, resp)) return 0;
    if (!year) http_send_error3(resp, 400, "missing_parameter", "year", "缺少年度 year (required)");
    return (int)year;
}

void api_report_plan(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"pairing", "year", "as_of", NULL};
    if (http_check_query(req, allowed, resp)) return;
    const char *pairing = need_pairing(req, resp);
    int year = pairing ? need_year(req, resp) : 0;
    dk_date as_of;
    if (!year || api_as_of(req, &as_of, resp)) return;
    if (!http_query(req, "as_of")) as_of = plan_report_default_as_of(year);
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, plan_report_progress(req->db, pairing, year, &as_of, req->actor.pairing_id, &e), &e);
}

void api_report_todo(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"unit_id", "as_of", NULL};
    if (http_check_query(req, allowed, resp)) return;
    int64_t unit = req->actor.role == ROLE_UNIT ? req->actor.unit_id : 0;
    dk_date as_of;
    if (api_query_int(req, "unit_id", 1, INT64_MAX, &unit, resp) || api_as_of(req, &as_of, resp)) return;
    if (!unit) {
        http_send_error3(resp, 400, "missing_parameter", "unit_id", "缺少单位 unit_id (required)");
        return;
    }
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, plan_report_todo(req->db, unit, &as_of, req->actor.pairing_id, &e), &e);
}

void api_report_key_tasks(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"pairing", "year", NULL};
    if (http_check_query(req, allowed, resp)) return;
    const char *pairing = need_pairing(req, resp);
    int year = pairing ? need_year(req, resp) : 0;
    if (!year) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, plan_report_tasks(req->db, pairing, year, req->actor.pairing_id, &e), &e);
}

/* The reports that take only a pairing. */
static void pairing_report(struct http_req *req, struct http_resp *resp, json_t *(*fn)(db *, const char *, int64_t, dk_err *))
{
    static const char *const allowed[] = {"pairing", NULL};
    if (http_check_query(req, allowed, resp)) return;
    const char *pairing = need_pairing(req, resp);
    if (!pairing) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, fn(req->db, pairing, req->actor.pairing_id, &e), &e);
}

void api_report_indicators(struct http_req *req, struct http_resp *resp) { pairing_report(req, resp, plan_report_indicators); }
void api_report_exchanges(struct http_req *req, struct http_resp *resp) { pairing_report(req, resp, plan_report_exchanges); }
void api_report_platforms(struct http_req *req, struct http_resp *resp) { pairing_report(req, resp, plan_report_platforms); }
