/* search.c — GET /api/v1/search: one search over every kind of record the caller may see. */
#include "api/api.h"
#include "service/search.h"

void api_search(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"q", "kind", "pairing", "limit", NULL};
    if (http_check_query(req, allowed, resp)) return;
    int64_t limit = SEARCH_LIMIT_DEFAULT;
    if (api_query_int(req, "limit", 1, SEARCH_LIMIT_MAX, &limit, resp)) return;
    struct search_params p = {http_query(req, "q"), http_query(req, "kind"), http_query(req, "pairing"), (int)limit};
    /* HTML-escaped text with the matches in <mark>: the console can show it as it is */
    static const struct snippet_style style = {"<mark>", "</mark>", 1, 60};
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, search_run(req->db, &req->actor, &p, &style, &e), &e);
}
