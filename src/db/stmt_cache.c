/* stmt_cache.c — open-addressed hash table of prepared statements keyed by SQL text. */
#include "db/stmt_cache.h"
#include "util/xmalloc.h"
#include <stdint.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void stmt_cache_init(struct stmt_cache *c)
{
    c->cap = 64;
    c->len = 0;
    c->slots = xcalloc(c->cap, sizeof *c->slots);
}

void *stmt_cache_find(const struct stmt_cache *c, const char *sql)
{
    for (size_t i = hash_str(sql) & (c->cap - 1); c->slots[i].sql; i = (i + 1) & (c->cap - 1))
        if (strcmp(c->slots[i].sql, sql) == 0) return c->slots[i].stmt;
    return NULL;
}

static void place(struct stmt_cache *c, char *sql, void *stmt)
{
    size_t i = hash_str(sql) & (c->cap - 1);
    while (c->slots[i].sql) i = (i + 1) & (c->cap - 1);
    c->slots[i].sql = sql;
    c->slots[i].stmt = stmt;
    c->len++;
}

void stmt_cache_add(struct stmt_cache *c, const char *sql, void *stmt)
{
    if ((c->len + 1) * 2 > c->cap) {
        struct stmt_cache_slot *old = c->slots;
        size_t old_cap = c->cap;
        c->cap *= 2;
        c->len = 0;
        c->slots = xcalloc(c->cap, sizeof *c->slots);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].sql) place(c, old[i].sql, old[i].stmt);
        free(old);
    }
    place(c, xstrdup(sql), stmt);
}

void stmt_cache_clear(struct stmt_cache *c, void (*free_stmt)(void *stmt))
{
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->slots[i].sql) continue;
        free_stmt(c->slots[i].stmt);
        free(c->slots[i].sql);
        c->slots[i].sql = NULL;
        c->slots[i].stmt = NULL;
    }
    c->len = 0;
}

void stmt_cache_free(struct stmt_cache *c)
{
    free(c->slots);
    c->slots = NULL;
    c->cap = c->len = 0;
}
