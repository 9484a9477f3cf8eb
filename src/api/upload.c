/*
 * upload.c — parses a ledger upload's multipart/form-data body with libmicrohttpd's post
 * processor (see upload.h). Text fields are kept within their buffers; the file within
 * UPLOAD_FILE_MAX.
 */
#include "api/upload.h"
#include "util/utf8.h"
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void field_text(char *dst, size_t n, const char *data, uint64_t off, size_t size)
{
    size_t have = strnlen(dst, n);
    if (off != have || !size) return;
    size_t room = n - 1 - have;
    memcpy(dst + have, data, size < room ? size : room);
    dst[have + (size < room ? size : room)] = '\0';
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    struct upload *u = cls;
    if (!data) size = 0;
    if (!key) key = ""; /* a part without a name: refused below as an unknown field */
    if (strcmp(key, "file") == 0) {
        if (off == 0) {
            u->file_parts++;
            snprintf(u->file_name, sizeof u->file_name, "%s", filename ? filename : "");
        }
        if (u->file_parts == 1 && size) sb_append(&u->file, data, size);
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

int upload_parse(void *conn, const char *body, size_t len, struct upload *u, struct http_resp *resp)
{
    memset(u, 0, sizeof *u);
    sb_init(&u->file, UPLOAD_FILE_MAX);
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) {
        http_send_error3(resp, 415, "unsupported_media_type", "Content-Type",
                         "请以 multipart/form-data 上传文件 (upload the file as multipart/form-data)");
        return -1;
    }
    struct MHD_PostProcessor *pp = MHD_create_post_processor(conn, 64 * 1024, on_part, u);
    if (!pp) {
        http_send_error3(resp, 400, "invalid_body", "Content-Type", "multipart 边界缺失或无效 (missing or bad multipart boundary)");
        return -1;
    }
    enum MHD_Result ok = MHD_post_process(pp, body, len);
    MHD_destroy_post_processor(pp);
    /* the client's text goes into the JSON report and the audit trail: well-formed UTF-8 only
     * (a name in GBK, or one cut off at its buffer, keeps its ASCII with '?' for the rest) */
    char *texts[] = {u->file_name, u->kind, u->dry_run, u->sheet, u->encoding, u->unknown_name};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) utf8_repair(texts[i]);
    int too_big = sb_failed(&u->file);
    const char *field = NULL, *msg = NULL, *code = "invalid_field";
    if (ok != MHD_YES || too_big) {
        sb_free(&u->file);
        http_send_error3(resp, too_big ? 413 : 400, too_big ? "body_too_large" : "invalid_body", "file",
                         "上传内容无法解析或过大 (the upload cannot be parsed or is too large)");
        return -1;
    }
    if (u->unknown) {
        field = u->unknown_name;
        code = "unknown_field";
        msg = "未知的表单字段 (unknown form field)";
    } else if (u->file_parts != 1) {
        field = "file";
        msg = "应上传且只上传一个文件 file (exactly one file is needed)";
    } else if (u->dry_run[0] && strcmp(u->dry_run, "true") && strcmp(u->dry_run, "false") && strcmp(u->dry_run, "1") &&
               strcmp(u->dry_run, "0")) {
        field = "dry_run";
        msg = "dry_run 应为 true 或 false (dry_run must be true or false)";
    }
    if (msg) {
        char f[64];
        snprintf(f, sizeof f, "%s", field);
        sb_free(&u->file);
        http_send_error3(resp, 400, code, f, msg);
        return -1;
    }
    return 0;
}
