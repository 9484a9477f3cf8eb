/*
 * server.c — the libmicrohttpd server: collects the body within the size limit, matches the
 * route, checks its permission, lends the handler a pooled database connection, sends the
 * response and writes one access-log line. GET/HEAD outside /api/ is the console (static.c).
 * The connection guard (guard.c) decides which connections stay open; ledger imports run on
 * their own lane (lane.c) so that they hold up no one else. SIGINT/SIGTERM stop it after the
 * requests in flight are answered.
 */
#include "http/http.h"
#include "http/guard.h"
#include "http/lane.h"
#include "http/static.h"
#include "core/dates.h"
#include "service/auth.h"
#include "util/xmalloc.h"
#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <sodium.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Per-request state kept by libmicrohttpd between callbacks. */
struct req_ctx {
    sbuf body;
    int too_big;
    size_t discarded;   /* bytes of an over-size body read and dropped */
    int status;
    struct timespec start;
    char method[16];
    char path[256];
    int upload_slot;    /* holds one of the HTTP_UPLOADS_AT_ONCE ledger-upload places */
    int refusal;        /* 401 or 503: the body is dropped, then this is the answer (not 413) */
    const char *refusal_code; /* with 503: too_many_uploads or busy */
    size_t held;        /* body bytes counted against HTTP_BODY_BUDGET */
    /* a request answered on the lane: the connection is suspended until the answer is ready */
    struct lane_job job;
    struct MHD_Connection *conn;
    int on_lane;        /* 1 queued or running, 2 answered (resp holds it) */
    struct http_resp resp;
};

static const struct http_config *g_cfg;

#define HTTP_DISCARD_CAP ((size_t)64 << 20) /* an over-size body is read and dropped up to this */
#define HTTP_UPLOAD_MAX ((size_t)32 << 20)  /* the body limit of a ledger upload (POST /api/v1/imports) */
#define HTTP_UPLOADS_AT_ONCE 4              /* ledger uploads read at the same time; more wait (503) */
#define HTTP_BODY_BUDGET ((size_t)64 << 20) /* the bodies of all other requests held at once; past it 503 */
#define HTTP_HEADER_TIMEOUT 10              /* s: a new connection's first request must be in by then */

static _Atomic int uploads_in_flight;
static _Atomic size_t body_bytes; /* held by requests other than uploads */

/* The body limit for a request: the configured one, or HTTP_UPLOAD_MAX for a ledger upload. */
static size_t body_limit(const char *method, const char *url)
{
    if (strcmp(method, "POST") == 0 && strcmp(url, "/api/v1/imports") == 0 && HTTP_UPLOAD_MAX > g_cfg->max_body)
        return HTTP_UPLOAD_MAX;
    return g_cfg->max_body;
}

static double elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct req_ctx *ctx = *con_cls;
    if (!ctx) return;
    char now[21];
    time_now_iso(now);
    /* the path is the client's text: control bytes are shown escaped so a line cannot be forged */
    char path[sizeof ctx->path * 4];
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)ctx->path; *p && o + 5 < sizeof path; p++) {
        if (*p < 0x20 || *p == 0x7f) o += (size_t)snprintf(path + o, sizeof path - o, "\\x%02x", *p);
        else path[o++] = (char)*p;
    }
    path[o] = '\0';
    fprintf(stderr, "%s %s %s %d %.1fms%s\n", now, ctx->method, path, ctx->status, elapsed_ms(&ctx->start),
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    if (ctx->upload_slot) uploads_in_flight--;
    body_bytes -= ctx->held;
    guard_request_ends(conn);
    sb_free(&ctx->body);
    if (ctx->on_lane == 2) sb_free(&ctx->resp.body);
    free(ctx);
    *con_cls = NULL;
}

static void resp_init(struct http_resp *resp)
{
    memset(resp, 0, sizeof *resp);
    resp->status = 200;
    sb_init(&resp->body, 0);
}

