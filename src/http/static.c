/*
 * static.c — serves the embedded web console: content type by extension, gzip when the client
 * takes it, ETag/304, caching by name (hashed assets immutable, the rest revalidated), and the
 * single-page fallback to index.html for the console's own routes.
 */
#include "http/static.h"
#include "util/embedded.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define CACHE_REVALIDATE "no-cache"

int static_claims(const char *method, const char *url)
{
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) return 0;
    if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0) return 0;
    if (strcmp(url, "/healthz") == 0) return 0;
    return url[0] == '/';
}

static const char *content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},    {".svg", "image/svg+xml"},
        {".png", "image/png"},                  {".ico", "image/x-icon"},
        {".json", "application/json"},          {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},  {".map", "application/json"},
    };
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcasecmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

/* The first "gzip" in s, in any case, or NULL. */
static const char *find_gzip(const char *s)
{
    for (; *s; s++)
        if (strncasecmp(s, "gzip", 4) == 0) return s;
    return NULL;
}

/* 1 when Accept-Encoding lists gzip without q=0. */
static int accepts_gzip(const char *ae)
{
    for (const char *p = ae; p && (p = find_gzip(p)) != NULL; p += 4) {
        if (p != ae && p[-1] != ' ' && p[-1] != ',') continue;
        const char *q = p + 4;
        while (*q == ' ') q++;
        if (*q == ',' || *q == '\0') return 1;
        if (*q != ';') continue;
        const char *qv = strstr(q, "q=");
        const char *comma = strchr(q, ',');
        if (!qv || (comma && qv > comma)) return 1;
        qv += 2;
        while (*qv == '0' || *qv == '.') qv++;
        return *qv >= '1' && *qv <= '9';
    }
    return 0;
}

/* 1 when If-None-Match names etag (or is "*"). */
static int etag_matches(const char *inm, const char *etag)
{
    if (!inm) return 0;
    if (strcmp(inm, "*") == 0) return 1;
    size_t n = strlen(etag);
    for (const char *p = inm; (p = strstr(p, etag)) != NULL; p += n) {
        char after = p[n];
        if (after == '\0' || after == ',' || after == ' ') return 1;
    }
    return 0;
}

static const struct embedded_file *find_file(const char *url, int *fallback)
{
    *fallback = 0;
    char name[512];
    const char *path = strcmp(url, "/") == 0 ? "/index.html" : url;
    if (strstr(path, "..") == NULL && snprintf(name, sizeof name, "web%s", path) < (int)sizeof name) {
        const struct embedded_file *f = embedded_find(name);
        if (f) return f;
    }
    if (strncmp(url, "/assets/", 8) == 0) return NULL;
    *fallback = 1;
    return embedded_find("web/index.html");
}

static enum MHD_Result make_resp(unsigned status, const char *body, size_t len,
                            const char *type, int *status_out, struct MHD_Response **out)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT);
    if (!r) return MHD_NO;
    http_security_headers(r);
    if (type) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    *out = r;
    *status_out = (int)status;
    return MHD_YES;
}

enum MHD_Result static_serve(struct MHD_Connection *conn, const char *url, int *status)
{
    int fallback;
    const struct embedded_file *f = find_file(url, &fallback);
    struct MHD_Response *r = NULL;
    if (!f) {
        static const char msg[] = "not found\n";
        if (make_resp(404, msg, sizeof msg - 1, "text/plain; charset=utf-8", status, &r) != MHD_YES) return MHD_NO;
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    } else {
        const char *cache = strncmp(f->name, "web/assets/", 11) == 0 ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
        const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
        const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
        int gz = f->gz && accepts_gzip(ae);
        /* the gzip copy is another representation, so it has its own validator */
        char etag[40] = "";
        if (f->etag && gz) snprintf(etag, sizeof etag, "%.*s-gz\"", (int)strlen(f->etag) - 1, f->etag);
        else if (f->etag) snprintf(etag, sizeof etag, "%s", f->etag);
        if (etag[0] && etag_matches(inm, etag)) {
            if (make_resp(304, "", 0, NULL, status, &r) != MHD_YES) return MHD_NO;
        } else if (gz) {
            if (make_resp(200, f->gz, f->gz_size, content_type(f->name), status, &r) != MHD_YES) return MHD_NO;
            MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
        } else {
            if (make_resp(200, f->data, f->size, content_type(f->name), status, &r) != MHD_YES) return MHD_NO;
        }
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
        if (etag[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
        if (f->gz) MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    }
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)*status, r);
    MHD_destroy_response(r);
    return ret;
}
