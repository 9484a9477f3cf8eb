/*
 * router.c — matches a method and path against the route table. Patterns are literal
 * segments and {name} segments; a {name} captures one non-empty segment.
 */
#include "http/http.h"
#include <string.h>

/* Matches path against pattern, capturing segments into req (pointers into a static-per-call
 * copy are not used: captured segments point into req-owned storage below). */
static int match(const char *pattern, const char *path, struct http_req *req, char store[][128])
{
    int n = 0;
    const char *p = pattern, *u = path;
    while (*p && *u) {
        if (*p != '/' || *u != '/') return 0;
        p++;
        u++;
        const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p), ul = ue ? (size_t)(ue - u) : strlen(u);
        if (pl > 0 && p[0] == '{') {
            if (ul == 0 || ul >= 128 || n >= HTTP_MAX_PARAMS) return 0;
            memcpy(store[n], u, ul);
            store[n][ul] = '\0';
            n++;
        } else if (pl != ul || memcmp(p, u, pl) != 0) {
            return 0;
        }
        p += pl;
        u += ul;
    }
    if (*p || *u) return 0;
    if (req) {
        req->n_params = n;
        for (int i = 0; i < n; i++) req->params[i] = store[i];
    }
    return 1;
}

const struct route *router_match(const struct route *table, const char *method, const char *path,
                                 struct http_req *req, int *path_known)
{
    static _Thread_local char store[HTTP_MAX_PARAMS][128];
    char scratch[HTTP_MAX_PARAMS][128];
    *path_known = 0;
    for (const struct route *r = table; r->method; r++) {
        if (!match(r->pattern, path, NULL, scratch)) continue;
        if (strcmp(r->method, method) == 0) {
            match(r->pattern, path, req, store);
            req->route_arg = r->arg;
            return r;
        }
        *path_known = 1;
    }
    return NULL;
}
