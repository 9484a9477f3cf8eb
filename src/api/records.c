/*
 * records.c — the four routes every record kind has: list, read, create, change. The route
 * table hands the kind to the handler as the route's arg (req->route_arg).
 */
#include "api/api.h"
#include "service/record.h"
#include <string.h>

/* The kind of the route being served. */
static const struct rec_kind *kind_of(struct http_req *req) { return req->route_arg; }

/* Which kind a change is for: set by the handler for the write op below, on this thread,
 * for the length of one request. */
static _Thread_local const struct rec_kind *writing;

static json_t *read_record(struct http_req *req, int64_t id, dk_err *e)
{
    dk_date as_of;
    const char *s = http_query(req, "as_of");
    if (!s || !date_parse(s, &as_of)) as_of = date_today();
    return rec_get(req->db, kind_of(req), id, req->actor.pairing_id, &as_of, e);
}

static int update_record(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e)
{
    return rec_update(d, writing, who, id, if_match, body, e);
}

void api_record_list(struct http_req *req, struct http_resp *resp)
{
    const struct rec_kind *k = kind_of(req);
    const char *allowed[16] = {"pairing", "limit", "offset", "as_of"};
    int na = 4, nf = 0;
    for (const char *const *f = k->filters; f && *f && na < 15; f++) allowed[na++] = *f;
    allowed[na] = NULL;
    if (http_check_query(req, allowed, resp)) return;
    int64_t limit = 100, offset = 0;
    dk_date as_of;
    if (api_query_int(req, "limit", 1, 1000, &limit, resp) || api_query_int(req, "offset", 0, INT64_MAX / 2, &offset, resp) ||
        api_as_of(req, &as_of, resp))
        return;
    struct rec_filter filters[16];
    for (int i = 0; allowed[i]; i++) {
        if (i >= 1 && i <= 3) continue; /* limit, offset, as_of */
        const char *v = http_query(req, allowed[i]);
        if (v) filters[nf++] = (struct rec_filter){allowed[i], v};
    }
    dk_err e;
    err_clear(&e);
    int64_t total = 0;
    json_t *items = rec_list(req->db, k, filters, nf, req->actor.pairing_id, limit, offset, &as_of, &total, &e);
    api_reply(resp, 200, items ? json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "limit", (json_int_t)limit,
                                           "offset", (json_int_t)offset)
                               : NULL,
              &e);
}

void api_record_get(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"as_of", NULL};
    if (http_check_query(req, allowed, resp)) return;
    dk_date as_of;
    if (api_as_of(req, &as_of, resp)) return;
    int64_t id = api_param_id(req, 0, resp, kind_of(req)->label);
    if (id) api_send_record(req, resp, id, 200, read_record);
}

void api_record_create(struct http_req *req, struct http_resp *resp)
{
    const struct rec_kind *k = kind_of(req);
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    int64_t id = 0;
    int rc = rec_create(req->db, k, &req->actor, body, &id, &e);
    json_decref(body);
    if (rc != DK_OK) {
        http_send_error(resp, &e);
        return;
    }
    snprintf(resp->location, sizeof resp->location, "/api/v1/%s/%lld", k->name, (long long)id);
    api_send_record(req, resp, id, 201, read_record);
}

void api_record_update(struct http_req *req, struct http_resp *resp)
{
    writing = kind_of(req);
    api_versioned_write(req, resp, writing->label, update_record, read_record);
    writing = NULL;
}
