/*
 * test_http.c — unit tests of the router (http/router.c) against the real route table
 * (api/routes.c): every route matches its own pattern with sample parameters and captures
 * them, a known path under another method is told apart from an unknown path, trailing
 * slashes, empty and over-long segments do not match, and the table itself is sound: every
 * row declares a permission, a handler and a summary, and no write is public or read-only.
 */
#include "testutil.h"
#include "http/http.h"
#include <stdio.h>
#include <string.h>

static const char *const WRITE_METHODS[] = {"POST", "PATCH", "PUT", "DELETE", NULL};
static const char *const ALL_METHODS[] = {"GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS", NULL};

/* The sample value for a {name} parameter: "1" for ids, "bj-sy" for codes. */
static const char *sample(const char *name, size_t len)
{
    return len == 2 && memcmp(name, "id", 2) == 0 ? "1" : "bj-sy";
}

/* Builds a concrete path from pattern, replacing each {x} with its sample; fills the expected
 * parameter values into want (up to HTTP_MAX_PARAMS) and returns how many there are. */
static int sample_path(const char *pattern, char *out, size_t n, const char *want[HTTP_MAX_PARAMS])
{
    size_t o = 0;
    int params = 0;
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            assert_non_null(end);
            const char *v = sample(p + 1, (size_t)(end - p - 1));
            size_t vl = strlen(v);
            assert_true(o + vl < n);
            memcpy(out + o, v, vl);
            o += vl;
            assert_true(params < HTTP_MAX_PARAMS);
            want[params++] = v;
            p = end + 1;
        } else {
            assert_true(o + 1 < n);
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return params;
}

static int is_write(const char *method)
{
    for (const char *const *m = WRITE_METHODS; *m; m++)
        if (strcmp(method, *m) == 0) return 1;
    return 0;
}

/* 1 when some route has pattern under method. */
static int has_route(const char *method, const char *pattern)
{
    for (const struct route *r = api_routes; r->method; r++)
        if (strcmp(r->method, method) == 0 && strcmp(r->pattern, pattern) == 0) return 1;
    return 0;
}

static const struct route *match(const char *method, const char *path, struct http_req *req, int *known)
{
    memset(req, 0, sizeof *req);
    *known = -1;
    return router_match(api_routes, method, path, req, known);
}

/* Asserts method+path matches no route; known says whether the path exists under another method. */
static void no_match(const char *method, const char *path, int known_want)
{
    struct http_req req;
    int known;
    const struct route *r = match(method, path, &req, &known);
    if (r || known != known_want)
        print_error("%s %s: route %s, path_known %d (want none, %d)\n", method, path, r ? r->pattern : "none", known, known_want);
    assert_null(r);
    assert_int_equal(known, known_want);
}

static void test_every_route_matches_itself(void **state)
{
    (void)state;
    int n = 0;
    for (const struct route *r = api_routes; r->method; r++, n++) {
        char path[256];
        const char *want[HTTP_MAX_PARAMS] = {0};
        int params = sample_path(r->pattern, path, sizeof path, want);
        struct http_req req;
        int known;
        const struct route *got = match(r->method, path, &req, &known);
        if (got != r) print_error("%s %s (from %s) matched %s\n", r->method, path, r->pattern, got ? got->pattern : "nothing");
        assert_ptr_equal(got, r);
        assert_int_equal(req.n_params, params);
        for (int i = 0; i < params; i++) assert_string_equal(req.params[i], want[i]);
    }
    assert_true(n >= 20);
}

static void test_captures_parameters(void **state)
{
    (void)state;
    struct http_req req;
    int known;
    const struct route *r = match("POST", "/api/v1/projects/42/transitions", &req, &known);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/api/v1/projects/{id}/transitions");
    assert_int_equal(req.n_params, 1);
    assert_string_equal(req.params[0], "42");
    r = match("GET", "/api/v1/pairings/bj-sy/closed-months", &req, &known);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/api/v1/pairings/{code}/closed-months");
    assert_string_equal(req.params[0], "bj-sy");
    /* a parameter is any non-empty segment: the handler validates it */
    r = match("GET", "/api/v1/projects/abc", &req, &known);
    assert_non_null(r);
    assert_string_equal(req.params[0], "abc");
    /* a literal path has no parameters */
    r = match("GET", "/api/v1/projects", &req, &known);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/api/v1/projects");
    assert_int_equal(req.n_params, 0);
}

static void test_wrong_method_is_known_path(void **state)
{
    (void)state;
    for (const struct route *r = api_routes; r->method; r++) {
        char path[256];
        const char *want[HTTP_MAX_PARAMS];
        sample_path(r->pattern, path, sizeof path, want);
        for (const char *const *m = ALL_METHODS; *m; m++) {
            if (has_route(*m, r->pattern)) continue;
            no_match(*m, path, 1);
        }
    }
    no_match("DELETE", "/api/v1/projects/1", 1);
    no_match("PUT", "/api/v1/projects/1", 1);
    no_match("POST", "/healthz", 1);
    no_match("GET", "/api/v1/projects/1/transitions", 1);
    no_match("get", "/api/v1/projects", 1); /* methods are case-sensitive */
}

