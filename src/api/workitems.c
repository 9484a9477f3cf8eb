/*
 * workitems.c — what only work-plan items have beyond the record routes: progress updates,
 * escalation and carry-over (/api/v1/work-items/{id}/…), and the working-day calendar
 * (/api/v1/calendar).
 */
#include "api/api.h"
#include "service/calendar.h"
#include "service/kinds.h"
#include "service/workitems.h"
#include <string.h>

static json_t *read_item(struct http_req *req, int64_t id, dk_err *e)
{
    return rec_get(req->db, &kind_work_items, id, req->actor.pairing_id, NULL, e);
}

/* 1 when item id is in the caller's scope; else a 404 is written. */
static int item_visible(struct http_req *req, int64_t id, struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    json_t *it = read_item(req, id, &e);
    if (it) {
        json_decref(it);
        return 1;
    }
    http_send_error(resp, &e);
    return 0;
}

void api_item_updates_list(struct http_req *req, struct http_resp *resp)
{
    int64_t id = api_param_id(req, 0, resp, "工作事项");
    if (!id || !item_visible(req, id, resp)) return;
    dk_err e;
    err_clear(&e);
    json_t *ups = workitems_updates(req->db, id, req->actor.pairing_id, &e);
    json_t *esc = ups ? workitems_escalations(req->db, id, &e) : NULL;
    if (!esc) json_decref(ups);
    api_reply(resp, 200, esc ? json_pack("{s:o, s:o}", "items", ups, "escalations", esc) : NULL, &e);
}

/* The shape of the item POSTs that make a record: op(db, actor, item, body, &made, e); then 201
 * with the item (updates) or the item made (carry-over). */
typedef int (*item_post_op)(db *d, const struct actor *who, int64_t id, json_t *body, int64_t *made, dk_err *e);

static void item_post(struct http_req *req, struct http_resp *resp, item_post_op op, int show_made)
{
    int64_t id = api_param_id(req, 0, resp, "工作事项");
    if (!id) return;
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    int64_t made = 0;
    int rc = op(req->db, &req->actor, id, body, &made, &e);
    json_decref(body);
    if (rc != DK_OK) {
        http_send_error(resp, &e);
        return;
    }
    int64_t shown = show_made ? made : id;
    snprintf(resp->location, sizeof resp->location, "/api/v1/work-items/%lld", (long long)shown);
    api_send_record(req, resp, shown, 201, read_item);
}

void api_item_updates_add(struct http_req *req, struct http_resp *resp) { item_post(req, resp, workitems_report, 0); }

void api_item_update_get(struct http_req *req, struct http_resp *resp)
{
    int64_t id = api_param_id(req, 0, resp, "事项进展");
    if (!id) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, workitems_update_get(req->db, id, req->actor.pairing_id, &e), &e);
}

void api_item_escalate(struct http_req *req, struct http_resp *resp)
{
    api_versioned_write(req, resp, "工作事项", workitems_escalate, read_item);
}

void api_item_carry_over(struct http_req *req, struct http_resp *resp) { item_post(req, resp, workitems_carry_over, 1); }

void api_calendar_list(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"year", NULL};
    if (http_check_query(req, allowed, resp)) return;
    int64_t year = 0;
    if (api_query_int(req, "year", 1900, 2999, &year, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(calendar_list(req->db, (int)year, &e)), &e);
}

void api_calendar_workdays(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"from", "to", "add", NULL};
    if (http_check_query(req, allowed, resp)) return;
    const char *from = http_query(req, "from"), *to = http_query(req, "to");
    dk_date f, t;
    int64_t add = -1;
    if (api_query_int(req, "add", 0, 3650, &add, resp)) return;
    if (!from || !date_parse(from, &f)) {
        http_send_error3(resp, 400, "invalid_parameter", "from", "from 应为 YYYY-MM-DD (from must be a date)");
        return;
    }
    if ((to != NULL) == (add >= 0)) {
        http_send_error3(resp, 400, "invalid_parameter", "to", "请给出 to（计算两日之间的工作日）或 add（计算若干工作日之后的日期）之一 (give to or add)");
        return;
    }
    if (to && (!date_parse(to, &t) || date_to_days(&t) - date_to_days(&f) > 36600 || date_to_days(&f) - date_to_days(&t) > 36600)) {
        http_send_error3(resp, 400, "invalid_parameter", "to", "to 应为 YYYY-MM-DD，且与 from 相距不超过 100 年 (to must be a date within 100 years)");
        return;
    }
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, calendar_count(req->db, &f, to ? &t : NULL, add, &e), &e);
}

static void calendar_reply(struct http_req *req, struct http_resp *resp, int rc, dk_err *e)
{
    if (rc != DK_OK) {
        http_send_error(resp, e);
        return;
    }
    json_t *all = calendar_list(req->db, 0, e);
    json_t *found = json_null();
    size_t i;
    json_t *row;
    json_array_foreach(all, i, row) if (strcmp(json_string_value(json_object_get(row, "day")), req->params[0]) == 0) found = row;
    json_t *out = json_pack("{s:s, s:O}", "day", req->params[0], "entry", found);
    json_decref(all);
    http_send_json(resp, 200, out);
}

void api_calendar_set(struct http_req *req, struct http_resp *resp)
{
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    int rc = calendar_set(req->db, &req->actor, req->params[0], body, &e);
    json_decref(body);
    calendar_reply(req, resp, rc, &e);
}

void api_calendar_remove(struct http_req *req, struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    calendar_reply(req, resp, calendar_remove(req->db, &req->actor, req->params[0], &e), &e);
}
