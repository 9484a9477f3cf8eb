/*
 * sqlite_tokenizer.h — registers duikou's FTS5 tokenizer ("duikou": search/tokenize.h) on a
 * SQLite connection; db_sqlite.c calls it for every connection it opens.
 */
#ifndef DUIKOU_DB_SQLITE_TOKENIZER_H
#define DUIKOU_DB_SQLITE_TOKENIZER_H
#include <sqlite3.h>

/* Registers the tokenizer on h. Returns SQLITE_OK or an SQLite error code. */
int sqlite_tokenizer_register(sqlite3 *h);

#endif
