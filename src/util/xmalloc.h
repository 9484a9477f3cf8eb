/*
 * xmalloc.h — allocation that never returns NULL: out of memory is not an error duikou can
 * handle usefully, so it aborts with a message (the error policy in docs/ARCHITECTURE.md).
 */
#ifndef DUIKOU_XMALLOC_H
#define DUIKOU_XMALLOC_H
#include <stddef.h>
#include <stdlib.h>

/* Like malloc/calloc/realloc/strdup, but abort on failure. Caller frees with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
