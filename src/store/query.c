/* query.c — the bound-parameter query builder (see query.h). */
#include "store/query.h"
#include "util/xmalloc.h"
#include <assert.h>
#include <string.h>

void query_init(struct query *q, const char *sql)
{
    memset(q, 0, sizeof *q);
    sb_init(&q->sql, 1 << 16);
    sb_puts(&q->sql, sql);
}

void query_sql(struct query *q, const char *fragment)
{
    sb_puts(&q->sql, fragment);
}

void query_text(struct query *q, const char *fragment, const char *v)
{
    assert(q->n < QUERY_MAX_PARAMS);
    sb_puts(&q->sql, fragment);
    q->params[q->n].is_text = 1;
    q->params[q->n].t = xstrdup(v);
    q->n++;
}

void query_int(struct query *q, const char *fragment, int64_t v)
{
    assert(q->n < QUERY_MAX_PARAMS);
    sb_puts(&q->sql, fragment);
    q->params[q->n].is_text = 0;
    q->params[q->n].i = v;
    q->n++;
}

int query_built(const sbuf *sql, dk_err *e)
{
    return sb_failed(sql) ? err_set(e, DK_EINTERNAL, "internal", "", "查询语句过长 (SQL text too long)") : DK_OK;
}

db_stmt *query_prepare_built(db *d, const sbuf *sql, dk_err *e)
{
    return query_built(sql, e) == DK_OK ? db_prepare(d, sb_str(sql), e) : NULL;
}

db_stmt *query_prepare(struct query *q, db *d, dk_err *e)
{
    db_stmt *s = query_prepare_built(d, &q->sql, e);
    if (!s) return NULL;
    for (int i = 0; i < q->n; i++) {
        if (q->params[i].is_text) db_bind_text(s, i + 1, q->params[i].t);
        else db_bind_int64(s, i + 1, q->params[i].i);
    }
    return s;
}

void query_free(struct query *q)
{
    for (int i = 0; i < q->n; i++) free(q->params[i].t);
    sb_free(&q->sql);
}

char *query_like_contains(const char *s)
{
    sbuf sb;
    sb_init(&sb, 0);
    sb_putc(&sb, '%');
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') sb_putc(&sb, '\\');
        sb_putc(&sb, *s);
    }
    sb_putc(&sb, '%');
    return sb_take(&sb, NULL);
}
