/*
 * search.c — the search SELECT for each backend. The match expression is built by
 * search/query.c from folded tokens and bound as a parameter; the SQL text holds fixed
 * fragments only.
 */
#include "store/search.h"
#include "store/query.h"
#include "util/xmalloc.h"
#include <string.h>

#define HIT_COLS "SELECT d.kind, d.record_id, pa.code, d.title, d.head, d.keys, d.body "

/* bm25 weights of head, keys, body (SQLite); ts_rank's {D, C, B, A} weights (PostgreSQL):
 * the same order of importance, name 10 : keys 4 : body 1. */
static const char *SQLITE_FROM =
    HIT_COLS "FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid JOIN pairings pa ON pa.id = d.pairing_id "
             "WHERE search_fts MATCH ?";
static const char *SQLITE_ORDER = " ORDER BY bm25(search_fts, 10.0, 4.0, 1.0), d.id";
/* Without filters, the best hits are chosen inside the full-text index, and only they are joined
 * to their records: a common two-character word matches a fifth of a national database, and
 * joining every match before sorting was most of the time (bench/NOTES.md). */
static const char *SQLITE_TOP =
    HIT_COLS "FROM (SELECT rowid AS id, bm25(search_fts, 10.0, 4.0, 1.0) AS score FROM search_fts WHERE search_fts MATCH ? "
             "ORDER BY score, rowid LIMIT ?) m JOIN search_docs d ON d.id = m.id JOIN pairings pa ON pa.id = d.pairing_id "
             "ORDER BY m.score, d.id";
static const char *PG_FROM = HIT_COLS "FROM search_docs d JOIN pairings pa ON pa.id = d.pairing_id "
                                      "WHERE d.tsv @@ CAST(? AS tsquery)";
static const char *PG_ORDER = " ORDER BY ts_rank('{0.1, 0.2, 0.4, 1.0}', d.tsv, CAST(? AS tsquery)) DESC, d.id";

static char *dup_col(db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? xstrdup(t) : NULL;
}

int store_search(db *d, const struct search_query *sq, const struct search_filter *f, struct search_hit **hits, size_t *n,
                 dk_err *e)
{
    *hits = NULL;
    *n = 0;
    int pg = db_dialect_of(d) == DB_POSTGRES;
    char *match = pg ? search_query_tsquery(sq) : search_query_fts5(sq);
    struct query q;
    query_init(&q, "");
    if (!pg && !f->scope && !f->pairing && !f->n_kinds) {
        query_text(&q, SQLITE_TOP, match);
        query_int(&q, "", f->limit > 0 ? f->limit : 20);
        goto run;
    }
    query_text(&q, pg ? PG_FROM : SQLITE_FROM, match);
    if (f->scope) query_int(&q, " AND d.pairing_id = ?", f->scope);
    if (f->pairing) query_text(&q, " AND pa.code = ?", f->pairing);
    for (int i = 0; i < f->n_kinds; i++) query_text(&q, i ? " OR d.kind = ?" : " AND (d.kind = ?", f->kinds[i]);
    if (f->n_kinds) query_sql(&q, ")");
    if (pg) query_text(&q, PG_ORDER, match);
    else query_sql(&q, SQLITE_ORDER);
    query_int(&q, " LIMIT ?", f->limit > 0 ? f->limit : 20);
run:
    free(match);
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    if (!s) return e ? e->status : DK_EINTERNAL;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *hits = xrealloc(*hits, cap * sizeof **hits);
        }
        struct search_hit *h = &(*hits)[(*n)++];
        h->kind = dup_col(s, 0);
        h->id = db_col_int64(s, 1);
        h->pairing = dup_col(s, 2);
        h->title = dup_col(s, 3);
        for (int i = 0; i < 3; i++) h->field[i] = dup_col(s, 4 + i);
    }
    db_done(s);
    if (rc < 0) {
        search_hits_free(*hits, *n);
        *hits = NULL;
        *n = 0;
        return rc;
    }
    return DK_OK;
}

void search_hits_free(struct search_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(hits[i].kind);
        free(hits[i].pairing);
        free(hits[i].title);
        for (int k = 0; k < 3; k++) free(hits[i].field[k]);
    }
    free(hits);
}
