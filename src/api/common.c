/* common.c — helpers shared by the API handlers (see api.h). */
#include "api/api.h"
#include "service/approvals.h"
#include "util/jsonin.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int parse_i64(const char *s, int64_t *out)
{
    if (!s || !*s) return -1;
    for (const char *p = s; *p; p++)
        if ((*p < '0' || *p > '9') && !(p == s && *p == '-')) return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

int64_t api_param_id(struct http_req *req, int i, struct http_resp *resp, const char *what)
{
    int64_t id;
    if (i < req->n_params && parse_i64(req->params[i], &id) == 0 && id > 0) return id;
    char msg[160];
    snprintf(msg, sizeof msg, "%s不存在：编号应为正整数 (no such %s)", what, "record");
    http_send_error3(resp, 404, "not_found", "id", msg);
    return 0;
}

int64_t api_if_match(struct http_req *req, struct http_resp *resp)
{
    const char *h = http_header(req, "If-Match");
    if (!h || !*h) return 0;
    char buf[32];
    size_t n = strlen(h);
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, h, n);
    buf[n] = '\0';
    char *p = buf;
    if (p[0] == 'W' && p[1] == '/') p += 2;
    if (*p == '"') {
        p++;
        char *q = strchr(p, '"');
        if (q) *q = '\0';
    }
    int64_t v;
    if (parse_i64(p, &v) == 0 && v > 0) return v;
    http_send_error3(resp, 400, "invalid_header", "If-Match", "If-Match 应为记录版本号，如 \"3\" (If-Match must be a version)");
    return -1;
}

int api_as_of(struct http_req *req, dk_date *out, struct http_resp *resp)
{
    const char *s = http_query(req, "as_of");
    if (!s) {
        *out = date_today();
        return 0;
    }
    if (date_parse(s, out)) return 0;
    http_send_error3(resp, 400, "invalid_parameter", "as_of", "as_of 应为 YYYY-MM-DD (as_of must be a date)");
    return -1;
}

int api_query_int(struct http_req *req, const char *name, int64_t min, int64_t max, int64_t *out, struct http_resp *resp)
{
    const char *s = http_query(req, name);
    if (!s) return 0;
    int64_t v;
    if (parse_i64(s, &v) == 0 && v >= min && v <= max) {
        *out = v;
        return 0;
    }
    char msg[200];
    snprintf(msg, sizeof msg, "参数 %s 应为 %lld–%lld 的整数 (must be an integer in range)", name, (long long)min, (long long)max);
    http_send_error3(resp, 400, "invalid_parameter", name, msg);
    return -1;
}

void api_reply(struct http_resp *resp, int status, json_t *v, const dk_err *e)
{
    if (v) http_send_json(resp, status, v);
    else http_send_error(resp, e);
}

void api_set_etag(struct http_resp *resp, json_t *obj)
{
    json_t *v = json_object_get(obj, "version");
    if (json_is_integer(v)) snprintf(resp->etag, sizeof resp->etag, "\"%lld\"", (long long)json_integer_value(v));
}

void api_send_record(struct http_req *req, struct http_resp *resp, int64_t id, int status, api_read_op read)
{
    dk_err e;
    err_clear(&e);
    json_t *v = read(req, id, &e);
    api_set_etag(resp, v);
    api_reply(resp, status, v, &e);
}

int api_submit_for_approval(struct http_req *req, struct http_resp *resp, const char *kind, int64_t id, json_t *body,
                            const dk_err *refused)
{
    if (refused->status != DK_EFORBIDDEN || strcmp(refused->code, "needs_approval") != 0) return 0;
    dk_err e;
    err_clear(&e);
    int64_t approval = 0;
    if (approvals_submit(req->db, &req->actor, kind, id, body, &approval, &e) != DK_OK) {
        http_send_error(resp, &e);
        return 1;
    }
    snprintf(resp->location, sizeof resp->location, "/api/v1/approvals/%lld", (long long)approval);
    api_reply(resp, 202, approvals_get(req->db, approval, 0, &e), &e);
    return 1;
}

void api_versioned_write(struct http_req *req, struct http_resp *resp, const char *what, api_write_op op,
                         api_read_op read)
{
    api_versioned_write_or_submit(req, resp, what, op, read, NULL);
}

void api_versioned_write_or_submit(struct http_req *req, struct http_resp *resp, const char *what, api_write_op op,
                                   api_read_op read, const char *approval_kind)
{
    int64_t id = api_param_id(req, 0, resp, what);
    if (!id) return;
    int64_t if_match = api_if_match(req, resp);
    if (if_match < 0) return;
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    int rc = op(req->db, &req->actor, id, if_match, body, &e);
    int submitted = rc != DK_OK && approval_kind && api_submit_for_approval(req, resp, approval_kind, id, body, &e);
    json_decref(body);
    if (rc == DK_OK) {
        api_send_record(req, resp, id, 200, read);
        return;
    }
    if (submitted) return;
    http_send_error(resp, &e);
    if (rc == DK_ESTALE) { /* tell the client which version is current */
        json_t *cur = read(req, id, NULL);
        api_set_etag(resp, cur);
        json_decref(cur);
    }
}

int api_project_visible(struct http_req *req, int64_t id, struct http_resp *resp)
{
    int64_t pairing = db_int64(req->db, "SELECT pairing_id FROM projects WHERE id = ?", 0, 1, id);
    if (pairing && actor_in_scope(&req->actor, pairing)) return 1;
    http_send_error3(resp, 404, "not_found", "id", "项目不存在 (no such project)");
    return 0;
}

int api_string_fields(json_t *body, const char *const *allowed, struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    if (json_check_fields(body, allowed, NULL, &e) == DK_OK) return 0;
    http_send_error(resp, &e);
    return -1;
}

json_t *api_items(json_t *array)
{
    return array ? json_pack("{s:o}", "items", array) : NULL;
}

void api_health(struct http_req *req, struct http_resp *resp)
{
    int64_t schema = req->db ? db_int64(req->db, "SELECT MAX(version) FROM schema_migrations", -1, 0) : -1;
    if (schema < 0) {
        http_send_error3(resp, 503, "db_unavailable", "", "数据库不可用 (database unavailable)");
        return;
    }
    char fault[48]; /* the database can be read; whether writes currently fail, and why */
    db_fault_state(fault);
    http_send_json(resp, 200, json_pack("{s:s, s:s, s:I, s:s}", "status", "ok", "version", DUIKOU_VERSION, "schema", (json_int_t)schema,
                                        "writes", fault[0] ? fault : "ok"));
}
