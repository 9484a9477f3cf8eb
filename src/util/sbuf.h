/*
 * sbuf.h — the one string builder for all output (JSON, CSV, SQL text, messages).
 *
 * A builder grows on the heap up to a size cap; going over the cap sets a sticky error that is
 * checked once at the end (sb_failed) instead of after every append. Out of memory aborts.
 * The buffer is always NUL-terminated. sb_take hands the buffer to the caller (who frees it).
 */
#ifndef DUIKOU_SBUF_H
#define DUIKOU_SBUF_H
#include <stdarg.h>
#include <stddef.h>

#define SB_DEFAULT_MAX ((size_t)256 << 20) /* 256 MiB */

typedef struct sbuf {
    char *data;   /* heap buffer or NULL while empty */
    size_t len;   /* bytes used, not counting the NUL */
    size_t cap;   /* bytes allocated */
    size_t max;   /* cap on len; appends beyond it set too_big */
    int too_big;  /* sticky: an append was refused for the cap */
} sbuf;

/* Starts an empty builder; max 0 means SB_DEFAULT_MAX. Nothing is allocated yet. */
void sb_init(sbuf *sb, size_t max);
/* Appends n bytes. */
void sb_append(sbuf *sb, const char *s, size_t n);
/* Appends a NUL-terminated string (NULL appends nothing). */
void sb_puts(sbuf *sb, const char *s);
/* Appends one byte. */
void sb_putc(sbuf *sb, char c);
/* Appends formatted text. */
void sb_printf(sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(sbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The text so far, never NULL; valid until the next append or free. */
const char *sb_str(const sbuf *sb);
/* Non-zero when an append was refused for the size cap. */
int sb_failed(const sbuf *sb);
/* Empties the builder but keeps its buffer. */
void sb_reset(sbuf *sb);
/* Hands the buffer over (caller frees with free()); the builder is left empty. Never NULL. */
char *sb_take(sbuf *sb, size_t *len_out);
/* Frees the buffer. */
void sb_free(sbuf *sb);

#endif