void http_security_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct req_ctx *ctx, struct http_resp *resp)
{
    size_t len;
    char *data = sb_take(&resp->body, &len);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(data);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type ? resp->content_type : "application/json; charset=utf-8");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    http_security_headers(r);
    if (resp->set_cookie[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, resp->set_cookie);
    if (resp->etag[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, resp->etag);
    if (resp->location[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, resp->location);
    ctx->status = resp->status;
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}


static enum MHD_Result send_simple_error(struct MHD_Connection *conn, struct req_ctx *ctx, int status, const char *code,
                                         const char *msg)
{
    struct http_resp resp;
    resp_init(&resp);
    http_send_error3(&resp, status, code, "", msg);
    return queue(conn, ctx, &resp);
}

static void dispatch(struct MHD_Connection *conn, struct req_ctx *ctx, const char *method, const char *url,
                     struct http_resp *resp)
{
    struct http_req req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = url;
    req.body = sb_str(&ctx->body);
    req.body_len = ctx->body.len;
    req.conn = conn;
    char ip[INET6_ADDRSTRLEN] = "";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
        else if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
    }
    if (g_cfg->trust_proxy) { /* behind a proxy we trust: its last X-Forwarded-For entry is the client */
        const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
        const char *last = xff ? strrchr(xff, ',') : NULL;
        last = last ? last + 1 : xff;
        while (last && *last == ' ') last++;
        unsigned char buf[sizeof(struct in6_addr)];
        if (last && strlen(last) < sizeof ip &&
            (inet_pton(AF_INET, last, buf) == 1 || inet_pton(AF_INET6, last, buf) == 1))
            snprintf(ip, sizeof ip, "%s", last);
    }
    req.db = g_cfg->pool ? db_pool_get(g_cfg->pool) : NULL;
    http_dispatch(&req, ip, resp);
    if (req.db) db_pool_put(g_cfg->pool, req.db);
}

/* The answer to a request whose body was not kept: 401 for an unknown uploader, 503 when too
 * many uploads or bodies are held, else 413. */
static enum MHD_Result refuse(struct MHD_Connection *conn, struct req_ctx *ctx)
{
    if (ctx->refusal == 401) return send_simple_error(conn, ctx, 401, "unauthenticated", "请先登录 (sign in first)");
    if (ctx->refusal == 503 && strcmp(ctx->refusal_code, "busy") == 0)
        return send_simple_error(conn, ctx, 503, "busy", "服务器繁忙，请稍后重试 (server busy; retry shortly)");
    if (ctx->refusal == 503)
        return send_simple_error(conn, ctx, 503, "too_many_uploads", "同时上传的文件过多，请稍后重试 (too many uploads at once; retry shortly)");
    return send_simple_error(conn, ctx, 413, "body_too_large", "请求体过大 (request body too large)");
}

/* Lets go of the body read so far; the request will be refused (413, or the refusal set). */
static void drop_body(struct req_ctx *ctx)
{
    body_bytes -= ctx->held;
    ctx->held = 0;
    sb_free(&ctx->body);
    ctx->too_big = 1;
}

/* Keeps a chunk of body: an upload in its own buffer, any other request's within the shared
 * HTTP_BODY_BUDGET; past the budget the body is dropped and the request will get 503 busy. */
static void keep_body(struct req_ctx *ctx, const char *data, size_t n)
{
    if (!ctx->upload_slot) {
        ctx->held += n;
        if (atomic_fetch_add(&body_bytes, n) + n > HTTP_BODY_BUDGET) { /* clang 14 refuses (body_bytes += n) > … */
            drop_body(ctx);
            ctx->refusal = 503;
            ctx->refusal_code = "busy";
            return;
        }
    }
    sb_append(&ctx->body, data, n);
    if (sb_failed(&ctx->body)) drop_body(ctx);
}

/* The lane's work for an upload: the route's handler, then the connection resumes to send it. */
static void lane_run(struct lane_job *job)
{
    struct req_ctx *ctx = (struct req_ctx *)((char *)job - offsetof(struct req_ctx, job));
    resp_init(&ctx->resp);
    dispatch(ctx->conn, ctx, ctx->method, ctx->path, &ctx->resp);
    ctx->on_lane = 2;
    MHD_resume_connection(ctx->conn);
}

/* The lane stopped before the upload's turn: 503, and the connection resumes to send it. */
static void lane_cancel(struct lane_job *job)
{
    struct req_ctx *ctx = (struct req_ctx *)((char *)job - offsetof(struct req_ctx, job));
    resp_init(&ctx->resp);
    http_send_error3(&ctx->resp, 503, "shutting_down", "", "服务正在停止，请稍后重试 (the server is stopping; retry shortly)");
    ctx->on_lane = 2;
    MHD_resume_connection(ctx->conn);
}

/* How much body the request may still send: its Content-Length, the route's limit when it is
 * chunked, 0 when it has none. */
static size_t body_expected(struct MHD_Connection *conn, const struct req_ctx *ctx)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        return errno || *end || n > HTTP_DISCARD_CAP ? HTTP_DISCARD_CAP : (size_t)n;
    }
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    return te ? ctx->body.max : 0;
}

