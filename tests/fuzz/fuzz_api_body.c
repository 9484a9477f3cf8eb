/*
 * fuzz_api_body.c — libFuzzer target for request bodies and path parameters through the whole
 * API: each input is a request, dispatched in-process by the server's own http_dispatch (route,
 * caller, permission, handler: JSON parsing, the validation layer, the service rules, the error
 * mapping) against the scratch database of api_harness.c, in a transaction rolled back after.
 *
 * Input, as text:   METHOD PATH            the request line (no method: POST)
 *                   Name: value            any headers (If-Match, Authorization, Cookie: k=v, …)
 *                                          an empty line
 *                   BODY                   the rest, any bytes
 * Without an Authorization header the caller is the administrator (Bearer dk-fuzz-admin; the
 * other accounts are dk-fuzz-office, -unit, -partner, -viewer). Queries are fuzz_api_query's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "api_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELDS 12

/* Cuts the line that starts at *p (ending at '\n' or the end; a '\r' before it dropped) and moves
 * *p past it. Returns the line, or NULL at the end of the text. */
static char *next_line(char **p, char *end)
{
    if (*p >= end) return NULL;
    char *line = *p, *nl = memchr(line, '\n', (size_t)(end - line));
    char *stop = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    if (stop > line && stop[-1] == '\r') stop--;
    *stop = '\0';
    return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *p = text, *end = text + size;
    char *line = next_line(&p, end);
    if (!line) line = text;
    const char *method = "POST", *path = line;
    char *sp = strchr(line, ' ');
    if (sp) {
        *sp = '\0';
        method = line;
        path = sp + 1;
    }
    struct http_field fields[MAX_FIELDS + 1];
    int n = 0, auth = 0;
    while ((line = next_line(&p, end)) != NULL && *line) {
        char *colon = strchr(line, ':');
        if (!colon || n == MAX_FIELDS) continue;
        *colon = '\0';
        char *value = colon + 1;
        while (*value == ' ') value++;
        if (strcasecmp(line, "Cookie") == 0) { /* one cookie, "name=value" */
            char *eq = strchr(value, '=');
            if (!eq) continue;
            *eq = '\0';
            fields[n++] = (struct http_field){HTTP_FIELD_COOKIE, value, eq + 1};
            continue;
        }
        auth |= strcasecmp(line, "Authorization") == 0;
        fields[n++] = (struct http_field){HTTP_FIELD_HEADER, line, value};
    }
    if (!auth) fields[n++] = (struct http_field){HTTP_FIELD_HEADER, "Authorization", "Bearer " FUZZ_TOKEN_ADMIN};
    struct http_req req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = path;
    req.body = p < end ? p : "";
    req.body_len = p < end ? (size_t)(end - p) : 0;
    req.fields = fields;
    req.n_fields = n;
    fuzz_api_run(&req);
    free(text);
    return 0;
}
