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

#endif
