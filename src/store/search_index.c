/*
 * search_index.c — writes search_docs rows. On SQLite the FTS5 table follows by trigger and
 * tokenizes with duikou's tokenizer; on PostgreSQL the tsv column is written here from the
 * same tokens (search/tsvector.h). A record is indexed by reading it back with its kind's
 * SELECT, so an index row always shows the record as committed.
 */
#include "store/search_index.h"
#include "search/tsvector.h"
#include "store/search_kinds.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <stdlib.h>
#include <string.h>

int search_index_drop(db *d, const char *kind, int64_t id, dk_err *e)
{
    db_stmt *s = db_prepare(d, "DELETE FROM search_docs WHERE kind = ? AND record_id = ?", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, kind);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

/* s without leading and trailing spaces and with runs of spaces as one (the keys field joins
 * optional columns with spaces); NULL when nothing is left. Caller frees. */
static char *tidy(const char *s)
{
    if (!s) return NULL;
    sbuf sb;
    sb_init(&sb, 0);
    for (const char *p = s; *p; p++)
        if (*p != ' ' || (sb.len && p[1] && p[1] != ' ')) sb_putc(&sb, *p);
    char *out = sb_take(&sb, NULL);
    if (*out) return out;
    free(out);
    return NULL;
}

/* Inserts the index row for the record src is on (columns as search_kind.select). */
static int insert_doc(db *d, const char *kind, db_stmt *src, dk_err *e)
{
    int pg = db_dialect_of(d) == DB_POSTGRES;
    char *fields[SEARCH_FIELDS] = {tidy(db_col_text(src, 3)), tidy(db_col_text(src, 4)), tidy(db_col_text(src, 5))};
    char *tsv = NULL;
    int rc = DK_OK;
    if (pg && !(tsv = search_tsvector((const char *const *)fields, e))) {
        rc = e ? e->status : DK_EUNAVAIL;
        goto done;
    }
    db_stmt *s = db_prepare(d, pg ? "INSERT INTO search_docs (kind, record_id, pairing_id, title, head, keys, body, tsv) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS tsvector))"
                                  : "INSERT INTO search_docs (kind, record_id, pairing_id, title, head, keys, body) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                            e);
    if (!s) {
        rc = e ? e->status : DK_EINTERNAL;
        goto done;
    }
    const char *title = db_col_text(src, 2);
    db_bind_text(s, 1, kind);
    db_bind_int64(s, 2, db_col_int64(src, 0));
    db_bind_int64(s, 3, db_col_int64(src, 1));
    db_bind_text(s, 4, title ? title : "");
    for (int i = 0; i < SEARCH_FIELDS; i++) db_bind_text(s, 5 + i, fields[i]);
    if (pg) db_bind_text(s, 8, tsv);
    rc = db_step(s, e);
    db_done(s);
done:
    free(tsv);
    for (int i = 0; i < SEARCH_FIELDS; i++) free(fields[i]);
    return rc < 0 ? rc : DK_OK;
}

int search_index_put(db *d, const char *kind, int64_t id, dk_err *e)
{
    const struct search_kind *k = search_kind_find(kind);
    if (!k) return err_set(e, DK_EINTERNAL, "unknown_kind", "kind", "搜索索引不认识记录类型 %s (unknown search kind)", kind);
    int rc = search_index_drop(d, kind, id, e);
    if (rc != DK_OK) return rc;
    sbuf sql;
    sb_init(&sql, 0);
    sb_printf(&sql, "%s WHERE %s = ?", k->select, k->id_column);
    db_stmt *src = db_prepare(d, sb_str(&sql), e);
    sb_free(&sql);
    if (!src) return e ? e->status : DK_EINTERNAL;
    db_bind_int64(src, 1, id);
    rc = db_step(src, e);
    if (rc == DB_ROW) rc = insert_doc(d, kind, src, e);
    db_done(src);
    return rc < 0 ? rc : DK_OK;
}

/* Indexes every record of kind k; adds to *count. */
static int index_kind(db *d, const struct search_kind *k, int64_t *count, dk_err *e)
{
    /* the ids first: indexing a record runs other statements on this connection */
    db_stmt *src = db_prepare(d, k->select, e);
    if (!src) return e ? e->status : DK_EINTERNAL;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(src, e)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            ids = xrealloc(ids, cap * sizeof *ids);
        }
        ids[n++] = db_col_int64(src, 0);
    }
    db_done(src);
    for (size_t i = 0; rc >= 0 && i < n; i++) rc = search_index_put(d, k->kind, ids[i], e);
    free(ids);
    if (rc < 0) return rc;
    *count += (int64_t)n;
    return DK_OK;
}

int search_index_rebuild(db *d, int64_t *count, dk_err *e)
{
    int64_t n = 0;
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    rc = db_exec(d, "DELETE FROM search_docs", e);
    for (const struct search_kind *k = search_kinds; rc == DK_OK && k->kind; k++) rc = index_kind(d, k, &n, e);
    if (rc != DK_OK) {
        db_rollback(d);
        return rc;
    }
    if (count) *count = n;
    return db_commit(d, e);
}

int search_index_table(const char *name)
{
    return strcmp(name, "search_docs") == 0 || strncmp(name, "search_fts", 10) == 0;
}
