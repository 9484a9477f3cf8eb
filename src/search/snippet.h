/*
 * snippet.h — highlighted snippets of the text as stored: the stored text is tokenized with
 * its offsets, the query's terms are found among its tokens as phrases (the same matching the
 * index does), and the matched bytes of the original are marked. The same on both backends.
 */
#ifndef DUIKOU_SEARCH_SNIPPET_H
#define DUIKOU_SEARCH_SNIPPET_H
#include "search/query.h"

struct snippet_style {
    const char *open, *close; /* around each match, e.g. "<mark>" "</mark>" */
    int html;                 /* escape &, <, >, " in the text between marks */
    int width;                /* code points shown around the first match (whole text when shorter) */
};

/* How many of q's terms occur in text (0 when none or text is NULL). */
int search_match_count(const char *text, const struct search_query *q);
/* text with q's matches marked, cut to a window around the first match ("…" where cut).
 * NULL when text is NULL. Caller frees. */
char *search_snippet(const char *text, const struct search_query *q, const struct snippet_style *style);

#endif
