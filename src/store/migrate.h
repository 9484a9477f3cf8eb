/*
 * migrate.h — versioned schema migrations embedded in the binary (src/store/schema/NNN_*.sql),
 * applied in order, each in its own transaction, recorded in schema_migrations.
 */
#ifndef DUIKOU_MIGRATE_H
#define DUIKOU_MIGRATE_H
#include "db/db.h"

/* Applies every migration not yet applied. *applied (if not NULL) gets how many ran. When any
 * ran on a database that was already initialised, the search index is then rebuilt (a
 * migration may add what it indexes). Returns DK_OK or fills e (the failing migration is rolled
 * back whole). */
int store_migrate(db *d, int *applied, dk_err *e);
/* The schema version: the last of the unbroken run of applied migrations 1, 2, … (so a
 * database missing one below its highest still needs `duikou migrate`); 0 for a new
 * database, -1 on error. */
int store_schema_version(db *d);
/* The highest migration version this binary carries. */
int store_latest_version(void);

#endif
