/*
 * dispatch.c — one API request from its route to its response, the same whoever calls it: the
 * server (server.c, with a libmicrohttpd connection) and the fuzz targets (a request made
 * in-process). Matches the route, resolves who is asking, checks the route's permission and
 * the CSRF token, and runs the handler, again after a serialization conflict.
 */
#include "http/http.h"
#include "service/auth.h"
#include <sodium.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define HTTP_MAX_ATTEMPTS 12

/* Who is asking, and may they: a Bearer token or the session cookie makes the actor; a route
 * other than a public one needs one (401), the actor's role must hold the route's permission
 * (403), and a write authenticated by cookie must carry the session's CSRF token (403).
 * Returns 1 to go on, 0 after writing the refusal. */
static int authorize(struct http_req *req, const struct route *rt, struct auth_ctx *auth, const char *ip,
                     struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    const char *bearer = http_header(req, "Authorization");
    const char *cookie = http_cookie(req, "duikou_session");
    int rc = req->db ? auth_resolve(req->db, bearer, cookie, auth, &e) : DK_OK;
    if (rc != DK_OK && rc != DK_EUNAUTH) {
        http_send_error(resp, &e);
        return 0;
    }
    if (rc != DK_OK || !req->db) memset(auth, 0, sizeof *auth);
    auth_actor(auth, ip, &req->actor);
    req->session_id = auth->session_id;
    if (rt->perm == PERM_PUBLIC) return 1;
    if (!auth->acc.id) {
        if (rc == DK_OK) err_set(&e, DK_EUNAUTH, "unauthenticated", "", "请先登录 (sign in first)");
        http_send_error(resp, &e);
        return 0;
    }
    if (!actor_allows(&req->actor, rt->perm)) {
        http_send_error3(resp, 403, "forbidden", "", "无权执行此操作 (not permitted for this role)");
        return 0;
    }
    if (auth->session_id && strcmp(rt->method, "GET") != 0) {
        const char *csrf = http_header(req, "X-CSRF-Token");
        size_t n = strlen(auth->csrf);
        if (!csrf || strlen(csrf) != n || sodium_memcmp(csrf, auth->csrf, n) != 0) {
            http_send_error3(resp, 403, "csrf", "X-CSRF-Token", "缺少或错误的 X-CSRF-Token (missing or wrong CSRF token)");
            return 0;
        }
    }
    return 1;
}

void http_dispatch(struct http_req *req, const char *ip, struct http_resp *resp)
{
    int path_known = 0;
    const struct route *rt = router_match(api_routes, req->method, req->path, req, &path_known);
    if (!rt) {
        if (path_known) http_send_error3(resp, 405, "method_not_allowed", "", "不支持该请求方法 (method not allowed)");
        else http_send_error3(resp, 404, "not_found", "", "没有这个地址 (no such route)");
        return;
    }
    const char *proto = http_header(req, "X-Forwarded-Proto");
    req->secure = proto && strcasecmp(proto, "https") == 0;
    struct auth_ctx auth;
    if (!authorize(req, rt, &auth, ip, resp)) return;
    /* A serialization failure or deadlock (PostgreSQL) rolled the whole transaction back, so the
     * handler is run again, a bounded number of times with a growing random pause; after
     * that the 503 it wrote stands. */
    for (int attempt = 1;; attempt++) {
        rt->handler(req, resp);
        if (!resp->retry || attempt >= HTTP_MAX_ATTEMPTS) break;
        struct timespec pause = {0, (long)(1000000L * (1 + (long)randombytes_uniform(4u << (attempt < 6 ? attempt : 6))))};
        nanosleep(&pause, NULL);
        sb_free(&resp->body);
        http_resp_init(resp);
    }
}
