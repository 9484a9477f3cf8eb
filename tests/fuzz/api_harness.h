/*
 * api_harness.h — what the API fuzz targets (fuzz_api_*.c) share: one scratch database per
 * process, and one way to answer a request with the server's own http_dispatch inside a
 * transaction that is always rolled back, so that every input meets the same database and a
 * crash found by a search replays alone. Each response is checked: never a 5xx, JSON where JSON
 * is due, errors in the one error shape, and the database as it was afterwards.
 * DUIKOU_FUZZ_TRACE=1 prints each request and the start of its answer (to check a corpus).
 */
#ifndef DUIKOU_FUZZ_API_HARNESS_H
#define DUIKOU_FUZZ_API_HARNESS_H
#include <stddef.h>
#include "http/http.h"

/* "Today" for the whole process (DUIKOU_TODAY): the demo data reports up to the month before. */
#define FUZZ_API_TODAY "2018-07-15"

/* The API tokens of the scratch database's accounts, one per role (fixed, so that inputs can
 * name them: "Authorization: Bearer dk-fuzz-office"). The office, unit and partner accounts
 * work in the pairing bj-sy; the unit account speaks for the unit responsible for project 3
 * (JS2017-003, landed). */
#define FUZZ_TOKEN_ADMIN "dk-fuzz-admin"
#define FUZZ_TOKEN_OFFICE "dk-fuzz-office"
#define FUZZ_TOKEN_UNIT "dk-fuzz-unit"
#define FUZZ_TOKEN_PARTNER "dk-fuzz-partner"
#define FUZZ_TOKEN_VIEWER "dk-fuzz-viewer"

/* Creates the scratch database on the first call (a temporary SQLite file removed at exit:
 * schema, reference data, the demo data, the accounts and tokens above); aborts when it cannot. */
void fuzz_api_init(void);

/* Answers req as the server would: req holds the method, path, body and the connection or the
 * in-process fields; the database connection is filled in here. Runs http_dispatch inside a write
 * transaction that is rolled back after, checks the response and the database (aborting, with
 * the request and response on stderr, when a check fails) and returns the HTTP status. Not
 * thread-safe: one request at a time. */
int fuzz_api_run(struct http_req *req);

/* Sends one request over loopback HTTP (loopback.h) to a libmicrohttpd daemon in this process
 * whose requests go to fuzz_api_run with their real connection, so libmicrohttpd parses the
 * request line, query string and body as in the server. target is sent as it is (the caller
 * keeps it to one line); headers is extra header lines, each ending in "\r\n" (may be "").
 * Returns the HTTP status, or 0 when the daemon answered nothing parseable. */
int fuzz_api_http(const char *method, const char *target, const char *headers, const void *body, size_t len);

#endif
