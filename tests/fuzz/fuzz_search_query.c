/*
 * fuzz_search_query.c — libFuzzer target for search/query.c: any bytes as a user's query must
 * parse or be refused with a message (never crash), and what parses must give FTS5 and tsquery
 * expressions whose quotes balance and whose terms hold no quote of their own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "search/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct search_query q;
    dk_err e;
    err_clear(&e);
    int rc = search_query_parse(s, &q, &e);
    if (rc == DK_OK) {
        if (q.n < 1 || q.n > SEARCH_QUERY_MAX_TERMS) abort();
        for (int i = 0; i < q.n; i++) {
            if (q.terms[i].n < 1 || strchr(q.terms[i].text, '"') || strchr(q.terms[i].text, '\'')) abort();
        }
        char *fts = search_query_fts5(&q), *tsq = search_query_tsquery(&q);
        size_t quotes = 0;
        for (const char *p = fts; *p; p++) quotes += *p == '"';
        if (quotes != (size_t)q.n * 2) abort();
        free(fts);
        free(tsq);
    } else if (rc != DK_EINVAL || !e.message[0] || strcmp(e.field, "q") != 0) {
        abort();
    }
    search_query_free(&q);
    free(s);
    return 0;
}
