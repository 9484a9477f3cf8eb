/*
 * search.h — runs a parsed search (search/query.h) against the index: FTS5 MATCH ranked by
 * bm25 on SQLite, tsquery ranked by ts_rank on PostgreSQL, both with the fields weighted so a
 * name hit ranks above a note hit. Filters by kind, pairing and the caller's scope.
 */
#ifndef DUIKOU_STORE_SEARCH_H
#define DUIKOU_STORE_SEARCH_H
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"
#include "search/query.h"

struct search_filter {
    const char *const *kinds; /* kind codes to keep; NULL = every kind */
    int n_kinds;
    const char *pairing;      /* a pairing code; NULL = any */
    int64_t scope;            /* only this pairing's records (the caller's scope); 0 = any */
    int limit;                /* at most this many hits, best first */
};

/* One hit, with the record's stored text for the snippet. */
struct search_hit {
    char *kind;
    int64_t id;
    char *pairing;            /* the pairing's code */
    char *title;
    char *field[3];           /* head, keys, body as stored (each may be NULL) */
};

/* Runs q with f. *hits is an array of *n hits, best first; free with search_hits_free. */
int store_search(db *d, const struct search_query *q, const struct search_filter *f, struct search_hit **hits, size_t *n,
                 dk_err *e);
void search_hits_free(struct search_hit *hits, size_t n);

#endif
