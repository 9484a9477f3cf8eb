/*
 * fold.h — what makes 沈陽 find 沈阳 and ＡＢＣ find abc: text is folded before it is indexed
 * and before it is searched, alike. Folding is NFKC plus Unicode case folding (utf8proc: full-width
 * letters and digits become half-width, capitals small), then Traditional → Simplified Chinese
 * (OpenCC's t2s). Every folded code point remembers the bytes of the original text it came from,
 * so matches can be highlighted in the text as stored.
 */
#ifndef DUIKOU_SEARCH_FOLD_H
#define DUIKOU_SEARCH_FOLD_H
#include <stddef.h>
#include <stdint.h>
#include "util/err.h"

/* Folded text as code points, each with the byte range [from, to) of the original it came from. */
struct search_folded {
    uint32_t *cp;     /* the folded code points */
    int32_t *from;    /* original byte offset where cp[i]'s source starts */
    int32_t *to;      /* original byte offset where it ends (exclusive) */
    size_t n;         /* number of code points */
};

/* Opens the OpenCC converter (once per process; later calls return at once). DK_EUNAVAIL with
 * a message naming the missing configuration when OpenCC's t2s data is not installed. The
 * configuration is $DUIKOU_OPENCC_CONFIG when set, else OpenCC's own "t2s.json". Thread-safe. */
int search_fold_init(dk_err *e);

/* Folds len bytes of text (invalid UTF-8 bytes become U+FFFD, one per byte) into *out.
 * Returns DK_OK, or DK_EUNAVAIL when the converter cannot be opened. Free with
 * search_folded_free. Thread-safe (conversions take turns on the one converter). */
int search_fold(const char *text, size_t len, struct search_folded *out, dk_err *e);
void search_folded_free(struct search_folded *f);

/* The folded text of s as UTF-8; NULL with e filled when folding is unavailable. Caller frees. */
char *search_fold_text(const char *s, dk_err *e);

/* Writes cp as UTF-8 into out (at least 4 bytes); returns the byte count. */
int search_utf8_put(uint32_t cp, char *out);
/* Decodes one code point from s (n bytes available, n > 0) into *cp; returns the bytes read,
 * or -1 for an invalid sequence (then *cp is U+FFFD and one byte should be skipped). */
int search_utf8_get(const unsigned char *s, size_t n, uint32_t *cp);

#endif