/* 1 when the request's credentials name a live account (checked before its body is read). */
static int upload_caller_known(struct MHD_Connection *conn)
{
    if (!g_cfg->pool) return 1;
    const char *bearer = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    const char *cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "duikou_session");
    if (!bearer && !cookie) return 0;
    db *d = db_pool_get(g_cfg->pool);
    struct auth_ctx auth;
    memset(&auth, 0, sizeof auth);
    dk_err e;
    err_clear(&e);
    int ok = auth_resolve(d, bearer, cookie, &auth, &e) == DK_OK && auth.acc.id;
    db_pool_put(g_cfg->pool, d);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    struct req_ctx *ctx = *con_cls;
    if (!ctx) {
        ctx = xcalloc(1, sizeof *ctx);
        sb_init(&ctx->body, body_limit(method, url));
        clock_gettime(CLOCK_MONOTONIC, &ctx->start);
        snprintf(ctx->method, sizeof ctx->method, "%s", method);
        snprintf(ctx->path, sizeof ctx->path, "%s", url);
        ctx->conn = conn;
        *con_cls = ctx;
        guard_request_begins(conn, body_expected(conn, ctx));
        /* An over-size body is refused with 413. A client that asked "Expect: 100-continue" or
         * announced a body beyond the discard cap is answered at once (and the connection then
         * closed); otherwise the body is read and dropped first, so that a client still
         * sending sees the 413 instead of a reset connection. */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if (errno || *end || n > ctx->body.max) {
                ctx->too_big = 1;
                const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
                if (errno || *end || n > HTTP_DISCARD_CAP || (expect && strcasecmp(expect, "100-continue") == 0))
                    return send_simple_error(conn, ctx, 413, "body_too_large", "请求体过大 (request body too large)");
            }
        }
        /* A large upload is read only for a caller who may make it, a few at a time: 32 MiB
         * bodies from anyone would otherwise be memory for the taking. */
        if (body_limit(method, url) > g_cfg->max_body && !ctx->too_big) {
            if (!upload_caller_known(conn)) ctx->refusal = 401;
            else if (++uploads_in_flight > HTTP_UPLOADS_AT_ONCE) {
                uploads_in_flight--;
                ctx->refusal = 503;
                ctx->refusal_code = "too_many_uploads";
            } else {
                ctx->upload_slot = 1;
            }
            if (ctx->refusal) { /* kept nowhere: dropped as it arrives, then refused */
                ctx->too_big = 1;
                const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
                if (expect && strcasecmp(expect, "100-continue") == 0) return refuse(conn, ctx);
            }
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        guard_body_arrives(conn);
        if (!ctx->too_big) {
            keep_body(ctx, upload_data, *upload_data_size);
        } else {
            ctx->discarded += *upload_data_size;
            if (ctx->discarded > HTTP_DISCARD_CAP) return MHD_NO; /* close: a body that never ends */
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (ctx->on_lane == 2) return queue(conn, ctx, &ctx->resp); /* back from the lane */
    if (ctx->on_lane) return MHD_YES;
    guard_request_answering(conn);
    if (ctx->too_big) return refuse(conn, ctx);
    if (static_claims(method, url)) return static_serve(conn, url, &ctx->status); /* the console: public files */
    if (ctx->upload_slot) { /* an import: on the lane, so that this worker's other connections go on */
        ctx->on_lane = 1;
        ctx->job.run = lane_run;
        ctx->job.cancel = lane_cancel;
        MHD_suspend_connection(conn);
        if (lane_submit(&ctx->job) != 0) lane_cancel(&ctx->job);
        return MHD_YES;
    }
    struct http_resp resp;
    resp_init(&resp);
    dispatch(conn, ctx, method, url, &resp);
    return queue(conn, ctx, &resp);
}

/* Parses "HOST:PORT" ("[::1]:8080", ":8080" = all IPv4 addresses) into addr. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr, socklen_t *len)
{
    const char *colon = strrchr(listen, ':');
    if (!colon) return -1;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535) return -1;
    char host[64];
    size_t hl = (size_t)(colon - listen);
    if (hl >= sizeof host) return -1;
    memcpy(host, listen, hl);
    host[hl] = '\0';
    memset(addr, 0, sizeof *addr);
    if (host[0] == '[') {
        size_t n = strlen(host);
        if (n < 2 || host[n - 1] != ']') return -1;
        host[n - 1] = '\0';
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1) return -1;
        *len = sizeof *a6;
        return 0;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    if (host[0] == '\0') a4->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (strcmp(host, "localhost") == 0) a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1) return -1;
    *len = sizeof *a4;
    return 0;
}

/* The open-file limit: raised to what max_conns connections need (the soft limit up to the hard
 * one). Returns how many connections fit, max_conns or fewer. */
static unsigned fit_open_files(unsigned max_conns, unsigned slots, int threads)
{
    const rlim_t reserve = 64 + 8 * (rlim_t)threads; /* database files, epoll, logs */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return max_conns;
    rlim_t need = slots + reserve;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need ? need : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need) return max_conns;
    rlim_t room = rl.rlim_cur > reserve ? rl.rlim_cur - reserve : 0;
    unsigned fit = (unsigned)(room * max_conns / slots);
    if (fit < 1) fit = 1;
    fprintf(stderr, "duikou: the open-file limit (%llu) allows %u connections, not %u; serving at most %u (raise it: ulimit -n, or LimitNOFILE= in the systemd unit)\n",
            (unsigned long long)rl.rlim_cur, fit, max_conns, fit);
    return fit;
}

