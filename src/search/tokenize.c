/*
 * tokenize.c — CJK bigrams plus unigrams, and words (see tokenize.h for why positions are laid
 * out as they are).
 */
#include "search/tokenize.h"
#include <utf8proc.h>

int search_char_class(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) return 2;
        return 0;
    }
    if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0x20000 && cp <= 0x3FFFF) || (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
        cp == 0x3007)
        return 1;
    if (cp > 0x10FFFF) return 0;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return 2;
    default: return 0;
    }
}

/* Emits the code points [a, b) of f as one token. */
static int emit(const struct search_folded *f, size_t a, size_t b, int colocated, search_token_fn fn, void *ctx)
{
    char buf[SEARCH_WORD_MAX * 4];
    int len = 0;
    for (size_t i = a; i < b; i++) len += search_utf8_put(f->cp[i], buf + len);
    struct search_token t = {buf, len, colocated, f->from[a], f->to[b - 1]};
    /* a folded code point can come from an earlier source byte than its predecessor's end only
     * when one source character folded into several; keep the range well ordered regardless */
    if (t.to < t.from) t.to = t.from;
    return fn(ctx, &t);
}

static int cjk_run(const struct search_folded *f, size_t a, size_t b, enum search_mode mode, search_token_fn fn, void *ctx)
{
    int rc;
    if (mode == SEARCH_DOCUMENT) {
        for (size_t i = a; i < b; i++) {
            if ((rc = emit(f, i, i + 1, 0, fn, ctx)) != 0) return rc;
            if (i + 1 < b && (rc = emit(f, i, i + 2, 1, fn, ctx)) != 0) return rc;
        }
        return 0;
    }
    for (size_t i = a; i + 1 < b; i++)
        if ((rc = emit(f, i, i + 2, 0, fn, ctx)) != 0) return rc;
    return emit(f, b - 1, b, 0, fn, ctx);
}

int search_tokenize_folded(const struct search_folded *f, enum search_mode mode, search_token_fn fn, void *ctx)
{
    size_t i = 0;
    while (i < f->n) {
        int cls = search_char_class(f->cp[i]);
        if (cls == 0) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < f->n && search_char_class(f->cp[j]) == cls && (cls == 1 || j - i < SEARCH_WORD_MAX)) j++;
        int rc = cls == 1 ? cjk_run(f, i, j, mode, fn, ctx) : emit(f, i, j, 0, fn, ctx);
        if (rc != 0) return rc;
        i = j;
    }
    return 0;
}

int search_tokenize(const char *text, size_t len, enum search_mode mode, search_token_fn fn, void *ctx, dk_err *e)
{
    struct search_folded f;
    int rc = search_fold(text, len, &f, e);
    if (rc != DK_OK) return rc;
    rc = search_tokenize_folded(&f, mode, fn, ctx);
    search_folded_free(&f);
    return rc;
}
