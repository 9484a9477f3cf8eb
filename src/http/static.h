/*
 * static.h — the web console's files (built by Vite into web/dist, embedded under "web/"),
 * served from memory: public, read-only, and never below /api/.
 */
#ifndef DUIKOU_HTTP_STATIC_H
#define DUIKOU_HTTP_STATIC_H
#include <microhttpd.h>

/* 1 when a request is the console's to answer: GET or HEAD of a path outside /api/ and
 * /healthz. These paths are public (no sign-in, no database): the console's own pages ask the
 * API, which checks every route's permission as before. */
int static_claims(const char *method, const char *url);

/* Answers a claimed request: the embedded file, or index.html for any other path (the
 * console's client-side routes), 404 for a missing file under /assets/. Sends gzip when the
 * client accepts it, an ETag (304 when If-None-Match matches), long immutable caching for
 * hashed asset names and no-cache for the rest. Sets *status to the HTTP status sent. */
enum MHD_Result static_serve(struct MHD_Connection *conn, const char *url, int *status);

/* Adds the security headers every duikou response carries (CSP, nosniff, frame and referrer
 * policies) to r. Defined in server.c. */
void http_security_headers(struct MHD_Response *r);

#endif
