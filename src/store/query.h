/*
 * query.h — builds a SELECT with optional filters while keeping every value a bound
 * parameter: the SQL text only ever holds fixed fragments written in the source.
 */
#ifndef DUIKOU_QUERY_H
#define DUIKOU_QUERY_H
#include <stdint.h>
#include "db/db.h"
#include "util/sbuf.h"

#define QUERY_MAX_PARAMS 32

struct query {
    sbuf sql;
    int n;
    struct {
        int is_text;
        int64_t i;
        char *t;   /* owned copy */
    } params[QUERY_MAX_PARAMS];
};

/* Starts a query with sql as its fixed beginning. Free with query_free. */
void query_init(struct query *q, const char *sql);
/* Appends a fixed SQL fragment (never user text). */
void query_sql(struct query *q, const char *fragment);
/* Appends a fragment holding one '?' and binds v (text is copied) to it. */
void query_text(struct query *q, const char *fragment, const char *v);
void query_int(struct query *q, const char *fragment, int64_t v);
/* Prepares the text on d and binds the parameters; NULL with e filled on failure. */
db_stmt *query_prepare(struct query *q, db *d, dk_err *e);
/* For SQL text built in an sbuf from fixed fragments: DK_OK, or an internal error in e when the
 * builder refused an append (over its cap) — such a text is cut short and must never run. */
int query_built(const sbuf *sql, dk_err *e);
/* Prepares SQL text built in an sbuf, once query_built accepts it; NULL with e filled. */
db_stmt *query_prepare_built(db *d, const sbuf *sql, dk_err *e);
/* Frees the parameters and the text. */
void query_free(struct query *q);
/* Escapes LIKE wildcards in s for use with ESCAPE '\' and wraps it in %…%. Caller frees. */
char *query_like_contains(const char *s);

#endif
