/*
 * copy.h — moves a whole duikou database from one backend to another (a city's SQLite file
 * onto a PostgreSQL cluster, and back), verified by per-table row counts and checksums.
 */
#ifndef DUIKOU_COPY_H
#define DUIKOU_COPY_H
#include <stdint.h>
#include <stdio.h>
#include "db/db.h"

struct copy_table_result {
    const char *table;
    int64_t rows;
    uint64_t checksum_from, checksum_to;
};

/* Copies every table of from into to (which must be migrated to the same schema version and
 * hold no pairings), in one transaction on to; then checksums both sides table by table.
 * Prints one line per table to out (may be NULL). Returns DK_OK only when every count and
 * checksum matches; otherwise the copy is rolled back or reported as a mismatch. */
int store_copy(db *from, db *to, FILE *out, dk_err *e);
/* The checksum of a table: the sum of each row's FNV-1a hash over its column names and the
 * canonical text of their values (NULL as \N), so it does not depend on row order; *rows gets
 * the count. */
int store_table_checksum(db *d, const char *table, uint64_t *sum, int64_t *rows, dk_err *e);

#endif
