/*
 * rows.h — turns result rows into jansson values, named by their SQL column aliases. The read
 * side of simple records (pairings, units, regions, reports, problems) goes straight from a
 * query to the JSON the faces print, with no hand-written copy per field.
 */
#ifndef DUIKOU_ROWS_H
#define DUIKOU_ROWS_H
#include <jansson.h>
#include "db/db.h"

/* Steps s to the end and returns a new JSON array of objects (one per row, integers as
 * integers, NULL as null), or NULL with e filled. The caller owns the array; s is released. */
json_t *rows_to_json(db_stmt *s, dk_err *e);
/* Steps s once: a new object for the row, or NULL — with e filled as DK_ENOTFOUND (naming
 * what) when there is no row, or the database error. s is released. */
json_t *row_to_json(db_stmt *s, const char *what, dk_err *e);
/* The current row of s from column first on as a new object (columns named by their aliases). */
json_t *row_object_from(db_stmt *s, int first);

/* Reading the rows of a page of records: one statement per ROWS_CHUNK ids, always of the same
 * shape (so it is prepared once per connection), instead of one per record. */
#define ROWS_CHUNK 32
#define ROWS_MARKS8 "?, ?, ?, ?, ?, ?, ?, ?"
/* The IN list of a chunk statement: ROWS_CHUNK placeholders. */
#define ROWS_CHUNK_MARKS ROWS_MARKS8 ", " ROWS_MARKS8 ", " ROWS_MARKS8 ", " ROWS_MARKS8
/* Called for each row with the index in ids of the row's owner (its column 0). */
typedef void (*rows_owner_fn)(db_stmt *s, size_t i, void *arg);
/* Runs sql once per ROWS_CHUNK of ids[0..n) (distinct): parameters 1..ROWS_CHUNK take the
 * chunk's ids (0, no record's id, in the unused places), parameter ROWS_CHUNK + 1 the text
 * extra when it is not NULL. Each row whose column 0 is one of the chunk's ids goes to fn.
 * DK_OK, or the database's error in e. */
int rows_by_ids(db *d, const char *sql, const int64_t *ids, size_t n, const char *extra, rows_owner_fn fn, void *arg, dk_err *e);

#endif
