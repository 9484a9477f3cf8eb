/* sbuf.c — the growable, capped string builder (see sbuf.h). */
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <stdio.h>
#include <string.h>

void sb_init(sbuf *sb, size_t max)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->max = max ? max : SB_DEFAULT_MAX;
    sb->too_big = 0;
}

static int sb_reserve(sbuf *sb, size_t extra)
{
    if (sb->too_big) return -1;
    if (extra > sb->max - sb->len) {
        sb->too_big = 1;
        return -1;
    }
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap) return 0;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < need) cap *= 2;
    sb->data = xrealloc(sb->data, cap);
    sb->cap = cap;
    return 0;
}

void sb_append(sbuf *sb, const char *s, size_t n)
{
    if (n == 0 || sb_reserve(sb, n) != 0) return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_puts(sbuf *sb, const char *s)
{
    if (s) sb_append(sb, s, strlen(s));
}

void sb_putc(sbuf *sb, char c)
{
    sb_append(sb, &c, 1);
}

void sb_vprintf(sbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0 || sb_reserve(sb, (size_t)n) != 0) return;
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void sb_printf(sbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(sb, fmt, ap);
    va_end(ap);
}

const char *sb_str(const sbuf *sb)
{
    return sb->data ? sb->data : "";
}

int sb_failed(const sbuf *sb)
{
    return sb->too_big;
}

void sb_reset(sbuf *sb)
{
    sb->len = 0;
    sb->too_big = 0;
    if (sb->data) sb->data[0] = '\0';
}

char *sb_take(sbuf *sb, size_t *len_out)
{
    char *p = sb->data ? sb->data : xstrdup("");
    if (len_out) *len_out = sb->len;
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->too_big = 0;
    return p;
}

void sb_free(sbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}
