/*
 * tsvector.c — tsvector text from tokenize.h's document tokens. Positions are 1-based and
 * capped at 16383 (PostgreSQL's limit: it would clamp them itself).
 */
#include "search/tsvector.h"
#include "search/tokenize.h"
#include "util/sbuf.h"
#include <string.h>

struct tsv_ctx {
    sbuf *sb;
    int pos;      /* the current position (0 before the first token) */
    char weight;
};

static int add(void *p, const struct search_token *t)
{
    struct tsv_ctx *c = p;
    if (!t->colocated || c->pos == 0) c->pos++;
    int pos = c->pos > 16383 ? 16383 : c->pos;
    if (c->sb->len) sb_putc(c->sb, ' ');
    sb_putc(c->sb, '\'');
    for (int i = 0; i < t->len; i++) {
        if (t->text[i] == '\'' || t->text[i] == '\\') sb_putc(c->sb, t->text[i]);
        sb_putc(c->sb, t->text[i]);
    }
    sb_printf(c->sb, "':%d%c", pos, c->weight);
    return 0;
}

char *search_tsvector(const char *const fields[SEARCH_FIELDS], dk_err *e)
{
    static const char weights[SEARCH_FIELDS] = {'A', 'B', 'D'};
    sbuf sb;
    sb_init(&sb, 0);
    struct tsv_ctx c = {&sb, 0, 'A'};
    for (int i = 0; i < SEARCH_FIELDS; i++) {
        if (!fields[i]) continue;
        c.weight = weights[i];
        int rc = search_tokenize(fields[i], strlen(fields[i]), SEARCH_DOCUMENT, add, &c, e);
        if (rc < 0) {
            sb_free(&sb);
            return NULL;
        }
        c.pos += 2; /* the gap between fields */
    }
    return sb_take(&sb, NULL);
}
