/* routes.c — `duikou routes [--json]`: the route table (method, path, permission, summary). */
#include "cli/cli.h"
#include "http/http.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_routes(int argc, char **argv)
{
    int as_json = argc > 1 && strcmp(argv[1], "--json") == 0;
    if (argc > 1 && !as_json) {
        fputs("usage: duikou routes [--json]\n  Prints every API route with the permission it declares.\n",
              strcmp(argv[1], "--help") == 0 ? stdout : stderr);
        return strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    json_t *all = json_array();
    for (const struct route *r = api_routes; r->method; r++) {
        if (as_json)
            json_array_append_new(all, json_pack("{s:s, s:s, s:s, s:s}", "method", r->method, "path", r->pattern, "permission",
                                                 perm_code(r->perm), "summary", r->summary));
        else printf("%-6s %-48s %-7s %s\n", r->method, r->pattern, perm_code(r->perm), r->summary);
    }
    if (as_json) {
        char *text = json_dumps(all, JSON_INDENT(1));
        puts(text);
        free(text);
    }
    json_decref(all);
    return 0;
}
