/*
 * sqlite_tokenizer.c — the FTS5 glue for search/tokenize.h. FTS5 hands over the stored text;
 * the tokens come back folded with the byte offsets of that text, so FTS5's own highlight
 * functions would mark the stored text. A query string (which duikou builds itself from folded
 * terms, search/query.c) is tokenized in query mode.
 */
#include "db/sqlite_tokenizer.h"
#include "search/tokenize.h"
#include <string.h>

struct fts_ctx {
    void *pCtx;
    int (*xToken)(void *, int, const char *, int, int, int);
};

static int create(void *unused, const char **azArg, int nArg, Fts5Tokenizer **ppOut)
{
    static int one;
    *ppOut = (Fts5Tokenizer *)&one; /* stateless: any non-NULL handle */
    return SQLITE_OK;
}

static void destroy(Fts5Tokenizer *t) {}

static int on_token(void *p, const struct search_token *t)
{
    struct fts_ctx *c = p;
    return c->xToken(c->pCtx, t->colocated ? FTS5_TOKEN_COLOCATED : 0, t->text, t->len, t->from, t->to);
}

static int tokenize(Fts5Tokenizer *t, void *pCtx, int flags, const char *pText, int nText,
                    int (*xToken)(void *, int, const char *, int, int, int))
{
    struct fts_ctx c = {pCtx, xToken};
    enum search_mode mode = (flags & FTS5_TOKENIZE_QUERY) ? SEARCH_QUERY : SEARCH_DOCUMENT;
    int rc = search_tokenize(pText ? pText : "", pText ? (size_t)nText : 0, mode, on_token, &c, NULL);
    return rc < 0 ? SQLITE_ERROR : rc;
}

/* The FTS5 API of connection h, or NULL when FTS5 is missing. */
static fts5_api *fts5_of(sqlite3 *h)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int sqlite_tokenizer_register(sqlite3 *h)
{
    fts5_api *api = fts5_of(h);
    if (!api) return SQLITE_ERROR;
    static fts5_tokenizer tok = {create, destroy, tokenize};
    return api->xCreateTokenizer(api, "duikou", NULL, &tok, NULL);
}
