/*
 * query.c — the query parser: quotes, words, AND, prefix stars; then folding and tokens per term.
 */
#include "search/query.h"
#include "search/fold.h"
#include "search/tokenize.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <string.h>

static int is_space(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000; }
static int is_quote(uint32_t cp) { return cp == '"' || cp == 0xFF02 || cp == 0x201C || cp == 0x201D; }
static int is_star(uint32_t cp) { return cp == '*' || cp == 0xFF0A; }

static int add_token(void *ctx, const struct search_token *t)
{
    struct search_term *term = ctx;
    term->tokens = xrealloc(term->tokens, (size_t)(term->n + 1) * sizeof *term->tokens);
    term->tokens[term->n++] = xstrndup(t->text, (size_t)t->len);
    return 0;
}

/* Folds and tokenizes raw[0..len) as one term of q; a term without tokens is dropped. */
static int add_term(struct search_query *q, const char *raw, size_t len, int prefix, dk_err *e)
{
    struct search_folded f;
    int rc = search_fold(raw, len, &f, e);
    if (rc != DK_OK) return rc;
    struct search_term t = {NULL, 0, NULL, prefix};
    search_tokenize_folded(&f, SEARCH_QUERY, add_token, &t);
    if (t.n == 0) {
        search_folded_free(&f);
        return DK_OK;
    }
    if (q->n == SEARCH_QUERY_MAX_TERMS) {
        for (int i = 0; i < t.n; i++) free(t.tokens[i]);
        free(t.tokens);
        search_folded_free(&f);
        return err_set(e, DK_EINVAL, "too_many_terms", "q", "搜索词过多（最多 %d 个） (at most %d words)", SEARCH_QUERY_MAX_TERMS,
                       SEARCH_QUERY_MAX_TERMS);
    }
    sbuf sb;
    sb_init(&sb, 0);
    char u[4];
    int gap = 0; /* a separator since the last token character: one space, only between them */
    for (size_t i = 0; i < f.n; i++) {
        if (search_char_class(f.cp[i]) == 0) {
            gap = 1;
            continue;
        }
        if (gap && sb.len) sb_putc(&sb, ' ');
        gap = 0;
        sb_append(&sb, u, (size_t)search_utf8_put(f.cp[i], u));
    }
    search_folded_free(&f);
    t.text = sb_take(&sb, NULL);
    q->terms = xrealloc(q->terms, (size_t)(q->n + 1) * sizeof *q->terms);
    q->terms[q->n++] = t;
    return DK_OK;
}

/* An unquoted word: AND is the default connective; OR and NOT are not offered. */
static int word_operator(const char *w, size_t n)
{
    if (n == 3 && memcmp(w, "AND", 3) == 0) return 1;
    if ((n == 2 && memcmp(w, "OR", 2) == 0) || (n == 3 && memcmp(w, "NOT", 3) == 0)) return 2;
    return 0;
}

