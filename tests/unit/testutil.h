/*
 * testutil.h — shared helpers for the cmocka unit tests: a fresh migrated database in a
 * temporary file, and cmocka's includes in the order it needs.
 */
#ifndef DUIKOU_TESTUTIL_H
#define DUIKOU_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db/db.h"

/* Opens a new, empty SQLite database in a temporary directory, migrated and with the
 * reference data (regions, industries, calendar) loaded. Close with test_db_close. */
db *test_db_open(void);
/* Closes the database and removes its files. */
void test_db_close(db *d);

#endif
