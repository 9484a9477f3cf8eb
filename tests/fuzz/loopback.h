/*
 * loopback.h — a libmicrohttpd daemon in the fuzz target's own process, on a loopback port, for
 * the targets whose input must be parsed by libmicrohttpd as in the server (query strings,
 * multipart bodies): an input is sent as an HTTP request over a socket, and the daemon hands the
 * request, with its real connection, to the target's callback.
 */
#ifndef DUIKOU_FUZZ_LOOPBACK_H
#define DUIKOU_FUZZ_LOOPBACK_H
#include <stddef.h>
#include "http/http.h"

/* Answers one request (method, path, body and conn filled in); returns the HTTP status to send. */
typedef int (*loopback_fn)(struct http_req *req);

/* Sends "METHOD TARGET" with the extra header lines (each ending in "\r\n"; may be "") and the
 * body to the daemon, started on the first call with fn as its callback (one daemon per process,
 * one request at a time), and waits for the answer. target is sent as it is: the caller keeps it
 * to one line. Returns the HTTP status, or 0 when nothing parseable came back. */
int loopback_request(loopback_fn fn, const char *method, const char *target, const char *headers, const void *body,
                     size_t len);

#endif
