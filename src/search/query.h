/*
 * query.h — a search as a user types it, parsed by duikou itself into terms; the SQL backends
 * get an expression built from the folded tokens (never the user's text as FTS5 or tsquery
 * syntax). Words separated by spaces must all match (AND; the word AND itself may be written);
 * "quoted text" is one exact phrase; a word ending in * matches as a prefix (codes: BJSY-2017*).
 * A Chinese word of any length matches as a phrase of its characters.
 */
#ifndef DUIKOU_SEARCH_QUERY_H
#define DUIKOU_SEARCH_QUERY_H
#include <stddef.h>
#include "util/err.h"

enum {
    SEARCH_QUERY_MAX_CHARS = 200, /* longer queries are refused (400) */
    SEARCH_QUERY_MAX_TERMS = 16,
};

/* One term: its query-mode tokens (folded, in order), matched as a phrase. */
struct search_term {
    char **tokens;   /* NUL-terminated token texts */
    int n;
    char *text;      /* the folded term with separators as spaces: re-tokenizes to tokens */
    int prefix;      /* the last token matches as a prefix */
};

struct search_query {
    struct search_term *terms;
    int n;
};

/* Parses input into *q. DK_EINVAL with field "q" and a message saying what is wrong (empty,
 * too long, invalid UTF-8 at byte N, an unclosed quote at byte N, operators only, OR/NOT not
 * supported, too many words); DK_EUNAVAIL when folding is unavailable. Free with
 * search_query_free (also after a failure). */
int search_query_parse(const char *input, struct search_query *q, dk_err *e);
void search_query_free(struct search_query *q);

/* The FTS5 MATCH expression for q: each term a quoted string (a prefix term followed by *),
 * joined by AND. Caller frees. */
char *search_query_fts5(const struct search_query *q);
/* The PostgreSQL tsquery text for q: tokens quoted and joined by <-> within a term, :* on a
 * prefix term's last token, terms joined by &. Caller frees. */
char *search_query_tsquery(const struct search_query *q);

#endif
