/*
 * search_index.h — keeps the search index (search_docs, 006_search.sql) in step with the
 * records: the store functions that write an indexed record call search_index_put inside their
 * transaction, so the index never lags a committed change.
 */
#ifndef DUIKOU_STORE_SEARCH_INDEX_H
#define DUIKOU_STORE_SEARCH_INDEX_H
#include <stdint.h>
#include "db/db.h"

/* (Re)indexes record id of kind (a code from search_kinds.c) as it is now in the open
 * transaction; removes it from the index when the record is gone. DK_OK or e filled. */
int search_index_put(db *d, const char *kind, int64_t id, dk_err *e);
/* Removes record id of kind from the index. */
int search_index_drop(db *d, const char *kind, int64_t id, dk_err *e);
/* Empties the index and indexes every record of every kind, in one transaction (a savepoint
 * when one is open). *count (may be NULL) gets the number of records indexed. */
int search_index_rebuild(db *d, int64_t *count, dk_err *e);

/* 1 for the tables the index consists of (derived: rebuilt, never copied). */
int search_index_table(const char *name);

#endif
