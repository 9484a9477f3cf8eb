/*
 * http.h — the HTTP face's request and response, the route table's row, and the server.
 * Built on libmicrohttpd: a thread pool, request limits, one access-log line per request.
 * Handlers see only these structs; nothing below api/ knows HTTP.
 */
#ifndef DUIKOU_HTTP_H
#define DUIKOU_HTTP_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/perm.h"
#include "db/db.h"
#include "util/sbuf.h"

#define HTTP_MAX_PARAMS 4

/* A query argument, header or cookie of a request made in-process, without a connection
 * (http_dispatch called directly: the fuzz targets). Values are as decoded. */
enum http_field_kind { HTTP_FIELD_ARG, HTTP_FIELD_HEADER, HTTP_FIELD_COOKIE };
struct http_field {
    enum http_field_kind kind;
    const char *name;
    const char *value;
};

struct http_req {
    const char *method;
    const char *path;
    const char *body;           /* NUL-terminated, may be "" */
    size_t body_len;
    const char *params[HTTP_MAX_PARAMS]; /* path parameters captured by the route, in order */
    int n_params;
    void *conn;                 /* the libmicrohttpd connection (for headers and query args); NULL in-process */
    const struct http_field *fields; /* in-process (conn NULL): the query arguments, headers, cookies */
    int n_fields;
    db *db;                     /* a pooled connection for this request */
    struct actor actor;         /* who is asking */
    int64_t session_id;         /* the browser session, when signed in by cookie; 0 otherwise */
    int secure;                 /* the client reached us over TLS (X-Forwarded-Proto: https) */
    const void *route_arg;      /* the matched route's arg (e.g. the record kind it serves) */
};

struct http_resp {
    int status;
    const char *content_type;   /* static string */
    sbuf body;
    char etag[32];              /* "" = none */
    char location[128];         /* "" = none */
    int retry;                  /* set when the failure was a serialization conflict worth retrying */
    char set_cookie[256];       /* a Set-Cookie header, "" = none */
};

typedef void (*http_handler)(struct http_req *req, struct http_resp *resp);

/* One row of the route table. Path patterns use {name} for a path parameter. */
struct route {
    const char *method;
    const char *pattern;
    http_handler handler;
    enum perm perm;             /* what the caller must hold */
    const char *summary;        /* one line, for docs and the route listing */
    const void *arg;            /* handed to the handler as req->route_arg (NULL for most) */
};

/* The route table (api/routes.c), ended by a row with NULL method. */
extern const struct route api_routes[];

/* Finds the route for method and path, capturing parameters into req. Returns the route,
 * or NULL with *path_known set when the path matches some route under another method. */
const struct route *router_match(const struct route *table, const char *method, const char *path,
                                 struct http_req *req, int *path_known);

/* Answers one API request (dispatch.c): finds its route in api_routes (404, or 405 when the path
 * is known under another method), resolves who is asking from the bearer token or the session
 * cookie on req->db (401), checks the route's permission (403) and, for a write signed in by
 * cookie, the CSRF token (403), then runs the handler — again, a bounded number of times, after a
 * serialization conflict. The caller fills req's method, path, body, connection (or in-process
 * fields) and database connection (NULL: none), and initialises resp (http_resp_init); ip is the
 * client's address (kept by pointer in req->actor). The server and the fuzz targets both call it. */
void http_dispatch(struct http_req *req, const char *ip, struct http_resp *resp);

/* Request helpers. They read the connection's values, or the in-process fields when conn is NULL. */
/* A query-string argument or NULL (also NULL when empty). */
const char *http_query(struct http_req *req, const char *name);
/* A request header (any case) or NULL. */
const char *http_header(struct http_req *req, const char *name);
/* A cookie or NULL. */
const char *http_cookie(struct http_req *req, const char *name);
/* Checks that every query argument is in allowed (NULL-terminated); else a 400 naming it. */
int http_check_query(struct http_req *req, const char *const *allowed, struct http_resp *resp);
/* Parses the body as a JSON object/array; on failure writes a 400 and returns NULL. */
json_t *http_json_body(struct http_req *req, struct http_resp *resp);

/* Response helpers. */
/* An empty 200 response; free its body with sb_free (or hand it over with sb_take). */
void http_resp_init(struct http_resp *resp);
/* Writes v as the JSON body with status (steals the reference to v). */
void http_send_json(struct http_resp *resp, int status, json_t *v);
/* The inner object of the one error shape, {"code","message","field"}. A message or field that
 * is not valid UTF-8 (it may quote the client's bytes) is replaced, so this never fails. */
json_t *http_error_object(const char *code, const char *field, const char *message);
/* Writes the one error shape {"error":{"code","message","field"}} for e. */
void http_send_error(struct http_resp *resp, const dk_err *e);
/* Writes an error from parts. */
void http_send_error3(struct http_resp *resp, int status, const char *code, const char *field, const char *message);

struct http_config {
    const char *listen;         /* "127.0.0.1:8080" */
    int threads;
    db_pool *pool;
    size_t max_body;            /* bytes */
    unsigned connection_limit;  /* connections kept open at once (see guard.h) */
    unsigned per_ip;            /* connections from one client address; 0 = no limit */
    unsigned timeout_s;         /* idle keep-alive and stalled-transfer timeout */
    size_t header_memory;       /* per-connection memory for the request line and headers */
    int trust_proxy;            /* take the client's address from X-Forwarded-For (behind nginx) */
    int reuse_port;             /* SO_REUSEPORT: several processes listen on one port */
};

/* Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns 0;
 * returns non-zero when the server cannot start (message on stderr). cfg->pool must hold
 * cfg->threads + 1 connections: one per worker thread and one for the import lane. */
int http_serve(const struct http_config *cfg);

#endif
