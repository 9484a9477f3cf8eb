/*
 * tsvector.h — a record's tokens as PostgreSQL tsvector text ('token':position+weight …), so
 * PostgreSQL indexes exactly the tokens SQLite's FTS5 tokenizer gives (tokenize.h).
 */
#ifndef DUIKOU_SEARCH_TSVECTOR_H
#define DUIKOU_SEARCH_TSVECTOR_H
#include "util/err.h"

enum { SEARCH_FIELDS = 3 }; /* name (weight A), key facts (B), notes (D) */

/* The tsvector text of the record's fields (each may be NULL): field i's tokens get weight
 * "ABD"[i], positions continuing from one field to the next with a gap, so that a phrase never
 * spans two fields. NULL with e filled when folding is unavailable. Caller frees. */
char *search_tsvector(const char *const fields[SEARCH_FIELDS], dk_err *e);

#endif
