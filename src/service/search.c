/* search.c — the search use case (see search.h). */
#include "service/search.h"
#include "store/search.h"
#include "store/search_kinds.h"
#include "util/sbuf.h"
#include <string.h>

/* Splits the comma-separated kinds into codes (pointing into kinds[] of the registry). */
static int parse_kinds(const char *text, const char **out, int max, int *n, dk_err *e)
{
    *n = 0;
    if (!text) return DK_OK;
    for (const char *p = text; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const struct search_kind *hit = NULL;
        for (const struct search_kind *k = search_kinds; k->kind; k++)
            if (strlen(k->kind) == len && strncmp(k->kind, p, len) == 0) hit = k;
        if (!hit) {
            sbuf known;
            sb_init(&known, 0);
            for (const struct search_kind *k = search_kinds; k->kind; k++) sb_printf(&known, "%s%s", k == search_kinds ? "" : ", ", k->kind);
            err_set(e, DK_EINVAL, "invalid_field", "kind", "未知的记录类型 \"%.*s\"，可选 %s (unknown kind; one of %s)",
                    (int)(len > 40 ? 40 : len), p, sb_str(&known), sb_str(&known));
            sb_free(&known);
            return DK_EINVAL;
        }
        int dup = 0;
        for (int i = 0; i < *n; i++) dup |= out[i] == hit->kind;
        if (!dup && *n < max) out[(*n)++] = hit->kind;
        p += len + (comma ? 1 : 0);
    }
    return DK_OK;
}

/* The record's API path from its kind's pattern ({id}, {pairing}). Caller frees. */
static char *record_path(const struct search_kind *k, int64_t id, const char *pairing)
{
    sbuf sb;
    sb_init(&sb, 0);
    for (const char *p = k->path; *p;) {
        if (strncmp(p, "{id}", 4) == 0) {
            sb_printf(&sb, "%lld", (long long)id);
            p += 4;
        } else if (strncmp(p, "{pairing}", 9) == 0) {
            sb_puts(&sb, pairing ? pairing : "");
            p += 9;
        } else sb_putc(&sb, *p++);
    }
    return sb_take(&sb, NULL);
}

/* The snippet of the field that holds the most of the query's terms (the name on a tie). */
static json_t *snippet_of(const struct search_hit *h, const struct search_query *q, const struct snippet_style *style)
{
    int best = -1, best_n = 0;
    for (int i = 0; i < 3; i++) {
        int n = search_match_count(h->field[i], q);
        if (n > best_n) {
            best = i;
            best_n = n;
        }
    }
    char *s = search_snippet(h->field[best < 0 ? 0 : best] ? h->field[best < 0 ? 0 : best] : h->title, q, style);
    json_t *v = json_string(s ? s : "");
    free(s);
    return v;
}

json_t *search_run(db *d, const struct actor *who, const struct search_params *p, const struct snippet_style *style,
                   dk_err *e)
{
    const char *kinds[16];
    int n_kinds = 0;
    if (parse_kinds(p->kinds && *p->kinds ? p->kinds : NULL, kinds, 16, &n_kinds, e) != DK_OK) return NULL;
    if (p->pairing) {
        int64_t id = 0;
        db_stmt *s = db_prepare(d, "SELECT id FROM pairings WHERE code = ?", e);
        if (!s) return NULL;
        db_bind_text(s, 1, p->pairing);
        if (db_step(s, e) == DB_ROW) id = db_col_int64(s, 0);
        db_done(s);
        if (!id || !actor_in_scope(who, id)) {
            err_set(e, DK_EINVAL, "invalid_field", "pairing", "没有编号为 %.40s 的结对关系 (no such pairing)", p->pairing);
            return NULL;
        }
    }
    struct search_query q;
    if (search_query_parse(p->q, &q, e) != DK_OK) {
        search_query_free(&q);
        return NULL;
    }
    struct search_filter f = {kinds, n_kinds, p->pairing, who->pairing_id, p->limit > 0 ? p->limit : SEARCH_LIMIT_DEFAULT};
    struct search_hit *hits;
    size_t n;
    if (store_search(d, &q, &f, &hits, &n, e) != DK_OK) {
        search_query_free(&q);
        return NULL;
    }
    json_t *groups = json_array(), *by_kind = json_object();
    for (size_t i = 0; i < n; i++) {
        const struct search_kind *k = search_kind_find(hits[i].kind);
        if (!k) continue; /* a kind registered by a newer binary */
        json_t *items = json_object_get(by_kind, k->kind);
        if (!items) {
            items = json_array();
            json_object_set_new(by_kind, k->kind, items);
            json_array_append_new(groups, json_pack("{s:s, s:s, s:O}", "kind", k->kind, "label", k->label, "items", items));
        }
        char *path = record_path(k, hits[i].id, hits[i].pairing);
        json_array_append_new(items, json_pack("{s:s, s:I, s:s, s:s?, s:o, s:s}", "kind", k->kind, "id", (json_int_t)hits[i].id,
                                               "title", hits[i].title ? hits[i].title : "", "pairing", hits[i].pairing,
                                               "snippet", snippet_of(&hits[i], &q, style), "path", path));
        free(path);
    }
    json_decref(by_kind);
    search_hits_free(hits, n);
    search_query_free(&q);
    return json_pack("{s:s, s:I, s:o}", "query", p->q ? p->q : "", "count", (json_int_t)n, "groups", groups);
}
