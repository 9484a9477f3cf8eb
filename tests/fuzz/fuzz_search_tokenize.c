/*
 * fuzz_search_tokenize.c — libFuzzer target for search/fold.c and search/tokenize.c: any bytes
 * as stored text fold and tokenize without crashing, every token's offsets lie within the text
 * in order, colocated tokens never come first, and snippets of the text stay within it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "search/snippet.h"
#include "search/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
    size_t size;
    int n;
};

static int on_token(void *p, const struct search_token *t)
{
    struct check *c = p;
    if (t->from < 0 || t->to > (int)c->size || t->from > t->to) abort();
    if (t->len <= 0 || t->len > SEARCH_WORD_MAX * 4) abort();
    if (t->colocated && c->n == 0) abort();
    c->n++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0;
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    for (int mode = 0; mode < 2; mode++) {
        struct check c = {size, 0};
        if (search_tokenize(s, size, mode ? SEARCH_QUERY : SEARCH_DOCUMENT, on_token, &c, NULL) != 0) abort();
    }
    /* the first few bytes as a query, highlighted in the (NUL-cut) text */
    char query[16];
    size_t qn = size < sizeof query - 1 ? size : sizeof query - 1;
    memcpy(query, s, qn);
    query[qn] = '\0';
    struct search_query q;
    if (search_query_parse(query, &q, NULL) == DK_OK) {
        static const struct snippet_style st = {"<", ">", 1, 20};
        char *snip = search_snippet(s, &q, &st);
        if (!snip) abort();
        free(snip);
    }
    search_query_free(&q);
    free(s);
    return 0;
}
