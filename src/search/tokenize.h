/*
 * tokenize.h — duikou's tokens for search, one definition for both backends (SQLite's FTS5
 * tokenizer and PostgreSQL's tsvector are both fed from here).
 *
 * After folding (fold.h): a run of CJK characters gives, in a document, every character
 * (unigram) and, at the same position, every overlapping pair (bigram), so a one-character query
 * matches a unigram and a two-character one a bigram. In a query, a run of two or more gives its
 * bigrams then its last character, one position each — the positions a document gives the same
 * run — so a longer word matches as a phrase. Latin letters and digits form words (at most
 * SEARCH_WORD_MAX code points; longer ones are cut into pieces); everything else separates.
 */
#ifndef DUIKOU_SEARCH_TOKENIZE_H
#define DUIKOU_SEARCH_TOKENIZE_H
#include <stddef.h>
#include "search/fold.h"

enum { SEARCH_WORD_MAX = 32 };

enum search_mode {
    SEARCH_DOCUMENT, /* text being indexed (or highlighted): unigrams plus colocated bigrams */
    SEARCH_QUERY,    /* a query word: bigrams then the last character */
};

/* One token: the folded text (len bytes, not NUL-terminated), whether it shares the previous
 * token's position, and the original bytes [from, to) it covers. */
struct search_token {
    const char *text;
    int len;
    int colocated;
    int from, to;
};

/* Called for each token; a non-zero return stops the walk and is returned. */
typedef int (*search_token_fn)(void *ctx, const struct search_token *t);

/* Walks the tokens of folded text f. Returns 0 or the callback's stopping value. */
int search_tokenize_folded(const struct search_folded *f, enum search_mode mode, search_token_fn fn, void *ctx);
/* Folds len bytes of text, then walks its tokens. Returns DK_OK, the callback's stopping value
 * (keep it positive to tell it apart), or a negative DK_E* from folding with e filled. */
int search_tokenize(const char *text, size_t len, enum search_mode mode, search_token_fn fn, void *ctx, dk_err *e);

/* 1 for the code points tokenized as CJK (Han, kana, Hangul), 2 for word characters (letters,
 * marks, digits), 0 for separators. */
int search_char_class(uint32_t cp);

#endif
