/* reference.c — pairings, closed months, units, regions, industries, capital statistics and warning rules. */
#include "api/api.h"
#include "service/progress.h"
#include "service/reference.h"
#include "service/warnings.h"
#include <string.h>

void api_pairings_list(struct http_req *req, struct http_resp *resp)
{
    if (http_check_query(req, NULL, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(ref_pairings(req->db, req->actor.pairing_id, &e)), &e);
}

void api_pairings_get(struct http_req *req, struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, ref_pairing_get(req->db, req->params[0], req->actor.pairing_id, &e), &e);
}

void api_closed_months_list(struct http_req *req, struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(progress_closed_months(req->db, req->params[0], req->actor.pairing_id, &e)), &e);
}

void api_closed_months_close(struct http_req *req, struct http_resp *resp)
{
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        if (strcmp(key, "month") != 0) {
            err_set(&e, DK_EINVAL, "unknown_field", key, "未知字段 %.60s (unknown field)", key);
            break;
        }
    }
    json_t *m = json_object_get(body, "month");
    if (!e.status && !json_is_string(m)) err_set(&e, DK_EINVAL, "missing_field", "month", "缺少月份 month (YYYY-MM)");
    if (!e.status) progress_close_month(req->db, &req->actor, req->params[0], json_string_value(m), &e);
    if (!e.status) http_send_json(resp, 201, json_pack("{s:O}", "month", m));
    else if (e.status == DK_ERULE && strcmp(e.code, "unknown_pairing") == 0) {
        e.status = DK_ENOTFOUND;
        snprintf(e.code, sizeof e.code, "not_found");
        http_send_error(resp, &e);
    } else {
        http_send_error(resp, &e);
    }
    json_decref(body);
}

void api_units_list(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"pairing", "side", NULL};
    if (http_check_query(req, allowed, resp)) return;
    const char *side = http_query(req, "side");
    if (side && strcmp(side, "host") && strcmp(side, "partner")) {
        http_send_error3(resp, 400, "invalid_parameter", "side", "side 应为 host 或 partner");
        return;
    }
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(ref_units(req->db, http_query(req, "pairing"), http_query(req, "side"), req->actor.pairing_id, &e)), &e);
}

void api_regions_list(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"parent", "q", "level", NULL};
    if (http_check_query(req, allowed, resp)) return;
    int64_t level = 0;
    if (api_query_int(req, "level", 1, 3, &level, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(ref_regions(req->db, http_query(req, "parent"), http_query(req, "q"), (int)level, &e)), &e);
}

void api_regions_get(struct http_req *req, struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, ref_region_get(req->db, req->params[0], &e), &e);
}

void api_industries_list(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"level", "section", NULL};
    if (http_check_query(req, allowed, resp)) return;
    int64_t level = 0;
    if (api_query_int(req, "level", 1, 4, &level, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(ref_industries(req->db, (int)level, http_query(req, "section"), &e)), &e);
}

void api_capital_stats(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"host_region", "year", NULL};
    if (http_check_query(req, allowed, resp)) return;
    int64_t year = 0;
    if (api_query_int(req, "year", 1900, 2999, &year, resp)) return;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(ref_capital_stats(req->db, http_query(req, "host_region"), (int)year, &e)), &e);
}

void api_warning_rules_list(struct http_req *req, struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(warnings_rules_json(req->db, &e)), &e);
}

void api_warning_rules_update(struct http_req *req, struct http_resp *resp)
{
    int64_t if_match = api_if_match(req, resp);
    if (if_match < 0) return;
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    int rc = warnings_rule_update(req->db, &req->actor, req->params[0], if_match, body, &e);
    json_decref(body);
    if (rc != DK_OK) {
        http_send_error(resp, &e);
        return;
    }
    json_t *rules = warnings_rules_json(req->db, &e), *r, *out = NULL;
    size_t i;
    json_array_foreach(rules, i, r) {
        if (strcmp(json_string_value(json_object_get(r, "code")), req->params[0]) == 0) out = json_incref(r);
    }
    json_decref(rules);
    api_set_etag(resp, out);
    api_reply(resp, 200, out, &e);
}

void api_audit_list(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"entity", "entity_id", "actor", "action", "from", "to", "limit", "offset", NULL};
    if (http_check_query(req, allowed, resp)) return;
    struct audit_filter f = {.entity = http_query(req, "entity"), .actor = http_query(req, "actor"),
                             .action = http_query(req, "action"), .from = http_query(req, "from"), .to = http_query(req, "to")};
    int64_t id = 0, limit = 100, offset = 0;
    if (api_query_int(req, "entity_id", 1, INT64_MAX, &id, resp) || api_query_int(req, "limit", 1, 1000, &limit, resp) ||
        api_query_int(req, "offset", 0, INT32_MAX, &offset, resp))
        return;
    f.entity_id = id;
    f.limit = (int)limit;
    f.offset = (int)offset;
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(ref_audit(req->db, &f, &e)), &e);
}
