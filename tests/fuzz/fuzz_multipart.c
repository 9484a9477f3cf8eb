/*
 * fuzz_multipart.c — libFuzzer target for the ledger upload's multipart/form-data parsing
 * (api/upload.c over libmicrohttpd's post processor). The post processor needs a real
 * connection, so each input is sent as the body of a POST whose boundary is "XyZ" to the
 * in-process daemon of loopback.c; the callback parses it as the server does and checks what it
 * got. Any body must give a parsed upload or a 4xx, never a crash or a leak, and every text the
 * upload hands on must be valid UTF-8 (it goes into JSON). The whole import path is
 * fuzz_api_upload's.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "api/upload.h"
#include "loopback.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
    do {            \
        if (!(cond)) abort(); \
    } while (0)

/* 1 when s is valid UTF-8 (jansson's judgement: it is what the report is built with). */
static int utf8_ok(const char *s)
{
    json_t *v = json_string(s);
    json_decref(v);
    return v != NULL;
}

static int parse(struct http_req *req)
{
    struct http_resp resp;
    http_resp_init(&resp);
    struct upload u;
    int status = 200;
    if (upload_parse(req->conn, req->body, req->body_len, &u, &resp) == 0) {
        CHECK(u.file_parts == 1 && u.file.len <= UPLOAD_FILE_MAX && !u.unknown);
        CHECK(utf8_ok(u.file_name) && utf8_ok(u.kind) && utf8_ok(u.dry_run) && utf8_ok(u.sheet) && utf8_ok(u.encoding));
        sb_free(&u.file);
    } else {
        CHECK(resp.status >= 400 && resp.status < 500 && resp.body.len > 0);
        status = resp.status;
    }
    sb_free(&resp.body);
    return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int status = loopback_request(parse, "POST", "/api/v1/imports", "Content-Type: multipart/form-data; boundary=XyZ\r\n", data,
                                  size);
    CHECK(status >= 200 && status < 500);
    return 0;
}
