/*
 * test_dispatch.c — unit tests of a request answered in-process (http/dispatch.c, request.c):
 * query arguments, headers and cookies from a request's fields, the unknown-parameter check,
 * 404/405/401 before any handler runs; and of the error text every answer carries: messages
 * that quote hostile bytes (util/err.c) are valid UTF-8, so the one error shape can always be
 * written (a malformed 4-byte sequence once turned an import's error into the body "null").
 */
#include "testutil.h"
#include "http/http.h"
#include <jansson.h>
#include <string.h>

static const struct http_field FIELDS[] = {
    {HTTP_FIELD_ARG, "pairing", "bj-sy"},
    {HTTP_FIELD_ARG, "q", ""},
    {HTTP_FIELD_ARG, "pairing", "sh-dl"},
    {HTTP_FIELD_HEADER, "If-Match", "\"3\""},
    {HTTP_FIELD_COOKIE, "duikou_session", "abc"},
};

static struct http_req request(const char *method, const char *path, const struct http_field *f, int n)
{
    struct http_req req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = path;
    req.body = "";
    req.fields = f;
    req.n_fields = n;
    return req;
}

static void test_fields(void **state)
{
    struct http_req req = request("GET", "/api/v1/projects", FIELDS, 5);
    assert_string_equal(http_query(&req, "pairing"), "bj-sy"); /* the first of a repeated key, as libmicrohttpd */
    assert_null(http_query(&req, "q"));                         /* empty is absent */
    assert_null(http_query(&req, "If-Match"));                  /* kinds are kept apart */
    assert_string_equal(http_header(&req, "if-match"), "\"3\""); /* header names in any case */
    assert_null(http_header(&req, "pairing"));
    assert_string_equal(http_cookie(&req, "duikou_session"), "abc");
    assert_null(http_cookie(&req, "DUIKOU_SESSION"));
}

static void test_check_query(void **state)
{
    static const char *const allowed[] = {"pairing", "q", NULL}, *const fewer[] = {"pairing", NULL};
    struct http_req req = request("GET", "/api/v1/projects", FIELDS, 5);
    struct http_resp resp;
    http_resp_init(&resp);
    assert_int_equal(http_check_query(&req, allowed, &resp), 0);
    assert_int_equal(http_check_query(&req, fewer, &resp), -1);
    assert_int_equal(resp.status, 400);
    assert_non_null(strstr(sb_str(&resp.body), "\"field\":\"q\""));
    sb_free(&resp.body);
}

/* Dispatches method path without a database and returns the status; the body is the error shape. */
static int dispatch(const char *method, const char *path, const char *code)
{
    struct http_req req = request(method, path, NULL, 0);
    struct http_resp resp;
    http_resp_init(&resp);
    http_dispatch(&req, "127.0.0.1", &resp);
    json_t *v = json_loads(sb_str(&resp.body), 0, NULL);
    assert_non_null(v);
    assert_string_equal(json_string_value(json_object_get(json_object_get(v, "error"), "code")), code);
    json_decref(v);
    sb_free(&resp.body);
    return resp.status;
}

static void test_dispatch_refusals(void **state)
{
    assert_int_equal(dispatch("GET", "/api/v1/nothing", "not_found"), 404);
    assert_int_equal(dispatch("DELETE", "/api/v1/projects", "method_not_allowed"), 405);
    assert_int_equal(dispatch("GET", "/api/v1/projects", "unauthenticated"), 401); /* no caller, no handler */
}

/* err_set with text quoting bytes; the message must be valid UTF-8 (jansson takes it) and keep
 * want, when given. */
static void repaired(const char *bytes, const char *want)
{
    dk_err e;
    err_set(&e, DK_EINVAL, "invalid_parameter", bytes, "x\"%s\"", bytes);
    json_t *m = json_string(e.message), *f = json_string(e.field);
    if (!m || !f) print_error("not valid UTF-8 after repair: %s\n", e.message);
    assert_non_null(m);
    assert_non_null(f);
    json_decref(m);
    json_decref(f);
    if (want) assert_string_equal(e.message, want);
}

static void test_messages_are_utf8(void **state)
{
    repaired("沈阳 ok", "x\"沈阳 ok\"");
    repaired("\xf0\x9f\x98\x80", "x\"\xf0\x9f\x98\x80\"");  /* U+1F600 stays */
    repaired("\xf5\xbc\x90\x91", "x\"????\"");              /* the fuzz find: a lead byte past U+10FFFF */
    repaired("\xf4\x90\x80\x80", "x\"????\"");              /* U+110000 */
    repaired("\xc0\xaf", "x\"??\"");                        /* overlong '/' */
    repaired("\xe0\x80\xaf", "x\"???\"");                   /* overlong, three bytes */
    repaired("\xed\xa0\x80", "x\"???\"");                   /* a surrogate */
    repaired("\xe6\xb2", "x\"??\"");                        /* cut off */
    repaired("\x85\xa5\xf2\xf5\xbc\x90\x91\x8b", NULL);
}

static void test_error_object_never_fails(void **state)
{
    json_t *o = http_error_object("invalid_parameter", "kind", "bad \xff");
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "code")), "invalid_parameter");
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_check_query),
        cmocka_unit_test(test_dispatch_refusals),
        cmocka_unit_test(test_messages_are_utf8),
        cmocka_unit_test(test_error_object_never_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
