/*
 * testutil.h — shared helpers for the cmocka unit tests: a fresh migrated database in a
 * temporary file, temporary files and their removal, and cmocka's includes in the order it
 * needs.
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
/* Creates an empty file named stem-XXXXXX in DUIKOU_TEST_TMP (default /tmp); its path into path
 * (n bytes). */
void test_tmp_file(char *path, size_t n, const char *stem);
/* Removes a SQLite database file and its -wal and -shm files. */
void test_sqlite_remove(const char *path);

#endif
