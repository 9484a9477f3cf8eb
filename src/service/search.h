/*
 * search.h — the search use case the API and the command line share: parse the user's query,
 * check the filters, run it within the caller's scope, and shape the hits as JSON grouped by
 * kind, each with its title as stored, a highlighted snippet and its API path.
 */
#ifndef DUIKOU_SVC_SEARCH_H
#define DUIKOU_SVC_SEARCH_H
#include <jansson.h>
#include "core/perm.h"
#include "db/db.h"
#include "search/snippet.h"

enum { SEARCH_LIMIT_DEFAULT = 20, SEARCH_LIMIT_MAX = 100 };

struct search_params {
    const char *q;        /* as the user typed it */
    const char *kinds;    /* comma-separated kind codes; NULL or "" = every kind */
    const char *pairing;  /* a pairing code; NULL = any the caller sees */
    int limit;            /* 0 = SEARCH_LIMIT_DEFAULT */
};

/* Runs the search for who: {"query", "count", "groups": [{"kind", "label", "items": [{"kind",
 * "id", "title", "pairing", "snippet", "path"}]}]}, groups in the order of their best hit.
 * Snippets are marked as style says. NULL with e filled: DK_EINVAL naming "q", "kind" or
 * "pairing" for bad input. Caller owns the result. */
json_t *search_run(db *d, const struct actor *who, const struct search_params *p, const struct snippet_style *style,
                   dk_err *e);

#endif
