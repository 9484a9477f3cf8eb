/*
 * fuzz_router.c — libFuzzer target for the router: any method and path (split at the first
 * space) is matched against the real route table; a match must capture only non-empty
 * parameters of bounded length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char *sp = strchr(s, ' ');
    const char *method = "GET", *path = s;
    if (sp) {
        *sp = '\0';
        method = s;
        path = sp + 1;
    }
    struct http_req req;
    memset(&req, 0, sizeof req);
    int known = 0;
    const struct route *r = router_match(api_routes, method, path, &req, &known);
    if (r) {
        if (strcmp(r->method, method) != 0) abort();
        for (int i = 0; i < req.n_params; i++)
            if (!req.params[i][0] || strlen(req.params[i]) >= 128 || strchr(req.params[i], '/')) abort();
    }
    free(s);
    return 0;
}
