/*
 * request.c — request and response helpers for handlers: query arguments, headers and cookies
 * (from the libmicrohttpd connection, or from the fields of a request made in-process), the
 * JSON body, JSON responses and the one error shape.
 */
#include "http/http.h"
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The first in-process field of kind named name (header names in any case, as libmicrohttpd
 * compares them), or NULL. */
static const char *field_value(const struct http_req *req, enum http_field_kind kind, const char *name)
{
    for (int i = 0; i < req->n_fields; i++) {
        const struct http_field *f = &req->fields[i];
        if (f->kind == kind && (kind == HTTP_FIELD_HEADER ? strcasecmp(f->name, name) : strcmp(f->name, name)) == 0)
            return f->value;
    }
    return NULL;
}

const char *http_query(struct http_req *req, const char *name)
{
    const char *v = req->conn ? MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name)
                              : field_value(req, HTTP_FIELD_ARG, name);
    return v && *v ? v : NULL;
}

const char *http_header(struct http_req *req, const char *name)
{
    return req->conn ? MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name)
                     : field_value(req, HTTP_FIELD_HEADER, name);
}

const char *http_cookie(struct http_req *req, const char *name)
{
    return req->conn ? MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name)
                     : field_value(req, HTTP_FIELD_COOKIE, name);
}

struct query_check {
    const char *const *allowed;
    const char *bad;
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct query_check *c = cls;
    for (const char *const *a = c->allowed; *a; a++)
        if (strcmp(key, *a) == 0) return MHD_YES;
    c->bad = key;
    return MHD_NO;
}

int http_check_query(struct http_req *req, const char *const *allowed, struct http_resp *resp)
{
    static const char *const none[] = {NULL};
    struct query_check c = {allowed ? allowed : none, NULL};
    if (req->conn) MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
    else
        for (int i = 0; i < req->n_fields && !c.bad; i++)
            if (req->fields[i].kind == HTTP_FIELD_ARG) check_arg(&c, MHD_GET_ARGUMENT_KIND, req->fields[i].name, req->fields[i].value);
    if (!c.bad) return 0;
    char msg[200];
    snprintf(msg, sizeof msg, "未知查询参数 %.60s (unknown query parameter)", c.bad);
    http_send_error3(resp, 400, "invalid_parameter", c.bad, msg);
    return -1;
}

json_t *http_json_body(struct http_req *req, struct http_resp *resp)
{
    if (req->body_len == 0) {
        http_send_error3(resp, 400, "invalid_json", "", "请求体为空，应为 JSON (empty body; JSON expected)");
        return NULL;
    }
    json_error_t jerr;
    json_t *v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!v) {
        char msg[300];
        snprintf(msg, sizeof msg, "JSON 格式错误，第 %d 行第 %d 列（字节 %d）：%s (malformed JSON)", jerr.line, jerr.column,
                 jerr.position, jerr.text);
        http_send_error3(resp, 400, "invalid_json", "", msg);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        http_send_error3(resp, 400, "invalid_body", "", "请求体应为 JSON 对象 (body must be a JSON object)");
        return NULL;
    }
    return v;
}

void http_resp_init(struct http_resp *resp)
{
    memset(resp, 0, sizeof *resp);
    resp->status = 200;
    sb_init(&resp->body, 0);
}

void http_send_json(struct http_resp *resp, int status, json_t *v)
{
    resp->status = status;
    resp->content_type = "application/json; charset=utf-8";
    sb_reset(&resp->body);
    char *text = json_dumps(v, JSON_COMPACT);
    json_decref(v);
    sb_puts(&resp->body, text ? text : "null");
    free(text);
}

json_t *http_error_object(const char *code, const char *field, const char *message)
{
    json_t *err = json_pack("{s:s, s:s, s:s}", "code", code, "message", message, "field", field ? field : "");
    if (!err) err = json_pack("{s:s, s:s, s:s}", "code", code, "message", "(message not valid UTF-8)", "field", "");
    return err;
}

void http_send_error3(struct http_resp *resp, int status, const char *code, const char *field, const char *message)
{
    resp->etag[0] = resp->location[0] = '\0';
    http_send_json(resp, status, json_pack("{s:o}", "error", http_error_object(code, field, message)));
}

void http_send_error(struct http_resp *resp, const dk_err *e)
{
    int status = e->status ? e->status : DK_EINTERNAL;
    resp->retry = strcmp(e->code, "db_retry") == 0;
    http_send_error3(resp, err_http_status(status), e->code[0] ? e->code : "internal", e->field,
                     e->message[0] ? e->message : "内部错误 (internal error)");
}