int search_query_parse(const char *input, struct search_query *q, dk_err *e)
{
    memset(q, 0, sizeof *q);
    if (!input) input = "";
    size_t len = strlen(input), chars = 0;
    const unsigned char *s = (const unsigned char *)input;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = search_utf8_get(s + i, len - i, &cp);
        if (k < 0)
            return err_set(e, DK_EINVAL, "invalid_utf8", "q", "搜索内容第 %zu 字节不是有效的 UTF-8 (invalid UTF-8 at byte %zu)", i, i);
        i += (size_t)k;
        chars++;
    }
    if (chars > SEARCH_QUERY_MAX_CHARS)
        return err_set(e, DK_EINVAL, "too_long", "q", "搜索内容过长：%zu 个字符，最多 %d 个 (query is %zu characters; at most %d)", chars,
                       SEARCH_QUERY_MAX_CHARS, chars, SEARCH_QUERY_MAX_CHARS);
    int ops = 0, unsupported = 0, seen = 0, rc;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int k = search_utf8_get(s + i, len - i, &cp);
        if (is_space(cp)) {
            i += (size_t)k;
            continue;
        }
        seen = 1;
        if (is_quote(cp)) {
            size_t open = i, start = i + (size_t)k, j = start;
            int closed = 0;
            while (j < len) {
                uint32_t c2;
                int k2 = search_utf8_get(s + j, len - j, &c2);
                if (is_quote(c2)) {
                    closed = 1;
                    break;
                }
                j += (size_t)k2;
            }
            if (!closed)
                return err_set(e, DK_EINVAL, "unbalanced_quote", "q",
                               "第 %zu 字节处的引号没有配对的结束引号 (the quote at byte %zu is never closed)", open, open);
            size_t end = j;
            uint32_t qc;
            j += (size_t)search_utf8_get(s + j, len - j, &qc);
            int prefix = 0;
            if (j < len) {
                uint32_t c3;
                int k3 = search_utf8_get(s + j, len - j, &c3);
                if (is_star(c3)) {
                    prefix = 1;
                    j += (size_t)k3;
                }
            }
            if ((rc = add_term(q, input + start, end - start, prefix, e)) != DK_OK) return rc;
            i = j;
            continue;
        }
        size_t start = i, j = i;
        while (j < len) {
            uint32_t c2;
            int k2 = search_utf8_get(s + j, len - j, &c2);
            if (is_space(c2) || is_quote(c2)) break;
            j += (size_t)k2;
        }
        size_t end = j;
        int prefix = 0;
        while (end > start && (s[end - 1] == '*' || (end - start >= 3 && memcmp(s + end - 3, "\xEF\xBC\x8A", 3) == 0))) {
            prefix = 1;
            end -= s[end - 1] == '*' ? 1 : 3;
        }
        int op = word_operator(input + start, end - start);
        if (op == 1) ops++;
        else if (op == 2) unsupported++;
        else if ((rc = add_term(q, input + start, end - start, prefix, e)) != DK_OK) return rc;
        i = j;
    }
    if (q->n == 0) {
        if (!seen)
            return err_set(e, DK_EINVAL, "missing_field", "q", "请输入搜索内容 (q is required)");
        return err_set(e, DK_EINVAL, "no_terms", "q",
                       "搜索内容只有运算符或标点，没有可搜索的文字 (the query holds operators or punctuation only)");
    }
    if (unsupported)
        return err_set(e, DK_EINVAL, "unsupported_operator", "q",
                       "不支持 OR、NOT：空格分隔的词须全部匹配 (OR and NOT are not supported; all words must match)");
    return DK_OK;
}

void search_query_free(struct search_query *q)
{
    for (int i = 0; i < q->n; i++) {
        for (int j = 0; j < q->terms[i].n; j++) free(q->terms[i].tokens[j]);
        free(q->terms[i].tokens);
        free(q->terms[i].text);
    }
    free(q->terms);
    memset(q, 0, sizeof *q);
}

char *search_query_fts5(const struct search_query *q)
{
    sbuf sb;
    sb_init(&sb, 0);
    for (int i = 0; i < q->n; i++) {
        if (i) sb_puts(&sb, " AND ");
        /* the text holds word and CJK characters and spaces only: no quote to escape */
        sb_printf(&sb, "\"%s\"%s", q->terms[i].text, q->terms[i].prefix ? " *" : "");
    }
    return sb_take(&sb, NULL);
}

/* Appends a tsquery lexeme, quoted. */
static void lexeme(sbuf *sb, const char *tok)
{
    sb_putc(sb, '\'');
    for (const char *p = tok; *p; p++) {
        if (*p == '\'' || *p == '\\') sb_putc(sb, *p);
        sb_putc(sb, *p);
    }
    sb_putc(sb, '\'');
}

char *search_query_tsquery(const struct search_query *q)
{
    sbuf sb;
    sb_init(&sb, 0);
    for (int i = 0; i < q->n; i++) {
        const struct search_term *t = &q->terms[i];
        sb_puts(&sb, i ? " & (" : "(");
        for (int j = 0; j < t->n; j++) {
            if (j) sb_puts(&sb, " <-> ");
            lexeme(&sb, t->tokens[j]);
        }
        if (t->prefix) sb_puts(&sb, ":*");
        sb_putc(&sb, ')');
    }
    return sb_take(&sb, NULL);
}
