/*
 * fuzz_api_query.c — libFuzzer target for query strings: each input is the target of a GET
 * sent over loopback HTTP to the in-process daemon of api_harness.c, so libmicrohttpd splits
 * and percent-decodes the query (repeated keys, empty values, %00, bad escapes) as in the server,
 * and the real handler reads it: unknown parameters, limits and offsets, sort and desc, dates and
 * as_of, money bounds, enums, search text — against the scratch database, rolled back after.
 *
 * Input, as text:   TARGET                 "/api/v1/…?…"; a first line not starting with '/' is
 *                                          a query for the project list: "/api/v1/projects?" + it
 *                   TOKEN                  optional second line: whose request (dk-fuzz-office,
 *                                          -unit, -partner, -viewer; default dk-fuzz-admin)
 * Bytes that would end the request line (controls, space, DEL) are sent percent-encoded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t n = nl ? (size_t)(nl - data) : size;
    sbuf target;
    sb_init(&target, 0);
    if (n == 0 || data[0] != '/') sb_puts(&target, "/api/v1/projects?");
    for (size_t i = 0; i < n; i++) {
        if (data[i] <= 0x20 || data[i] == 0x7f) sb_printf(&target, "%%%02X", data[i]);
        else sb_putc(&target, (char)data[i]);
    }
    char token[64] = FUZZ_TOKEN_ADMIN;
    if (nl) { /* the token line, kept to the characters a token has */
        size_t t = 0;
        for (const uint8_t *p = nl + 1; p < data + size && *p != '\n' && t < sizeof token - 1; p++)
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-') token[t++] = (char)*p;
        if (t) token[t] = '\0';
    }
    char headers[128];
    snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n", token);
    int status = fuzz_api_http("GET", sb_str(&target), headers, "", 0);
    sb_free(&target);
    /* a request line libmicrohttpd refuses is answered by it (400/414); anything else reached
     * fuzz_api_run, which checked the response */
    if (status < 200 || status > 499) abort();
    return 0;
}
