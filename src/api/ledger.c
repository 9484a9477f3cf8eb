/*
 * ledger.c — /api/v1/imports (a multipart/form-data upload: file, kind, dry_run, sheet,
 * encoding; parsed with libmicrohttpd's post processor), /api/v1/exports/{what} and
 * /api/v1/import-templates/{kind}: Excel/CSV ledgers in and out.
 */
#include "api/api.h"
#include "service/exports.h"
#include "service/imports.h"
#include "util/sbuf.h"
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define UPLOAD_FILE_MAX ((size_t)64 << 20)

/* The form's fields as the post processor hands them over. */
struct upload {
    sbuf file;
    char file_name[256];
    int file_parts;
    char kind[32], dry_run[8], sheet[128], encoding[16];
    int unknown;
    char unknown_name[64];
};

static void field_text(char *dst, size_t n, const char *data, uint64_t off, size_t size)
{
    size_t have = strnlen(dst, n);
    if (off != have) return;
    size_t room = n - 1 - have;
    memcpy(dst + have, data, size < room ? size : room);
    dst[have + (size < room ? size : room)] = '\0';
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    struct upload *u = cls;
    if (strcmp(key, "file") == 0) {
        if (off == 0) {
            u->file_parts++;
            snprintf(u->file_name, sizeof u->file_name, "%s", filename ? filename : "");
        }
        if (u->file_parts == 1) sb_append(&u->file, data, size);
        return sb_failed(&u->file) ? MHD_NO : MHD_YES;
    }
    if (strcmp(key, "kind") == 0) field_text(u->kind, sizeof u->kind, data, off, size);
    else if (strcmp(key, "dry_run") == 0) field_text(u->dry_run, sizeof u->dry_run, data, off, size);
    else if (strcmp(key, "sheet") == 0) field_text(u->sheet, sizeof u->sheet, data, off, size);
    else if (strcmp(key, "encoding") == 0) field_text(u->encoding, sizeof u->encoding, data, off, size);
    else if (!u->unknown) {
        u->unknown = 1;
        snprintf(u->unknown_name, sizeof u->unknown_name, "%s", key);
    }
    return MHD_YES;
}

void api_imports_create(struct http_req *req, struct http_resp *resp)
{
    const char *ct = http_header(req, "Content-Type");
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) {
        http_send_error3(resp, 415, "unsupported_media_type", "Content-Type",
                         "请以 multipart/form-data 上传文件 (upload the file as multipart/form-data)");
        return;
    }
    struct upload u;
    memset(&u, 0, sizeof u);
    sb_init(&u.file, UPLOAD_FILE_MAX);
    struct MHD_PostProcessor *pp = MHD_create_post_processor(req->conn, 64 * 1024, on_part, &u);
    if (!pp) {
        sb_free(&u.file);
        http_send_error3(resp, 400, "invalid_body", "Content-Type", "multipart 边界缺失或无效 (missing or bad multipart boundary)");
        return;
    }
    enum MHD_Result ok = MHD_post_process(pp, req->body, req->body_len);
    MHD_destroy_post_processor(pp);
    if (ok != MHD_YES || sb_failed(&u.file)) {
        int too_big = sb_failed(&u.file);
        sb_free(&u.file);
        http_send_error3(resp, too_big ? 413 : 400, too_big ? "body_too_large" : "invalid_body", "file",
                         "上传内容无法解析或过大 (the upload cannot be parsed or is too large)");
        return;
    }
    if (u.unknown || u.file_parts != 1 || (u.dry_run[0] && strcmp(u.dry_run, "true") && strcmp(u.dry_run, "false") &&
                                           strcmp(u.dry_run, "1") && strcmp(u.dry_run, "0"))) {
        char msg[200];
        const char *field = u.unknown ? u.unknown_name : u.file_parts != 1 ? "file" : "dry_run";
        snprintf(msg, sizeof msg, "%s", u.unknown ? "未知的表单字段 (unknown form field)"
                                        : u.file_parts != 1 ? "应上传且只上传一个文件 file (exactly one file is needed)"
                                                            : "dry_run 应为 true 或 false");
        sb_free(&u.file);
        http_send_error3(resp, 400, u.unknown ? "unknown_field" : "invalid_field", field, msg);
        return;
    }
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
    if (rc == DK_EUNAVAIL) resp->retry = 1;
    if (rc == DK_OK) {
        http_send_json(resp, rq.dry_run ? 200 : 201, report);
        return;
    }
    json_t *err = json_pack("{s:s, s:s, s:s}", "code", e.code, "message", e.message, "field", e.field);
    if (report) json_object_set(err, "problems", json_object_get(report, "problems"));
    json_t *body = json_pack("{s:o}", "error", err);
    if (report) json_object_set_new(body, "report", report);
    http_send_json(resp, err_http_status(rc), body);
}

static void send_file(struct http_resp *resp, int rc, char *out, size_t len, const char *type, const dk_err *e)
{
    if (rc != DK_OK) {
        http_send_error(resp, e);
        return;
    }
    resp->status = 200;
    resp->content_type = type;
    sb_append(&resp->body, out, len);
    free(out);
}

void api_exports_get(struct http_req *req, struct http_resp *resp)
{
    static const char *const extra[] = {"format", "encoding", "month", NULL};
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
    if (strcmp(rq.what, "projects") != 0 && strcmp(rq.what, "schedule") != 0) {
        http_send_error3(resp, 404, "not_found", "what", "没有这种导出：应为 projects 或 schedule (no such export)");
        return;
    }
    dk_err e;
    err_clear(&e);
    char *out = NULL, name[128];
    size_t len = 0;
    const char *type = NULL;
    int rc = exports_render(req->db, &req->actor, &rq, &out, &len, &type, name, sizeof name, &e);
    send_file(resp, rc, out, len, type, &e);
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
    dk_err e;
    err_clear(&e);
    char *out = NULL, name[128];
    size_t len = 0;
    const char *type = NULL;
    int rc = exports_render(req->db, &req->actor, &rq, &out, &len, &type, name, sizeof name, &e);
    send_file(resp, rc, out, len, type, &e);
}
