/*
 * snippet.c — finds the query's phrases among a text's document tokens and marks their bytes.
 */
#include "search/snippet.h"
#include "search/tokenize.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <stdlib.h>
#include <string.h>

/* The document tokens of a text with their positions. */
struct doc_tok {
    char *text;
    int pos, from, to;
};
struct doc {
    struct doc_tok *t;
    int n, cap, pos;
};

static int collect(void *p, const struct search_token *t)
{
    struct doc *d = p;
    if (!t->colocated) d->pos++;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->t = xrealloc(d->t, (size_t)d->cap * sizeof *d->t);
    }
    d->t[d->n++] = (struct doc_tok){xstrndup(t->text, (size_t)t->len), d->pos, t->from, t->to};
    return 0;
}

static void doc_free(struct doc *d)
{
    for (int i = 0; i < d->n; i++) free(d->t[i].text);
    free(d->t);
}

/* A byte range of the original text to mark. */
struct range {
    int from, to;
};

static int token_matches(const char *doc_tok, const char *want, int prefix)
{
    return prefix ? strncmp(doc_tok, want, strlen(want)) == 0 : strcmp(doc_tok, want) == 0;
}

/* The index of a token at position pos matching want (prefix allowed), from index start; -1. */
static int find_at(const struct doc *d, int start, int pos, const char *want, int prefix)
{
    for (int i = start; i < d->n && d->t[i].pos <= pos; i++)
        if (d->t[i].pos == pos && token_matches(d->t[i].text, want, prefix)) return i;
    return -1;
}

/* Marks every occurrence of term t in d; returns how many. */
static int match_term(const struct doc *d, const struct search_term *t, struct range **r, int *nr, int *cap)
{
    int found = 0;
    for (int i = 0; i < d->n; i++) {
        if (!token_matches(d->t[i].text, t->tokens[0], t->prefix && t->n == 1)) continue;
        int last = i, ok = 1, k = i;
        for (int j = 1; j < t->n && ok; j++) {
            /* tokens are in position order: the next position starts after k */
            int next = k;
            while (next < d->n && d->t[next].pos <= d->t[i].pos + j - 1) next++;
            k = find_at(d, next, d->t[i].pos + j, t->tokens[j], t->prefix && j == t->n - 1);
            if (k < 0) ok = 0;
            else last = k;
        }
        if (!ok) continue;
        found++;
        if (r) {
            if (*nr == *cap) {
                *cap = *cap ? *cap * 2 : 8;
                *r = xrealloc(*r, (size_t)*cap * sizeof **r);
            }
            int to = d->t[last].to > d->t[i].to ? d->t[last].to : d->t[i].to;
            (*r)[(*nr)++] = (struct range){d->t[i].from, to};
        }
    }
    return found;
}

static int tokenize_doc(const char *text, struct doc *d)
{
    memset(d, 0, sizeof *d);
    return search_tokenize(text, strlen(text), SEARCH_DOCUMENT, collect, d, NULL);
}

int search_match_count(const char *text, const struct search_query *q)
{
    if (!text) return 0;
    struct doc d;
    int n = 0;
    if (tokenize_doc(text, &d) == DK_OK)
        for (int i = 0; i < q->n; i++) n += match_term(&d, &q->terms[i], NULL, NULL, NULL) > 0;
    doc_free(&d);
    return n;
}

static int by_start(const void *a, const void *b)
{
    const struct range *x = a, *y = b;
    return x->from != y->from ? (x->from < y->from ? -1 : 1) : (x->to > y->to ? -1 : x->to < y->to);
}

static void put_text(sbuf *sb, const char *s, int n, int html)
{
    for (int i = 0; i < n; i++) {
        char c = s[i];
        if (html && c == '&') sb_puts(sb, "&amp;");
        else if (html && c == '<') sb_puts(sb, "&lt;");
        else if (html && c == '>') sb_puts(sb, "&gt;");
        else if (html && c == '"') sb_puts(sb, "&quot;");
        else sb_putc(sb, c);
    }
}

/* The byte offset width code points before (dir < 0) or after (dir > 0) offset at, on a boundary. */
static int step_chars(const char *s, int len, int at, int count, int dir)
{
    while (count-- > 0) {
        if (dir < 0) {
            if (at <= 0) return 0;
            at--;
            while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80) at--;
        } else {
            if (at >= len) return len;
            at++;
            while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80) at++;
        }
    }
    return at;
}

char *search_snippet(const char *text, const struct search_query *q, const struct snippet_style *st)
{
    if (!text) return NULL;
    int len = (int)strlen(text);
    struct doc d;
    struct range *r = NULL;
    int nr = 0, cap = 0;
    if (tokenize_doc(text, &d) == DK_OK)
        for (int i = 0; i < q->n; i++) match_term(&d, &q->terms[i], &r, &nr, &cap);
    doc_free(&d);
    if (nr > 1) qsort(r, (size_t)nr, sizeof *r, by_start);
    int first = nr ? r[0].from : 0;
    int start = step_chars(text, len, first, st->width / 4, -1);
    int end = step_chars(text, len, start, st->width, 1);
    if (end == len) start = step_chars(text, len, len, st->width, -1); /* fill the window from the end */
    if (start > first) start = first;
    sbuf sb;
    sb_init(&sb, 0);
    if (start > 0) sb_puts(&sb, "…");
    int at = start;
    for (int i = 0; i < nr && at < end; i++) {
        if (r[i].to <= at) continue; /* inside a mark already written */
        int from = r[i].from < at ? at : r[i].from;
        if (from >= end) break;
        put_text(&sb, text + at, from - at, st->html);
        sb_puts(&sb, st->open);
        int to = r[i].to;
        /* overlapping matches join into one mark */
        while (i + 1 < nr && r[i + 1].from <= to) {
            if (r[i + 1].to > to) to = r[i + 1].to;
            i++;
        }
        put_text(&sb, text + from, to - from, st->html);
        sb_puts(&sb, st->close);
        at = to;
    }
    if (at < end) put_text(&sb, text + at, end - at, st->html);
    if (at > end) end = at;
    if (end < len) sb_puts(&sb, "…");
    free(r);
    return sb_take(&sb, NULL);
}