static void test_unknown_path(void **state)
{
    (void)state;
    no_match("GET", "/api/v1/nothing", 0);
    no_match("GET", "/api/v2/projects", 0);
    no_match("GET", "/api/v1/projects/1/unknown", 0);
    no_match("GET", "/api/v1/projects/1/progress/2018-01", 0);
    no_match("GET", "/API/v1/projects", 0);
    no_match("GET", "/", 0);
    no_match("GET", "", 0);
    no_match("GET", "healthz", 0);
    no_match("GET", "/healthz?x=1", 0);
    no_match("POST", "/api/v1", 0);
}

static void test_trailing_slash(void **state)
{
    (void)state;
    for (const struct route *r = api_routes; r->method; r++) {
        char path[256];
        const char *want[HTTP_MAX_PARAMS];
        sample_path(r->pattern, path, sizeof path, want);
        size_t l = strlen(path);
        path[l] = '/';
        path[l + 1] = '\0';
        no_match(r->method, path, 0);
    }
    no_match("GET", "/healthz/", 0);
    no_match("GET", "/api/v1/projects/", 0);
    no_match("GET", "/api/v1/projects/1/", 0);
}

static void test_empty_segment(void **state)
{
    (void)state;
    no_match("GET", "//healthz", 0);
    no_match("GET", "/api//v1/projects", 0);
    no_match("GET", "/api/v1//projects", 0);
    no_match("POST", "/api/v1/projects//transitions", 0);
    no_match("GET", "/api/v1/pairings//closed-months", 0);
    no_match("GET", "/api/v1/projects/1//progress", 0);
}

static void test_over_long_segment(void **state)
{
    (void)state;
    char path[512];
    char seg[200];
    struct http_req req;
    int known;
    /* 127 bytes is the longest segment a parameter captures */
    memset(seg, '7', 127);
    seg[127] = '\0';
    snprintf(path, sizeof path, "/api/v1/projects/%s", seg);
    const struct route *r = match("GET", path, &req, &known);
    assert_non_null(r);
    assert_int_equal(strlen(req.params[0]), 127);
    memset(seg, '7', 128);
    seg[128] = '\0';
    snprintf(path, sizeof path, "/api/v1/projects/%s", seg);
    no_match("GET", path, 0);
    snprintf(path, sizeof path, "/api/v1/projects/%s/progress", seg);
    no_match("POST", path, 0);
    memset(seg, 'x', 199);
    seg[199] = '\0';
    snprintf(path, sizeof path, "/api/v1/pairings/%s", seg);
    no_match("GET", path, 0);
}

static void test_routes_declare_permission_and_summary(void **state)
{
    (void)state;
    for (const struct route *r = api_routes; r->method; r++) {
        assert_non_null(r->pattern);
        assert_true(r->pattern[0] == '/');
        assert_non_null(r->handler);
        assert_true((int)r->perm >= PERM_PUBLIC && (int)r->perm <= PERM_ADMIN);
        assert_non_null(r->summary);
        assert_true(strlen(r->summary) > 0);
        int known_method = 0;
        for (const char *const *m = ALL_METHODS; *m; m++)
            if (strcmp(r->method, *m) == 0) known_method = 1;
        assert_true(known_method);
        /* one row per method and pattern */
        int same = 0;
        for (const struct route *o = api_routes; o->method; o++)
            if (strcmp(o->method, r->method) == 0 && strcmp(o->pattern, r->pattern) == 0) same++;
        assert_int_equal(same, 1);
    }
}

static void test_writes_not_public_or_read(void **state)
{
    (void)state;
    int writes = 0;
    for (const struct route *r = api_routes; r->method; r++) {
        if (!is_write(r->method)) continue;
        writes++;
        /* the one public write is signing in; the self-service writes act on the caller's own session and tokens */
        if (r->perm == PERM_PUBLIC && strcmp(r->pattern, "/api/v1/auth/login") == 0) continue;
        if (r->perm == PERM_SELF && (strncmp(r->pattern, "/api/v1/auth/", 13) == 0 || strncmp(r->pattern, "/api/v1/tokens", 14) == 0))
            continue;
        if (r->perm == PERM_PUBLIC || r->perm == PERM_READ || r->perm == PERM_SELF)
            print_error("%s %s is a write with permission %s\n", r->method, r->pattern, perm_code(r->perm));
        assert_true(r->perm != PERM_PUBLIC && r->perm != PERM_READ && r->perm != PERM_SELF);
    }
    assert_true(writes > 0);
    /* the office's own work needs the office permission */
    for (const struct route *r = api_routes; r->method; r++) {
        if (strcmp(r->method, "POST") == 0 && strcmp(r->pattern, "/api/v1/pairings/{code}/closed-months") == 0)
            assert_int_equal(r->perm, PERM_OFFICE);
        if (strcmp(r->method, "PATCH") == 0 && strcmp(r->pattern, "/api/v1/warning-rules/{code}") == 0)
            assert_int_equal(r->perm, PERM_ADMIN); /* the rules hold for every pairing */
        if (r->perm == PERM_PUBLIC && strcmp(r->pattern, "/healthz") != 0) assert_string_equal(r->pattern, "/api/v1/auth/login");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_route_matches_itself),
        cmocka_unit_test(test_captures_parameters),
        cmocka_unit_test(test_wrong_method_is_known_path),
        cmocka_unit_test(test_unknown_path),
        cmocka_unit_test(test_trailing_slash),
        cmocka_unit_test(test_empty_segment),
        cmocka_unit_test(test_over_long_segment),
        cmocka_unit_test(test_routes_declare_permission_and_summary),
        cmocka_unit_test(test_writes_not_public_or_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