/* Waits up to ms for the connections still open (requests in flight, imports on the lane among
 * them) to be answered and closed; a kept-alive connection is closed once it waits for a request. */
static void drain(struct MHD_Daemon *d, int ms)
{
    for (int waited = 0; waited < ms; waited += 10) {
        guard_close_waiting();
        const union MHD_DaemonInfo *ci = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!ci || ci->num_connections == 0) break;
        struct timespec tick = {0, 10 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
}

int http_serve(const struct http_config *cfg)
{
    g_cfg = cfg;
    if (sodium_init() < 0) {
        fprintf(stderr, "duikou: libsodium failed to initialise\n");
        return 1;
    }
    struct sockaddr_storage addr;
    socklen_t addr_len;
    if (parse_listen(cfg->listen, &addr, &addr_len) != 0) {
        fprintf(stderr, "duikou: invalid --listen address \"%s\" (want HOST:PORT)\n", cfg->listen);
        return 2;
    }
    /* Block the stop signals before the worker threads start, so only sigwait sees them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* libmicrohttpd may hold a few more connections than the guard keeps: the ones the guard
     * has just closed to make room, until their threads get to them. */
    unsigned threads = (unsigned)(cfg->threads > 0 ? cfg->threads : 4);
    unsigned max_conns = cfg->connection_limit ? cfg->connection_limit : 1;
    unsigned slots = max_conns + max_conns / 4 + 4 * threads;
    unsigned fit = fit_open_files(max_conns, slots, (int)threads);
    if (fit < max_conns) {
        max_conns = fit;
        slots = max_conns + max_conns / 4 + 4 * threads;
    }
    struct guard_config gc = {max_conns, slots, cfg->per_ip, cfg->timeout_s, HTTP_HEADER_TIMEOUT};
    if (guard_start(&gc) != 0) return 1;
    if (lane_start() != 0) {
        guard_stop();
        return 1;
    }

    /* Request bodies are large and short-lived: from 128 KiB up, have them mapped on their own so
     * that freeing one gives the memory back, instead of glibc raising its threshold and keeping
     * freed bodies in the heap (an attack's worth of them would stay resident). */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, guard_accept, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, slots,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->header_memory,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, guard_notify, NULL,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)(cfg->reuse_port ? 1 : 0),
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "duikou: cannot listen on %s: %s\n", cfg->listen, strerror(errno));
        lane_stop();
        guard_stop();
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stderr, "duikou: listening on %s (port %u)\n", cfg->listen, info ? (unsigned)info->port : 0u);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "duikou: %s received, finishing requests in flight\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    /* stop accepting, close the connections waiting for a request, give the requests in flight
     * up to 10 s to be answered, then answer the imports still waiting for the lane with 503 (no
     * connection may stay suspended when the daemon stops) and give those a moment to go out */
    MHD_socket listener = MHD_quiesce_daemon(d);
    /* stops listening now (Linux: shutdown takes a listening socket out of its SO_REUSEPORT
     * group), so that with --reuse-port the kernel sends new connections to the other processes
     * on the address rather than to this one, which no longer takes them; closed only after
     * MHD_stop_daemon, as libmicrohttpd asks of a threaded daemon */
    if (listener != MHD_INVALID_SOCKET) shutdown(listener, SHUT_RDWR);
    drain(d, 10000);
    lane_stop();
    drain(d, 500);
    MHD_stop_daemon(d);
    if (listener != MHD_INVALID_SOCKET) close(listener);
    guard_stop();
    return 0;
}
