/*
 * ledger.c — /api/v1/imports (a multipart/form-data upload: file, kind, dry_run, sheet,
 * encoding; parsed by api/upload.c), /api/v1/exports/{what} (projects, schedule, summary, items) and
 * /api/v1/import-templates/{kind}: Excel/CSV ledgers in and out.
 */
#include "api/api.h"
#include "service/exports.h"
#include "service/imports.h"
#include "api/upload.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

void api_imports_create(struct http_req *req, struct http_resp *resp)
{
    struct upload u;
    if (upload_parse(req->conn, req->body, req->body_len, &u, resp)) return;
    struct import_request rq = {0};
    rq.kind = u.kind[0] ? u.kind : NULL;
    rq.file_name = u.file_name;
    rq.data = sb_str(&u.file);
    rq.len = u.file.len;
    rq.sheet = u.sheet[0] ? u.sheet : NULL;
    rq.encoding = u.encoding[0] ? u.encoding : NULL;
    rq.dry_run = strcmp(u.dry_run, "true") == 0 || strcmp(u.dry_run, "1") == 0;
    dk_err e;
    err_clear(&e);
    json_t *report = NULL;
    int rc = imports_run(req->db, &req->actor, &rq, &report, &e);
    sb_free(&u.file);
    if (rc == DK_EUNAVAIL && strcmp(e.code, "db_retry") == 0) resp->retry = 1; /* as http_send_error: a full disk is not retried */
    if (rc == DK_OK) {
        http_send_json(resp, rq.dry_run ? 200 : 201, report);
        return;
    }
    json_t *err = http_error_object(e.code, e.field, e.message); /* the message may quote the upload's bytes */
    if (report) json_object_set(err, "problems", json_object_get(report, "problems"));
    json_t *body = json_pack("{s:o}", "error", err);
    if (report) json_object_set_new(body, "report", report);
    http_send_json(resp, err_http_status(rc), body);
}

/* Renders rq and sends the file, or the error. */
static void send_export(struct http_req *req, struct http_resp *resp, const struct export_request *rq)
{
    dk_err e;
    err_clear(&e);
    char *out = NULL, name[128];
    size_t len = 0;
    const char *type = NULL;
    if (exports_render(req->db, &req->actor, rq, &out, &len, &type, name, sizeof name, &e) != DK_OK) {
        http_send_error(resp, &e);
        return;
    }
    resp->status = 200;
    resp->content_type = type;
    sb_append(&resp->body, out, len);
    free(out);
}

void api_exports_get(struct http_req *req, struct http_resp *resp)
{
    static const char *const extra[] = {"format", "encoding", "month", "year", NULL};
    struct project_filter f;
    struct export_request rq = {0};
    if (api_project_filter(req, &f, &rq.colour, extra, resp)) return;
    if (api_as_of(req, &rq.as_of, resp)) return;
    rq.what = req->params[0];
    rq.filter = &f;
    rq.format = http_query(req, "format");
    rq.encoding = http_query(req, "encoding");
    rq.pairing = http_query(req, "pairing");
    rq.month = http_query(req, "month");
    rq.as_of_given = http_query(req, "as_of") != NULL;
    int64_t year = 0;
    if (api_query_int(req, "year", 1990, 2999, &year, resp)) return;
    rq.year = (int)year;
    if (strcmp(rq.what, "projects") != 0 && strcmp(rq.what, "schedule") != 0 && strcmp(rq.what, "summary") != 0 &&
        strcmp(rq.what, "items") != 0) {
        http_send_error3(resp, 404, "not_found", "what", "没有这种导出：应为 projects、schedule、summary 或 items (no such export)");
        return;
    }
    send_export(req, resp, &rq);
}

void api_import_templates_get(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"format", "encoding", NULL};
    if (http_check_query(req, allowed, resp)) return;
    struct export_request rq = {0};
    rq.what = "template";
    rq.kind = req->params[0];
    rq.format = http_query(req, "format");
    rq.encoding = http_query(req, "encoding");
    if (!import_kind_find(rq.kind)) {
        http_send_error3(resp, 404, "not_found", "kind", "没有这种导入类型 (no such import kind)");
        return;
    }
    send_export(req, resp, &rq);
}
