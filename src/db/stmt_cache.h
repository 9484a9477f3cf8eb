/*
 * stmt_cache.h — a connection's prepared statements, found by their SQL text. Both drivers
 * keep one per connection so a statement is prepared once and reused. Private to src/db/.
 */
#ifndef DUIKOU_STMT_CACHE_H
#define DUIKOU_STMT_CACHE_H
#include <stddef.h>

/* How many statements a connection keeps; past it, new ones are prepared for one use only (the
 * filter combinations of the list queries are many, the fixed statements few). */
#define STMT_CACHE_MAX 256

struct stmt_cache {
    struct stmt_cache_slot {
        char *sql;   /* the key, owned */
        void *stmt;  /* the driver's statement */
    } *slots;        /* open addressing, cap a power of two */
    size_t cap, len;
};

/* Starts an empty cache. */
void stmt_cache_init(struct stmt_cache *c);
/* The statement cached for sql, or NULL. */
void *stmt_cache_find(const struct stmt_cache *c, const char *sql);
/* Caches stmt under a copy of sql. */
void stmt_cache_add(struct stmt_cache *c, const char *sql, void *stmt);
/* Empties the cache, handing each statement to free_stmt. The cache stays usable. */
void stmt_cache_clear(struct stmt_cache *c, void (*free_stmt)(void *stmt));
/* Frees the cache itself (after stmt_cache_clear). */
void stmt_cache_free(struct stmt_cache *c);

#endif
